"""Imported once by the parse workers' fork server (web/parse_worker.py), never by the app.

The parsers of users' files with their tables built, so that every parse forked from the
server starts ready instead of spending half a second of its CPU limit on the place tables.
"""

from travelprep.calendar import ics_import, places
from travelprep.loaner import inventory_csv

__all__ = ["ics_import", "inventory_csv"]

places.warm_up()
