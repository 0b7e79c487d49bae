"""Messages for people: an error or a text as one short line (every layer shows failures this way)."""

from __future__ import annotations


def one_line(what: BaseException | str, limit: int = 200) -> str:
    """`what` on one line of at most `limit` characters: line breaks and runs of spaces become one space, a longer text ends in "…".

    An exception gives its strerror (an OSError's reason without the path), else its message, else its type's name.
    """
    if isinstance(what, BaseException):
        text = " ".join(str(getattr(what, "strerror", None) or what).split()) or type(what).__name__
    else:
        text = " ".join(str(what).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
