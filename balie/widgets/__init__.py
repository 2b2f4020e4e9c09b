"""Reusable widgets for the balie screens."""
