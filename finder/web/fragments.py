"""Pieces of pages kept once rendered, in each process, so that a page nobody asked for yet (a
search near another postcode) is not written again from nothing: the menu and the footer, the search
form (its text boxes put in), the parts of a place's card, page or sheet that only the place and the
language decide, open badges, a list's map box and the map's loader, the help finder's other help,
the path of every URL (its query string put after it), the same page's path in the other languages.

Pieces are kept per app (tests run several territories side by side), per language and per value,
a place's per data token (every write changes it), and forgotten all at once when there are too many.
A piece that holds something of the visitor's (the text typed, the page to come back to) is kept with
a mark in its place, and the visitor's own text put back, escaped, on every page.
"""

from flask import g, get_template_attribute, request, url_for
from flask.templating import Environment
from markupsafe import Markup, escape

from finder import data_token
from finder.hours import now_brussels
from finder.i18n import language_name
from finder.web.formatting import distance
from finder.web.here import here
from finder.web.languages import page_language, query_string, this_query, with_query

MAX_PIECES = 40_000  # a few hundred bytes each: the cards of 5,000 places in one language fit


def layout_piece(name: str, *values) -> Markup:
    """A macro of `_layout.html`: the same for every page in a language with the same values."""
    key = ("layout", name, page_language(), here().script_root, *values)
    return _kept(key, lambda: get_template_attribute("_layout.html", name)(*values))


def card_piece(name: str, place, *values) -> Markup:
    """A macro of `_macros.html` about one place (its title, its services): the same while the
    data holds, for the same values."""
    key = (
        "card",
        name,
        data_token.recent_token(here().app),
        place.id,
        page_language(),
        here().script_root,
        *values,
    )
    return _kept(key, lambda: get_template_attribute("_macros.html", name)(place, *values))


def place_cards(hits) -> Markup:
    """A list's cards, each kept whole, with what this visit decides put in: its open badge, its
    distance and the page the "Add to my list" button brings back to."""
    back = escape(request.full_path)
    return Markup("").join(_place_card(hit, back) for hit in hits)


def _place_card(hit, back: Markup) -> Markup:
    status = hit.status
    card = card_piece("place_card", hit.place, _is_unconfirmed(status), BADGE, DISTANCE, BACK)
    far = Markup(" · ") + distance(hit.distance_km) if hit.distance_km is not None else ""
    # as Markup.replace would put them in, each markup or escaped, without its escaping at each step
    return Markup(str(card).replace(BADGE, badge_piece(status)).replace(DISTANCE, far).replace(BACK, back))


BADGE = "\ufffebadge\ufffe"  # where a kept card's open badge goes (see TYPED)
DISTANCE = "\ufffedistance\ufffe"  # and its distance


def badge_piece(status) -> Markup:
    """A place's open badge ("Open now · closes at 18:00"): the same for the same status in a
    language, on the same day when it says when the place opens ("tomorrow" changes at midnight)."""
    facts = None
    if status is not None:
        facts = (status.is_unconfirmed, status.is_known, status.is_open, status.closes_at, status.opens_at)
    today = now_brussels().date() if status is not None and status.opens_at else None
    key = ("badge", page_language(), facts, today)
    return _kept(key, lambda: get_template_attribute("_macros.html", "open_badge")(status))


def help_cards(matches, reasons: dict, prefers_free: bool) -> Markup:
    """The places the help finder proposes, each kept whole as a list's card is, with why it is
    proposed (`reasons` by place id: what it offers, how far, when it opens) put in."""
    return Markup("").join(_help_card(match, reasons[match.place.id], prefers_free) for match in matches)


def _help_card(match, reasons: list[str], prefers_free: bool) -> Markup:
    unconfirmed = _is_unconfirmed(match.status)
    card = card_piece("help_card", match.place, unconfirmed, match.is_outdated, prefers_free, REASONS)
    return card.replace(REASONS, Markup(" · ").join(reasons))  # each reason escaped


REASONS = "\ufffereasons\ufffe"  # where a kept help card's reasons go (see TYPED)


def shortlist_piece(place) -> Markup:
    """The "Add to my list" button of a place, which brings the visitor back to this page."""
    return card_piece("shortlist_button", place, BACK).replace(BACK, request.full_path)


BACK = "\ufffeback\ufffe"  # where a kept button's return address goes (see TYPED)


def place_piece(name: str, place, **facts) -> Markup:
    """A part of a place's page (where, contact and offer…), a macro of `public/_place_parts.html`:
    the same while the data holds, in a language. `facts` (the map, the nearest place to call) come
    from the place and the data alone, so the key need not name them."""
    lang = page_language()
    key = ("place", name, data_token.recent_token(here().app), place.id, lang, here().script_root)
    return _kept(key, lambda: get_template_attribute("public/_place_parts.html", name)(place, lang, **facts))


def warnings_piece(place, status) -> Markup:
    """What a person must know before going to a place (paid, old hours…), as a list."""
    return card_piece("card_warnings", place, _is_unconfirmed(status))


def _is_unconfirmed(status) -> bool:
    """Whether a place's hours are too old to be used (no status: nothing is said of them)."""
    return status is not None and status.is_unconfirmed


def sheet_piece(number: int, item: dict, sheet_lang: str, today) -> Markup:
    """A place's part of a referral sheet (its number, hours of the coming week, warnings, a QR code
    of its page at this site's address): the same all day, in a language, while the data holds."""
    place_id = item["place"].id
    token = data_token.recent_token(here().app)
    key = ("sheet", token, place_id, number, sheet_lang, today, request.host_url)
    macro = get_template_attribute("referral/_place.html", "sheet_place")
    return _kept(key, lambda: macro(number, item, sheet_lang, today))


def other_help_piece(resources, libraries) -> Markup:
    """The help finder's "Other help" (helplines, libraries…): the same for the same resources and
    libraries in a language."""
    shown = tuple(resource.id for resource in resources)
    listed = tuple(
        (library["name"], library.get("address"), library.get("postcode")) for library in libraries
    )
    key = ("other help", page_language(), here().script_root, shown, listed)
    macro = get_template_attribute("help/_other_help.html", "other_help")
    return _kept(key, lambda: macro(resources, libraries))


def map_piece(assets, script_url: str) -> Markup:
    """The map box of a list of places (a search, the help finder's result): the same for every
    list whose map needs the same files, its script's URL put in its place."""
    if not assets:
        return Markup("")
    key = ("map", page_language(), here().script_root, assets)
    macro = get_template_attribute("_macros.html", "map_block")
    return _kept(key, lambda: macro(assets, SCRIPT)).replace(SCRIPT, script_url)  # escaped


SCRIPT = "\ufffescript\ufffe"  # where a kept map box's script URL goes (see TYPED)


def map_loader_piece(assets) -> Markup:
    """The script that loads a page's map (`_macros.map_loader`), on a page that has one."""
    if not assets:
        return Markup("")
    key = ("map loader", here().script_root)
    return _kept(key, lambda: get_template_attribute("_macros.html", "map_loader")(assets))


def kept_url_for(endpoint: str, **values) -> str:
    """url_for for templates: the path of an endpoint with the same path values and language is
    built once (a page builds dozens, most of them the same on every page), the other values put
    after it as url_for puts them (a search's page links). A URL for another site or relative to a
    blueprint, or of an endpoint with several rules, is built each time."""
    path_names = _path_names(endpoint)
    if path_names is None or any(name.startswith("_") for name in values):
        return url_for(endpoint, **values)
    path_values = {name: value for name, value in values.items() if name in path_names}
    key = ("url", endpoint, page_language(), here().script_root, *sorted(path_values.items()))
    path = _kept(key, lambda: url_for(endpoint, **path_values))
    if len(path_values) == len(values):
        return path
    query = {name: value for name, value in values.items() if name not in path_names and value is not None}
    return with_query(path, query_string(query))


def _path_names(endpoint: str) -> frozenset | None:
    """The values an endpoint's one rule takes in its path; None for another kind of endpoint."""
    kept = here().app.extensions.setdefault("path_names", {})
    if endpoint not in kept:
        rules = [] if endpoint.startswith(".") else list(here().app.url_map.iter_rules(endpoint))
        is_plain = len(rules) == 1 and not rules[0].defaults
        kept[endpoint] = frozenset(rules[0].arguments) if is_plain else None
    return kept[endpoint]


def url_with_this_query(endpoint: str, **values) -> str:
    """The URL of an endpoint with this request's query string (a search's map script)."""
    return with_query(kept_url_for(endpoint, **values), this_query())


def alternate_urls() -> list[tuple[str, str, str]]:
    """Return (code, name, URL) of the current page in every language, query string kept."""
    languages = here().app.config["LANGUAGES"]
    rule = request.url_rule
    if rule is None or "lang_code" not in rule.arguments:
        home = [kept_url_for("public.home", lang_code=code) for code in languages]
        return [(code, language_name(code, code), url) for code, url in zip(languages, home, strict=True)]
    # a page built from a form (a posted sheet) names the query that shows it again
    query = query_string(g.alternate_args) if g.get("alternate_args") else this_query()
    # one URL built, the language put in its place: the path, which holds it, comes first
    path = kept_url_for(request.endpoint, lang_code=LANGUAGE_SLOT, **(request.view_args or {}))
    page = with_query(path, query)
    return [(code, language_name(code, code), page.replace(LANGUAGE_SLOT, code, 1)) for code in languages]


LANGUAGE_SLOT = "language-slot"


def kept_field(field) -> Markup:
    """A text box of a search form (the home page's, the embedded finder's) as `render_field`
    writes it: the same on every page in a language, kept without the text typed in it, put back
    in its place. A box with an error is written each time."""
    if field.errors:
        return _render_field(field)
    piece = _kept(
        ("field", page_language(), field.id), lambda: _with_data({field: TYPED}, lambda: _render_field(field))
    )
    return piece.replace(TYPED, field._value())  # Markup.replace escapes the text


TYPED = "\ufffetyped\ufffe"  # where a kept text box's value goes: nobody types U+FFFE
TYPED_NEAR = "\ufffenear\ufffe"  # and the search form's other text box's
SEARCH_CHOICES = ("open_now", "free", "wheelchair", "day", "radius", "language", "service", "audience")


def search_form_piece(form) -> Markup:
    """The directory's search form, whole (public/_search_form.html): the same for every page with
    the same choices in a language, the text typed in its two boxes put back in their places. A
    form with an error is written each time."""
    macro = get_template_attribute("public/_search_form.html", "search_form")
    if form.errors:
        return macro(form)
    chosen = tuple(repr(form[name].data) for name in SEARCH_CHOICES)
    key = ("search form", page_language(), here().script_root, chosen)
    piece = _kept(key, lambda: _with_data({form.near: TYPED_NEAR, form.q: TYPED}, lambda: macro(form)))
    return piece.replace(TYPED_NEAR, form.near._value()).replace(TYPED, form.q._value())


def _render_field(field) -> Markup:
    return get_template_attribute("_macros.html", "render_field")(field)


def _with_data(marks: dict, render) -> Markup:
    """What `render()` writes with each field's data replaced by its mark."""
    typed = {field: field.data for field in marks}
    for field, mark in marks.items():
        field.data = mark
    try:
        return render()
    finally:
        for field, data in typed.items():
            field.data = data


def _kept(key: tuple, render) -> Markup:
    pieces = here().app.extensions.setdefault("kept_pieces", {})
    piece = pieces.get(key)  # one lookup: another thread may clear the pieces meanwhile
    if piece is None:
        piece = render()
        if len(pieces) >= MAX_PIECES:
            pieces.clear()
        pieces[key] = piece
    return piece


class TemplateEnvironment(Environment):
    """Flask's template environment, where a template's globals are a dict made when it is loaded,
    not a ChainMap over the site's: Jinja reads them all for every page and every {% import %}, in
    Python for a ChainMap (a fifth of a millisecond a page). The site's globals are all set when the
    app is made, before any template is loaded, as Jinja asks."""

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


def init_app(app) -> None:
    app.jinja_env.globals.update(
        layout_piece=layout_piece,
        card_piece=card_piece,
        warnings_piece=warnings_piece,
        place_cards=place_cards,
        help_cards=help_cards,
        badge_piece=badge_piece,
        place_piece=place_piece,
        shortlist_piece=shortlist_piece,
        kept_field=kept_field,
        search_form_piece=search_form_piece,
        sheet_piece=sheet_piece,
        map_piece=map_piece,
        map_loader_piece=map_loader_piece,
        other_help_piece=other_help_piece,
        url_for=kept_url_for,
        url_with_this_query=url_with_this_query,
        alternate_urls=alternate_urls,
    )
