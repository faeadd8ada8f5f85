"""Writing the standards' files: LaMednum 1.0.2 (CSV and JSON) and data·inclusion (structures, services).

Only places that can be written as valid records are written: both standards are French (a French
postcode), and LaMednum also needs an official id (SIRET or RNA, known from an import) and a street.
Callers count the others with `left_out`. Hours are written only while they are current: an export
never turns old hours into live ones.
"""

import datetime as dt
import re

from sqlalchemy import Select, func, select

from finder import facts, taxonomy
from finder.geo import france
from finder.models import ImportedRecord, Place, db
from finder.places import freshness_limit

MEDNUM_FIELDS = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)  # fmt: skip
FRENCH_PHONE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$")
SIRET = re.compile(r"^\d{14}$")
SOURCE = "epn-finder"


def official_ids() -> Select:
    """place id → one official id known for it (from any source)."""
    return (
        select(ImportedRecord.place_id, func.max(ImportedRecord.official_id).label("official_id"))
        .where(ImportedRecord.official_id.is_not(None))
        .group_by(ImportedRecord.place_id)
    )


def _writable(for_mednum: bool) -> Select:
    """The published places a standard can hold, with their official id when known."""
    ids = official_ids().subquery()
    query = (
        select(Place, ids.c.official_id)
        .outerjoin(ids, ids.c.place_id == Place.id)
        .where(Place.is_published.is_(True), Place.country == "FR", Place.postcode.is_not(None))
    )
    if for_mednum:
        query = query.where(
            ids.c.official_id.is_not(None), Place.street.is_not(None), Place.commune.is_not(None)
        )
    return query


def counts(for_mednum: bool) -> tuple[int, int]:
    """(how many published places a standard can hold, how many it cannot)."""
    written = db.session.scalar(select(func.count()).select_from(_writable(for_mednum).subquery()))
    published = db.session.scalar(select(func.count(Place.id)).where(Place.is_published.is_(True)))
    return written, published - written


def writable_places(for_mednum: bool, offset: int, limit: int | None, batch: int = 500):
    """Yield (place, official id) in a stable order, a batch at a time (constant memory)."""
    query = _writable(for_mednum).order_by(Place.id).offset(offset).limit(limit)
    yield from db.session.execute(query.execution_options(yield_per=batch))


def updated_on(place: Place) -> dt.date:
    """The date of the place's most recent fact, else the day it was last saved."""
    dates = [
        facts.first_day(origin["as_of"])
        for origin in (place.provenance or {}).values()
        if origin.get("as_of")
    ]
    return max(dates, default=place.updated_at.date())


def french_phone(phone: str | None) -> str | None:
    """A phone number in the form the standard accepts (+33…), or None."""
    digits = re.sub(r"[\s./()-]", "", phone or "")
    if re.fullmatch(r"0\d{9}", digits):
        digits = "+33" + digits[1:]
    return digits if FRENCH_PHONE.match(digits) else None


def _current_hours(place: Place, today: dt.date) -> str | None:
    return facts.current_hours(place.opening_hours, place.provenance, freshness_limit(today))


def _description(place: Place) -> str:
    return (place.descriptions or {}).get("fr", "").strip()


def _join(values) -> str:
    return "|".join(dict.fromkeys(value for value in values if value))


def mednum_record(place: Place, official_id: str, today: dt.date) -> dict:
    """One place as a LaMednum 1.0.2 record (every field, empty when unknown)."""
    description = _description(place)
    support = taxonomy.values_by_code(taxonomy.MEDNUM_SUPPORT)
    costs = taxonomy.values_by_code(taxonomy.MEDNUM_COSTS)
    labels = taxonomy.values_by_code(taxonomy.MEDNUM_LABELS)
    access = {
        "walk_in": ["Se présenter"],
        "appointment": ["Téléphoner"],
        "both": ["Se présenter", "Téléphoner"],
    }
    record = dict.fromkeys(MEDNUM_FIELDS, "")
    record.update(
        id=place.slug,
        pivot=official_id,
        nom=place.name,
        commune=place.commune,
        code_postal=place.postcode,
        code_insee=france.insee_code(place.postcode, place.commune) or "",
        adresse=place.street,
        latitude=place.latitude if place.has_exact_position else "",
        longitude=place.longitude if place.has_exact_position else "",
        telephone=french_phone(place.phone) or "",
        courriels=place.email or "",
        site_web=place.website or "",
        horaires=_current_hours(place, today) or "",
        presentation_resume=description[:277] + "…" if len(description) > 280 else description,
        presentation_detail=description,
        source=SOURCE,
        structure_parente=place.organisation or "",
        date_maj=updated_on(place).isoformat(),
        services=_join(taxonomy.MEDNUM_SERVICES.get(code) for code in place.codes("service")),
        publics_specifiquement_adresses=_join(
            taxonomy.MEDNUM_AUDIENCES.get(c) for c in place.codes("audience")
        ),
        prise_en_charge_specifique=_join(
            support.get((kind, code)) for kind in ("accessibility", "language") for code in place.codes(kind)
        ),
        frais_a_charge=costs.get(place.cost.value, "") if place.cost else "",
        modalites_acces=_join(access.get(place.access_mode.value, [])) if place.access_mode else "",
        dispositif_programmes_nationaux=_join(labels.get(code) for code in place.codes("label")),
        itinerance="Itinérant" if place.codes("outreach") else "",
    )
    return record


def structure_record(place: Place, official_id: str | None, today: dt.date) -> dict:
    """One place as a data·inclusion structure."""
    description = _description(place)
    return {
        "source": SOURCE,
        "id": f"{SOURCE}--{place.slug}",
        "nom": place.name[:150].rstrip("."),
        "date_maj": min(updated_on(place), today).isoformat(),
        "siret": official_id if official_id and SIRET.match(official_id) else None,
        "commune": place.commune,
        "code_postal": place.postcode,
        "code_insee": france.insee_code(place.postcode, place.commune or ""),
        "adresse": place.street,
        "latitude": place.latitude if place.has_exact_position else None,
        "longitude": place.longitude if place.has_exact_position else None,
        "telephone": french_phone(place.phone),
        "courriel": place.email,
        "site_web": place.website,
        "horaires_accueil": _current_hours(place, today),
        "description": description if len(description) >= 5 else None,
    }


def service_records(place: Place, today: dt.date) -> list[dict]:
    """The place's digital services that data·inclusion has a theme for, one record each."""
    themes = taxonomy.values_by_code(taxonomy.DATA_INCLUSION_THEMES)
    costs = taxonomy.values_by_code(taxonomy.DATA_INCLUSION_COSTS)
    return [
        {
            "source": SOURCE,
            "structure_id": f"{SOURCE}--{place.slug}",
            "id": f"{SOURCE}--{place.slug}--{code}",
            "nom": taxonomy.tag_label("service", code, "fr"),
            "description": f"{taxonomy.tag_label('service', code, 'fr')} : {place.name}",
            "date_maj": min(updated_on(place), today).isoformat(),
            "thematiques": [themes[code]],
            "frais": costs.get(place.cost.value) if place.cost else None,
            "publics": None,
            "commune": place.commune,
            "code_postal": place.postcode,
            "adresse": place.street,
            "telephone": french_phone(place.phone),
            "courriel": place.email,
            "modes_accueil": ["en-presentiel"],
            "horaires_accueil": _current_hours(place, today),
        }
        for code in place.codes("service")
        if code in themes
    ]
