"""Recording the facts the SSDA903 return asks about a looked-after child, and correcting an episode's
home postcode and reason for a placement change.

Each function is atomic and writes an audit row naming the fields that changed. Reviews and times
missing or away from placement go on the child's chronology (and follow when corrected). The returns'
data problems of the child are re-checked after the commit by the returns' own signals (they watch these
models), so a fix shows at once on the child's record.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hearth.core.models import AuditLog

from ..models import EventKind, LookedAfterEpisode, TransitionError
from .chronology import add_to_chronology, update_chronology_for
from .episodes import day_start


def _chronology_entry(slug: str, obj) -> dict | None:
    if slug == "reviews":
        return {
            "day": obj.review,
            "title": "Looked-after review",
            "summary": obj.get_review_code_display(),
        }
    if slug == "missing":
        ended = f"back on {obj.mis_end:%d/%m/%Y}" if obj.mis_end else "not back yet"
        return {
            "day": obj.mis_start,
            "title": obj.get_missing_display(),
            "summary": f"From {obj.mis_start:%d/%m/%Y}, {ended}",
        }
    return None


@transaction.atomic
def save_fact(*, by, child, kind, instance, changed=(), request=None):
    """Add or change one looked-after fact of `child` (`instance` from the kind's form, not yet saved)."""
    created = instance.pk is None
    instance.child = child
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:  # another person recorded the same at the same moment
        raise TransitionError("This record changed while you were working on it. Try again.") from error
    AuditLog.record(
        actor=by,
        action=f"looked_after.{kind.slug}.{'create' if created else 'update'}",
        obj=instance,
        child_id=child.pk,
        request=request,
        detail="" if created else "changed: " + ", ".join(changed),
    )
    entry = _chronology_entry(kind.slug, instance) if kind.chronology else None
    if entry and created:
        add_to_chronology(
            children=[child],
            occurred_at=day_start(entry["day"]),
            kind=EventKind.LOOKED_AFTER,
            title=entry["title"],
            summary=entry["summary"],
            source=instance,
        )
    elif entry:
        update_chronology_for(
            instance, title=entry["title"], summary=entry["summary"], occurred_at=day_start(entry["day"])
        )
    return instance


@transaction.atomic
def change_episode_details(
    *, by, episode, home_post, reason_place_change, request=None
) -> LookedAfterEpisode:
    """Correct the postcode of the child's home and the reason the placement changed on one episode."""
    episode = LookedAfterEpisode.objects.select_for_update().get(pk=episode.pk)
    changed = [
        name
        for name, value in (("home_post", home_post), ("reason_place_change", reason_place_change))
        if getattr(episode, name) != value
    ]
    episode.home_post = home_post
    episode.reason_place_change = reason_place_change
    episode.save()
    AuditLog.record(
        actor=by,
        action="looked_after.details.update",
        obj=episode,
        child_id=episode.child_id,
        request=request,
        detail="changed: " + ", ".join(changed) if changed else "no change",
    )
    return episode
