"""The site's languages, their names, and French contractions after names are put in a sentence."""

import re
from functools import lru_cache

from babel import Locale
from flask import current_app
from flask_babel import get_locale as babel_locale
from markupsafe import Markup

# The languages of the site, in the order content falls back to: add one here and give it a catalogue.
LANGUAGES = ("fr", "nl", "en")


@lru_cache(maxsize=1024)
def language_name(code: str, lang: str) -> str:
    """Return the name of a language in another language (or in itself), capitalised: a label."""
    name = language_in_sentence(code, lang)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=1024)
def language_in_sentence(code: str, lang: str) -> str:
    """Return the name of a language as a sentence writes it: "parle français", "speaks French"."""
    return Locale(lang).languages.get(code, code)


# "de Anderlecht", "la EPN": a French article or "de" before a name that starts with a vowel; never a
# pronoun after a verb ("imprimez-le ou", "vérifiez-la en")
FRENCH_ELISION = re.compile(r"(?<![\w-])([dD]e|[qQ]ue|[lL][ea]) (?=[aeiouâàéèêîôûAEIOUÂÀÉÈÊÎÔÛ])")


def elide(text: str) -> str:
    """Contract French words before a vowel, as French writes them: "près d'Anderlecht",
    "Fermetures d'EPN…" (names come from data, so a translation cannot write the contraction).
    Other languages are left alone; a Markup string stays Markup."""
    if current_language() != "fr" or not isinstance(text, str):
        return text
    elided = FRENCH_ELISION.sub(lambda match: match.group(1)[0] + "'", text)
    return Markup(elided) if isinstance(text, Markup) else elided


def current_language() -> str:
    """Return the language pages are being written in: the URL's, or the one forced for a sheet."""
    locale = babel_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]
