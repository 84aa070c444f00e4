"""Who may use which endpoint: the same named permissions as the pages.

Which children an answer holds is always `Child.objects.visible_to(user)`, and one child comes only
through `get_child_or_deny` (404 outside reach, 403 for a restricted record). Signed-out callers get a
403 in JSON (session authentication sends no challenge), never a redirect.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from hearth.cases.permissions import Perm as CasePerm


class HasPerm(BasePermission):
    """The signed-in person has a named permission (a `rules` predicate), as `@permission_required`."""

    perm: str = ""
    message = "You do not have permission to do this."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


class MayFindChildren(HasPerm):
    """Members of a unit, its line managers and authority-wide practice roles."""

    perm = CasePerm.FIND_CHILDREN
    message = "Only people who work with children's records can use this."


class MayRecordNotes(HasPerm):
    perm = CasePerm.RECORD_NOTE
    message = "Only members of a unit and its managers can record notes."
