"""Shortlists and referral sheets for social workers: no account, nothing personal stored."""

import re
from functools import lru_cache, partial
from itertools import groupby

import qrcode
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from finder.hours import coming_week, now_brussels
from finder.places import freshness_limit, get_published_place, place_status
from finder.public.forms import AddToListForm, SheetForm, ShortlistForm
from finder.search.query import published_places_by_slugs
from finder.web import counting
from finder.web.security import csrf, is_same_origin, local_target

bp = Blueprint("referral", __name__)

MAX_PLACES = 10
SLUG = re.compile(r"^[a-z0-9-]{1,120}$")


def parse_slugs(text: str) -> list[str] | None:
    """Read a comma-separated list of place slugs; None when it is malformed."""
    slugs = [slug for slug in text.split(",") if slug]
    if not slugs or len(slugs) > MAX_PLACES or not all(SLUG.match(slug) for slug in slugs):
        return None
    return list(dict.fromkeys(slugs))


QR_SQUARE_MM = 0.8  # the printed size of one square of a code


@lru_cache(maxsize=1024)
def qr_svg(url: str) -> Markup:
    """Return an inline SVG QR code for a URL (no image request, no third party); a code takes
    about 10 ms to work out, and the same places are printed again and again. The lowest error
    correction keeps the code small (a printed sheet is clean); each row's dark squares are drawn
    as runs, which keeps the page a third lighter than one square at a time."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=2)
    code.add_data(url)
    rows = code.get_matrix()
    path = "".join(
        f"M{x} {y}h{length}v1h-{length}z" for y, row in enumerate(rows) for x, length in dark_runs(row)
    )
    side = f"{len(rows) * QR_SQUARE_MM:g}mm"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}" '
        f'viewBox="0 0 {len(rows)} {len(rows)}" shape-rendering="crispEdges"><path d="{path}"/></svg>'
    )


def _place_qr(slug: str, lang: str) -> Markup:
    return qr_svg(url_for("public.place", lang_code=lang, slug=slug, _external=True))


def dark_runs(row: list[bool]):
    """Yield (start, length) of each run of dark squares in a row of a QR code."""
    start = 0
    for is_dark, squares in groupby(row):
        length = len(list(squares))
        if is_dark:
            yield start, length
        start += length


@bp.post("/shortlist/add")
@csrf.exempt
def add():
    """Add a place to the shortlist kept in the session.

    Safe without a CSRF token: a request from another site is refused by its Origin, the session
    cookie is SameSite=Lax (not sent with another site's POST), and adding a place harms nobody.
    """
    if not is_same_origin(request):
        abort(400)
    form = AddToListForm()
    if not form.validate_on_submit() or get_published_place(form.slug.data) is None:
        abort(400)
    chosen = session.get("shortlist", [])
    if form.slug.data not in chosen:
        if len(chosen) >= MAX_PLACES:
            flash(_("Your list is full: remove a place first."), "error")
        else:
            session["shortlist"] = [*chosen, form.slug.data]
            flash(_("Added to your list."), "success")
    return redirect(local_target(request.form.get("next"), url_for("referral.shortlist")))


@bp.post("/shortlist/remove")
def remove():
    """Remove a place from the shortlist."""
    form = ShortlistForm()
    if not form.validate_on_submit():
        abort(400)
    session["shortlist"] = [slug for slug in session.get("shortlist", []) if slug != form.slug.data]
    return redirect(url_for("referral.shortlist"))


@bp.get("/shortlist")
def shortlist():
    """Show the shortlist and the form that makes a referral sheet."""
    places = published_places_by_slugs(session.get("shortlist", []))
    form = SheetForm(
        formdata=None,
        places=",".join(p.slug for p in places),
        sheet_lang=g.lang_code,
    )
    return render_template("referral/shortlist.html", places=places, form=form, remove_form=ShortlistForm())


def _render_sheet(slugs: list[str], lang: str, note: str = ""):
    places = published_places_by_slugs(slugs)
    if not places:
        abort(404)
    now = now_brussels()
    today = now.date()
    since = freshness_limit(today)
    # a place's week and QR code are worked out only when its part of the sheet is written, once a
    # day while the data holds (web/fragments.sheet_piece)
    sheets = [
        {
            "place": place,
            "status": place_status(place, now, since),
            "week": partial(coming_week, place.opening_hours, place.closures, today, place.country),
            "qr": partial(_place_qr, place.slug, lang),
        }
        for place in places
    ]
    slugs_text = ",".join(place.slug for place in places)
    share_url = url_for("referral.sheet", lang_code=lang, places=slugs_text, _external=True)
    g.alternate_args = {"places": slugs_text}  # the same sheet in another language, posted or not
    response = make_response(
        render_template(
            "referral/sheet.html",
            sheet_lang=lang,
            sheets=sheets,
            note=note,
            today=today,
            share_url=share_url,
            missing=len(slugs) - len(places),
        )
    )
    for place in places:
        counting.mark_place(response, place.slug, "sheet")
    return response


@bp.get("/sheet")
def sheet():
    """Show a referral sheet in the URL's language; the URL holds the list, so it can be shared."""
    slugs = parse_slugs(request.args.get("places", ""))
    if slugs is None:
        abort(400)
    return _render_sheet(slugs, g.lang_code)


@bp.post("/sheet")
def sheet_with_note():
    """Show a referral sheet in the chosen language, with a note that is printed but never stored."""
    form = SheetForm()
    slugs = parse_slugs(form.places.data or "")
    if not form.validate_on_submit() or slugs is None:
        places = published_places_by_slugs(slugs or [])
        return render_template(
            "referral/shortlist.html", places=places, form=form, remove_form=ShortlistForm()
        ), 400
    with force_locale(form.sheet_lang.data):
        return _render_sheet(slugs, form.sheet_lang.data, note=form.note.data or "")
