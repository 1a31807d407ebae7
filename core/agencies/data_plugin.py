"""The built-in "declarative agency" plugin: the agencies of a folder of agency data files.

Registered as ``naskah.plugins.declarative`` by :func:`naskah.agencies.manager.get_plugins` for
``settings.plugins.agencies_dir``; reads each ``<slug>.yaml`` (:mod:`.declarative`) and
``<slug>.xlsx`` (:mod:`.agency_xlsx`) and answers the hooks a Python plugin would
(``naskah_agencies``, ``naskah_procedures``, ``naskah_numbering_pattern``); everything else
(documents, templates, measurement) is naskah's default.
"""

from __future__ import annotations

from pathlib import Path

import naskah
from naskah.agencies.agency_xlsx import SUFFIX as XLSX
from naskah.agencies.agency_xlsx import NotAnAgencyWorkbook, read_agency_workbook
from naskah.agencies.declarative import SUFFIX, AgencyFile, AgencyFileError, read_agency_file
from naskah.i18n import _
from naskah.model import AgencyProfile, DocumentKind, Procedure


class DeclarativeAgencies:
    """The built-in plugin answering for the agencies of ``folder``'s data files.

    ``files``: the valid files by slug; ``broken``: the problems of the others by file name
    (each file is read on its own: one broken file does not hide the others)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.files: dict[str, AgencyFile] = {}
        self.broken: dict[str, list[str]] = {}
        if not self.folder.is_dir():
            self.broken.setdefault(self.folder.name, []).append(f"{self.folder}: " + _(
                "the agencies folder does not exist (settings.plugins.agencies_dir, "
                "NASKAH_PLUGINS__AGENCIES_DIR)"))  # fmt: skip
            return
        paths = [*self.folder.glob(f"*{SUFFIX}"), *self.folder.glob(f"*{XLSX}")]
        for path in sorted(p for p in paths if not p.name.startswith("~$")):  # Excel's lock file
            try:
                file = (read_agency_workbook if path.suffix == XLSX else read_agency_file)(path)
            except AgencyFileError as exc:
                self.broken[path.name] = exc.problems
                continue
            except NotAnAgencyWorkbook:
                continue  # a cycle's input workbook kept in the same folder
            slug = file.profile.slug
            if slug in self.files:
                self.broken[path.name] = [f"{path}: slug: " + _(
                    "agency {slug!r} is described twice: also by {other}; keep one file",
                    slug=slug, other=self.files[slug].path.name)]  # fmt: skip
                continue
            self.files[slug] = file

    @naskah.hookimpl
    def naskah_agencies(self) -> list[AgencyProfile]:
        return [f.profile for f in self.files.values()]

    @naskah.hookimpl
    def naskah_procedures(self, agency: AgencyProfile) -> list[Procedure] | None:
        file = self.files.get(agency.slug)
        return list(file.procedures) if file else None

    @naskah.hookimpl
    def naskah_numbering_pattern(self, agency: AgencyProfile, kind: DocumentKind) -> str | None:
        file = self.files.get(agency.slug)
        return file.penomoran or None if file else None
