"""The demo's case audits: a tool from the published practice model, last quarter's audits in every unit
with a spread of grades, some moderated with a changed grade, family views, actions open and done; and
seeding again adds nothing."""

from __future__ import annotations

from hearth.audits import demo
from hearth.audits.models import ActionStatus, AuditAction, AuditTool, CaseAudit, FamilyView, Status
from hearth.cases.models import ChronologyEntry, Referral
from hearth.core.roles import OrgRole

from .factories import ChildFactory
from .factories_framework import published_framework


def test_the_demo_audits_have_the_promised_shape_and_reseeding_adds_nothing(org):
    published_framework(user=org[OrgRole.PRINCIPAL_SOCIAL_WORKER])
    for unit in (org.unit_a, org.unit_b):
        for _ in range(8):
            child = ChildFactory(unit=unit)
            Referral.objects.create(child=child, cin_referral_date="2026-01-05", referral_source="1A")
    assert "case audits" in demo.seed("small", "x")
    tool = AuditTool.objects.get()
    assert tool.criteria.count() == 8
    finished = CaseAudit.objects.filter(status__in=[Status.MODERATED, Status.COMPLETED])
    assert finished.filter(unit=org.unit_a).exists() and finished.filter(unit=org.unit_b).exists()
    assert (
        finished.filter(status=Status.MODERATED, moderation_agreed=False)
        .exclude(moderation_reason="")
        .exists()
    )
    assert finished.filter(family_view_status=FamilyView.GATHERED).exists()
    assert {a.status for a in AuditAction.objects.all()} == {ActionStatus.OPEN, ActionStatus.DONE}
    assert CaseAudit.objects.filter(status__in=[Status.PLANNED, Status.IN_PROGRESS]).exists()
    assert ChronologyEntry.objects.filter(source_type="audits.caseaudit").count() == finished.count()
    counts = (CaseAudit.objects.count(), AuditAction.objects.count())
    demo.seed("small", "x")
    assert (CaseAudit.objects.count(), AuditAction.objects.count()) == counts
