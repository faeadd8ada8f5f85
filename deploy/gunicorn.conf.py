"""gunicorn settings for EPN Finder: `gunicorn -c deploy/gunicorn.conf.py app:app` (see the README)."""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# threads, so that a client sending or reading slowly holds one thread, not a whole worker; in
# front, a buffering reverse proxy (nginx's defaults) takes the slowest ones off the workers
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
timeout = 30
graceful_timeout = 20
accesslog = "-"
errorlog = "-"
# The app's ProxyFix (PROXY_COUNT) decides which X-Forwarded-* headers to trust, not gunicorn.
forwarded_allow_ips = ""
# One JSON object a line, without personal data: no address, user agent, referrer or query string.
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
)


class AccessLogger(Logger):
    """Hide the tokens of links sent by mail (invitations, password resets, "still accurate"):
    each opens an account or acts for its holder."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = re.sub(r"/(invitation|reset|still-accurate)/[^/]+", r"/\1/-", atoms["U"])
        return atoms


logger_class = AccessLogger
