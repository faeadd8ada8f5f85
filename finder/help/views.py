"""The guided help finder: one question per page, answers carried in the URL, never stored."""

from functools import lru_cache

from flask import Blueprint, abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from finder import data_token, packs
from finder.geo import gazetteer, territory
from finder.help import association as association_path
from finder.help.questionnaire import (
    SKIP,
    Flow,
    Outcome,
    Question,
    asked_questions,
    invalid_answer,
    load_flow,
    next_question,
    relevant_answers,
    without_unknowable,
)
from finder.help.questionnaire import outcome as outcome_of
from finder.help.recommend import Match, Ranking, known_facts, rank_places
from finder.hours import now_brussels
from finder.i18n import language_in_sentence
from finder.places import freshness_limit
from finder.taxonomy import tag_label
from finder.web import counting, maps
from finder.web.formatting import distance, opens_when, territory_text
from finder.web.languages import page_language

bp = Blueprint("help", __name__)

RELAXED_TEXT = {
    "service": _l("No place offers exactly what you asked for, so here are places that may still help."),
    "language": _l("No place says it speaks your language, so these places may not speak it."),
    "accessibility": _l(
        "We know of no suitable place with wheelchair access, so these places may not have it."
    ),
    "audience": _l("No place is especially for your situation, so here are places open to everyone."),
    "times": _l("No place is open at the times you chose, so here are places open at other times."),
    "topic": _l("No place says it helps with this subject, so here are places that help with procedures."),
    "help_style": _l("No place says it helps this way, so here are places that help in other ways."),
    "outreach": _l("We know of no service that comes to people's homes near you. Here are places to go to."),
}
# when the data knows nothing of it, saying "no place…" would be false
UNKNOWN_TEXT = {
    "language": _l("We do not know yet which languages these places speak."),
    "times": _l("We do not know these places' hours yet, so we cannot tell when they are open."),
}


TEXTS = {"relaxed": RELAXED_TEXT, "unknown": UNKNOWN_TEXT}


@lru_cache(maxsize=64)
def _text(table: str, name: str, lang: str) -> str:
    """A text of TEXTS in the page's language, translated once (most results show one or two)."""
    return str(TEXTS[table][name])


def _answers_from(args, flow: Flow) -> dict[str, str]:
    """The answers in the URL that apply; a bad one is re-asked with a message (invalid_answer)."""
    raw = {key: _answer(args, flow.question(key)) for key in args if flow.question(key)}
    return relevant_answers(flow, raw)


def _known() -> frozenset[str]:
    return known_facts(freshness_limit(now_brussels().date()))


def _answer(args, question: Question) -> str:
    """One answer from the URL; several ticked answers are joined by commas ("skip" when none is,
    sent by a hidden field so that ticking nothing is an answer too)."""
    if question.kind != "several":
        return args.get(question.id, "").strip()
    parts = [part.strip() for value in args.getlist(question.id) for part in value.split(",")]
    ticked = [part for part in dict.fromkeys(parts) if part and part != SKIP]
    return ",".join(ticked) or SKIP


def _ask(
    flow: Flow,
    question: Question,
    answers: dict[str, str],
    error: str | None = None,
    suggestions: list[tuple[str, str]] | None = None,
    status: int = 200,
):
    known = _known()
    asked = [q for q in asked_questions(flow, answers) if q.needs is None or q.needs in known]
    position = asked.index(question) if question in asked else 0
    earlier = asked[position - 1] if position else None
    back = url_for("help.step", **answers, step=earlier.id) if earlier else url_for("public.home")
    kept = {key: value for key, value in answers.items() if key != question.id}
    return render_template(
        "help/question.html",
        question=question,
        options=[
            o for o in question.options if question.needs != "languages" or f"language:{o.value}" in known
        ],
        current=answers.get(question.id, ""),
        kept=kept,
        number=position + 1,
        back=back,
        error=error,
        suggestions=suggestions or [],
    ), status


@bp.get("/help/map.js")
def result_map():
    """The script of the result's map, for the same answers."""
    flow = load_flow()
    answers = _answers_from(request.args, flow)
    if invalid_answer(flow, answers):
        abort(404)
    answers = relevant_answers(flow, without_unknowable(flow, answers, _known()))
    if next_question(flow, answers):
        abort(404)
    near = gazetteer.resolve(answers["where"]).location if answers.get("where", SKIP) != SKIP else None
    return maps.script_response(_map_of(_ranking(outcome_of(flow, answers), near, now_brussels()), near))


@bp.get("/help/association")
def association():
    """The association's path to a computer: one question a page, then the programmes that fit."""
    answers = association_path.answers_from(request.args)
    location = None
    if "where" in answers:
        resolution = gazetteer.resolve(answers["where"])
        location = resolution.location
        if location is None:
            message = _unknown_place(resolution, can_skip=False)
            where = answers.pop("where")
            return _association_step(
                association_path.STEPS[1], answers, where, message, resolution.options(g.lang_code)
            )
    step = association_path.next_step(answers)
    if step:
        return _association_step(step, answers)
    postcode = location.postcode if location else None
    return render_template(
        "help/association.html",
        answers=answers,
        fits=association_path.fits(packs.current().donations, answers, postcode),
        location=location,
        needs=association_path.NEEDS,
    )


def _unknown_place(resolution: gazetteer.Resolution, can_skip: bool) -> str:
    """Why a typed place is asked again: it means several places, or none we know."""
    if resolution.choices:
        return _("This name can mean several places. Which one?")
    if can_skip:
        return _("We do not know this postcode or commune. Please check it, or skip this question.")
    return _("We do not know this postcode or commune. Please check it.")


def _association_step(step, answers: dict, current: str = "", error: str | None = None, choices=()):
    return render_template(
        "help/association.html",
        step=step,
        answers=answers,
        current=current or answers.get(step.id, ""),
        error=error,
        choices=choices,
        number=[s.id for s in association_path.STEPS].index(step.id) + 1,
    ), (400 if error else 200)


@bp.get("/help")
def step():
    """Show the next question, a question asked again, or the result."""
    flow = load_flow()
    answers = _answers_from(request.args, flow)
    if answers.get("need") == "association":  # an association's own path
        return redirect(url_for("help.association"))
    bad = invalid_answer(flow, answers)
    if bad:
        answers.pop(bad.id)
        return _ask(flow, bad, answers, error=_("Please choose one of the answers below."), status=400)
    answers = relevant_answers(flow, without_unknowable(flow, answers, _known()))
    near = None
    if answers.get("where", SKIP) != SKIP:
        resolution = gazetteer.resolve(answers["where"])
        near = resolution.location
        if near is None:
            message = _unknown_place(resolution, can_skip=True)
            return _ask(flow, flow.question("where"), answers, message, resolution.options(g.lang_code))
    asked_again = flow.question(request.args.get("step", ""))
    if asked_again and asked_again.applies(answers):
        return _ask(flow, asked_again, answers)
    question = next_question(flow, answers)
    if question:
        return _ask(flow, question, answers)
    return _result(flow, answers, near)


def reasons(match: Match, outcome: Outcome, lang: str) -> list[str]:
    """Say in words why a place is proposed: what it offers, how far, when it is open."""
    said = list(_offered(match, outcome, lang))
    if match.distance_km is not None:
        said.append(distance(match.distance_km))
    if match.status.is_open:
        said.append(_("Open now"))
    elif match.status.opens_at:
        said.append(_("Opens %(when)s", when=opens_when(match.status.opens_at)))
    return said


MAX_KEPT_OFFERS = 20_000


def _offered(match: Match, outcome: Outcome, lang: str) -> tuple[str, ...]:
    """What a place offers of what the person asked, in words: the same for the same place, answers
    and language while the data holds, so worked out once."""
    asked = tuple((name, outcome.kinds.get(name, name), tuple(outcome.criteria[name])) for name in match.met)
    kept = data_token.kept_while_unchanged("help_offers", dict)
    key = (match.place.id, asked, lang)
    if key not in kept:
        if len(kept) >= MAX_KEPT_OFFERS:
            kept.clear()
        kept[key] = _offer_words(match.place, asked, lang)
    return kept[key]


def _offer_words(place, asked: tuple, lang: str) -> tuple[str, ...]:
    said = []
    for name, kind, wanted in asked:
        codes = sorted(set(wanted) & set(place.codes(kind)))
        if name == "language":
            said += [_("Speaks %(language)s", language=language_in_sentence(code, lang)) for code in codes]
        elif name == "audience":
            said += [_("Especially for: %(who)s", who=tag_label("audience", code, lang)) for code in codes]
        elif name == "times":
            said.append(_("Open at the times you chose"))
        elif name == "help_style" and not place.speaks_of_the_past:  # from a current fact only
            said += [str(HELP_STYLE_REASONS[code]) for code in codes]
        elif name == "outreach" and not place.speaks_of_the_past:
            said.append(_("Someone can come to you"))
        else:
            said += [tag_label(kind, code, lang) for code in codes]
    return tuple(dict.fromkeys(said))  # two answers may point to the same service


def relaxed_texts(ranking: Ranking) -> list[str]:
    """Say which answers no place meets, only when it is true of the places shown and of the data."""
    texts = []
    for name in ranking.relaxed:
        if any(name in match.met for match in ranking.matches):
            continue  # a place shown meets it: "no place…" would be false
        is_unknown = {"language": not ranking.are_languages_known, "times": not ranking.are_hours_known}
        if is_unknown.get(name):
            texts.append(_text("unknown", name, page_language()))
        elif name == "equipment":  # a card reader, in the territory's words
            texts.append(territory_text("no_card_reader"))
        else:
            texts.append(_text("relaxed", name, page_language()))
    return texts


def nearest_libraries(libraries, near: gazetteer.Location | None, count: int = 3) -> list[dict]:
    """Return the libraries nearest to the person (by their postcode's centre), or all of them."""
    if near is None:
        return list(libraries)
    spots = _postcode_spots(territory.current().name, tuple(library["postcode"] for library in libraries))

    def distance(number: int) -> float:
        spot = spots[number]
        return gazetteer.distance_from(near, spot.latitude, spot.longitude) if spot else float("inf")

    return [libraries[number] for number in sorted(range(len(libraries)), key=distance)[:count]]


@lru_cache(maxsize=16)
def _postcode_spots(territory_name: str, postcodes: tuple[str, ...]) -> tuple:
    """Where the libraries' postcodes are (in a territory: its region decides), found once."""
    return tuple(gazetteer.postcode_location(postcode) for postcode in postcodes)


def _ranking(outcome, near: gazetteer.Location | None, now) -> Ranking | None:
    if not outcome.place_wanted:
        return None
    since = freshness_limit(now.date())
    return rank_places(outcome.criteria, near, now, since, outcome.prefers_free, outcome.kinds)


def _map_of(ranking: Ranking | None, near: gazetteer.Location | None) -> maps.MapParts | None:
    settings = maps.MapSettings.of(current_app.config, g.lang_code)
    return maps.results_map([m.place for m in ranking.matches], near, settings) if ranking else None


HELP_STYLE_REASONS = {  # the service that answers "how would you like to be helped?", in words
    "online_procedures": _l("Someone can do it with you"),
    "everyday_skills": _l("Someone can teach you"),
    "computer_access": _l("A computer you can use on your own"),
}
NEEDED_FOR = {"languages": "language", "hours": "times"}  # what a question needs → its criterion


def unknowable_texts(flow: Flow, answers: dict[str, str]) -> list[str]:
    """Say why a question was not asked: the data does not know it yet."""
    known = _known()
    return [
        _text("unknown", NEEDED_FOR[q.needs], page_language())
        for q in flow.questions
        if q.needs and q.needs not in known and q.applies(answers)
    ]


def _result(flow: Flow, answers: dict[str, str], near: gazetteer.Location | None):
    outcome = outcome_of(flow, answers)
    ranking = _ranking(outcome, near, now_brussels())
    lang = g.lang_code
    matches = ranking.matches if ranking else []
    page = render_template(
        "help/result.html",
        answers=answers,
        outcome=outcome,
        ranking=ranking,
        near=near,
        map_assets=maps.results_assets(maps.pin_count(m.place for m in ranking.matches)) if ranking else None,
        relaxed=(relaxed_texts(ranking) + unknowable_texts(flow, answers)) if ranking else [],
        libraries=nearest_libraries(flow.libraries, near),
        reasons={m.place.id: reasons(m, outcome, lang) for m in matches},
        sheet_places=",".join(m.place.slug for m in matches),
        last_question=asked_questions(flow, answers)[-1],
        lang=lang,
    )
    response = make_response(page)
    if ranking and near and not _meets_nearby(ranking, outcome):
        counting.mark_unmet(response, near.postcode, ",".join(outcome.criteria["service"]), "help")
    return response


def _meets_nearby(ranking: Ranking, outcome) -> bool:
    """Whether a place shown offers the service asked for, near the person (or coming to them)."""
    near_km = territory.current().near_km
    return any(
        "service" in match.met and (match.distance_km is None or match.distance_km <= near_km)
        for match in ranking.matches
    )
