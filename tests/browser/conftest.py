"""Fixtures for the browser journeys: Debian's Chromium driven by Playwright's sync API.

The browser is the distribution's Chromium (`/usr/bin/chromium`, or HEARTH_CHROMIUM); nothing here
downloads a browser. `make test` runs scripts/ensure_chromium.py first, which installs it when missing.
Without Chromium the journeys are skipped on a developer's machine and fail in CI (CI set).

Every page a journey visits is checked with axe-core (tests/browser/vendor, see its README) for
WCAG 2.0, 2.1 and 2.2 A and AA and axe's best practices, and for console errors (CSP violations
and failed loads included).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse database
# work from the test (seeding, assertions) as "called from an async context".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
AXE_SOURCE_PATH = HERE / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: axe-core tags: WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices.
#: (axe has no rule tagged wcag22a: the A-level criteria new in 2.2 are not automatable.)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
DEFAULT_TIMEOUT_MS = 15_000


def chromium_path() -> Path:
    return Path(os.environ.get("HEARTH_CHROMIUM") or "/usr/bin/chromium")


def chromium_missing_reason() -> str | None:
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"Chromium not found at {path}: run `python scripts/ensure_chromium.py` (or `make test`), "
        "or set HEARTH_CHROMIUM"
    )


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def pytest_collection_modifyitems(config, items):
    """Skip the browser journeys as a whole when Chromium is missing, except in CI (where they fail)."""
    reason = chromium_missing_reason()
    if reason is None or in_ci():
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return AXE_SOURCE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser():
    reason = chromium_missing_reason()
    if reason is not None:
        pytest.fail(f"{reason} (CI is set, so the browser journeys must run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class PageChecker:
    """A journey's page: collects console errors and runs axe on the page currently shown."""

    page: object
    axe_source: str
    console_errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')})")

    def on_page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def check(self, status: int = 200) -> None:
        """Asserts the page has no accessibility violations and logged no console errors.

        For an error page (`status` 403, 404, ...) the browser's own note that the page itself came with
        that status is expected; any other console error still fails.
        """
        page = self.page
        page.wait_for_load_state("load")
        url = page.url
        # Injected through the DevTools protocol, so the page's CSP (script-src 'self' 'nonce-…')
        # stays in force for everything the page does itself.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate("() => {\n" + self.axe_source + "\n}")
        violations = page.evaluate(
            """async (tags) => {
                const results = await window.axe.run(document, {
                    runOnly: {type: "tag", values: tags},
                    resultTypes: ["violations"],
                });
                return results.violations.map((v) => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    helpUrl: v.helpUrl,
                    nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary})),
                }));
            }""",
            AXE_TAGS,
        )
        self.checked.append(url)
        problems = []
        if violations:
            lines = [f"axe found {len(violations)} violation(s) on {url}:"]
            for v in violations:
                lines.append(f"  - {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
                for node in v["nodes"]:
                    lines.append(f"      at {json.dumps(node['target'])}")
                    if node.get("summary"):
                        lines.extend(f"        {s}" for s in node["summary"].splitlines())
            problems.append("\n".join(lines))
        if status != 200:
            own = f"the server responded with a status of {status}"
            self.console_errors[:] = [e for e in self.console_errors if not (own in e and f"({url})" in e)]
        if self.console_errors:
            problems.append(
                f"console errors up to {url}:\n" + "\n".join(f"  - {e}" for e in self.console_errors)
            )
            self.console_errors.clear()
        assert not problems, "\n".join(problems)


@pytest.fixture
def journey(browser, live_server, transactional_db, axe_source):
    """A fresh browser context (no cookies) on the live server: `journey.page` is the Playwright page,
    `journey.check()` checks the page shown (axe and console errors)."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    checker = PageChecker(page=page, axe_source=axe_source)
    page.on("console", checker.on_console)
    page.on("pageerror", checker.on_page_error)
    try:
        yield checker
    finally:
        context.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The small demo authority, with two-factor off (its journey is not what these tests cover)."""
    import io

    from django.core.management import call_command

    settings.HEARTH_REQUIRE_2FA = False
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
