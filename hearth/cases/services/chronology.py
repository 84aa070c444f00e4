"""Writing the chronology: every service that records an event adds one row per child."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import ChronologyEntry, EventKind


def add_to_chronology(
    *,
    children: Iterable,
    occurred_at,
    kind: str,
    title: str,
    summary: str = "",
    is_key_event: bool = False,
    source=None,
) -> list[ChronologyEntry]:
    source_type = source._meta.label_lower if source is not None else ""
    source_id = source.pk if source is not None else None
    return ChronologyEntry.objects.bulk_create(
        [
            ChronologyEntry(
                child_id=getattr(child, "pk", child),
                occurred_at=occurred_at,
                kind=kind,
                title=title[:200],
                summary=summary[:500],
                is_key_event=is_key_event,
                source_type=source_type,
                source_id=source_id,
            )
            for child in children
        ]
    )


def update_chronology_for(source, *, title: str, summary: str = "", occurred_at=None) -> None:
    """When the event's record changes (a note is edited), its rows follow."""
    fields = {"title": title[:200], "summary": summary[:500]}
    if occurred_at is not None:
        fields["occurred_at"] = occurred_at
    ChronologyEntry.objects.filter(source_type=source._meta.label_lower, source_id=source.pk).update(**fields)


def record_child_event(
    sender, *, children, occurred_at, title, summary="", is_key_event=False, source=None, **kwargs
):
    """Receiver of `people.signals.child_event`: an address or household change on each child's chronology."""
    add_to_chronology(
        children=children,
        occurred_at=occurred_at,
        kind=EventKind.HOME,
        title=title,
        summary=summary,
        is_key_event=is_key_event,
        source=source,
    )
