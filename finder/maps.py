"""Maps built with folium, split into parts that our own templates place in the page.

Only the map's HTML and script are taken from folium: Leaflet and its plugin are served from
/static, so nothing loads from a CDN, and folium's jQuery/Bootstrap/Font Awesome are never used.
"""

from dataclasses import dataclass

import folium
from branca.element import MacroElement
from flask import url_for
from folium.plugins import MarkerCluster
from folium.template import Template
from markupsafe import Markup

from finder.gazetteer import Location
from finder.models import Place

LEAFLET = ("vendor/leaflet/leaflet.css", "vendor/leaflet/leaflet.js")
CLUSTER = (
    "vendor/markercluster/MarkerCluster.css",
    "vendor/markercluster/MarkerCluster.Default.css",
    "vendor/markercluster/leaflet.markercluster.js",
)
CLUSTER_FROM = 8  # markers; below this, clusters only hide places


@dataclass
class MapSettings:
    """Where tiles come from, and the language of the links in popups."""

    tile_url: str
    attribution: str
    lang: str
    label: str


@dataclass
class MapParts:
    """What a template needs to show a map: the div, the script and the static assets."""

    html: Markup
    script: Markup
    assets: tuple[str, ...]
    label: str


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


def popup_html(place: Place, lang: str) -> Markup:
    """Return the popup content for a place; every value is escaped."""
    url = url_for("public.place", lang_code=lang, slug=place.slug)
    return Markup('<a href="{}">{}</a><br>{}').format(url, place.name, place.address_line)


def _new_map(settings: MapSettings, center: tuple[float, float], zoom: int) -> folium.Map:
    return folium.Map(
        location=center,
        zoom_start=zoom,
        tiles=settings.tile_url,
        attr=settings.attribution,
        control_scale=True,
    )


def _add_marker(layer, place: Place, settings: MapSettings) -> None:
    marker = folium.Marker([place.latitude, place.longitude], alt=place.name, title=place.name)
    marker.add_child(LinkPopup(popup_html(place, settings.lang)))
    marker.add_to(layer)


def _parts(fmap: folium.Map, assets: tuple[str, ...], settings: MapSettings) -> MapParts:
    root = fmap.get_root()
    root.render()
    return MapParts(Markup(root.html.render()), Markup(root.script.render()), assets, settings.label)


def results_map(hits, near: Location | None, settings: MapSettings) -> MapParts | None:
    """Return a map of search results, clustered when there are many, or None without positions."""
    places = [hit.place for hit in hits if hit.place.has_position]
    if not places:
        return None
    fmap = _new_map(settings, (places[0].latitude, places[0].longitude), 13)
    clustered = len(places) >= CLUSTER_FROM
    layer = MarkerCluster().add_to(fmap) if clustered else fmap
    for place in places:
        _add_marker(layer, place, settings)
    points = [(p.latitude, p.longitude) for p in places]
    if near:
        points.append((near.latitude, near.longitude))
    if len(set(points)) > 1:
        fmap.fit_bounds(points, padding=(20, 20))
    return _parts(fmap, LEAFLET + CLUSTER if clustered else LEAFLET, settings)


def place_map(place: Place, settings: MapSettings) -> MapParts:
    """Return a map centred on one place."""
    fmap = _new_map(settings, (place.latitude, place.longitude), 14 if place.is_location_approximate else 16)
    _add_marker(fmap, place, settings)
    return _parts(fmap, LEAFLET, settings)
