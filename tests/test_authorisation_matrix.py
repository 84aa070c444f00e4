"""Every URL × every role (and signed-out visitors): who gets in, who is turned away.

The test walks the URL configuration. A new URL that is not in MATRIX fails the first test, so nobody
can add a page without deciding who may see it. Add the page to MATRIX with its expected answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hearth.core.roles import ALL_ROLES, AUTHORITY_WIDE_CASE_ROLES, OrgRole

ANON = "signed-out"
EVERYONE = [ANON, *ALL_ROLES]
STAFF = list(ALL_ROLES)
SIGN_IN_REDIRECT = "redirect-to-sign-in"

# Namespaces whose pages are third-party and checked separately (the Django admin).
EXCLUDED_NAMESPACES = {"admin"}


@dataclass
class Entry:
    expected: dict[str, object]
    method: str = "get"
    kwargs: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)


def public(status=200, **extra) -> dict:
    return {role: status for role in EVERYONE} | extra


def signed_in(status=200) -> dict:
    return {ANON: SIGN_IN_REDIRECT} | {role: status for role in STAFF}


def only(*roles, status=200) -> dict:
    return {ANON: SIGN_IN_REDIRECT} | {role: (status if role in roles else 403) for role in STAFF}


ADMIN = OrgRole.SYSTEM_ADMINISTRATOR
# --- budgets ---
UNIT_ROLES = [r for r in ALL_ROLES if r not in set(OrgRole)]
BUDGET_LINE_MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]
BUDGET_VIEWERS = [*UNIT_ROLES, *BUDGET_LINE_MANAGERS, OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST]
BUDGET_APPROVERS = ["consultant-social-worker", *BUDGET_LINE_MANAGERS, OrgRole.DIRECTOR]
# --- end budgets ---
# --- workforce ---
WORKFORCE_VIEWERS = [OrgRole.WORKFORCE_LEAD, OrgRole.DIRECTOR]
WORKFORCE_MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]
# --- end workforce ---
# --- returns ---
RETURNS_RUNNERS = [OrgRole.PERFORMANCE_ANALYST, OrgRole.DIRECTOR]
RETURNS_MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]
# --- end returns ---
# --- framework ---
FRAMEWORK_OWNERS = [OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
# --- end framework ---

# --- audits ---
AUDITS_STAFF = [r for r in ALL_ROLES if r not in {OrgRole.SYSTEM_ADMINISTRATOR, OrgRole.WORKFORCE_LEAD}]
AUDITS_OWNERS = [OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
AUDITS_OUT = {OrgRole.WORKFORCE_LEAD: 404, OrgRole.SYSTEM_ADMINISTRATOR: 404}
# --- end audits ---
# --- learning ---
LEARNING_OWNERS = [OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
LEARNING_MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]
LEARNING_EDITORS = [*LEARNING_OWNERS, *LEARNING_MANAGERS]
# --- end learning ---
# --- feedback ---
FEEDBACK_UNIT = [r for r in ALL_ROLES if r not in set(OrgRole)] + [
    OrgRole.TEAM_MANAGER,
    OrgRole.SERVICE_MANAGER,
    OrgRole.HEAD_OF_SERVICE,
]
FEEDBACK_READERS = [*FEEDBACK_UNIT, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
FEEDBACK_FIGURES = [*FEEDBACK_READERS, OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST]
FEEDBACK_NO_RESPONSE = {
    role: 404 for role in (OrgRole.DIRECTOR, OrgRole.PERFORMANCE_ANALYST, OrgRole.WORKFORCE_LEAD, ADMIN)
}
# --- end feedback ---

# --- priorities ---
PRIORITIES_MANAGERS = [OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE]
PRIORITIES_OVERSIGHT = [*PRIORITIES_MANAGERS, *AUTHORITY_WIDE_CASE_ROLES]
PRIORITIES_UNIT_ROLES = [r for r in ALL_ROLES if r not in set(OrgRole)]
PRIORITIES_NO_CHILD = {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}
# --- end priorities ---
# --- insights ---
INSIGHTS_ALL = [
    OrgRole.DIRECTOR,
    OrgRole.HEAD_OF_SERVICE,
    OrgRole.PRINCIPAL_SOCIAL_WORKER,
    OrgRole.QUALITY_LEAD,
]
INSIGHTS_SETTERS = [OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD]
INSIGHTS_VIEWERS = [
    r
    for r in STAFF
    if r not in {OrgRole.PERFORMANCE_ANALYST, OrgRole.WORKFORCE_LEAD, OrgRole.SYSTEM_ADMINISTRATOR}
]
# --- end insights ---
# --- insights report ---
INSIGHTS_REPORT_READERS = [
    OrgRole.DIRECTOR,
    OrgRole.HEAD_OF_SERVICE,
    OrgRole.PRINCIPAL_SOCIAL_WORKER,
    OrgRole.QUALITY_LEAD,
]
# --- end insights report ---

MATRIX: dict[str, Entry] = {
    # core
    "core:home": Entry(signed_in()),
    "core:healthz": Entry(public()),
    "core:readyz": Entry(public()),
    "core:accessibility": Entry(public()),
    "core:privacy": Entry(public()),
    "core:cookies": Entry(public()),
    "core:audit-log": Entry(only(ADMIN, OrgRole.QUALITY_LEAD)),
    "core:notifications": Entry(signed_in()),
    # accounts
    "accounts:sign-in": Entry({ANON: 200} | {role: 302 for role in STAFF}),
    "accounts:sign-out": Entry(public(302), method="post"),
    "accounts:signed-out": Entry(public()),
    "accounts:timed-out": Entry(public()),
    "accounts:session-extend": Entry(signed_in(), method="post"),
    "accounts:two-factor-setup": Entry(signed_in()),
    "accounts:two-factor-verify": Entry(signed_in(302)),  # no device yet: sent to set one up
    "accounts:password-reset": Entry(public()),
    "accounts:password-reset-sent": Entry(public()),
    "accounts:password-reset-confirm": Entry(public(), kwargs={"uidb64": "MQ", "token": "not-a-token"}),
    "accounts:password-reset-complete": Entry(public()),
    # organisation
    "organisation:overview": Entry(signed_in()),
    "organisation:unit": Entry(signed_in(), kwargs={"code": "unit-a"}),
    "organisation:unit-create": Entry(only(ADMIN)),
    "organisation:unit-edit": Entry(only(ADMIN), kwargs={"code": "unit-a"}),
    "organisation:membership-add": Entry(only(ADMIN), kwargs={"code": "unit-a"}),
    "organisation:membership-end": Entry(
        only(ADMIN), kwargs={"code": "unit-a", "membership_id": "MEMBERSHIP"}
    ),
    "organisation:staff": Entry(only(ADMIN)),
    "organisation:person-create": Entry(only(ADMIN)),
    "organisation:person-edit": Entry(only(ADMIN), kwargs={"person_id": "PERSON"}),
    # --- people: children's records ---
    # CHILD_A is in unit A. Out of reach (404): the workforce lead and the system administrator.
    # Authority-wide roles see the record but do not change it (403).
    "people:child": Entry(
        signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"child_id": "CHILD_A"}
    ),
    "cases:child-add": Entry(
        only(
            "consultant-social-worker",
            "social-worker",
            "child-practitioner",
            "unit-coordinator",
            "clinician",
            "family-support-worker",
            "student",
            OrgRole.TEAM_MANAGER,
            OrgRole.SERVICE_MANAGER,
            OrgRole.HEAD_OF_SERVICE,
        )
    ),
    "people:child-edit": Entry(
        signed_in()
        | {r: 403 for r in (OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)}
        | {OrgRole.PERFORMANCE_ANALYST: 403, OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "CHILD_A"},
    ),
    # Not restricted: whoever sees the record is sent to it; nobody else learns it exists.
    "people:break-glass": Entry(
        signed_in(302) | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"child_id": "CHILD_A"}
    ),
    "people:restriction": Entry(
        signed_in(403)
        | {r: 200 for r in (OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE)}
        | {OrgRole.PRINCIPAL_SOCIAL_WORKER: 200, OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "CHILD_A"},
    ),
    "people:relationship-add": Entry(
        signed_in()
        | {r: 403 for r in (OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)}
        | {OrgRole.PERFORMANCE_ANALYST: 403, OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "CHILD_A"},
    ),
    "people:address-add": Entry(
        signed_in()
        | {r: 403 for r in (OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)}
        | {OrgRole.PERFORMANCE_ANALYST: 403, OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "CHILD_A"},
    ),
    # Households and ending an address: like changing the child's details. EPISODE_HOUSEHOLD and
    # EPISODE_ADDRESS belong to EPISODE_CHILD (tests/factories.py: episode_case).
    **{
        name: Entry(
            signed_in()
            | {r: 403 for r in (OrgRole.DIRECTOR, OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.QUALITY_LEAD)}
            | {OrgRole.PERFORMANCE_ANALYST: 403, OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
            kwargs=kwargs,
        )
        for name, kwargs in {
            "people:household-add": {"child_id": "CHILD_A"},
            "people:household": {"child_id": "EPISODE_CHILD", "household_id": "EPISODE_HOUSEHOLD"},
            "people:address-end": {"child_id": "EPISODE_CHILD", "address_id": "EPISODE_ADDRESS"},
        }.items()
    },
    # --- cases: notes, drafts and chronology ---
    # CHILD_A is a child of unit A; NOTE_A a final note about a child of unit A by the social worker.
    # Reading (chronology, a note): whoever reaches the child (workforce lead, system administrator: 404).
    # Recording: members and managers of a unit (403 for the rest). Changing a note: only its author.
    # Drafts are each person's own: every signed-in person has a (possibly empty) list.
    **{
        name: Entry(signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs=kwargs)
        for name, kwargs in {
            "cases:chronology": {"child_id": "CHILD_A"},
            "cases:chronology-print": {"child_id": "CHILD_A"},
            "cases:note": {"note_id": "NOTE_A"},
        }.items()
    },
    "cases:note-add": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}]),
        kwargs={"child_id": "CHILD_A"},
    ),
    "cases:note-edit": Entry(only("social-worker"), kwargs={"note_id": "NOTE_A"}),
    # Already final: its author is sent back to it with a message.
    "cases:note-finalise": Entry(
        only("social-worker", status=302), method="post", kwargs={"note_id": "NOTE_A"}
    ),
    "cases:drafts": Entry(signed_in()),
    # A key that names no child anyone can see: a clear 400 for everyone signed in.
    "cases:draft-save": Entry(signed_in(400), method="post", data={"key": "note:child:0", "title": "x"}),
    "cases:draft-discard": Entry(signed_in(302), method="post", data={"key": "note:child:0"}),
    # --- cases: episodes, allocation and plans ---
    # EPISODE_* name records of one child of unit A (tests/factories.py: episode_case). Reading: whoever
    # reaches the child (workforce lead and system administrator: 404). Recording: members and managers
    # of a unit (403 for the rest). Allocating: line managers and consultant social workers.
    **{
        name: Entry(signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs=kwargs)
        for name, kwargs in {
            "cases:episodes": {"child_id": "EPISODE_CHILD"},
            "cases:plans": {"child_id": "EPISODE_CHILD"},
            "cases:plan": {"plan_id": "EPISODE_PLAN"},
        }.items()
    },
    **{
        name: Entry(
            only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}]),
            kwargs=kwargs,
        )
        for name, kwargs in {
            "cases:contact-add": {"child_id": "EPISODE_CHILD"},
            "cases:referral-add": {"child_id": "EPISODE_CHILD"},
            "cases:referral-close": {"child_id": "EPISODE_CHILD", "referral_id": "EPISODE_REFERRAL"},
            "cases:assessment-add": {"child_id": "EPISODE_CHILD", "referral_id": "EPISODE_REFERRAL"},
            "cases:assessment-complete": {"child_id": "EPISODE_CHILD", "assessment_id": "EPISODE_ASSESSMENT"},
            "cases:s47-add": {"child_id": "EPISODE_CHILD", "referral_id": "EPISODE_REFERRAL"},
            "cases:icpc-record": {"child_id": "EPISODE_CHILD", "s47_id": "EPISODE_S47"},
            "cases:cp-plan-add": {"child_id": "EPISODE_CHILD", "referral_id": "EPISODE_REFERRAL"},
            "cases:cp-plan-review-add": {"child_id": "EPISODE_CHILD", "plan_id": "EPISODE_CP_PLAN"},
            "cases:cp-plan-end": {"child_id": "EPISODE_CHILD", "plan_id": "EPISODE_CP_PLAN"},
            "cases:cin-plan-add": {"child_id": "EPISODE_CHILD", "referral_id": "EPISODE_REFERRAL"},
            "cases:cin-plan-end": {"child_id": "EPISODE_CHILD", "plan_id": "EPISODE_CIN_PLAN"},
            "cases:looked-after-add": {"child_id": "EPISODE_CHILD"},
            "cases:looked-after-end": {"child_id": "EPISODE_CHILD", "episode_id": "EPISODE_LOOKED_AFTER"},
            "cases:plan-add": {"child_id": "EPISODE_CHILD"},
            "cases:plan-action-add": {"plan_id": "EPISODE_PLAN"},
            "cases:plan-review-add": {"plan_id": "EPISODE_PLAN"},
            "cases:plan-end": {"plan_id": "EPISODE_PLAN"},
            "cases:assessment-withdraw": {"child_id": "EPISODE_CHILD", "assessment_id": "EPISODE_ASSESSMENT"},
            "cases:cp-plan-category": {"child_id": "EPISODE_CHILD", "plan_id": "EPISODE_CP_PLAN"},
        }.items()
    },
    "cases:allocate": Entry(
        only(
            "consultant-social-worker",
            *(OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE),
        ),
        kwargs={"child_id": "EPISODE_CHILD"},
    ),
    # Changing which children a note is about: only its author, like changing its words (NOTE_A).
    "cases:note-children": Entry(only("social-worker"), kwargs={"note_id": "NOTE_A"}),
    # --- cases: my work, unit caseload and search ---
    # My work: members of a unit and its managers. Caseload (of unit A) and search: they and the
    # authority-wide practice roles. Workforce lead and system administrator see no child.
    "cases:my-work": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}])
    ),
    "cases:unit-caseload": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]), kwargs={"code": "unit-a"}
    ),
    "cases:search": Entry(only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}])),
    # --- api ---
    # The API answers 403 in JSON to signed-out callers. CHILD_A is a child allocated to unit A.
    "api:children": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]) | {ANON: 403}
    ),
    "api:child": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]) | {ANON: 403},
        kwargs={"child_id": "CHILD_A"},
    ),
    "api:child-episodes": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]) | {ANON: 403},
        kwargs={"child_id": "CHILD_A"},
    ),
    "api:child-notes": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]) | {ANON: 403},
        kwargs={"child_id": "CHILD_A"},
    ),
    # An empty note: 400 for whoever may record notes (members and managers of a unit), 403 for others.
    "api:notes": Entry(
        only(
            *[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}],
            status=400,
        )
        | {ANON: 403},
        method="post",
    ),
    "api:schema": Entry(signed_in() | {ANON: 403}),
    "api:docs": Entry(signed_in()),
    # --- supervision ---
    # SUPERVISION_* (tests/factories_supervision.py): the consultant supervises the social worker of unit A
    # (whose line manager is the team manager), observed them, and mentors the child practitioner.
    # Director, quality lead, performance analyst, workforce lead and system administrator take no part
    # in supervision (403 everywhere). Others who take part but are not party to a record get 404.
    **{
        name: Entry(
            {ANON: SIGN_IN_REDIRECT}
            | {
                r: 403
                if r
                in {
                    ADMIN,
                    OrgRole.WORKFORCE_LEAD,
                    OrgRole.DIRECTOR,
                    OrgRole.QUALITY_LEAD,
                    OrgRole.PERFORMANCE_ANALYST,
                }
                else default
                for r in STAFF
            }
            | explicit,
            kwargs=kwargs,
        )
        for name, (kwargs, default, explicit) in {
            "supervision:overview": ({}, 200, {}),
            # Managers arrange supervision for the people they line-manage (a service manager for team
            # managers), consultants for the members of their unit.
            "supervision:agreement-add": (
                {},
                403,
                {
                    "consultant-social-worker": 200,
                    OrgRole.TEAM_MANAGER: 200,
                    OrgRole.SERVICE_MANAGER: 200,
                    OrgRole.HEAD_OF_SERVICE: 200,
                },
            ),
            "supervision:agreement": (
                {"agreement_id": "SUPERVISION_AGREEMENT"},
                404,
                {"social-worker": 200, "consultant-social-worker": 200, OrgRole.TEAM_MANAGER: 200},
            ),
            # A social worker's agreement: a service manager or head of service may arrange supervision
            # but is not party to this agreement (404, like any record out of their reach).
            "supervision:agreement-edit": (
                {"agreement_id": "SUPERVISION_AGREEMENT"},
                403,
                {
                    "consultant-social-worker": 200,
                    OrgRole.TEAM_MANAGER: 200,
                    OrgRole.SERVICE_MANAGER: 404,
                    OrgRole.HEAD_OF_SERVICE: 404,
                },
            ),
            "supervision:session-add": (
                {"agreement_id": "SUPERVISION_AGREEMENT"},
                404,
                {"consultant-social-worker": 200, "social-worker": 403, OrgRole.TEAM_MANAGER: 403},
            ),
            "supervision:group-session-add": ({}, 200, {}),
            "supervision:session": (
                {"session_id": "SUPERVISION_SESSION"},
                404,
                {"social-worker": 200, "consultant-social-worker": 200, OrgRole.TEAM_MANAGER: 200},
            ),
            # Only the supervisor corrects a record; the supervisee and their line manager read it.
            "supervision:session-edit": (
                {"session_id": "SUPERVISION_SESSION"},
                404,
                {"consultant-social-worker": 200, "social-worker": 403, OrgRole.TEAM_MANAGER: 403},
            ),
            "supervision:discussion-add": (
                {"session_id": "SUPERVISION_SESSION"},
                404,
                {"social-worker": 200, "consultant-social-worker": 200, OrgRole.TEAM_MANAGER: 403},
            ),
            "supervision:reflections": (
                {"session_id": "SUPERVISION_SESSION"},
                404,
                {"social-worker": 200, "consultant-social-worker": 403, OrgRole.TEAM_MANAGER: 403},
            ),
            "supervision:observations": ({}, 200, {}),
            "supervision:observation-add": (
                {},
                403,
                {
                    "consultant-social-worker": 200,
                    OrgRole.TEAM_MANAGER: 200,
                    OrgRole.PRINCIPAL_SOCIAL_WORKER: 200,
                },
            ),
            "supervision:observation": (
                {"observation_id": "SUPERVISION_OBSERVATION"},
                404,
                {"social-worker": 200, "consultant-social-worker": 200, OrgRole.TEAM_MANAGER: 200},
            ),
            "supervision:observation-respond": (
                {"observation_id": "SUPERVISION_OBSERVATION"},
                404,
                {"social-worker": 200, "consultant-social-worker": 403, OrgRole.TEAM_MANAGER: 403},
            ),
            "supervision:mentoring": ({}, 200, {}),
            "supervision:mentoring-add": (
                {},
                403,
                {
                    "consultant-social-worker": 200,
                    OrgRole.TEAM_MANAGER: 200,
                    OrgRole.SERVICE_MANAGER: 200,
                    OrgRole.HEAD_OF_SERVICE: 200,
                    OrgRole.PRINCIPAL_SOCIAL_WORKER: 200,
                },
            ),
            "supervision:mentoring-relationship": (
                {"mentoring_id": "SUPERVISION_MENTORING"},
                404,
                {"consultant-social-worker": 200, "child-practitioner": 200},
            ),
            "supervision:mentoring-note-add": (
                {"mentoring_id": "SUPERVISION_MENTORING"},
                404,
                {"consultant-social-worker": 200, "child-practitioner": 200},
            ),
        }.items()
    },
    # A decision agreed in supervision, as it stands on the child's case: like the chronology.
    "supervision:decision": Entry(
        signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"discussion_id": "SUPERVISION_DECISION"},
    ),
    # --- end supervision ---
    # --- meetings ---
    # MEETINGS_* (tests/factories_meetings.py: meetings_case): this week's meeting of unit A, one child
    # discussed, an open action for the social worker. Members of unit A and its line managers see and
    # run its meetings; authority-wide roles read (403 on changes); workforce lead and system
    # administrator get 404. Empty forms come back with their errors (200).
    **{
        name: Entry(signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs=kwargs)
        for name, kwargs in {
            "meetings:unit-meetings": {"code": "unit-a"},
            "meetings:requests": {"code": "unit-a"},
            "meetings:meeting": {"meeting_id": "MEETINGS_MEETING"},
            "meetings:discussion": {"discussion_id": "MEETINGS_DISCUSSION"},
            "meetings:action": {"action_id": "MEETINGS_ACTION"},
        }.items()
    },
    "meetings:this-week": Entry(
        signed_in(302) | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"code": "unit-a"}
    ),
    **{
        name: Entry(
            only(
                *[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}],
                status=status,
            )
            | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
            method=method,
            kwargs=kwargs,
        )
        for name, (method, status, kwargs) in {
            "meetings:request-add": ("get", 200, {"code": "unit-a"}),
            "meetings:ad-hoc": ("post", 302, {"code": "unit-a"}),
            "meetings:attendance": ("post", 302, {"meeting_id": "MEETINGS_MEETING"}),
            "meetings:agenda-add": ("post", 200, {"meeting_id": "MEETINGS_MEETING"}),
            "meetings:discussion-save": ("post", 200, {"discussion_id": "MEETINGS_DISCUSSION"}),
            # Discussed already: refused with a message, back to the meeting.
            "meetings:discussion-remove": ("post", 302, {"discussion_id": "MEETINGS_DISCUSSION"}),
            "meetings:action-add": ("post", 200, {"discussion_id": "MEETINGS_DISCUSSION"}),
        }.items()
    },
    "meetings:schedule": Entry(
        only(
            "consultant-social-worker", OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE
        )
        | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"code": "unit-a"},
    ),
    # The action's owner (the social worker) or the unit's consultant; done once, then a message.
    "meetings:action-done": Entry(
        only("consultant-social-worker", "social-worker", status=302)
        | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        method="post",
        kwargs={"action_id": "MEETINGS_ACTION"},
    ),
    # --- end meetings ---
    # --- support ---
    # SUPPORT_* (tests/factories_support.py: support_case): a child of unit A with a practical request the
    # social worker raised, not taken yet. Members of unit A and its line managers raise and see requests;
    # the unit coordinator works the queue; authority-wide roles read. Workforce lead and system
    # administrator: 404 on anything about a child, 403 on lists. Empty forms come back with errors (200).
    "support:mine": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}])
    ),
    "support:my-queue": Entry(only("unit-coordinator", status=302)),
    "support:queue": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD}]), kwargs={"code": "unit-a"}
    ),
    "support:raise": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}])
        | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "SUPPORT_CHILD"},
    ),
    "support:request": Entry(
        signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"request_id": "SUPPORT_REQUEST"}
    ),
    **{
        name: Entry(
            only("unit-coordinator", status=status) | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
            method="post",
            kwargs={"request_id": "SUPPORT_REQUEST"},
        )
        for name, status in {"support:take": 302, "support:note": 200, "support:close": 200}.items()
    },
    # --- end support ---
    # --- clinical ---
    # CLINICAL_* (tests/factories_support.py: clinical_case): a child of unit A with a consultation the
    # social worker asked for, not taken yet. Members and line managers ask and see; clinicians of the
    # unit work the queue; line managers and authority-wide roles read the queue. Workforce lead and
    # system administrator: 404 on anything about a child, 403 on the queue. Empty forms: 200 with errors;
    # closing an untaken request: refused with a message (302).
    "clinical:queue": Entry(
        only(
            "clinician",
            OrgRole.TEAM_MANAGER,
            OrgRole.SERVICE_MANAGER,
            OrgRole.HEAD_OF_SERVICE,
            *AUTHORITY_WIDE_CASE_ROLES,
        )
    ),
    "clinical:ask": Entry(
        only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}])
        | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "CLINICAL_CHILD"},
    ),
    "clinical:request": Entry(
        signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"request_id": "CLINICAL_REQUEST"}
    ),
    **{
        name: Entry(
            only("clinician", status=status) | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
            method="post",
            kwargs={"request_id": "CLINICAL_REQUEST"},
        )
        for name, status in {
            "clinical:take": 302,
            "clinical:first-contact": 200,
            "clinical:input": 200,
            "clinical:close": 302,
        }.items()
    },
    # --- end clinical ---
    # --- budgets ---
    # BUDGETS_* (tests/factories_budgets.py: budgets_case): unit A has £2,000 for practical help; a child
    # of unit A with a £40 spend approved at once (SMALL), a £600 spend waiting (WAITING) and a £30 one
    # paid (PAID), all asked for by the social worker. Members of unit A and its line managers see the
    # budget; the director and performance analyst read all; the PSW, quality lead, workforce lead and
    # system administrator get 403. Decisions refused by the service come back as a message (302).
    **{
        name: Entry(only(*BUDGET_VIEWERS), kwargs=kwargs)
        for name, kwargs in {
            "budgets:overview": {},
            "budgets:authority": {},
            "budgets:unit": {"code": "unit-a"},
            "budgets:unit-csv": {"code": "unit-a"},
            "budgets:spend": {"spend_id": "BUDGETS_SMALL"},
        }.items()
    },
    "budgets:approvals": Entry(only(*BUDGET_APPROVERS)),
    "budgets:spend-approve": Entry(
        only(*BUDGET_APPROVERS, status=302), method="post", kwargs={"spend_id": "BUDGETS_WAITING"}
    ),
    "budgets:spend-refuse": Entry(only(*BUDGET_APPROVERS), kwargs={"spend_id": "BUDGETS_WAITING"}),
    "budgets:allocate": Entry(only(OrgRole.DIRECTOR, OrgRole.HEAD_OF_SERVICE), kwargs={"code": "unit-a"}),
    "budgets:transfer": Entry(only(OrgRole.DIRECTOR, OrgRole.HEAD_OF_SERVICE), kwargs={"code": "unit-a"}),
    "budgets:spend-add": Entry(only(*UNIT_ROLES), kwargs={"child_id": "BUDGETS_CHILD"}),
    "budgets:spend-paid": Entry(
        only(*UNIT_ROLES, *BUDGET_LINE_MANAGERS, status=302),
        method="post",
        kwargs={"spend_id": "BUDGETS_SMALL"},
    ),
    "budgets:spend-refund": Entry(
        only(*UNIT_ROLES, *BUDGET_LINE_MANAGERS), kwargs={"spend_id": "BUDGETS_PAID"}
    ),
    # The social worker asked for it; the unit's line managers may cancel too (then: a message, 302).
    "budgets:spend-cancel": Entry(
        only("social-worker", *BUDGET_LINE_MANAGERS, status=302),
        method="post",
        kwargs={"spend_id": "BUDGETS_SMALL"},
    ),
    # --- end budgets ---
    # --- workforce ---
    # Figures, retention and pulse results: workforce lead, director and line managers (their units'
    # aggregates). Staff records, posts and equality: workforce lead and director (the director reads
    # only). Changes and pulse comments: the workforce lead. Answering the pulse and recording one's own
    # equality information and extra hours: everyone but the system administrator, who sees none of it.
    **{
        name: Entry(only(*WORKFORCE_VIEWERS, *WORKFORCE_MANAGERS))
        for name in (
            "workforce:dashboard",
            "workforce:figures-csv",
            "workforce:retention",
            "workforce:pulse-results",
        )
    },
    **{
        name: Entry(only(*WORKFORCE_VIEWERS))
        for name in ("workforce:staff", "workforce:posts", "workforce:equality", "workforce:action-add")
    },
    "workforce:staff-detail": Entry(only(*WORKFORCE_VIEWERS), kwargs={"staff_id": "WORKFORCE_STAFF"}),
    **{
        name: Entry(only(OrgRole.WORKFORCE_LEAD))
        for name in (
            "workforce:staff-add",
            "workforce:post-add",
            "workforce:pulse-round-add",
            "workforce:pulse-comments",
        )
    },
    **{
        name: Entry(only(OrgRole.WORKFORCE_LEAD), kwargs={"staff_id": "WORKFORCE_STAFF"})
        for name in (
            "workforce:staff-edit",
            "workforce:staff-leave",
            "workforce:cpd-add",
            "workforce:absence-add",
            "workforce:conversation-add",
        )
    },
    **{
        name: Entry(signed_in() | {ADMIN: 403})
        for name in (
            "workforce:pulse",
            "workforce:my-equality",
            "workforce:extra-hours",
            "workforce:my-record",
        )
    },
    # --- end workforce ---
    # --- framework ---
    # FRAMEWORK_* (tests/factories_framework.py: framework_case): v1 replaced, v2 published, v3 a draft; an
    # open round with one idea and a working invitation link. The principal social worker and quality lead
    # own the framework and the rounds; all staff read the published framework and take part; the public
    # reads the family version and the published statement, and adds ideas through an invitation link.
    # Draft pages without a draft send owners to the draft page (302). POSTs with no data show the form's
    # errors (200) or go back with a message (302).
    **{name: Entry(signed_in()) for name in ("framework:home", "framework:versions", "framework:rounds")},
    "framework:version": Entry(signed_in(), kwargs={"number": "FRAMEWORK_V2"}),
    "framework:changes": Entry(signed_in(), kwargs={"number": "FRAMEWORK_V2"}),
    "framework:draft": Entry(only(*FRAMEWORK_OWNERS)),
    "framework:round-add": Entry(only(*FRAMEWORK_OWNERS)),
    **{
        name: Entry(only(*FRAMEWORK_OWNERS, status=302))
        for name in ("framework:draft-summary", "framework:draft-publish")
    },
    "framework:draft-part-add": Entry(only(*FRAMEWORK_OWNERS, status=302), kwargs={"kind": "principles"}),
    **{
        name: Entry(only(*FRAMEWORK_OWNERS, status=302), method="post")
        for name in ("framework:draft-start", "framework:draft-discard")
    },
    "framework:draft-part": Entry(
        only(*FRAMEWORK_OWNERS), kwargs={"kind": "principles", "part_id": "FRAMEWORK_PRINCIPLE"}
    ),
    "framework:draft-part-remove": Entry(  # a published version's principle: not in the draft
        only(*FRAMEWORK_OWNERS, status=404),
        method="post",
        kwargs={"kind": "principles", "part_id": "FRAMEWORK_PUBLISHED_PRINCIPLE"},
    ),
    "framework:round": Entry(signed_in(), kwargs={"round_id": "FRAMEWORK_ROUND"}),
    "framework:idea-add": Entry(signed_in(), method="post", kwargs={"round_id": "FRAMEWORK_ROUND"}),
    "framework:comment-add": Entry(signed_in(), method="post", kwargs={"idea_id": "FRAMEWORK_IDEA"}),
    "framework:support": Entry(signed_in(302), method="post", kwargs={"idea_id": "FRAMEWORK_IDEA"}),
    "framework:invitations": Entry(only(*FRAMEWORK_OWNERS), kwargs={"round_id": "FRAMEWORK_ROUND"}),
    "framework:round-outcome": Entry(  # the round is open: back to it with a message
        only(*FRAMEWORK_OWNERS, status=302), kwargs={"round_id": "FRAMEWORK_ROUND"}
    ),
    **{
        name: Entry(
            only(*FRAMEWORK_OWNERS, status=302), method="post", kwargs={"round_id": "FRAMEWORK_ROUND"}
        )
        for name in ("framework:round-close", "framework:round-publish")
    },
    "framework:invitation-withdraw": Entry(
        only(*FRAMEWORK_OWNERS, status=302), method="post", kwargs={"invitation_id": "FRAMEWORK_INVITATION"}
    ),
    **{
        name: Entry(public())
        for name in (
            "framework:public-practice",
            "framework:public-purpose",
            "framework:have-your-say-thanks",
        )
    },
    "framework:have-your-say": Entry(public(), kwargs={"token": "FRAMEWORK_TOKEN"}),
    # --- end framework ---
    # --- audits ---
    # AUDITS_* (tests/factories_audits.py: audits_case): a child of unit A (lead worker the social worker)
    # in the quality lead's programme; the audit is in progress, auditor the consultant social worker,
    # moderator the team manager; an open action owned by the social worker. Empty forms come back with
    # errors (200); moves the service refuses come back as a message (302). Workforce lead and system
    # administrator: 404 on an audit, 403 elsewhere.
    "audits:mine": Entry(only(*AUDITS_STAFF)),
    "audits:quality": Entry(only(*AUDITS_STAFF)),
    "audits:tools": Entry(only(*AUDITS_OWNERS)),
    "audits:tool-new": Entry(only(*AUDITS_OWNERS)),
    "audits:programmes": Entry(only(*AUDITS_OWNERS)),
    "audits:programme-new": Entry(only(*AUDITS_OWNERS)),
    "audits:programme": Entry(only(*AUDITS_OWNERS), kwargs={"programme_id": "AUDITS_PROGRAMME"}),
    "audits:programme-draw": Entry(
        only(*AUDITS_OWNERS, status=302), method="post", kwargs={"programme_id": "AUDITS_PROGRAMME"}
    ),
    "audits:audit": Entry(only(*[r for r in AUDITS_STAFF]) | AUDITS_OUT, kwargs={"audit_id": "AUDITS_AUDIT"}),
    "audits:assign": Entry(only(*AUDITS_OWNERS), kwargs={"audit_id": "AUDITS_AUDIT"}),
    "audits:grades": Entry(
        only("consultant-social-worker") | AUDITS_OUT, kwargs={"audit_id": "AUDITS_AUDIT"}
    ),
    **{
        name: Entry(
            only(*who, status=status) | AUDITS_OUT, method="post", kwargs={"audit_id": "AUDITS_AUDIT"}
        )
        for name, who, status in [
            ("audits:start", ["consultant-social-worker"], 302),
            ("audits:reflections", ["consultant-social-worker", "social-worker"], 200),
            ("audits:family-view", ["consultant-social-worker"], 200),
            ("audits:agree", ["consultant-social-worker", "social-worker"], 302),
            ("audits:submit", ["consultant-social-worker"], 302),
            ("audits:moderate", [OrgRole.TEAM_MANAGER], 200),
            ("audits:action-add", ["consultant-social-worker", OrgRole.TEAM_MANAGER, *AUDITS_OWNERS], 200),
        ]
    },
    "audits:action-done": Entry(
        only("social-worker", "consultant-social-worker", *AUDITS_OWNERS, status=302) | AUDITS_OUT,
        method="post",
        kwargs={"action_id": "AUDITS_ACTION"},
    ),
    # --- end audits ---
    # --- learning ---
    # LEARNING_* (tests/factories_learning.py: learning_case): a draft rapid review for unit A with a child
    # of unit A and an action owned by the social worker; a near miss and an experiment of the social
    # worker in unit A; a published library entry. Everyone reads the library, reports near misses and
    # proposes experiments. Reviews: the PSW and quality lead own them, unit A's line managers change
    # them, the director reads, the action's owner sees the review; anyone else 404. Empty forms: 200
    # with errors; moves the service refuses come back as a message (302).
    **{
        name: Entry(signed_in(), kwargs=kwargs)
        for name, kwargs in {
            "learning:library": {},
            "learning:entry": {"entry_id": "LEARNING_ENTRY"},
            "learning:near-misses": {},
            "learning:near-miss-report": {},
            "learning:experiments": {},
            "learning:experiment-propose": {},
            "learning:experiment": {"experiment_id": "LEARNING_EXPERIMENT"},
        }.items()
    },
    "learning:reviews": Entry(only(*LEARNING_EDITORS, OrgRole.DIRECTOR)),
    "learning:review-open": Entry(only(*LEARNING_EDITORS)),
    "learning:review": Entry(
        {ANON: SIGN_IN_REDIRECT}
        | {role: 404 for role in STAFF}
        | {role: 200 for role in [*LEARNING_EDITORS, OrgRole.DIRECTOR, "social-worker"]},
        kwargs={"review_id": "LEARNING_REVIEW"},
    ),
    **{
        name: Entry(
            {ANON: SIGN_IN_REDIRECT}
            | {role: 404 for role in STAFF}
            | {OrgRole.DIRECTOR: 403, "social-worker": 403}
            | {role: status for role in LEARNING_EDITORS},
            method=method,
            kwargs={"review_id": "LEARNING_REVIEW"},
        )
        for name, method, status in [
            ("learning:review-edit", "get", 200),
            ("learning:review-findings", "get", 200),
            ("learning:review-child", "post", 200),
            ("learning:review-recommendation", "post", 200),
            ("learning:review-action", "post", 200),
            ("learning:review-move", "post", 302),
        ]
    },
    "learning:action-done": Entry(
        {ANON: SIGN_IN_REDIRECT}
        | {role: 404 for role in STAFF}
        | {OrgRole.DIRECTOR: 403}
        | {role: 302 for role in [*LEARNING_EDITORS, "social-worker"]},
        method="post",
        kwargs={"action_id": "LEARNING_ACTION"},
    ),
    "learning:near-miss": Entry(
        {ANON: SIGN_IN_REDIRECT}
        | {role: 404 for role in STAFF}
        | {role: 200 for role in [*LEARNING_EDITORS, "social-worker"]},
        kwargs={"near_miss_id": "LEARNING_NEAR_MISS"},
    ),
    "learning:near-miss-review": Entry(
        only(*LEARNING_OWNERS, status=302), method="post", kwargs={"near_miss_id": "LEARNING_NEAR_MISS"}
    ),
    "learning:experiment-decide": Entry(
        only(OrgRole.PRINCIPAL_SOCIAL_WORKER, *LEARNING_MANAGERS),
        method="post",
        kwargs={"experiment_id": "LEARNING_EXPERIMENT"},
    ),
    "learning:experiment-outcome": Entry(
        only(*LEARNING_EDITORS, "social-worker"),
        method="post",
        kwargs={"experiment_id": "LEARNING_EXPERIMENT"},
    ),
    "learning:experiment-publish": Entry(
        only(*LEARNING_OWNERS, status=302), method="post", kwargs={"experiment_id": "LEARNING_EXPERIMENT"}
    ),
    "learning:retention": Entry(only(*LEARNING_OWNERS)),
    "learning:dispose-review": Entry(
        only(*LEARNING_OWNERS, status=302), method="post", kwargs={"review_id": "LEARNING_REVIEW"}
    ),
    "learning:dispose-near-miss": Entry(
        only(*LEARNING_OWNERS, status=302), method="post", kwargs={"near_miss_id": "LEARNING_NEAR_MISS"}
    ),
    # --- end learning ---
    # --- feedback ---
    # FEEDBACK_* (tests/factories_feedback.py: feedback_case): a child of unit A with a link the social
    # worker sent (its token) and an unread named response. Members and line managers of unit A send
    # links, record, read and mark; the PSW and quality lead read and mark every unit's; the director and
    # performance analyst see figures and "you said, we did" only. The form and the public "you said, we
    # did" need no account. An empty mark form comes back with errors (200).
    "feedback:overview": Entry(only(*FEEDBACK_READERS)),
    "feedback:unit": Entry(only(*FEEDBACK_READERS), kwargs={"code": "unit-a"}),
    "feedback:record": Entry(only(*FEEDBACK_READERS), kwargs={"code": "unit-a"}),
    "feedback:service": Entry(only(*FEEDBACK_FIGURES)),
    "feedback:you-said": Entry(only(*FEEDBACK_FIGURES)),
    "feedback:unit-you-said": Entry(only(*FEEDBACK_FIGURES), kwargs={"code": "unit-a"}),
    "feedback:invite-unit": Entry(only(*FEEDBACK_UNIT), kwargs={"code": "unit-a"}),
    "feedback:invite-child": Entry(
        only(*FEEDBACK_UNIT) | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404},
        kwargs={"child_id": "FEEDBACK_CHILD"},
    ),
    "feedback:response": Entry(
        only(*FEEDBACK_READERS) | FEEDBACK_NO_RESPONSE, kwargs={"response_id": "FEEDBACK_RESPONSE"}
    ),
    "feedback:mark": Entry(
        only(*FEEDBACK_READERS) | FEEDBACK_NO_RESPONSE,
        method="post",
        kwargs={"response_id": "FEEDBACK_RESPONSE"},
    ),
    "feedback:give": Entry(public()),
    "feedback:thanks": Entry(public()),
    "feedback:give-link": Entry(public(), kwargs={"token": "FEEDBACK_TOKEN"}),
    "feedback:public-you-said": Entry(public(), kwargs={"code": "unit-a"}),
    # --- end feedback ---
    # --- priorities ---
    # PRIORITIES_* (tests/factories_priorities.py: priorities_case): a child of unit A (lead: the social
    # worker) on a CP plan; area one holds unit A. Scores are case data: whoever sees the child. Members
    # and managers of unit A record factors; its consultant and managers allocate. Weights: oversight
    # roles read, the PSW and head of service change. Time and the digest: unit roles and managers.
    "priorities:child": Entry(
        only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_OVERSIGHT) | PRIORITIES_NO_CHILD,
        kwargs={"child_id": "PRIORITIES_CHILD"},
    ),
    "priorities:factor-add": Entry(
        only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_MANAGERS) | PRIORITIES_NO_CHILD,
        kwargs={"child_id": "PRIORITIES_CHILD"},
    ),
    "priorities:allocate": Entry(
        only("consultant-social-worker", *PRIORITIES_MANAGERS) | PRIORITIES_NO_CHILD,
        kwargs={"child_id": "PRIORITIES_CHILD"},
    ),
    "priorities:configuration": Entry(only(*PRIORITIES_OVERSIGHT)),
    "priorities:configuration-change": Entry(only(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.HEAD_OF_SERVICE)),
    "priorities:configuration-check": Entry(
        only(OrgRole.PRINCIPAL_SOCIAL_WORKER, OrgRole.HEAD_OF_SERVICE, status=302)
    ),
    "priorities:unit": Entry(only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_OVERSIGHT), kwargs={"code": "unit-a"}),
    "priorities:overview-mine": Entry(
        only(*PRIORITIES_OVERSIGHT) | {role: 302 for role in PRIORITIES_MANAGERS}
    ),
    "priorities:overview": Entry(only(*PRIORITIES_OVERSIGHT), kwargs={"area_id": "PRIORITIES_AREA"}),
    "priorities:time": Entry(only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_MANAGERS)),
    "priorities:time-confirm": Entry(
        only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_MANAGERS, status=302), method="post"
    ),
    "priorities:digest": Entry(only(*PRIORITIES_UNIT_ROLES, *PRIORITIES_MANAGERS)),
    # --- end priorities ---
    # --- insights ---
    # The health check. Unit A holds every unit role and is managed by the team manager (area one: the
    # service manager and head of service); INSIGHTS_AREA is area one. The performance analyst, workforce
    # lead and system administrator see none of it. Heads of service, the PSW, the quality lead and the
    # director see every unit and the summaries; the last three change thresholds and ask for the figures
    # again (the check page with nothing to check sends them back to the form).
    "insights:heatmap": Entry(only(*INSIGHTS_VIEWERS)),
    "insights:refresh": Entry(only(*INSIGHTS_SETTERS, status=302), method="post"),
    "insights:unit": Entry(only(*INSIGHTS_VIEWERS), kwargs={"code": "unit-a"}),
    "insights:indicator": Entry(only(*INSIGHTS_VIEWERS), kwargs={"code": "unit-a", "key": "c8-layers"}),
    "insights:service": Entry(only(*INSIGHTS_ALL), kwargs={"area_id": "INSIGHTS_AREA"}),
    "insights:authority": Entry(only(*INSIGHTS_ALL)),
    "insights:thresholds": Entry(only(*INSIGHTS_VIEWERS)),
    "insights:threshold": Entry(only(*INSIGHTS_VIEWERS), kwargs={"key": "c8-unit-size"}),
    "insights:threshold-check": Entry(only(*INSIGHTS_SETTERS, status=302), kwargs={"key": "c8-unit-size"}),
    # --- end insights ---
    # --- insights report ---
    # The health check report (page and PDF): those who see every unit. With no figures yet (as here) the
    # PDF link answers with the page saying so.
    "insights:report": Entry(only(*INSIGHTS_REPORT_READERS)),
    "insights:report-pdf": Entry(only(*INSIGHTS_REPORT_READERS)),
    # --- end insights report ---
    # --- returns ---
    # RETURNS_* (tests/factories_returns.py: returns_case): a finished CIN census run, and a data problem
    # of a child of unit A. The performance analyst and the director run and download returns (the whole
    # authority); line managers also see the data-quality page (their units); only the analyst marks a
    # problem explained. Everyone signed in has their own list of data problems.
    "returns:runs": Entry(only(*RETURNS_RUNNERS)),
    "returns:run": Entry(only(*RETURNS_RUNNERS), kwargs={"run_id": "RETURNS_RUN"}),
    "returns:run-progress": Entry(only(*RETURNS_RUNNERS, status=302), kwargs={"run_id": "RETURNS_RUN"}),
    "returns:download": Entry(only(*RETURNS_RUNNERS), kwargs={"run_id": "RETURNS_RUN"}),
    "returns:data-quality": Entry(only(*RETURNS_RUNNERS, *RETURNS_MANAGERS)),
    "returns:refresh": Entry(only(OrgRole.PERFORMANCE_ANALYST, status=302), method="post"),
    "returns:explain": Entry(only(OrgRole.PERFORMANCE_ANALYST), kwargs={"problem_id": "RETURNS_PROBLEM"}),
    "returns:my-problems": Entry(signed_in()),
    # --- end returns ---
    # --- looked-after recording ---
    # Looked-after details of EPISODE_CHILD (a child of unit A with an open looked-after episode); LAC_REVIEW
    # a review of that child. Reading: whoever reaches the child (workforce lead, system administrator:
    # 404). Recording: members and managers of a unit (403 for the rest), as for episodes. Census details
    # of a staff record: only the workforce lead, who changes staff records.
    "cases:looked-after-details": Entry(
        signed_in() | {OrgRole.WORKFORCE_LEAD: 404, ADMIN: 404}, kwargs={"child_id": "EPISODE_CHILD"}
    ),
    **{
        name: Entry(
            only(*[r for r in STAFF if r not in {ADMIN, OrgRole.WORKFORCE_LEAD, *AUTHORITY_WIDE_CASE_ROLES}]),
            kwargs=kwargs,
        )
        for name, kwargs in {
            "cases:looked-after-fact-add": {"child_id": "EPISODE_CHILD", "kind": "reviews"},
            "cases:looked-after-fact-change": {
                "child_id": "EPISODE_CHILD",
                "kind": "reviews",
                "item_id": "LAC_REVIEW",
            },
            "cases:looked-after-episode-details": {
                "child_id": "EPISODE_CHILD",
                "episode_id": "EPISODE_LOOKED_AFTER",
            },
        }.items()
    },
    "workforce:census-details": Entry(only(OrgRole.WORKFORCE_LEAD), kwargs={"staff_id": "WORKFORCE_STAFF"}),
    # --- end looked-after recording ---
}


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in EXCLUDED_NAMESPACES:
                continue
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>"


def all_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def test_every_url_is_in_the_matrix():
    missing = all_url_names() - set(MATRIX)
    assert not missing, f"URLs with no entry in the authorisation matrix: {sorted(missing)}"


def test_matrix_names_no_url_that_does_not_exist():
    stale = set(MATRIX) - all_url_names()
    assert not stale, f"Matrix entries for URLs that no longer exist: {sorted(stale)}"


def test_every_entry_covers_every_role():
    for name, entry in MATRIX.items():
        assert set(entry.expected) == set(EVERYONE), f"{name} does not say what each role gets"


def _resolve_kwargs(entry: Entry, org) -> dict:
    kwargs = {}
    for key, value in entry.kwargs.items():
        if value == "MEMBERSHIP":
            value = org.unit_a.memberships.first().pk
        elif value == "PERSON":
            value = org.other_unit_worker.pk
        elif isinstance(value, str) and value.startswith("EPISODE_"):  # episodes, allocation and plans
            from .factories import episode_case

            value = getattr(episode_case(org), value.removeprefix("EPISODE_").lower()).pk
        elif value == "NOTE_A":  # notes, drafts and chronology: a final note by the social worker
            from .factories import ChildFactory, note_about

            child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
            value = note_about([child], by=org["social-worker"]).pk
        elif value == "CHILD_A":  # a child allocated to unit A, lead worker the social worker
            from .factories import ChildFactory

            value = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"]).pk
        # --- supervision ---
        elif isinstance(value, str) and value.startswith("SUPERVISION_"):
            from .factories_supervision import supervision_case

            value = getattr(supervision_case(org), value.removeprefix("SUPERVISION_").lower()).pk
        # --- end supervision ---
        # --- meetings ---
        elif isinstance(value, str) and value.startswith("MEETINGS_"):
            from .factories_meetings import meetings_case

            value = getattr(meetings_case(org), value.removeprefix("MEETINGS_").lower()).pk
        # --- end meetings ---
        # --- support ---
        elif isinstance(value, str) and value.startswith("SUPPORT_"):
            from .factories_support import support_case

            value = getattr(support_case(org), value.removeprefix("SUPPORT_").lower()).pk
        # --- end support ---
        # --- clinical ---
        elif isinstance(value, str) and value.startswith("CLINICAL_"):
            from .factories_support import clinical_case

            value = getattr(clinical_case(org), value.removeprefix("CLINICAL_").lower()).pk
        # --- end clinical ---
        # --- budgets ---
        elif isinstance(value, str) and value.startswith("BUDGETS_"):
            from .factories_budgets import budgets_case

            value = getattr(budgets_case(org), value.removeprefix("BUDGETS_").lower()).pk
        # --- end budgets ---
        # --- workforce ---
        # --- looked-after recording ---
        elif value == "LAC_REVIEW":  # a looked-after review of EPISODE_CHILD
            import datetime

            from hearth.cases.models import LookedAfterReview

            from .factories import episode_case

            child = episode_case(org).child
            value = LookedAfterReview.objects.create(
                child=child, review=datetime.date(2026, 2, 2), review_code="PN1"
            ).pk
        # --- end looked-after recording ---
        elif value == "WORKFORCE_STAFF":  # a staff record in unit A
            from .factories_workforce import StaffRecordFactory

            value = StaffRecordFactory(unit=org.unit_a).pk
        # --- end workforce ---
        # --- framework ---
        elif isinstance(value, str) and value.startswith("FRAMEWORK_"):
            from .factories_framework import framework_case

            found = getattr(framework_case(org), value.removeprefix("FRAMEWORK_").lower())
            value = found.number if key == "number" else getattr(found, "pk", found)
        # --- end framework ---
        # --- audits ---
        elif isinstance(value, str) and value.startswith("AUDITS_"):
            from .factories_audits import audits_case

            value = getattr(audits_case(org), value.removeprefix("AUDITS_").lower()).pk
        # --- end audits ---
        # --- learning ---
        elif isinstance(value, str) and value.startswith("LEARNING_"):
            from .factories_learning import learning_case

            value = getattr(learning_case(org), value.removeprefix("LEARNING_").lower()).pk
        # --- end learning ---
        # --- feedback ---
        elif isinstance(value, str) and value.startswith("FEEDBACK_"):
            from .factories_feedback import feedback_case

            found = getattr(feedback_case(org), value.removeprefix("FEEDBACK_").lower())
            value = getattr(found, "pk", found)
        # --- end feedback ---
        # --- priorities ---
        elif isinstance(value, str) and value.startswith("PRIORITIES_"):
            from .factories_priorities import priorities_case

            value = getattr(priorities_case(org), value.removeprefix("PRIORITIES_").lower()).pk
        # --- end priorities ---
        # --- returns ---
        elif isinstance(value, str) and value.startswith("RETURNS_"):
            from .factories_returns import returns_case

            value = getattr(returns_case(org), value.removeprefix("RETURNS_").lower()).pk
        # --- end returns ---
        # --- insights ---
        elif value == "INSIGHTS_AREA":
            value = org.area.pk
        # --- end insights ---
        kwargs[key] = value
    return kwargs


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_each_role_gets_what_the_matrix_says(url_name, org, client):
    entry = MATRIX[url_name]
    url = reverse(url_name, kwargs=_resolve_kwargs(entry, org))
    wrong = []
    for role in EVERYONE:
        client.logout()
        if role != ANON:
            client.force_login(org[role])
        response = getattr(client, entry.method)(url, entry.data)
        expected = entry.expected[role]
        if expected == SIGN_IN_REDIRECT:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("accounts:sign-in"))
        else:
            ok = response.status_code == expected
        if not ok:
            wrong.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{url_name} ({url}):\n" + "\n".join(wrong)


def test_only_system_administrators_reach_the_django_admin(org, client):
    for role in STAFF:
        client.force_login(org[role])
        response = client.get("/django-admin/")
        expected = 200 if role == ADMIN else 302
        assert response.status_code == expected, role
