"""Reads of the workforce app, one module per page family (see each module's docstring)."""

from .pulse import pulse_work_items

__all__ = ["pulse_work_items"]
