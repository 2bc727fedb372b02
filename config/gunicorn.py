"""Gunicorn settings for `make serve`; each can be overridden from the environment.

- GUNICORN_BIND (default 127.0.0.1:$PORT or 127.0.0.1:8000)
- GUNICORN_WORKERS (default 2 × cores + 1)
- GUNICORN_THREADS (default 1)
- GUNICORN_TIMEOUT seconds (default 30)
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then so no worker's memory creeps up for days. Not
# too often: under a surge of 2,000 requests a second, recycling every 5,000
# requests restarted a worker every few seconds, and Django's start-up stalled
# whole rounds of requests past two seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
