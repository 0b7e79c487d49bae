"""A session as one line of text, to pass a setup on by chat or mail (Edit ▸ Copy setup / Paste setup).

    dipole-lab-setup:1:eNqNkc1uwjAQhF…

is the session file's JSON (app/files/session.py, the same document File ▸ Save writes), compressed with
zlib and written in URL-safe base64 behind a prefix that names the format and its version. Reading it back
undoes the prefix, the base64 and the compression and then goes through exactly the checks of opening a
session file (session_from_bytes), so a pasted setup can do nothing a session file cannot. The JSON of a
session file itself (pasted whole) is read too. Line breaks, spaces and quotes that a chat program adds
around or inside the text are ignored.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from app.files.session import MAX_SESSION_BYTES, Session, SessionError, session_from_bytes, session_to_dict

PREFIX = "dipole-lab-setup:1:"
SOURCE = "pasted setup"
MAX_TEXT = 8 * 1024 * 1024  # characters of pasted text looked at; a setup of the largest session is far shorter
_QUOTES = "\"'`«»“”‘’<>"


def setup_to_text(state_or_session) -> str:
    """The state's (or Session's) setup as one line: PREFIX + base64 of the zlib-compressed session JSON."""
    doc = session_to_dict(state_or_session)
    try:
        data = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError as exc:
        raise SessionError(f"{SOURCE}: cannot copy: {exc}") from None
    return PREFIX + base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii").rstrip("=")


def looks_like_setup(text: str) -> bool:
    """Whether text is meant as a setup (the prefix, or a session file's JSON), before it is checked."""
    head = text.lstrip()[: len(PREFIX) + 64].lstrip(_QUOTES).lstrip()
    return head.lower().startswith(PREFIX) or (head.startswith("{") and '"dipole-lab-session"' in text[:4096])


def setup_from_text(text: str, source: str = SOURCE) -> Session:
    """Check a copied setup (or a session file's JSON) and return its Session; SessionError says in one line what is wrong."""
    if not isinstance(text, str):
        raise SessionError(f"{source}: is not text")
    if len(text) > MAX_TEXT:
        raise SessionError(f"{source}: is {len(text):,} characters long, far more than a setup can be")
    stripped = text.strip().strip(_QUOTES).strip()
    if not stripped:
        raise SessionError(f"{source}: is empty: copy a setup with Edit ▸ Copy setup first")
    if stripped.startswith("{"):
        return session_from_bytes(stripped.encode("utf-8"), source)
    if not stripped.lower().startswith(PREFIX):
        start = stripped.split(":", 2)
        if len(start) == 3 and start[0].lower() == "dipole-lab-setup":
            raise SessionError(f"{source}: is version {start[1][:10]!r} of the setup text, which this version cannot read")
        raise SessionError(f"{source}: is not a Dipole Lab setup (it should start with {PREFIX!r}; copy one with Edit ▸ Copy setup)")
    body = "".join(stripped[len(PREFIX) :].split())  # a chat program may have broken the line
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=") != body.rstrip("="):
            raise binascii.Error("characters outside base64")
    except (binascii.Error, ValueError):
        raise SessionError(f"{source}: is damaged: it holds characters a copied setup never has (was it changed?)") from None
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(packed, MAX_SESSION_BYTES + 1)
        complete = inflate.eof
    except zlib.error:
        raise SessionError(f"{source}: is damaged or cut short (was it copied whole?)") from None
    if len(data) > MAX_SESSION_BYTES:
        raise SessionError(f"{source}: unpacks to more than a session file can be ({MAX_SESSION_BYTES // (1024 * 1024)} MB)")
    if not complete:
        raise SessionError(f"{source}: is cut short (was it copied whole?)")
    return session_from_bytes(data, source)
