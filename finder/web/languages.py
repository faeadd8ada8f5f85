"""The language of a page is the first part of its URL: Flask-Babel bound to it, the URL processors,
/ sending a visitor to their language, the same page in the other languages."""

from flask import abort, current_app, g, redirect, request, url_for
from flask_babel import Babel, Domain
from jinja2 import pass_context

from finder.i18n import current_language, elide, language_name

babel = Babel()


class ElidingDomain(Domain):
    """Flask-Babel's domain, with French contractions after the names are put in."""

    def gettext(self, string, **variables):
        return elide(super().gettext(string, **variables))

    def ngettext(self, singular, plural, num, **variables):
        return elide(super().ngettext(singular, plural, num, **variables))


def _eliding(template_call):
    @pass_context
    def call(context, *args, **kwargs):
        return elide(template_call(context, *args, **kwargs))

    return call


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
    if current_app.url_map.is_endpoint_expecting(endpoint, "lang_code"):
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
    for name in ("gettext", "_", "ngettext"):  # the templates' own, set up by Flask-Babel
        app.jinja_env.globals[name] = _eliding(app.jinja_env.globals[name])
    app.url_value_preprocessor(pull_lang_code)
    app.url_defaults(add_lang_code)
    app.add_url_rule("/", "choose_language", choose_language)
    app.jinja_env.globals["alternate_urls"] = alternate_urls
    app.jinja_env.globals["current_language"] = current_language
    app.context_processor(lambda: {"lang": current_language()})


def alternate_urls() -> list[tuple[str, str, str]]:
    """Return (code, name, URL) of the current page in every language, query string kept."""
    languages = current_app.config["LANGUAGES"]
    rule = request.url_rule
    if rule is None or "lang_code" not in rule.arguments:
        return [
            (code, language_name(code, code), url_for("public.home", lang_code=code)) for code in languages
        ]
    # a page built from a form (a posted sheet) names the query that shows it again
    query = g.get("alternate_args") or request.args.to_dict(flat=False)
    values = {**(request.view_args or {}), **query}
    return [
        (code, language_name(code, code), url_for(request.endpoint, lang_code=code, **values))
        for code in languages
    ]
