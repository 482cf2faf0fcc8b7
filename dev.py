#!/usr/bin/env python3
"""Set up Heartbeat and run it, or its tests, with nothing but Python and git.

    python3 dev.py serve    install, migrate, seed the demo, serve on :8000
    python3 dev.py test     install, lint, check migrations, run the whole suite
    python3 dev.py vendor   re-vendor the design system from npm (needs Node.js)

Any Python 3.7+ can start this script: it finds a Python 3.12 or newer by itself (this
one, python3.1x on the PATH, the Windows launcher, pyenv, uv), makes .venv with it and
installs the pinned dependencies there. It keeps to the standard library and to syntax
that older Pythons parse, so that it can say clearly what is missing.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator

ROOT = os.path.dirname(os.path.abspath(__file__))
VENV = os.path.join(ROOT, ".venv")
MINIMUM = (3, 12)
NEWEST_MINOR = 20  # how far up python3.1x to look
# The Scottish Government Design System release vendored under static/vendor/sgds.
SGDS_VERSION = "4.2.0"


def say(message: str) -> None:
    print(f"[heartbeat] {message}", flush=True)


def version_of(python: list[str]) -> tuple[int, int] | None:
    """The (major, minor) of an interpreter, or None if it does not run."""
    try:
        out = subprocess.run(
            [*python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None  # e.g. a pyenv shim for a version that is not selected
    try:
        major, minor = out.stdout.split()
        return int(major), int(minor)
    except ValueError:
        return None


def candidates() -> Iterator[list[str]]:
    """Interpreters worth trying, the likeliest first."""
    minors = range(NEWEST_MINOR, MINIMUM[1] - 1, -1)
    yield [sys.executable]
    for minor in minors:
        found = shutil.which(f"python3.{minor}")
        if found:
            yield [found]
    if shutil.which("py"):  # the Windows launcher
        for minor in minors:
            yield ["py", f"-3.{minor}"]
    pyenv_root = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    pattern = os.path.join(pyenv_root, "versions", "3.*", "bin", "python3")
    for path in sorted(glob.glob(pattern), reverse=True):
        yield [path]
    uv = shutil.which("uv")
    if uv:
        wanted = ">={}.{}".format(*MINIMUM)
        out = subprocess.run(
            [uv, "python", "find", wanted], capture_output=True, text=True
        )
        if out.returncode == 0 and out.stdout.strip():
            yield [out.stdout.strip()]
    for folder in ("/usr/local/bin", "/opt/homebrew/bin", "/usr/bin"):
        for minor in minors:
            path = os.path.join(folder, f"python3.{minor}")
            if os.path.exists(path):
                yield [path]


def find_python() -> tuple[list[str], tuple[int, int]]:
    for python in candidates():
        found = version_of(python)
        if found and found >= MINIMUM:
            return python, found
    needed = "{}.{}".format(*MINIMUM)
    this = "{}.{}".format(*sys.version_info[:2])
    say(
        f"Heartbeat needs Python {needed} or newer (Django 6 does not run on older "
        f"ones), and none was found: not this Python ({this}), nor python3.1x on the "
        "PATH, the py launcher, pyenv or uv. Install one from "
        "https://www.python.org/downloads/ and run this command again."
    )
    raise SystemExit(1)


def venv_python() -> str:
    if os.name == "nt":
        return os.path.join(VENV, "Scripts", "python.exe")
    return os.path.join(VENV, "bin", "python")


def run(args: list[str]) -> None:
    completed = subprocess.run(args, cwd=ROOT)
    if completed.returncode != 0:
        raise SystemExit(completed.returncode)


def ensure_venv() -> str:
    """Make .venv with a 3.12+ Python and install the project, once per pyproject."""
    python = venv_python()
    current = version_of([python]) if os.path.exists(python) else None
    if current is None or current < MINIMUM:
        base, found = find_python()
        say("Making .venv with Python {}.{} ({})".format(*found, " ".join(base)))
        shutil.rmtree(VENV, ignore_errors=True)
        run([*base, "-m", "venv", VENV])
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as pyproject:
        wanted = hashlib.sha256(pyproject.read()).hexdigest()
    stamp = os.path.join(VENV, ".installed")
    installed = ""
    if os.path.exists(stamp):
        with open(stamp) as done:
            installed = done.read()
    if installed != wanted:
        say("Installing dependencies into .venv (pinned in pyproject.toml)")
        quiet = [] if os.environ.get("CI") else ["--quiet"]
        run([python, "-m", "pip", "install", "--upgrade", "pip", *quiet])
        run([python, "-m", "pip", "install", "-e", ".[dev]", *quiet])
        with open(stamp, "w") as done:
            done.write(wanted)
    return python


def manage(python: str, *args: str) -> None:
    run([python, os.path.join(ROOT, "manage.py"), *args])


def serve(args: list[str]) -> None:
    python = ensure_venv()
    manage(python, "migrate", "--no-input")
    manage(python, "seed_demo")
    address = args[0] if args else "127.0.0.1:8000"
    say(
        f"Heartbeat is starting: open http://{address}/ and sign in as staff, "
        "executive or lead-<council> (lead-fife, ...) with the password printed "
        "above. Stop it with Ctrl+C."
    )
    manage(python, "runserver", address)


def test(args: list[str]) -> None:
    python = ensure_venv()
    say("ruff check")
    run([python, "-m", "ruff", "check", "."])
    say("ruff format --check")
    run([python, "-m", "ruff", "format", "--check", "."])
    say("makemigrations --check")
    manage(python, "makemigrations", "--check", "--dry-run")
    say("pytest")
    run([python, "-m", "pytest", *args])


def vendor(args: list[str]) -> None:
    """Fetch the pinned design system from npm and copy its built files into static/.

    The result is committed, so a fresh clone needs neither Node.js nor the network.
    """
    npm = shutil.which("npm")
    if not npm:
        say("Vendoring the design system needs npm (Node.js).")
        raise SystemExit(1)
    target = os.path.join(ROOT, "static", "vendor", "sgds")
    with tempfile.TemporaryDirectory() as work:
        package = f"@scottish-government/design-system@{SGDS_VERSION}"
        run([npm, "pack", package, "--silent", "--pack-destination", work])
        (tarball,) = glob.glob(os.path.join(work, "*.tgz"))
        with tarfile.open(tarball) as archive:
            try:
                archive.extractall(work, filter="data")
            except TypeError:  # a Python without extraction filters
                archive.extractall(work)
        dist = os.path.join(work, "package", "dist")
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        for name in ("design-system.min.css", "design-system.min.css.map"):
            shutil.copy(os.path.join(dist, "css", name), target)
        shutil.copy(os.path.join(dist, "scripts", "design-system.js"), target)
        shutil.copytree(os.path.join(dist, "images"), os.path.join(target, "images"))
        shutil.copy(os.path.join(work, "package", "LICENSE.txt"), target)
    with open(os.path.join(target, "VERSION"), "w") as out:
        out.write(SGDS_VERSION + "\n")
    say(f"Vendored the design system {SGDS_VERSION} into {target}")


COMMANDS = {"serve": serve, "test": test, "vendor": vendor}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        raise SystemExit(2)
    os.chdir(ROOT)
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
