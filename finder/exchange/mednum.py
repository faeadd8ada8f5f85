"""The French standard of "lieux de médiation numérique" (LaMednum v1.0.2, and its older 0.x form)."""

import datetime as dt
from collections import Counter

from finder import taxonomy
from finder.exchange.fields import (
    Row,
    codes_by_value,
    date_field,
    mapped,
    official_id,
    one_access,
    one_cost,
    place_fields,
    required_field,
    text_field,
    values_field,
)

IGNORED = ("typologie", "formations_labels")


def read_row(item: dict, unmapped: Counter, today: dt.date) -> Row:
    record = place_fields(
        item,
        {
            "street": "adresse" if "adresse" in item else "Adresse",
            "email": "courriels" if "courriels" in item else "courriel",
            "hours": "horaires",
        },
    )
    services = mapped(
        values_field(item, "services"),
        {**codes_by_value(taxonomy.MEDNUM_SERVICES), **taxonomy.MEDNUM_V0_SERVICES},
        "services",
        unmapped,
    )
    audiences = mapped(
        values_field(item, "publics_specifiquement_adresses"),
        codes_by_value(taxonomy.MEDNUM_AUDIENCES),
        "publics_specifiquement_adresses",
        unmapped,
    )
    support = mapped(
        values_field(item, "prise_en_charge_specifique"),
        taxonomy.MEDNUM_SUPPORT,
        "prise_en_charge_specifique",
        unmapped,
    )
    labels = mapped(
        values_field(item, "dispositif_programmes_nationaux") or values_field(item, "labels_nationaux"),
        taxonomy.MEDNUM_LABELS,
        "dispositif_programmes_nationaux",
        unmapped,
    )
    travels = [value for value in values_field(item, "itinerance") if value != "Fixe"]  # Fixe: a door
    outreach = mapped(travels, taxonomy.MEDNUM_OUTREACH, "itinerance", unmapped)
    # every kind the standard can state, empty ones too: a value the source removed is removed here
    tags = {
        "service": services,
        "audience": audiences,
        "accessibility": [],
        "language": [],
        "label": labels,
        "outreach": outreach,
    }
    for kind, code in support:
        tags.setdefault(kind, []).append(code)
    costs = mapped(
        values_field(item, "frais_a_charge") or values_field(item, "conditions_acces"),
        taxonomy.MEDNUM_COSTS,
        "frais_a_charge",
        unmapped,
    )
    access = mapped(
        values_field(item, "modalites_acces"), taxonomy.MEDNUM_ACCESS, "modalites_acces", unmapped
    )
    for name in IGNORED:
        for value in values_field(item, name):
            unmapped[(name, value)] += 1
    description = text_field(item, "presentation_detail") or text_field(item, "presentation_resume")
    record.update(
        organisation=text_field(item, "structure_parente") or None,
        descriptions={"fr": description} if description else {},
        tags={kind: sorted(set(codes)) for kind, codes in tags.items()},
        cost=one_cost(costs),
        access_mode=one_access(access),
    )
    return Row(
        required_field(item, "id"),
        date_field(item, "date_maj"),
        record,
        official_id(item, "pivot"),
        text_field(item, "source") or None,
    )
