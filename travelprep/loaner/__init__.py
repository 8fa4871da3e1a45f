"""The IT loaner desk's pure core: no database, no clock, no network.

- `lifecycle`: the states of a loaner request and the legal transitions between them.
- `schedule`: working days, default pickup and return dates, the reserved period.
- `demand`: devices needed per day against devices available, and its SVG chart.
- `inventory_csv`: reading an inventory CSV (ours or a Snipe-IT export) and writing one.
- `calendar_feed`: the staff calendar of pickups and returns.
"""

KINDS = ("laptop", "phone", "tablet", "hotspot")
