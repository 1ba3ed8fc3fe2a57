"""Shared test fixtures: loopback sites, newsarc run as a user runs it, seed files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.localsite import LocalSite

TESTS = Path(__file__).parent
REPO = TESTS.parent
DEMO_SITE = REPO / "crawler" / "demo" / "site"
SHARED = REPO.parent / "shared"


def run(args: list[str], cwd: Path = REPO, timeout: float = 240) -> subprocess.CompletedProcess:
    """Run a command-line tool as a user would, in its own process (one reactor per run)."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def newsarc(*args: str, cwd: Path = REPO, timeout: float = 240) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "crawler.cli", *args], cwd=cwd, timeout=timeout)


@pytest.fixture
def demo_site():
    with LocalSite(DEMO_SITE) as site:
        yield site


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `newsarc demo` run shared by the tests that only read its output."""
    out = tmp_path_factory.mktemp("demo") / "out"
    result = newsarc("demo", "--out", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out
