"""data·inclusion's structures and services (JSON), the schema of the French "offre d'insertion"."""

import datetime as dt
from collections import Counter

from finder import taxonomy
from finder.exchange.fields import (
    Row,
    RowError,
    date_field,
    mapped,
    official_id,
    one_cost,
    place_fields,
    required_field,
    text_field,
    values_field,
)


def read_structure(item: dict, unmapped: Counter, today: dt.date) -> Row:
    record = place_fields(item, {"street": "adresse", "email": "courriel", "hours": "horaires_accueil"})
    description = text_field(item, "description")
    record["descriptions"] = {"fr": description} if description else {}
    for value in values_field(item, "reseaux_porteurs"):
        unmapped[("reseaux_porteurs", value)] += 1
    return Row(
        required_field(item, "id"),
        date_field(item, "date_maj"),
        record,
        official_id(item, "siret"),
        text_field(item, "source") or None,
    )


def read_services(items: list[dict], unmapped: Counter) -> list[tuple[int, Row | RowError]]:
    """data·inclusion services, gathered per structure: what each structure offers, in all."""
    gathered: dict[str, tuple[int, Row]] = {}
    rows: list[tuple[int, Row | RowError]] = []
    for number, item in enumerate(items, start=1):
        try:
            key, as_of = required_field(item, "structure_id"), date_field(item, "date_maj")
        except RowError as error:
            rows.append((number, error))
            continue
        themes = [value for value in values_field(item, "thematiques") if value.startswith("numerique")]
        services = mapped(themes, taxonomy.DATA_INCLUSION_THEMES, "thematiques", unmapped)
        audiences = mapped(
            [v for v in values_field(item, "publics") if v != "tous-publics"],
            taxonomy.DATA_INCLUSION_AUDIENCES,
            "publics",
            unmapped,
        )
        costs = mapped(values_field(item, "frais"), taxonomy.DATA_INCLUSION_COSTS, "frais", unmapped)
        first, row = gathered.setdefault(key, (number, Row(key, as_of, {"tags": {}}, is_partial=True)))
        row.as_of = max(row.as_of, as_of)
        for kind, codes in (("service", services), ("audience", audiences)):
            if codes:
                row.record["tags"][kind] = sorted(set(row.record["tags"].get(kind, [])) | set(codes))
        if costs:
            row.record["cost"] = one_cost(costs + ([row.record["cost"]] if row.record.get("cost") else []))
    return rows + list(gathered.values())
