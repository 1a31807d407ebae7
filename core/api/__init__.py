"""The archive service: HTTP API and web pages (FastAPI). Build it with :func:`create_app`."""

from naskah.api.app import create_app

__all__ = ["create_app"]
