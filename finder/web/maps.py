"""Maps built with folium, split into parts: a box in the page, a script served at its own URL.

Only the map's script is taken from folium; a page holds an empty box that static/js/map-loader.js
fills when it comes into view, loading Leaflet (served from /static, never a CDN) and then the map's
script. Pages carry no inline script, so they need no CSP nonce and are the same for every visitor.
folium's jQuery/Bootstrap/Font Awesome are never used.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import folium
from branca.element import MacroElement
from flask import Response, url_for
from folium.plugins import MarkerCluster
from folium.template import Template
from markupsafe import Markup
from xyzservices import TileProvider

from finder.geo import gazetteer
from finder.geo.gazetteer import Location
from finder.models import Place, address_line

LEAFLET = ("vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js")
CLUSTER = (
    "vendor/markercluster/MarkerCluster.css",
    "vendor/markercluster/MarkerCluster.Default.css",
    "vendor/markercluster/leaflet.markercluster.js",
)
CLUSTER_FROM = 8  # markers; below this, clusters only hide places
MAP_ID = "epn_map"  # one map per page: the box and its script meet on this name


@dataclass(frozen=True)
class MapSettings:
    """Where tiles come from, and the language of the links in popups."""

    tile_url: str
    attribution: str
    lang: str

    @classmethod
    def of(cls, config: Mapping, lang: str) -> "MapSettings":
        """Read the tile settings of the deployment, for pages in this language."""
        return cls(config["TILE_URL"], config["TILE_ATTRIBUTION"], lang)


@dataclass
class MapParts:
    """What a map needs: its script and the static assets to load before it."""

    script: str
    assets: tuple[str, ...]


def script_response(parts: MapParts | None) -> Response:
    """Answer a request for a map's script; a page without a map has no script (404)."""
    if parts is None:
        return Response("", status=404, mimetype="text/javascript")
    return Response(parts.script, mimetype="text/javascript")


class LinkPopup(MacroElement):
    """A popup whose content is already-escaped HTML passed as a JSON string (no jQuery)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.content|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, content: Markup):
        super().__init__()
        self._name = "LinkPopup"
        self.content = str(content)


@dataclass(frozen=True)
class Marker:
    """What a map shows of a place; hashable, so rendered maps can be cached."""

    slug: str
    name: str
    address: str
    latitude: float
    longitude: float

    @classmethod
    def of(cls, place, lang: str) -> "Marker":
        """Build a marker from a Place or from a row with the same columns, its commune named in
        the page's language."""
        commune = gazetteer.name_in(place.commune, lang) if place.commune else None
        address = address_line(place.street, place.postcode, commune)
        return cls(place.slug, place.name, address, place.latitude, place.longitude)


def popup_html(marker: Marker, lang: str) -> Markup:
    """Return the popup content for a place; every value is escaped."""
    url = url_for("public.place", lang_code=lang, slug=marker.slug)
    return Markup('<a href="{}">{}</a><br>{}').format(url, marker.name, marker.address)


def _new_map(settings: MapSettings, center: tuple[float, float], zoom: int) -> folium.Map:
    # a TileProvider, not a URL string: folium would search every named provider for the string
    tiles = TileProvider(name="tiles", url=settings.tile_url, attribution=settings.attribution)
    return folium.Map(location=center, zoom_start=zoom, tiles=tiles, control_scale=True)


def _add_marker(layer, marker: Marker, settings: MapSettings) -> None:
    pin = folium.Marker([marker.latitude, marker.longitude], alt=marker.name, title=marker.name)
    pin.add_child(LinkPopup(popup_html(marker, settings.lang)))
    pin.add_to(layer)


def _parts(fmap: folium.Map, assets: tuple[str, ...]) -> MapParts:
    root = fmap.get_root()
    root.render()
    # folium names the map from a random id: the page's box has a fixed one
    return MapParts(root.script.render().replace(fmap.get_name(), MAP_ID), assets)


def _is_pinned(place) -> bool:
    # a place known only by its area has no pin: it would point people to the wrong street
    return place.latitude is not None and not place.is_location_approximate


def pin_count(places) -> int:
    return sum(1 for place in places if _is_pinned(place))


def results_assets(pins: int) -> tuple[str, ...] | None:
    """The files a map with this many pins needs, or None without any: what a page says of its map,
    known without drawing it (its script, drawn on its own URL, is cached there)."""
    if not pins:
        return None
    return LEAFLET + CLUSTER if pins >= CLUSTER_FROM else LEAFLET


def place_assets(place: Place) -> tuple[str, ...] | None:
    """The files a place's map needs, or None when it has no exact position."""
    return LEAFLET if place.has_exact_position else None


def results_map(places, near: Location | None, settings: MapSettings) -> MapParts | None:
    """Return a map of places (or rows), clustered when there are many, or None without positions."""
    markers = tuple(Marker.of(place, settings.lang) for place in places if _is_pinned(place))
    if not markers:
        return None
    return _markers_map(markers, (near.latitude, near.longitude) if near else None, settings)


@lru_cache(maxsize=256)
def _markers_map(
    markers: tuple[Marker, ...], near: tuple[float, float] | None, settings: MapSettings
) -> MapParts:
    # folium takes milliseconds per marker: the same results are rendered once
    fmap = _new_map(settings, (markers[0].latitude, markers[0].longitude), 13)
    clustered = len(markers) >= CLUSTER_FROM
    layer = MarkerCluster().add_to(fmap) if clustered else fmap
    for marker in markers:
        _add_marker(layer, marker, settings)
    points = [(m.latitude, m.longitude) for m in markers] + ([near] if near else [])
    if len(set(points)) > 1:
        fmap.fit_bounds(points, padding=(20, 20))
    return _parts(fmap, LEAFLET + CLUSTER if clustered else LEAFLET)


def place_map(place: Place, settings: MapSettings) -> MapParts:
    """Return a map centred on one place."""
    return _place_map(Marker.of(place, settings.lang), place.is_location_approximate, settings)


@lru_cache(maxsize=1024)
def _place_map(marker: Marker, is_approximate: bool, settings: MapSettings) -> MapParts:
    fmap = _new_map(settings, (marker.latitude, marker.longitude), 14 if is_approximate else 16)
    _add_marker(fmap, marker, settings)
    return _parts(fmap, LEAFLET)
