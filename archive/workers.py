"""The processes that extract articles, for the crawl and for ``reextract``.

Workers are forked from a forkserver, never from the caller: a fork of a process running
the Twisted reactor and its threads is unsafe. The forkserver is a fresh interpreter that
first imports :mod:`archive.worker_preload`, so everything an extraction loads (trafilatura,
lxml, justext's stop words of every language: some 60 MB) is loaded once and shared by
the workers copy-on-write, instead of once per worker.

Each worker is fed through a socket of its own, one frame per task and one per result:
four bytes of length, then a pickle (the frames of Twisted's ``Int32StringReceiver``, so
the crawl's reactor reads and writes them itself). A ``ProcessPoolExecutor`` passes every
task and result through two helper threads of the caller; in the crawl those competed
with the reactor for the GIL, and the workers waited for them 6% of the time.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import socket
import struct
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from itertools import count, islice
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

HEADER = struct.Struct("!I")
ALLOCATOR_VARIABLE = "NEWSARC_WORKER_MALLOC"
SEND_BUFFER = 4 << 20

Item = TypeVar("Item")
Result = TypeVar("Result")


class WorkerDied(RuntimeError):
    """An extraction worker exited while it had work: a crash in native code, or a kill."""


def start_forkserver() -> multiprocessing.context.BaseContext:
    """Start the preloaded forkserver now, if it is not running; its context.

    Its half-second preload runs in its own process: started before a crawl's own set-up,
    it is done by the time the first pages arrive. It runs with :func:`worker_allocator`'s
    malloc, and so do the workers it forks. Idempotent.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["archive.worker_preload"])
    with preloaded(worker_allocator()):
        multiprocessing.forkserver.ensure_running()
    return context


def worker_allocator() -> str | None:
    """The malloc library the extraction processes preload, or None for the C library's.

    jemalloc where the system has one (Debian's libjemalloc2, which redis-server brings):
    extraction builds and copies several lxml trees a page, and with jemalloc takes about
    6-8% less CPU. ``NEWSARC_WORKER_MALLOC=system`` keeps the C library's.
    """
    chosen = os.environ.get(ALLOCATOR_VARIABLE, "jemalloc")
    if chosen not in ("jemalloc", "system"):
        raise ValueError(f"{ALLOCATOR_VARIABLE} is 'jemalloc' or 'system', not {chosen!r}")
    return _jemalloc() if chosen == "jemalloc" else None


@cache
def _jemalloc() -> str | None:
    """The system's jemalloc, looked up once: ``find_library`` runs ``ldconfig -p``, and
    every worker started (a crawl's, ``reextract``'s, a replacement) asks for its allocator."""
    return ctypes.util.find_library("jemalloc")


@contextlib.contextmanager
def preloaded(library: str | None) -> Iterator[None]:
    """``LD_PRELOAD`` of ``library`` for the processes started meanwhile; a preload the
    user set is theirs, and left alone."""
    if library is None or "LD_PRELOAD" in os.environ:
        yield
        return
    os.environ["LD_PRELOAD"] = library
    try:
        yield
    finally:
        del os.environ["LD_PRELOAD"]


def frame(value: object) -> bytes:
    """``value`` pickled, behind its length."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def read_frame(stream: socket.socket) -> bytes | None:
    """The next frame's pickle; None when the other end has closed."""
    header = _read_exactly(stream, HEADER.size)
    if header is None:
        return None
    data = _read_exactly(stream, HEADER.unpack(header)[0])
    if data is None:
        raise EOFError("the other end closed in the middle of a frame")
    return data


def _read_exactly(stream: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, done = memoryview(buffer), 0
    while done < size:
        got = stream.recv_into(view[done:])
        if not got:
            return None
        done += got
    return bytes(buffer)


def serve(stream: socket.socket, function: Callable[[Any], Any]) -> None:
    """A worker's life: answer each task frame with ``(True, result)`` or ``(False, error)``,
    in order, until the caller closes the socket, even in the middle of a frame (a caller
    that stops early: a full disk, an interrupt)."""
    with stream, contextlib.suppress(ConnectionError, EOFError):
        while (task := read_frame(stream)) is not None:
            try:
                answer = frame((True, function(pickle.loads(task))))
            except Exception as error:
                answer = frame((False, _picklable(error)))
            stream.sendall(answer)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle still says what it was
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error


def _answer_each(function: Callable[[Any], Any], items: list[Any]) -> list[tuple[bool, Any]]:
    """A batch's task: ``function`` over ``items``, each answered with ``(True, result)``
    or ``(False, error)`` as :func:`serve` answers a task of its own."""
    answers: list[tuple[bool, Any]] = []
    for item in items:
        try:
            answers.append((True, function(item)))
        except Exception as error:
            answers.append((False, _picklable(error)))
    return answers


@dataclass
class Worker:
    """One worker process and the caller's end of its socket."""

    process: BaseProcess
    stream: socket.socket

    def stop(self, timeout: float = 10.0) -> None:
        """Close the socket, which ends the worker's loop; kill it if it does not end."""
        self.stream.close()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()

    def died(self) -> WorkerDied:
        self.process.join(1.0)
        return WorkerDied(f"extraction worker {self.process.pid} exited ({self.process.exitcode})")


def start_worker(function: Callable[[Any], Any]) -> Worker:
    """A worker forked from the preloaded forkserver that applies ``function`` to each task.

    ``function`` travels by name, so it must be importable (a module-level function).
    """
    ours, theirs = socket.socketpair()
    # Room for a queue of pages (the default holds three): the worker finds its next page
    # already there when it finishes one. The kernel caps this at net.core.wmem_max.
    ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
    process = start_forkserver().Process(target=serve, args=(theirs, function), daemon=True)
    process.start()
    theirs.close()
    return Worker(process, ours)


def in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    window: int = 8,
    failed: Callable[[Item, Exception], Result] | None = None,
    batch: int = 1,
) -> Iterator[Result]:
    """``function`` over ``items`` in ``workers`` processes; results in the items' order.

    Items go round the workers ``batch`` at a time, one frame each way per batch (a
    batch of 8 wakes the caller an eighth as often), and at most ``window`` batches ahead
    per worker, so each worker's answers come back in the order they are wanted. When
    ``function`` raises, or its worker dies on an item (a crash in native code, a kill:
    :class:`WorkerDied`), the item's result is ``failed(item, error)``; without ``failed``
    the error is raised here, as ``Future.result`` would. A dead worker is replaced: the
    items of the batch it died on are tried again one at a time, so only an item that
    kills a worker on its own fails, and the batches queued behind go to the replacement.
    Writes block, so items should be small next to the socket's buffer, or a large item and
    a large answer could each wait for the other (``reextract`` sends record addresses:
    each worker reads its own record).
    """
    task = partial(_answer_each, function)
    pool = [start_worker(task) for _ in range(workers)]
    waiting: deque[tuple[int, list[Item]]] = deque()  # (which worker, batch), in order

    def replace(slot: int) -> None:
        pool[slot].stop()
        pool[slot] = start_worker(task)
        for other, queued in waiting:
            if other == slot:
                _send(pool[slot], queued)

    def answers() -> Iterator[Result]:
        slot, chunk = waiting.popleft()
        try:
            results = _answer(pool[slot])
        except WorkerDied as error:
            if len(chunk) > 1:  # which item killed it? Each is tried again on its own.
                waiting.extendleft((slot, [item]) for item in reversed(chunk))
                replace(slot)
                return
            if failed is None:
                raise
            replace(slot)
            results = [(False, error)]
        except Exception as error:  # the batch's answers would not pickle
            results = [(False, error)] * len(chunk)
        for item, (ok, value) in zip(chunk, results, strict=True):
            if ok:
                yield value
            elif failed is None:
                raise value
            else:
                yield failed(item, value)

    try:
        source = iter(items)
        for index in count():
            chunk = list(islice(source, batch))
            if not chunk:
                break
            slot = index % workers
            _send(pool[slot], chunk)
            waiting.append((slot, chunk))
            if len(waiting) >= window * workers:
                yield from answers()
        while waiting:
            yield from answers()
    finally:
        for worker in pool:
            worker.stop()


def _send(worker: Worker, item: Any) -> None:
    with contextlib.suppress(OSError):  # a dead worker: reading its answer will say so
        worker.stream.sendall(frame(item))


def _answer(worker: Worker) -> Any:
    try:
        data = read_frame(worker.stream)
    except (OSError, EOFError):
        data = None
    if data is None:
        raise worker.died()
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value
