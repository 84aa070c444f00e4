"""Events in a child's life that people records and apps above it may want to know of.

`child_event` is sent after a child's address or household changes, inside the same transaction. People
imports nothing above it: casework connects a receiver (`hearth/cases/apps.py`) that writes the events
to the children's chronologies.
"""

from django.dispatch import Signal

#: Sent with: children (list of child ids), occurred_at (datetime), title, summary, is_key_event, source
#: (the record the event is about).
child_event = Signal()


def send_child_event(
    *, children, occurred_at, title: str, summary: str = "", is_key_event=False, source=None
):
    child_event.send(
        sender=type(source) if source is not None else None,
        children=[getattr(c, "pk", c) for c in children],
        occurred_at=occurred_at,
        title=title,
        summary=summary,
        is_key_event=is_key_event,
        source=source,
    )
