"""Every URL × every role (and signed-out visitors): who gets in, who is turned away.

The test walks the URL configuration. A new URL that is not in MATRIX fails the first test, so nobody
can add a page without deciding who may see it. Add the page to MATRIX with its expected answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hearth.core.roles import ALL_ROLES, OrgRole

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
    # --- cases: notes, drafts and chronology ---
    # --- cases: episodes, allocation and plans ---
    # --- cases: my work, unit caseload and search ---
    # --- api ---
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
