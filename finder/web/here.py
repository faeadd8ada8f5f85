"""This request's app, g and site path, read once when it starts.

Each read of Flask's current_app, g or request goes through a proxy (about two microseconds here),
and a page asks for its language and its kept pieces (fragments.py) a hundred times. Outside a
request (a command, an e-mail's thread) they are read through the proxies, as usual.
"""

from contextvars import ContextVar
from typing import Any, NamedTuple

from flask import Flask, current_app, g, has_request_context, request


class Here(NamedTuple):
    app: Flask
    g: Any  # flask.ctx._AppCtxGlobals
    script_root: str


_here: ContextVar[Here | None] = ContextVar("here", default=None)


def here() -> Here:
    """The app, g and site path of this request."""
    return _here.get() or _read()


def _read() -> Here:
    script_root = request.script_root if has_request_context() else ""
    return Here(current_app._get_current_object(), g._get_current_object(), script_root)


def _start() -> None:
    _here.set(_read())


def _end(_error=None) -> None:
    _here.set(None)  # a nested request ends: the outer one reads through the proxies again


def init_app(app) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _start)  # before every other hook
    app.teardown_request(_end)
