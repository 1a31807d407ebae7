"""Context of the SOP document itself (kind ``sop``, "Standar Operasional Prosedur").

Format: SOP AP, Permenpan RB 35/2012 (domain brief §4), as the seeds print it (identity table of
``002_f3d3382478243051.txt`` and ``004_5dc8ea3fe98e8872.txt``; flowchart tables and the Kepala's
signature after each table in ``000``, ``001``, ``003``). Template ``templates/docx/sop.docx``
(built by ``templates/build/sop.py``), landscape:

1. the **identity page**: kop cell (logo, pemerintah, agency), Nomor SOP, tanggal pembuatan /
   revisi / efektif, disahkan oleh (jabatan, room for the signature, name, pangkat, NIP), nama
   SOP; then Dasar Hukum | Kualifikasi Pelaksana, Keterkaitan | Peralatan/Perlengkapan,
   Peringatan | Pencatatan dan Pendataan;
2. per procedure: the steps as a text table (No, uraian, pelaksana, mutu baku, keterangan: the
   searchable words of the matrix), then the **flowchart matrix** pages drawn by
   :mod:`naskah.documents.flowchart`, then the signature block of the Kepala.

Sources of each value: :class:`~naskah.model.AgencyProfile` (``sop``: :class:`SopIdentitas`,
``dasar_hukum``, ``kepala``, ``nama``, ``pemerintah``, ``nomor_sop``, ``logo``, ``kertas``) and
the agency's procedures. A field the profile leaves empty is printed as a blank line of dots and
named in a warning; nothing is invented. Choices where the sources are silent:

- Nama SOP empty: the procedures' titles joined with "dan" (a fact of the plugin's SOP, not an
  invention), with a warning;
- Tanggal revisi empty: ``-`` when the SOP gives its tanggal pembuatan (the seed 002 form: "not
  revised"), a blank line when it gives no date at all;
- Disahkan oleh: the profile's Kepala (the SOP's signatory); in a cycle the input's Kepala only
  completes a missing name when both carry the same NIP (the same person);
- a list of one item is printed without a number, longer lists numbered ``1.``, ``2.`` ….
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.artifacts import artifact, content_key
from naskah.documents.common import LOGO_PLACEHOLDER, base_context, kop_lines
from naskah.documents.flowchart import (
    catatan_langkah,
    draw_flowchart_pages,
    keterangan_langkah,
    waktu_langkah,
)
from naskah.documents.registry import builder
from naskah.formatting import KOSONG
from naskah.i18n import _
from naskah.model import AgencyProfile, Pejabat, PlannedDocument, Procedure
from naskah.render import PAPER_MM, Image

MARGIN_LANDSCAPE_MM = (15.0, 15.0, 20.0, 15.0)
"""Top, bottom, left, right margins of the landscape template (templates/build/common.py)."""

JARAK_GAMBAR_LO_MM = 3.25
"""LibreOffice gives an inline picture without ``distL``/``distR`` (python-docx writes none) about
3.2 mm of spacing on each side: the matrix is drawn that much narrower on both sides so it stays
inside the margins there, and sits centred in Word."""

JUDUL_HALAMAN_MM = 8.0
"""Height taken on a matrix page by its title line and the image paragraph's own leading."""

CADANGAN_TTD_MM = 58.0
"""Height kept free under the last matrix page of a procedure for the signature block."""

LOGO_MM = 24.0
"""Printed width of the logo in the identity page's kop cell."""

NAMA_KOSONG = "." * 36
"""Printed for a missing name (room to write it by hand)."""

ISIAN_KOSONG = "." * 50
"""Printed for a missing identity value (Nomor SOP, a date): room to write it by hand."""

BARIS_KOSONG = "." * 90
"""One blank line of a missing list (Dasar Hukum, Keterkaitan …)."""

BARIS_LIST_KOSONG = 3
"""Blank lines printed for a missing list."""

KOP_IDENTITAS_CHARS = 34
"""Longest agency-name line in the identity page's kop cell (bold 12 pt in ~110 mm)."""

Warn = Callable[[str], None]

_LIST_FIELDS = (
    ("kualifikasi", "kualifikasi_pelaksana", "Kualifikasi Pelaksana"),
    ("keterkaitan", "keterkaitan", "Keterkaitan"),
    ("peralatan", "peralatan", "Peralatan/Perlengkapan"),
    ("peringatan", "peringatan", "Peringatan"),
    ("pencatatan", "pencatatan", "Pencatatan dan Pendataan"),
)


def ukuran_halaman(kertas: str) -> tuple[float, float]:
    """Text width and height (mm) of a landscape page of ``kertas`` (``"F4"``/``"A4"``):
    F4 → (295, 185), A4 → (262, 180)."""
    if kertas not in PAPER_MM:
        raise ValueError(_("kertas {kertas!r} is not one of {value}", kertas=kertas,
                           value=', '.join(PAPER_MM)))
    w, h = PAPER_MM[kertas]
    top, bottom, left, right = MARGIN_LANDSCAPE_MM
    return h - left - right, w - top - bottom


def daftar(items: Sequence[str]) -> list[dict[str, str]]:
    """A list as printed: ``[{no, teks}]``; one item → no number; none →
    :data:`BARIS_LIST_KOSONG` blank lines (``{"no": "", "teks": BARIS_KOSONG}``) to fill by
    hand."""
    clean = [" ".join(str(i).split()) for i in items if str(i).strip()]
    if not clean:
        return [{"no": "", "teks": BARIS_KOSONG}] * BARIS_LIST_KOSONG
    if len(clean) == 1:
        return [{"no": "", "teks": clean[0]}]
    return [{"no": f"{n}.", "teks": t} for n, t in enumerate(clean, start=1)]


def nama_sop(agency: AgencyProfile, procedures: Sequence[Procedure], warn: Warn) -> str:
    """The SOP's name: ``agency.sop.nama_sop``, else the procedures' titles joined with "dan"."""
    nama = agency.sop.nama_sop.strip()
    if nama:
        return nama
    derived = " dan ".join(p.judul for p in procedures if p.judul.strip())
    if derived:
        warn(_("SOP: the SOP name is not in the profile (sop.nama_sop): made from the procedure "
               "titles ({derived!r})", derived=derived))
    else:
        warn(_("SOP: the SOP name is not in the profile (sop.nama_sop): written blank"))
    return derived or ISIAN_KOSONG


def pengesah(agency: AgencyProfile, input_kepala: Pejabat | None = None) -> Pejabat:
    """The official who disahkan the SOP: the profile's Kepala; a missing name or pangkat is
    taken from ``input_kepala`` only when both have the same (non-empty) NIP."""
    k = agency.kepala
    if input_kepala is None:
        return k
    same = "".join(k.nip.split()) and "".join(k.nip.split()) == "".join(input_kepala.nip.split())
    if not same:
        return k
    return Pejabat(
        jabatan=k.jabatan or input_kepala.jabatan,
        nama=k.nama or input_kepala.nama,
        pangkat=k.pangkat or input_kepala.pangkat,
        nip=k.nip,
        peran=k.peran,
    )


def jabatan_pengesah(disahkan_oleh: str, pejabat: Pejabat) -> str:
    """The jabatan printed above the signature: ``SopIdentitas.disahkan_oleh`` (verbatim from
    the seed) without the name and NIP the cell may also hold, else the official's jabatan::

        "Kepala Dinas Sosial Kabupaten Sumedang (H. DIKDIK SADIKIN, A.KS., M.Si) NIP. 1972…"
        → "Kepala Dinas Sosial Kabupaten Sumedang"
    """
    text = " ".join(disahkan_oleh.split())
    nama = " ".join(pejabat.nama.split())
    if nama:
        pattern = r"\(?\s*(?<!\w)" + re.escape(nama) + r"(?!\w)\s*\)?"
        text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\bNIP\b\.?\s*:?\s*[\d ]{18,}", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\(\s*\)", " ", text)
    text = " ".join(text.split()).strip(" ,;:")
    return text or pejabat.jabatan.strip()


def ttd_pengesah(agency: AgencyProfile, pejabat: Pejabat, warn: Warn) -> dict[str, str]:
    """Signature values ``{tempat_tanggal, label, jabatan, nama, pangkat, nip}`` (the keys of
    ``templates/build/common.py: add_signature``) of the official who disahkan the SOP; no place
    or date line (the seeds print none). Missing name / NIP → dots and a warning."""
    jabatan = jabatan_pengesah(agency.sop.disahkan_oleh, pejabat)
    nama = pejabat.nama.strip()
    raw = pejabat.nip.strip()
    if not nama:
        warn(_("SOP: name of {value} is not in the profile: written blank",
               value=jabatan or 'pengesah SOP'))
    if not raw:
        warn(_("SOP: NIP of {value} is not in the profile: written blank",
               value=jabatan or 'pengesah SOP'))
        nip = f"NIP. {KOSONG}"
    else:
        try:
            nip = f"NIP. {formatting.nip(raw)}"
        except ValueError:
            warn(_("SOP: NIP {raw!r} is not 18 digits: printed as it is", raw=raw))
            nip = f"NIP. {raw}"
    return {
        "tempat_tanggal": "",
        "label": "",
        "jabatan": jabatan or KOSONG,
        "nama": nama or NAMA_KOSONG,
        "pangkat": pejabat.pangkat.strip(),
        "nip": nip,
    }


def identitas(
    agency: AgencyProfile, procedures: Sequence[Procedure], pejabat: Pejabat, warn: Warn
) -> dict[str, Any]:
    """The identity page's values::

        {nama_sop, nomor, tanggal_pembuatan, tanggal_revisi, tanggal_efektif,
         disahkan: {jabatan, nama, pangkat, nip, ...}, disahkan_label (the row's label,
         ``SopIdentitas.disahkan_label`` or "Disahkan oleh"), dasar_hukum: [{no, teks}],
         kualifikasi, keterkaitan, peralatan, peringatan, pencatatan: [{no, teks}]}

    Dates as ``15 Januari 2025``; missing values as :data:`ISIAN_KOSONG` / blank list lines (one
    warning listing them)."""
    sop = agency.sop
    missing: list[str] = []
    nomor = sop.nomor.strip() or agency.nomor_sop.strip()
    if not nomor:
        missing.append("Nomor SOP")
    for label, d in (
        ("Tanggal Pembuatan", sop.tanggal_pembuatan),
        ("Tanggal Efektif", sop.tanggal_efektif),
    ):
        if d is None:
            missing.append(label)
    if sop.tanggal_revisi is not None:
        revisi = formatting.tanggal(sop.tanggal_revisi)
    elif sop.tanggal_pembuatan is not None:
        revisi = "-"
    else:
        revisi = ISIAN_KOSONG
        missing.append("Tanggal Revisi")
    if not any(x.strip() for x in agency.dasar_hukum):
        missing.append("Dasar Hukum")
    lists = {}
    for key, attr, label in _LIST_FIELDS:
        items = getattr(sop, attr)
        if not any(str(i).strip() for i in items):
            missing.append(label)
        lists[key] = daftar(items)
    if missing:
        warn(_("SOP: {fields} not in the profile: written blank", fields=", ".join(missing)))
    return {
        "nama_sop": nama_sop(agency, procedures, warn),
        "nomor": nomor or ISIAN_KOSONG,
        "tanggal_pembuatan": _tanggal(sop.tanggal_pembuatan),
        "tanggal_revisi": revisi,
        "tanggal_efektif": _tanggal(sop.tanggal_efektif),
        "disahkan": ttd_pengesah(agency, pejabat, warn),
        "disahkan_label": " ".join(sop.disahkan_label.split()) or "Disahkan oleh",
        "dasar_hukum": daftar(agency.dasar_hukum),
        **lists,
    }


def lembar_kerja(agency: AgencyProfile, procedures: Sequence[Procedure]) -> dict[str, Any] | None:
    """The "Lembar Kerja Identifikasi Kegiatan" page (``None`` when the SOP has none)::

        {judul_sop, jenis_kegiatan, pj_produk, pj_kegiatan, ruang_lingkup,
         judul_kegiatan, langkah_awal, langkah_utama, langkah_akhir,
         langkah: [{label ("Langkah Awal" / "" / "Langkah Akhir"), teks ("1. …")}]}

    Verbatim from :class:`~naskah.model.LembarKerja`; where it leaves B's first/last step or
    C's list empty, from the procedures (first and last step of the first and last procedure;
    every step in order, numbered as in the procedures). Blank A values print as
    :data:`ISIAN_KOSONG`; a blank ``langkah_utama`` stays blank (the SOP leaves it so)."""
    lk = agency.sop.lembar_kerja
    if lk is None:
        return None
    steps = [s for p in procedures for s in p.steps]
    nama = agency.sop.nama_sop.strip() or ISIAN_KOSONG
    texts = ([f"{i}. {' '.join(t.split())}" for i, t in enumerate(lk.langkah, start=1)]
             if lk.langkah else [f"{s.nomor}. {' '.join(s.uraian.split())}" for s in steps])
    rows = []
    for i, teks in enumerate(texts):
        label = "Langkah Awal" if i == 0 else "Langkah Akhir" if i == len(texts) - 1 else ""
        rows.append({"label": label, "teks": teks})
    return {
        "judul_sop": nama,
        "jenis_kegiatan": lk.jenis_kegiatan or ISIAN_KOSONG,
        "pj_produk": lk.penanggung_jawab_produk or ISIAN_KOSONG,
        "pj_kegiatan": lk.penanggung_jawab_kegiatan or ISIAN_KOSONG,
        "ruang_lingkup": lk.ruang_lingkup or ISIAN_KOSONG,
        "judul_kegiatan": nama,
        "langkah_awal": lk.langkah_awal or (steps[0].uraian if steps else ISIAN_KOSONG),
        "langkah_utama": lk.langkah_utama,
        "langkah_akhir": lk.langkah_akhir or (steps[-1].uraian if steps else ISIAN_KOSONG),
        "langkah": rows,
    }


def _tanggal(d: date | None) -> str:
    return formatting.tanggal(d) if d else ISIAN_KOSONG


def langkah_rows(procedure: Procedure) -> list[dict[str, str]]:
    """The steps as printed in the text table: ``[{no, uraian, pelaksana, kelengkapan, waktu,
    output, keterangan}]`` (lists joined with ", "; keterangan includes the flowchart's note for
    a step without pelaksana)."""
    catatan = catatan_langkah(procedure)
    return [
        {
            "no": str(s.nomor),
            "uraian": s.uraian,
            "pelaksana": ", ".join(s.pelaksana) or "–",
            "kelengkapan": ", ".join(k for k in s.kelengkapan if k.strip()),
            "waktu": waktu_langkah(s),
            "output": s.output,
            "keterangan": keterangan_langkah(s, catatan),
        }
        for s in procedure.steps
    ]


def _huruf(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i] if i < 26 else str(i + 1)


def _logo(agency: AgencyProfile) -> Image | str:
    logo = (agency.logo or "").strip()
    if logo and Path(logo).is_file():
        return Image(Path(logo), LOGO_MM)
    return LOGO_PLACEHOLDER


def sop_context(
    agency: AgencyProfile,
    procedures: Sequence[Procedure],
    *,
    workdir: Path,
    kertas: str | None = None,
    kepala: Pejabat | None = None,
    warn: Warn | None = None,
) -> dict[str, Any]:
    """Every value of the ``sop`` template except the footer's ``sumber``::

        kop        {pemerintah, nama}          logo   Image | "" (none)
        identitas  see :func:`identitas`
        prosedur   [{huruf "A", judul, judul_kapital, langkah: [see langkah_rows],
                     halaman: [{gambar: Image, teks "halaman 1 dari 2"}]}]
        ttd        the signature of the official who disahkan the SOP

    The flowchart pages are SVG files (vector, text kept as text), sized for the landscape text
    width of ``kertas`` (default ``agency.kertas``): made once per procedure content and page
    size under the process's cache dir (:mod:`naskah.documents.artifacts`), else in
    ``workdir``. ``kepala``: the Kepala of the input (see
    :func:`pengesah`). ``warn`` receives each missing-fact warning.

    :raises ValueError: unknown ``kertas``, or a procedure the flowchart can't lay out.
    """
    warn = warn or (lambda _msg: None)
    kertas = kertas or agency.kertas or "F4"
    lebar, tinggi = ukuran_halaman(kertas)
    lebar -= 2 * JARAK_GAMBAR_LO_MM
    margin = 0.8  # the picture has 0.4 mm around the matrix (flowchart.draw.MARGIN_MM)
    pejabat = pengesah(agency, kepala)
    prosedur = []
    for i, proc in enumerate(procedures):
        pages = flowchart_pages(
            proc,
            Path(workdir),
            lebar_mm=lebar - margin,
            tinggi_maks_mm=tinggi - JUDUL_HALAMAN_MM - margin,
            cadangan_akhir_mm=CADANGAN_TTD_MM,
        )
        halaman = [
            {"gambar": Image(page, lebar), "teks": f"halaman {n} dari {len(pages)}"}
            for n, page in enumerate(pages, start=1)
        ]
        prosedur.append(
            {
                "huruf": _huruf(i),
                "judul": proc.judul,
                "judul_kapital": proc.judul.upper(),
                "judul_tabel": (proc.judul_tabel.strip() or f"Prosedur {proc.judul}").upper(),
                "langkah": langkah_rows(proc),
                "halaman": halaman,
            }
        )
    return {
        "kop": {
            "pemerintah": agency.pemerintah.strip().upper() or KOSONG,
            "nama": kop_lines(agency.nama.strip().upper(), KOP_IDENTITAS_CHARS) or KOSONG,
        },
        "logo": _logo(agency),
        "identitas": identitas(agency, procedures, pejabat, warn),
        "lembar_kerja": lembar_kerja(agency, procedures),
        "prosedur": prosedur,
        "ttd": ttd_pengesah(agency, pejabat, lambda _msg: None),
    }


def flowchart_pages(
    procedure: Procedure,
    workdir: Path,
    *,
    lebar_mm: float,
    tinggi_maks_mm: float,
    cadangan_akhir_mm: float,
) -> list[Path]:
    """The SVG pages of ``procedure``'s flowchart matrix, in order (see
    :func:`naskah.documents.flowchart.layout_flowchart` for the sizes): the cached artifact
    of this procedure's content and these sizes, drawn on first use."""
    key = content_key("sop-flowchart", procedure, lebar_mm, tinggi_maks_mm, cadangan_akhir_mm)

    def build(folder: Path) -> None:
        draw_flowchart_pages(
            procedure,
            folder,
            lebar_mm=lebar_mm,
            tinggi_maks_mm=tinggi_maks_mm,
            cadangan_akhir_mm=cadangan_akhir_mm,
            suffix=".svg",
        )

    folder = artifact("flowchart", key, build, scratch=workdir)
    return sorted(folder.glob("*.svg"), key=lambda f: int(f.stem.rpartition("-")[2]))


def sumber_teks(nama: str, singkatan: str) -> str:
    """Footer text: ``"SOP Pengumpulan Data dan Pengukuran Kinerja · Dinsos P3A — naskah"``."""
    parts = [f"SOP {nama}" if nama.strip(". ") else "SOP"]
    if singkatan.strip():
        parts.append(singkatan.strip())
    return " · ".join(parts) + " — naskah"


@builder("sop")
def sop(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """The SOP document of the cycle's agency, built from its profile and procedures (the data
    of the period is not used): :func:`sop_context` on top of the base context; the input's
    Kepala completes the signatory only when the NIP matches. Warnings go to the cycle."""
    from naskah.documents.kinerja import charts_dir

    ctx = base_context(cycle, document, nomor)
    ctx.update(
        sop_context(
            cycle.agency,
            cycle.procedures,
            workdir=charts_dir(),
            kertas=cycle.agency.kertas,
            kepala=cycle.pejabat.get("kepala"),
            warn=cycle.warn,
        )
    )
    ctx["sumber"] = sumber_teks(ctx["identitas"]["nama_sop"], cycle.agency.singkatan)
    return ctx
