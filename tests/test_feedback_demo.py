"""The demo authority's feedback (hearth/feedback/demo.py): links, answers over six months (some
anonymous, kept as the form keeps them), most read and marked, a few "you said, we did" per unit."""

import datetime

import pytest
from django.core.management import call_command

from hearth.feedback import demo
from hearth.feedback.models import Invitation, Response, Status, week_start
from hearth.organisation.models import Unit


@pytest.fixture
def small_demo(db):
    call_command("seed_demo", "--scale", "small", "--quiet")


def test_the_demo_feedback(small_demo):
    """One seeding (it is slow) for every check."""
    _every_unit_has_links_answers_and_you_said_we_did()
    _anonymous_demo_answers_are_kept_as_the_form_keeps_them()
    _re_running_adds_nothing()


def _every_unit_has_links_answers_and_you_said_we_did():
    for unit in Unit.objects.active():
        assert Invitation.objects.filter(unit=unit).count() == demo.LINKS_PER_UNIT
        responses = Response.objects.filter(unit=unit)
        assert (
            responses.filter(via_form=True).count() == Invitation.objects.filter(unit=unit, used=True).count()
        )
        assert 1 <= responses.filter(publish=True).count() <= 3
        marked = responses.filter(status__in=(Status.ACTED, Status.NOT_ACTED)).count()
        assert marked > responses.count() / 2
        assert not responses.filter(status=Status.NOT_ACTED, publish=True).exists()
        assert all(r.outcome for r in responses.filter(status__in=(Status.ACTED, Status.NOT_ACTED)))


def _anonymous_demo_answers_are_kept_as_the_form_keeps_them():
    anonymous = Response.objects.filter(via_form=True, named=False)
    assert anonymous.exists() and Response.objects.filter(via_form=True, named=True).exists()
    for r in anonymous:
        assert r.child_id is None and r.sent_by_id is None and r.from_whom == ""
        assert r.received_on == week_start(r.received_on)
        assert r.visible_from == r.received_on + datetime.timedelta(days=7)


def _re_running_adds_nothing():
    counts = (Invitation.objects.count(), Response.objects.count())
    call_command("seed_demo", "--scale", "small", "--quiet")
    assert (Invitation.objects.count(), Response.objects.count()) == counts
