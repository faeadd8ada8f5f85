"""The language of a page is the first part of its URL: Flask-Babel bound to it, the URL processors,
/ sending a visitor to their language, query strings as url_for writes them. (The same page in the
other languages: fragments.alternate_urls, which keeps its path.)"""

from functools import lru_cache
from urllib.parse import quote_plus

from flask import abort, current_app, g, has_app_context, redirect, request, url_for
from flask_babel import Babel, Domain
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import iter_multi_items

from finder.i18n import current_language, elide
from finder.web.here import here

babel = Babel()


class ElidingDomain(Domain):
    """Flask-Babel's domain, with French contractions after the names are put in, and each
    language's catalogue kept at hand (a page translates hundreds of strings)."""

    def __init__(self, **options):
        super().__init__(**options)
        self.catalogues = {}

    def get_translations(self):
        if not has_app_context():
            return super().get_translations()
        lang = page_language()
        if lang not in self.catalogues:
            self.catalogues[lang] = super().get_translations()
        return self.catalogues[lang]

    def gettext(self, string, **variables):
        return elide(super().gettext(string, **variables)) if variables else super().gettext(string)

    def ngettext(self, singular, plural, num, **variables):
        return elide(super().ngettext(singular, plural, num, **variables))


def page_language() -> str:
    """The language the page is written in (i18n.current_language), read where Flask-Babel keeps
    it once chosen: a page asks hundreds of times."""
    locale = getattr(here().g.get("_flask_babel"), "babel_locale", None)
    return locale.language if locale else current_language()


# The templates' gettext and ngettext: Jinja's "new style" (escaped, always a format string), with
# French contractions where a name was put in (a translation without names is written contracted).
@pass_context
def template_gettext(context, string, **variables):
    return _finished(context, translated(string, page_language()), variables)


@lru_cache(maxsize=4096)  # a page's texts, the same on every page of a language
def translated(string: str, language: str) -> str:
    """A text as the catalogue of the page's language gives it, no names put in yet (what gettext
    returns without names), looked up once per language: `language`, the page's, keys it."""
    return babel.domain_instance.get_translations().ugettext(string)


@pass_context
def template_ngettext(context, singular, plural, num, **variables):
    variables.setdefault("num", num)
    text = babel.domain_instance.get_translations().ungettext(singular, plural, num)
    return _finished(context, text, variables)


def _finished(context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        text = Markup(text)
    if variables:
        return elide(text % variables)
    return text % variables if "%" in text else text  # "%%" is written "%"


def get_locale() -> str:
    """Return the language of the current URL, or the default one."""
    return g.get("lang_code") or current_app.config["BABEL_DEFAULT_LOCALE"]


def pull_lang_code(endpoint, values) -> None:
    """Move the language out of the URL values into g, refusing unknown languages."""
    if values is None or "lang_code" not in values:
        return
    lang_code = values.pop("lang_code")
    if lang_code not in current_app.config["LANGUAGES"]:
        g.lang_code = current_app.config["BABEL_DEFAULT_LOCALE"]
        abort(404)
    g.lang_code = lang_code


def add_lang_code(endpoint, values) -> None:
    """Fill in the current language when url_for builds a URL that needs one."""
    if "lang_code" in values:
        return
    if here().app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
        values["lang_code"] = current_language()


def choose_language():
    """Send / to the visitor's preferred language."""
    languages = current_app.config["LANGUAGES"]
    best = request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    return redirect(url_for("public.home", lang_code=best))


def init_app(app) -> None:
    """Bind Babel and the URL processors to the app."""
    babel.init_app(app, locale_selector=get_locale)
    babel.domain_instance = ElidingDomain(domain="messages")
    app.jinja_env.globals.update(gettext=template_gettext, _=template_gettext, ngettext=template_ngettext)
    app.url_value_preprocessor(pull_lang_code)
    app.url_defaults(add_lang_code)
    app.add_url_rule("/", "choose_language", choose_language)
    app.jinja_env.globals["current_language"] = current_language
    app.context_processor(lambda: {"lang": page_language()})


URL_SAFE = "!$'()*,/:;?@"  # what url_for leaves unquoted in a query string (werkzeug.urls)


def query_string(args) -> str:
    """Encode query arguments (a MultiDict, or a dict of values or lists) as url_for does."""
    return "&".join(f"{_quoted(str(name))}={_quoted(str(value))}" for name, value in iter_multi_items(args))


@lru_cache(maxsize=4096)  # the same names and answers again and again: each quoted once
def _quoted(text: str) -> str:
    """A name or value quoted as urllib's urlencode quotes it (quote_plus)."""
    return quote_plus(text, safe=URL_SAFE)


def this_query() -> str:
    """This request's arguments as a query string, encoded once: links to the same search (its map
    script, the page in another language) carry it."""
    if "query_text" not in g:
        g.query_text = query_string(request.args)
    return g.query_text


def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path
