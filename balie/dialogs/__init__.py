"""Modal dialogs the screens ask questions with."""
