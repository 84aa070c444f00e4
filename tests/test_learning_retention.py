"""Retention of learning records: periods per kind of review (defaults, changed by the authority with
history), records past retention listed on a page and by `manage.py learning_retention --dry-run`, and
disposal that keeps the anonymous learning and an audit row."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.models import AuditLog
from hearth.learning import selectors, services
from hearth.learning.models import (
    DEFAULT_RETENTION_YEARS,
    LearningEntry,
    LearningReview,
    NearMiss,
    RetentionSetting,
    ReviewKind,
    ReviewStatus,
    TransitionError,
)

from .factories import ChildFactory
from .factories_learning import NearMissFactory, ReviewFactory

TODAY = timezone.localdate()


def _years_ago(years: int, days: int = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years + years // 4 + 1 + days)


def _published(org, kind=ReviewKind.NEAR_MISS, years_ago=7):
    psw = org["principal-social-worker"]
    review = ReviewFactory(
        opened_by=psw,
        kind=kind,
        status=ReviewStatus.IN_REVIEW,
        what_helped="a",
        what_got_in_the_way="b",
        what_we_will_do="c",
    )
    services.publish_review(by=psw, review=review, now=_years_ago(years_ago))
    return review


def test_defaults_until_the_authority_changes_them(org):
    assert services.current_retention() == DEFAULT_RETENTION_YEARS
    psw = org["principal-social-worker"]
    changed = services.change_retention(
        by=psw, years={**DEFAULT_RETENTION_YEARS, ReviewKind.NEAR_MISS: 3}, reason="The schedule of 2026"
    )
    assert changed == 1
    assert services.current_retention()[ReviewKind.NEAR_MISS] == 3
    services.change_retention(by=psw, years={ReviewKind.NEAR_MISS: 4}, reason="Corrected")
    assert services.current_retention()[ReviewKind.NEAR_MISS] == 4
    assert RetentionSetting.objects.count() == 2  # history kept
    assert AuditLog.objects.filter(action="learning.retention.change").count() == 2
    with pytest.raises(TransitionError):
        setting = RetentionSetting.objects.first()
        setting.years = 1
        setting.save()


def test_changing_retention_needs_a_reason_and_sensible_years(org):
    psw = org["principal-social-worker"]
    with pytest.raises(ValidationError):
        services.change_retention(by=psw, years={ReviewKind.RAPID: 0}, reason="x")
    with pytest.raises(ValidationError):
        services.change_retention(by=psw, years={ReviewKind.RAPID: 10}, reason="")
    with pytest.raises(PermissionDenied):
        services.change_retention(by=org["team-manager"], years={ReviewKind.RAPID: 10}, reason="x")
    assert not RetentionSetting.objects.exists()


def test_the_retention_page_lists_records_past_retention_and_keeps_history(org, client):
    old = _published(org, ReviewKind.NEAR_MISS, years_ago=7)
    young = _published(org, ReviewKind.NEAR_MISS, years_ago=2)
    old_near_miss = NearMissFactory(reported_by=org["social-worker"])
    NearMiss.objects.filter(pk=old_near_miss.pk).update(reported_at=_years_ago(7))
    client.force_login(org["quality-lead"])
    html = client.get(reverse("learning:retention")).content.decode()
    assert old.title in html and young.title not in html
    assert "Near miss: A strategy discussion" in html
    response = client.post(
        reverse("learning:retention"),
        {**{k: v for k, v in DEFAULT_RETENTION_YEARS.items()}, ReviewKind.NEAR_MISS: 1, "reason": "Shorter"},
    )
    assert response.status_code == 302
    html = client.get(reverse("learning:retention")).content.decode()
    assert young.title in html and "Shorter" in html


def test_disposal_keeps_the_learning_and_an_audit_row_and_refuses_young_records(org, client):
    old = _published(org, ReviewKind.NEAR_MISS, years_ago=7)
    child = ChildFactory(unit=org.unit_a, unit__lead_worker=org["social-worker"])
    from hearth.learning.models import ReviewChild

    ReviewChild.objects.create(review=old, child=child, added_by=org["principal-social-worker"])
    young = _published(org, ReviewKind.NEAR_MISS, years_ago=2)
    client.force_login(org["principal-social-worker"])
    client.post(reverse("learning:dispose-review", args=[young.pk]))
    assert LearningReview.objects.filter(pk=young.pk).exists()
    with pytest.raises(TransitionError, match="not past its retention"):
        services.dispose_review(by=org["principal-social-worker"], review=young)
    client.post(reverse("learning:dispose-review", args=[old.pk]))
    assert not LearningReview.objects.filter(pk=old.pk).exists()
    assert LearningEntry.objects.filter(title=old.title, review__isnull=True).exists()  # the learning stays
    row = AuditLog.objects.get(action="learning.review.dispose")
    assert row.object_id == str(old.pk) and row.actor == org["principal-social-worker"]
    assert child.first_name not in row.detail and "1 children" in row.detail


def test_a_draft_is_never_past_retention(org):
    psw = org["principal-social-worker"]
    review = ReviewFactory(opened_by=psw, kind=ReviewKind.NEAR_MISS)
    LearningReview.objects.filter(pk=review.pk).update(created_at=_years_ago(50))
    reviews, _ = selectors.past_retention(services.current_retention())
    assert not reviews.exists()
    with pytest.raises(TransitionError):
        services.dispose_review(by=psw, review=review)


def test_the_command_lists_with_dry_run_and_disposes_without(org):
    old = _published(org, ReviewKind.NEAR_MISS, years_ago=7)
    near_miss = NearMissFactory(reported_by=org["social-worker"])
    NearMiss.objects.filter(pk=near_miss.pk).update(reported_at=_years_ago(7))
    out = StringIO()
    call_command("learning_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"review {old.pk} (Near-miss review)" in text and f"near miss {near_miss.pk}" in text
    assert "2 records past retention (dry run" in text
    assert (
        LearningReview.objects.filter(pk=old.pk).exists()
        and NearMiss.objects.filter(pk=near_miss.pk).exists()
    )
    out = StringIO()
    call_command("learning_retention", stdout=out)
    assert "2 records disposed of" in out.getvalue()
    assert not LearningReview.objects.filter(pk=old.pk).exists()
    assert not NearMiss.objects.filter(pk=near_miss.pk).exists()
    assert (
        AuditLog.objects.filter(action__in=["learning.review.dispose", "learning.near_miss.dispose"]).count()
        == 2
    )


@given(
    start=st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)),
    years=st.integers(min_value=1, max_value=40),
    offset=st.integers(min_value=-3, max_value=3),
)
def test_a_record_is_past_retention_from_its_due_date_on(start, years, offset):
    """The list (a database cut-off) and the due date (date arithmetic) agree, 29 February included."""
    due = selectors.retention_due_on(ReviewKind.RAPID, start, {ReviewKind.RAPID: years})
    today = due + datetime.timedelta(days=offset)
    started_at = timezone.make_aware(datetime.datetime.combine(start, datetime.time(12)))
    cutoff = selectors._cutoff(today, years)
    assert (started_at < cutoff) == (today >= due)
