"""The guided help finder as data: which question comes next, and what the answers ask for.

Everything here is pure (no Flask, no database): answers in, next question or outcome out.
The flow lives in questionnaire.yaml; its texts are message ids of the gettext catalogues. The
territory's pack (finder/packs.py) gives the other resources, the libraries, the examples of its
place names and the criteria that mean nothing there.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from finder import packs
from finder.geo import territory

FLOW_FILE = Path(__file__).with_name("questionnaire.yaml")
SKIP = "skip"
TEXT_KEYS = ("text", "hint", "label", "title", "body")
# (question, option value or "hint") → the pack's text that says it in the territory's words
PACK_TEXTS = {("where", "hint"): "where_hint", ("topic", "eid"): "procedure_topic"}


@dataclass(frozen=True)
class Option:
    value: str
    label: str | None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    hint: str | None
    kind: str
    can_skip: bool
    ask_if: dict[str, list[str]]
    options: tuple[Option, ...]
    needs: str | None = None  # "languages" or "hours": what the data must know for it to matter

    def applies(self, answers: dict[str, str]) -> bool:
        """Tell whether this question is asked, given the earlier answers."""
        return all(answers.get(key) in values for key, values in self.ask_if.items())

    def may_apply(self, answers: dict[str, str]) -> bool:
        """Tell whether this question can still be asked: no answer so far rules it out."""
        return all(key not in answers or answers[key] in values for key, values in self.ask_if.items())

    def accepts(self, value: str) -> bool:
        """Tell whether a value is a possible answer (place answers are checked elsewhere)."""
        if value == SKIP:
            return self.can_skip
        if self.kind == "place":
            return 0 < len(value) <= 60
        chosen = value.split(",") if self.kind == "several" else [value]
        return all(any(option.value == part for option in self.options) for part in chosen)


def chosen(answers: dict[str, str], question_id: str) -> list[str]:
    """The answer values of a question: one, or several joined by commas (kind: several)."""
    return [part for part in answers.get(question_id, "").split(",") if part]


def any_chosen(answers: dict[str, str], conditions: dict[str, list[str]]) -> bool:
    """Tell whether any answer is among the values its condition lists."""
    return any(set(chosen(answers, key)) & set(values) for key, values in conditions.items())


@dataclass(frozen=True)
class Resource:
    id: str
    title: str
    body: str
    url: str | None
    endpoint: str | None
    show_if: dict[str, list[str]]
    where: str | None = None  # an address, from a source
    lists: str | None = None  # "libraries": the flow's list of places to show with it

    def fits(self, answers: dict[str, str]) -> bool:
        """Tell whether this resource helps, given the answers (any condition is enough)."""
        return not self.show_if or any_chosen(answers, self.show_if)


@dataclass
class Flow:
    questions: tuple[Question, ...]
    criteria: dict[str, dict]
    resources: tuple[Resource, ...]
    prefer_free: dict[str, list[str]] = field(default_factory=dict)
    libraries: tuple[dict, ...] = ()

    def question(self, question_id: str) -> Question | None:
        """Return a question by id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)


def load_flow(name: str | None = None) -> Flow:
    """The flow of a territory (the deployment's by default)."""
    return _load_flow(name or territory.current().name)


@lru_cache(maxsize=8)
def _load_flow(name: str) -> Flow:
    """Read and check the flow file once per territory."""
    data = yaml.safe_load(FLOW_FILE.read_text(encoding="utf-8"))
    pack = packs.load(name)

    def said(question: str, key: str, default: str | None) -> str | None:
        return pack.texts.get(PACK_TEXTS.get((question, key), ""), default)

    questions = tuple(
        Question(
            id=item["id"],
            text=item["text"],
            hint=said(item["id"], "hint", item.get("hint")),
            kind=item.get("kind", "choice"),
            can_skip=item.get("skip", False),
            ask_if=item.get("ask_if", {}),
            options=tuple(
                Option(option["value"], said(item["id"], option["value"], option.get("label")))
                for option in item.get("options", [])
            ),
            needs=item.get("needs"),
        )
        for item in data["questions"]
    )
    resources = tuple(
        Resource(
            r["id"],
            r["title"],
            r["body"],
            r.get("url"),
            r.get("endpoint"),
            r.get("show_if", {}),
            r.get("where"),
            r.get("lists"),
        )
        for r in pack.resources
    )
    criteria = {name: rules for name, rules in data["criteria"].items() if name not in pack.drop_criteria}
    return Flow(questions, criteria, resources, data.get("prefer_free", {}), pack.libraries)


def relevant_answers(flow: Flow, raw: dict[str, str]) -> dict[str, str]:
    """Keep, in question order, the answers to questions that apply given the answers before them."""
    answers: dict[str, str] = {}
    for question in flow.questions:
        if question.id in raw and question.applies(answers):
            answers[question.id] = raw[question.id]
    return answers


def without_unknowable(flow: Flow, answers: dict[str, str], known: set[str]) -> dict[str, str]:
    """Answer "skip" for the questions whose answer the data cannot use (known: what it knows)."""
    unknowable = {q.id: SKIP for q in flow.questions if q.needs and q.needs not in known}
    return {**answers, **unknowable}


def invalid_answer(flow: Flow, answers: dict[str, str]) -> Question | None:
    """Return the first question whose answer is not one it accepts, or None."""
    return next((q for q in flow.questions if q.id in answers and not q.accepts(answers[q.id])), None)


def next_question(flow: Flow, answers: dict[str, str]) -> Question | None:
    """Return the first question that applies and has no answer yet; None means: show the result."""
    return next((q for q in flow.questions if q.id not in answers and q.applies(answers)), None)


def asked_questions(flow: Flow, answers: dict[str, str]) -> list[Question]:
    """Return the questions this person is or may still be asked, in order, given the answers so far."""
    return [question for question in flow.questions if question.may_apply(answers)]


@dataclass
class Outcome:
    """What a place should offer, most important criterion first, and the other help that fits."""

    criteria: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # the tag kind each criterion looks at
    resources: list[Resource] = field(default_factory=list)
    place_wanted: bool = True
    prefers_free: bool = False


def outcome(flow: Flow, answers: dict[str, str]) -> Outcome:
    """Turn complete answers into place criteria and fitting resources."""
    criteria: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for name, rules in flow.criteria.items():
        codes: list[str] = []
        for answer_id, mapping in rules.items():
            if answer_id == "kind":
                continue
            for value in chosen(answers, answer_id):
                codes += mapping.get(value, []) if isinstance(mapping, dict) else [value] * (value in mapping)
        if codes:
            criteria[name] = list(dict.fromkeys(codes))
            kinds[name] = rules.get("kind", name)
    return Outcome(
        criteria=criteria,
        kinds=kinds,
        resources=[resource for resource in flow.resources if resource.fits(answers)],
        place_wanted="service" in criteria,
        prefers_free=any_chosen(answers, flow.prefer_free),
    )


def extract_yaml(fileobj, keywords, comment_tags, options):
    """Babel extractor: yield every text of the flow file as a message id."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    yield from _texts(data)


def _texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str):
                yield 0, None, value, []
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
