"""``newsarc``'s exit codes, in a module of their own: every command names them, and
importing them must not load Scrapy for the commands that never crawl."""

EXIT_OK = 0
EXIT_FAILED = 1  # a crawl failed; `verify`: the output is inconsistent
EXIT_USAGE = 2  # unknown source, bad date, bad source file
EXIT_OUTPUT = 3  # the output directory cannot be used
EXIT_REDIS = 4  # `newsarc crawl --redis`: the Redis server cannot be used
EXIT_LOCKED = 5  # another run holds the output directory
