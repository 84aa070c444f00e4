"""Drafts kept on the server as a person types, so that nothing is lost to a time-out.

A draft belongs to one person and one form (its key, like 'note:child:123'); the views check that the
key refers to something the person may write about before calling these.
"""

from __future__ import annotations

import json

from django.db import transaction

from ..models import Draft

#: The largest draft kept, in bytes of JSON (a long note is about 20 KB).
MAX_DRAFT_BYTES = 50 * 1024


class DraftTooLarge(ValueError):
    def __init__(self, size: int):
        super().__init__(
            f"This draft is too long to save automatically ({size // 1024} KB; the most is "
            f"{MAX_DRAFT_BYTES // 1024} KB). Save the note, or save it as a draft with the button."
        )
        self.size = size


def draft_size(data: dict) -> int:
    return len(json.dumps(data, ensure_ascii=False).encode("utf-8"))


@transaction.atomic
def save_draft(*, owner, key: str, data: dict) -> Draft:
    size = draft_size(data)
    if size > MAX_DRAFT_BYTES:
        raise DraftTooLarge(size)
    draft, _ = Draft.objects.update_or_create(owner=owner, key=key, defaults={"data": data})
    return draft


def discard_draft(*, owner, key: str) -> bool:
    deleted, _ = Draft.objects.filter(owner=owner, key=key).delete()
    return bool(deleted)
