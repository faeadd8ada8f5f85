"""Open data: every published place as JSON, GeoJSON or CSV, with the search filters."""

import json

from flask import Blueprint, Response, abort, jsonify, request, stream_with_context

from finder.exchange import exports, own_csv
from finder.exchange.own_csv import CSV_COLUMNS
from finder.exchange.spreadsheet import csv_file
from finder.hours import now_brussels
from finder.models import Place
from finder.places import freshness_limit, record_of
from finder.public.forms import SearchForm
from finder.search.query import matching_ids, places_in_batches
from finder.taxonomy import TAG_FIELDS

bp = Blueprint("api", __name__)

SCHEMA_VERSION = "1.1"  # 1.1: labels (several) and outreach as lists of codes; street names per language
# an answer about this many places or fewer is built in memory, so the page cache keeps it (ETag, 304);
# a bigger one (a whole country) is streamed in constant memory
IN_MEMORY_PLACES = 200


def place_record(place: Place) -> dict:
    """Return the documented open-data record of a place (codes, never translated labels)."""
    record = record_of(place)
    tags = record.pop("tags")
    record.update(
        latitude=place.latitude,  # the export gives the shown position, flagged when approximate
        longitude=place.longitude,
        is_location_approximate=place.is_location_approximate,
        # who confirmed a fact stays inside the site: the export says only "staff" or "admin"
        provenance={
            fact: {key: value for key, value in origin.items() if key != "staff_id"}
            for fact, origin in record["provenance"].items()
        },
        **{column: tags.get(kind, []) for column, kind in TAG_FIELDS.items()},
    )
    return record


MAX_PAGE_NUMBER = 10**9  # more than any directory; what a database's 64-bit integers always hold


def _page() -> tuple[int, int | None]:
    """(offset, limit) of the request: whole numbers, limit optional."""
    try:
        offset = int(request.args.get("offset", 0))
        limit = int(request.args["limit"]) if "limit" in request.args else None
    except ValueError:
        abort(400)
    if not 0 <= offset <= MAX_PAGE_NUMBER or (limit is not None and not 0 <= limit <= MAX_PAGE_NUMBER):
        abort(400)
    return offset, limit


def _matching_ids() -> list[int]:
    form = SearchForm(formdata=request.args, lang="fr")
    since = freshness_limit(now_brussels().date())
    filters = form.search_filters(since) if form.validate() else None
    if filters is None:
        abort(400)
    offset, limit = _page()
    ids = matching_ids(filters, now_brussels())
    return ids[offset : None if limit is None else offset + limit]


def _json_items(items):
    """Yield JSON items one by one, separated by commas (constant memory)."""
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n" + json.dumps(item, ensure_ascii=False, default=str)


def _json_lines(head: dict, key: str, items):
    """Yield a JSON object whose `key` holds the items."""
    yield json.dumps(head, ensure_ascii=False)[:-1] + f', "{key}": ['
    yield from _json_items(items)
    yield "\n]}\n"


def _json_array(items):
    """Yield a JSON array of the items."""
    yield "["
    yield from _json_items(items)
    yield "\n]\n"


def _streamed(lines, mimetype: str, filename: str | None = None, **headers) -> Response:
    if filename:
        headers["Content-Disposition"] = f"attachment; filename={filename}"
    return Response(stream_with_context(lines), mimetype=mimetype, headers=headers)


def _answer(lines, mimetype: str, count: int) -> Response:
    """A small answer whole (the page cache keeps it), a big one streamed."""
    if count > IN_MEMORY_PLACES:
        return _streamed(lines, mimetype)
    return Response("".join(lines), mimetype=mimetype)


@bp.get("/places.json")
def places_json():
    """All matching places as JSON, with where each fact comes from (`offset` and `limit` page it)."""
    ids = _matching_ids()
    records = (place_record(place) for place in places_in_batches(ids))
    head = {"schema_version": SCHEMA_VERSION, "count": len(ids)}
    return _answer(_json_lines(head, "places", records), "application/json", len(ids))


@bp.get("/places.geojson")
def places_geojson():
    """All matching places with a position, as a GeoJSON FeatureCollection."""
    ids = _matching_ids()
    features = (
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": place_record(place),
        }
        for place in places_in_batches(ids)
        if place.has_position
    )
    lines = _json_lines({"type": "FeatureCollection"}, "features", features)
    return _answer(lines, "application/geo+json", len(ids))


@bp.get("/places.csv")
def places_csv():
    """All matching places as CSV, multi-values separated by |, where each fact comes from last."""
    ids = _matching_ids()
    records = (place_record(place) for place in places_in_batches(ids))
    rows = (own_csv.row_of(record) for record in records)
    return csv_file(list(CSV_COLUMNS), rows, "places.csv", streamed=len(ids) > IN_MEMORY_PLACES)


def _standard_records(for_mednum: bool, write):
    """The records of a standard, paged, with how many places it cannot hold in a header."""
    offset, limit = _page()
    today = now_brussels().date()
    records = (
        write(place, official_id, today)
        for place, official_id in exports.writable_places(for_mednum, offset, limit)
    )
    written, left_out = exports.counts(for_mednum)
    headers = {
        "X-Total-Count": str(written),
        "X-Left-Out-Count": str(left_out),
    }
    return records, headers


@bp.get("/lamednum.json")
def lamednum_json():
    """The places LaMednum 1.0.2 can hold, as a JSON array of its records."""
    records, headers = _standard_records(True, exports.mednum_record)
    return _streamed(_json_array(records), "application/json", "lamednum.json", **headers)


@bp.get("/lamednum.csv")
def lamednum_csv():
    """The places LaMednum 1.0.2 can hold, as its CSV table."""
    records, headers = _standard_records(True, exports.mednum_record)
    rows = ([record[name] for name in exports.MEDNUM_FIELDS] for record in records)
    response = csv_file(list(exports.MEDNUM_FIELDS), rows, "lamednum.csv")
    response.headers.update(headers)
    return response


@bp.get("/data-inclusion/structures.json")
def data_inclusion_structures():
    """The places data·inclusion can hold, as structures."""
    records, headers = _standard_records(False, exports.structure_record)
    return _streamed(_json_array(records), "application/json", "structures.json", **headers)


@bp.get("/data-inclusion/services.json")
def data_inclusion_services():
    """The digital services of those places, as data·inclusion services."""
    places, headers = _standard_records(
        False, lambda place, _official_id, today: exports.service_records(place, today)
    )
    records = (record for services in places for record in services)
    return _streamed(_json_array(records), "application/json", "services.json", **headers)


@bp.errorhandler(400)
def bad_request(error):
    """Explain a malformed filter in JSON rather than HTML."""
    return jsonify({"error": "bad_request", "message": "A filter value is malformed or unknown."}), 400
