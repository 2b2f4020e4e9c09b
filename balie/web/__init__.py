"""balie in a browser: sign-in, guarded screens, and the hall display (``balie serve``)."""
