"""Writes for priorities: one atomic function per thing a person does, each writing its audit row."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hearth.core.models import AuditLog, Notification

from . import scoring
from .models import (
    Activity,
    Configuration,
    DigestPreference,
    FactorKind,
    RecordedFactor,
    TimeEntry,
    VisitNudge,
    WeekConfirmation,
    monday_of,
)
from .permissions import Perm

MAX_WEEK_MINUTES = 7 * 24 * 60


# --- the configuration ---------------------------------------------------------------------------


def validate_configuration(
    *, weights: dict, tiers: list[dict], episode_weights: dict, points_per_fte
) -> None:
    """Refuse a configuration that cannot work, naming what is wrong in plain English."""
    errors = {}
    for key in scoring.FACTORS:
        value = weights.get(key)
        if not isinstance(value, int) or not 0 <= value <= scoring.MAX_WEIGHT:
            errors[f"w_{key}"] = (
                f"{scoring.FACTORS[key]}: enter a whole number from 0 to {scoring.MAX_WEIGHT}"
            )
    unknown = set(weights) - set(scoring.FACTORS)
    if unknown:
        errors["__all__"] = f"Unknown factors: {', '.join(sorted(unknown))}"
    if not tiers:
        errors["tiers"] = "Keep at least one tier"
    names = [t.get("name", "").strip() for t in tiers]
    for i, tier in enumerate(tiers):
        name = names[i]
        if not name:
            errors[f"tier_{i}_name"] = f"Tier {i + 1}: enter a name"
        interval = tier.get("interval")
        if not isinstance(interval, int) or not 1 <= interval <= 60:
            errors[f"tier_{i}_interval"] = f"Tier {i + 1}: enter a visit interval from 1 to 60 working days"
        min_score = tier.get("min_score")
        if min_score is not None and (not isinstance(min_score, int) or min_score < 0):
            errors[f"tier_{i}_min_score"] = f"Tier {i + 1}: the lowest score must be 0 or more, or empty"
        if min_score is None and not tier.get("kinds"):
            errors[f"tier_{i}_min_score"] = f"Tier {i + 1}: give a lowest score, an episode, or both"
        unknown_kinds = set(tier.get("kinds") or ()) - set(scoring.EPISODE_KINDS)
        if unknown_kinds:
            errors[f"tier_{i}_kinds"] = f"Tier {i + 1}: unknown episodes {', '.join(sorted(unknown_kinds))}"
    if len({n.lower() for n in names}) != len(names):
        errors["tiers"] = "Give each tier a different name"
    if tiers and tiers[-1].get("min_score") != 0:
        errors["tiers"] = "The last tier must take any score (a lowest score of 0), so every child has a tier"
    for kind in scoring.EPISODE_KINDS:
        value = episode_weights.get(kind)
        if not isinstance(value, int) or not 0 <= value <= scoring.MAX_WEIGHT:
            errors[f"e_{kind}"] = (
                f"{scoring.EPISODE_KINDS[kind]}: enter a whole number from 0 to {scoring.MAX_WEIGHT}"
            )
    if not isinstance(points_per_fte, int) or not 1 <= points_per_fte <= 10_000:
        errors["points_per_fte"] = "Enter the caseload points per full-time worker, from 1 to 10,000"
    if errors:
        raise ValidationError(errors)


def changes_between(old: Configuration, new: dict) -> list[str]:
    """What would change, one sentence each (the check-answers page and the audit detail)."""
    lines = []
    for key, words in scoring.FACTORS.items():
        before, after = old.weights.get(key, 0), new["weights"].get(key, 0)
        if before != after:
            lines.append(f"{words}: {before} to {after}")
    for kind, words in scoring.EPISODE_KINDS.items():
        before, after = old.episode_weights.get(kind, 0), new["episode_weights"].get(kind, 0)
        if before != after:
            lines.append(f"Case weight for {words.lower()}: {before} to {after}")
    if old.points_per_fte != new["points_per_fte"]:
        lines.append(f"Caseload points per full-time worker: {old.points_per_fte} to {new['points_per_fte']}")
    old_tiers = {t["name"]: t for t in old.tiers}
    for tier in new["tiers"]:
        before = old_tiers.pop(tier["name"], None)
        if before is None:
            lines.append(f"New tier {tier['name']}: every {tier['interval']} working days")
            continue
        for field, words in (("interval", "visit interval (working days)"), ("min_score", "lowest score")):
            if before.get(field) != tier.get(field):
                lines.append(f"Tier {tier['name']}, {words}: {before.get(field)} to {tier.get(field)}")
        if sorted(before.get("kinds") or []) != sorted(tier.get("kinds") or []):
            lines.append(f"Tier {tier['name']}, episodes: changed")
    for name in old_tiers:
        lines.append(f"Tier {name} removed")
    if [t["name"] for t in old.tiers if t["name"] in {n["name"] for n in new["tiers"]}] != [
        t["name"] for t in new["tiers"] if t["name"] in {o["name"] for o in old.tiers}
    ]:
        lines.append("The order of the tiers changed")
    return lines


@transaction.atomic
def change_configuration(
    *,
    by,
    weights: dict,
    tiers: list[dict],
    episode_weights: dict,
    points_per_fte: int,
    reason: str,
    request=None,
) -> Configuration:
    """A new version of the weights and tiers (the old ones stay as they were), audited."""
    if not by.has_perm(Perm.CHANGE_CONFIG):
        raise PermissionDenied("Only the principal social worker and heads of service change the weights")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the weights are changing"})
    validate_configuration(
        weights=weights, tiers=tiers, episode_weights=episode_weights, points_per_fte=points_per_fte
    )
    from .selectors.needs import current_configuration

    current = current_configuration()
    new = {
        "weights": weights,
        "tiers": tiers,
        "episode_weights": episode_weights,
        "points_per_fte": points_per_fte,
    }
    changed = changes_between(current, new)
    if not changed:
        raise ValidationError(
            {"__all__": "Nothing has changed: change a weight, a tier or the caseload points"}
        )
    latest = Configuration.objects.select_for_update().order_by("-number").first()
    try:
        with transaction.atomic():
            version = Configuration.objects.create(
                number=(latest.number if latest else 0) + 1, created_by=by, reason=reason, **new
            )
    except IntegrityError:
        raise ValidationError(
            {"__all__": "Someone saved a new version at the same time: check it and try again"}
        ) from None
    AuditLog.record(
        actor=by,
        action="priorities.configuration.change",
        obj=version,
        reason=reason,
        request=request,
        detail="; ".join(changed),
    )
    return version


# --- recorded need factors -----------------------------------------------------------------------


@transaction.atomic
def record_factor(
    *, by, child, kind: str, occurred_on: datetime.date, note: str = "", request=None, today=None
):
    today = today or timezone.localdate()
    if not by.has_perm(Perm.RECORD_FACTOR, child):
        raise PermissionDenied(
            "Only members and managers of the unit that holds the case record need factors"
        )
    errors = {}
    if kind not in FactorKind.values:
        errors["kind"] = "Choose what happened"
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date it happened"
    elif occurred_on > today:
        errors["occurred_on"] = "The date it happened must be today or in the past"
    if errors:
        raise ValidationError(errors)
    factor = RecordedFactor.objects.create(
        child=child, kind=kind, occurred_on=occurred_on, note=(note or "").strip(), recorded_by=by
    )
    AuditLog.record(
        actor=by, action="priorities.factor.record", obj=factor, child_id=child.pk, request=request
    )
    return factor


# --- time ----------------------------------------------------------------------------------------


def _unit_for(user):
    """The unit a person's time counts for: their first current unit (by id), if any."""
    ids = sorted(user.unit_ids)
    return ids[0] if ids else None


@transaction.atomic
def confirm_week(
    *, by, monday: datetime.date, suggestions, tier_ranks: dict | None = None, request=None
) -> int:
    """Log the week's suggested time in one go. Refused if the week is already confirmed."""
    if not by.has_perm(Perm.LOG_TIME):
        raise PermissionDenied("Only people who work in or manage units log time here")
    monday = monday_of(monday)
    try:
        with transaction.atomic():
            WeekConfirmation.objects.create(user=by, week_starting=monday)
    except IntegrityError:
        raise ValidationError("You have already confirmed this week's time") from None
    unit_id = _unit_for(by)
    tier_ranks = tier_ranks or {}
    entries = [
        TimeEntry(
            user=by,
            unit_id=unit_id,
            week_starting=monday,
            activity=s.activity,
            minutes=s.minutes,
            child_id=s.child_id,
            tier_rank=tier_ranks.get(s.child_id),
            prefilled=True,
        )
        for s in suggestions
        if s.minutes > 0
    ]
    TimeEntry.objects.bulk_create(entries)
    AuditLog.record(
        actor=by,
        action="priorities.time.confirm",
        request=request,
        detail=f"week {monday:%Y-%m-%d}, {len(entries)} entries",
    )
    return len(entries)


@transaction.atomic
def log_time(*, by, monday: datetime.date, activity: str, minutes: int, request=None) -> TimeEntry:
    if not by.has_perm(Perm.LOG_TIME):
        raise PermissionDenied("Only people who work in or manage units log time here")
    errors = {}
    if activity not in Activity.values:
        errors["activity"] = "Choose what the time was spent on"
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_WEEK_MINUTES:
        errors["minutes"] = "Enter the time as a number of minutes, more than 0"
    if errors:
        raise ValidationError(errors)
    entry = TimeEntry.objects.create(
        user=by, unit_id=_unit_for(by), week_starting=monday_of(monday), activity=activity, minutes=minutes
    )
    AuditLog.record(actor=by, action="priorities.time.log", obj=entry, request=request)
    return entry


@transaction.atomic
def set_digest(*, by, wants_email: bool, request=None) -> DigestPreference:
    pref, _ = DigestPreference.objects.get_or_create(user=by)
    pref.wants_email = wants_email
    pref.save(update_fields=["wants_email", "updated_at"])
    AuditLog.record(
        actor=by,
        action="priorities.digest.opt-in" if wants_email else "priorities.digest.opt-out",
        request=request,
    )
    return pref


# --- nudges about overdue visits -----------------------------------------------------------------


def nudge_overdue_visits(*, today: datetime.date | None = None, email: bool = True) -> tuple[int, int]:
    """In-app notifications to lead workers about visits overdue (or never made), once per child per due
    date however often this runs; then one email digest per person who asked for it, with links only.
    Returns (notifications made, emails sent)."""
    from .selectors.pages import overdue_for_lead_workers

    today = today or timezone.localdate()
    made = 0
    rows = overdue_for_lead_workers(today)
    for child_id, lead_id, due in rows:
        try:
            with transaction.atomic():
                VisitNudge.objects.create(child_id=child_id, lead_worker_id=lead_id, due_on=due)
        except IntegrityError:
            continue
        url = reverse("priorities:child", args=[child_id])
        message = (
            "A child you lead has not had a visit recorded yet"
            if due is None
            else f"A visit to a child you lead was due on {due:%d %B %Y}"
        )
        Notification.objects.create(recipient_id=lead_id, message=message, url=url)
        made += 1
    sent = send_digests(rows, today) if email else 0
    return made, sent


def send_digests(rows, today: datetime.date) -> int:
    """One email per person who asked for the digest: how many visits are overdue, and a link to each
    child's page (no names)."""
    wanted = set(DigestPreference.objects.filter(wants_email=True).values_list("user_id", flat=True))
    by_person: dict[int, list] = {}
    for child_id, lead_id, due in rows:
        if lead_id in wanted:
            by_person.setdefault(lead_id, []).append((child_id, due))
    if not by_person:
        return 0
    from django.contrib.auth import get_user_model

    emails = dict(get_user_model().objects.filter(pk__in=by_person).values_list("pk", "email"))
    base = getattr(settings, "HEARTH_BASE_URL", "").rstrip("/")
    sent = 0
    for user_id, items in by_person.items():
        lines = [
            f"- {'no visit recorded yet' if due is None else f'due {due:%d %B %Y}'}: "
            f"{base}{reverse('priorities:child', args=[child_id])}"
            for child_id, due in sorted(items, key=lambda i: (i[1] is not None, i[1] or today))
        ]
        body = (
            f"You lead {len(items)} {'child' if len(items) == 1 else 'children'} whose visit is overdue.\n\n"
            + "\n".join(lines)
            + "\n\nSign in to Hearth to see why each child needs a visit. "
            "You asked for this email; you can stop it from the visit digest page."
        )
        send_mail("Hearth: visits overdue", body, None, [emails[user_id]])
        sent += 1
    AuditLog.record(actor=None, action="priorities.digest.send", detail=f"{sent} emails, {today:%Y-%m-%d}")
    return sent
