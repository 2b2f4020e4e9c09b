"""Dutch HTML pages from balie's own templates; every value is escaped.

The templates load nothing from the internet: fonts, styles and scripts come
from this server, so a served office works on a network without one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,  # a colleague's or counter's name is text, never markup
    undefined=jinja2.StrictUndefined,
)

SCREEN_LABELS = {
    "start": ("Alle schermen", "kies zelf een scherm (teamleider)"),
    "desk": ("Gastvrouw", "bezoekers aanmelden en wegwijzen"),
    "counter": ("Balie", "bezoekers oproepen, helpen en afronden"),
    "dagstart": ("Dagstart", "checklist, bezetting en cijfers van de vorige openingsdag"),
    "report": ("Rapport", "wachttijden en servicelevel"),
}


def render(template: str, **context: Any) -> str:
    return _ENVIRONMENT.get_template(template).render(**context)


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> web.Response:
    """A page that is never cached: it may show who is signed in."""
    response = web.Response(
        text=render(template, **context), status=status, content_type="text/html", charset="utf-8"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers.update(headers or {})
    return response


def refusal(status: int, title: str, text: str, *, back: str | None = "/", **headers: str) -> web.Response:
    """A clear Dutch page saying what was refused and why; never a traceback."""
    return page("refused.html", status=status, headers=headers, title=title, text=text, back=back)
