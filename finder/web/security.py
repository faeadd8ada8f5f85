"""CSRF protection, rate limits, security headers on every response (no inline script anywhere:
the CSP allows only our own scripts), safe redirects, error pages."""

from urllib.parse import urlsplit

from flask import abort, current_app, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from flask_wtf import CSRFProtect
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import SecurityError
from werkzeug.routing import BaseConverter

from finder.editing import EditConflict
from finder.models import db
from finder.places import SLUG_FORM

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout passed while another write held the row
csrf = CSRFProtect()
FRAMED_ENDPOINTS = ("embed.finder", "embed.card")  # the pages other sites may put in a frame
limiter = Limiter(key_func=get_remote_address)


def _tile_origin(config) -> str:
    parts = urlsplit(config["TILE_URL"].replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def _content_policy(framed: bool) -> str:
    """The Content-Security-Policy of a page, framed or not: the same for every page of the app."""
    policies = current_app.extensions.setdefault("content_policies", {})
    if framed not in policies:
        config = current_app.config
        ancestors = config["EMBED_ANCESTORS"] if framed else "'none'"
        policies[framed] = (
            "default-src 'self'; "
            "script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: {_tile_origin(config)}; "
            f"frame-ancestors {ancestors}; form-action 'self'; base-uri 'none'; object-src 'none'"
        )
    return policies[framed]


def add_security_headers(response):
    """Set CSP, framing, sniffing and referrer headers. Only the embeddable finder and place cards
    may be framed, by the sites EMBED_ANCESTORS names; every other page by nobody."""
    framed = request.endpoint in FRAMED_ENDPOINTS
    policy = _content_policy(framed)
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    if not framed:
        response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


# pages that show or take what a person typed, or a staff account's data: never kept by a cache
PRIVATE_BLUEPRINTS = ("staff", "admin", "auth")


def keep_private_pages_out_of_caches(response):
    """Send no-store for staff pages, POST answers (a sheet and its note) and the shortlist."""
    if (
        request.blueprint in PRIVATE_BLUEPRINTS
        or request.method == "POST"
        or request.endpoint == "referral.shortlist"
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


def refuse_files():
    """No page takes a file but the admins' import page: a file sent elsewhere is a bad request."""
    if request.endpoint == "admin.import_file" and current_user.is_authenticated and current_user.is_admin:
        request.max_content_length = current_app.config["IMPORT_MAX_BYTES"]
    elif request.mimetype == "multipart/form-data" and request.files:  # files come in no other way
        abort(400)


def local_target(target: str | None, fallback: str) -> str:
    """Return target when it is a path on this site, else fallback: no redirect to other sites.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so "/%09/evil.example"
    (a tab) would lead away: any whitespace, control character or backslash makes the target unsafe.
    """
    if not target or any(char.isspace() or not char.isprintable() or char == "\\" for char in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def is_same_origin(req) -> bool:
    """Tell whether a POST comes from a page of this site, by the Origin header browsers send (or,
    from older browsers without it, the Referer): OWASP's "verifying origin with standard headers"."""
    own = f"{req.scheme}://{req.host}"
    origin = req.headers.get("Origin")
    if origin:
        return origin == own
    referrer = req.headers.get("Referer", "")
    return referrer == own or referrer.startswith(own + "/")


def render_untrusted_host(error):
    """Answer a request for a host the deployment does not serve, without building any URL from it."""
    return "Bad request: unknown host.", 400, {"Content-Type": "text/plain; charset=utf-8"}


def render_error(error):
    """Render an HTTP error page in the visitor's language."""
    code = getattr(error, "code", 500) or 500
    return render_template("errors/error.html", code=code, description=_error_text(code)), code


def _error_text(code: int) -> str:
    texts = {
        400: _("Something in the address or the form was not right. Please check and try again."),
        403: _("You are not allowed to open this page."),
        404: _("We cannot find this page. It may have moved."),
        405: _("This page cannot be used this way."),
        413: _("What you sent is too big. Please send less at a time."),
        429: _("Too many tries. Please wait a minute and try again."),
        503: _("The directory cannot be reached for a moment. Please try again in a few minutes."),
    }
    return texts.get(code, _("Something went wrong on our side. Please try again later."))


def render_database_outage(error):
    """The database does not answer (restarting, unreachable): 503, and the next request tries again."""
    if getattr(error.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        db.session.rollback()
        return render_edit_conflict(error)
    current_app.logger.error("Database unavailable: %s", error.__class__.__name__)
    db.session.rollback()
    try:
        page = render_template("errors/error.html", code=503, description=_error_text(503))
    except Exception:  # the page itself needed the database (a logged-in account)
        page = _error_text(503)
    return page, 503, {"Retry-After": "30"}


def render_edit_conflict(error: EditConflict):
    """Someone saved the same place in between: nothing was saved, and the person is told so."""
    text = _(
        "Someone else changed this place at the same moment, so nothing was saved. "
        "Go back, reload the page and try again."
    )
    return render_template("errors/error.html", code=409, description=text), 409


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, their signer made once per secret rather than for every request."""

    def get_signing_serializer(self, app):
        secrets = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = app.extensions.get("session_signer")
        if kept is None or kept[0] != secrets:
            kept = app.extensions["session_signer"] = (secrets, super().get_signing_serializer(app))
        return kept[1]


class SlugConverter(BaseConverter):
    """A place's slug in a URL: anything that slugify cannot make is a 404 before any query."""

    regex = SLUG_FORM


def init_app(app) -> None:
    """Bind CSRF protection and rate limits; register the header hooks and the error pages."""
    app.before_request(refuse_files)  # first: the import page's own size limit before CSRF reads the form
    csrf.init_app(app)
    limiter.init_app(app)
    hooks = app.before_request_funcs[None]
    if not app.config.get("RATELIMIT_DEFAULT") and limiter._check_request_limit in hooks:
        # only the views that name a limit have one, and their decorators check it: the check
        # before every request would only look for default limits, on every page
        hooks.remove(limiter._check_request_limit)
    app.url_map.converters["slug"] = SlugConverter
    app.session_interface = SignedCookieSessions()
    app.after_request(add_security_headers)
    app.after_request(keep_private_pages_out_of_caches)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, render_error)
    app.register_error_handler(SecurityError, render_untrusted_host)
    app.register_error_handler(EditConflict, render_edit_conflict)
    for outage in (OperationalError, InterfaceError):
        app.register_error_handler(outage, render_database_outage)
