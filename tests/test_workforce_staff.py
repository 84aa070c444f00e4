"""Staff records, posts, what staff record themselves, and the retention strategy."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.core.models import AuditLog
from hearth.core.roles import OrgRole
from hearth.workforce.models import (
    Conversation,
    CpdRecord,
    EqualityRecord,
    ExtraHours,
    Post,
    RetentionAction,
    SicknessAbsence,
    StaffRecord,
)

from .factories_workforce import PostFactory, StaffRecordFactory

STAFF = reverse("workforce:staff")
POSTS = reverse("workforce:posts")


def _date(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_the_workforce_lead_adds_a_staff_record(org, client_for):
    lead = org[OrgRole.WORKFORCE_LEAD]
    post = PostFactory(unit=org.unit_a)
    data = {
        "full_name": "Ada Example",
        "employee_number": "E100",
        "unit": org.unit_a.pk,
        "post": post.pk,
        "job_title": "Social worker",
        "grade": "po1",
        "fte": "0.8",
        "contract": "permanent",
        "is_social_worker": "on",
        "started_on": "01/02/2025",
        "swe_registration_number": "SW123456",
        "swe_renewal_due": "30/11/2026",
        "asye_status": "completed",
        "email": org["social-worker"].email,
    }
    response = client_for(lead).post(reverse("workforce:staff-add"), data)
    record = StaffRecord.objects.get(employee_number="E100")
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.user == org["social-worker"] and float(record.fte) == 0.8 and record.post == post
    assert AuditLog.objects.filter(
        action="workforce.staff.create", actor=lead, object_id=str(record.pk)
    ).exists()


def test_bad_staff_input_is_explained_and_kept(org, client_for):
    other_post = PostFactory(unit=org.unit_b)
    data = {
        "full_name": "Ada Example",
        "employee_number": "",
        "unit": org.unit_a.pk,
        "post": other_post.pk,
        "job_title": "Social worker",
        "grade": "",
        "fte": "1.5",
        "contract": "permanent",
        "started_on": "31/02/2025",
        "swe_registration_number": "123",
        "email": "nobody@example.org",
    }
    page = client_for(org[OrgRole.WORKFORCE_LEAD]).post(reverse("workforce:staff-add"), data).content.decode()
    for message in (
        "Enter their employee or agency reference",
        "Select their grade",
        "The full-time equivalent must be 1 or less",
        "Enter the start date as a real date",
        "Enter the registration number as SW followed by numbers",
        "There is no Hearth account with this email address",
        "Choose a post in their unit, or no post",
    ):
        assert message in page, message
    assert 'value="Ada Example"' in page
    assert not StaffRecord.objects.exists()


def test_leaving_development_absence_and_conversations(org, client_for):
    lead = client_for(org[OrgRole.WORKFORCE_LEAD])
    record = StaffRecordFactory(unit=org.unit_a)
    today = timezone.localdate()
    leave = reverse("workforce:staff-leave", args=[record.pk])
    page = lead.post(leave, {"left_on": "01/01/2019", "reason": "workload"}).content.decode()
    assert "on or after their start date" in page
    assert lead.post(leave, {"left_on": _date(today), "reason": "workload"}).status_code == 302
    record.refresh_from_db()
    assert record.left_on == today and record.leaving_reason == "workload"

    lead.post(
        reverse("workforce:cpd-add", args=[record.pk]),
        {"title": "Court skills", "kind": "course", "completed_on": _date(today), "hours": "3.5"},
    )
    assert CpdRecord.objects.get(staff=record).hours == 3.5
    page = lead.post(
        reverse("workforce:absence-add", args=[record.pk]),
        {"starts_on": _date(today), "ends_on": _date(today - datetime.timedelta(days=2))},
    ).content
    assert "on or after the first day" in page.decode()
    lead.post(
        reverse("workforce:absence-add", args=[record.pk]),
        {"starts_on": _date(today - datetime.timedelta(days=2)), "ends_on": _date(today)},
    )
    assert SicknessAbsence.objects.filter(staff=record).count() == 1
    url = reverse("workforce:conversation-add", args=[record.pk])
    page = lead.post(url, {"kind": "exit-interview", "held_on": _date(today)}).content.decode()
    assert "Select at least one push or pull factor" in page
    lead.post(
        url,
        {
            "kind": "exit-interview",
            "held_on": _date(today),
            "push": ["workload", "pay"],
            "pull": ["community"],
            "summary": "Honest conversation",
        },
    )
    conversation = Conversation.objects.get(staff=record)
    assert sorted(conversation.factors.values_list("kind", "factor")) == [
        ("pull", "community"),
        ("push", "pay"),
        ("push", "workload"),
    ]
    page = lead.get(record.get_absolute_url()).content.decode()
    for text in (
        "Court skills",
        "Unrealistic workload",
        "Honest conversation",
        "push factor: unrealistic workload",
    ):
        assert text in page
    assert AuditLog.objects.filter(action="workforce.staff.view", object_id=str(record.pk)).exists()


def test_the_director_reads_staff_records_but_does_not_change_them(org, client_for):
    record = StaffRecordFactory(unit=org.unit_a)
    director = client_for(org[OrgRole.DIRECTOR])
    page = director.get(record.get_absolute_url()).content.decode()
    assert escape(record.full_name) in page and "Change the record" not in page
    assert director.get(reverse("workforce:staff-edit", args=[record.pk])).status_code == 403


def test_staff_list_filters_and_its_query_count_is_flat(org, client_for):
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    StaffRecordFactory(unit=org.unit_a, full_name="Findable Person")
    StaffRecordFactory(unit=org.unit_b, contract="agency", left_on=datetime.date(2024, 1, 1))
    page = client.get(STAFF, {"q": "findable"}).content.decode()
    assert "Findable Person" in page
    assert client.get(STAFF, {"status": "left"}).context["page_obj"].paginator.count == 1
    with CaptureQueriesContext(connection) as few:
        client.get(STAFF)
    for _ in range(60):
        StaffRecordFactory(unit=org.unit_a)
    with CaptureQueriesContext(connection) as many:
        response = client.get(STAFF)
    assert len(many) == len(few)
    assert len(response.context["page_obj"].object_list) == 50


def test_posts_show_vacancies_and_agency_cover_with_a_flat_query_count(org, client_for):
    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    filled, covered, empty = (PostFactory(unit=org.unit_a) for _ in range(3))
    StaffRecordFactory(unit=org.unit_a, post=filled)
    StaffRecordFactory(unit=org.unit_a, post=covered, contract="agency")
    response = client.get(POSTS, {"vacant": "on"})
    rows = {row.post.pk: row for row in response.context["rows"]}
    assert set(rows) == {covered.pk, empty.pk}
    assert rows[covered.pk].covered_by_agency and rows[empty.pk].vacant_fte == 1.0
    with CaptureQueriesContext(connection) as few:
        client.get(POSTS)
    for _ in range(30):
        StaffRecordFactory(unit=org.unit_b, post=PostFactory(unit=org.unit_b))
    with CaptureQueriesContext(connection) as many:
        client.get(POSTS)
    assert len(many) == len(few)


def test_the_workforce_lead_adds_a_post(org, client_for):
    response = client_for(org[OrgRole.WORKFORCE_LEAD]).post(
        reverse("workforce:post-add"),
        {
            "unit": org.unit_a.pk,
            "title": "Senior social worker",
            "grade": "po2",
            "fte": "1",
            "is_social_work": "on",
            "established_on": "01/04/2026",
        },
    )
    assert response.status_code == 302
    assert Post.objects.get().title == "Senior social worker"


def test_people_record_their_own_equality_information(org, client_for):
    worker = org["social-worker"]
    client = client_for(worker)
    url = reverse("workforce:my-equality")
    assert "Prefer not to say" in client.get(url).content.decode()
    client.post(url, {"ethnic_group": "prefer-not-to-say", "disability": "no"})
    record = EqualityRecord.objects.get(user=worker)
    assert (record.ethnic_group, record.disability, record.gender) == ("prefer-not-to-say", "no", "")
    row = AuditLog.objects.get(action="workforce.equality.update")
    assert row.detail == "" and row.object_id == ""  # nothing of what they chose
    page = client.post(url, {"ethnic_group": "martian"}).content.decode()
    assert "Select an answer for ethnic group" in page


def test_extra_hours_are_logged_by_week_and_seen_only_by_their_owner(org, client_for):
    worker = org["social-worker"]
    client = client_for(worker)
    url = reverse("workforce:extra-hours")
    wednesday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 5)
    client.post(url, {"week_starting": _date(wednesday), "hours": "4.5"})
    entry = ExtraHours.objects.get()
    assert entry.week_starting.weekday() == 0 and entry.user == worker and entry.unit == org.unit_a
    client.post(url, {"week_starting": _date(wednesday), "hours": "6"})  # the same week: changed
    assert ExtraHours.objects.get().hours == 6
    assert (
        "Enter 60 hours or fewer"
        in client.post(url, {"week_starting": _date(wednesday), "hours": "99"}).content.decode()
    )
    other = client_for(org["consultant-social-worker"]).get(url).content.decode()
    assert "You have not logged any extra hours" in other


def test_retention_actions_show_whether_the_figures_moved(org, client_for):
    lead = client_for(org[OrgRole.WORKFORCE_LEAD])
    today = timezone.localdate()
    started = today - datetime.timedelta(days=120)
    for _ in range(4):
        StaffRecordFactory(unit=org.unit_a, started_on=today - datetime.timedelta(days=2000))
    StaffRecordFactory(
        unit=org.unit_a,
        started_on=today - datetime.timedelta(days=2000),
        left_on=started - datetime.timedelta(days=10),
        leaving_reason="workload",
    )
    response = lead.post(
        reverse("workforce:action-add"),
        {
            "title": "Caseload cap",
            "push_factor": "workload",
            "service_area": org.area.pk,
            "unit": "",
            "started_on": _date(started),
            "status": "under-way",
        },
    )
    assert response.status_code == 302
    assert RetentionAction.objects.get().created_by == org[OrgRole.WORKFORCE_LEAD]
    rows = lead.get(reverse("workforce:retention")).context["actions"]
    turnover = rows[0].movements[0]
    assert turnover.name == "Turnover" and turnover.before == "25.0%" and turnover.now == "25.0%"
    assert rows[0].movements[3].name == "Pulse: workload is manageable"
    page = lead.post(
        reverse("workforce:action-add"), {"title": "", "unit": org.unit_b.pk, "service_area": org.area.pk}
    ).content.decode()
    assert "Enter what the authority is doing" in page and "Choose a unit in the service area" in page
    # Managers see the actions of their units and service areas.
    assert client_for(org[OrgRole.TEAM_MANAGER]).get(reverse("workforce:retention")).context["actions"]


def test_navigation_has_workforce_for_those_who_see_the_figures(org, client_for):
    for role, shown in (
        (OrgRole.WORKFORCE_LEAD, True),
        (OrgRole.TEAM_MANAGER, True),
        ("social-worker", False),
        (OrgRole.SYSTEM_ADMINISTRATOR, False),
    ):
        page = client_for(org[role]).get(reverse("core:home")).content.decode()
        assert (f'href="{reverse("workforce:dashboard")}"' in page) is shown, role


def test_retention_and_equality_query_counts_do_not_grow(org, client_for):
    from .factories_workforce import open_round, responses

    client = client_for(org[OrgRole.WORKFORCE_LEAD])
    today = timezone.localdate()
    pulse_round = open_round()

    def add(n):
        for _ in range(n):
            record = StaffRecordFactory(unit=org.unit_a, left_on=today, leaving_reason="pay")
            conversation = Conversation.objects.create(staff=record, kind="exit-interview", held_on=today)
            conversation.factors.create(kind="push", factor="pay")
        responses(pulse_round, org.unit_a, n)
        RetentionAction.objects.create(
            title="Act",
            push_factor="pay",
            started_on=today - datetime.timedelta(days=n),
            service_area=org.area,
        )

    add(6)
    counts = {}
    for url in (reverse("workforce:retention"), reverse("workforce:equality")):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[url] = len(captured)
    add(30)
    for url, few in counts.items():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        assert len(captured) == few, url


# --- a person's own record ---------------------------------------------------------------------


def test_a_worker_sees_their_own_record_and_nobody_elses(org, client):
    today = timezone.localdate()
    mine = StaffRecordFactory(
        user=org["social-worker"],
        unit=org.unit_a,
        job_title="Social worker (own record)",
        swe_renewal_due=today + datetime.timedelta(days=30),
    )
    StaffRecordFactory(user=org["consultant-social-worker"], unit=org.unit_a, job_title="Someone else's post")
    client.force_login(org["social-worker"])
    body = client.get(reverse("workforce:my-record")).content.decode()
    assert "Social worker (own record)" in body
    assert "Someone else&#x27;s post" not in body and "Someone else's post" not in body
    assert "registration renewal is due within 90 days" in body
    assert AuditLog.objects.filter(action="workforce.staff.view_own", object_id=str(mine.pk)).exists()


def test_the_record_in_post_is_shown_before_an_earlier_one(org, client):
    StaffRecordFactory(
        user=org["social-worker"],
        job_title="Earlier post",
        started_on=datetime.date(2018, 1, 1),
        left_on=datetime.date(2020, 1, 1),
    )
    StaffRecordFactory(
        user=org["social-worker"], job_title="Current post", started_on=datetime.date(2022, 1, 1)
    )
    client.force_login(org["social-worker"])
    body = client.get(reverse("workforce:my-record")).content.decode()
    assert "Current post" in body and "Earlier post" not in body


def test_someone_with_no_record_is_told_how_to_get_it_linked(org, client):
    client.force_login(org["student"])
    body = client.get(reverse("workforce:my-record")).content.decode()
    assert "no staff record linked to your Hearth account" in body
