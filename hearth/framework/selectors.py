"""Reads of the practice framework and model and of co-design rounds.

`good_practice_statements` is the interface the quality assurance audits use (see
/work/notes/framework-api.md): keep its shape stable.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from hearth.core import extensions

from .models import (
    CoDesignRound,
    FrameworkVersion,
    GoodPracticeStatement,
    Group,
    Idea,
    IdeaComment,
    IdeaSupport,
    Invitation,
    Participant,
    PromptKind,
    PromptUse,
    RecordingPrompt,
    RoundStatus,
    VersionStatus,
)

# ---------------------------------------------------------------------------------------------------
# For other apps (audits): "what good looks like"
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    """One "what good looks like" statement of a version of the practice model."""

    id: int  # the row's id in this version
    key: str  # stable across versions: use it to keep a criterion when a new version is published
    text: str
    principle_key: str
    principle: str  # the principle's name
    version: int  # the version's number
    order: int


def _version(version) -> FrameworkVersion | None:
    if version is None:
        return FrameworkVersion.objects.current()
    if isinstance(version, FrameworkVersion):
        return version
    return FrameworkVersion.objects.published_or_superseded().filter(number=int(version)).first()


def good_practice_statements(version=None) -> list[Statement]:
    """The "what good looks like" statements of the current published version of the practice model
    (or of `version`: a `FrameworkVersion` or its number), in the model's order. Empty when nothing is
    published. Two queries at most."""
    v = _version(version)
    if v is None:
        return []
    rows = (
        GoodPracticeStatement.objects.filter(version=v)
        .select_related("principle")
        .order_by("principle__order", "principle__id", "order", "id")
    )
    return [
        Statement(
            id=s.pk,
            key=s.key,
            text=s.text,
            principle_key=s.principle.key,
            principle=s.principle.name,
            version=v.number,
            order=i,
        )
        for i, s in enumerate(rows)
    ]


def statements_by_key(keys, version=None) -> dict[str, Statement]:
    """The statements with these keys in a version (current by default), by key; missing keys are
    left out (a statement removed in that version)."""
    wanted = set(keys)
    return {s.key: s for s in good_practice_statements(version) if s.key in wanted}


# ---------------------------------------------------------------------------------------------------
# Framework pages
# ---------------------------------------------------------------------------------------------------


def current_version() -> FrameworkVersion | None:
    return FrameworkVersion.objects.current()


def draft_version() -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(status=VersionStatus.DRAFT).first()


def versions():
    """Every version, newest first (drafts included: the page decides who sees them)."""
    return FrameworkVersion.objects.select_related("published_by").order_by("-number")


def version_with_contents(number: int, *, include_draft: bool) -> FrameworkVersion | None:
    qs = FrameworkVersion.objects.all()
    if not include_draft:
        qs = qs.published_or_superseded()
    statements = GoodPracticeStatement.objects.order_by("order", "id")
    prompts = RecordingPrompt.objects.select_related("principle").order_by("kind", "order", "id")
    return (
        qs.filter(number=number)
        .prefetch_related(
            Prefetch("principles__statements", queryset=statements),
            "methods",
            Prefetch("prompts", queryset=prompts),
        )
        .first()
    )


def previous_version(version: FrameworkVersion) -> FrameworkVersion | None:
    return (
        FrameworkVersion.objects.published_or_superseded()
        .filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )


# ---------------------------------------------------------------------------------------------------
# What changed between two versions
# ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemChange:
    kind: str  # "added", "removed" or "changed"
    name: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    older: int
    newer: int
    summary: tuple[FieldChange, ...]
    principles: tuple[ItemChange, ...]
    methods: tuple[ItemChange, ...]
    statements: tuple[ItemChange, ...]
    prompts: tuple[ItemChange, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.summary or self.principles or self.methods or self.statements or self.prompts)


def _field_changes(old, new, fields) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(label, str(old.get(f, "")), str(new.get(f, "")))
        for f, label in fields
        if old.get(f, "") != new.get(f, "")
    )


def _diff_items(old: dict, new: dict, name_field: str, fields) -> tuple[ItemChange, ...]:
    """Items (dicts by key) added, removed or changed, in the newer version's order."""
    out = []
    for key, item in new.items():
        if key not in old:
            out.append(ItemChange("added", item[name_field]))
            continue
        changes = _field_changes(old[key], item, fields)
        if changes:
            out.append(ItemChange("changed", item[name_field], changes))
    out.extend(ItemChange("removed", item[name_field]) for key, item in old.items() if key not in new)
    return tuple(out)


def _contents(version: FrameworkVersion) -> dict:
    principles = {
        p["key"]: p
        for p in version.principles.order_by("order", "id").values(
            "key", "name", "summary", "theory", "research", "family_text", "order"
        )
    }
    methods = {
        m["key"]: m for m in version.methods.order_by("order", "id").values("key", "name", "description")
    }
    statements = {
        s["key"]: s
        for s in version.statements.order_by("principle__order", "order", "id").values(
            "key", "text", "principle__name"
        )
    }
    prompts = {
        p["key"]: p for p in version.prompts.order_by("kind", "order", "id").values("key", "text", "kind")
    }
    return {"principles": principles, "methods": methods, "statements": statements, "prompts": prompts}


def diff_contents(old: dict, new: dict, old_number: int, new_number: int, old_head: dict, new_head: dict):
    """What changed from one version's contents to another's (pure: tested without a database)."""
    return VersionDiff(
        older=old_number,
        newer=new_number,
        summary=_field_changes(
            old_head,
            new_head,
            [
                ("title", "Title"),
                ("framework_summary", "Why we work this way"),
                ("model_summary", "How we work"),
                ("family_summary", "The version for families and partners"),
            ],
        ),
        principles=_diff_items(
            old["principles"],
            new["principles"],
            "name",
            [
                ("name", "Name"),
                ("summary", "What it means"),
                ("theory", "Theory"),
                ("research", "Research and evidence"),
                ("family_text", "In plain English"),
            ],
        ),
        methods=_diff_items(
            old["methods"], new["methods"], "name", [("name", "Name"), ("description", "Description")]
        ),
        statements=_diff_items(
            old["statements"],
            new["statements"],
            "text",
            [("text", "Statement"), ("principle__name", "Principle")],
        ),
        prompts=_diff_items(
            old["prompts"], new["prompts"], "text", [("text", "Prompt"), ("kind", "Used on")]
        ),
    )


_HEAD = ("title", "framework_summary", "model_summary", "family_summary")


def compare_versions(older: FrameworkVersion, newer: FrameworkVersion) -> VersionDiff:
    return diff_contents(
        _contents(older),
        _contents(newer),
        older.number,
        newer.number,
        {f: getattr(older, f) for f in _HEAD},
        {f: getattr(newer, f) for f in _HEAD},
    )


# ---------------------------------------------------------------------------------------------------
# Prompts on recording pages (the RECORDING_PROMPTS slot) and their use
# ---------------------------------------------------------------------------------------------------


def recording_prompts(kind: str) -> list[extensions.RecordingPrompt]:
    """The current published model's prompts for plans or assessments. One query."""
    if kind not in PromptKind.values:
        return []
    rows = (
        RecordingPrompt.objects.filter(kind=kind, version__status=VersionStatus.PUBLISHED)
        .select_related("principle")
        .order_by("order", "id")
    )
    return [
        extensions.RecordingPrompt(key=p.key, text=p.text, principle=p.principle.name if p.principle else "")
        for p in rows
    ]


def prompts_used_count(kind: str = PromptKind.PLAN, since=None) -> int:
    """How many times a framework prompt was used on `kind` records (since a date), for health checks."""
    qs = PromptUse.objects.filter(kind=kind)
    if since is not None:
        qs = qs.filter(used_at__date__gte=since)
    return qs.count()


def records_using_prompts(kind: str = PromptKind.PLAN, since=None) -> int:
    """How many plans (or assessments) had at least one framework prompt used."""
    qs = PromptUse.objects.filter(kind=kind)
    if since is not None:
        qs = qs.filter(used_at__date__gte=since)
    return qs.values("object_type", "object_id").distinct().count()


# ---------------------------------------------------------------------------------------------------
# Co-design
# ---------------------------------------------------------------------------------------------------


def _shown(today=None) -> Q:
    """Ideas staff see: all of a closed or published round; of an open round, those past their
    `visible_from` (an anonymous idea waits for the Monday after its week: ADR 0010)."""
    today = today or timezone.localdate()
    return Q(visible_from__lte=today) | ~Q(round__status=RoundStatus.OPEN)


def rounds(today=None):
    today = today or timezone.localdate()
    shown = Q(ideas__visible_from__lte=today) | ~Q(status=RoundStatus.OPEN)
    return CoDesignRound.objects.annotate(idea_count=Count("ideas", filter=shown)).order_by(
        "-created_at", "-id"
    )


def latest_published_round() -> CoDesignRound | None:
    return CoDesignRound.objects.published().order_by("-published_at", "-id").first()


def ideas_for_round(round_: CoDesignRound, user, today=None):
    """The round's ideas, oldest first then by random id (never by who wrote them), with support counts,
    whether `user` supports each, and comments. Three queries whatever the number of ideas."""
    mine = IdeaSupport.objects.filter(idea=OuterRef("pk"), supporter=user)
    return (
        Idea.objects.filter(_shown(today), round=round_)
        .annotate(support_count=Count("supports", distinct=True), supported_by_me=Exists(mine))
        .prefetch_related(Prefetch("comments", queryset=IdeaComment.objects.order_by("created_at", "id")))
        .order_by("added_week", "id")
    )


def open_rounds():
    return CoDesignRound.objects.filter(status=RoundStatus.OPEN).order_by("closes_on", "id")


def participation_counts(round_: CoDesignRound) -> dict[str, int]:
    """How many people took part, by group: staff who added, commented or supported (each once), and
    one for each idea sent through an invitation link of each group."""
    counts = {g.value: 0 for g in Group}
    counts[Group.STAFF] = Participant.objects.filter(round=round_).count()
    for row in Invitation.objects.filter(round=round_).values("group", "uses"):
        counts[row["group"]] += row["uses"]
    return counts


def round_for_page(round_id: int) -> CoDesignRound | None:
    return CoDesignRound.objects.select_related("facilitator").filter(pk=round_id).first()


def idea_for_page(idea_id: int) -> Idea | None:
    return Idea.objects.select_related("round").filter(pk=idea_id).first()


def invitations_of(round_: CoDesignRound):
    """A round's invitation links, newest first (never their tokens: only hashes are kept)."""
    return Invitation.objects.filter(round=round_).select_related("created_by").order_by("-created_at", "-id")


def invitation_for_page(invitation_id: int) -> Invitation | None:
    return Invitation.objects.filter(pk=invitation_id).first()
