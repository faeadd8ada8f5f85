"""An association's path to a computer: a short check, one question a page, that ends on the
territory's programmes that fit, with what to prepare, or says honestly that none is open here.
Answers stay in the page's address; nothing is stored."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from finder.packs import Programme

# a territory's pack may name the forms in its own words (texts "form_association", "form_public")
FORMS = {
    "association": _l("An association"),
    "public": _l("A public body, such as a commune or a school"),
    "company": _l("A company or a cooperative"),
    "person": _l("A person, not an organisation"),
}
PROJECTS = {
    "access": _l("It gives access to computers and the internet"),
    "training": _l("It teaches digital skills"),
    "procedures": _l("It helps with online procedures"),
    "lending": _l("It lends equipment"),
    "other": _l("Something else"),
}
NEEDS = {
    "desktops": _l("Desktop computers"),
    "laptops": _l("Laptops"),
    "screens": _l("Screens"),
    "keyboards_mice": _l("Keyboards and mice"),
    "printers": _l("Printers"),
    "phones": _l("Phones or tablets"),
}


@dataclass(frozen=True)
class Step:
    id: str
    text: str
    kind: str  # "choice", "place" or "several"
    options: dict


STEPS = (
    Step("form", _l("What is your organisation?"), "choice", FORMS),
    Step("where", _l("Where does your project take place?"), "place", {}),
    Step(
        "project",
        _l("What does your project do for people who struggle with digital tools?"),
        "choice",
        PROJECTS,
    ),
    Step("needs", _l("What equipment do you need?"), "several", NEEDS),
)


def answers_from(args) -> dict[str, str]:
    """The answers in the address that are among the offered ones (others are asked again)."""
    answers = {}
    for step in STEPS:
        values = [value for value in args.getlist(step.id) if value]
        if step.kind == "place" and values:
            answers[step.id] = values[0].strip()[:60]
        elif step.kind == "several" and "sent" in values:  # "sent": the page was answered, maybe with no box
            answers[step.id] = ",".join(value for value in values if value in step.options)
        elif values and values[0] in step.options:
            answers[step.id] = values[0]
    return answers


def next_step(answers: dict[str, str]) -> Step | None:
    """The first question without an answer; none once the answers say enough."""
    if answers.get("form") == "person":
        return None
    return next((step for step in STEPS if step.id not in answers), None)


@dataclass
class Fit:
    """A programme, and how well an association's answers fit it."""

    programme: Programme
    where: str  # "yes", "partly" (check the rules) or "no"
    missing: list[str]  # needs the programme does not give

    @property
    def fits(self) -> bool:
        return not self.programme.is_closed and self.where != "no"


def fits(programmes: tuple[Programme, ...], answers: dict[str, str], postcode: str | None) -> list[Fit]:
    """How each programme fits: open ones whose legal form and area fit the answers first."""
    needs = [code for code in answers.get("needs", "").split(",") if code]
    found = [
        Fit(
            programme,
            programme.where_fits(postcode) if answers.get("form") in programme.legal_forms else "no",
            [code for code in needs if code not in programme.equipment],
        )
        for programme in programmes
    ]
    return sorted(found, key=lambda fit: (not fit.fits, fit.programme.is_closed))
