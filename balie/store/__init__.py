"""The only package that speaks SQL."""

from balie.store.office import Store

__all__ = ["Store"]
