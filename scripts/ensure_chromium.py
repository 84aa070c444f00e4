#!/usr/bin/env python3
"""Make sure Debian's Chromium is installed for the Playwright browser journeys (tests/browser).

The browser tests drive the distribution's Chromium (`/usr/bin/chromium`, or the path in
HEARTH_CHROMIUM). This script never downloads a browser build of its own (no `playwright install`):
if Chromium is missing it installs Debian's `chromium` package with apt-get, as root or through
sudo, and otherwise says what to do and exits non-zero.

Standard library only: it runs before anything else is known to be installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"
APT_ENV = {"DEBIAN_FRONTEND": "noninteractive"}


def chromium_path() -> Path:
    return Path(os.environ.get("HEARTH_CHROMIUM") or DEFAULT_CHROMIUM)


def is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def is_debian_like() -> bool:
    """True on Debian, Ubuntu and their derivatives (apt-get and /etc/os-release say so)."""
    if shutil.which("apt-get") is None:
        return False
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return False
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value.strip().strip('"').lower()
    family = {fields.get("ID", "")} | set(fields.get("ID_LIKE", "").split())
    return bool(family & {"debian", "ubuntu"})


def privilege_prefix() -> list[str] | None:
    """[] when root, ['sudo', '-n'] when sudo can run without a password, None when neither."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo is None:
        return None
    probe = subprocess.run([sudo, "-n", "true"], capture_output=True, check=False)  # noqa: S603
    return [sudo, "-n"] if probe.returncode == 0 else None


def run(command: list[str]) -> int:
    print("ensure_chromium: $ " + " ".join(command), flush=True)
    env = {**os.environ, **APT_ENV}
    if command and command[0].endswith("sudo"):
        # sudo resets the environment; pass the frontend setting explicitly.
        command = [*command[:2], "env", "DEBIAN_FRONTEND=noninteractive", *command[2:]]
    return subprocess.run(command, env=env, check=False).returncode  # noqa: S603 - fixed apt-get argv


def fail(message: str) -> int:
    print(f"ensure_chromium: {message}", file=sys.stderr)
    print(
        "ensure_chromium: install Debian's Chromium yourself (apt-get install chromium) or set "
        "HEARTH_CHROMIUM to a Chromium binary; `make test-fast` runs the suite without the browser.",
        file=sys.stderr,
    )
    return 1


def main() -> int:
    target = chromium_path()
    if is_executable(target):
        return 0

    if os.environ.get("HEARTH_CHROMIUM"):
        return fail(f"HEARTH_CHROMIUM is set to {target}, which is not an executable file.")
    if not is_debian_like():
        return fail(f"{target} is missing and this is not a Debian or Ubuntu system with apt-get.")
    prefix = privilege_prefix()
    if prefix is None:
        return fail(f"{target} is missing and installing it needs root (or password-less sudo).")

    print(f"ensure_chromium: {target} is missing; installing Debian's chromium package.", flush=True)
    apt = shutil.which("apt-get") or "apt-get"
    if run([*prefix, apt, "update"]) != 0:
        return fail("apt-get update failed.")
    if run([*prefix, apt, "install", "-y", "--no-install-recommends", "chromium"]) != 0:
        return fail("apt-get install chromium failed.")
    if not is_executable(target):
        return fail(f"the chromium package was installed but {target} is still not there.")
    print(f"ensure_chromium: installed {target}.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
