"""Readers of the four sheets (Siklus, Indikator, Realisasi, Pejabat), mixed into the workbook
reader: each turns located rows into model objects and reports problems through ``self.at``."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from openpyxl.utils import get_column_letter

from naskah.i18n import _
from naskah.input.format import (
    _DATE_HINT,
    _PERIODE_HINT,
    _RAPAT_LIST_KEYS,
    _SINGLE_PERAN,
    _TIME_HINT,
    AGREGASI_ALIASES,
    BULAN,
    JENIS_ALIASES,
    LEVEL_ALIASES,
    POLARITAS_ALIASES,
    RAPAT_KEYS,
    SIKLUS_KEYS,
)
from naskah.input.rows import BAD, _IndInfo, _RealRow, _Row, _SiklusState, _Table
from naskah.input.values import (
    _join_keterangan,
    _parse_date,
    _parse_row_periode,
    _parse_time,
    _shown,
)
from naskah.measurement.rules import aggregate
from naskah.model import (
    Agregasi,
    Indikator,
    Jenis,
    Level,
    Pejabat,
    Periode,
    Polaritas,
    Rapat,
    Realisasi,
    Siklus,
)
from naskah.numbers_id import is_na

E = TypeVar("E", bound=Enum)


class SheetReaders:
    """The per-sheet half of :class:`naskah.input.workbook._Reader` (cell access is the other)."""

    # -- Siklus --

    def _siklus(self, table: _Table | None) -> Siklus | None:
        if table is None or not table.complete:
            return None
        st = _SiklusState()
        for row in self._rows(table):
            self._siklus_row(row, st)

        periode: Periode | None = None
        if "periode" in st.values:
            value, row_no = st.values["periode"]
            try:
                periode = Periode.parse(value)
            except ValueError:
                self.add(
                    table.sheet,
                    row_no,
                    self._letter(table, "nilai"),
                    _("'{value}' is not a period", value=value),
                    _("write the period as 2025-TW1, 2025-S1 or 2025"),
                )
        else:
            self.add(
                table.sheet,
                None,
                None,
                _("kunci 'periode' is missing"),
                _("add a row: kunci periode, nilai e.g. 2025-TW1, 2025-S1 or 2025"),
            )
        if periode is not None:
            for key, d, row_no in st.dates:
                if not periode.tahun - 1 <= d.year <= periode.tahun + 1:
                    self.add(
                        table.sheet,
                        row_no,
                        self._letter(table, "nilai"),
                        _("{key} {d:%d/%m/%Y} is far from the period {periode}", key=key, d=d,
                          periode=periode),
                        _("write a date in {value}..{value2}", value=periode.tahun - 1,
                          value2=periode.tahun + 1),
                    )
        if periode is None:
            return None

        tanggal: dict[str, date] = {}
        for key, (value, _row) in st.values.items():
            proc, _unused, name = key.rpartition(".")
            if name.startswith("tanggal_") and isinstance(value, date):
                short = name.removeprefix("tanggal_")
                tanggal[f"{proc}.{short}" if proc else short] = value
        agency = st.values.get("agency", ("", 0))[0]
        return Siklus(
            periode=periode,
            agency=agency,
            tanggal=tanggal,
            rapat=self._rapat(st),
            catatan="\n".join(st.catatan),
        )

    @staticmethod
    def _letter(table: _Table, name: str) -> str | None:
        idx = table.cols.get(name)
        return get_column_letter(idx) if idx else None

    def _siklus_row(self, row: _Row, st: _SiklusState) -> None:
        kunci = self.text(row, "kunci")
        value = self.raw(row, "nilai")
        if kunci is BAD or value is BAD:
            return
        if not kunci:
            self.at(row, "kunci", _("a nilai without kunci"), _("write the kunci (e.g. periode)"))
            return
        key = re.sub(r"[\s\-]+", "_", kunci.lower()).strip("_")
        if value is None:
            return  # not given: documents leave it blank
        proc, dot, name = key.partition(".")
        if not dot:
            proc, name = "", key
        elif proc not in self.procedures:
            self.at(
                row,
                "kunci",
                _("'{kunci}' has an unknown procedure prefix '{proc}.'", kunci=kunci, proc=proc),
                _("use {value} or no prefix", value=' or '.join(p + '.' for p in self.procedures)),
            )
            return
        elif not (name.startswith("tanggal_") or name.startswith("rapat_")):
            self.at(
                row,
                "kunci",
                _("'{kunci}': only tanggal_ and rapat_ keys take a prefix", kunci=kunci),
                _("write '{name}' without '{proc}.'", name=name, proc=proc),
            )
            return
        full = f"{proc}.{name}" if proc else name

        if name == "catatan":
            st.catatan.append(self._as_text(value))
            return
        if name in _RAPAT_LIST_KEYS:
            items = [s.strip() for s in self._as_text(value).split(";") if s.strip()]
            st.lists[full].extend(items)
            return

        if name in ("agency", "periode"):
            parsed: Any = self._as_text(value)
            if name == "agency":
                parsed = parsed.lower()
                if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", parsed):
                    self.at(
                        row,
                        "nilai",
                        _("agency '{value}' is not a slug", value=value),
                        _("write the agency slug, e.g. dinsos-p3a-pessel (see naskah plugins)"),
                    )
                    return
        elif name.startswith("tanggal_") and re.fullmatch(r"tanggal_[a-z0-9_]+", name):
            try:
                parsed = _parse_date(value)
            except ValueError:
                self.at(row, "nilai", _("{name} '{value}' is not a date", name=name,
                                        value=_shown(value)), _(_DATE_HINT))
                return
            st.dates.append((full, parsed, row.number))
        elif name in ("rapat_waktu_mulai", "rapat_waktu_selesai"):
            try:
                parsed = _parse_time(value)
            except ValueError:
                self.at(row, "nilai", _("{name} '{value}' is not a time", name=name,
                                        value=_shown(value)), _(_TIME_HINT))
                return
            if parsed is None:
                return
        elif name in RAPAT_KEYS:
            parsed = self._as_text(value)
        else:
            known = ", ".join(k for k in SIKLUS_KEYS if not k.startswith("tanggal_"))
            self.at(
                row,
                "kunci",
                _("unknown kunci '{kunci}'", kunci=kunci),
                _("use one of: {known}, or tanggal_<nama> for a date", known=known),
            )
            return
        if full in st.values:
            self.at(
                row,
                "kunci",
                _("kunci '{full}' is already given in row {value}", full=full,
                  value=st.values[full][1]),
                _("give each kunci once"),
            )
            return
        st.values[full] = (parsed, row.number)

    @staticmethod
    def _as_text(value: Any) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _rapat(self, st: _SiklusState) -> dict[str, Rapat]:
        rapat: dict[str, Rapat] = {}
        for proc in self.procedures:

            def pick(name: str, proc: str = proc) -> Any:
                v = st.values.get(f"{proc}.{name}", st.values.get(name))
                return v[0] if v else None

            def pick_list(name: str, proc: str = proc) -> tuple[str, ...]:
                return tuple(st.lists.get(f"{proc}.{name}") or st.lists.get(name) or ())

            r = Rapat(
                tanggal=pick("tanggal_rapat"),
                waktu_mulai=pick("rapat_waktu_mulai"),
                waktu_selesai=pick("rapat_waktu_selesai"),
                tempat=pick("rapat_tempat") or "",
                acara=pick("rapat_acara") or "",
                pimpinan=pick("rapat_pimpinan") or "",
                pencatat=pick("rapat_pencatat") or "",
                pembahasan=pick_list("rapat_pembahasan"),
                keputusan=pick_list("rapat_keputusan"),
            )
            if r != Rapat():
                rapat[proc] = r
        return rapat

    # -- Indikator --

    def _indikator(
        self, table: _Table | None
    ) -> tuple[dict[str, _IndInfo] | None, dict[str, Indikator]]:
        """``info`` per kode written in the sheet (even rows with problems; ``None`` when the
        sheet cannot be read at all) and the indicators read without problems."""
        if table is None or "kode" not in table.cols:
            return None, {}
        info: dict[str, _IndInfo] = {}
        result: dict[str, Indikator] = {}
        for row in self._rows(table):
            before = len(self.problems)
            kode = self.kode(row)
            if kode is not BAD:
                if kode in info:
                    self.at(
                        row,
                        "kode",
                        _("kode '{kode}' is already used in row {row}", kode=kode,
                          row=info[kode].row),
                        _("give each indicator its own kode"),
                    )
                    kode = BAD
                else:
                    info[kode] = _IndInfo(row.number, None, False)
            if not table.complete:
                continue
            level = self.enum(row, "level", LEVEL_ALIASES, [v.value for v in Level])
            uraian = self.text(row, "uraian")
            nama = self.text(row, "indikator", required=True, what="the indicator's name")
            jenis = self.enum(row, "jenis", JENIS_ALIASES, [v.value for v in Jenis])
            satuan = self.text(row, "satuan", required=True, what="the unit, e.g. %, Orang")
            polaritas = self.enum(row, "polaritas", POLARITAS_ALIASES, [v.value for v in Polaritas])
            agregasi = self.enum(row, "agregasi", AGREGASI_ALIASES, [v.value for v in Agregasi])
            bidang = self.text(row, "bidang", required=True, what="the responsible bidang")
            tahunan = self.target(row, "target_tahunan")
            tw: dict[int, Any] = {}
            for n in range(1, 5):
                t = self.target(row, f"target_tw{n}")
                if t is not None:
                    tw[n] = t
            sm: dict[int, Any] = {}
            for n in range(1, 3):
                t = self.target(row, f"target_s{n}")
                if t is not None:
                    sm[n] = t
            pagu = self.rupiah(row, "pagu")
            induk = self.kode_induk(row)
            desimal = self.desimal(row)
            lalu: dict[int, Any] = {}
            for name in sorted(c for c in table.cols if c.startswith("realisasi_")):
                v = self.nilai(row, name, allow_text=True)
                if v is not None:
                    lalu[int(name.removeprefix("realisasi_"))] = v

            if tahunan is None and any(t is not BAD for t in [*tw.values(), *sm.values()]):
                given = ", ".join(
                    [f"target_tw{n}" for n, t in tw.items() if t is not BAD]
                    + [f"target_s{n}" for n, t in sm.items() if t is not BAD]
                )
                self.at(
                    row,
                    "target_tahunan",
                    _("{given} given but target_tahunan is empty", given=given),
                    _("write the yearly target in target_tahunan"),
                )
            if pagu not in (None, BAD) and level in (Level.TUJUAN, Level.SASARAN):
                self.at(
                    row,
                    "pagu",
                    _("pagu given for a {value}", value=level.value),
                    _("give pagu on program, kegiatan or sub_kegiatan rows only"),
                )
            targets = [tahunan, *tw.values(), *sm.values()]
            if kode is not BAD:
                info[kode] = _IndInfo(
                    row.number,
                    agregasi if agregasi is not BAD else None,
                    any(isinstance(t, str) for t in targets),
                )
            if len(self.problems) > before or kode is BAD:
                continue
            result[kode] = Indikator(
                kode=kode,
                level=level,
                uraian=uraian,
                nama=nama,
                jenis=jenis,
                satuan=satuan,
                polaritas=polaritas,
                agregasi=agregasi,
                bidang=bidang,
                target_tahunan=tahunan,
                target_triwulan=tw,
                target_semester=sm,
                pagu=pagu,
                induk=induk,
                desimal=desimal,
                realisasi_lalu=lalu,
                source_row=row.number,
            )
        return info, result

    def kode_induk(self, row: _Row) -> Any:
        """The ``induk`` column: the kode of the budget line above, as text (``""`` if empty)."""
        v = self.raw(row, "induk")
        if v is BAD:
            return BAD
        if isinstance(v, float):
            self.at(
                row,
                "induk",
                _("kode induk {value} was stored as a number", value=repr(v)),
                _("format the induk column as Text and type the kode again (1.06.04…)"),
            )
            return BAD
        return "" if v is None else re.sub(r"\s+", "", str(v))

    def desimal(self, row: _Row) -> Any:
        """The ``desimal`` column: decimals to print (0..4), ``None`` if empty."""
        v = self.raw(row, "desimal")
        if v is BAD or v is None:
            return None if v is None else BAD
        text = self._as_text(v)
        if not re.fullmatch(r"[0-4]", text):
            self.at(
                row,
                "desimal",
                _("desimal '{value}' is not a number of decimals", value=text),
                _("write 0, 1, 2, 3 or 4 (or leave it empty: the decimals as typed)"),
            )
            return BAD
        return int(text)

    # -- Realisasi --

    def _realisasi(
        self,
        table: _Table | None,
        info: dict[str, _IndInfo] | None,
        indikator: dict[str, Indikator],
        periode: Periode | None,
    ) -> tuple[Realisasi, ...]:
        if table is None or not table.complete:
            return ()
        entries: list[_RealRow] = []
        for row in self._rows(table):
            kode = self.kode(row)
            if kode is not BAD and info is not None and kode not in info:
                self.at(
                    row,
                    "kode",
                    _("kode '{kode}' is not in the Indikator sheet", kode=kode),
                    _("use a kode listed in the Indikator sheet"),
                )
                kode = BAD
            per = self._periode(row, periode)
            text_ok = info[kode].text_target if kode is not BAD and info else True
            nilai = self.nilai(row, "realisasi", allow_text=text_ok)
            anggaran = self.rupiah(row, "realisasi_anggaran")
            ket = self.raw(row, "keterangan")
            ket = "" if ket in (None, BAD) else str(ket).strip()
            if BAD in (kode, per, nilai, anggaran):
                continue
            if nilai is None and anggaran is None and not ket:
                continue  # kode and periode only: nothing reported yet
            monthly, index = per
            tw = (index - 1) // 3 + 1 if monthly else index
            entries.append(_RealRow(kode, monthly, index, tw, nilai, anggaran, ket, row.number))
        return self._fold(table, entries, indikator)

    def _periode(self, row: _Row, periode: Periode | None) -> Any:
        """``(monthly, index)``: ``(True, 1..12)`` for a month, ``(False, 1..4)`` for a TW."""
        v = self.raw(row, "periode")
        if v is BAD:
            return BAD
        if v is None:
            self.at(row, "periode", _("periode is empty"), _(_PERIODE_HINT))
            return BAD
        try:
            monthly, index, year = _parse_row_periode(v)
        except ValueError:
            self.at(row, "periode", _("'{value}' is not a period", value=_shown(v)),
                    _(_PERIODE_HINT))
            return BAD
        if periode is not None:
            tw = (index - 1) // 3 + 1 if monthly else index
            if year is not None and year != periode.tahun:
                self.at(
                    row,
                    "periode",
                    _("'{value}' is not in {tahun}", value=_shown(v), tahun=periode.tahun),
                    _("report realisasi of {tahun} only (Siklus periode {periode})",
                      tahun=periode.tahun, periode=periode),
                )
                return BAD
            if tw > periode.triwulan:
                self.at(
                    row,
                    "periode",
                    _("'{value}' is after the period {periode}", value=_shown(v), periode=periode),
                    _("remove it, or change periode in Siklus (now {periode})", periode=periode),
                )
                return BAD
        return monthly, index

    def _fold(
        self, table: _Table, entries: list[_RealRow], indikator: dict[str, Indikator]
    ) -> tuple[Realisasi, ...]:
        col = self._letter(table, "periode")
        groups: dict[tuple[str, int], list[_RealRow]] = defaultdict(list)
        seen: dict[tuple[str, bool, int], int] = {}
        for e in entries:
            k = (e.kode, e.monthly, e.index)
            if k in seen:
                what = BULAN[e.index - 1] if e.monthly else f"TW{e.index}"
                self.add(
                    table.sheet,
                    e.row,
                    col,
                    _("realisasi of kode '{kode}' for {what} is already given in row {value}",
                      kode=e.kode, what=what, value=seen[k]),
                    _("give each kode and periode once"),
                )
                continue
            seen[k] = e.row
            groups[(e.kode, e.triwulan)].append(e)

        out: list[Realisasi] = []
        for (kode, tw), rows in groups.items():
            months = sorted((r for r in rows if r.monthly), key=lambda r: r.index)
            quarters = [r for r in rows if not r.monthly]
            if months and quarters:
                month_rows = ", ".join(str(r.row) for r in months)
                for q in quarters:
                    self.add(
                        table.sheet,
                        q.row,
                        col,
                        _("kode '{kode}' TW{tw} is given as a triwulan here and by month in rows "
                          "{month_rows}", kode=kode, tw=tw, month_rows=month_rows),
                        _("report either the months or the triwulan, not both"),
                    )
                continue
            ind = indikator.get(kode)
            if ind is None:
                continue  # the indicator has problems of its own
            if quarters:
                q = quarters[0]
                out.append(Realisasi(kode, tw, q.nilai, q.anggaran, q.keterangan, q.row))
                continue
            bulanan = tuple((m.index, m.nilai) for m in months)
            anggaran = [m.anggaran for m in months if m.anggaran is not None]
            out.append(
                Realisasi(
                    kode=kode,
                    triwulan=tw,
                    nilai=aggregate([m.nilai for m in months], ind.agregasi),
                    realisasi_anggaran=sum(anggaran) if anggaran else None,
                    keterangan=_join_keterangan(months),
                    source_row=months[0].row,
                    bulanan=bulanan,
                )
            )
        order = {k: i for i, k in enumerate(indikator)}
        return tuple(sorted(out, key=lambda r: (order[r.kode], r.triwulan)))

    # -- Pejabat --

    def _pejabat(self, table: _Table | None) -> tuple[Pejabat, ...]:
        if table is None or not table.complete:
            return ()
        out: list[Pejabat] = []
        seen: dict[str, int] = {}
        for row in self._rows(table):
            before = len(self.problems)
            peran = self.text(row, "peran", required=True, what="the role, e.g. kepala")
            jabatan = self.text(row, "jabatan", required=True, what="the jabatan")
            nama = self.text(row, "nama")
            pangkat = self.text(row, "pangkat")
            nip = self._nip(row)
            bidang = self.text(row, "bidang")
            if peran is not BAD:
                peran = re.sub(r"[\s\-]+", "_", peran.lower())
                if peran in _SINGLE_PERAN and peran in seen:
                    self.at(
                        row,
                        "peran",
                        _("peran '{peran}' is already given in row {value}", peran=peran,
                          value=seen[peran]),
                        _("give one {peran}", peran=peran),
                    )
                seen.setdefault(peran, row.number)
            if len(self.problems) > before:
                continue
            out.append(Pejabat(jabatan=jabatan, nama=nama, pangkat=pangkat, nip=nip, peran=peran,
                               bidang=bidang))
        return tuple(out)

    def _nip(self, row: _Row) -> Any:
        v = self.raw(row, "nip")
        if v is BAD:
            return BAD
        if v is None:
            return ""
        expected = _("write the 18 digits of the NIP (spaces allowed), in a cell formatted as "
                     "Text")
        if isinstance(v, float):
            self.at(row, "nip", _("NIP {v:.0f} was stored as a number and has lost digits", v=v),
                    expected)
            return BAD
        text = re.sub(r"^nip\s*[.:]?\s*", "", str(v).strip(), flags=re.IGNORECASE)
        if is_na(text):
            return ""
        digits = re.sub(r"\s+", "", text)
        if not digits.isdigit() or not digits.isascii():
            self.at(row, "nip", _("NIP '{v}' has characters other than digits and spaces", v=v),
                    expected)
            return BAD
        if len(digits) != 18:
            self.at(row, "nip", _("NIP '{v}' has {n} digits", v=v, n=len(digits)), expected)
            return BAD
        return digits
