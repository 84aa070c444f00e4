"""Every indicator, registered by its module when the app is ready."""

from __future__ import annotations

from .base import SCOPE_AUTHORITY, SCOPE_UNIT, Indicator

INDICATORS: dict[str, Indicator] = {}


def register(cls: type[Indicator]) -> type[Indicator]:
    indicator = cls()
    if not indicator.key or indicator.key in INDICATORS:
        raise ValueError(f"indicator key missing or used twice: {indicator.key!r}")
    from ..characteristics import BY_KEY

    if indicator.characteristic not in BY_KEY:
        raise ValueError(f"{indicator.key}: unknown characteristic {indicator.characteristic!r}")
    INDICATORS[indicator.key] = indicator
    return cls


def all_indicators() -> list[Indicator]:
    return list(INDICATORS.values())


def unit_indicators() -> list[Indicator]:
    return [i for i in INDICATORS.values() if i.scope == SCOPE_UNIT]


def authority_indicators() -> list[Indicator]:
    return [i for i in INDICATORS.values() if i.scope == SCOPE_AUTHORITY]


def of_characteristic(key: str) -> list[Indicator]:
    return [i for i in INDICATORS.values() if i.characteristic == key]


def get(key: str) -> Indicator | None:
    return INDICATORS.get(key)
