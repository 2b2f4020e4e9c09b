"""balie: the front office of a Dutch town hall, in the terminal."""

__version__ = "0.1.0"
