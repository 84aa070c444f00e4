"""Checks shared by the framework and co-design services."""

from __future__ import annotations

from ..models import (
    TransitionError,
)

ONLY_OWNERS = "Only the principal social worker or a quality lead can change the practice framework."
ONLY_FACILITATORS = "Only the principal social worker or a quality lead can run a co-design round."


def _require(by, perm, message):
    if not by.has_perm(perm):
        raise TransitionError(message)


def _required_text(errors: dict, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = message
    return value
