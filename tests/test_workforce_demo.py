"""The workforce part of the demo authority."""

from django.core.management import call_command
from django.utils import timezone

from hearth.workforce import figures as f
from hearth.workforce.models import (
    ExtraHours,
    Post,
    PulseParticipation,
    PulseResponse,
    PulseRound,
    PulseTally,
    StaffRecord,
)
from hearth.workforce.selectors import figures as selectors


def _counts():
    return [
        m.objects.count()
        for m in (StaffRecord, Post, PulseResponse, PulseParticipation, PulseRound, ExtraHours)
    ]


def test_small_demo_has_a_workforce_with_realistic_figures_and_reseeding_adds_nothing(db):
    call_command("seed_demo", "--scale", "small", "--quiet")
    today = timezone.localdate()
    by_unit = selectors.components([today])
    now = f.total(by_unit, list(by_unit), 1)[0]
    # Near the national figures (13.8%, 18.9%, 17.8%) even for an authority of four units.
    assert 8 <= now.turnover <= 25 and 10 <= now.vacancy_rate <= 30 and 10 <= now.agency_rate <= 30
    assert now.average_caseload and now.stability
    # One answer per participation, and the counts by characteristic agree with the answers.
    assert PulseResponse.objects.count() == PulseParticipation.objects.count() > 0
    for pulse_round in PulseRound.objects.all():
        respondents = PulseTally.objects.filter(
            round=pulse_round, characteristic="ethnic_group", question="respondents"
        ).values_list("count", flat=True)
        assert sum(respondents) == pulse_round.responses.count()
    # The demo accounts have the open round to answer themselves.
    open_round = PulseRound.objects.get(opens_on__lte=today, closes_on__gte=today)
    assert not PulseParticipation.objects.filter(round=open_round, user__email__regex=r"^[a-z-]+@").exists()
    before = _counts()
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert _counts() == before
