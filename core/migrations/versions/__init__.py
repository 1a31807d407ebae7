"""Alembic revisions of the naskah schema, oldest first (``0001_…``, ``0002_…``)."""
