"""Practice framework and model (hearth.framework): versions, publishing, what changed, the interface
for audits, the public family version and the practice model's questions on plans and assessments."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.core import extensions
from hearth.core.models import AuditLog
from hearth.framework import selectors, services
from hearth.framework.models import (
    FrameworkVersion,
    GoodPracticeStatement,
    Principle,
    PromptUse,
    TransitionError,
    VersionStatus,
)

from .factories import ChildFactory
from .factories_framework import published_framework


@pytest.fixture
def psw(org):
    return org["principal-social-worker"]


@pytest.fixture
def v1(psw):
    return published_framework(1, psw)


def new_version(psw, v1):
    """v2 from v1: one principle changed, one removed, one added, a statement changed; published."""
    draft = services.start_draft(by=psw)
    family = draft.principles.get(key="family-led")
    services.save_principle(
        by=psw,
        version=draft,
        principle=family,
        name="Family-led",
        summary="Families lead: they set the goals and the pace.",
        theory=family.theory,
        research=family.research,
        family_text=family.family_text,
    )
    services.remove_part(by=psw, version=draft, part=draft.principles.get(key="culturally-responsive"))
    services.save_principle(
        by=psw,
        version=draft,
        name="Relationship-based",
        summary="Change happens through relationships.",
        theory="Attachment theory.",
        research="Studies of what families value in workers.",
        family_text="We get to know you.",
    )
    statement = draft.statements.get(key="child-centred-good-1")
    services.save_statement(
        by=psw,
        version=draft,
        statement=statement,
        principle=statement.principle,
        text="The child's words are quoted.",
    )
    return services.publish_version(by=psw, version=draft)


# --- versions and publishing ---------------------------------------------------------------------


def test_a_new_draft_copies_the_published_version_with_the_same_keys(psw, v1):
    draft = services.start_draft(by=psw)
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT and draft.based_on == v1
    assert set(draft.principles.values_list("key", flat=True)) == set(
        v1.principles.values_list("key", flat=True)
    )
    assert set(draft.statements.values_list("key", flat=True)) == set(
        v1.statements.values_list("key", flat=True)
    )
    assert draft.prompts.count() == v1.prompts.count()
    # statements point at the draft's own principles
    assert not draft.statements.exclude(principle__version=draft).exists()


def test_only_one_draft_at_a_time(psw, v1):
    services.start_draft(by=psw)
    with pytest.raises(TransitionError, match="already a draft"):
        services.start_draft(by=psw)


def test_publishing_keeps_the_old_version_readable_and_unchanged(psw, v1, client):
    before = list(v1.principles.values_list("key", "name", "summary"))
    v2 = new_version(psw, v1)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SUPERSEDED and v2.status == VersionStatus.PUBLISHED
    assert list(v1.principles.values_list("key", "name", "summary")) == before
    assert FrameworkVersion.objects.current() == v2
    client.force_login(psw.__class__.objects.get(pk=psw.pk))
    page = client.get(reverse("framework:version", args=[1]))
    assert page.status_code == 200
    assert (
        "Culturally responsive" in page.content.decode()
        and "This version has been replaced" in page.content.decode()
    )
    assert AuditLog.objects.filter(action="framework.version.publish", object_id=str(v2.pk)).exists()


def test_a_published_version_cannot_be_changed(psw, v1):
    with pytest.raises(TransitionError, match="cannot be changed"):
        services.save_principle(
            by=psw, version=v1, name="X", summary="X", theory="X", research="X", family_text="X"
        )
    with pytest.raises(TransitionError, match="already been published"):
        services.publish_version(by=psw, version=v1)


def test_publishing_needs_principles_and_statements(psw):
    draft = services.start_draft(by=psw)
    with pytest.raises(TransitionError, match="Before publishing"):
        services.publish_version(by=psw, version=draft)
    assert FrameworkVersion.objects.get(pk=draft.pk).status == VersionStatus.DRAFT


def test_only_owners_change_the_framework(org, v1):
    for role in ("social-worker", "director", "team-manager", "system-administrator"):
        with pytest.raises(TransitionError):
            services.start_draft(by=org[role])
    assert services.start_draft(by=org["quality-lead"]).number == 2


def test_bad_input_changes_nothing(psw, v1):
    draft = services.start_draft(by=psw)
    with pytest.raises(ValidationError) as error:
        services.save_principle(
            by=psw, version=draft, name=" ", summary="", theory="t", research="r", family_text="f"
        )
    assert set(error.value.message_dict) == {"name", "summary"}
    assert draft.principles.count() == 4


def test_what_changed_between_versions(psw, v1):
    v2 = new_version(psw, v1)
    diff = selectors.compare_versions(v1, v2)
    kinds = {(c.kind, c.name) for c in diff.principles}
    assert ("added", "Relationship-based") in kinds
    assert ("removed", "Culturally responsive") in kinds
    changed = [c for c in diff.principles if c.kind == "changed"]
    assert [c.name for c in changed] == ["Family-led"]
    assert changed[0].changes[0].label == "What it means"
    assert changed[0].changes[0].after == "Families lead: they set the goals and the pace."
    statement_kinds = {c.kind for c in diff.statements}
    assert {"changed", "removed"} <= statement_kinds  # culturally responsive statements went with it
    assert not diff.methods


def test_the_changes_page_shows_the_diff(psw, v1, client, org):
    new_version(psw, v1)
    client.force_login(org["social-worker"])
    page = client.get(reverse("framework:changes", args=[2])).content.decode()
    assert "Relationship-based" in page and "Removed" in page and "Families lead" in page


@given(
    old=st.dictionaries(st.sampled_from("abcdef"), st.text(max_size=5), max_size=6),
    new=st.dictionaries(st.sampled_from("abcdef"), st.text(max_size=5), max_size=6),
)
@settings(max_examples=200, deadline=None)
def test_diff_items_are_exactly_the_added_removed_and_changed_keys(old, new):
    to_items = lambda d: {k: {"name": k, "text": v} for k, v in d.items()}  # noqa: E731
    changes = selectors._diff_items(to_items(old), to_items(new), "name", [("text", "Text")])
    got = {(c.kind, c.name) for c in changes}
    expected = (
        {("added", k) for k in new.keys() - old.keys()}
        | {("removed", k) for k in old.keys() - new.keys()}
        | {("changed", k) for k in new.keys() & old.keys() if new[k] != old[k]}
    )
    assert got == expected
    assert len(changes) == len(got)


# --- the interface for audits ---------------------------------------------------------------------


def test_good_practice_statements_of_the_current_version(psw, v1):
    statements = selectors.good_practice_statements()
    assert len(statements) == 8
    first = statements[0]
    assert (first.key, first.principle_key, first.principle, first.version) == (
        "child-centred-good-1",
        "child-centred",
        "Child-centred",
        1,
    )
    assert [s.order for s in statements] == list(range(8))
    v2 = new_version(psw, v1)
    now = selectors.good_practice_statements()
    assert {s.version for s in now} == {2}
    by_key = {s.key: s for s in now}
    assert by_key["child-centred-good-1"].text == "The child's words are quoted."
    assert "culturally-responsive-good-1" not in by_key
    # an older version by number is still there, and the key survives with a new id
    old = {s.key: s for s in selectors.good_practice_statements(1)}
    assert old["child-centred-good-1"].id != by_key["child-centred-good-1"].id
    assert selectors.good_practice_statements(v2) == now
    assert set(selectors.statements_by_key(["child-centred-good-1", "culturally-responsive-good-1"])) == {
        "child-centred-good-1"
    }


def test_no_statements_when_nothing_is_published(db):
    assert selectors.good_practice_statements() == []


def test_good_practice_statements_make_two_queries_at_most(psw, v1):
    with CaptureQueriesContext(connection) as ctx:
        selectors.good_practice_statements()
    assert len(ctx.captured_queries) <= 2


# --- pages ----------------------------------------------------------------------------------------


def test_a_draft_is_invisible_to_staff(psw, v1, org, client):
    services.start_draft(by=psw)
    client.force_login(org["social-worker"])
    assert client.get(reverse("framework:version", args=[2])).status_code == 404
    assert "Version 2" not in client.get(reverse("framework:versions")).content.decode()
    client.force_login(psw)
    assert client.get(reverse("framework:version", args=[2])).status_code == 200


def test_owner_writes_and_publishes_through_the_pages(psw, v1, client):
    client.force_login(psw)
    assert client.post(reverse("framework:draft-start")).status_code == 302
    response = client.post(
        reverse("framework:draft-part-add", args=["principles"]),
        {"name": "Relationship-based", "summary": "S", "theory": "T", "research": "R", "family_text": "F"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("framework:draft-part-add", args=["prompts"]), {"kind": "plan", "text": ""}
    )
    assert response.status_code == 200 and "Enter the question" in response.content.decode()
    assert client.get(reverse("framework:draft-publish")).status_code == 200
    assert client.post(reverse("framework:draft-publish")).status_code == 302
    assert FrameworkVersion.objects.current().number == 2
    assert Principle.objects.filter(version__number=2, name="Relationship-based").exists()


def test_the_public_page_needs_no_sign_in(v1, client):
    response = client.get(reverse("framework:public-practice"))
    assert response.status_code == 200
    page = response.content.decode()
    assert v1.family_summary in page and "In plain words: we are child-centred." in page
    assert "The theory behind" not in page  # the family version, not the staff one


def test_the_public_page_without_a_published_version(db, client):
    assert "not published this yet" in client.get(reverse("framework:public-practice")).content.decode()


def test_framework_page_query_count_does_not_grow(psw, org, client):
    client.force_login(org["social-worker"])
    published_framework(1, psw)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("framework:home")).status_code == 200
        return len(ctx.captured_queries)

    small = queries()
    version = FrameworkVersion.objects.get(number=1)
    for i in range(6):
        p = Principle.objects.create(
            version=version,
            key=f"extra-{i}",
            order=10 + i,
            name=f"Extra {i}",
            summary="s",
            theory="t",
            research="r",
            family_text="f",
        )
        GoodPracticeStatement.objects.create(version=version, key=f"extra-{i}-good", principle=p, text="t")
    assert queries() == small


# --- questions on plans and assessments -----------------------------------------------------------


def test_recording_prompts_slot(v1):
    plan = extensions.recording_prompts("plan")
    assert [p.text for p in plan] == [
        "What strengths does the family bring?",
        "Which goals did the family set?",
    ]
    assert plan[0].principle == "Strengths- and evidence-based"
    assert [p.key for p in extensions.recording_prompts("assessment")] == ["assessment-voice"]
    assert extensions.recording_prompts("other") == []


def test_plan_page_shows_the_prompts_and_keeps_those_used(org, v1, client):
    worker = org["social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    client.force_login(worker)
    page = client.get(reverse("cases:plan-add", args=[child.pk])).content.decode()
    assert "Questions from our practice model" in page and "Which goals did the family set?" in page
    response = client.post(
        reverse("cases:plan-add", args=[child.pk]),
        {
            "kind": "cin",
            "strengths": "Gran helps every day",
            "worries": "School attendance",
            "started_on": "1/3/2026",
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0",
            "goals-0-text": "Go to school every day",
            "framework_prompts": ["plan-goals", "not-a-prompt"],
        },
    )
    if response.status_code != 302:  # the plan form's own fields may differ: show what it said
        pytest.fail(response.content.decode()[:3000])
    uses = list(PromptUse.objects.values_list("prompt_key", "kind", "child_id"))
    assert uses == [("plan-goals", "plan", child.pk)]
    assert selectors.prompts_used_count("plan") == 1
    assert selectors.records_using_prompts("plan") == 1


def test_plan_page_query_count_is_fixed_whatever_the_prompts(org, v1, client):
    worker = org["social-worker"]
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=worker)
    client.force_login(worker)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("cases:plan-add", args=[child.pk]))
        return len(ctx.captured_queries)

    before = queries()
    for i in range(5):
        v1.prompts.create(key=f"plan-extra-{i}", kind="plan", text=f"Extra question {i}", order=10 + i)
    assert queries() == before


def test_assessment_page_shows_the_prompts_and_keeps_those_used(org, v1, client):
    from hearth.cases.models import Assessment

    from .factories import episode_case

    case = episode_case(org)
    client.force_login(org["social-worker"])
    url = reverse("cases:assessment-complete", args=[case.child.pk, case.assessment.pk])
    page = client.get(url).content.decode()
    assert "Questions from our practice model" in page and "What did the child tell you" in page
    response = client.post(
        url,
        {
            "completed_on": "2/2/2026",
            "authorised_on": "3/2/2026",
            "factors": ["21"],
            "framework_prompts": ["assessment-voice"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Assessment.objects.get(pk=case.assessment.pk).assessment_authorisation_date is not None
    assert list(PromptUse.objects.values_list("prompt_key", "kind", "child_id")) == [
        ("assessment-voice", "assessment", case.child.pk)
    ]
