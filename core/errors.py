"""naskah's exceptions.

Every error naskah raises on purpose is a :class:`NaskahError`; :class:`InputError` carries
*all* the located problems of an input file, found in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from naskah.model import Problem

__all__ = ["NaskahError", "InputError", "TemplateError"]


class NaskahError(Exception):
    """Base class of the errors naskah raises on purpose (as opposed to bugs)."""


class InputError(NaskahError):
    """The input cannot be used. ``problems`` lists every problem found, in reading order.

    ``str(error)`` prints one problem a line, e.g.
    ``data.xlsx: Realisasi!D14: '85%' is not a number; write 85 or 85,5``.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TemplateError(NaskahError):
    """A DOCX template cannot be rendered: unreadable file, Jinja error (the message names the
    template and quotes the text around the error), missing image, unknown paper size.
    Raised by :mod:`naskah.render`."""
