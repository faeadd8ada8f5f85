"""Command-line tasks: create the database, load the seed data, manage translations."""

import json
import subprocess
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from finder.models import db
from finder.places import PlaceDataError, upsert_places

ROOT = Path(__file__).resolve().parent.parent


@click.command("init-db")
@with_appcontext
def init_db_command():
    """Drop and re-create every table."""
    db.drop_all()
    db.create_all()
    click.echo("Initialised the database.")


@click.command("seed")
@with_appcontext
@click.option(
    "--file", "path", type=click.Path(exists=True, dir_okay=False), default=str(ROOT / "seed" / "places.json")
)
def seed_command(path: str):
    """Load the seed places; running it twice changes nothing."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    try:
        created, changed = upsert_places(records)
    except PlaceDataError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Seeded {len(records)} places: {created} created, {changed} changed.")


@click.group("translate")
def translate():
    """Extract, update and compile the message catalogues."""


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command()
def extract():
    """Extract the messages into messages.pot."""
    _pybabel(
        "extract", "-F", "babel.cfg", "-k", "_l", "--no-location", "--sort-output", "-o", "messages.pot", "."
    )


@translate.command()
def update():
    """Extract the messages and merge them into every catalogue."""
    extract.callback()
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")
    (ROOT / "messages.pot").unlink()


@translate.command()
def compile():
    """Compile the catalogues into .mo files."""
    _pybabel("compile", "-d", "translations")


@translate.command()
@click.argument("lang")
def init(lang: str):
    """Start a catalogue for a new language."""
    extract.callback()
    _pybabel("init", "-i", "messages.pot", "-d", "translations", "-l", lang)
    (ROOT / "messages.pot").unlink()


def init_app(app) -> None:
    """Register the commands on the app."""
    app.cli.add_command(init_db_command)
    app.cli.add_command(seed_command)
    app.cli.add_command(translate)
