"""Pieces of pages kept once rendered, in each process, so that a page nobody asked for yet (a
search near another postcode) is not written again from nothing: the search form's choices.

Each piece is kept per app (tests run several territories side by side), per language and per
value, and forgotten all at once when there are too many.
"""

from flask import current_app, get_template_attribute
from markupsafe import Markup

from finder.i18n import current_language

MAX_PIECES = 2000


def kept_field(field) -> Markup:
    """The search form's field as `render_field` writes it: the same for every page with the same
    language and value (its choices depend only on them and on the territory). A field with an
    error is written each time."""
    if field.errors:
        return _render_field(field)
    pieces = current_app.extensions.setdefault("kept_fields", {})
    key = (current_language(), field.id, repr(field.data))
    if key not in pieces:
        if len(pieces) >= MAX_PIECES:
            pieces.clear()
        pieces[key] = _render_field(field)
    return pieces[key]


def _render_field(field) -> Markup:
    return get_template_attribute("_macros.html", "render_field")(field)


def init_app(app) -> None:
    app.jinja_env.globals["kept_field"] = kept_field
