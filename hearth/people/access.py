"""The one way a view gets a child: in reach and visible, or 404, or 403 with the way to break glass.

Every call writes the audit row for the view (design.md §4.5, §6).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from .selectors import child_for_page
from .services import record_child_viewed


class BreakGlassRequired(PermissionDenied):
    """The child's record is restricted; this person may open it by giving a reason."""

    def __init__(self, child_id: int):
        super().__init__("This record is restricted. Only the people named on it can see it.")
        self.break_glass_url = reverse("people:break-glass", args=[child_id])


def get_child_or_deny(request, child_id: int, *, what: str = "record", audit: bool = True):
    child, needs_glass = child_for_page(request.user, child_id)
    if child is None:
        raise Http404("No child found")
    if needs_glass:
        raise BreakGlassRequired(child.pk)
    if audit:
        record_child_viewed(by=request.user, child=child, request=request, what=what)
    return child
