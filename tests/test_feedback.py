"""Feedback from children, families and staff (hearth.feedback): links that work once, anonymity that
holds against every staff page and the models, reading and marking, "you said, we did", the measures,
permissions and audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.models import AuditLog
from hearth.feedback import selectors, services
from hearth.feedback.models import (
    LINK_DAYS,
    Invitation,
    InvitationRefused,
    Kind,
    Response,
    Status,
    TransitionError,
    week_start,
)

from .factories import ChildFactory
from .factories_feedback import ResponseFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "step": "answers",
    "listened": "sometimes",
    "helped": "The pizza at the family meeting",
    "differently": "Ring before you come round",
}


@pytest.fixture(autouse=True)
def forget_code_tries():
    """Wrong codes are counted per address in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def child(org):
    return ChildFactory(
        unit=org.unit_a, unit__lead_worker=org["social-worker"], first_name="Wrenna", last_name="Quillfeather"
    )


def _send(org, child=None, now=None, **kw):
    return services.send_invitation(
        by=org["social-worker"],
        unit=org.unit_a,
        child=child,
        recipient=kw.get("recipient", "young-person"),
        version=kw.get("version", "standard"),
        now=now,
    )


def _link(sent) -> str:
    return reverse("feedback:give-link", args=[sent.token])


# --- invitations -----------------------------------------------------------------------------------


def test_sending_keeps_only_hashes_and_is_audited(org, child):
    sent = _send(org, child)
    inv = Invitation.objects.get()
    assert sent.token not in (inv.token_hash, inv.code_hash) and sent.code not in (
        inv.token_hash,
        inv.code_hash,
    )
    assert inv.token_hash == services.secret_hash(sent.token)
    assert len(sent.code) == 8 and set(sent.code) <= set(services.CODE_ALPHABET)
    assert not set(sent.code) & set("01OILSZB258")
    assert inv.expires_at - inv.sent_at == datetime.timedelta(days=LINK_DAYS)
    row = AuditLog.objects.get(action="feedback.invitation.send")
    assert row.actor == org["social-worker"] and row.child_id == child.pk


def test_only_the_unit_can_send(org, child):
    with pytest.raises(Exception, match="Only members and managers"):
        services.send_invitation(
            by=org.other_unit_worker, unit=org.unit_a, child=child, recipient="parent", version="standard"
        )
    assert not Invitation.objects.exists()


def test_send_from_the_childs_record_shows_link_and_code_once(org, child, client):
    client.force_login(org["social-worker"])
    page = client.get(reverse("people:child", args=[child.pk])).content.decode()
    assert reverse("feedback:invite-child", args=[child.pk]) in page
    response = client.post(
        reverse("feedback:invite-child", args=[child.pk]), {"recipient": "parent", "version": "younger"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "/feedback/give/" in html and "Feedback link ready" in html
    inv = Invitation.objects.get()
    assert inv.child == child and inv.unit == org.unit_a and inv.version == "younger"


def test_send_form_errors_change_nothing(org, client):
    client.force_login(org["social-worker"])
    response = client.post(reverse("feedback:invite-unit", args=["unit-a"]), {})
    assert response.status_code == 200 and b"Choose who the link is for" in response.content
    assert not Invitation.objects.exists()


# --- the link works once --------------------------------------------------------------------------


def test_a_link_works_once_without_an_account(org, child, client):
    sent = _send(org, child)
    assert client.get(_link(sent)).status_code == 200
    response = client.post(_link(sent), ANSWERS)
    assert response.status_code == 302 and response["Location"] == reverse("feedback:thanks")
    assert Response.objects.count() == 1
    assert Invitation.objects.get().used is True
    # Afterwards: refused, kindly, on GET and POST, and nothing changes.
    again = client.get(_link(sent))
    assert again.status_code == 410 and b"already been used" in again.content
    before = list(Response.objects.values())
    again = client.post(_link(sent), ANSWERS | {"helped": "Second go"})
    assert again.status_code == 410 and b"already been used" in again.content
    assert list(Response.objects.values()) == before


def test_an_expired_link_is_refused_and_changes_nothing(org, child, client):
    sent = _send(org, child, now=timezone.now() - datetime.timedelta(days=LINK_DAYS, minutes=1))
    for response in (client.get(_link(sent)), client.post(_link(sent), ANSWERS)):
        assert response.status_code == 410 and b"run out" in response.content
    assert not Response.objects.exists()
    assert Invitation.objects.get().used is False


def test_an_unknown_link_is_refused(client, db):
    response = client.get(reverse("feedback:give-link", args=["not-a-real-link"]))
    assert response.status_code == 410 and b"could not find" in response.content


def test_the_service_refuses_a_used_invitation(org):
    sent = _send(org)
    services.give_feedback(invitation=sent.invitation, answers=services.Answers(helped="Yes"))
    with pytest.raises(InvitationRefused):
        services.give_feedback(invitation=sent.invitation, answers=services.Answers(helped="Again"))
    assert Response.objects.count() == 1


def test_an_empty_form_is_refused_and_keeps_the_link_usable(org, client):
    sent = _send(org)
    response = client.post(_link(sent), {"step": "answers", "differently": "   "})
    assert response.status_code == 200 and b"Answer at least one question" in response.content
    assert not Response.objects.exists() and Invitation.objects.get().used is False


def test_the_younger_form_has_faces_with_words(org, client):
    sent = _send(org, version="younger")
    html = client.get(_link(sent)).content.decode()
    assert 'type="radio"' in html
    assert 'aria-hidden="true">😀</span> Happy: yes, they listened' in html
    assert "<script>" not in html and "style=" not in html
    html = client.get(_link(sent) + "?version=standard").content.decode()
    assert "Sometimes" in html and "😀" not in html


# --- the code ---------------------------------------------------------------------------------------


def test_a_typed_code_works_once(org, client):
    sent = _send(org)
    typed = f"{sent.code[:4].lower()} - {sent.code[4:].lower()}"
    page = client.post(reverse("feedback:give"), {"step": "code", "code": typed})
    assert page.status_code == 200 and b"Did your worker listen to you?" in page.content
    done = client.post(reverse("feedback:give"), ANSWERS | {"code": sent.code})
    assert done.status_code == 302 and Response.objects.count() == 1
    again = client.post(reverse("feedback:give"), {"step": "code", "code": sent.code})
    assert b"already been used" in again.content
    again = client.post(reverse("feedback:give"), ANSWERS | {"code": sent.code})
    assert b"already been used" in again.content and Response.objects.count() == 1


def test_guessing_codes_is_stopped(org, client):
    sent = _send(org)
    for _ in range(10):
        client.post(reverse("feedback:give"), {"step": "code", "code": "AAAA-AAAA"})
    response = client.post(reverse("feedback:give"), {"step": "code", "code": sent.code})
    assert b"too many tries" in response.content
    assert Invitation.objects.get().used is False


# --- anonymity --------------------------------------------------------------------------------------


def _anonymous_last_week(org, child, client):
    """An anonymous answer given 8 days ago (so staff can see it now), through the real form."""
    then = timezone.now() - datetime.timedelta(days=8)
    sent = _send(org, child, now=then - datetime.timedelta(days=1))
    services.give_feedback(
        invitation=sent.invitation,
        answers=services.Answers(listened="no", helped="Nothing much", differently="Listen more"),
        now=then,
    )
    return sent, then


def test_the_anonymous_response_holds_nothing_that_leads_back(org, child, client):
    audit_before = AuditLog.objects.count()
    sent, then = _anonymous_last_week(org, child, client)
    response = Response.objects.get()
    assert response.named is False and response.child_id is None and response.sent_by_id is None
    assert response.from_whom == ""
    assert response.received_on == week_start(timezone.localdate(then))
    assert response.visible_from == response.received_on + datetime.timedelta(days=7)
    # The models: no key from a response to an invitation; no time of use anywhere.
    related = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    assert Invitation not in related
    assert not any(f.is_relation and f.related_model is Response for f in Invitation._meta.get_fields())
    assert {f.name for f in Invitation._meta.concrete_fields} == {
        "id", "unit", "child", "sent_by", "recipient", "version", "token_hash", "code_hash",
        "sent_at", "expires_at", "used",
    }  # fmt: skip
    # The only time a response keeps of its giving is a day (the Monday): no created or updated time.
    names = {f.name for f in Response._meta.concrete_fields}
    assert not names & {"created_at", "updated_at", "submitted_at", "used_at", "invitation"}
    assert Response._meta.get_field("received_on").get_internal_type() == "DateField"
    assert not str(response.pk).isdigit()  # a random key, not a running number
    # Giving feedback wrote no audit row (it would time the use of the link).
    assert AuditLog.objects.count() == audit_before + 1  # the send only


def test_anonymous_feedback_waits_until_its_week_is_over(org, child, client):
    sent = _send(org, child)
    client.post(_link(sent), ANSWERS)
    response = Response.objects.get()
    assert response.visible_from > timezone.localdate()
    client.force_login(org["social-worker"])
    assert client.get(reverse("feedback:response", args=[response.pk])).status_code == 404
    assert b"There is no feedback here" in client.get(reverse("feedback:unit", args=["unit-a"])).content


STAFF_PAGES = [
    ("feedback:overview", {}),
    ("feedback:unit", {"code": "unit-a"}),
    ("feedback:service", {}),
    ("feedback:you-said", {}),
    ("feedback:unit-you-said", {"code": "unit-a"}),
]
#: Pages that rightly name the worker and the child for other reasons (the unit's members; the audit log
#: of the link being sent): they must still hold no secret and nothing about the response.
OTHER_PAGES = [("organisation:unit", {"code": "unit-a"}), ("core:audit-log", {})]


@pytest.mark.parametrize("role", ["social-worker", "team-manager", "principal-social-worker", "quality-lead"])
def test_no_staff_page_ties_an_anonymous_response_to_the_person(org, child, client, role):
    sent, _then = _anonymous_last_week(org, child, client)
    response = Response.objects.get()
    services.mark_response(
        by=org["team-manager"], response=response, acted=True, outcome="We ring first now",
        publish=True, you_said="Ring before visits", we_did="We ring the day before",
    )  # fmt: skip
    secrets = [
        child.first_name, child.last_name, str(child.pk), org["social-worker"].full_name, sent.token,
        sent.code, sent.code_in_words, f"/children/{child.pk}/", str(sent.invitation.pk),
    ]  # fmt: skip
    client.force_login(org[role])
    pages = [reverse(name, kwargs=kwargs) for name, kwargs in STAFF_PAGES]
    pages += [reverse("feedback:response", args=[response.pk])]
    pages += [f"{reverse('feedback:unit', args=['unit-a'])}?shown={s}" for s in ("unread", "read", "marked")]
    seen = 0
    for name, kwargs in OTHER_PAGES:
        page = client.get(reverse(name, kwargs=kwargs))
        for secret in (sent.token, sent.code, sent.code_in_words):
            assert secret not in page.content.decode(), (name, secret)
    for url in pages:
        page = client.get(url)
        if page.status_code != 200:
            continue
        seen += 1
        html = page.content.decode()
        # The worker's name may appear as the person signed in, never as the sender.
        checked = [s for s in secrets if s != org["social-worker"].full_name or role != "social-worker"]
        for secret in checked:
            if secret == str(sent.invitation.pk) or secret == str(child.pk):
                assert f"/{secret}/" not in html, (url, secret)
            else:
                assert secret not in html, (url, secret)
    assert seen >= 5
    html = client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Anonymous" in html and "Link sent by" not in html
    # Audit rows about reading it name no child and no invitation.
    for row in AuditLog.objects.filter(action__startswith="feedback.response"):
        assert row.child_id is None and row.object_type != "feedback.invitation"


def test_the_childs_record_never_says_whether_a_link_was_used(org, child, client):
    sent = _send(org, child)
    client.force_login(org["social-worker"])
    before = client.get(reverse("people:child", args=[child.pk])).content.decode()
    services.give_feedback(invitation=sent.invitation, answers=services.Answers(helped="Yes"))
    after = client.get(reverse("people:child", args=[child.pk])).content.decode()
    section = lambda html: html[html.index("Send a feedback link") - 400 : html.index("Send a feedback link")]  # noqa: E731
    assert section(before) == section(after)


def test_a_named_response_shows_the_child_and_the_worker(org, child, client):
    sent = _send(org, child)
    client.post(_link(sent), ANSWERS | {"named": "on", "name": "Ash"})
    response = Response.objects.get()
    assert response.named and response.child == child and response.sent_by == org["social-worker"]
    assert response.received_on == timezone.localdate() == response.visible_from
    client.force_login(org["team-manager"])
    html = client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    assert "Ash" in html and child.full_name in html and org["social-worker"].full_name in html
    assert AuditLog.objects.filter(action="feedback.response.view", child_id=child.pk).exists()


def test_a_name_typed_without_ticking_is_not_kept(org, child, client):
    sent = _send(org, child)
    client.post(_link(sent), ANSWERS | {"name": "Ash"})
    response = Response.objects.get()
    assert response.from_whom == "" and not response.named


# --- permissions ------------------------------------------------------------------------------------


def test_who_sees_which_units_responses(org, client):
    mine = ResponseFactory(unit=org.unit_a)
    theirs = ResponseFactory(unit=org.unit_b)
    assert set(Response.objects.visible_to(org["social-worker"])) == {mine}
    assert set(Response.objects.visible_to(org["team-manager"])) == {mine}
    assert set(Response.objects.visible_to(org.other_unit_worker)) == {theirs}
    for role in ("principal-social-worker", "quality-lead"):
        assert set(Response.objects.visible_to(org[role])) == {mine, theirs}
    for role in ("director", "performance-analyst", "workforce-lead", "system-administrator"):
        assert not Response.objects.visible_to(org[role]).exists()
    client.force_login(org["social-worker"])
    assert client.get(reverse("feedback:response", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("feedback:unit", args=["unit-b"])).status_code == 404


# --- reading and marking ----------------------------------------------------------------------------


def test_reading_marks_read_and_is_audited(org, client):
    response = ResponseFactory(unit=org.unit_a)
    client.force_login(org["consultant-social-worker"])
    assert client.get(reverse("feedback:response", args=[response.pk])).status_code == 200
    response.refresh_from_db()
    assert response.status == Status.READ and response.read_by == org["consultant-social-worker"]
    assert AuditLog.objects.filter(action="feedback.response.view", object_id=str(response.pk)).count() == 1


def test_marking_acted_on_and_publishing(org, client):
    response = ResponseFactory(unit=org.unit_a)
    client.force_login(org["team-manager"])
    url = reverse("feedback:mark", args=[response.pk])
    bad = client.post(url, {"result": "acted", "outcome": "We changed visits", "publish": "on"})
    assert bad.status_code == 200 and b"Write what people said" in bad.content
    response.refresh_from_db()
    assert response.status == Status.READ  # read when the page was shown again, not marked
    ok = client.post(
        url,
        {"result": "acted", "outcome": "We changed visits", "publish": "on", "you_said": "Visits were late",
         "we_did": "We text when we are running late"},
    )  # fmt: skip
    assert ok.status_code == 302
    response.refresh_from_db()
    assert response.status == Status.ACTED and response.publish and response.marked_by == org["team-manager"]
    assert AuditLog.objects.filter(action="feedback.response.acted").count() == 1
    public = client.get(reverse("feedback:public-you-said", args=["unit-a"])).content.decode()
    assert "We text when we are running late" in public and "We changed visits" not in public
    client.logout()
    assert client.get(reverse("feedback:public-you-said", args=["unit-a"])).status_code == 200


def test_marking_twice_and_not_acted_without_a_reason_are_refused(org):
    response = ResponseFactory(unit=org.unit_a)
    with pytest.raises(Exception, match="why we are not acting"):
        services.mark_response(by=org["team-manager"], response=response, acted=False, outcome=" ")
    with pytest.raises(Exception, match="Only feedback we acted on"):
        services.mark_response(
            by=org["team-manager"], response=response, acted=False, outcome="Out of our hands", publish=True
        )
    services.mark_response(by=org["team-manager"], response=response, acted=False, outcome="Out of our hands")
    with pytest.raises(TransitionError, match="already been marked"):
        services.mark_response(by=org["team-manager"], response=response, acted=True, outcome="Now we did")
    response.refresh_from_db()
    assert response.status == Status.NOT_ACTED and not response.publish


def test_another_unit_cannot_mark(org):
    response = ResponseFactory(unit=org.unit_a)
    with pytest.raises(TransitionError):
        services.mark_response(by=org.other_unit_worker, response=response, acted=True, outcome="x")


def test_staff_record_a_complaint(org, client):
    client.force_login(org["unit-coordinator"])
    url = reverse("feedback:record", args=["unit-a"])
    assert b"Choose what kind" in client.post(url, {}).content
    today = timezone.localdate()
    done = client.post(
        url, {"kind": "complaint", "said": "The letter came late", "received_on": f"{today:%d/%m/%Y}"}
    )
    assert done.status_code == 302
    response = Response.objects.get()
    assert response.kind == Kind.COMPLAINT and response.unit == org.unit_a and not response.via_form
    assert AuditLog.objects.filter(action="feedback.response.record").count() == 1


def test_unpublished_and_not_acted_items_stay_off_you_said_we_did(org, client):
    ResponseFactory(unit=org.unit_a, status=Status.ACTED, you_said="Secret", we_did="Hidden", publish=False)
    ResponseFactory(unit=org.unit_a, status=Status.NOT_ACTED, you_said="No", we_did="Nope", publish=True)
    html = client.get(reverse("feedback:public-you-said", args=["unit-a"])).content.decode()
    assert "Hidden" not in html and "Nope" not in html and "Nothing has been published yet" in html


# --- measures ---------------------------------------------------------------------------------------


def test_measures_are_worked_out_as_documented(org):
    today = datetime.date(2026, 3, 18)  # a Wednesday
    start, end = selectors.period(today)
    assert end == datetime.date(2026, 3, 16) and start == end - datetime.timedelta(weeks=13)
    tz = timezone.get_current_timezone()
    at = lambda d: datetime.datetime.combine(d, datetime.time(10), tzinfo=tz)  # noqa: E731
    for i in range(4):  # 4 links in the period, 1 before it, 1 this week
        sent = _send(org, now=at(start + datetime.timedelta(days=i * 7)))
        if i < 3:
            Invitation.objects.filter(pk=sent.invitation.pk).update(used=True)
    _send(org, now=at(start - datetime.timedelta(days=1)))
    _send(org, now=at(end + datetime.timedelta(days=1)))
    day = start + datetime.timedelta(days=10)
    ResponseFactory(
        unit=org.unit_a, received_on=day, status=Status.ACTED, marked_at=at(day + datetime.timedelta(days=2))
    )
    ResponseFactory(
        unit=org.unit_a, received_on=day, status=Status.ACTED, marked_at=at(day + datetime.timedelta(days=6))
    )
    ResponseFactory(
        unit=org.unit_a, received_on=day, status=Status.ACTED, marked_at=at(day + datetime.timedelta(days=10))
    )
    ResponseFactory(unit=org.unit_a, received_on=day, status=Status.NOT_ACTED, marked_at=at(day))
    ResponseFactory(unit=org.unit_a, received_on=day, status=Status.UNREAD)
    ResponseFactory(unit=org.unit_a, received_on=end, status=Status.ACTED, marked_at=at(end))  # this week
    m = selectors.measures_by_unit([org.unit_a.pk, org.unit_b.pk], today)
    a = m[org.unit_a.pk]
    assert (a.sent, a.answered, a.response_rate) == (4, 3, 0.75)
    assert (a.responses, a.acted, a.not_acted, a.unread) == (5, 3, 1, 1)
    assert a.share_acted == 0.6 and a.median_days_to_act == 6
    assert a.response_rate_in_words() == "75%" and a.median_in_words() == "6 days"
    assert m[org.unit_b.pk].response_rate is None and m[org.unit_b.pk].share_acted_in_words() == "No data yet"


# --- query counts -----------------------------------------------------------------------------------


def _make(org, n):
    for i in range(n):
        kid = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
        ResponseFactory(unit=org.unit_a, named=bool(i % 2), child=kid if i % 2 else None)
        ResponseFactory(
            unit=org.unit_a,
            status=Status.ACTED,
            marked_at=timezone.now(),
            marked_by=org["team-manager"],
            publish=True,
            you_said="Visits were late",
            we_did="We text when we are late",
        )
        _send(org, kid)


@pytest.mark.parametrize(
    "url",
    [
        "/feedback/",
        "/feedback/units/unit-a/",
        "/feedback/units/unit-a/?shown=marked",
        "/feedback/service/",
        "/feedback/you-said-we-did/",
        "/feedback/you-said-we-did/unit-a/",
        "/organisation/units/unit-a/",
    ],
)
def test_list_query_counts_do_not_grow(org, client, url):
    client.force_login(org["team-manager"])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _make(org, 2)
    small = count()
    _make(org, 12)
    assert count() == small


def test_the_child_record_section_costs_one_query(org, child, client):
    client.force_login(org["social-worker"])
    url = reverse("people:child", args=[child.pk])

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for _ in range(5):
        _send(org, child)
    assert count() == small


# --- rules, for any input -----------------------------------------------------------------------------


@given(st.dates())
def test_week_start_is_the_monday_on_or_before(day):
    monday = week_start(day)
    assert monday.weekday() == 0 and monday <= day and (day - monday).days < 7


@given(
    st.text(alphabet=services.CODE_ALPHABET, min_size=8, max_size=8), st.sampled_from([" ", "-", " - ", ""])
)
def test_a_code_reads_back_however_it_is_typed(code, sep):
    typed = f"{code[:4].lower()}{sep}{code[4:]}"
    assert services.normalise_code(typed) == code
    assert services.normalise_code(services.format_code(code)) == code
