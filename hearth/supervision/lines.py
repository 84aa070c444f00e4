"""Line management as supervision sees it: who line-manages whom (no query runs here).

Models (their `visible_to`) and selectors both need it, so it sits below both of them.
"""

from __future__ import annotations

from django.db.models import Q

from hearth.organisation.models import Membership, ServiceArea, Unit


def report_subqueries(user):
    """The people `user` line-manages, as three subqueries (no query runs here).

    A unit member's line manager is the unit's team manager; a team manager's is the service manager of
    the area of the units they manage; a service manager's is the head of service.
    """
    members = Membership.objects.current().filter(unit__manager=user, unit__is_active=True).exclude(user=user)
    team_managers = (
        Unit.objects.active()
        .filter(service_area__service_manager=user)
        .exclude(manager=user)
        .exclude(manager=None)
    )
    service_managers = (
        ServiceArea.objects.filter(head_of_service=user)
        .exclude(service_manager=user)
        .exclude(service_manager=None)
    )
    return (
        members.values("user_id"),
        team_managers.values("manager_id"),
        service_managers.values("service_manager_id"),
    )


def line_reports_q(user, field: str) -> Q | None:
    """A condition that `field` (a person) is line-managed by `user`; None when they manage no unit."""
    if not user.managed_unit_ids:
        return None
    members, team_managers, service_managers = report_subqueries(user)
    return (
        Q(**{f"{field}__in": members})
        | Q(**{f"{field}__in": team_managers})
        | Q(**{f"{field}__in": service_managers})
    )
