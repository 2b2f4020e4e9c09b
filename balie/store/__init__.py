"""The only package that speaks SQL."""

from balie.store.database import Store

__all__ = ["Store"]
