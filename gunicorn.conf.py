"""gunicorn's production defaults, read by `gunicorn into_eu.wsgi` from this folder.

Each value can be changed through the environment (or on gunicorn's command line).
"""

import gc
import multiprocessing
import os

from into_eu.environment import env_bool

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Sync workers: pages are CPU-bound renders or cache hits, and nginx in front buffers
# slow clients, which is what sync workers need.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 2
# Load the application once in the master: workers fork ready, share its memory, and
# recycling one (now and then, so that a slow leak never grows) costs only a fork.
preload_app = True
max_requests = 10000
max_requests_jitter = 1000
# Refuse absurd request lines and headers with a 400 before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Only the proxy on this machine may say that a request came over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Several instances on one machine would clash on one fixed control socket.
control_socket_disable = True

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# The same default as Django's LOG_FORMAT (into_eu/settings.py), so that both write alike.
if os.environ.get("LOG_FORMAT", "json" if env_bool("PRODUCTION", False) else "text") == "json":
    logger_class = "into_eu.web.logs.GunicornJsonLogger"


def pre_fork(server, worker):
    # What the master loaded (Django, the app, the catalogues) lives as long as the
    # workers. Frozen, the garbage collector stops scanning it again after every few
    # hundred allocations, which costs each rendered page some 5 %; and the workers'
    # copies of those pages of memory stay shared with the master.
    gc.freeze()
