"""Writes for the practice framework and model and for co-design: one atomic function per thing a person
does, each writing its audit row. Impossible moves raise `TransitionError` (plain English); bad input
raises `ValidationError` with the field's message, and nothing changes.
"""

from ._common import ONLY_FACILITATORS, ONLY_OWNERS
from .codesign import (
    add_comment,
    add_invited_idea,
    add_staff_idea,
    close_round,
    invitation_for_token,
    make_invitation,
    open_round,
    publish_statement,
    record_outcome,
    support_idea,
    withdraw_invitation,
)
from .framework import (
    discard_draft,
    publish_version,
    record_prompts_used,
    remove_part,
    save_method,
    save_principle,
    save_prompt,
    save_statement,
    start_draft,
    update_summary,
)

__all__ = [
    "ONLY_FACILITATORS",
    "ONLY_OWNERS",
    "open_round",
    "make_invitation",
    "withdraw_invitation",
    "invitation_for_token",
    "add_staff_idea",
    "add_invited_idea",
    "add_comment",
    "support_idea",
    "close_round",
    "record_outcome",
    "publish_statement",
    "start_draft",
    "update_summary",
    "save_principle",
    "save_method",
    "save_statement",
    "save_prompt",
    "remove_part",
    "publish_version",
    "discard_draft",
    "record_prompts_used",
]
