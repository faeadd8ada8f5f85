"""The finder and a place's card, for other sites to put in a frame (their own pages stay ours: only
these two may be framed, see web/security.py), and the page that writes their code. They set no
cookie, load nothing from elsewhere and open every link in a new tab."""

from flask import Blueprint, abort, g, make_response, render_template, request, url_for
from flask_babel import gettext as _

from finder.hours import now_brussels
from finder.places import freshness_limit, place_status
from finder.public.forms import EmbedCodeForm, SearchForm
from finder.search.query import published_place, search_places
from finder.web import counting
from finder.web.formatting import frame_code

bp = Blueprint("embed", __name__)  # web/security.py lets other sites frame its finder and card


@bp.get("/embed")
def finder():
    """A search box and the nearest places for the commune, service or language in the address."""
    form = SearchForm(formdata=request.args, lang=g.lang_code)
    if not form.validate():
        return render_template("embed/finder.html", form=form, result=None), 400
    now = now_brussels()
    filters = form.search_filters(freshness_limit(now.date()))
    result = search_places(filters, now) if filters else None
    full = url_for("public.places", **request.args.to_dict(flat=False), _external=True)
    return render_template(
        "embed/finder.html",
        form=form,
        result=result,
        near=filters.near if filters else None,
        unknown_near=form.near.data if filters is None else None,
        full=full,
    )


@bp.get("/embed/places/<slug:slug>")
def card(slug: str):
    """One place: open now or its next opening, address, phone, and a link to its full page."""
    place = published_place(slug)
    if place is None:
        abort(404)
    now = now_brussels()
    status = place_status(place, now, freshness_limit(now.date()))
    page = render_template("embed/card.html", place=place, status=status)
    return counting.mark_place(make_response(page), slug, "card")


@bp.get("/embed/code")
def code():
    """Put this finder on your site: the frame's code for a commune, a service, a language, a height."""
    form = EmbedCodeForm(formdata=request.args, lang=g.lang_code)
    if request.args and not form.validate():
        return render_template("embed/code.html", form=form, frame_code=None), 400
    title = _("Find help with computers and the internet near you")
    return render_template(
        "embed/code.html",
        form=form,
        frame_code=frame_code(form.frame_url(g.lang_code), title, form.height.data or 600),
    )
