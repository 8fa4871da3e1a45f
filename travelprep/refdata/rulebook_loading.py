"""Load the rulebook the app serves, once per process, exactly as the CLI does."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from travelprep.engine.rules.rulebook import Rulebook
    from travelprep.settings import Settings


def load_app_rulebook(settings: Settings) -> Rulebook:
    """The shipped rulebook with the imports of the settings' data directory applied."""
    from travelprep.refdata.loading import load_current_rulebook

    return load_current_rulebook(data_dir=settings.data_dir)
