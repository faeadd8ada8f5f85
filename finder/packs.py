"""What a territory's folder says besides its geography (territories/<name>/territory.yaml): the
texts of its pages, the help finder's other resources and libraries, and the programmes that give
IT equipment to associations, as dated records. Texts are English message ids, translated in the
catalogues like every other string (extract_texts feeds them to pybabel)."""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from finder.geo import territory

# the keys of a pack whose values are texts to translate (in `texts`, every value is)
TEXT_KEYS = frozenset(
    {"title", "body", "gives", "counts", "who", "projects_intro", "projects", "after", "how", "url_label",
     "label", "prepare", "results", "unknown", "source"}
)  # fmt: skip


# the keys of a programme that hold lists
LIST_KEYS = frozenset(
    {
        "gives",
        "equipment",
        "legal_forms",
        "projects",
        "links",
        "prepare",
        "postcodes",
        "partly",
        "departments",
    }
)


@dataclass(frozen=True)
class Programme:
    """A programme giving IT equipment to associations, with what a source says of it."""

    id: str
    title: str
    body: str
    gives: tuple[str, ...]
    equipment: tuple[str, ...]  # codes the association path asks about
    who: str
    legal_forms: tuple[str, ...]
    source: str
    source_date: dt.date
    counts: str | None = None
    projects_intro: str | None = None
    projects: tuple[str, ...] = ()
    after: str | None = None
    how: str | None = None
    url: str | None = None
    url_label: str | None = None
    links: tuple[dict, ...] = ()
    prepare: tuple[str, ...] = ()
    results: str | None = None
    unknown: str | None = None
    opened: dt.date | None = None
    is_closed: bool = False
    postcodes: tuple[str, ...] = ()  # where the project must take place (none: anywhere)
    partly: tuple[str, ...] = ()  # postcodes only part of which is in the programme's area
    departments: tuple[str, ...] = ()  # French départements, by the start of their postcodes

    def where_fits(self, postcode: str | None) -> str:
        """Whether a project at this postcode may apply: "yes", "partly" (check the rules), "no"."""
        if not (self.postcodes or self.partly or self.departments):
            return "yes"
        if postcode is None:
            return "no"
        if postcode in self.postcodes or any(postcode.startswith(code) for code in self.departments):
            return "yes"
        return "partly" if postcode in self.partly else "no"


@dataclass(frozen=True)
class Pack:
    texts: dict = field(default_factory=dict)
    resources: tuple[dict, ...] = ()
    libraries: tuple[dict, ...] = ()
    donations: tuple[Programme, ...] = ()
    drop_criteria: frozenset[str] = frozenset()


def current() -> Pack:
    """The pack of the running deployment's territory."""
    return load(territory.current().name)


@lru_cache(maxsize=8)
def load(name: str) -> Pack:
    data = yaml.safe_load((territory.FOLDER / name / "territory.yaml").read_text(encoding="utf-8"))
    return Pack(
        texts=data.get("texts", {}),
        resources=tuple(data.get("resources", [])),
        libraries=tuple(data.get("libraries", [])),
        donations=tuple(_programme(item) for item in data.get("donations", [])),
        drop_criteria=frozenset(data.get("drop_criteria", [])),
    )


def _programme(item: dict) -> Programme:
    values = {key: tuple(value) if key in LIST_KEYS else value for key, value in item.items()}
    values["source_date"] = dt.date.fromisoformat(item["source_date"])
    values["opened"] = dt.date.fromisoformat(item["opened"]) if item.get("opened") else None
    values["is_closed"] = bool(values.pop("closed", False))
    return Programme(**values)


def extract_texts(fileobj, keywords, comment_tags, options):
    """Babel extractor: every text of a territory file as a message id."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    yield from _texts(data.get("texts", {}), every=True)
    for key in ("resources", "donations"):
        yield from _texts(data.get(key, []), every=False)


def _texts(node, every: bool):
    if isinstance(node, str):
        if every:
            yield 0, None, node, []
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, every or key in TEXT_KEYS)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, every)
