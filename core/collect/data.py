"""A pengumpulan's data: opening it from a workbook, and the measured data of its cycle.

- :func:`open_pengumpulan`: read and check an input workbook (``docs/input-format.md``), keep
  a copy under ``<data_dir>/inputs/`` and record the pengumpulan of its (agency, periode);
- :func:`load_source`: the workbook of a pengumpulan, read again (the indicator definitions);
- :func:`cycle_data`: that workbook's data with the realisasi of the period's triwulan taken
  from the collected revisions (per bidang the newest usable one: accepted formulir, or checked
  by the Kepala Bidang) — never from the workbook. An indicator nobody reported has no
  realisasi, so the rekapitulasi prints *belum dilaporkan* for it, never 0. Realisasi of the
  earlier triwulan come from the workbook.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from naskah.agencies.manager import Plugins
from naskah.archive.store import file_sha256
from naskah.collect import CollectError
from naskah.collect.store import Mode, Pengumpulan, get_pengumpulan, latest_revision
from naskah.db import utcnow
from naskah.i18n import _
from naskah.input.workbook import read_workbook
from naskah.model import AgencyProfile, CollectedData, Indikator, Level, Realisasi
from naskah.pipeline import prepare_cycle
from naskah.settings import Settings

_ANGGARAN_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)


def mode_of(plugins: Plugins, agency: AgencyProfile) -> Mode:
    """:attr:`Mode.FORMULIR` when a step of the agency's SOP produces a
    ``formulir_pengumpulan`` (seeds 000, 001, 003, 004), else :attr:`Mode.APLIKASI` (seed 002:
    operators enter data in an application, no formulir is distributed)."""
    for procedure in plugins.procedures(agency):
        for step in procedure.steps:
            specs = plugins.step_documents(agency, procedure, step)
            if any(spec.kind == "formulir_pengumpulan" for spec in specs):
                return Mode.FORMULIR
    return Mode.APLIKASI


def butuh_anggaran(ind: Indikator) -> bool:
    """Whether the formulir asks for the realisasi anggaran of ``ind``: program, kegiatan and
    sub kegiatan rows, and any row with a pagu (same rule as the DOCX formulir)."""
    return ind.level in _ANGGARAN_LEVELS or ind.pagu is not None


def target_teks(ind: Indikator) -> bool:
    """Whether a target of ``ind`` is a text (``WTP``, ``BB``): its realisasi may be a text
    too (docs/input-format.md)."""
    return any(isinstance(t, str) for t in (ind.target_tahunan, *ind.target_triwulan.values()))


def open_pengumpulan(
    session: Session,
    settings: Settings,
    plugins: Plugins,
    workbook: Path,
    *,
    agency: str | None = None,
    periode: str | None = None,
    now: datetime | None = None,
) -> Pengumpulan:
    """Record (or update) the pengumpulan of the workbook's agency and period. Does not commit.

    The workbook is read and checked against the agency's SOP exactly as ``naskah run`` does;
    a copy is kept as ``<data_dir>/inputs/<agency>/<periode>/<sha256>.xlsx``. Opening again
    with another workbook replaces the definitions (the revisions stay; values of indicators
    no longer listed are not used).

    :raises naskah.errors.InputError: the workbook has problems (all listed) or disagrees with
        ``agency``/``periode``.
    :raises naskah.agencies.manager.PluginError: unknown agency.
    """
    from naskah.run import resolve

    workbook = Path(workbook)
    data = read_workbook(workbook)
    slug, per = resolve(data, agency, periode)
    cycle = prepare_cycle(plugins, slug, data)
    sha, _size = file_sha256(workbook)
    rel = Path("inputs") / slug / per.key / f"{sha}.xlsx"
    target = Path(settings.data_dir) / rel
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(workbook, tmp)
        tmp.replace(target)
    now = now or utcnow()
    row = get_pengumpulan(session, slug, per)
    if row is None:
        row = Pengumpulan(agency=slug, tahun=per.tahun, periode=per.key, created_at=now,
                          input_path=rel.as_posix(), input_sha256=sha)
        session.add(row)
    row.mode = mode_of(plugins, cycle.agency).value
    row.input_name = workbook.name
    row.input_path = rel.as_posix()
    row.input_sha256 = sha
    row.updated_at = now
    session.flush()
    return row


def require_pengumpulan(session: Session, agency: str, periode: str) -> Pengumpulan:
    """The pengumpulan of (agency, periode). :raises CollectError: none was opened."""
    row = get_pengumpulan(session, agency, periode)
    if row is None:
        raise CollectError(
            _("no pengumpulan for {agency} {periode}: open it from the input workbook first "
              "(naskah cycle start --agency {agency} --period {periode} --data FILE, or naskah "
              "collect formulir --agency {agency} --period {periode} --data FILE)", agency=agency,
              periode=periode)
        )
    return row


def load_source(settings: Settings, pengumpulan: Pengumpulan) -> CollectedData:
    """The input workbook of ``pengumpulan``, read again from its kept copy.

    :raises CollectError: the copy is missing from the data directory.
    """
    path = Path(settings.data_dir) / pengumpulan.input_path
    if not path.is_file():
        raise CollectError(_("the input workbook of {agency} {periode} is missing ({path}): open "
                             "the pengumpulan again with --data FILE", agency=pengumpulan.agency,
                             periode=pengumpulan.periode, path=path))
    data = read_workbook(path)
    return dataclasses.replace(data, source=pengumpulan.input_name or path.name)


def reported_in_workbook(data: CollectedData) -> int:
    """How many realisasi of the period's triwulan the workbook itself gives (they are not
    used by a cycle: its realisasi come from the collected revisions)."""
    n = data.siklus.periode.triwulan
    return sum(1 for r in data.realisasi if r.triwulan == n)


def cycle_data(session: Session, settings: Settings, pengumpulan: Pengumpulan) -> CollectedData:
    """The data a cycle measures and renders: the workbook, with the realisasi of the period's
    triwulan replaced by the newest usable revision of each bidang (see the module docstring).

    A stored value that is empty and has neither anggaran nor keterangan adds no
    :class:`~naskah.model.Realisasi` (nothing was reported).
    """
    data = load_source(settings, pengumpulan)
    n = data.siklus.periode.triwulan
    revisions = {b: latest_revision(session, pengumpulan, b, usable=True) for b in data.bidang}
    collected = []
    for ind in data.indikator:
        rev = revisions.get(ind.bidang)
        value = rev.value_of(ind.kode) if rev is not None else None
        if value is None:
            continue
        nilai = value.as_nilai
        if nilai is None and value.realisasi_anggaran is None and not value.keterangan:
            continue
        collected.append(Realisasi(ind.kode, n, nilai, value.realisasi_anggaran,
                                   value.keterangan))
    order = {ind.kode: i for i, ind in enumerate(data.indikator)}
    realisasi = [r for r in data.realisasi if r.triwulan != n] + collected
    realisasi.sort(key=lambda r: (order.get(r.kode, len(order)), r.triwulan))
    return dataclasses.replace(data, realisasi=tuple(realisasi))
