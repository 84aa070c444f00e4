"""Validation rules of every return, registered in `hearth.returns.base.RULES` when imported.

`cin` is this app's; `ssda903` and `workforce` are built beside it and imported when present.
"""

import importlib

from ..base import RULES

for _name in ("cin", "ssda903", "workforce"):
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ImportError as error:  # a return still being built: its rules are simply absent
        if error.name != f"{__name__}.{_name}":
            raise


def rules_for(return_name: str) -> list:
    """The rule classes of one return, by code."""
    return sorted((rule for (name, _), rule in RULES.items() if name == return_name), key=lambda r: r.code)
