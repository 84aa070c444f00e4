"""The permissions framework.

Each app names its permissions in an enum in its own `permissions.py` and registers a `rules`
predicate for each. Views declare the permission they need with `@permission_required(Perm.X)` (or
`require(user, Perm.X, obj)` once the object is fetched). Querysets of anything that identifies a child
go through `.visible_to(user)` (`VisibleToQuerySet`). The authorisation matrix test walks every URL
and every role.
"""

from __future__ import annotations

from enum import StrEnum
from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models

from .roles import OrgRole

# --- predicates shared by every app ------------------------------------------------------------


def has_org_role(*roles: str):
    names = "_or_".join(r.replace("-", "_") for r in roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.org_role in roles)

    return predicate


is_signed_in = rules.is_active
is_system_administrator = has_org_role(OrgRole.SYSTEM_ADMINISTRATOR)
is_quality_lead = has_org_role(OrgRole.QUALITY_LEAD)


class CorePerm(StrEnum):
    VIEW_AUDIT_LOG = "core.view_audit_log"


rules.add_perm(CorePerm.VIEW_AUDIT_LOG, is_system_administrator | is_quality_lead)


# --- helpers for views -------------------------------------------------------------------------


def require(user, perm: str, obj=None, message: str | None = None) -> None:
    """Raise PermissionDenied (a 403 page in plain English) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(message or "You do not have permission to do this.")


def permission_required(perm: str):
    """Declare the permission a view needs. Signed-out people go to sign in; others without it get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, perm)
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


def permission_checked_in_view(perm: str):
    """Declare the permission a view checks itself, on the record it fetches.

    Signed-out people go to sign in. The view fetches what the page is about through reach (404 out of
    reach), then checks `perm` on it with `require` (403).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapped.required_permission = perm
        return wrapped

    return decorator


def public(view):
    """Mark a view as open to everyone, signed in or not (the matrix test checks the mark)."""
    view.is_public = True
    return view


def signed_in(view):
    """Declare that a view needs only a signed-in, active person (no further permission)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.required_permission = "signed-in"
    return wrapped


# --- reach of child-identifiable data ----------------------------------------------------------


class VisibleToQuerySet(models.QuerySet):
    """Base for querysets of records that identify a child.

    A subclass sets `unit_lookup` to the path from the record to the unit that holds it (for a child,
    the unit of their current allocation). People see records of units they belong to or manage;
    authority-wide practice roles (director, principal social worker, quality lead, performance analyst)
    see all. System administrators see none by virtue of their role (design.md §6). Restricted records
    are excluded by `exclude_restricted_for`, which subclasses override when they have restrictions.
    """

    unit_lookup: str = "unit"

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.has_authority_wide_case_access:
            return self.exclude_restricted_for(user)
        return self.filter(**{f"{self.unit_lookup}__in": user.reach_unit_ids}).exclude_restricted_for(user)

    def exclude_restricted_for(self, user):
        return self
