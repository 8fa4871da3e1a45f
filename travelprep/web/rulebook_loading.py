"""Load the rulebook the app serves, once per process."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from travelprep.rulebook import Rulebook
    from travelprep.settings import Settings


def load_app_rulebook(settings: Settings) -> Rulebook:
    """The rulebook from checklists/, as the CLI loads it."""
    from travelprep.rulebook import load_rulebook

    return load_rulebook()
