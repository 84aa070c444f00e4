"""The pages `make bench` loads, as data. Add a page by adding a `BenchPage` to PAGES.

Each page names:
- `name`: a unique label for the results table;
- `url`: a path, or a function that finds one. The function gets `fetch(path) -> str`, which returns
  the HTML of a page as the page's role sees it (signed in on the benchmark server), and returns a
  path (for example by following the first link of a kind on a list page);
- `role`: the demo role whose view of the page is measured. Virtual users are shared among the roles
  in proportion to their number of pages, each signed in as a distinct demo account of its role
  (`<role>@demo.hearth.test`, `<role>-2@…`, … as far as the large authority has them);
- `target_p95_ms`: the 95th-percentile latency the page must stay under at 20 concurrent users
  (KEY_PAGE for pages people use all day, ORG_WIDE for pages that summarise the whole authority).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Fetch = Callable[[str], str]

#: p95 targets in milliseconds (bench/README.md).
KEY_PAGE = 150
ORG_WIDE = 500


@dataclass(frozen=True)
class BenchPage:
    name: str
    url: str | Callable[[Fetch], str]
    role: str
    target_p95_ms: int = KEY_PAGE

    def resolve(self, fetch: Fetch) -> str:
        path = self.url(fetch) if callable(self.url) else self.url
        if not path.startswith("/"):
            raise ValueError(f"{self.name}: page paths are relative to the server (got {path!r})")
        return path


def first_link(list_path: str, prefix: str, exclude: tuple[str, ...] = ()) -> Callable[[Fetch], str]:
    """A url function: the first link on `list_path` whose href starts with `prefix`.

    Links ending with one of `exclude` (such as "/new/" for a create form) are passed over.
    """
    pattern = re.compile(r'href="(' + re.escape(prefix) + r'[^"#?]*)"')

    def find(fetch: Fetch) -> str:
        html = fetch(list_path)
        for match in pattern.finditer(html):
            href = match.group(1)
            if href != prefix and not href.endswith(exclude):
                return href
        raise LookupError(f"no link starting {prefix!r} on {list_path}")

    find.__name__ = f"first link {prefix} on {list_path}"
    return find


PAGES: list[BenchPage] = [
    BenchPage("home", "/", "social-worker", KEY_PAGE),
    BenchPage("organisation overview", "/organisation/", "social-worker", ORG_WIDE),
    BenchPage(
        "unit",
        first_link("/organisation/", "/organisation/units/", exclude=("/new/",)),
        "social-worker",
        KEY_PAGE,
    ),
    BenchPage("home (team manager)", "/", "team-manager", KEY_PAGE),
    BenchPage("audit log", "/audit/", "quality-lead", ORG_WIDE),
]


def child_page(list_path: str, suffix: str = "") -> Callable[[Fetch], str]:
    """A url function: the first child's record linked from `list_path`, plus `suffix`."""
    find_child = first_link(list_path, "/children/", exclude=("/new/",))

    def find(fetch: Fetch) -> str:
        match = re.match(r"^/children/\d+/", find_child(fetch))
        if match is None:
            raise LookupError(f"no child's record linked from {list_path}")
        return match.group(0) + suffix

    find.__name__ = f"first child on {list_path} + {suffix or 'record'}"
    return find


# The large demo gives its first open children (L0000001...) about 2,000 chronology entries each.
LONG_CHRONOLOGY = "/search/?q=L0000001"

PAGES += [
    BenchPage("my work", "/my-work/", "social-worker", KEY_PAGE),
    BenchPage("child's record", child_page("/my-work/"), "social-worker", KEY_PAGE),
    BenchPage("chronology", child_page("/my-work/", "chronology/"), "social-worker", KEY_PAGE),
    BenchPage(
        "chronology, 2,000 entries", child_page(LONG_CHRONOLOGY, "chronology/"), "social-worker", KEY_PAGE
    ),
    BenchPage("episodes", child_page("/my-work/", "episodes/"), "social-worker", KEY_PAGE),
    BenchPage("search by name", "/search/?q=smi", "social-worker", KEY_PAGE),
    BenchPage("search by name (director)", "/search/?q=smi", "director", KEY_PAGE),
    BenchPage("unit caseload", first_link("/my-work/", "/caseload/"), "team-manager", KEY_PAGE),
    BenchPage("my work (team manager)", "/my-work/", "team-manager", KEY_PAGE),
]

# --- meetings ---
# The consultant social worker's own unit (from the caseload link on their work list): this week's
# meeting (the newest on the unit's list of meetings) and the unit's requests to discuss a child.


def unit_meetings_path(suffix: str = "") -> Callable[[Fetch], str]:
    """A url function: the unit meetings page (plus `suffix`) of the first unit on the person's work list."""
    find_caseload = first_link("/my-work/", "/caseload/")

    def find(fetch: Fetch) -> str:
        code = find_caseload(fetch).rstrip("/").rsplit("/", 1)[-1]
        return f"/meetings/units/{code}/{suffix}"

    find.__name__ = f"unit meetings of the first unit on /my-work/ + {suffix or 'list'}"
    return find


def newest_unit_meeting(fetch: Fetch) -> str:
    """This week's meeting of the person's unit: the first meeting linked from its list of meetings."""
    listing = unit_meetings_path()(fetch)
    match = re.search(r'href="(/meetings/\d+/)"', fetch(listing))
    if match is None:
        raise LookupError(f"no meeting linked from {listing}")
    return match.group(1)


PAGES += [
    BenchPage("unit meeting", newest_unit_meeting, "consultant-social-worker", KEY_PAGE),
    BenchPage("discussion requests", unit_meetings_path("requests/"), "consultant-social-worker", KEY_PAGE),
]
# --- end meetings ---

# --- supervision ---
# A team manager's supervision list (everyone they line-manage or supervise, overdue first), and the
# newest supervision record linked from it (a consultant's record that the team manager holds).

PAGES += [
    BenchPage("supervision list (team manager)", "/supervision/", "team-manager", KEY_PAGE),
    BenchPage(
        "supervision record",
        first_link("/supervision/", "/supervision/sessions/"),
        "team-manager",
        KEY_PAGE,
    ),
]
# --- end supervision ---

# --- support and clinical ---
# The unit coordinator's queue of practical requests (their "Requests" link goes to their unit's queue)
# and the clinician's queue of consultations and referrals with waiting times per service.


def coordinators_queue(fetch: Fetch) -> str:
    """The practical requests queue of the first unit on the person's work list."""
    code = first_link("/my-work/", "/caseload/")(fetch).rstrip("/").rsplit("/", 1)[-1]
    return f"/support/units/{code}/"


PAGES += [
    BenchPage("practical requests queue", coordinators_queue, "unit-coordinator", KEY_PAGE),
    BenchPage("clinical requests queue", "/clinical/", "clinician", KEY_PAGE),
]
# --- end support and clinical ---

# --- budgets ---
# A team manager's view of the first unit they manage on the budgets page: balance, spend by category,
# month and family, and the latest spends.

PAGES += [
    BenchPage("unit budget", first_link("/budgets/", "/budgets/units/"), "team-manager", KEY_PAGE),
]
# --- end budgets ---

# --- workforce ---
# The workforce lead's organisation-wide pages: live figures for the whole authority (month by month,
# from staff records, posts, absence and casework), the retention strategy and the pulse results.

PAGES += [
    BenchPage("workforce dashboard", "/workforce/", "workforce-lead", ORG_WIDE),
    BenchPage("retention strategy", "/workforce/retention/", "workforce-lead", ORG_WIDE),
    BenchPage("wellbeing pulse results", "/workforce/pulse/results/", "workforce-lead", ORG_WIDE),
    BenchPage("workforce figures (team manager)", "/workforce/", "team-manager", KEY_PAGE),
]
# --- end workforce ---

# --- audits ---
# The quality lead's quality page for the whole authority (grades and themes quarter by quarter, by unit
# and service area), and an auditor's view of the first audit on their list of case audits.

PAGES += [
    BenchPage("quality of practice", "/audits/quality/", "quality-lead", ORG_WIDE),
    BenchPage(
        "case audit",
        first_link("/audits/", "/audits/", exclude=("/quality/", "/programmes/", "/tools/")),
        "consultant-social-worker",
        KEY_PAGE,
    ),
]
# --- end audits ---

# --- priorities ---
# The manager overview of the largest service area (most units: the director's list of service areas
# gives each one's number of units), my work with the visit nudges of the social worker, and a team
# manager's view of their unit's need and load.


def largest_service_overview(fetch: Fetch) -> str:
    html = fetch("/priorities/services/")
    found = re.findall(r'href="(/priorities/services/\d+/)">[^<]*</a> \((\d+) unit', html)
    if not found:
        raise LookupError("no service areas on /priorities/services/")
    return max(found, key=lambda f: int(f[1]))[0]


def unit_load(fetch: Fetch) -> str:
    code = first_link("/my-work/", "/caseload/")(fetch).rstrip("/").rsplit("/", 1)[-1]
    return f"/priorities/units/{code}/"


PAGES += [
    BenchPage("need overview of the largest service", largest_service_overview, "director", 300),
    BenchPage("my work with visit nudges", "/my-work/", "social-worker", KEY_PAGE),
    BenchPage("unit need and load", unit_load, "team-manager", KEY_PAGE),
]
# --- end priorities ---

# --- feedback ---
# A team manager's view of the first unit they manage: the feedback measures and the responses to read;
# "you said, we did" across the service; the public form a family opens (no account: the code page,
# since demo links cannot be opened); the service's measures table for the principal social worker.


def managers_feedback(fetch: Fetch) -> str:
    """The feedback page of the first unit the person manages (from the service's measures table)."""
    return first_link("/feedback/service/", "/feedback/units/")(fetch)


PAGES += [
    BenchPage("unit feedback", managers_feedback, "team-manager", KEY_PAGE),
    BenchPage("you said, we did", "/feedback/you-said-we-did/", "team-manager", KEY_PAGE),
    BenchPage("feedback form (public)", "/feedback/give/", "social-worker", KEY_PAGE),
    BenchPage("feedback across the service", "/feedback/service/", "principal-social-worker", ORG_WIDE),
]
# --- end feedback ---

# --- returns ---
# The data-quality page (counts by rule, unit and worker over the whole authority, and the first page of
# problems) and the list of return runs, as the performance analyst sees them.
PAGES += [
    BenchPage("data quality (CIN census rules)", "/returns/data-quality/", "performance-analyst", ORG_WIDE),
    BenchPage("statutory return runs", "/returns/", "performance-analyst", KEY_PAGE),
]
# --- end returns ---

# --- learning ---
# The learning library as any worker sees it (newest published learning, and a search by theme), the
# published serious success review as the principal social worker sees it (children involved, timeline
# from their chronologies, findings, actions), and a team manager's list of experiments running across
# the units they manage.

PAGES += [
    BenchPage("learning library", "/learning/", "social-worker", KEY_PAGE),
    BenchPage("learning library by theme", "/learning/?theme=neglect", "social-worker", KEY_PAGE),
    BenchPage(
        "learning review",
        first_link("/learning/reviews/?status=published", "/learning/reviews/", exclude=("/new/",)),
        "principal-social-worker",
        KEY_PAGE,
    ),
    BenchPage("practice experiments (team manager)", "/learning/experiments/", "team-manager", KEY_PAGE),
]
# --- end learning ---

# --- framework ---
# The published practice framework and model as staff read it; the public family version (signed out
# pages are fetched signed in here: same queries); the finished co-design round with its ideas.
PAGES += [
    BenchPage("practice framework and model", "/framework/", "social-worker", KEY_PAGE),
    BenchPage("practice framework for families (public)", "/our-practice/", "social-worker", KEY_PAGE),
    BenchPage(
        "co-design round",
        first_link("/framework/co-design/", "/framework/co-design/", exclude=("/new/",)),
        "social-worker",
        KEY_PAGE,
    ),
]
# --- end framework ---

# --- insights ---
# The health check: the authority heatmap of every unit (from the latest snapshot) as the director sees
# it, and a unit's own live page as its team manager sees it.


def managers_health_check(fetch: Fetch) -> str:
    return first_link("/health-check/", "/health-check/units/")(fetch)


PAGES += [
    BenchPage("health check heatmap (authority)", "/health-check/", "director", ORG_WIDE),
    BenchPage("health check of a unit (live)", managers_health_check, "team-manager", ORG_WIDE),
]
# --- end insights ---
