"""Shared fixtures: a small organisation with one person per role (design.md §4.9)."""

from dataclasses import dataclass

import pytest

from hearth.core.roles import ALL_ROLES, OrgRole, UnitRole

from .factories import (
    LocalAuthorityFactory,
    MembershipFactory,
    ServiceAreaFactory,
    UnitFactory,
    UserFactory,
)


@dataclass
class Org:
    """Unit A (everyone in a unit role), unit B (one social worker), their managers and central roles."""

    people: dict
    unit_a: object
    unit_b: object
    area: object
    other_area: object
    other_unit_worker: object

    def __getitem__(self, role):
        return self.people[role]


@pytest.fixture
def org(db):
    authority = LocalAuthorityFactory()
    people = {role: UserFactory(email=f"{role}@test.hearth.test") for role in ALL_ROLES}
    for role in OrgRole:
        people[role.value].org_role = role.value
        people[role.value].save(update_fields=["org_role"])
    authority.director = people[OrgRole.DIRECTOR]
    authority.save()
    area = ServiceAreaFactory(
        authority=authority,
        name="Area one",
        service_manager=people[OrgRole.SERVICE_MANAGER],
        head_of_service=people[OrgRole.HEAD_OF_SERVICE],
    )
    other_area = ServiceAreaFactory(authority=authority, name="Area two")
    unit_a = UnitFactory(
        service_area=area, name="Unit A", code="unit-a", manager=people[OrgRole.TEAM_MANAGER]
    )
    unit_b = UnitFactory(service_area=other_area, name="Unit B", code="unit-b")
    for role in UnitRole:
        MembershipFactory(unit=unit_a, user=people[role.value], role=role.value)
    other_unit_worker = UserFactory(email="other-unit-worker@test.hearth.test")
    MembershipFactory(unit=unit_b, user=other_unit_worker, role=UnitRole.SOCIAL_WORKER)
    return Org(people, unit_a, unit_b, area, other_area, other_unit_worker)


def _role_fixture(role):
    @pytest.fixture(name=role.replace("-", "_"))
    def fixture(org):
        return org[role]

    return fixture


for _role in ALL_ROLES:
    globals()[_role.replace("-", "_")] = _role_fixture(_role)


@pytest.fixture
def client_for(client):
    """Sign a test client in as a person: `client_for(user)`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def renew_sessions_on_every_request(settings):
    """Query-count tests compare one request with another: make every request do the same session work
    (in production a session is renewed at most once a minute; tests of that set it back)."""
    settings.SESSION_TOUCH_SECONDS = 0
