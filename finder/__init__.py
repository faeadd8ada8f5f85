"""EPN Finder: a directory of the public digital spaces of Brussels."""

import os

from flask import Flask
from flask_compress import Compress
from flask_migrate import Migrate
from werkzeug.middleware.proxy_fix import ProxyFix

from finder import i18n
from finder.geo import territory
from finder.web.fragments import TemplateEnvironment

DEV_SECRET_KEY = "dev-only-not-secret"  # set SECRET_KEY in production
compress = Compress()
migrate = Migrate()


class Finder(Flask):
    """The site's Flask application."""

    def ensure_sync(self, func):
        """No view or hook of the site or of its extensions is async (a test checks): Flask's check of
        each of them on every request (about twenty) is skipped."""
        return func


def create_app(test_config: dict | None = None) -> Flask:
    """Build the Flask application."""
    app = Finder(
        __name__, template_folder="../templates", static_folder="../static", instance_relative_config=True
    )
    app.jinja_environment = TemplateEnvironment
    app.config.from_mapping(
        SECRET_KEY=DEV_SECRET_KEY,
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "finder.sqlite"),
        LANGUAGES=i18n.LANGUAGES,
        BABEL_DEFAULT_TIMEZONE="Europe/Brussels",
        BABEL_TRANSLATION_DIRECTORIES="../translations",
        TILE_URL="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        # who may put the finder and the place cards in a frame (CSP frame-ancestors); other pages: nobody
        EMBED_ANCESTORS="*",
        # how often each process writes the counts it added up (finder/counts.py)
        COUNT_FLUSH_SECONDS=10,
        TILE_ATTRIBUTION='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=not app.debug,
        REMEMBER_COOKIE_SECURE=not app.debug,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_HEADERS_ENABLED=True,
        # Redis down or full: limits go on in each process's memory until it answers again
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_SWALLOW_ERRORS=True,
        # a database restarted under the workers: a dead connection is replaced, not used
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        # absolute links (share links, QR codes, invitations) must never follow a forged Host header:
        # only loopback names are served until the deployment names its hosts (FLASK_TRUSTED_HOSTS)
        TRUSTED_HOSTS=["localhost", "127.0.0.1", "::1", "[::1]"],
        PROXY_COUNT=0,  # reverse proxies in front of the app whose X-Forwarded-* headers are trusted
        # facts (hours above all) older than this are shown as unconfirmed, never as live
        FRESHNESS_MONTHS=12,
        MAX_CONTENT_LENGTH=1024 * 1024,
        # files admins import on the site: about 6,000 places, imported within a worker's 30 s;
        # larger files (France's national one: 12 MB) go through `flask import`
        IMPORT_MAX_BYTES=4 * 1024 * 1024,
        IMPORT_MAX_ROWS=3000,  # the update path takes about 5 ms a place: well within 30 s
        MAX_FORM_PARTS=500,
        # small data plans: compress pages and the map's scripts
        COMPRESS_MIMETYPES=[
            "text/html",
            "text/css",
            "text/javascript",
            "application/javascript",
            "application/json",
            "application/geo+json",
            "text/csv",
            "image/svg+xml",
        ],
        # a kept page is answered 304 by the page cache, after compression; Flask-Compress would
        # evaluate every page once before that, in vain (a tenth of its time)
        COMPRESS_EVALUATE_CONDITIONAL_REQUEST=False,
    )
    if test_config is None:
        _read_deployment_config(app)
    else:
        app.config.from_mapping(test_config)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", territory.of(app.config).language)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # a save that meets a row held by a long write (an import) gives up after 3 s: 409, not a wait
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "connect_args": {"options": "-c lock_timeout=3000"},
        }
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from finder import cli, data_token, mail, ops
    from finder.admin import views as admin
    from finder.auth import views as auth
    from finder.help import views as help
    from finder.models import db
    from finder.public import api, embed, referral
    from finder.public import pages as public
    from finder.search import fulltext
    from finder.staff import views as staff
    from finder.web import counting, formatting, fragments, here, languages, page_cache, security

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        include_name=lambda name, type_, parent_names: not fulltext.is_index_object(name),
    )
    fulltext.init_app(app)
    here.init_app(app)
    data_token.init_app(app)
    mail.init_app(app)
    counting.init_app(app)  # before the page cache: see counting.init_app
    page_cache.init_app(app)
    compress.init_app(app)
    app.after_request(_close_compressed_files)
    languages.init_app(app)
    security.init_app(app)
    formatting.init_app(app)
    fragments.init_app(app)
    auth.init_app(app)
    app.register_blueprint(public.bp, url_prefix="/<lang_code>")
    app.register_blueprint(help.bp, url_prefix="/<lang_code>")
    app.register_blueprint(referral.bp, url_prefix="/<lang_code>")
    app.register_blueprint(embed.bp, url_prefix="/<lang_code>")
    app.register_blueprint(auth.bp, url_prefix="/<lang_code>/staff")
    app.register_blueprint(staff.bp, url_prefix="/<lang_code>/staff")
    app.register_blueprint(admin.bp, url_prefix="/<lang_code>/admin")
    app.register_blueprint(api.bp, url_prefix="/api")
    ops.init_app(app)
    cli.init_app(app)
    return app


def _read_deployment_config(app: Flask) -> None:
    """Read the settings of a deployment from the environment (FLASK_* and a few common names)."""
    from finder.web.page_cache import REDIS_TIMEOUTS

    app.config.from_prefixed_env()
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(os.environ["DATABASE_URL"])
    if os.environ.get("REDIS_URL"):  # shared by every worker: rate limits (and pages, see below)
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        app.config["RATELIMIT_STORAGE_OPTIONS"] = REDIS_TIMEOUTS
    # cached pages: a Redis of their own with eviction (allkeys-lru), else the limits' one
    cache_url = os.environ.get("REDIS_CACHE_URL") or os.environ.get("REDIS_URL")
    if cache_url:
        app.config["CACHE_REDIS_URL"] = cache_url
    for name in ("TILE_URL", "SECRET_KEY"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not app.debug:
        app.logger.warning("SECRET_KEY is not set: sessions and invitation links are not safe.")


def _close_compressed_files(response):
    """Flask-Compress replaces a streamed file with a compressing generator and never closes the
    file; runs before it (after_request hooks run last-registered first) to close it on time."""
    original = response.response
    if response.is_streamed and hasattr(original, "close"):
        response.call_on_close(original.close)
    return response


def _sqlalchemy_url(url: str) -> str:
    """Accept the postgres:// scheme that hosting platforms hand out."""
    return "postgresql://" + url.removeprefix("postgres://") if url.startswith("postgres://") else url
