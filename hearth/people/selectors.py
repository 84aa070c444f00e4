"""Reads about children."""

from __future__ import annotations

from django.utils import timezone

from .models import BreakGlass, Child, RestrictedAccess


def has_restricted_access(user, child: Child) -> bool:
    """Named on the record, or broke glass on it within the last few hours."""
    if RestrictedAccess.objects.filter(child=child, user=user).exists():
        return True
    return BreakGlass.objects.filter(child=child, user=user, expires_at__gt=timezone.now()).exists()


def child_for_page(user, child_id: int) -> tuple[Child | None, bool]:
    """The child if this person may see them, and whether they may break glass to see them.

    Returns (child, False) when visible; (child, True) when restricted but glass can be broken
    (answer 403 with the way in); (None, False) when out of reach (answer 404).
    """
    child = (
        Child.objects.visible_to(user)
        .select_related("allocated_unit", "lead_worker")
        .filter(pk=child_id)
        .first()
    )
    if child is not None:
        return child, False
    restricted = Child.objects.in_reach_of(user).exclude(restriction="").filter(pk=child_id).first()
    if restricted is not None and user.has_perm("people.break_glass", restricted):
        return restricted, True
    return None, False
