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
