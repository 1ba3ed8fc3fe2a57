"""The crawl's extraction workers, fed by the reactor itself.

The reactor writes each page to a worker's socket as soon as it is submitted and reads
the answers back in the same loop that downloads: no helper thread waits for the GIL, and
no page waits for the reactor's next turn, between a worker and its next page. A page
the socket cannot take at once is finished when the socket is writable again, so a large
page never blocks the reactor.
"""

from __future__ import annotations

import logging
import pickle
from collections import deque
from collections.abc import Callable
from typing import Any

from twisted.internet import main as reactor_main
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from archive.workers import HEADER, Worker, frame, start_worker

logger = logging.getLogger(__name__)

READ_SIZE = 1 << 20


class _Channel:
    """The reactor's end of one worker's socket (a Twisted read and write descriptor):
    tasks out, answers in, in order."""

    def __init__(self, pool: ExtractionWorkers, worker: Worker) -> None:
        from twisted.internet import reactor

        self.reactor = reactor
        self.pool = pool
        self.worker = worker
        self.stream = worker.stream
        self.stream.setblocking(False)
        self.waiting: deque[tuple[Any, Deferred]] = deque()
        self.unsent: deque[memoryview] = deque()
        self.received = bytearray()
        reactor.addReader(self)

    def fileno(self) -> int:
        return self.stream.fileno()

    def logPrefix(self) -> str:
        return "extraction-worker"

    def submit(self, task: Any, answer: Deferred) -> None:
        self.waiting.append((task, answer))
        self.unsent.append(memoryview(frame(task)))
        if len(self.unsent) == 1:
            self.doWrite()

    def doWrite(self) -> None:
        while self.unsent:
            try:
                sent = self.stream.send(self.unsent[0])
            except BlockingIOError:
                sent = 0
            except OSError:
                return  # the worker is gone: doRead sees the end and says so
            if sent < len(self.unsent[0]):
                self.unsent[0] = self.unsent[0][sent:]
                self.reactor.addWriter(self)
                return
            self.unsent.popleft()
        self.reactor.removeWriter(self)

    def doRead(self) -> object:
        try:
            data = self.stream.recv(READ_SIZE)
        except BlockingIOError:
            return None
        except OSError:
            data = b""
        if not data:
            return reactor_main.CONNECTION_DONE
        self.received += data
        while len(self.received) >= HEADER.size:
            end = HEADER.size + HEADER.unpack_from(self.received)[0]
            if len(self.received) < end:
                break
            ok, value = pickle.loads(memoryview(self.received)[HEADER.size : end])
            del self.received[:end]
            _, answer = self.waiting.popleft()
            if ok:
                answer.callback(value)
            else:
                answer.errback(Failure(value))
        return None

    def connectionLost(self, reason: Failure) -> None:
        self.close()
        self.pool.lost(self)

    def close(self) -> None:
        self.reactor.removeReader(self)
        self.reactor.removeWriter(self)
        self.stream.close()  # the worker reads its end of input and exits


class ExtractionWorkers:
    """``count`` worker processes applying ``function`` to tasks; each task goes to the
    worker with the fewest waiting.

    A worker that dies (a crash in native code, a kill) is replaced. The task it was
    working on fails with :class:`archive.workers.WorkerDied`; the tasks queued behind it
    had not started and go to the other workers.
    """

    def __init__(self, count: int, function: Callable[[Any], Any]) -> None:
        self.function = function
        self.closing = False
        self.channels = [_Channel(self, start_worker(function)) for _ in range(count)]

    def submit(self, task: Any) -> Deferred:
        """A Deferred that fires with ``function(task)``, or fails with its exception."""
        answer: Deferred = Deferred()
        self._least_busy().submit(task, answer)
        return answer

    def _least_busy(self) -> _Channel:
        return min(self.channels, key=lambda channel: len(channel.waiting))

    def lost(self, channel: _Channel) -> None:
        if self.closing:
            return
        self.channels.remove(channel)
        error = channel.worker.died()
        logger.error("%s; starting another", error)
        channel.worker.stop()
        self.channels.append(_Channel(self, start_worker(self.function)))
        if channel.waiting:
            _, answer = channel.waiting.popleft()
            answer.errback(Failure(error))
        for task, answer in channel.waiting:
            self._least_busy().submit(task, answer)

    def close(self) -> None:
        """End every worker; tasks still waiting are abandoned."""
        self.closing = True
        for channel in self.channels:
            channel.close()
            channel.worker.stop()
