"""Co-design of purpose and vision (hearth.framework): invitation links without an account, anonymity
that cannot be linked back, refused links, every idea equal, the facilitator's outcome, counts by group
on the public page, and query counts of the round page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.models import AuditLog
from hearth.framework import selectors, services
from hearth.framework.models import (
    CoDesignRound,
    Group,
    Idea,
    IdeaSupport,
    Invitation,
    RoundStatus,
    TransitionError,
    week_start,
)

from .factories_framework import codesign_round, invitation

TOKEN = "a-test-token"


@pytest.fixture
def psw(org):
    return org["principal-social-worker"]


@pytest.fixture
def round_(psw):
    return codesign_round(psw)


def snapshot():
    return (
        list(Idea.objects.values_list("pk", "text")),
        list(Invitation.objects.values_list("pk", "uses", "updated_at")),
        AuditLog.objects.count(),
        User.objects.count(),
    )


# --- invitation links -----------------------------------------------------------------------------


def test_an_invited_idea_is_saved_without_an_account(round_, client):
    inv = invitation(round_, TOKEN, group=Group.CHILDREN)
    users = User.objects.count()
    page = client.get(reverse("framework:have-your-say", args=[TOKEN]))
    assert page.status_code == 200 and round_.draft_statement in page.content.decode()
    response = client.post(
        reverse("framework:have-your-say", args=[TOKEN]), {"text": "Listen to us properly", "anonymous": ""}
    )
    assert response.status_code == 302 and response["Location"] == reverse("framework:have-your-say-thanks")
    idea = Idea.objects.get()
    assert (idea.text, idea.group, idea.anonymous, idea.author, idea.invitation) == (
        "Listen to us properly",
        Group.CHILDREN,
        False,
        None,
        inv,
    )
    assert User.objects.count() == users
    assert "_auth_user_id" not in client.session
    inv.refresh_from_db()
    assert inv.uses == 1


def test_an_anonymous_idea_cannot_be_linked_to_the_invitation_or_person(round_, client):
    inv = invitation(round_, TOKEN, group=Group.PARENTS)
    client.post(
        reverse("framework:have-your-say", args=[TOKEN]), {"text": "Ring before visiting", "anonymous": "on"}
    )
    idea = Idea.objects.get()
    assert idea.anonymous and idea.invitation_id is None and idea.author_id is None
    # only the week is kept, and the id is random (not a sequence to set against the audit log)
    assert idea.added_week == week_start(timezone.localdate())
    assert not hasattr(idea, "created_at") and not hasattr(idea, "updated_at")
    assert isinstance(idea.pk, type(__import__("uuid").uuid4()))
    # no stored row names both the idea and the invitation
    for row in AuditLog.objects.all():
        assert not (str(idea.pk) in (row.object_id + row.detail) and row.object_id == str(inv.pk))
        assert str(idea.pk) not in row.object_id + row.detail
    # the invitation's own times did not move when it was used
    before = inv.updated_at
    inv.refresh_from_db()
    assert inv.updated_at == before
    # and the schema refuses an anonymous idea that keeps a link
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(
            round=round_,
            group=Group.PARENTS,
            text="x",
            anonymous=True,
            invitation=inv,
            added_week=idea.added_week,
            visible_from=idea.visible_from,
        )


def test_an_anonymous_staff_idea_keeps_no_author_and_writes_no_audit_row(org, round_):
    worker = org["social-worker"]
    idea = services.add_staff_idea(by=worker, round_=round_, text="Fewer forms", anonymous=True)
    assert idea.author_id is None and idea.invitation_id is None
    # no audit row: its time and request id would tie the idea to the person (ADR 0010)
    assert not AuditLog.objects.filter(action__startswith="framework.codesign").exists()
    # the person counts as taking part, without saying in what
    assert selectors.participation_counts(round_)[Group.STAFF] == 1


@pytest.mark.parametrize(
    "setup, message",
    [
        ({"uses": 1}, "already been used"),
        ({"expires_in_days": -1}, "expired"),
        ({"withdrawn_at": timezone.now()}, "withdrawn"),
    ],
)
def test_a_used_expired_or_withdrawn_link_is_refused_and_changes_nothing(round_, client, setup, message):
    invitation(round_, TOKEN, **setup)
    before = snapshot()
    page = client.get(reverse("framework:have-your-say", args=[TOKEN]))
    assert page.status_code == 410 and message in page.content.decode()
    response = client.post(reverse("framework:have-your-say", args=[TOKEN]), {"text": "An idea"})
    assert response.status_code == 410
    assert message in response.content.decode() and "Nothing has been sent" in response.content.decode()
    assert snapshot() == before


def test_a_single_use_link_works_once(round_, client):
    invitation(round_, TOKEN)
    assert client.post(reverse("framework:have-your-say", args=[TOKEN]), {"text": "First"}).status_code == 302
    before = snapshot()
    second = client.post(reverse("framework:have-your-say", args=[TOKEN]), {"text": "Second"})
    assert second.status_code == 410 and "already been used" in second.content.decode()
    assert snapshot() == before


def test_an_unknown_link_is_refused(round_, client):
    before = snapshot()
    response = client.post(reverse("framework:have-your-say", args=["nonsense"]), {"text": "x"})
    assert response.status_code == 404 and "not recognised" in response.content.decode()
    assert snapshot() == before


def test_a_link_to_a_closed_round_is_refused(round_, psw, client):
    invitation(round_, TOKEN, max_uses=5)
    services.close_round(by=psw, round_=round_)
    before = snapshot()
    assert client.post(reverse("framework:have-your-say", args=[TOKEN]), {"text": "x"}).status_code == 410
    assert snapshot() == before


def test_the_service_refuses_too_and_changes_nothing(round_):
    invitation(round_, TOKEN, expires_in_days=-1)
    before = snapshot()
    with pytest.raises(TransitionError, match="expired"):
        services.add_invited_idea(token=TOKEN, text="x", anonymous=True)
    assert snapshot() == before


def test_an_empty_idea_keeps_the_link_unused(round_, client):
    inv = invitation(round_, TOKEN)
    response = client.post(reverse("framework:have-your-say", args=[TOKEN]), {"text": "  "})
    assert response.status_code == 200 and "Write your idea" in response.content.decode()
    inv.refresh_from_db()
    assert inv.uses == 0 and not Idea.objects.exists()


def test_a_limited_link_takes_its_number_of_ideas(round_):
    inv = invitation(round_, TOKEN, max_uses=3, group=Group.PARTNERS)
    for n in range(3):
        services.add_invited_idea(token=TOKEN, text=f"Idea {n}", anonymous=n % 2 == 0)
    with pytest.raises(TransitionError, match="already been used"):
        services.add_invited_idea(token=TOKEN, text="One more", anonymous=False)
    inv.refresh_from_db()
    assert inv.uses == 3 and Idea.objects.count() == 3


def test_only_a_hash_of_the_token_is_kept(round_, psw):
    inv, token = services.make_invitation(
        by=psw,
        round_=round_,
        group=Group.CHILDREN,
        label="Children in care council",
        max_uses=10,
        expires_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    assert token not in inv.token_hash and len(inv.token_hash) == 64
    assert services.invitation_for_token(token) == inv


def test_making_a_link_with_bad_input_changes_nothing(round_, psw):
    with pytest.raises(ValidationError) as error:
        services.make_invitation(
            by=psw,
            round_=round_,
            group=Group.STAFF,
            label="",
            max_uses=0,
            expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"group", "label", "max_uses", "expires_on"}
    assert not Invitation.objects.exists()


# --- every idea equal -----------------------------------------------------------------------------


def test_ideas_are_shown_without_names_or_roles(org, round_, client):
    director = org["director"]
    services.add_staff_idea(by=director, round_=round_, text="Keep the same worker", anonymous=False)
    client.force_login(org["social-worker"])
    page = client.get(reverse("framework:round", args=[round_.pk])).content.decode()
    assert "Keep the same worker" in page
    assert director.full_name not in page and "Director of children" not in page


def test_ideas_are_ordered_by_week_then_random_id_not_by_who(org, round_):
    people = [org[r] for r in ("director", "student", "head-of-service", "social-worker")]
    for i, person in enumerate(people):
        services.add_staff_idea(by=person, round_=round_, text=f"Idea {i}", anonymous=False)
    ideas = list(selectors.ideas_for_round(round_, org["student"]))
    assert [i.pk for i in ideas] == sorted(i.pk for i in ideas)


def test_comments_and_support(org, round_):
    idea = services.add_staff_idea(
        by=org["student"], round_=round_, text="More time with children", anonymous=False
    )
    assert services.support_idea(by=org["director"], idea=idea, support=True) is True
    assert services.support_idea(by=org["director"], idea=idea, support=True) is True  # once only
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    services.add_comment(by=org["social-worker"], idea=idea, text="Yes, and fewer meetings")
    shown = selectors.ideas_for_round(round_, org["director"]).get()
    assert shown.support_count == 1 and shown.supported_by_me
    assert services.support_idea(by=org["director"], idea=idea, support=False) is False
    with pytest.raises(ValidationError):
        services.add_comment(by=org["social-worker"], idea=idea, text=" ")
    assert AuditLog.objects.filter(action__startswith="framework.codesign.support").count() == 2


# --- the facilitator's outcome and the published statement ----------------------------------------


def test_the_outcome_and_the_published_counts_by_group(org, psw, round_, client):
    staff_idea = services.add_staff_idea(
        by=org["social-worker"], round_=round_, text="Plain words", anonymous=False
    )
    services.support_idea(by=org["student"], idea=staff_idea, support=True)
    invitation(round_, "children", group=Group.CHILDREN, max_uses=5)
    invitation(round_, "parents", group=Group.PARENTS, max_uses=5)
    child_idea = services.add_invited_idea(token="children", text="Keep your promises", anonymous=True)
    services.add_invited_idea(token="children", text="Same worker please", anonymous=True)
    services.add_invited_idea(token="parents", text="Tell us what happens next", anonymous=False)
    with pytest.raises(TransitionError, match="Close the round"):
        services.record_outcome(by=psw, round_=round_, final_statement="x", shaped={})
    services.close_round(by=psw, round_=round_)
    with pytest.raises(TransitionError, match="Write the final statement"):
        services.publish_statement(by=psw, round_=round_)
    services.record_outcome(
        by=psw,
        round_=round_,
        final_statement="We keep our promises and speak plainly.",
        shaped={str(child_idea.pk): "Keeping promises", str(staff_idea.pk): ""},
    )
    assert set(Idea.objects.filter(shaped_statement=True).values_list("pk", flat=True)) == {
        child_idea.pk,
        staff_idea.pk,
    }
    services.publish_statement(by=psw, round_=round_)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
    assert (round_.staff_count, round_.children_count, round_.parents_count, round_.partners_count) == (
        2,
        2,
        1,
        0,
    )
    page = client.get(reverse("framework:public-purpose")).content.decode()
    assert "We keep our promises and speak plainly." in page
    assert "Children and young people" in page and "5 people took part" in page
    for person in (org["social-worker"], org["student"], psw):
        assert person.full_name not in page
    with pytest.raises(TransitionError, match="already been published"):
        services.publish_statement(by=psw, round_=round_)
    assert AuditLog.objects.filter(action="framework.codesign.publish").count() == 1


def test_only_facilitators_run_rounds(org, round_):
    for role in ("social-worker", "director", "system-administrator"):
        with pytest.raises(TransitionError):
            services.close_round(by=org[role], round_=round_)
        with pytest.raises(TransitionError):
            services.open_round(
                by=org[role], title="t", question="q", draft_statement="d", closes_on=timezone.localdate()
            )
    assert CoDesignRound.objects.count() == 1


def test_a_closed_round_takes_no_ideas(org, psw, round_):
    services.close_round(by=psw, round_=round_)
    with pytest.raises(TransitionError, match="no longer taking ideas"):
        services.add_staff_idea(by=org["social-worker"], round_=round_, text="Late idea", anonymous=False)


def test_the_outcome_page_through_the_browser_client(org, psw, round_, client):
    idea = services.add_staff_idea(
        by=org["social-worker"], round_=round_, text="Plain words", anonymous=False
    )
    client.force_login(psw)
    client.post(reverse("framework:round-close", args=[round_.pk]))
    page = client.get(reverse("framework:round-outcome", args=[round_.pk]))
    assert page.status_code == 200 and "Plain words" in page.content.decode()
    response = client.post(
        reverse("framework:round-outcome", args=[round_.pk]),
        {"final_statement": "Final words", f"shaped_{idea.pk.hex}": "on", f"note_{idea.pk.hex}": "Tone"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.shaped_statement and idea.shaped_note == "Tone"
    assert client.post(reverse("framework:round-publish", args=[round_.pk])).status_code == 302
    assert "Final words" in client.get(reverse("framework:public-purpose")).content.decode()


# --- query counts ---------------------------------------------------------------------------------


def test_round_page_query_count_does_not_grow(org, round_, client):
    client.force_login(org["social-worker"])

    def add(n):
        for i in range(n):
            idea = services.add_staff_idea(
                by=org["student"], round_=round_, text=f"Idea {i}", anonymous=i % 2 == 0
            )
            services.add_comment(by=org["director"], idea=idea, text="Agreed")
            services.support_idea(by=org["social-worker"], idea=idea, support=True)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("framework:round", args=[round_.pk])).status_code == 200
        return len(ctx.captured_queries)

    add(2)
    small = queries()
    add(6)
    assert queries() == small


def test_rounds_page_query_count_does_not_grow(org, psw, client):
    client.force_login(org["social-worker"])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("framework:rounds")).status_code == 200
        return len(ctx.captured_queries)

    codesign_round(psw)
    small = queries()
    for _ in range(5):
        codesign_round(psw)
    assert queries() == small


def test_an_anonymous_idea_is_shown_from_the_monday_after_while_the_round_is_open(org, psw, round_):
    today = timezone.localdate()
    named = services.add_staff_idea(
        by=org["student"], round_=round_, text="Named", anonymous=False, today=today
    )
    hidden = services.add_staff_idea(
        by=org["director"], round_=round_, text="Quiet", anonymous=True, today=today
    )
    monday = week_start(today) + datetime.timedelta(days=7)
    assert hidden.visible_from == monday and named.visible_from == today
    viewer = org["social-worker"]
    assert list(selectors.ideas_for_round(round_, viewer)) == [named]
    assert selectors.rounds().get().idea_count == 1
    assert {i.pk for i in selectors.ideas_for_round(round_, viewer, today=monday)} == {named.pk, hidden.pk}
    services.close_round(by=psw, round_=round_)
    round_.refresh_from_db()
    assert selectors.ideas_for_round(round_, viewer).count() == 2
    assert selectors.rounds().get().idea_count == 2


def test_live_counts_are_not_shown_while_the_round_is_open(org, psw, round_, client):
    services.add_staff_idea(by=org["student"], round_=round_, text="Named", anonymous=False)
    client.force_login(org["social-worker"])
    page = client.get(reverse("framework:round", args=[round_.pk])).content.decode()
    assert "shown when the round closes" in page and "Who took part" not in page
    services.close_round(by=psw, round_=round_)
    assert "Who took part" in client.get(reverse("framework:round", args=[round_.pk])).content.decode()
