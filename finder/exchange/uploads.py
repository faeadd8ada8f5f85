"""Files admins upload to import: kept on the server between the dry run and the confirmation.

A file waits under the instance folder, named by a random token, with its format and source name
beside it; it is removed once imported, and any file older than a day is removed at the next upload.
"""

import json
import re
import secrets
import time
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEPT_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep(file: FileStorage, wanted_format: str, source: str) -> str:
    """Keep an uploaded file until it is imported; return its token."""
    _forget_old()
    token = secrets.token_hex(16)
    file.save(_folder() / token)
    meta = {"format": wanted_format, "source": source, "filename": file.filename or ""}
    (_folder() / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def kept(token: str) -> tuple[Path, dict] | None:
    """(path, {format, source, filename}) of a kept file, or None when there is none by that token."""
    if not TOKEN.match(token or ""):
        return None
    path, meta = _folder() / token, _folder() / f"{token}.json"
    if not path.exists() or not meta.exists():
        return None
    return path, json.loads(meta.read_text(encoding="utf-8"))


def forget(token: str) -> None:
    """Remove a kept file."""
    if TOKEN.match(token or ""):
        for path in (_folder() / token, _folder() / f"{token}.json"):
            path.unlink(missing_ok=True)


def _forget_old() -> None:
    limit = time.time() - KEPT_SECONDS
    for path in _folder().iterdir():
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)
