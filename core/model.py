"""The domain model: collected performance data, the SOP, and what the pipeline produces.

Plain frozen dataclasses, no behaviour beyond small derived properties. Everything that crosses
a module boundary (input reader → measurement → documents → archive) is one of these types.

Terms follow the domain brief (``shared/domain/README.md``, §1 and §5): *indikator*, *target*,
*realisasi*, *capaian*, *bidang*, *triwulan*, *pelaksana*, *mutu baku*.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from naskah.i18n import _


class Level(enum.StrEnum):
    """Level of the Perjanjian Kinerja hierarchy an indicator belongs to."""

    TUJUAN = "tujuan"
    SASARAN = "sasaran"
    PROGRAM = "program"
    KEGIATAN = "kegiatan"
    SUB_KEGIATAN = "sub_kegiatan"


class Jenis(enum.StrEnum):
    """Type of indicator: IKU, IKK, IKI, or a plain program/kegiatan indicator (IK)."""

    IKU = "IKU"
    IKK = "IKK"
    IKI = "IKI"
    IK = "IK"


class Polaritas(enum.StrEnum):
    """Direction of an indicator: *positif* (higher is better) or *negatif* (lower is better)."""

    POSITIF = "positif"
    NEGATIF = "negatif"


class Agregasi(enum.StrEnum):
    """How period realisasi combine into the value measured for a period (cara perhitungan)."""

    KUMULATIF = "kumulatif"
    AKHIR_PERIODE = "akhir_periode"
    RATA_RATA = "rata_rata"


class TidakDapatDiukur:
    """Sentinel for a realisasi reported as ``n/a`` or ``-``: *tidak dapat diukur*, never 0."""

    _instance: TidakDapatDiukur | None = None

    def __new__(cls) -> TidakDapatDiukur:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "TIDAK_DAPAT_DIUKUR"

    def __reduce__(self) -> str:
        return "TIDAK_DAPAT_DIUKUR"


TIDAK_DAPAT_DIUKUR = TidakDapatDiukur()

Nilai = Decimal | str | TidakDapatDiukur | None
"""A target or realisasi value.

- ``Decimal``: a number (units are the indicator's satuan);
- ``str``: a text value, e.g. an opini ``"WTP"``;
- ``TIDAK_DAPAT_DIUKUR``: reported as not measurable (``n/a``, ``-``);
- ``None``: not reported (yet). Never the same as ``Decimal(0)``.
"""


from naskah.periode import PERIODE_REGEX, JenisPeriode, Periode  # noqa: E402, F401


@dataclass(frozen=True)
class Indikator:
    """One indicator of the Perjanjian Kinerja, as collected in the ``Indikator`` sheet.

    - ``target_triwulan`` maps triwulan 1..4 to its target, ``target_semester`` semester 1..2
      to its target (missing keys: no period target; domain brief §2, Period targets);
    - ``pagu`` is the budget ceiling in Rupiah (integer) or ``None``; ``induk`` the kode of the
      budget line above this one when the input names it (else found from the kode prefix);
    - ``desimal``: decimals to print targets and realisasi with, as declared in the input or
      as given (``14,40`` → 2); ``None``: print the digits of each value;
    - ``realisasi_lalu`` maps an earlier year (``2023``) to its realisasi (annual tables).
    """

    kode: str
    level: Level
    uraian: str
    nama: str
    jenis: Jenis
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    bidang: str
    target_tahunan: Nilai
    target_triwulan: dict[int, Nilai] = field(default_factory=dict)
    pagu: int | None = None
    source_row: int | None = None
    target_semester: dict[int, Nilai] = field(default_factory=dict)
    induk: str = ""
    desimal: int | None = None
    realisasi_lalu: dict[int, Nilai] = field(default_factory=dict)


@dataclass(frozen=True)
class Realisasi:
    """One reported value of an indicator for one triwulan (``Realisasi`` sheet).

    Monthly rows are folded into their triwulan by the reader according to the indicator's
    agregasi. ``realisasi_anggaran`` is in Rupiah. ``bulanan``: the monthly values it was folded
    from, ``((bulan, nilai), …)`` in month order (empty for a quarterly row), so a period of
    several triwulan can aggregate over all its months.
    """

    kode: str
    triwulan: int
    nilai: Nilai
    realisasi_anggaran: int | None = None
    keterangan: str = ""
    source_row: int | None = None
    bulanan: tuple[tuple[int, Nilai], ...] = ()


@dataclass(frozen=True)
class Pejabat:
    """An official or participant: name, jabatan, pangkat/golongan, NIP (18 digits, no spaces).

    ``peran`` is the role in the SOP (``kepala``, ``sekretaris``, ``ketua_tim``, ``anggota_tim``,
    ``pencatat``, ``kepala_bidang`` …); ``bidang`` names the bidang a ``kepala_bidang`` heads.
    Empty strings mean *not given*: documents print a blank line to fill by hand.
    """

    jabatan: str
    nama: str = ""
    pangkat: str = ""
    nip: str = ""
    peran: str = ""
    bidang: str = ""


@dataclass(frozen=True)
class Rapat:
    """Meeting facts (for undangan, notulen, daftar hadir). Every field may be missing."""

    tanggal: date | None = None
    waktu_mulai: time | None = None
    waktu_selesai: time | None = None
    tempat: str = ""
    acara: str = ""
    pimpinan: str = ""
    pencatat: str = ""
    pembahasan: tuple[str, ...] = ()
    keputusan: tuple[str, ...] = ()


@dataclass(frozen=True)
class Siklus:
    """The cycle's facts from the ``Siklus`` sheet: the period and the dates the SOP steps need.

    ``tanggal`` maps a named moment (``nota_dinas``, ``laporan``, ``disposisi`` …) to a date; a
    missing key means the date is not given and documents leave it blank.
    """

    periode: Periode
    agency: str = ""
    tanggal: dict[str, date] = field(default_factory=dict)
    rapat: dict[str, Rapat] = field(default_factory=dict)
    catatan: str = ""


@dataclass(frozen=True)
class CollectedData:
    """Everything read from one input workbook.

    ``columns`` maps sheet → column name → column letter as found in the workbook, so a plugin
    reporting a :class:`Problem` can name the cell (``data.column("Indikator", "jenis")``).
    """

    source: str
    siklus: Siklus
    indikator: tuple[Indikator, ...]
    realisasi: tuple[Realisasi, ...]
    pejabat: tuple[Pejabat, ...] = ()
    columns: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def bidang(self) -> tuple[str, ...]:
        """Responsible bidang in first-seen order."""
        seen: dict[str, None] = {}
        for ind in self.indikator:
            seen.setdefault(ind.bidang, None)
        return tuple(seen)

    def column(self, sheet: str, name: str) -> str | None:
        """The letter of column ``name`` of ``sheet`` in the source workbook, if known."""
        return self.columns.get(sheet, {}).get(name)

    def realisasi_of(self, kode: str) -> dict[int, Realisasi]:
        """Realisasi of one indicator by triwulan."""
        return {r.triwulan: r for r in self.realisasi if r.kode == kode}


# --- the SOP ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keputusan:
    """A decision point of a step: where the flow goes on YA and on TIDAK (step numbers)."""

    ya: int
    tidak: int
    pertanyaan: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """A document a step produces: its kind (see ``naskah_document_kinds``) and an optional variant.

    ``per_bidang``: one document for each bidang of the data instead of one for the agency.
    """

    kind: str
    variant: str = ""
    per_bidang: bool = False


@dataclass(frozen=True)
class Step:
    """One SOP step with its pelaksana and mutu baku, exactly as the agency's SOP table gives it.

    ``waktu_menit`` is the standard time in minutes (``1 hari`` = one working day = 300 minutes
    by default, see :data:`MENIT_PER_HARI_KERJA`); ``None`` where the SOP gives none.
    ``waktu_teks`` keeps the SOP's own wording (``"1 hari"``). ``documents``: the documents the
    step produces; ``None`` lets the default plugin read them from ``output``, ``()`` means none.
    """

    nomor: int
    uraian: str
    pelaksana: tuple[str, ...]
    kelengkapan: tuple[str, ...]
    waktu_menit: int | None
    waktu_teks: str
    output: str
    documents: tuple[DocumentSpec, ...] | None = None
    keputusan: Keputusan | None = None
    keterangan: str = ""


MENIT_PER_HARI_KERJA = 300
"""Minutes in a working day used to schedule ``1 hari`` steps (5 effective hours). (verify)"""


@dataclass(frozen=True)
class Procedure:
    """One procedure of the SOP (``pengumpulan`` or ``pengukuran``) with its ordered steps.

    ``pelaksana`` lists the executor columns of the SOP table, in table order.
    """

    slug: str
    judul: str
    pelaksana: tuple[str, ...]
    steps: tuple[Step, ...]
    judul_tabel: str = ""
    """The SOP table's own title where the SOP prints one (Dinsos Sumedang: "SOP Mekanisme
    Pengukuran Kinerja Anggaran SKPD"); the SOP document prints it above the table. Empty:
    "Prosedur <judul>"."""

    def step(self, nomor: int) -> Step:
        for s in self.steps:
            if s.nomor == nomor:
                return s
        raise KeyError(f"procedure {self.slug} has no step {nomor}")


# --- the agency --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LembarKerja:
    """The "Lembar Kerja Identifikasi Kegiatan" of an SOP that has one (Dinsos Sumedang),
    verbatim. A. Data Kegiatan: ``jenis_kegiatan`` ("Rutin"), the penanggung jawab of the
    product and of the activity, the ``ruang_lingkup`` (scope). B. Identifikasi Kegiatan:
    ``langkah_awal``, ``langkah_utama``, ``langkah_akhir``; C. Identifikasi Langkah:
    ``langkah``, one text per step in order — as the Lembar Kerja words them, which is not
    always the SOP table's wording (Sumedang's step 8 goes "kepada Perencana Ahli Muda" there,
    "kepada Bagian Perencanaan dan Pelaporan" in the table). Empty ``langkah_awal`` /
    ``langkah_akhir`` / ``langkah``: printed from the procedures' first and last step and their
    steps; an empty ``langkah_utama`` is printed blank, as the SOP leaves it."""

    jenis_kegiatan: str = ""
    penanggung_jawab_produk: str = ""
    penanggung_jawab_kegiatan: str = ""
    ruang_lingkup: str = ""
    langkah_awal: str = ""
    langkah_utama: str = ""
    langkah_akhir: str = ""
    langkah: tuple[str, ...] = ()


@dataclass(frozen=True)
class SopIdentitas:
    """The identity page of an SOP document (SOP AP format, Permenpan RB 35/2012).

    Every field is what the agency's SOP gives, verbatim; empty where it gives nothing (printed
    as a blank line). Dates as ``date`` objects; ``tanggal_revisi`` may be ``None`` (``"-"``).
    ``disahkan_label``: the label of the signer's row as the SOP prints it (``"Ditetapkan
    Oleh"`` in Dinsos Sumedang's); empty: ``"Disahkan oleh"``. ``lembar_kerja``: its "Lembar
    Kerja Identifikasi Kegiatan" where it has one (a page after the identity page).
    """

    nama_sop: str = ""
    nomor: str = ""
    tanggal_pembuatan: date | None = None
    tanggal_revisi: date | None = None
    tanggal_efektif: date | None = None
    disahkan_oleh: str = ""
    disahkan_label: str = ""
    kualifikasi_pelaksana: tuple[str, ...] = ()
    keterkaitan: tuple[str, ...] = ()
    peralatan: tuple[str, ...] = ()
    peringatan: tuple[str, ...] = ()
    pencatatan: tuple[str, ...] = ()
    lembar_kerja: LembarKerja | None = None


@dataclass(frozen=True)
class AgencyProfile:
    """What an agency plugin declares about its agency (from its seed SOP).

    - ``slug``: the ``--agency`` name, e.g. ``dinsos-p3a-pessel``;
    - ``nama``: full agency name as in its kop, e.g. ``DINAS SOSIAL, ...``;
    - ``pemerintah``: first kop line, e.g. ``PEMERINTAH KABUPATEN PESISIR SELATAN``;
    - ``kota``: place printed before the date (``Painan``); empty if not known;
    - ``kepala``: the head (jabatan always; name/NIP only where the seed gives them);
    - ``jenis_indikator``: indicator types its SOP collects (seed "Ruang Lingkup");
    - ``kertas``: ``"F4"`` (215 × 330 mm) or ``"A4"``;
    - ``sop``: the SOP document's identity page (:class:`SopIdentitas`);
    - ``zona_waktu``: the agency's time zone, ``"WIB"``, ``"WITA"`` or ``"WIT"``: times shown
      to its users are in it (:mod:`naskah.timezones`).
    """

    slug: str
    nama: str
    singkatan: str
    pemerintah: str
    kabupaten: str
    kota: str
    kepala: Pejabat
    sekretaris: Pejabat
    alamat: str = ""
    kontak: str = ""
    kode_unit: str = ""
    tahun_sop: int | None = None
    nomor_sop: str = ""
    jenis_indikator: tuple[Jenis, ...] = (Jenis.IKU, Jenis.IKK, Jenis.IKI, Jenis.IK)
    bidang: tuple[str, ...] = ()
    kertas: str = "F4"
    logo: str = ""
    persyaratan: tuple[str, ...] = ()
    dokumen_pelengkap: tuple[str, ...] = ()
    dasar_hukum: tuple[str, ...] = ()
    sop: SopIdentitas = field(default_factory=SopIdentitas)
    source: str = ""
    zona_waktu: str = "WIB"


@dataclass(frozen=True)
class Problem:
    """One located problem in the input: where, what was found, what was expected."""

    file: str
    sheet: str
    row: int | None
    column: str | None
    found: str
    expected: str

    @property
    def location(self) -> str:
        """``"data.xlsx: Realisasi!D14"``; parts not known are left out (``"data.xlsx"``,
        ``"data.xlsx: Indikator row 7"``, ``"data.xlsx: Indikator!D"``)."""
        if self.column and self.row:
            where = f"{self.sheet}!{self.column}{self.row}"
        elif self.column:
            where = f"{self.sheet}!{self.column}"
        elif self.row:
            where = _("{sheet} row {row}", sheet=self.sheet, row=self.row)
        else:
            where = self.sheet
        parts = [p for p in (self.file, where) if p]
        return ": ".join(parts)

    def __str__(self) -> str:
        return f"{self.location}: {self.found}; {self.expected}"


# --- documents ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document naskah can render (hook ``naskah_document_kinds``).

    - ``slug``: ``nota_dinas``, ``kertas_kerja`` … also the template's file stem;
    - ``judul``: title printed and shown in listings, e.g. ``Nota Dinas``;
    - ``kode_klasifikasi``: kode klasifikasi arsip (Permendagri 83/2022, verify) used in the
      document's nomor and kept in the archive index;
    - ``bernomor``: whether the document takes a number from the register;
    - ``variants``: the variants a step may ask for besides the plain document (``draft``,
      ``terisi`` …; :class:`DocumentSpec.variant`). ``naskah plugins`` refuses a step asking
      for a variant its kind does not list.
    """

    slug: str
    judul: str
    kode_klasifikasi: str = "000.8.6.3"
    bernomor: bool = False
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlannedDocument:
    """One document of a cycle's trail, before rendering.

    ``key`` is deterministic for (agency, period, procedure, step, kind, variant, bidang).
    """

    agency: str
    periode: Periode
    procedure: str
    step: int
    kind: DocumentKind
    variant: str = ""
    bidang: str = ""

    @property
    def key(self) -> str:
        parts = [self.agency, self.periode.key, self.procedure, f"{self.step:02d}", self.kind.slug]
        if self.variant:
            parts.append(self.variant)
        if self.bidang:
            parts.append(slugify(self.bidang))
        return "/".join(parts)

    @property
    def title(self) -> str:
        t = self.kind.judul
        if self.variant:
            t += f" ({self.variant.replace('_', ' ')})"
        if self.bidang:
            t += f" — {self.bidang}"
        return t


def slugify(text: str) -> str:
    """``"Bidang Rehabilitasi Sosial"`` → ``"bidang-rehabilitasi-sosial"`` (ASCII, lower case)."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s or "x"
