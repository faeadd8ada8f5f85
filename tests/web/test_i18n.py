import glob
import re
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_decimal

from finder.i18n import LANGUAGES
from finder.web.formatting import decimal_text

LANGS = ("fr", "nl", "en")


@pytest.mark.parametrize(
    ("header", "expected"),
    [("nl-BE,nl;q=0.9", "/nl/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE", "/fr/"), ("", "/fr/")],
)
def test_root_redirects_by_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)


def test_unknown_language_prefix_is_404(client):
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/places").status_code == 404


@pytest.mark.parametrize(
    ("lang", "text"), [("fr", "Trouver un lieu"), ("nl", "Een plaats vinden"), ("en", "Find a place")]
)
def test_pages_speak_the_url_language(client, lang, text):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert text in html


def test_switcher_keeps_page_and_query(client, make_place):
    make_place()
    html = client.get("/fr/places?near=1000&service=computer_access").get_data(as_text=True)
    assert 'href="/nl/places?near=1000&amp;service=computer_access"' in html
    assert 'hreflang="en" href="/en/places?near=1000&amp;service=computer_access"' in html
    place_html = client.get("/en/places/test-place").get_data(as_text=True)
    assert 'href="/fr/places/test-place"' in place_html


def test_description_falls_back_with_lang_attribute(client, make_place):
    make_place(descriptions={"nl": "Alleen in het Nederlands."})
    html = client.get("/fr/places/test-place").get_data(as_text=True)
    assert '<p class="description" lang="nl">Alleen in het Nederlands.</p>' in html


@pytest.mark.parametrize("path", sorted(glob.glob("translations/*/LC_MESSAGES/messages.po")))
def test_catalogues_are_complete(path):
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    empty = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not empty, f"untranslated in {path}: {empty[:5]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:5]}"


def test_every_ui_language_has_a_catalogue():
    found = {path.split("/")[1] for path in glob.glob("translations/*/LC_MESSAGES/messages.po")}
    assert set(LANGS) <= found


def test_distance_formatted_per_locale(client, make_place):
    make_place(latitude=50.8763, longitude=4.3482)
    fr = client.get("/fr/places?near=1000").get_data(as_text=True)
    en = client.get("/en/places?near=1000").get_data(as_text=True)
    assert "3,3 km" in fr and "3.3 km" in en


def french_sentences() -> list[str]:
    with open("translations/fr/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    return [text for m in catalog if m.id for text in ([m.string] if isinstance(m.string, str) else m.string)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_are_written_as_babel_writes_them(app, lang):
    values = [
        Decimal(text) for text in ("0", "10", "850", "1.0", "2.5", "12.3", "999.9", "1234.5", "98765.4")
    ]
    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        for value in values:
            for places, pattern in ((0, "#,##0"), (1, "#,##0.0")):
                assert decimal_text(value, places, lang) == format_decimal(value, pattern), (value, pattern)


def test_contractions_never_touch_a_pronoun_after_a_verb(app):
    from flask_babel import force_locale

    from finder.i18n import elide

    with app.test_request_context("/fr/"), force_locale("fr"):
        assert elide("Imprimez-le ou envoyez-le") == "Imprimez-le ou envoyez-le"
        assert elide("Vérifiez-le ou passez cette question") == "Vérifiez-le ou passez cette question"
        assert elide("près de Anderlecht, le EPN") == "près d'Anderlecht, l'EPN"
        contracted = [elide(text) for text in french_sentences()]
    assert [text for text in contracted if re.search(r"-[ld]'", text)] == []


@pytest.mark.parametrize("path", sorted(glob.glob("translations/*/LC_MESSAGES/messages.po")))
def test_no_sentence_leaves_its_date_out(path):
    with open(path, "rb") as handle:
        texts = [m.string for m in read_po(handle) if m.id and isinstance(m.string, str)]
    dateless = re.compile(r"\b(since|depuis|sinds)\s*(:|\.|$)", re.IGNORECASE)
    assert [text for text in texts if dateless.search(text)] == []


@pytest.mark.parametrize(
    "lang, message",
    [
        ("fr", "n&#39;est pas un choix valide"),
        ("nl", "is een ongeldige keuze"),
        ("en", "is not a valid choice"),
    ],
)
def test_form_library_messages_speak_the_page_language(client, lang, message):
    page = client.get(f"/{lang}/places?service=nonsense")
    assert page.status_code == 400
    assert message in page.text
    # the next request in another language gets its own messages, not the first one's
    assert "not a valid choice" in client.get("/en/places?service=nonsense").text


def test_links_are_built_for_the_page_s_language_and_the_site_s_path(client):
    for lang in ("fr", "nl", "fr"):  # a link kept from one page is never given in another language
        html = client.get(f"/{lang}/places").get_data(as_text=True)
        assert f'action="/{lang}/places"' in html
    prefixed = client.get("/nl/places", base_url="http://localhost/finder/").get_data(as_text=True)
    assert 'action="/finder/nl/places"' in prefixed and 'action="/nl/places"' not in prefixed
