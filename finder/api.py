"""Open data: every published place as JSON, GeoJSON or CSV, with the search filters."""

from flask import Blueprint, abort, jsonify, request

from finder.formatting import freshness_limit
from finder.forms import SearchForm
from finder.hours import now_brussels
from finder.models import Place
from finder.places import record_of
from finder.search import matching_places
from finder.spreadsheet import csv_file
from finder.taxonomy import TAG_FIELDS

bp = Blueprint("api", __name__)

SCHEMA_VERSION = "1.0"
CSV_COLUMNS = (
    "slug",
    "name",
    "organisation",
    "street",
    "postcode",
    "commune",
    "latitude",
    "longitude",
    "is_location_approximate",
    "phone",
    "email",
    "website",
    "opening_hours",
    "access_mode",
    "cost",
    "label",
    "services",
    "audiences",
    "languages",
    "accessibility",
    "equipment",
    "verified_on",
    "source_url",
)


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


def _matching_places() -> list[Place]:
    form = SearchForm(formdata=request.args, lang="fr")
    since = freshness_limit(now_brussels().date())
    filters = form.search_filters(since) if form.validate() else None
    if filters is None:
        abort(400)
    return matching_places(filters, now_brussels())


@bp.get("/places.json")
def places_json():
    """All matching places as JSON."""
    records = [place_record(place) for place in _matching_places()]
    return jsonify({"schema_version": SCHEMA_VERSION, "count": len(records), "places": records})


@bp.get("/places.geojson")
def places_geojson():
    """All matching places with a position, as a GeoJSON FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": place_record(place),
        }
        for place in _matching_places()
        if place.has_position
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    return response


@bp.get("/places.csv")
def places_csv():
    """All matching places as CSV, multi-values separated by |."""
    records = (place_record(place) for place in _matching_places())
    rows = ([record[column] for column in CSV_COLUMNS] for record in records)
    return csv_file(list(CSV_COLUMNS), rows, "places.csv")


@bp.errorhandler(400)
def bad_request(error):
    """Explain a malformed filter in JSON rather than HTML."""
    return jsonify({"error": "bad_request", "message": "A filter value is malformed or unknown."}), 400
