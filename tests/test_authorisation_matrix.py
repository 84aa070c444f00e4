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
        }.items()
    },
    "cases:allocate": Entry(
        only(
            "consultant-social-worker",
            *(OrgRole.TEAM_MANAGER, OrgRole.SERVICE_MANAGER, OrgRole.HEAD_OF_SERVICE),
        ),
        kwargs={"child_id": "EPISODE_CHILD"},
    ),
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
