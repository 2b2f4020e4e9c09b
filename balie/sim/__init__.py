"""A simulated office: a discrete-event model of an opening day on the real store."""
