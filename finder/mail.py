"""E-mail, through Flask-Mailman over SMTP: plain text with a simple HTML copy, in the recipient's
language, no tracking (no images, no redirecting links).

Configured by MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME, MAIL_PASSWORD and
MAIL_DEFAULT_SENDER. Without MAIL_SERVER, mails are written to the log (Flask-Mailman's console
backend), so `make run` works offline. Links are absolute, built from SERVER_NAME and
PREFERRED_URL_SCHEME, which also works from a CLI command.
"""

import smtplib
import threading
from dataclasses import dataclass, field

from flask import copy_current_request_context, current_app, render_template
from flask_babel import force_locale
from flask_mailman import BadHeaderError, EmailMultiAlternatives, Mail

mail = Mail()
_queued: list[threading.Thread] = []


def send_later(work) -> None:
    """Run work (which looks things up and sends mail) in the background, with a copy of this
    request's context: the page answers at once, in the same time whatever work finds."""
    thread = threading.Thread(target=copy_current_request_context(work), daemon=True)
    _queued[:] = [running for running in _queued if running.is_alive()]  # a long-lived worker keeps few
    _queued.append(thread)
    thread.start()


def wait_for_queue() -> None:
    """Wait until the work handed to send_later is done (tests, before they read the mailbox)."""
    while _queued:
        _queued.pop().join()


@dataclass
class Letter:
    """A mail's content, already in its reader's language: paragraphs and links to act on."""

    subject: str
    paragraphs: list[str]
    actions: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute URL)


def send(to: str, lang: str, write) -> bool:
    """Write a letter in the recipient's language (write() is called under that locale) and send it.

    Return whether the mail server took it; a refusal, an unreachable server or a header that cannot
    be sent is logged, never shown to the visitor as an error page."""
    with force_locale(lang):
        letter = write()
        context = {"letter": letter, "lang": lang}
        text = render_template("mail/letter.txt", **context)
        html = render_template("mail/letter.html", **context)
    message = EmailMultiAlternatives(letter.subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    try:
        message.message()  # a header that cannot be sent fails here, before a connection is opened
        message.send()
    except (smtplib.SMTPException, OSError, BadHeaderError) as error:
        current_app.logger.error("Mail to %s not sent: %s", to, error)
        return False
    return True


def init_app(app) -> None:
    """Read the mail settings; with no server, mails go to the log."""
    if not app.config.get("MAIL_SERVER"):
        app.config.setdefault("MAIL_BACKEND", "console")
    app.config.setdefault("MAIL_DEFAULT_SENDER", "EPN Finder <no-reply@localhost>")
    mail.init_app(app)
