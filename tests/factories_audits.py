"""factory-boy factories for quality assurance audits (hearth.audits). Data is synthetic."""

import datetime

import factory
from django.utils import timezone

from hearth.audits.models import AuditProgramme, AuditTool, CaseAudit, Criterion, SampleMethod

from .factories import ChildFactory, UnitFactory, UserFactory

CRITERIA = [
    (
        "child-centred-voice",
        "Child-centred",
        "The child's wishes and feelings are recorded in their own words.",
    ),
    ("family-led-goals", "Family-led", "The plan sets out goals the family chose, in their words."),
    (
        "strengths-evidence",
        "Strengths and evidence",
        "The assessment names the family's strengths and the evidence for each worry.",
    ),
]


class AuditToolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditTool
        skip_postgeneration_save = True

    name = "Case audit tool"
    created_by = factory.SubFactory(UserFactory)
    model_version = "2"

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        rows = extracted if extracted is not None else CRITERIA
        Criterion.objects.bulk_create(
            Criterion(tool=obj, position=n, statement_key=key, theme=theme, text=text)
            for n, (key, theme, text) in enumerate(rows)
        )


class AuditProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditProgramme

    name = "Quarterly case audit"
    tool = factory.SubFactory(AuditToolFactory)
    owner = factory.SubFactory(UserFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    method = SampleMethod.RANDOM
    seed = 1234


class CaseAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseAudit

    programme = factory.SubFactory(AuditProgrammeFactory)
    unit = factory.SubFactory(UnitFactory)
    child = factory.LazyAttribute(
        lambda a: (
            ChildFactory(unit=a.unit, unit__lead_worker=a.worker) if a.worker else ChildFactory(unit=a.unit)
        )
    )
    worker = None


def audits_case(org):
    """A child of unit A (lead worker the social worker) in a programme the quality lead owns; the audit is
    in progress with the consultant social worker as auditor and the team manager as moderator; one open
    action owned by the social worker. Made once per `org` and kept on it (authorisation matrix)."""
    case = getattr(org, "_audits_case", None)
    if case is not None:
        return case
    from types import SimpleNamespace

    from hearth.audits.models import AuditAction, Status

    programme = AuditProgrammeFactory(owner=org["quality-lead"], tool__created_by=org["quality-lead"])
    audit = CaseAuditFactory(
        programme=programme,
        unit=org.unit_a,
        worker=org["social-worker"],
        auditor=org["consultant-social-worker"],
        moderator=org["team-manager"],
        status=Status.IN_PROGRESS,
        started_at=timezone.now(),
    )
    action = AuditAction.objects.create(
        audit=audit,
        text="Ask the child how they want to be seen",
        owner=org["social-worker"],
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        created_by=org["consultant-social-worker"],
    )
    case = SimpleNamespace(programme=programme, audit=audit, action=action, child=audit.child)
    org._audits_case = case
    return case
