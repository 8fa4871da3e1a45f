"""Start the re-evaluation from a running app: a deploy with new rules, or an import it noticed.

The job runs in a child process (`travelprep trips reevaluate --no-send`), so its CPU work never
holds the interpreter that serves pages. Every worker of every instance may start one: the job
is safe to run at once (one evaluation per trip and data version).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from travelprep.reevaluation import repository as versions

if TYPE_CHECKING:
    from travelprep.refdata.rulebook_loading import LoadedRulebook
    from travelprep.settings import Settings

log = logging.getLogger("travelprep.reevaluation")
DEPLOY_CAUSE = "a new release of the institute's rules and country facts"
RELOAD_CAUSE = "newly imported data"


class BackgroundReevaluation:
    """Starts one child process per data version this process saw come into force."""

    def __init__(self, sessions: sessionmaker[Session], settings: Settings) -> None:
        self.sessions, self.settings = sessions, settings
        self.started: set[str] = set()
        self._lock = threading.Lock()

    def at_start(self, loaded: LoadedRulebook, *, cause: str) -> bool:
        """At start-up: re-evaluate unless every trip was evaluated under this data version."""
        if not self.settings.reevaluate_in_background:
            return False
        with self.sessions() as session:
            change = versions.data_change(session, data_version=loaded.version)
        if change is not None and change.finished_at is not None:
            return False
        return self.data_in_force(loaded, cause=cause)

    def data_in_force(self, loaded: LoadedRulebook, *, cause: str) -> bool:
        """Re-evaluate the trips under `loaded` in a child process, unless started before; True if started."""
        if not self.settings.reevaluate_in_background:
            return False
        with self._lock:
            if loaded.version in self.started:
                return False
            self.started.add(loaded.version)
        command = [sys.executable, "-m", "travelprep", "trips", "reevaluate", "--no-send", "--cause", cause]
        environment = os.environ | {"TRAVELPREP_DATA_DIR": str(self.settings.data_dir)}
        if not {"TRAVELPREP_DATABASE_URL", "TRAVELPREP_DATABASE_URL_FILE"} & set(os.environ):
            # Settings made in code (not from the environment): the child needs the same database.
            # A URL from the environment or its secret file is left there, not copied into argv or env.
            environment["TRAVELPREP_DATABASE_URL"] = self.settings.effective_database_url
        # A thread waits for the child, so it is reaped and its outcome logged.
        threading.Thread(target=_run, args=(command, environment, loaded.version), daemon=True).start()
        return True


def _run(command: list[str], environment: dict[str, str], data_version: str) -> None:
    """Run the child, passing its progress lines on to this process's log (the app's, configured)."""
    fields = {"data_version": data_version}
    log.info("re-evaluation started in the background", extra={"fields": fields})
    try:
        child = subprocess.Popen(
            command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
    except OSError as error:
        log.error(
            "background re-evaluation could not start", extra={"fields": {**fields, "error": str(error)}}
        )
        return
    assert child.stdout is not None
    for line in child.stdout:
        log.info("re-evaluation: " + line.rstrip()[:500], extra={"fields": fields})
    if child.wait() != 0:
        log.error(
            "background re-evaluation failed; the scheduler runs it again",
            extra={"fields": {**fields, "status": child.returncode}},
        )
