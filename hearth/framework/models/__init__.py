"""The authority's practice framework and practice model, and co-designed purpose and vision.

Characteristic 9 and Employer Standard 1: shared values and a shared theory underpinning the way all
social workers work with families.

**Framework and model.** One `FrameworkVersion` holds both documents: the framework (why: principles,
each with the theory and research behind it) and the model (how: skills and methods, "what good looks
like" statements, and the prompts shown on plan and assessment recording pages), with a plain-English
summary for families and partners. A version moves draft → published → superseded; a published or
superseded version never changes. A new draft copies the current published version's rows, keeping
their `key`: the key of a principle, method, statement or prompt is stable across versions, so what
changed between two versions is worked out by key (`selectors.compare_versions`), and the quality
assurance audits keep their criteria when a new version is published.

**Co-design.** A `CoDesignRound` starts with a draft purpose and vision statement. Staff add ideas signed
in; children, families and partners add ideas through an `Invitation` link (no account; limited uses;
an expiry). Everyone may add an anonymous idea. An anonymous idea keeps nothing that links it to a
person or an invitation: no author, no invitation, a random id (not a sequence that orders it against
other records), only the week it was added, shown to staff from the Monday after while the round is
open, and no audit row (ADR 0010). Ideas carry no role or name when
shown; comments and support are equal. The facilitator records which ideas shaped the final statement,
and the published round keeps, frozen, how many people took part in each group.
"""

from .codesign import (
    INVITED_GROUPS,
    CoDesignRound,
    CoDesignRoundQuerySet,
    Group,
    Idea,
    IdeaComment,
    IdeaSupport,
    Invitation,
    Participant,
    RoundStatus,
    hash_token,
    visible_from,
    week_start,
)
from .framework import (
    MAX_SHORT,
    MAX_TEXT,
    FrameworkVersion,
    FrameworkVersionQuerySet,
    GoodPracticeStatement,
    Method,
    Principle,
    PromptKind,
    PromptUse,
    RecordingPrompt,
    TransitionError,
    VersionPart,
    VersionStatus,
)

__all__ = [
    "Group",
    "RoundStatus",
    "CoDesignRoundQuerySet",
    "CoDesignRound",
    "hash_token",
    "Invitation",
    "week_start",
    "visible_from",
    "Idea",
    "IdeaComment",
    "IdeaSupport",
    "Participant",
    "INVITED_GROUPS",
    "MAX_SHORT",
    "MAX_TEXT",
    "TransitionError",
    "VersionStatus",
    "FrameworkVersionQuerySet",
    "FrameworkVersion",
    "Principle",
    "Method",
    "GoodPracticeStatement",
    "PromptKind",
    "RecordingPrompt",
    "PromptUse",
    "VersionPart",
]
