"""A named point people can search from, and the one way names are compared: what both the
gazetteer and the French tables need, so neither imports the other."""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """A named point people can search from."""

    name: str
    postcode: str | None
    latitude: float
    longitude: float
    is_home: bool = False  # in the deployment's home region
    is_municipality: bool = False  # a whole municipality, not one of its postcodes
    country: str = "BE"
    area: str | None = None  # its département, to tell apart places of the same name
    population: int = 0  # where known (France)


def normalise(text: str) -> str:
    """Lower-case text without accents, with hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    for char in "-'’.,":
        plain = plain.replace(char, " ")
    return " ".join(plain.split())
