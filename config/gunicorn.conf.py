"""gunicorn settings from the environment: `uv run gunicorn -c config/gunicorn.conf.py config.wsgi`.

MSP_BIND      address to listen on (default 127.0.0.1:8000; a reverse proxy in front terminates TLS)
MSP_WORKERS   processes (default 2 x cores + 1, at most 12: each holds a database connection per thread)
MSP_THREADS   threads per process (default 4): pages wait on the database more than they compute
MSP_TIMEOUT   seconds a worker may stop answering gunicorn before it is restarted (default 60)
MSP_ACCESS_LOG=1  gunicorn's own access log as well; off by default, as MSP logs one JSON line per request
"""

import os

MAX_WORKERS = 12


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, MAX_WORKERS)


bind = os.environ.get("MSP_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MSP_WORKERS") or default_workers())
threads = int(os.environ.get("MSP_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("MSP_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests (jittered so they do not all restart at once): a guard
# against slow memory growth in long-lived processes.
max_requests = 2000
max_requests_jitter = 200
wsgi_app = "config.wsgi:application"
# No control socket: nothing uses it, and two servers on one machine would share its default path.
control_socket_disable = True

errorlog = "-"
loglevel = os.environ.get("MSP_GUNICORN_LOG_LEVEL", "info")
accesslog = (
    "-" if os.environ.get("MSP_ACCESS_LOG", "").strip().lower() in {"1", "true", "yes", "on"} else None
)
# The path without its query string (%(U)s, never %(r)s or %(q)s: searches carry names and NHS numbers);
# no client address, referrer or user agent.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
