"""Jinja2 rendering: one environment, autoescaped, with a safe Markdown filter."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates
from markdown_it import MarkdownIt
from markupsafe import Markup
from starlette.responses import Response

from travelprep.accounts.roles import is_compliance_staff, is_loaner_staff
from travelprep.loaner.lifecycle import STATE_LABELS
from travelprep.paths import templates_dir
from travelprep.trips import form_choices

# Raw HTML in item bodies is escaped, not passed through: bodies are policy text, not markup.
_markdown = MarkdownIt("commonmark", {"html": False})


@lru_cache(maxsize=2048)
def markdown_to_html(text: str) -> Markup:
    """Render Markdown from the rulebook as HTML with any embedded HTML escaped."""
    return Markup(_markdown.render(text or ""))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        auto_reload=False,  # templates ship with the code; no stat() per render
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["markdown"] = markdown_to_html
    env.globals["vocab"] = form_choices
    # What a page shows by role is asked of accounts/roles.py, never typed in a template.
    env.globals["is_compliance_staff"] = is_compliance_staff
    env.globals["is_loaner_staff"] = is_loaner_staff
    # A loaner request's state reads the same on every page, the traveler's and the desk's.
    env.globals["loaner_state_labels"] = STATE_LABELS
    return env


templates = Jinja2Templates(env=_environment())


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    """Render a page; every page sees the signed-in user and the app settings."""
    settings = request.app.state.settings
    base = {
        "user": getattr(request.state, "user", None),
        "settings": settings,
        "choices": request.app.state.choices,
    }
    return templates.TemplateResponse(request, name, base | (context or {}), status_code=status_code)
