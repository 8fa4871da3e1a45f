"""The traveler web app and the JSON API (FastAPI, Jinja2 templates)."""
