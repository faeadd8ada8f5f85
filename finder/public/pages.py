"""Public pages: home, directory search, place pages, donation programme, about."""

import datetime as dt
from functools import partial

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from finder import claims, counts, data_token, editing, packs
from finder.exchange.spreadsheet import csv_file
from finder.geo import gazetteer
from finder.hours import coming_week, now_brussels
from finder.places import freshness_limit, get_published_place, place_status
from finder.public.forms import ANY_DISTANCE, ClaimForm, CorrectionForm, SearchForm
from finder.search.query import (
    nearest_place,
    nearest_reachable,
    place_in_words,
    published_place,
    search_places,
)
from finder.taxonomy import SERVICES
from finder.web import charts, counting, maps
from finder.web.formatting import location_name, radius_words, tag_labels
from finder.web.fragments import kept_url_for
from finder.web.security import csrf, limiter

bp = Blueprint("public", __name__)


@bp.get("/")
def home():
    """Show the home page with the search box."""
    return render_template("public/home.html", form=SearchForm(lang=g.lang_code, formdata=None))


@bp.get("/places")
def places():
    """Search the directory; every parameter lives in the URL."""
    form = SearchForm(formdata=request.args, lang=g.lang_code)
    if not form.validate():
        return render_template("public/places.html", form=form, result=None), 400
    place_typed = None if form.near.data else place_in_words(form.q.data or "")
    if place_typed:  # "impôts molenbeek": the same search, the place in its own box
        kept = {key: request.args.getlist(key) for key in request.args if key not in ("q", "near", "page")}
        return redirect(url_for("public.places", **kept, q=place_typed[0] or None, near=place_typed[1]))
    now = now_brussels()
    filters = form.search_filters(freshness_limit(now.date()))
    if filters is None:
        resolution = form.near_resolution()
        return render_template(
            "public/places.html",
            form=form,
            result=None,
            unknown_near=form.near.data,
            is_ambiguous=bool(resolution.choices),
            near_options=resolution.options(g.lang_code),
        )
    result = search_places(filters, now)
    if result.total == 0:
        page = render_template(
            "public/places.html",
            form=form,
            result=result,
            near=filters.near,
            wider=wider_searches(request.args, filters),
            nearest=nearest_place(filters.near) if filters.near else None,
        )
        postcode = filters.near.postcode if filters.near else None
        return counting.mark_unmet(make_response(page), postcode, ",".join(filters.services), "search")
    return render_template(
        "public/places.html",
        form=form,
        result=result,
        near=filters.near,
        radius_km=radius_words(filters.radius_km) if filters.radius_km else None,
        further=further_away(request.args) if filters.radius_km else None,
        map_assets=maps.results_assets(result.pins),
    )


@bp.get("/places/map.js")
def places_map():
    """The script of the search page's map, for the same parameters."""
    form = SearchForm(formdata=request.args, lang=g.lang_code)
    if not form.validate():
        abort(400)
    now = now_brussels()
    filters = form.search_filters(freshness_limit(now.date()))
    if filters is None:
        abort(404)
    return maps.script_response(_results_map(search_places(filters, now), filters))


def _results_map(result, filters) -> maps.MapParts | None:
    settings = maps.MapSettings.of(current_app.config, g.lang_code)
    return maps.results_map(result.map_rows, filters.near, settings)


def further_away(args) -> str:
    """The same search at any distance."""
    kept = {key: args.getlist(key) for key in args if key not in ("page", "radius")}
    return kept_url_for("public.places", **kept, radius=ANY_DISTANCE)


FILTER_ARGS = ("service", "audience", "language", "wheelchair", "free", "open_now", "day", "radius")


def wider_searches(args, filters) -> list[tuple[str, str]]:
    """Return (label, URL) of searches that would find something when this one found nothing."""
    kept = {key: args.getlist(key) for key in args if key != "page"}
    wider = []
    if filters.radius_km:
        wider.append((_("Search at any distance"), further_away(args)))
    if any(key in kept for key in FILTER_ARGS):
        plain = {key: value for key, value in kept.items() if key not in FILTER_ARGS}
        wider.append((_("Search without the other choices"), kept_url_for("public.places", **plain)))
    if filters.text and filters.near:
        wider.append(
            (
                _("Every place near %(near)s", near=location_name(filters.near)),
                kept_url_for("public.places", near=args["near"]),
            )
        )
    wider.append((_("Answer a few questions to find the right place"), kept_url_for("help.step")))
    return wider


@bp.get("/places/<slug:slug>")
def place(slug: str):
    """Show everything about one place."""
    found = published_place(slug)
    if found is None:
        abort(404)
    now = now_brussels()
    page = render_template(
        "public/place.html",
        place=found,
        status=place_status(found, now, freshness_limit(now.date())),
        week=coming_week(found.opening_hours, found.closures, now.date(), found.country),
        today=now.date(),
        map_assets=maps.place_assets(found),
        nearest=None if found.is_reachable else nearest_reachable(found),
        events=editing.upcoming_events(now, place=found, limit=10),
        can_be_claimed=claims.can_be_claimed(found),
    )
    return counting.mark_place(make_response(page), slug, "page")


@bp.post("/places/<slug:slug>/followed/<kind>")
@csrf.exempt  # a browser's ping (<a ping>) carries no form: it only adds one to a daily total
@limiter.limit("30 per minute")
def followed(slug: str, kind: str):
    """Count a phone or route link followed from a place's page or card."""
    if kind not in ("phone", "route"):
        abort(404)
    if counts.is_a_person(request.user_agent.string, request.headers):
        counts.count_place(slug, kind, now_brussels().date())
    return "", 204


@bp.get("/places/<slug:slug>/map.js")
def place_map(slug: str):
    """The script of a place's map."""
    found = published_place(slug)
    if found is None:
        abort(404)
    return maps.script_response(_place_map(found))


def _place_map(place) -> maps.MapParts | None:
    settings = maps.MapSettings.of(current_app.config, g.lang_code)
    return maps.place_map(place, settings) if place.has_exact_position else None


@bp.route("/places/<slug:slug>/correction", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def correction(slug: str):
    """Let anyone suggest a correction; it waits for the place's staff."""
    found = get_published_place(slug)
    if found is None:
        abort(404)
    form = CorrectionForm()
    if form.validate_on_submit():
        if not form.website.data:  # the honeypot: only robots fill it; they get the same thanks
            editing.submit_correction(found, form.message.data, form.contact.data)
        flash(_("Thank you. The team of this place will check your message."), "success")
        return redirect(url_for("public.place", slug=found.slug))
    return render_template("public/correction.html", place=found, form=form), 400 if form.errors else 200


@bp.route("/places/<slug:slug>/claim", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def claim(slug: str):
    """'I run this place': ask to keep the listing of a place that has no team yet."""
    found = get_published_place(slug)
    if found is None or not claims.can_be_claimed(found):
        abort(404)
    form = ClaimForm()
    if form.validate_on_submit():
        if not form.website.data:  # the honeypot: only robots fill it; they get the same thanks
            data = form.data
            claims.submit(found, data["name"], data["role"], data["email"], data["message"], g.lang_code)
        flash(_("Thank you. We will check your request and answer you by e-mail."), "success")
        return redirect(url_for("public.place", slug=found.slug))
    return render_template("public/claim.html", place=found, form=form), 400 if form.errors else 200


@bp.get("/events")
def events():
    """List upcoming workshops and events in every place."""
    return render_template("public/events.html", events=editing.upcoming_events(now_brussels()))


@bp.get("/donation")
def donation():
    """Present the territory's programmes giving IT equipment to associations, open ones first."""
    programmes = sorted(packs.current().donations, key=lambda programme: programme.is_closed)
    return render_template("public/donation.html", programmes=programmes)


@bp.get("/figures")
def figures():
    """The directory's key figures: places by commune (with current hours), and where searches and
    the help finder found nothing near over the last 90 days; as charts, tables and CSV."""
    today = now_brussels().date()
    since = today - dt.timedelta(days=UNMET_DAYS)
    if request.args.get("format") == "csv":
        if request.args.get("table") == "unmet":
            rows = _unmet_rows(counts.unmet_needs(since))
            return csv_file(["postcode", "commune", "need", "times"], rows, "unmet-needs.csv")
        by_commune = counts.places_by_commune(freshness_limit(today))
        return csv_file(["commune", "places", "with_current_hours"], by_commune, "places-by-commune.csv")
    return render_template("public/figures.html", body=_figures(today, since))


def _figures(today: dt.date, since: dt.date) -> Markup:
    """The figures in the page's language, worked out and written again only when the places, the
    day or the counts change (they read every place and every count)."""
    version = counts.unmet_version(since)
    return data_token.kept_while_unchanged(
        "figures", partial(_written_figures, today, since), g.lang_code, today, version
    )


def _written_figures(today: dt.date, since: dt.date) -> Markup:
    figures = _worked_out_figures(today, since)
    return Markup(render_template("public/_figures_body.html", days=UNMET_DAYS, **figures))


def _worked_out_figures(today: dt.date, since: dt.date) -> dict:
    by_commune = [
        (_commune_name(name), total, current)
        for name, total, current in counts.places_by_commune(freshness_limit(today))
    ]
    areas = [(f"{code} {_commune_of(code)}", times) for code, times in counts.unmet_by_postcode(since, 20)]
    places_rows = [(name, total) for name, total, _current in by_commune]
    return {
        "by_commune": by_commune,
        "unmet": _unmet_rows(counts.unmet_needs(since, UNMET_SHOWN)),
        "unmet_count": counts.unmet_need_count(since),
        "places_chart": charts.bar_chart(_("Places by commune"), places_rows[:20]),
        "unmet_chart": charts.bar_chart(_("Needs found nowhere near, by area"), areas),
    }


UNMET_DAYS = 90
UNMET_SHOWN = 50  # rows of the table on the page, the most frequent; the CSV file has every one


def _unmet_rows(unmet: list[tuple[str, str, int]]) -> list[tuple[str, str, str, int]]:
    return [(postcode, _commune_of(postcode), _need_words(need), times) for postcode, need, times in unmet]


def _commune_of(postcode: str) -> str:
    spot = gazetteer.postcode_location(postcode)
    return location_name(spot) if spot else ""


def _commune_name(name: str) -> str:
    return gazetteer.name_in(name, g.lang_code) if name else _("Commune not known")


def _need_words(need: str) -> str:
    """A need's services in words ("" is any need)."""
    codes = [code for code in need.split(",") if code in SERVICES]
    return ", ".join(tag_labels("service", codes)) or _("Any help")


@bp.get("/about")
def about():
    """Say what the site is and credit the data sources."""
    return render_template("public/about.html")
