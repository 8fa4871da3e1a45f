"""Calendars of trips, and itineraries drafted from calendar files.

Building (a download or a subscribed feed):
- `trips`: what a calendar is built from (`TripCalendar`) and the feed's cheap `feed_etag`.
- `builder`: `build_calendar`, the one function that renders an RFC 5545 calendar.
- `trip_events`: the events of one trip, as icalendar components.
- `event_text`: the plain text of events, cleaned of control characters.
- `downloads`: the calendar of an unsaved itinerary, for the CLI.

Importing (an uploaded .ics to a draft itinerary for review):
- `ics_import`: `draft_itinerary_from_ics`, and the legs drawn from the events.
- `ics_events`: reading the file safely into flights, trains and stays on local dates.
- `places`: airports, countries and cities, from tables built once.

Nothing here touches a database, the network or the clock: callers pass `now` and `today`.
The package imports nothing heavy, so `feed_etag` stays cheap to import and to call.
"""
