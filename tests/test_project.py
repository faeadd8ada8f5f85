"""Checks that keep the repository consistent: migrations match the models, catalogues match the code."""

from pathlib import Path

from babel.messages.pofile import read_po

from finder.models import AccessMode, Cost
from finder.taxonomy import ACCESS_LABELS, COST_LABELS


def test_migrations_build_the_same_schema_as_the_models(tmp_path, monkeypatch):
    from finder import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite", "SECRET_KEY": "x"})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, (upgrade.output, upgrade.exception)
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output


def test_a_migrated_database_keeps_its_full_text_index_up_to_date(tmp_path):
    from finder import create_app
    from finder.places import create_place
    from finder.search import fulltext

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite", "SECRET_KEY": "x"})
    assert app.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        place = create_place("Espace Zygomatique", "Ixelles")
        assert list(fulltext.ids_matching("zygomatique")) == [place.id]


def test_catalogues_hold_every_message_of_the_code(runner):
    # the standard route: pybabel extract -F babel.cfg, whose [extractors] section names the YAML one
    result = runner.invoke(args=["translate", "extract"])
    assert result.exit_code == 0, result.output
    pot = Path(__file__).parent.parent / "messages.pot"
    with open(pot, "rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    pot.unlink()
    assert "Which procedure do you need help with?" in wanted  # the questionnaire file is extracted
    assert "Someone does it with me" in wanted and "Find a place" in wanted
    for lang in ("fr", "nl", "en"):
        with open(f"translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        assert not wanted - have, f"{lang} lacks {sorted(wanted - have)[:5]}; run flask translate update"


def test_every_cost_and_access_value_has_a_label():
    assert set(COST_LABELS) == {cost.value for cost in Cost}
    assert set(ACCESS_LABELS) == {mode.value for mode in AccessMode}


def test_requirements_are_pinned_and_the_site_installs_only_what_it_runs():
    root = Path(__file__).parent.parent
    files = {
        name: (root / name).read_text().splitlines()
        for name in ("requirements.txt", "requirements-prod.txt", "requirements-test.txt")
    }
    for name, lines in files.items():
        packages = [line for line in lines if line and not line.startswith(("#", "-r"))]
        assert all("==" in line for line in packages), name
    runtime = " ".join(files["requirements.txt"]).lower()
    for tool in ("pytest", "playwright", "gunicorn", "psycopg", "redis"):
        assert tool not in runtime


def test_no_view_or_hook_is_async(app):
    """The app runs every view and hook as it is (Finder.ensure_sync): an async one would never run."""
    from inspect import iscoroutinefunction

    hooks = [app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs]
    functions = [func for registry in hooks for funcs in registry.values() for func in funcs]
    functions += list(app.view_functions.values()) + app.teardown_appcontext_funcs
    functions += [
        handler
        for by_code in app.error_handler_spec.values()
        for by_class in by_code.values()
        for handler in by_class.values()
    ]
    assert len(functions) > 50 and not any(iscoroutinefunction(func) for func in functions)
