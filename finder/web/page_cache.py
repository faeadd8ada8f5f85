"""Public pages and API answers, kept as sent (compressed) for the next anonymous visitor.

An entry's key holds the data token (versioning.py: every write changes it, so an edit shows at
once in the process that made it, within a second in the others), the minute (open-now badges
change with the clock), the URL and the encodings the browser accepts. Only visitors without a
session are served from the cache: staff, people with a shortlist or a message to show get their
own page. Every cacheable answer carries an ETag, and a browser that already has it gets 304.
Flask-Caching: in-process by default, Redis (shared by the workers) when REDIS_URL is set.
"""

from flask import Response, current_app, g, request
from flask_caching import Cache

from finder import data_token as versioning
from finder.hours import now_brussels

cache = Cache()
CACHED_BLUEPRINTS = ("public", "help", "referral", "api")  # GET only; staff and admin never
UNCACHED_ENDPOINTS = ("public.correction", "public.claim")  # their forms carry a per-visitor token
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Content-Disposition", "Vary", "ETag")


def is_cacheable() -> bool:
    """Tell whether this request's answer is the same for every visitor who sends it."""
    return (
        request.method == "GET"
        and request.blueprint in CACHED_BLUEPRINTS
        and request.endpoint not in UNCACHED_ENDPOINTS
        and not any(name in request.cookies for name in _visitor_cookies())
    )


def _visitor_cookies() -> tuple[str, ...]:
    return (
        current_app.config["SESSION_COOKIE_NAME"],
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"),
    )


def _key() -> str:
    minute = now_brussels().strftime("%Y-%m-%dT%H:%M")
    encodings = request.headers.get("Accept-Encoding", "")
    return f"page:{versioning.recent_token()}:{minute}:{encodings}:{request.url}"


def serve_from_cache():
    """Answer from the cache when an entry exists (before the view runs)."""
    if not is_cacheable():
        return None
    g.page_cache_key = _key()
    entry = cache.get(g.page_cache_key)
    if entry is None:
        return None
    g.page_cache_hit = True
    body, headers = entry
    return Response(body, headers=headers).make_conditional(request)


def keep_in_cache(response: Response) -> Response:
    """Store a fresh answer, compressed, with its ETag (runs after compression)."""
    if "page_cache_key" not in g or g.get("page_cache_hit"):
        return response
    if response.status_code != 200 or response.is_streamed or "Set-Cookie" in response.headers:
        return response
    response.add_etag()
    headers = [(name, response.headers[name]) for name in KEPT_HEADERS if name in response.headers]
    cache.set(g.page_cache_key, (response.get_data(), headers))
    return response.make_conditional(request)


def init_app(app) -> None:
    """Set up the cache (call before Flask-Compress: after_request hooks run last-registered first)."""
    app.config.setdefault("CACHE_TYPE", "RedisCache" if app.config.get("CACHE_REDIS_URL") else "SimpleCache")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 120)
    cache.init_app(app)
    app.before_request(serve_from_cache)
    app.after_request(keep_in_cache)
