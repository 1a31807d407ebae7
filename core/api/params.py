"""Shared request-parameter types: bounded, no control characters (PostgreSQL refuses NUL)."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Path, Query

from naskah.model import PERIODE_REGEX, Periode

MAX_ID = 2**31 - 1

DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Document ID")]
RunId = Annotated[int, Path(ge=1, le=MAX_ID, description="Run ID")]
BatchId = Annotated[int, Path(ge=1, le=MAX_ID, description="Batch ID")]

SlugQuery = Annotated[
    str | None, Query(max_length=100, pattern=r"^[A-Za-z0-9._-]*$", description="Slug")
]
TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"
TextQuery = Annotated[str | None, Query(max_length=200, pattern=TEXT_PATTERN)]
PERIODE_PATTERN = rf"^{PERIODE_REGEX}$"
"""``YYYY-TWn``, ``YYYY-Sn`` or ``YYYY`` for the years ``Periode`` accepts (2000..2100)."""
PeriodeQuery = Annotated[
    str | None,
    Query(pattern=rf"^({PERIODE_REGEX})?$",
          description="YYYY-TWn, YYYY-Sn or YYYY, e.g. 2025-TW1, 2025-S1, 2025"),
]
TahunQuery = Annotated[int | None, Query(ge=2000, le=2100)]


def periode_key(value: str | None) -> str | None:
    """``YYYY-TWn`` checked (``422`` if not a valid period), or ``None`` for empty."""
    if not value:
        return None
    try:
        return Periode.parse(value).key
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
