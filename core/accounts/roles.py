"""The roles of the archive service's users (no database code: the command line imports this
to declare its options without loading SQLAlchemy)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """What a user may do (see :mod:`naskah.accounts.users`)."""

    ADMIN = "admin"
    OPERATOR = "operator"
    ARSIPARIS = "arsiparis"
