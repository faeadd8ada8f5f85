"""Command-line tasks: create the database, load the seed data, accounts, reminders, backups,
translations."""

import json
import os
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from finder import accounts, ops, reminders
from finder.editing import seed_places
from finder.exchange import importer, reading, uploads
from finder.exchange.report import summary
from finder.hours import now_brussels
from finder.i18n import LANGUAGES
from finder.models import db
from finder.places import PlaceDataError, freshness_limit

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
        created, changed = seed_places(records)
    except PlaceDataError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Seeded {len(records)} places: {created} created, {changed} changed.")


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "wanted", type=click.Choice(("auto", *reading.FORMATS)), default="auto")
@click.option("--source", help="Name of the source; records are keyed by it (default: the file's name).")
@click.option("--dry-run", is_flag=True, help="Say what would change, change nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the full report (JSON) to this file.",
)
@with_appcontext
def import_command(path: str, wanted: str, source: str | None, dry_run: bool, report_path: str | None):
    """Import places from LaMednum (CSV or JSON), data·inclusion (JSON) or our own CSV export."""
    with force_locale("en"):
        try:
            found = reading.read(Path(path), wanted)
        except reading.FormatError as error:
            raise click.ClickException(str(error)) from None
        try:
            with uploads.one_import_at_a_time():
                report = importer.run_import(found, source or Path(path).stem, dry_run)
        except importer.ImportConflict:
            raise click.ClickException(
                "Someone saved a place during the import: nothing was saved. Run it again."
            ) from None
        except uploads.ImportBusy:
            raise click.ClickException(
                "Another import is running: nothing was done. Run it again later."
            ) from None
    click.echo(summary(report))
    if report_path:
        Path(report_path).write_text(
            json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
        )


class NewPassword(click.ParamType):
    """A password of at least 12 characters, checked as soon as it is typed (before the
    confirmation prompt)."""

    name = "password"

    def convert(self, value, param, ctx):
        if len(value) < 12:
            self.fail("The password needs at least 12 characters.", param, ctx)
        return value


@click.command("create-admin")
@click.option("--email", prompt=True, help="E-mail of the account; it is also the login.")
@click.option("--name", prompt=True, help="Name shown in the history of changes.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    type=NewPassword(),
    envvar="EPN_ADMIN_PASSWORD",
    help="At least 12 characters. Asked (twice) when not given; or read from EPN_ADMIN_PASSWORD.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="fr",
    show_default=True,
    help="Language of its e-mails.",
)
@with_appcontext
def create_admin_command(email: str, name: str, password: str, language: str):
    """Create an administrator account. Give every option to run it without questions, e.g.
    EPN_ADMIN_PASSWORD=… flask --app app create-admin --email a@example.org --name Ana."""
    if accounts.email_taken(email):
        raise click.ClickException("An account already uses this e-mail.")
    accounts.create_staff(email, name, is_admin=True, password=password, language=language)
    click.echo(f"Created the administrator {accounts.normalise_email(email)}.")


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """Mail the team of every listing that is old or lacks hours or a way to be reached (at most
    once per place every 30 days). Run it daily, from cron or a systemd timer."""
    if not current_app.config.get("SERVER_NAME"):
        raise click.ClickException(
            "Set FLASK_SERVER_NAME (e.g. epn.example.org): the mails' links need the site's address."
        )
    now = now_brussels()
    sent = reminders.send_reminders(now, freshness_limit(now.date()))
    for reminder in sent:
        click.echo(f"Reminded {reminder.recipients} about {reminder.place.name}.")
    click.echo(f"Sent {len(sent)} reminders.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(path: str):
    """Write the whole database (places, history, accounts) to a JSON file."""
    partial = f"{path}.partial"  # the file appears whole, or not at all
    try:
        with open(partial, "w", encoding="utf-8") as out:
            counts = ops.write_backup(out)
    except ops.BackupError as error:
        os.remove(partial)
        raise click.ClickException(f"No backup written: {error}") from None
    os.replace(partial, path)
    click.echo(f"Backed up {sum(counts.values())} rows of {len(counts)} tables to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.confirmation_option(prompt="This replaces everything in the database by the backup. Go on?")
@with_appcontext
def restore_command(path: str):
    """Replace the whole database by a backup made with `flask backup`."""
    try:
        with open(path, encoding="utf-8") as source:
            counts = ops.restore_backup(ops.read_backup(source))
    except ops.BackupError as error:
        raise click.ClickException(f"{path}: {error}") from None
    click.echo(f"Restored {sum(counts.values())} rows of {len(counts)} tables from {path}.")


@click.group("translate")
def translate():
    """Extract, update and compile the message catalogues."""


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


@translate.command()
def extract():
    """Extract the messages of the code, the templates, the questionnaire and the territory packs
    (babel.cfg) into messages.pot."""
    _pybabel(
        "extract",
        "--mapping-file=babel.cfg",
        "--keyword=_l",
        "--ignore-dirs=.* ._ node_modules tests bench migrations static",
        "--no-location",
        "--sort-output",
        "--width=100",
        "--output-file=messages.pot",
        ".",
    )


@translate.command()
def update():
    """Extract the messages and merge them into every catalogue."""
    extract.callback()
    _pybabel(
        "update",
        "-i",
        "messages.pot",
        "-d",
        "translations",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
        "--width",
        "100",
    )
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
    app.cli.add_command(import_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(translate)
