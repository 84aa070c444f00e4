"""The wellbeing pulse: anonymous answers, one per person per round, names out of comments."""

import datetime

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.workforce import services
from hearth.workforce.models import EqualityRecord, PulseParticipation, PulseResponse, PulseRound, PulseTally
from hearth.workforce.redaction import REMOVED, remove_names

from .factories import ChildFactory
from .factories_workforce import PULSE_ANSWERS, open_round

PULSE = reverse("workforce:pulse")
MY_WORK = reverse("cases:my-work")


def test_a_response_cannot_be_joined_to_a_person():
    """No link to a person, no time, no sequential key (docs/adr/0007)."""
    fields = PulseResponse._meta.get_fields()
    relations = {f.related_model._meta.label for f in fields if f.is_relation and f.related_model}
    assert relations == {"workforce.PulseRound", "organisation.ServiceArea", "organisation.Unit"}
    assert not [f for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert isinstance(PulseResponse._meta.pk, models.UUIDField)
    participation = {f.name for f in PulseParticipation._meta.get_fields()}
    assert participation == {"id", "round", "user"}


def test_a_worker_answers_the_pulse_once(org, client_for):
    worker = org["social-worker"]
    pulse_round = open_round()
    client = client_for(worker)
    page = client.get(PULSE)
    assert page.status_code == 200 and "Send my answers" in page.content.decode()
    response = client.post(PULSE, PULSE_ANSWERS, follow=True)
    assert "your answers have been saved" in response.content.decode()
    answer = PulseResponse.objects.get()
    assert (answer.unit_id, answer.service_area_id) == (org.unit_a.pk, org.area.pk)
    assert (answer.workload, answer.support, answer.discrimination) == (2, 4, "no")
    assert answer.push_factors == ["burnout", "workload"]
    assert PulseParticipation.objects.filter(round=pulse_round, user=worker).exists()
    # Answered: the form is gone, and posting again changes nothing.
    assert "You have answered this round" in client.get(PULSE).content.decode()
    client.post(PULSE, PULSE_ANSWERS)
    assert PulseResponse.objects.count() == 1
    with pytest.raises(services.PulseError, match="already answered"):
        services.answer_pulse(user=worker, pulse_round=pulse_round, answers=PULSE_ANSWERS)
    assert PulseResponse.objects.count() == 1


def test_the_audit_row_says_who_answered_but_not_what(org, client_for):
    pulse_round = open_round()
    client_for(org["social-worker"]).post(PULSE, PULSE_ANSWERS)
    row = AuditLog.objects.get(action="workforce.pulse.answer")
    assert (
        row.actor == org["social-worker"] and row.object_id == "" and row.detail == f"round {pulse_round.pk}"
    )
    assert str(PulseResponse.objects.get().pk) not in f"{row.detail} {row.object_id} {row.reason}"


def test_answers_are_counted_by_the_groups_the_person_shared(org):
    pulse_round = open_round()
    worker = org["social-worker"]
    EqualityRecord.objects.create(user=worker, ethnic_group="black", disability="prefer-not-to-say")
    services.answer_pulse(
        user=worker, pulse_round=pulse_round, answers=PULSE_ANSWERS | {"discrimination": "yes"}
    )
    counts = {
        (t.characteristic, t.group, t.question, t.answer): t.count
        for t in PulseTally.objects.filter(round=pulse_round, count__gt=0)
    }
    assert counts[("ethnic_group", "black", "respondents", "")] == 1
    assert counts[("ethnic_group", "black", "discrimination", "yes")] == 1
    assert counts[("disability", "prefer-not-to-say", "workload", "2")] == 1
    assert counts[("gender", "not-given", "respondents", "")] == 1
    assert sum(counts.values()) == 5 * 6  # five characteristics, six counts each


def test_a_round_makes_every_count_when_it_opens(db):
    pulse_round = open_round()
    assert PulseTally.objects.filter(round=pulse_round).count() == len(services.tally_keys())
    assert not PulseTally.objects.filter(round=pulse_round, count__gt=0).exists()


def test_missing_answers_show_errors_and_keep_what_was_typed(org, client_for):
    open_round()
    answers = PULSE_ANSWERS | {"workload": "", "comment": "Kept when the page comes back"}
    page = client_for(org["social-worker"]).post(PULSE, answers).content.decode()
    assert "There is a problem" in page
    assert "Select how much you agree that my workload is manageable" in page
    assert "Kept when the page comes back" in page
    assert PulseResponse.objects.count() == 0 and PulseParticipation.objects.count() == 0


def test_no_round_open_and_closed_rounds(org, client_for):
    client = client_for(org["social-worker"])
    assert "no pulse survey open" in client.get(PULSE).content.decode()
    today = timezone.localdate()
    closed = open_round(
        title="Old",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today - datetime.timedelta(days=10),
    )
    with pytest.raises(services.PulseError, match="closed"):
        services.answer_pulse(user=org["social-worker"], pulse_round=closed, answers=PULSE_ANSWERS)


def test_the_system_administrator_cannot_answer_or_see_results(org, client_for):
    open_round()
    client = client_for(org[OrgRole.SYSTEM_ADMINISTRATOR])
    assert client.get(PULSE).status_code == 403
    assert client.get(reverse("workforce:pulse-results")).status_code == 403


def test_the_pulse_is_on_my_work_until_answered(org, client_for):
    client = client_for(org["social-worker"])
    assert "Wellbeing pulse" not in client.get(MY_WORK).content.decode()
    open_round()
    assert "Tell us how work is going" in client.get(MY_WORK).content.decode()
    client.post(PULSE, PULSE_ANSWERS)
    assert "Tell us how work is going" not in client.get(MY_WORK).content.decode()


def test_comments_are_saved_with_names_taken_out(org, client_for):
    ChildFactory(first_name="Zebedee", last_name="Quartermaine", unit=org.unit_a)
    worker = org["social-worker"]
    colleague = org["consultant-social-worker"]
    open_round()
    surname = colleague.full_name.split()[-1]
    text = (
        f"I told {colleague.full_name} about Zebedee Quartermaine's visit. Ring Mr Smith on 07700 900123 "
        f"or write to someone@example.org. Emily was kind."
    )
    client_for(worker).post(PULSE, PULSE_ANSWERS | {"comment": text})
    saved = PulseResponse.objects.get().comment
    for name in ("Zebedee", "Quartermaine", surname, "Smith", "07700", "someone@example.org", "Emily"):
        assert name not in saved, name
    assert saved.startswith("I told ") and REMOVED in saved


def test_remove_names_keeps_ordinary_words():
    assert remove_names("My workload is too high and I am tired.", known=set()) == (
        "My workload is too high and I am tired."
    )
    assert remove_names("Sarah's support helps.", known=set()) == f"{REMOVED}'s support helps."


def test_the_workforce_lead_opens_a_round_and_overlaps_are_refused(org, client_for):
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    url = reverse("workforce:pulse-round-add")
    today = timezone.localdate()
    data = {
        "title": "Pulse: spring",
        "opens_on": today.strftime("%d/%m/%Y"),
        "closes_on": (today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"),
    }
    assert client.post(url, data).status_code == 302
    pulse_round = PulseRound.objects.get()
    assert pulse_round.created_by == org[OrgRole.WORKFORCE_LEAD]
    assert PulseTally.objects.filter(round=pulse_round).exists()
    page = client.post(url, data | {"title": "Pulse: overlapping"}).content.decode()
    assert "Another round is open on some of these dates" in page
    page = client.post(url, data | {"closes_on": "not a date"}).content.decode()
    assert "There is already a round with this name" in page and "as a real date" in page
    assert PulseRound.objects.count() == 1
    assert client_for(org[OrgRole.DIRECTOR]).get(url).status_code == 403


def test_results_query_count_does_not_grow_with_answers(org, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories_workforce import responses

    pulse_round = open_round()
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    responses(pulse_round, org.unit_a, 6)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workforce:pulse-results"))
    responses(pulse_round, org.unit_a, 60)
    responses(pulse_round, org.unit_b, 60)
    open_round(
        title="Earlier",
        opens_on=pulse_round.opens_on - datetime.timedelta(days=100),
        closes_on=pulse_round.opens_on - datetime.timedelta(days=80),
    )
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workforce:pulse-results"))
    assert len(many) == len(few)
