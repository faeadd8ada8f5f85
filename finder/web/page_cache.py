"""Public pages and API answers, kept as sent (compressed) for the next anonymous visitor.

An entry's key holds the data token (data_token.py: every write changes it, so an edit shows at
once in the process that made it, within a second in the others), the minute (open-now badges
change with the clock), the URL and the encodings the browser accepts. Only visitors without a
session are served from the cache: staff, people with a shortlist or a message to show get their
own page. Every cacheable answer carries an ETag, and a browser that already has it gets 304.
Flask-Caching: in-process by default, Redis (shared by the workers) when REDIS_URL is set, or
REDIS_CACHE_URL (a Redis of its own, with eviction, so that pages never crowd out the rate limits).
A cache that is down, full or slow is a miss: the page is built and sent.
"""

from flask import Response, current_app, g, request
from flask_caching import Cache

from finder import data_token
from finder.hours import now_brussels
from finder.web import counting

cache = Cache()
MAX_ENTRY_BYTES = 256 * 1024  # a bigger answer is sent, not kept
# a Redis that hangs must not hold a worker: cached pages and limits give up within half a second
REDIS_TIMEOUTS = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
CACHED_BLUEPRINTS = ("public", "help", "referral", "api", "embed")  # GET only; staff and admin never
UNCACHED_ENDPOINTS = ("public.correction", "public.claim")  # their forms carry a per-visitor token
# and the counting marks (web/counting.py): a page served from the cache counts as it did when made
KEPT_HEADERS = (
    "Content-Type", "Content-Encoding", "Content-Disposition", "Vary", "ETag",
    counting.PLACE_MARK, counting.UNMET_MARK,
)  # fmt: skip
# the query parameters the cached pages read (search form, help finder, sheet, API pages); an answer
# to any other parameter is sent, not kept, so junk query strings cannot fill the cache
KNOWN_PARAMETERS = frozenset(
    ("q", "near", "service", "audience", "language", "wheelchair", "free", "open_now", "day", "radius")
    + ("page", "need", "topic", "how", "where", "when", "situation", "step", "places", "offset", "limit")
)
KEPT_NAMES = frozenset(name.lower() for name in KEPT_HEADERS)
MAX_QUERY_BYTES = 1000
ENCODINGS = ("br", "gzip", "deflate", "zstd")


def is_cacheable() -> bool:
    """Tell whether this request's answer is the same for every visitor who sends it, and worth
    keeping (no unknown parameter, no overlong query)."""
    return (
        request.method == "GET"
        and request.blueprint in CACHED_BLUEPRINTS
        and request.endpoint not in UNCACHED_ENDPOINTS
        and not any(name in request.cookies for name in _visitor_cookies())
        and len(request.query_string) <= MAX_QUERY_BYTES
        and all(name in KNOWN_PARAMETERS for name in request.args)
    )


def _visitor_cookies() -> tuple[str, ...]:
    return (
        current_app.config["SESSION_COOKIE_NAME"],
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )


def _key() -> str:
    """The token, the minute, the encodings we use that the browser takes, the host, the site's path
    (a site may be served under two), the page's path and parameters in one order: the same answer
    always has the same key. The parameters are taken as sent: two spellings of the same ones (%20
    or +) are two entries of the same page, never one entry for two pages."""
    minute = now_brussels().isoformat(timespec="minutes")
    accepted = request.headers.get("Accept-Encoding", "")
    encodings = ",".join(name for name in ENCODINGS if name in accepted)
    query = "&".join(sorted(request.query_string.decode("latin-1").split("&")))
    where = f"{request.host}{request.script_root}{request.path}"
    return f"page:{data_token.recent_token()}:{minute}:{encodings}:{where}?{query}"


def serve_from_cache():
    """Answer from the cache when an entry exists (before the view runs)."""
    if not is_cacheable():
        return None
    g.page_cache_key = _key()
    entry = _cache_call(cache.get, g.page_cache_key)
    if entry is None:
        return None
    g.page_cache_hit = True
    body, headers = entry
    return _conditional(Response(body, headers=headers))


def keep_in_cache(response: Response) -> Response:
    """Store a fresh answer, compressed, with its ETag (runs after compression)."""
    if "page_cache_key" not in g or g.get("page_cache_hit"):
        return response
    if response.status_code != 200 or response.is_streamed or "Set-Cookie" in response.headers:
        return response
    response.add_etag()
    headers = [(name, value) for name, value in response.headers.items() if name.lower() in KEPT_NAMES]
    body = response.get_data()
    if len(body) <= MAX_ENTRY_BYTES:
        _cache_call(cache.set, g.page_cache_key, (body, headers))
    return _conditional(response)


CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE")


def _conditional(response: Response) -> Response:
    """Answer 304 to a browser that has this answer already (werkzeug's make_conditional, only for a
    request that asks: otherwise it would only add a Date header, which gunicorn adds anyway)."""
    environ = request.environ
    if any(name in environ for name in CONDITIONS):
        return response.make_conditional(request)
    return response


def _cache_call(method, *args):
    """Use the cache; a cache that is down or full is a miss (logged), never an error page."""
    try:
        return method(*args)
    except Exception as error:  # redis' ConnectionError, OutOfMemoryError, TimeoutError…
        current_app.logger.warning("Page cache unavailable: %s", error)
        return None


def init_app(app) -> None:
    """Set up the cache (call before Flask-Compress: after_request hooks run last-registered first)."""
    app.config.setdefault("CACHE_TYPE", "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 120)
    if app.config.get("CACHE_REDIS_URL"):
        app.config.setdefault("CACHE_OPTIONS", REDIS_TIMEOUTS)
    cache.init_app(app)
    app.before_request(serve_from_cache)
    app.after_request(keep_in_cache)
