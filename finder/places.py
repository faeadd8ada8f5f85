"""Reading and writing places: the service layer the views, the API and the seed use."""

import datetime as dt
import re
import unicodedata

from flask import current_app
from sqlalchemy import select

from finder import facts
from finder.geo import gazetteer
from finder.hours import OpenStatus, check_hours, closed_on, open_status
from finder.models import AccessMode, Closure, Cost, Place, PlaceTag, db
from finder.taxonomy import TAG_KINDS

PLAIN_FIELDS = (
    "country",
    "name",
    "organisation",
    "street",
    "postcode",
    "commune",
    "phone",
    "email",
    "website",
    "opening_hours",
    "source_url",
)


# the fields a place may name differently per language ("CPAS / OCMW", "Rouppeplein")
NAMED = ("name", "organisation", "street")

LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def one_line(value):
    """Return a text with its line breaks as spaces: names, addresses and phones are one line
    (a line break in a name would end a mail's subject header)."""
    return LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


class PlaceDataError(ValueError):
    """Place data that cannot be stored, with a message naming the place."""


def freshness_limit(today: dt.date) -> dt.date:
    """Return the first day from which facts count as current, by the FRESHNESS_MONTHS setting."""
    return facts.fresh_since(today, current_app.config["FRESHNESS_MONTHS"])


SLUG_FORM = r"[a-z0-9][a-z0-9-]{0,119}"  # what slugify makes: nothing else can name a place


def is_slug(text: str) -> bool:
    """Tell whether a text has the form of a place's slug."""
    return re.fullmatch(SLUG_FORM, text) is not None


def slugify(text: str) -> str:
    """Return a URL-safe slug for a name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:120]


def get_published_place(slug: str) -> Place | None:
    """Return a published place by its slug, or None."""
    return db.session.scalar(select(Place).where(Place.slug == slug, Place.is_published.is_(True)))


def published_places() -> list[Place]:
    """Return every published place, by name."""
    return list(db.session.scalars(select(Place).where(Place.is_published.is_(True)).order_by(Place.name)))


def place_status(place: Place, now: dt.datetime, since: dt.date) -> OpenStatus:
    """Tell whether a place is open now; hours older than `since` are unconfirmed, never used."""
    if facts.hours_state(place.opening_hours, place.provenance, since) == "unconfirmed":
        return OpenStatus(is_known=False, is_unconfirmed=True, closure=closed_on(place.closures, now.date()))
    return open_status(place.opening_hours, place.closures, now, place.country)


def place_distance(near: gazetteer.Location | None, place: Place) -> float | None:
    """Distance to a place with an exact position; None when unknown or approximate."""
    if place.is_location_approximate:
        return None
    return gazetteer.distance_from(near, place.latitude, place.longitude)


def closures_by_place(place_ids: list[int], today: dt.date) -> dict[int, list[Closure]]:
    """Return the closures not yet over, per place id, in one query."""
    query = select(Closure).where(Closure.ends_on >= today)
    if len(place_ids) < 500:
        query = query.where(Closure.place_id.in_(place_ids))
    found: dict[int, list[Closure]] = {}
    for closure in db.session.scalars(query.order_by(Closure.starts_on)):
        found.setdefault(closure.place_id, []).append(closure)
    return found


LIST_SIZE = 50  # places an admin page shows at once: its size never grows with the directory


def find_places(text: str, limit: int = LIST_SIZE) -> list[Place]:
    """Return places (published or not) whose name or slug holds the text, by name; at most limit."""
    words = text.strip().replace("\\", "").replace("%", "").replace("_", " ")
    if not words:
        return []
    pattern = f"%{words}%"
    query = select(Place).where(Place.name.ilike(pattern) | Place.slug.ilike(pattern.replace(" ", "-")))
    return list(db.session.scalars(query.order_by(Place.name).limit(limit)))


def places_with_ids(ids: list[int]) -> list[Place]:
    """Return the places with these ids (the ones that exist), by name; at most LIST_SIZE × 10."""
    wanted = sorted(set(ids))[: LIST_SIZE * 10]
    return list(db.session.scalars(select(Place).where(Place.id.in_(wanted)).order_by(Place.name)))


def all_places() -> list[Place]:
    """Return every place, published or not, by name."""
    return list(db.session.scalars(select(Place).order_by(Place.name)))


def create_place(name: str, commune: str | None) -> Place:
    """Create a place with a unique slug; its staff fill in the rest."""
    base = slugify(name) or "place"
    slug, number = base, 1
    while db.session.scalar(select(Place.id).where(Place.slug == slug)):
        number += 1
        slug = f"{base}-{number}"
    place = Place(slug=slug)
    _apply(place, {"slug": slug, "name": name.strip(), "commune": (commune or "").strip() or None})
    db.session.add(place)
    db.session.commit()
    return place


def search_text_of(place: Place) -> str:
    """The accent-free lower-case text that full-text search looks in: names (in every language),
    address, descriptions."""
    own_names = [text for texts in (place.names or {}).values() for _lang, text in sorted(texts.items())]
    parts = (place.name, place.organisation, *own_names, place.commune, place.postcode, place.street)
    descriptions = [text for _lang, text in sorted((place.descriptions or {}).items())]
    return gazetteer.normalise(" ".join(part for part in (*parts, *descriptions) if part))


def check_record(data: dict) -> None:
    """Refuse a record that cannot be stored, with a message naming the place."""
    name = data.get("name") or data.get("slug") or "?"
    if country_of(data) not in gazetteer.COUNTRY_BOUNDS:
        raise PlaceDataError(f"{name}: unknown country {data['country']!r}")
    error = check_hours(data.get("opening_hours"), country_of(data))
    if error:
        raise PlaceDataError(f"{name}: invalid opening hours {data['opening_hours']!r}: {error}")
    if data.get("as_of") is not None and not facts.check_as_of(data["as_of"]):
        raise PlaceDataError(f"{name}: as_of must be YYYY, YYYY-MM or YYYY-MM-DD, not {data['as_of']!r}")
    for field, texts in (data.get("names") or {}).items():
        if field not in NAMED or not isinstance(texts, dict):
            raise PlaceDataError(f"{name}: names gives {', '.join(NAMED)} per language, not {field!r}")
    for kind, codes in data.get("tags", {}).items():
        unknown = set(codes) - set(TAG_KINDS.get(kind, {}))
        if kind not in TAG_KINDS or unknown:
            raise PlaceDataError(f"{name}: unknown {kind} codes {sorted(unknown) or codes}")


def _set_tags(place: Place, tags: dict[str, list[str]]) -> None:
    wanted = {(kind, code) for kind, codes in tags.items() for code in codes}
    place.tags = [tag for tag in place.tags if (tag.kind, tag.code) in wanted]
    present = {(tag.kind, tag.code) for tag in place.tags}
    place.tags.extend(PlaceTag(kind=kind, code=code) for kind, code in sorted(wanted - present))


def _set_closures(place: Place, closures: list[dict]) -> None:
    """Keep the closures that stay (so their ids stay), drop the others, add the new ones."""
    wanted = [_closure_values(item) for item in closures]
    kept = [closure for closure in place.closures if _closure_values(closure_record(closure)) in wanted]
    kept_values = [_closure_values(closure_record(closure)) for closure in kept]
    added = [Closure(**values) for values in wanted if values not in kept_values]
    if added or len(kept) != len(place.closures):
        place.closures = sorted(kept + added, key=lambda closure: closure.starts_on)


def _closure_values(item: dict) -> dict:
    return {
        "starts_on": dt.date.fromisoformat(item["starts_on"]),
        "ends_on": dt.date.fromisoformat(item["ends_on"]),
        "reasons": dict(item.get("reasons") or {}),
    }


def closure_record(closure: Closure) -> dict:
    """Return a closure as a plain record."""
    return {
        "starts_on": closure.starts_on.isoformat(),
        "ends_on": closure.ends_on.isoformat(),
        "reasons": dict(closure.reasons or {}),
    }


def country_of(data: dict) -> str:
    """A place's country: the one its postcode's form tells, else the one given, else Belgium."""
    return gazetteer.country_of_postcode(data.get("postcode")) or data.get("country") or "BE"


def _apply(place: Place, data: dict) -> None:
    data = {**data, "country": country_of(data)}
    for name in PLAIN_FIELDS:
        value = one_line(data.get(name))
        if getattr(place, name) != value:
            setattr(place, name, value)
    derived = {
        **_position(data),
        "descriptions": data.get("descriptions", {}),
        "names": {
            field: {lang: one_line(text) for lang, text in texts.items()}
            for field, texts in (data.get("names") or {}).items()
        },
        "prices": data.get("prices", {}),
        "provenance": data.get("provenance", {}),
        "access_mode": AccessMode(data["access_mode"]) if data.get("access_mode") else None,
        "cost": Cost(data["cost"]) if data.get("cost") else None,
        "verified_on": dt.date.fromisoformat(data["verified_on"]) if data.get("verified_on") else None,
    }
    for name, value in derived.items():
        if getattr(place, name) != value:
            setattr(place, name, value)
    _set_tags(place, data.get("tags", {}))
    _set_closures(place, data.get("closures", []))
    if place.search_text != search_text_of(place):
        place.search_text = search_text_of(place)


def _position(data: dict) -> dict:
    """Coordinates from the data, else the centre of its postcode or commune, marked approximate."""
    if data.get("latitude") is not None and data.get("longitude") is not None:
        return {
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "is_location_approximate": False,
        }
    area = gazetteer.locate(data.get("postcode") or "") or gazetteer.locate(data.get("commune") or "")
    if area is None:
        return {"latitude": None, "longitude": None, "is_location_approximate": False}
    return {"latitude": area.latitude, "longitude": area.longitude, "is_location_approximate": True}


def record_of(place: Place) -> dict:
    """Return a place as a plain record, in the seed format that the seed, restore and the API read."""
    record = {name: getattr(place, name) for name in PLAIN_FIELDS}
    record.update(
        slug=place.slug,
        latitude=None if place.is_location_approximate else place.latitude,
        longitude=None if place.is_location_approximate else place.longitude,
        descriptions=dict(place.descriptions or {}),
        names=dict(place.names or {}),
        prices=dict(place.prices or {}),
        provenance=dict(place.provenance or {}),
        access_mode=place.access_mode.value if place.access_mode else None,
        cost=place.cost.value if place.cost else None,
        verified_on=place.verified_on.isoformat() if place.verified_on else None,
        tags={kind: place.codes(kind) for kind in TAG_KINDS if place.codes(kind)},
        closures=[closure_record(closure) for closure in place.closures],
    )
    return record


def apply_record(place: Place, record: dict) -> None:
    """Write a checked record onto a place (no commit)."""
    check_record(record)
    _apply(place, record)
