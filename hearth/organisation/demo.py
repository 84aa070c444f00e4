"""The demo authority: a deterministic, synthetic local authority (design.md §7).

Every demo account is `<role>@demo.hearth.test` (the first of a role) or `<role>-N@demo.hearth.test`.
The plan is a pure function of the scale, so re-running creates nothing twice; the small authority is
the first units of the large one, so a small install can grow to large. Names come from Faker (en-GB),
seeded by the email address so that a person keeps their name whatever else changes.
"""

from __future__ import annotations

import datetime
import random
import time
import zlib
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from hearth.core.roles import OrgRole, UnitRole

from .models import LocalAuthority, Membership, ServiceArea, Unit, UnitType

DEMO_DOMAIN = "demo.hearth.test"
AUTHORITY_NAME = "Northbridge Borough Council (demo)"
AUTHORITY_CODE = "999"  # not a real DfE code

AREA_NAMES = [
    "Front door and assessment",
    "Children in need and protection (North)",
    "Children in need and protection (South)",
    "Children in care",
    "Care leavers",
    "Disabled children",
    "Children in need and protection (East)",
    "Children in need and protection (West)",
    "Adolescents and exploitation",
    "Permanence and adoption",
]
AREA_UNIT_TYPES = [
    UnitType.ASSESSMENT,
    UnitType.CIN_CP,
    UnitType.CIN_CP,
    UnitType.CHILDREN_IN_CARE,
    UnitType.CARE_LEAVERS,
    UnitType.DISABLED_CHILDREN,
    UnitType.CIN_CP,
    UnitType.CIN_CP,
    UnitType.CIN_CP,
    UnitType.CHILDREN_IN_CARE,
]
UNIT_CORE_ROLES = [
    UnitRole.CONSULTANT_SOCIAL_WORKER,
    UnitRole.SOCIAL_WORKER,
    UnitRole.CHILD_PRACTITIONER,
    UnitRole.UNIT_COORDINATOR,
    UnitRole.CLINICIAN,
]
UNITS_PER_TEAM_MANAGER = 3


@dataclass(frozen=True)
class Scale:
    units: int
    areas: int
    heads_of_service: int
    family_support_workers: int
    students: int
    central: dict[str, int]


SCALES = {
    "small": Scale(
        units=4,
        areas=2,
        heads_of_service=1,
        family_support_workers=1,
        students=1,
        central={
            OrgRole.PRINCIPAL_SOCIAL_WORKER: 1,
            OrgRole.QUALITY_LEAD: 1,
            OrgRole.WORKFORCE_LEAD: 1,
            OrgRole.PERFORMANCE_ANALYST: 1,
            OrgRole.SYSTEM_ADMINISTRATOR: 1,
            OrgRole.DIRECTOR: 1,
        },
    ),
    # design.md §5: 1,000 staff with a login in about 150 units of about five.
    "large": Scale(
        units=150,
        areas=10,
        heads_of_service=4,
        family_support_workers=141,
        students=30,
        central={
            OrgRole.PRINCIPAL_SOCIAL_WORKER: 1,
            OrgRole.QUALITY_LEAD: 4,
            OrgRole.WORKFORCE_LEAD: 2,
            OrgRole.PERFORMANCE_ANALYST: 4,
            OrgRole.SYSTEM_ADMINISTRATOR: 3,
            OrgRole.DIRECTOR: 1,
        },
    ),
}


#: What a unit's practice profile rates, each from 0 (struggling) to 1 (strong). The demo seeds of the
#: other apps read the profile so that the health check shows a realistic spread of units.
PRACTICE_THEMES = (
    "meetings",  # cases brought to the unit meeting, with an alternative hypothesis
    "support",  # practical requests done quickly and by the day needed
    "clinical",  # quick consultations; clinical input into many families
    "supervision",  # supervision on time; practice observed
    "audits",  # share of cases audited
    "framework",  # the practice model's prompts used; audits graded good
    "visits",  # children in most need visited on time
    "learning",  # practice experiments, near misses reported, review actions done on time
    "codesign",  # staff taking part in co-designing the purpose and vision
)
#: The small authority's units (the first four of the large one), set so that a small install shows a
#: strong unit, a struggling one and two in between, and the demo team manager's three units differ.
SMALL_LEVELS = {1: 0.85, 2: 0.55, 3: 0.1, 4: 0.6}
STRONG_LEVEL, DEVELOPING_LEVEL, STRUGGLING_LEVEL = (0.78, 0.95), (0.4, 0.66), (0.08, 0.28)


def practice_profile(unit_code: str) -> dict[str, float]:
    """How well the demo unit `unit_code` ("unit-N") works, theme by theme: {theme: strength 0..1}.

    Pure and deterministic (a random number generator seeded by the unit's number). A unit has an
    overall level (about a fifth of units strong, half developing, three in ten struggling: what the
    profile does not touch, such as budgets and unit size, leans strong, so the health check comes out
    at about a third, a half and a fifth; the first four units are fixed by `SMALL_LEVELS`); each theme
    varies around it, and one theme goes against it (a strong unit weak on one thing, a struggling one
    good at one thing). A code that is not "unit-N" gets a developing profile, varied by its text.
    """
    number = unit_code.rsplit("-", 1)[-1]
    seed = int(number) if number.isdigit() else zlib.crc32(unit_code.encode())
    rng = random.Random(f"hearth-demo-profile-{seed}")  # noqa: S311
    if seed in SMALL_LEVELS and number.isdigit():
        level = SMALL_LEVELS[seed]
        rng.random()
    elif not number.isdigit():
        rng.random()
        level = rng.uniform(*DEVELOPING_LEVEL)
    else:
        draw = rng.random()
        band = STRONG_LEVEL if draw < 0.22 else STRUGGLING_LEVEL if draw >= 0.7 else DEVELOPING_LEVEL
        level = rng.uniform(*band)
    profile = {theme: min(1.0, max(0.0, level + rng.gauss(0, 0.1))) for theme in PRACTICE_THEMES}
    odd = rng.choice(PRACTICE_THEMES)
    if level >= STRONG_LEVEL[0]:
        profile[odd] = rng.uniform(0.1, 0.35)
    elif level <= STRUGGLING_LEVEL[1]:
        profile[odd] = rng.uniform(0.6, 0.85)
    else:
        profile[odd] = rng.choice((rng.uniform(0.1, 0.3), rng.uniform(0.8, 0.95)))
    return {theme: round(value, 2) for theme, value in profile.items()}


def demo_email(role: str, n: int = 1) -> str:
    return f"{role}@{DEMO_DOMAIN}" if n == 1 else f"{role}-{n}@{DEMO_DOMAIN}"


@dataclass
class Plan:
    people: dict[str, tuple[str, str]] = field(default_factory=dict)  # email -> (org role, job title)
    areas: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    memberships: list[tuple[str, str, str]] = field(default_factory=list)  # unit code, email, role


def build_plan(scale: Scale) -> Plan:
    plan = Plan()

    def person(role: str, n: int, org_role: str = "") -> str:
        email = demo_email(role, n)
        label = OrgRole(role).label if org_role else UnitRole(role).label
        plan.people[email] = (org_role, label)
        return email

    heads = [
        person(OrgRole.HEAD_OF_SERVICE, h + 1, OrgRole.HEAD_OF_SERVICE) for h in range(scale.heads_of_service)
    ]
    for a in range(scale.areas):
        plan.areas.append(
            {
                "name": AREA_NAMES[a],
                "service_manager": person(OrgRole.SERVICE_MANAGER, a + 1, OrgRole.SERVICE_MANAGER),
                "head_of_service": heads[a % len(heads)],
            }
        )
    for k in range(1, scale.units + 1):
        area = (k - 1) % scale.areas
        code = f"unit-{k}"
        plan.units.append(
            {
                "code": code,
                "name": f"Unit {k}",
                "area": AREA_NAMES[area],
                "unit_type": AREA_UNIT_TYPES[area],
                "manager": person(
                    OrgRole.TEAM_MANAGER, (k - 1) // UNITS_PER_TEAM_MANAGER + 1, OrgRole.TEAM_MANAGER
                ),
            }
        )
        for role in UNIT_CORE_ROLES:
            plan.memberships.append((code, person(role, k), role))
        if k <= scale.family_support_workers:
            plan.memberships.append(
                (code, person(UnitRole.FAMILY_SUPPORT_WORKER, k), UnitRole.FAMILY_SUPPORT_WORKER)
            )
        if k % 2 == 0 and k // 2 <= scale.students:
            plan.memberships.append((code, person(UnitRole.STUDENT, k // 2), UnitRole.STUDENT))
    for role, count in scale.central.items():
        for n in range(1, count + 1):
            person(role, n, role)
    return plan


def _name_for(email: str, faker: Faker) -> str:
    faker.seed_instance(zlib.crc32(email.encode()))
    return f"{faker.first_name()} {faker.last_name()}"


@dataclass
class SeedResult:
    created_people: int
    created_units: int
    created_memberships: int
    seconds: float


def seed(scale: str, password: str) -> str:
    """The organisation part of the demo authority (called by `seed_demo`)."""
    result = seed_organisation(scale, password)
    return (
        f"{result.created_people} people, {result.created_units} units and "
        f"{result.created_memberships} memberships created in {result.seconds:.1f} s"
    )


@transaction.atomic
def seed_organisation(scale_name: str, password: str) -> SeedResult:
    started = time.perf_counter()
    plan = build_plan(SCALES[scale_name])
    user_model = get_user_model()
    faker = Faker("en_GB")
    password_hash = make_password(password)

    existing = set(user_model.objects.filter(email__in=plan.people).values_list("email", flat=True))
    new_people = [
        user_model(
            email=email,
            full_name=_name_for(email, faker),
            org_role=org_role,
            job_title=title,
            password=password_hash,
            is_staff=(org_role == OrgRole.SYSTEM_ADMINISTRATOR),
        )
        for email, (org_role, title) in plan.people.items()
        if email not in existing
    ]
    user_model.objects.bulk_create(new_people, batch_size=500)
    _reset_demo_password(user_model, password, password_hash)
    people = dict(user_model.objects.filter(email__in=plan.people).values_list("email", "pk"))

    authority, _ = LocalAuthority.objects.update_or_create(
        la_code=AUTHORITY_CODE,
        defaults={"name": AUTHORITY_NAME, "director_id": people[demo_email(OrgRole.DIRECTOR)]},
    )
    areas = {}
    for spec in plan.areas:
        area, _ = ServiceArea.objects.update_or_create(
            authority=authority,
            name=spec["name"],
            defaults={
                "service_manager_id": people[spec["service_manager"]],
                "head_of_service_id": people[spec["head_of_service"]],
            },
        )
        areas[spec["name"]] = area.pk

    existing_units = dict(
        Unit.objects.filter(code__in=[u["code"] for u in plan.units]).values_list("code", "pk")
    )
    new_units = [
        Unit(
            code=spec["code"],
            name=spec["name"],
            service_area_id=areas[spec["area"]],
            unit_type=spec["unit_type"],
            manager_id=people[spec["manager"]],
        )
        for spec in plan.units
        if spec["code"] not in existing_units
    ]
    Unit.objects.bulk_create(new_units, batch_size=500)
    for spec in plan.units:  # a small install grown to large: units keep their place in the plan
        if spec["code"] in existing_units:
            Unit.objects.filter(pk=existing_units[spec["code"]]).update(
                service_area_id=areas[spec["area"]],
                unit_type=spec["unit_type"],
                manager_id=people[spec["manager"]],
            )
    units = dict(Unit.objects.filter(code__in=[u["code"] for u in plan.units]).values_list("code", "pk"))

    open_pairs = set(
        Membership.objects.filter(ended_on__isnull=True, unit_id__in=units.values()).values_list(
            "unit_id", "user_id"
        )
    )
    new_memberships = [
        Membership(unit_id=units[code], user_id=people[email], role=role, started_on=_start_date(email))
        for code, email, role in plan.memberships
        if (units[code], people[email]) not in open_pairs
    ]
    Membership.objects.bulk_create(new_memberships, batch_size=1000)
    return SeedResult(
        created_people=len(new_people),
        created_units=len(new_units),
        created_memberships=len(new_memberships),
        seconds=time.perf_counter() - started,
    )


def _start_date(email: str):
    """A plausible, stable start date in the unit: up to six years ago."""
    days = zlib.crc32(email.encode()) % (6 * 365)
    return datetime.date(2026, 9, 1) - datetime.timedelta(days=days)


def _reset_demo_password(user_model, password: str, password_hash: str) -> None:
    """If the demo password changed since the last run, give every demo account the new one."""
    sample = user_model.objects.filter(email=demo_email(OrgRole.DIRECTOR)).first()
    if sample is not None and not sample.check_password(password):
        user_model.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").update(password=password_hash)


def sign_in_table() -> list[tuple[str, str]]:
    """One sign-in per role: (role label, email)."""
    rows = [(UnitRole(r).label, demo_email(r)) for r in UnitRole]
    rows += [(OrgRole(r).label, demo_email(r)) for r in OrgRole]
    return rows
