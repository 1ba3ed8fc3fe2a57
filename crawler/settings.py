"""newsarc's Scrapy settings: polite toward real sites, safe with hostile ones.

Every ``NEWSARC_*`` setting can be overridden like any Scrapy setting
(``scrapy crawl -s`` or ``newsarc crawl -s``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("newsarc")
except PackageNotFoundError:  # running from a checkout that was not installed
    VERSION = "0.0.0"

BOT_NAME = "newsarc"
SPIDER_LOADER_CLASS = "crawler.spiderloader.SourceSpiderLoader"

# Identify honestly; operators add a contact with NEWSARC_OPERATOR / USER_AGENT.
USER_AGENT = f"newsarc/{VERSION} (research news archiver; Scrapy)"
ROBOTSTXT_OBEY = True

# Politeness: a few connections per site, adaptive delay.
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for the output of every response. An article
# page yields one item and extraction has its own bounded queue: 100 tasks per page
# cost the reactor thread more than the page's own bookkeeping.
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Safety: bounded sizes and time, no redirect loops, no runaway retries.
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
RETRY_TIMES = 2
# Keep a truncated body (WARC-Truncated) instead of losing it; RetryMiddleware retries it.
DOWNLOAD_FAIL_ON_DATALOSS = False
NEWSARC_RETRY_AFTER_MAX = 120  # seconds; a longer Retry-After leaves the page for the next run
COOKIES_ENABLED = False
# Consoles into a running crawl: the telnet one, and Scrapy's remote control, an HTTP
# server that runs any Python it is sent and leaves a job file in the user's home. A
# crawler that parses hostile pages unattended from cron has no use for either. The
# remote control is taken out rather than turned off: its module imports aiohttp (0.1 s).
TELNETCONSOLE_ENABLED = False
EXTENSIONS = {"scrapy.extensions.remote_control.RemoteControl": None}

DOWNLOAD_HANDLERS = {
    "http": "crawler.hostmap.HostMapDownloadHandler",
    "https": "crawler.hostmap.HostMapDownloadHandler",
}
# Above RedirectMiddleware (600) and HttpCompressionMiddleware (590): see WarcCaptureMiddleware.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.WarcCaptureMiddleware": 950,
    "crawler.middlewares.FaultStatsMiddleware": 960,
    "crawler.middlewares.OutputGuard": 970,
    # Scrapy's own, counting the faults they handle (and honouring Retry-After).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryMiddleware": 550,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.HttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.RedirectMiddleware": 600,
}
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractPipeline": 100,
    "crawler.pipelines.DateWindowPipeline": 200,
    "crawler.pipelines.CorpusPipeline": 300,
}

NEWSARC_OUT = "data"
NEWSARC_SOURCES_DIRS: list[str] = []
NEWSARC_HOST_MAP: dict[str, str] = {}
NEWSARC_OPERATOR = ""
NEWSARC_WARC_PREFIX = "newsarc"
NEWSARC_WARC_MAX_SIZE = 1_000_000_000
NEWSARC_EXTRACT = True
NEWSARC_EXTRACT_WORKERS = 0  # 0: one per CPU
NEWSARC_EXTRACT_QUEUE = 0  # 0: 32 per worker (fewer idle them while the reactor is busy)
NEWSARC_MIN_WORDS = 40
NEWSARC_MAX_ARTICLES = 0  # 0: no limit

# Distributed mode (crawler/distributed.py): off unless a Redis URL is given.
ADDONS = {"crawler.distributed.RedisAddon": 0}
NEWSARC_REDIS_URL = ""
NEWSARC_DUPLICATE_TEXTS = "keep"  # keep | skip: write the text file of a duplicate or not

LOG_LEVEL = "INFO"
