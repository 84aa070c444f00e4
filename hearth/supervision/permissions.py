"""Named permissions for supervision, practice observations and mentoring.

Who sees a supervision record: the supervisee, the supervisor and the supervisee's line manager (the
team manager of their unit; for a team manager, the service manager; for a service manager, the head
of service). The line manager sees everything but the private reflective part, which only the
supervisor and the supervisee ever read. Practice observations: the observer, the observed worker and
their line manager. Mentoring: the mentor and the mentee. System administrators, workforce leads,
directors, quality leads and performance analysts have no part in supervision: they see none of it.

Called without an object (`@permission_required`), a rule answers whether the person's role could ever
allow it; the view then fetches the record through a scoped queryset (404 outside it) and checks the
object with `require(user, Perm.X, obj)`.
"""

from __future__ import annotations

from enum import StrEnum

import rules

from hearth.core.roles import MANAGING_ROLES, OrgRole, UnitRole


class Perm(StrEnum):
    VIEW_SUPERVISION = "supervision.view_supervision"
    VIEW_AGREEMENT = "supervision.view_agreement"
    ARRANGE_SUPERVISION = "supervision.arrange_supervision"
    RECORD_SUPERVISION = "supervision.record_supervision"
    VIEW_SESSION = "supervision.view_session"
    ADD_CASE_DISCUSSION = "supervision.add_case_discussion"
    WRITE_REFLECTIONS = "supervision.write_reflections"
    VIEW_PRIVATE_REFLECTION = "supervision.view_private_reflection"
    VIEW_OBSERVATIONS = "supervision.view_observations"
    RECORD_OBSERVATION = "supervision.record_observation"
    VIEW_OBSERVATION = "supervision.view_observation"
    RESPOND_TO_OBSERVATION = "supervision.respond_to_observation"
    VIEW_MENTORING = "supervision.view_mentoring"
    START_MENTORING = "supervision.start_mentoring"
    WRITE_MENTORING_NOTE = "supervision.write_mentoring_note"


#: Organisation roles that take part in supervision (as supervisor, supervisee or line manager).
SUPERVISING_ORG_ROLES = {*MANAGING_ROLES, OrgRole.PRINCIPAL_SOCIAL_WORKER}
#: Seniors who observe practice: consultants (by their unit role), team managers and the PSW.
OBSERVER_ORG_ROLES = {OrgRole.TEAM_MANAGER, OrgRole.PRINCIPAL_SOCIAL_WORKER}
#: Seniors who mentor: consultants, managers and the principal social worker.
MENTOR_ORG_ROLES = SUPERVISING_ORG_ROLES


def is_consultant(user, unit_id=None) -> bool:
    roles = user.unit_roles
    if unit_id is not None:
        return roles.get(unit_id) == UnitRole.CONSULTANT_SOCIAL_WORKER
    return UnitRole.CONSULTANT_SOCIAL_WORKER in roles.values()


def _line_manages(user, person_id) -> bool:
    from .selectors import line_report_ids

    return person_id in line_report_ids(user)


@rules.predicate
def takes_part_in_supervision(user) -> bool:
    """Members of units and the managers and principal social worker (no query beyond the user's units)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.org_role and user.org_role not in SUPERVISING_ORG_ROLES:
        return False  # administrators, directors, quality, workforce and performance leads
    return bool(user.unit_ids) or user.org_role in SUPERVISING_ORG_ROLES


# --- agreements ---


@rules.predicate
def is_party_to_agreement(user, agreement) -> bool:
    if agreement is None:
        return True
    return user.pk in (agreement.supervisor_id, agreement.supervisee_id) or _line_manages(
        user, agreement.supervisee_id
    )


@rules.predicate
def may_arrange(user, supervisee) -> bool:
    """Line managers and consultant social workers make agreements: a manager (team manager, service
    manager, head of service) for the people they line-manage (so a team manager's own supervision is
    arranged by their service manager), a consultant for the other members of the unit they lead."""
    if supervisee is not None and hasattr(supervisee, "supervisee_id"):  # an agreement
        supervisee = supervisee.supervisee
    if supervisee is None:
        return user.org_role in MANAGING_ROLES or is_consultant(user)
    if supervisee.pk == user.pk:
        return False
    if user.org_role in MANAGING_ROLES and _line_manages(user, supervisee.pk):
        return True
    from .selectors import current_unit_ids

    return any(is_consultant(user, unit_id) for unit_id in current_unit_ids(supervisee))


rules.add_perm(Perm.VIEW_SUPERVISION, takes_part_in_supervision)
rules.add_perm(Perm.VIEW_AGREEMENT, takes_part_in_supervision & is_party_to_agreement)
rules.add_perm(Perm.ARRANGE_SUPERVISION, takes_part_in_supervision & may_arrange)


# --- supervision records ---


@rules.predicate
def is_supervisor_of(user, obj) -> bool:
    """The supervisor of the agreement (to record a session under it) or of the session."""
    if obj is None:
        return True
    if hasattr(obj, "ended_on") and obj.ended_on is not None:
        from django.utils import timezone

        if obj.ended_on <= timezone.localdate():
            return False
    return obj.supervisor_id == user.pk


def _attendee_ids(session) -> set[int]:
    cached = getattr(session, "_attendee_ids", None)
    if cached is None:
        cached = session._attendee_ids = set(session.attendances.values_list("supervisee_id", flat=True))
    return cached


@rules.predicate
def is_in_session(user, session) -> bool:
    if session is None:
        return True
    return user.pk == session.supervisor_id or user.pk in _attendee_ids(session)


@rules.predicate
def is_supervisee_in_session(user, session) -> bool:
    if session is None:
        return True
    return user.pk in _attendee_ids(session)


@rules.predicate
def may_see_session(user, session) -> bool:
    if session is None:
        return True
    if user.pk == session.supervisor_id or user.pk in _attendee_ids(session):
        return True
    from .selectors import line_report_ids

    return bool(_attendee_ids(session) & line_report_ids(user))


@rules.predicate
def may_read_private(user, reflection) -> bool:
    """Only the supervisor and the supervisee: never the line manager, never anyone else."""
    if reflection is None:
        return True
    return user.pk in (reflection.supervisee_id, reflection.session.supervisor_id)


rules.add_perm(Perm.RECORD_SUPERVISION, takes_part_in_supervision & is_supervisor_of)
rules.add_perm(Perm.VIEW_SESSION, takes_part_in_supervision & may_see_session)
rules.add_perm(Perm.ADD_CASE_DISCUSSION, takes_part_in_supervision & is_in_session)
rules.add_perm(Perm.WRITE_REFLECTIONS, takes_part_in_supervision & is_supervisee_in_session)
rules.add_perm(Perm.VIEW_PRIVATE_REFLECTION, takes_part_in_supervision & may_read_private)


# --- practice observations ---


@rules.predicate
def is_senior_observer(user) -> bool:
    return user.org_role in OBSERVER_ORG_ROLES or is_consultant(user)


@rules.predicate
def may_see_observation(user, observation) -> bool:
    if observation is None:
        return True
    return user.pk in (observation.observer_id, observation.observed_id) or _line_manages(
        user, observation.observed_id
    )


@rules.predicate
def is_observed(user, observation) -> bool:
    return observation is None or observation.observed_id == user.pk


rules.add_perm(Perm.VIEW_OBSERVATIONS, takes_part_in_supervision)
rules.add_perm(Perm.RECORD_OBSERVATION, takes_part_in_supervision & is_senior_observer)
rules.add_perm(Perm.VIEW_OBSERVATION, takes_part_in_supervision & may_see_observation)
rules.add_perm(Perm.RESPOND_TO_OBSERVATION, takes_part_in_supervision & is_observed)


# --- mentoring ---


@rules.predicate
def is_senior_mentor(user) -> bool:
    return user.org_role in MENTOR_ORG_ROLES or is_consultant(user)


@rules.predicate
def is_mentor_or_mentee(user, mentoring) -> bool:
    return mentoring is None or user.pk in (mentoring.mentor_id, mentoring.mentee_id)


rules.add_perm(Perm.VIEW_MENTORING, takes_part_in_supervision & is_mentor_or_mentee)
rules.add_perm(Perm.START_MENTORING, takes_part_in_supervision & is_senior_mentor)
rules.add_perm(Perm.WRITE_MENTORING_NOTE, takes_part_in_supervision & is_mentor_or_mentee)
