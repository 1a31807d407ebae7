"""``naskah collect import FILE…``: filled formulir in, accepted whole or refused whole.

For each file (XLSX: :mod:`.read_xlsx`; DOCX: :mod:`.read_docx`):

1. the form must be of the pengumpulan being imported into: same agency, same period, a bidang
   of its indicators (a form of another period or agency is refused);
2. every row is checked against the pengumpulan's indicators (from its input workbook):
   a kode on the form once, belonging to that bidang; realisasi read with
   :func:`naskah.numbers_id.parse_nilai` (text only where the target is a text), realisasi
   anggaran with :func:`~naskah.numbers_id.parse_rupiah` and only where the indicator has a
   budget line; no percentage cells, no formula without a saved result;
3. if anything is wrong, every problem is reported (file, sheet or table, row, column, what was
   found, what is expected) and NOTHING of the file is stored; otherwise the bidang gets a new
   :class:`~.store.Revision` holding every row of the form, in one transaction.

A revision from an import is :attr:`~.store.RevisionStatus.DITERIMA` in formulir mode; in
aplikasi mode (seed 002) it is :attr:`~.store.RevisionStatus.ENTRI`, waiting for the Kepala
Bidang's check like the operators' own entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from naskah.archive.store import file_sha256
from naskah.collect.data import butuh_anggaran, load_source, require_pengumpulan, target_teks
from naskah.collect.filled import Cell, FilledForm
from naskah.collect.read_docx import read_docx
from naskah.collect.read_xlsx import read_xlsx
from naskah.collect.store import (
    Mode,
    Pengumpulan,
    RealisasiValue,
    Revision,
    RevisionStatus,
    new_revision,
)
from naskah.db import utcnow
from naskah.errors import InputError
from naskah.i18n import _
from naskah.model import TIDAK_DAPAT_DIUKUR, CollectedData, Nilai, Periode, Problem
from naskah.numbers_id import NUMBER_HINT, NilaiError, parse_nilai, parse_rupiah
from naskah.settings import Settings

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ParsedRow:
    """One checked row: the realisasi (``None``: not reported), anggaran in Rupiah, keterangan."""

    kode: str
    nilai: Nilai
    anggaran: int | None
    keterangan: str


@dataclass
class ImportOutcome:
    """What became of one file: ``revision`` when accepted, ``problems`` when refused."""

    path: Path
    bidang: str = ""
    revision: Revision | None = None
    problems: list[Problem] = field(default_factory=list)
    rows: list[ParsedRow] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.revision is not None


def read_form(path: Path, agency_names: Mapping[str, str]) -> FilledForm:
    """Read a filled formulir by its extension (``.xlsx`` or ``.docx``).

    :raises InputError: unknown extension, or what the reader raises.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(path.name, "", None, None, _("file '{path}' does not exist",
                                                               path=path),
                                  _("give the path of a filled formulir"))])
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return read_xlsx(path)
    if suffix == ".docx":
        return read_docx(path, agency_names)
    raise InputError([Problem(path.name, "", None, None, _("'{name}' is not .xlsx or .docx",
                                                           name=path.name),
                              _("import the XLSX or DOCX formulir issued by naskah"))])


def check_form(form: FilledForm, *, agency: str, periode: Periode, data: CollectedData
               ) -> list[ParsedRow]:
    """The checked rows of ``form`` for the pengumpulan (``agency``, ``periode``) whose input
    workbook is ``data``.

    :raises InputError: with every problem (identity problems alone when the form is of
        another agency, period or bidang: its rows are not read then).
    """
    file, meta = form.file, form.meta
    problems: list[Problem] = []

    def identity(found: str, expected: str) -> None:
        problems.append(Problem(file, form.meta_place, None, None, found, expected))

    if meta.agency != agency:
        identity(_("formulir of agency {agency}", agency=meta.agency),
                 _("a formulir of {agency}: this import is for {agency} {period}", agency=agency,
                   period=periode.key))
    if meta.periode != periode.key:
        identity(_("formulir of period {period}", period=meta.periode),
                 _("a formulir of {period}: fill in the formulir issued for {period}",
                   period=periode.key))
    if meta.bidang not in data.bidang:
        identity(_("formulir of bidang '{bidang}'", bidang=meta.bidang),
                 _("a formulir of one of: {bidang}", bidang=", ".join(data.bidang)))
    if problems:
        raise InputError(problems)

    indikator = {i.kode: i for i in data.indikator if i.bidang == meta.bidang}
    seen: dict[str, int | None] = {}
    rows: list[ParsedRow] = []
    for row in form.rows:
        if row.kode in seen:
            problems.append(row.where.problem(
                file, _("kode {kode} appears again (first in row {value})", kode=row.kode,
                        value=seen[row.kode]),
                _("keep one row per indicator, as issued")))
            continue
        seen[row.kode] = row.where.row
        ind = indikator.get(row.kode)
        if ind is None:
            if meta.kode and row.kode not in meta.kode:
                found = _("kode {kode} is not on this formulir", kode=row.kode)
                expected = _("do not add rows or change a kode")
            else:
                found = _("kode {kode} is not an indicator of {bidang} in {agency} {period}",
                          kode=row.kode, bidang=meta.bidang, agency=agency, period=periode.key)
                expected = _("ask the Tim SAKIP for the current formulir")
            problems.append(row.where.problem(file, found, expected))
            continue
        before = len(problems)
        nilai = _nilai(file, row.realisasi, target_teks(ind), problems)
        anggaran = _rupiah(file, row.anggaran, problems)
        if anggaran is not None and not butuh_anggaran(ind):
            assert row.anggaran is not None
            problems.append(row.anggaran.problem(
                file, _("realisasi anggaran given for a {value}", value=ind.level.value),
                _("leave it as –: only program, kegiatan and sub kegiatan rows have a budget")))
        ket = row.keterangan.value if row.keterangan is not None else None
        if len(problems) == before:
            rows.append(ParsedRow(row.kode, nilai, anggaran, str(ket or "").strip()))
    for kode in meta.kode:
        if kode not in seen:
            problems.append(Problem(file, "Formulir", None, None,
                                    _("the row of kode {kode} is missing", kode=kode),
                                    _("do not delete rows: fill in the formulir as issued")))
    if problems:
        raise InputError(problems)
    return rows


def _nilai(file: str, cell: Cell | None, allow_text: bool, problems: list[Problem]) -> Nilai:
    if cell is None:
        return None
    if cell.formula:
        problems.append(cell.problem(file, _("the formula has no saved result"),
                                     _("open and save the file in Excel or LibreOffice, or type "
                                       "the value")))
        return None
    if cell.percent:
        shown = parse_nilai(cell.value) * 100  # type: ignore[operator]
        problems.append(cell.problem(file, _("'{value:f}%' is a percentage cell",
                                             value=shown.normalize()),
                                     _("write {value:f}: the satuan says %",
                                       value=shown.normalize())))
        return None
    try:
        return parse_nilai(cell.value, allow_text=allow_text)
    except NilaiError as err:
        expected = err.expected
        if (not allow_text and isinstance(cell.value, str) and "%" not in cell.value
                and err.expected == _(NUMBER_HINT)):
            expected = _('write a number (85 or 85,5); "n/a" if it cannot be measured, empty if '
                         "not reported yet")
        problems.append(cell.problem(file, err.found, expected))
        return None


def _rupiah(file: str, cell: Cell | None, problems: list[Problem]) -> int | None:
    if cell is None or cell.value in (None, "–"):
        return None
    try:
        return parse_rupiah(cell.value)
    except NilaiError as err:
        problems.append(cell.problem(file, err.found, err.expected))
        return None


def store_form(
    session: Session,
    pengumpulan: Pengumpulan,
    form: FilledForm,
    rows: Sequence[ParsedRow],
    *,
    by: str,
    now: datetime,
) -> Revision:
    """Add ``form``'s rows as the next revision of its bidang. Does not commit."""
    sha, _size = file_sha256(form.path)
    status = (RevisionStatus.ENTRI if pengumpulan.mode == Mode.APLIKASI
              else RevisionStatus.DITERIMA)
    rev = new_revision(session, pengumpulan, form.meta.bidang, status=status,
                       sumber=form.sumber, created_by=by, created_at=now, source_name=form.file,
                       source_sha256=sha, pengisi=form.pengisi)
    for r in rows:
        value = RealisasiValue(revision=rev, kode=r.kode, realisasi_anggaran=r.anggaran,
                               keterangan=r.keterangan, entered_by=by, entered_at=now)
        value.set_nilai(r.nilai)
        session.add(value)
    session.flush()
    return rev


def import_files(
    session: Session,
    settings: Settings,
    paths: Sequence[Path],
    *,
    agency: str,
    periode: str,
    by: str,
    agency_names: Mapping[str, str],
    clock: Clock = utcnow,
) -> list[ImportOutcome]:
    """Import filled formulir into the pengumpulan of (``agency``, ``periode``), each file in
    its own transaction (committed when accepted, nothing written when refused).

    :param agency_names: printed agency name → slug, for DOCX forms without their stamp.
    :raises naskah.collect.CollectError: no pengumpulan opened for (agency, periode).
    """
    per = Periode.parse(periode)
    pengumpulan = require_pengumpulan(session, agency, per.key)
    data = load_source(settings, pengumpulan)
    session.commit()  # end the read transaction: each file gets its own
    outcomes = []
    for path in paths:
        outcome = ImportOutcome(Path(path))
        try:
            form = read_form(Path(path), agency_names)
            outcome.bidang = form.meta.bidang
            outcome.rows = check_form(form, agency=agency, periode=per, data=data)
            outcome.revision = store_form(session, pengumpulan, form, outcome.rows, by=by,
                                          now=clock())
            session.commit()
        except InputError as exc:
            session.rollback()
            outcome.problems = exc.problems
        except BaseException:
            session.rollback()
            raise
        outcomes.append(outcome)
    return outcomes


def summary(rows: Sequence[ParsedRow]) -> dict[str, int]:
    """``{jumlah, dilaporkan, belum, tidak_terukur}`` of checked rows."""
    return {
        "jumlah": len(rows),
        "dilaporkan": sum(1 for r in rows if r.nilai is not None
                          and r.nilai is not TIDAK_DAPAT_DIUKUR),
        "belum": sum(1 for r in rows if r.nilai is None),
        "tidak_terukur": sum(1 for r in rows if r.nilai is TIDAK_DAPAT_DIUKUR),
    }
