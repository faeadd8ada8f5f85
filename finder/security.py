"""Security headers on every response, with a per-request nonce for inline map scripts."""

import secrets
from urllib.parse import urlsplit

from flask import current_app, g, render_template, request
from flask_babel import gettext as _

from finder.editing import EditConflict


def csp_nonce() -> str:
    """Return the nonce of the current response's inline scripts."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _tile_origin() -> str:
    parts = urlsplit(current_app.config["TILE_URL"].replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def add_security_headers(response):
    """Set CSP, framing, sniffing and referrer headers."""
    policy = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{csp_nonce()}'; "
        "style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: {_tile_origin()}; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    response.headers.setdefault("Content-Security-Policy", policy)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    return response


def local_target(target: str | None, fallback: str) -> str:
    """Return target when it is a path on this site, else fallback: no redirect to other sites."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return fallback


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
        429: _("Too many tries. Please wait a minute and try again."),
    }
    return texts.get(code, _("Something went wrong on our side. Please try again later."))


def render_edit_conflict(error: EditConflict):
    """Someone saved the same place in between: nothing was saved, and the person is told so."""
    text = _(
        "Someone else changed this place at the same moment, so nothing was saved. "
        "Go back, reload the page and try again."
    )
    return render_template("errors/error.html", code=409, description=text), 409


def init_app(app) -> None:
    """Register the header hook, the nonce helper and the error pages."""
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    for code in (400, 403, 404, 405, 429, 500):
        app.register_error_handler(code, render_error)
    app.register_error_handler(EditConflict, render_edit_conflict)
