"""The red-team campaign of issue 13, re-run in one go against SQLite and PostgreSQL.

`PYTHONPATH=$PWD python -m bench.redteam [sqlite] [postgresql]` runs every probe class on a
fresh migrated database of each kind, through the real app (CSRF enforced, the real parsers,
racing requests on their own threads and connections), and prints attempts and failures per
class. A failure is a probe that got through: a 5xx, another's object shown or changed, an
unescaped payload, an injected calendar line, a live spreadsheet formula, a double booking,
a save lost to a race, an out-of-range date accepted, /healthz waiting 100 ms or more.
Exits 1 if any probe got through.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# The app is imported in the functions below, not here: the upload parsers' child processes
# import this module again (as multiprocessing does with __main__), and should not import it all.


@dataclass
class Tally:
    """Attempts and failures of one probe class, with a note per failure (the first few kept)."""

    attempts: int = 0
    failures: int = 0
    notes: list[str] = field(default_factory=list)

    def probe(self, got_through: bool, note: str = "") -> None:
        """Count one attempt; a failure when it got through."""
        self.attempts += 1
        if got_through:
            self.failures += 1
            if len(self.notes) < 5:
                self.notes.append(note)


@dataclass
class Target:
    """The app on one database, with the people the probes act as."""

    app: object
    kind: str
    alice: TestClient  # a traveller, whose objects the others go after
    mallory: TestClient  # another traveller
    officer: TestClient  # compliance staff
    desk: TestClient  # loaner desk staff
    alice_token: str
    mallory_token: str
    desk_token: str
    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, name: str) -> Tally:
        """The tally of a probe class, made on first use."""
        return self.tallies.setdefault(name, Tally())

    def browser(self, **headers: str) -> TestClient:
        """A client with no cookies and these headers (no Origin unless given)."""
        from fastapi.testclient import TestClient

        return TestClient(self.app, headers=headers, follow_redirects=False)


def _signed_in(app, email: str, role: str) -> TestClient:
    from fastapi.testclient import TestClient

    from tests.support.web import ORIGIN, sign_in

    client = TestClient(app, headers={"Origin": ORIGIN}, follow_redirects=False)
    sign_in(client, email, role)
    return client


def target(kind: str, url: str, folder: Path) -> Target:
    """The app on a freshly migrated database at `url`, with its four users signed in."""
    from tests.support.fixtures import TODAY
    from tests.support.web import api_token, make_settings
    from travelprep.db import migrate
    from travelprep.db.engine import make_engine
    from travelprep.web.app import create_app

    migrate.upgrade(make_engine(url))
    app = create_app(make_settings(folder, database_url=url))
    app.state.clock = lambda: TODAY
    return Target(
        app=app,
        kind=kind,
        alice=_signed_in(app, "alice@example.edu", "traveler"),
        mallory=_signed_in(app, "mallory@example.edu", "traveler"),
        officer=_signed_in(app, "officer@example.edu", "compliance"),
        desk=_signed_in(app, "desk@example.edu", "loaner_staff"),
        alice_token=api_token(app, "alice@example.edu"),
        mallory_token=api_token(app, "mallory@example.edu"),
        desk_token=api_token(app, "desk@example.edu", "loaner_staff"),
    )


def campaign(kind: str, url: str) -> dict[str, Tally]:
    """Every probe class against the app on `url`; the tallies by class."""
    from bench import redteam_probes

    with tempfile.TemporaryDirectory() as folder:
        aim = target(kind, url, Path(folder))
        try:
            for probe in redteam_probes.ALL:
                started = time.monotonic()
                probe(aim)
                print(f"   {kind}: {probe.__name__} done in {time.monotonic() - started:.1f} s", flush=True)
        finally:
            aim.app.state.engine.dispose()
        return aim.tallies


def main(kinds: list[str]) -> int:
    results: dict[str, dict[str, Tally]] = {}
    for kind in kinds or ["sqlite", "postgresql"]:
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                results[kind] = campaign(kind, f"sqlite:///{Path(folder) / 'redteam.sqlite3'}")
        else:
            from tests.support.postgres import ThrowawayPostgres

            server = ThrowawayPostgres().start()
            try:
                results[kind] = campaign(kind, server.create_database(f"redteam_{uuid.uuid4().hex[:8]}"))
            finally:
                server.stop()
    print(f"{'probe class':<28}" + "".join(f"{kind:>24}" for kind in results))
    classes = dict.fromkeys(name for tallies in results.values() for name in tallies)
    for name in classes:
        cells = [results[kind].get(name, Tally()) for kind in results]
        print(f"{name:<28}" + "".join(f"{f'{t.failures} of {t.attempts} got through':>24}" for t in cells))
    broken = [(kind, name, t) for kind in results for name, t in results[kind].items() if t.failures]
    for kind, name, tally in broken:
        print(f"! {kind} {name}: " + "; ".join(tally.notes))
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
