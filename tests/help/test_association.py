"""An association's path to a computer, in the Brussels and the French deployments."""

import pytest

from tests.conftest import BARE_SETTINGS


def path(client, lang="en", **answers) -> str:
    response = client.get(f"/{lang}/help/association", query_string=answers)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers  # stores nothing
    return response.get_data(as_text=True)


def test_the_help_finder_sends_an_association_on_its_path(client):
    answer = client.get("/fr/help?need=association")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/fr/help/association")


def test_one_question_a_page_then_the_city_programme_with_what_to_prepare(client):
    assert "What is your organisation?" in path(client)
    assert "Where does your project take place?" in path(client, form="association")
    assert "What does your project do" in path(client, form="association", where="1020")
    assert "What equipment do you need?" in path(client, form="association", where="1020", project="training")
    result = path(
        client, form="association", where="1020", project="training", needs=["laptops", "printers", "sent"]
    )
    assert "Computers for associations: the City of Brussels gives its IT equipment" in result
    assert "check on the official page that the call is still open" in result
    assert "It does not give: Printers." in result and "What to prepare" in result


def test_the_city_programme_is_for_the_city_only(client):
    edge = path(client, form="association", where="1050", project="access", needs="sent")
    assert "Only part of" in edge and "check its rules" in edge
    schaerbeek = path(client, lang="fr", form="association", where="1030", project="access", needs="sent")
    assert "Aucun programme ouvert que nous connaissons ne correspond à vos réponses ici." in schaerbeek
    company = path(client, form="company", where="1000", project="access", needs="sent")
    assert "give equipment to associations only" in company
    person = path(client, form="person")
    assert "Find a place with computers" in person and "What is your organisation?" not in person


def test_an_unknown_place_is_asked_again(client):
    response = client.get("/en/help/association", query_string={"form": "association", "where": "Zzyzx"})
    assert response.status_code == 400 and "We do not know this postcode or commune" in response.get_data(
        as_text=True
    )


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_in_france_the_hauts_de_france_call_is_shown_as_past(make_app, lang):
    client = make_app(BARE_SETTINGS, TERRITORY="france").test_client()
    answers = {"form": "association", "where": "59000", "project": "training", "needs": ["laptops", "sent"]}
    result = path(client, lang, **answers)
    assert "Hauts-de-France" in result and "Brussels" not in result and "Bruxelles" not in result
    assert {"fr": "Un appel passé", "nl": "Een afgelopen oproep", "en": "A past call"}[lang] in result
    donation = client.get(f"/{lang}/donation").get_data(as_text=True)
    assert "La Prod Factory" in donation and "Épaux-Bézu" in donation
