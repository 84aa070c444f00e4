"""Where each return's module lives. A module that does not import yet is "not available"."""

from __future__ import annotations

import importlib
from types import ModuleType

from .models import ReturnName

RETURNS: dict[str, str] = {
    ReturnName.CIN: "hearth.returns.cin",
    ReturnName.SSDA903: "hearth.returns.ssda903",
    ReturnName.WORKFORCE: "hearth.returns.workforce_census",
}


def module_for(return_name: str) -> ModuleType | None:
    path = RETURNS.get(return_name)
    if path is None:
        return None
    try:
        module = importlib.import_module(path)
    except ImportError as error:
        if error.name and path.startswith(error.name):
            return None
        raise
    if not hasattr(module, "build"):
        return None
    return module


def available() -> list[tuple[str, str]]:
    """(value, label) of the returns that can be run now."""
    return [(value, label) for value, label in ReturnName.choices if module_for(value) is not None]


def subject_kind(return_name: str) -> str:
    module = module_for(return_name)
    return getattr(module, "SUBJECT", "child") if module else "child"
