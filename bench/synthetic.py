"""Synthetic directories for benchmarks: places spread over Belgium, random hours and services."""

import random

from finder.geo.gazetteer import belgian_postcodes
from finder.models import Cost, Place, PlaceTag, db
from finder.places import search_text_of
from finder.taxonomy import ACCESSIBILITY, AUDIENCES, EQUIPMENT, SERVICES, SPOKEN_LANGUAGES

DESCRIPTIONS = [
    "Espace public numérique : accès libre aux ordinateurs, initiations et ateliers.",
    "Aide aux démarches en ligne : impôts, chômage, mutuelle, recherche de logement.",
    "Openbare computerruimte: hulp bij belastingen, werk zoeken en e-mail.",
    "Imprimer, scanner et photocopier vos documents ; wifi gratuit.",
    "Cours de smartphone et de tablette pour seniors, le mardi.",
]
HOURS = [
    "Mo-Fr 09:00-17:00; PH off",
    "Mo-Fr 09:00-12:00,13:00-17:00; PH off",
    "Tu-Sa 10:00-18:00; PH off",
    "Mo,We,Fr 14:00-19:00",
    "Mo-Th 09:00-12:00; Sa 10:00-13:00; PH off",
    "Mo-Fr 08:30-20:00; Sa 09:00-12:00",
    None,
]


def fill(count: int, seed: int = 42) -> None:
    """Insert count synthetic places, in bulk, into the current database."""
    rng = random.Random(seed)
    postcodes = belgian_postcodes()
    # about a third of places in Brussels, where they are densest
    brussels = [row for row in postcodes if row[0].startswith("1") and int(row[0]) < 1300]
    places = []
    for number in range(count):
        postcode, locality, latitude, longitude = rng.choice(brussels if rng.random() < 0.35 else postcodes)
        place = Place(
            slug=f"synthetic-{number}",
            name=f"EPN {locality} {number}",
            organisation=rng.choice(["CPAS", "Bibliothèque", "ASBL", "Maison de quartier"]),
            street=f"Rue {rng.randint(1, 400)}",
            postcode=postcode,
            commune=locality,
            latitude=latitude + rng.uniform(-0.01, 0.01),
            longitude=longitude + rng.uniform(-0.015, 0.015),
            opening_hours=rng.choice(HOURS),
            cost=rng.choice([Cost.FREE, Cost.FREE, Cost.FREE_CONDITIONAL, Cost.PAID, None]),
            descriptions={"fr": rng.choice(DESCRIPTIONS)},
        )
        place.search_text = search_text_of(place)
        tags = [("service", code) for code in rng.sample(list(SERVICES), rng.randint(1, 3))]
        tags += [("audience", code) for code in rng.sample(list(AUDIENCES), rng.randint(0, 1))]
        tags += [("language", code) for code in rng.sample(SPOKEN_LANGUAGES, rng.randint(0, 3))]
        tags += [("accessibility", code) for code in rng.sample(list(ACCESSIBILITY), rng.randint(0, 1))]
        tags += [("equipment", code) for code in rng.sample(list(EQUIPMENT), rng.randint(0, 3))]
        place.tags = [PlaceTag(kind=kind, code=code) for kind, code in tags]
        places.append(place)
    db.session.add_all(places)
    db.session.commit()
