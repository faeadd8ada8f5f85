"""Every public page speaks of its own territory only: Brussels by default, France by configuration
(with the Aix-en-Provence file imported). A territory is a folder: tests read both the same way."""

import re

import pytest

from finder.geo import territory
from finder.help.questionnaire import load_flow
from tests.conftest import TEST_DATA

OTHER_NAMES = {
    "brussels": ("Hauts-de-France", "Lille", "59000", "Aix-en-Provence", "département", "departement"),
    "france": ("Bruxelles", "Brussel", "Brussels", "Schaerbeek", "Schaarbeek", "itsme", "digitalhelp", "eID",
               "ASBL", "CPAS", "OCMW"),
}  # fmt: skip
PLACES = {"brussels": ("bibliotheque-laeken", "1020"), "france": ("anonymal-aix-en-provence", "13100")}


def help_pages(client, lang: str, where: str) -> list[str]:
    """Every page of the help finder for each need, answering the first choice, then the result."""
    pages = []
    flow = load_flow(territory.current().name)
    for need in [option.value for option in flow.questions[0].options]:
        answers = {"need": need}
        for _ in range(len(flow.questions) + 1):
            response = client.get(f"/{lang}/help", query_string=answers, follow_redirects=True)
            html = response.get_data(as_text=True)
            pages.append(html)
            asked = re.search(r'<input type="(?:radio|checkbox|text)" (?:id="where" )?name="(\w+)"', html)
            if 'class="question"' not in html or asked is None or "association" in response.request.path:
                break
            question = flow.question(asked[1])
            answers[asked[1]] = where if question.kind == "place" else question.options[0].value
    return pages


def association_pages(client, lang: str, where: str) -> list[str]:
    steps = [{}, {"form": "association"}, {"form": "association", "where": where}]
    steps += [
        {**steps[-1], "project": "access"},
        {**steps[-1], "project": "access", "needs": ["laptops", "sent"]},
    ]
    return [
        client.get(f"/{lang}/help/association", query_string=answers).get_data(as_text=True)
        for answers in steps
    ]


@pytest.mark.parametrize("name", ["brussels", "france"])
def test_every_public_page_speaks_of_its_own_territory_only(make_app, name):
    app = make_app(TERRITORY=name)
    runner = app.test_cli_runner()
    if name == "brussels":
        assert runner.invoke(args=["seed"]).exit_code == 0
    else:
        assert (
            runner.invoke(args=["import", str(TEST_DATA / "aix-en-provence.mednum-v0.1.json")]).exit_code == 0
        )
    client = app.test_client()
    slug, where = PLACES[name]
    with app.test_request_context():
        for lang in ("fr", "nl", "en"):
            pages = [
                client.get(f"/{lang}/{path}").get_data(as_text=True)
                for path in (
                    "",
                    f"places?near={where}",
                    f"places/{slug}",
                    "donation",
                    "about",
                    f"sheet?places={slug}",
                )
            ]
            pages += help_pages(client, lang, where) + association_pages(client, lang, where)
            assert len(pages) > 30 and any('class="reasons"' in page for page in pages)  # results with places
            for page in pages:
                text = re.sub(r"<[^>]+>", " ", page)
                found = [word for word in OTHER_NAMES[name] if re.search(rf"\b{re.escape(word)}\b", text)]
                assert not found, (name, lang, found, text[:3000])
