"""Forms built for every request from fields bound once (web/forms.py, KeptFields)."""

from werkzeug.datastructures import MultiDict

from finder.public.forms import SearchForm


def search_form(app, lang: str, query: dict) -> SearchForm:
    with app.test_request_context(f"/{lang}/places"):
        app.preprocess_request()
        form = SearchForm(formdata=MultiDict(query), lang=lang)
        form.validate()
        return form


def test_each_search_form_has_its_own_values_and_errors(app):
    first = search_form(app, "en", {"q": "print", "service": "printing", "day": "9"})
    second = search_form(app, "en", {"near": "1000"})
    assert first.day.errors == ["Not a valid choice."] and second.errors == {}
    assert (first.q.data, first.service.data, first.day.data) == ("print", ["printing"], "9")
    assert (second.q.data, second.service.data, second.day.data, second.near.data) == (None, [], None, "1000")
    assert first.q is not second.q and first.q.errors is not second.q.errors


def test_a_search_form_speaks_its_page_s_language(app):
    errors = {lang: search_form(app, lang, {"day": "9"}).day.errors for lang in ("fr", "nl", "en", "fr")}
    assert errors == {
        "fr": ["N'est pas un choix valide."],
        "nl": ["Ongeldige keuze."],
        "en": ["Not a valid choice."],
    }
