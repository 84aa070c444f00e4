"""Slots where a higher app adds to a lower app's page without the lower app importing it.

Imports run one way, down (docs/architecture.md). A child's record lives in `people` and my work in
`cases`, yet unit meetings, supervision and practical help (apps above them) have things to show there.
Each such app registers a provider in its `AppConfig.ready()`:

    from hearth.core import extensions
    extensions.WORK_ITEMS.register(my_actions)          # fn(user, today) -> list[WorkItem]
    extensions.CHILD_RECORD.register(hypotheses)        # fn(user, child) -> Section | None
    extensions.UNIT_PAGE.register(next_meeting)         # fn(user, unit) -> Section | None
    extensions.register_source_page("meetings.Action", "meetings:action")

The lower page calls `SLOT.collect(...)` and renders what comes back. A provider must make a fixed
number of queries (one or two), whatever the size of the data: the pages' query-count tests include
every registered provider.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkItem:
    """Something a person has to do, shown on their work list (my work)."""

    kind: str  # for example "Unit meeting action"
    title: str
    url: str
    due: datetime.date | None = None
    about: str = ""  # what or whom it concerns, in words (a child's name, a unit)
    sort_key: tuple = ()

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class Section:
    """A titled part of a page: `template` is rendered with `context` (and the page's own context)."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


class Slot:
    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable] = []

    def register(self, provider: Callable) -> Callable:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def providers(self) -> list[Callable]:
        return list(self._providers)

    def collect(self, *args) -> list:
        """Every provider's answer, flattened, with None left out."""
        results = []
        for provider in self._providers:
            value = provider(*args)
            if value is None:
                continue
            if isinstance(value, list | tuple):
                results.extend(v for v in value if v is not None)
            else:
                results.append(value)
        return results


WORK_ITEMS = Slot("work items")  # fn(user, today) -> list[WorkItem]
CHILD_RECORD = Slot("child record sections")  # fn(user, child) -> Section | list[Section] | None
UNIT_PAGE = Slot("unit page sections")  # fn(user, unit) -> Section | list[Section] | None

_SOURCE_PAGES: dict[str, str] = {}


def register_source_page(source_type: str, url_name: str) -> None:
    """The page (a URL name taking the source's id) a chronology entry of `source_type` links to."""
    _SOURCE_PAGES[source_type] = url_name


def source_page(source_type: str) -> str | None:
    return _SOURCE_PAGES.get(source_type)


def work_items_for(user, today: datetime.date) -> list[WorkItem]:
    """A person's work items from every app, soonest due first (undated last)."""
    items = WORK_ITEMS.collect(user, today)
    return sorted(items, key=lambda i: (i.due is None, i.due or datetime.date.max, i.sort_key, i.title))


def sections_in_order(sections: list[Section]) -> list[Section]:
    return sorted(sections, key=lambda s: (s.order, s.title))


# --- framework (practice model prompts on plan and assessment recording pages) ---
@dataclass(frozen=True)
class RecordingPrompt:
    """A question the practice model asks of a plan or an assessment."""

    key: str  # stable across versions of the practice model
    text: str
    principle: str = ""  # the principle it comes from, in words


# fn(kind) -> list[RecordingPrompt]; kind is "plan" or "assessment". One query, whatever the data.
RECORDING_PROMPTS = Slot("recording prompts")
# fn(user, kind, obj, child_id, prompt_keys) -> None: the prompts a worker ticked when saving `obj`.
RECORDING_PROMPTS_USED = Slot("recording prompts used")


def recording_prompts(kind: str) -> list[RecordingPrompt]:
    return RECORDING_PROMPTS.collect(kind)


# --- end framework ---


# --- priorities: visit intervals ---------------------------------------------------------------
class SingleProvider:
    """A slot that at most one app fills (the last registered wins); `call` answers `default` when empty."""

    def __init__(self, name: str):
        self.name = name
        self._provider: Callable | None = None

    def register(self, provider: Callable) -> Callable:
        self._provider = provider
        return provider

    def unregister(self) -> None:
        self._provider = None

    @property
    def provider(self) -> Callable | None:
        return self._provider

    def call(self, *args, default=None):
        if self._provider is None:
            return default
        return self._provider(*args)


#: fn(child_ids, open_kinds: dict[int, frozenset[str]]) -> dict[int, int]: each child's expected
#: interval between visits in working days (intensity tiers). A child left out keeps cases' own rule.
#: The provider makes a fixed number of queries for a page of children.
VISIT_INTERVALS = SingleProvider("visit intervals")


def visit_intervals(child_ids, open_kinds) -> dict[int, int]:
    ids = [int(pk) for pk in child_ids]
    if not ids:
        return {}
    return VISIT_INTERVALS.call(ids, open_kinds, default={}) or {}


# --- end priorities ------------------------------------------------------------------------------


# --- nightly jobs ----------------------------------------------------------------------------------
# Work an app needs done once a night (nudges, re-checks, snapshots). Each app registers a function
# that takes no arguments and returns a one-line summary; `manage.py run_nightly_jobs` (in core, the
# one line an authority schedules) runs them all in order, carrying on past a failure and saying so.


@dataclass(frozen=True)
class NightlyJob:
    name: str  # what it does, in a few words: "visit nudges"
    run: Callable[[], str]


NIGHTLY_JOBS = Slot("nightly jobs")  # NightlyJob instances, registered with NIGHTLY_JOBS.register(job)
