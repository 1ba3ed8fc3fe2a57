"""The extraction worker processes: answers in order, errors carried back, deaths survived.

Real processes from the forkserver, over real sockets; the crawl's side runs under a real
reactor in a child interpreter.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import json
import multiprocessing.forkserver
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from archive.rebuild import RebuildResult, reextract
from archive.workers import ALLOCATOR_VARIABLE, WorkerDied, in_order
from crawler.archive_commands import options_for_sources
from crawler.exitcodes import EXIT_USAGE
from crawler.sources import load_sources, source_dirs


def square(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    if n == 99:
        os._exit(7)  # a crash that skips Python's clean-up, as a segfault would
    return n * n


@pytest.mark.parametrize("batch", [1, 3])
def test_answers_come_back_in_the_order_of_the_items(batch: int) -> None:
    items = list(range(13)) + list(range(14, 60))
    answers = in_order(square, items, workers=2, window=3, batch=batch)
    assert list(answers) == [n * n for n in items]


def test_a_large_task_and_answer_cross_whole() -> None:
    assert list(in_order(len, [b"x" * 5_000_000, b""], workers=2)) == [5_000_000, 0]


@pytest.mark.parametrize("batch", [1, 3])
def test_an_exception_in_a_worker_is_raised_to_the_caller(batch: int) -> None:
    answers = in_order(square, [1, 2, 13, 4], workers=2, batch=batch)
    assert [next(answers), next(answers)] == [1, 4]
    with pytest.raises(ValueError, match="thirteen"):
        next(answers)


@pytest.mark.parametrize("batch", [1, 3])
def test_a_worker_that_dies_is_named_not_waited_for(batch: int) -> None:
    answers = in_order(square, [1, 99, 3], workers=2, batch=batch)
    assert next(answers) == 1
    with pytest.raises(WorkerDied, match=r"exited \(7\)"):
        next(answers)


@pytest.mark.parametrize("batch", [1, 3])
def test_a_dead_worker_is_replaced_and_only_its_item_fails(batch: int) -> None:
    # Round the two workers: 99 and the items queued behind it on its worker go to its
    # replacement, which the second 99 kills in turn. In batches, the items that shared a
    # batch with a 99 are tried again one by one: only the 99 fails.
    items = [1, 99, 3, 5, 13, 7, 8, 99, 10, 11]

    def failed(item: int, error: Exception) -> str:
        return f"{item}: {type(error).__name__}"

    answers = list(in_order(square, items, workers=2, window=2, failed=failed, batch=batch))
    assert answers[:5] == [1, "99: WorkerDied", 9, 25, "13: ValueError"]
    assert answers[5:] == [49, 64, "99: WorkerDied", 100, 121]


def _workers() -> list[int]:
    """The forkserver's children: this process's extraction workers."""
    server = multiprocessing.forkserver._forkserver._forkserver_pid
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == server:
                children.append(int(stat.parent.name))
    return children


def test_reextract_survives_a_killed_worker_and_loses_nothing(
    demo_out: Path, tmp_path: Path
) -> None:
    archives = tmp_path / "archives"
    for copy in range(4):  # each article four times over: the workers have a queue
        shutil.copytree(demo_out / "warc", archives / str(copy))
    killed: list[int] = []

    def kill_one_worker(result: RebuildResult, total: int) -> None:
        if not killed and (workers := _workers()):
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    options = options_for_sources(load_sources(source_dirs([])), set())
    result = reextract(
        [archives], tmp_path / "killed", options, workers=2, progress=kill_one_worker
    )
    assert killed and killed[0] not in _workers()
    # The pages it had are tried again, one by one, on its replacement.
    assert result.errors == []
    assert (result.pages, result.articles, result.repeated) == (44, 11, 33)
    undisturbed = reextract([archives], tmp_path / "undisturbed", options, workers=2)
    assert undisturbed == result
    manifest = (tmp_path / "killed" / "manifest.jsonl").read_bytes()
    assert manifest == (tmp_path / "undisturbed" / "manifest.jsonl").read_bytes()


STOPS_EARLY = """
import sys
sys.path.insert(0, sys.argv[1])
from test_workers import square
from archive.workers import in_order
answers = in_order(square, [n for n in range(2000) if n not in (13, 99)], workers=2)
print(next(answers), next(answers))
answers.close()  # as a full disk stops reextract: the workers are mid-answer
"""


def test_a_caller_that_stops_early_leaves_the_workers_quiet() -> None:
    done = _python(STOPS_EARLY)
    assert done.returncode == 0 and done.stdout.split() == ["0", "1"]
    assert done.stderr == ""


def _python(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    here = Path(__file__).parent
    return subprocess.run(
        [sys.executable, "-c", script, str(here)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=here.parent,
        env={**os.environ, **(env or {})},
    )


def jemalloc_mapped(_: object) -> bool:
    """Whether this process has jemalloc loaded."""
    return "libjemalloc" in Path("/proc/self/maps").read_text()


ALLOCATORS = """
import os, subprocess, sys
sys.path.insert(0, sys.argv[1])
from test_workers import jemalloc_mapped
from archive.workers import in_order
workers = list(in_order(jemalloc_mapped, [0, 1], workers=2))
child = subprocess.run(["env"], capture_output=True, text=True).stdout
print(workers, jemalloc_mapped(0), "LD_PRELOAD" in os.environ or "LD_PRELOAD" in child)
"""


@pytest.mark.skipif(not ctypes.util.find_library("jemalloc"), reason="no jemalloc on this system")
@pytest.mark.parametrize(("choice", "in_workers"), [(None, True), ("system", False)])
def test_the_workers_run_with_jemalloc_unless_told_otherwise(
    choice: str | None, in_workers: bool
) -> None:
    done = _python(ALLOCATORS, {ALLOCATOR_VARIABLE: choice} if choice else None)
    assert done.returncode == 0, done.stderr[-3000:]
    # the caller keeps its own malloc, and neither it nor what it starts later inherits the preload
    assert done.stdout.split() == [f"[{in_workers},", f"{in_workers}]", "False", "False"]


def test_an_unknown_allocator_is_refused_with_the_choices(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "reextract", str(tmp_path), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, ALLOCATOR_VARIABLE: "tcmalloc"},
    )
    assert done.returncode == EXIT_USAGE
    assert "NEWSARC_WORKER_MALLOC is 'jemalloc' or 'system', not 'tcmalloc'" in done.stderr


CRAWL_SIDE = """
import json, sys
from twisted.internet import defer, task
sys.path.insert(0, sys.argv[1])
from test_workers import square
from crawler.workers import ExtractionWorkers

@defer.inlineCallbacks
def main(reactor):
    workers = ExtractionWorkers(2, square)
    first = [c.worker.process for c in workers.channels]
    tasks = [1, 2, 99, 4, 5, 6, 7, 13, 9]
    results = yield defer.DeferredList([workers.submit(n) for n in tasks], consumeErrors=True)
    after = [c.worker.process for c in workers.channels]
    workers.close()
    print(json.dumps({
        "answers": [value if ok else type(value.value).__name__ for ok, value in results],
        "replaced": sum(1 for p in first if p not in after),
        "alive": [p.is_alive() for p in first + after],
    }))

task.react(main)
"""


def test_the_crawl_replaces_a_dead_worker_and_loses_only_its_page() -> None:
    done = _python(CRAWL_SIDE)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.splitlines()[-1])
    # 99 kills its worker; the pages queued behind it go to the other worker or its
    # replacement, and 13's exception comes back as an exception.
    assert report["answers"] == [1, 4, "WorkerDied", 16, 25, 36, 49, "ValueError", 81]
    assert report["replaced"] == 1
    assert not any(report["alive"])
    assert "extraction worker" in done.stderr and "starting another" in done.stderr
