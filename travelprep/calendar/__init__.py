"""Calendars for trips, and itineraries from calendar files.

- `trips`: the input of a calendar (`TripCalendar`) and the cheap feed fingerprint (`feed_etag`).
- `builder`: `build_calendar`, the one function that renders an RFC 5545 calendar.
- `event_text`: the plain text of events, cleaned of control characters.
- `ics_import`: `draft_itinerary_from_ics`, an uploaded .ics file to a draft itinerary.
- `ics_events` and `places`: reading events from a file, and naming the places they mention.

Nothing here touches a database, the network or the clock: callers pass `now` and `today`.
The package imports nothing heavy, so `feed_etag` stays cheap to import and to call.
"""
