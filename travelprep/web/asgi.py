"""The ASGI entry point for uvicorn workers: `travelprep.web.asgi:app`."""

from travelprep.web.app import create_app

app = create_app()
