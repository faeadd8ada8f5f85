"""Checks that keep the repository consistent: migrations match the models, catalogues match the code."""

from babel.messages.pofile import read_po


def test_migrations_build_the_same_schema_as_the_models(tmp_path, monkeypatch):
    from finder import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite", "SECRET_KEY": "x"})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, (upgrade.output, upgrade.exception)
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output


def test_catalogues_hold_every_message_of_the_code():
    from finder.cli import extract_catalog

    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in extract_catalog() if m.id}
    assert "Which procedure do you need help with?" in wanted  # the questionnaire file is extracted
    for lang in ("fr", "nl", "en"):
        with open(f"translations/{lang}/LC_MESSAGES/messages.po", "rb") as handle:
            have = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
        assert not wanted - have, f"{lang} lacks {sorted(wanted - have)[:5]}; run flask translate update"
