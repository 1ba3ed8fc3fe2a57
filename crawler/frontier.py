"""The shared frontier of a distributed crawl: scrapy-redis's scheduler, per run.

Its own module so that a crawl without Redis never imports scrapy-redis (see
:mod:`crawler.distributed`, whose add-on names this scheduler only when a Redis URL is set).
"""

from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.distributed import HEARTBEAT, KEY_PREFIX, WORKER_TIMEOUT, worker_name

# Register, and clear the previous run's frontier if no other worker is alive.
_JOIN = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('ZADD', KEYS[1], now, ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 1 then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
return 0
"""
# Unregister, and clear the frontier if this was the last worker alive.
_LEAVE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  return 1
end
return 0
"""
# Mark a worker alive (workers set) or busy (busy set) now.
_BEAT = """
redis.call('ZADD', KEYS[1], tonumber(redis.call('TIME')[1]), ARGV[1])
"""
# This worker is idle: how many others are still busy?
_IDLE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
return redis.call('ZCARD', KEYS[1])
"""


class SharedFrontierScheduler(Scheduler):
    """scrapy-redis's scheduler, with a run that ends when its last worker leaves.

    scrapy-redis either keeps queue and fingerprints forever (``SCHEDULER_PERSIST``),
    which would stop the next night's run from fetching listing pages it fetched before,
    or lets the first worker to finish delete them under the others' feet. Here workers
    register in a sorted set with a heartbeat; the frontier is cleared only when no
    worker is alive, atomically (Lua), and a crashed worker stops counting after
    ``WORKER_TIMEOUT`` seconds.

    An idle worker stays open while another is busy (it took a request and has not
    gone idle since), since that one's pages may still add to the queue: otherwise
    every worker but the one following a site's pagination would stop early.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedFrontierScheduler:
        scheduler = super().from_crawler(crawler)
        crawler.signals.connect(scheduler.idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Any) -> None:
        # scrapy-redis 0.9's open(), less its Spider.log() call (deprecated in Scrapy 2.13).
        self.spider = spider
        self.queue = load_object(self.queue_cls)(
            server=self.server,
            spider=spider,
            key=self.queue_key % {"spider": spider.name},
            serializer=self.serializer,
        )
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        self.worker = worker_name()
        name = spider.name
        self.keys = [f"{KEY_PREFIX}:{name}:workers", self.queue.key, self.df.key]
        self.busy_key = f"{KEY_PREFIX}:{name}:busy"
        if self.server.eval(_JOIN, 3, *self.keys, self.worker, WORKER_TIMEOUT):
            spider.logger.info("first worker of this run: cleared the shared frontier")
        self.beat = task.LoopingCall(self.server.eval, _BEAT, 1, self.keys[0], self.worker)
        self.beat.start(HEARTBEAT, now=False)

    def enqueue_request(self, request: Request) -> bool:
        # scrapy-redis 0.9 passes ``spider`` to the stats collector, deprecated since
        # Scrapy 2.13; the same logic without it.
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.server.eval(_BEAT, 1, self.busy_key, self.worker)
        return request

    def idle(self) -> None:
        if self.server.eval(_IDLE, 1, self.busy_key, self.worker, WORKER_TIMEOUT):
            raise DontCloseSpider("another worker may still add to the shared queue")

    def close(self, reason: str) -> None:
        if self.beat.running:
            self.beat.stop()
        self.server.zrem(self.busy_key, self.worker)
        if self.server.eval(_LEAVE, 3, *self.keys, self.worker, WORKER_TIMEOUT):
            self.spider.logger.info("last worker of this run: cleared the shared frontier")
        super().close(reason)
