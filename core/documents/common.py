"""Context pieces shared by every document kind: kop, nomor, period, step, signatures.

Every context builder (``naskah.documents.*``, signature ``(cycle, document, nomor) -> dict``)
starts from :func:`base_context` and adds its own keys. Values are plain text (the renderer
autoescapes them), :class:`naskah.render.Image`, or lists/dicts of those.

A fact missing from the data is never invented: it is printed as :data:`KOSONG` (a line of dots
to fill by hand) or its line is left out, and a warning is recorded on the cycle
(:meth:`naskah.cycle.Cycle.warn`) where an official's name or NIP is missing.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.formatting import KOSONG
from naskah.i18n import _
from naskah.model import Pejabat, PlannedDocument, Rapat, Step
from naskah.render import Image

KOP_LINE_CHARS = 36
"""Longest agency name printed on one kop line (15 pt bold caps in the ~135 mm text column)."""

LOGO_WIDTH_MM = 22.0
"""Printed width of the agency logo in the kop."""

NAMA_KOSONG = "." * 36
"""Printed for a missing name under a signature: room to write the name by hand."""

LOGO_PLACEHOLDER = ""
"""The kop's ``logo`` when the agency has no logo file: empty, and the kop is laid out
without a logo column (never a placeholder word)."""

_SMALL_WORDS = {"dan", "di", "ke", "dari", "untuk", "serta", "atau", "yang", "pada"}


# --- lookups -------------------------------------------------------------------------------------


def pejabat(cycle: Cycle, peran: str) -> Pejabat | None:
    """The official with role ``peran`` (``kepala``, ``sekretaris``, ``ketua_tim`` …) or
    ``None``."""
    return cycle.pejabat.get(peran)


def tanggal_of(cycle: Cycle, document: PlannedDocument, name: str) -> date | None:
    """Date ``name`` of the Siklus sheet for ``document``'s procedure: the key
    ``"<procedure>.<name>"`` first (``"pengukuran.nota_dinas"``), then ``"<name>"``;
    ``None`` when not given."""
    tanggal = cycle.data.siklus.tanggal
    return tanggal.get(f"{document.procedure}.{name}") or tanggal.get(name)


def nomor_of(cycle: Cycle, procedure: str, kind_slug: str) -> str | None:
    """The register number already given in this cycle to the (non-draft) document of kind
    ``kind_slug`` of ``procedure``; ``None`` when it has none.

    ``cycle.nomor`` is keyed by :attr:`PlannedDocument.key`:
    ``agency/periode/procedure/NN/kind[/variant][/bidang]``. When several match (per bidang),
    the first in key order wins."""
    for key in sorted(cycle.nomor):
        parts = key.split("/")
        if len(parts) < 5:
            continue
        if parts[2] == procedure and parts[4] == kind_slug and "draft" not in parts[5:]:
            return cycle.nomor[key]
    return None


def rapat_of(cycle: Cycle, procedure: str) -> Rapat:
    """The meeting of ``procedure`` from the Siklus sheet (an empty :class:`Rapat` if none)."""
    return cycle.data.siklus.rapat.get(procedure) or Rapat()


def step_of(cycle: Cycle, document: PlannedDocument) -> Step | None:
    """The SOP step that produces ``document`` (``None`` if the procedure or step is unknown)."""
    try:
        return cycle.procedure(document.procedure).step(document.step)
    except KeyError:
        return None


# --- agency names --------------------------------------------------------------------------------


def _title_case(text: str) -> str:
    words = []
    for i, w in enumerate(text.split()):
        lw = w.lower()
        words.append(lw if i and lw in _SMALL_WORDS else w[:1].upper() + w[1:].lower())
    return " ".join(words)


def nama_instansi(cycle: Cycle) -> str:
    """The agency's name for running text, e.g. ``"Dinas Sosial, Pemberdayaan Perempuan dan
    Perlindungan Anak Kabupaten Pesisir Selatan"``: the Kepala's jabatan without ``"Kepala "``
    when it has that form (the SOP's own wording), else the profile's name in title case."""
    jab = cycle.agency.kepala.jabatan.strip()
    if jab.lower().startswith("kepala ") and len(jab) > 7:
        return jab[7:]
    nama = cycle.agency.nama
    return _title_case(nama) if nama.isupper() else nama


def jabatan_kepala(cycle: Cycle) -> str:
    """``"Kepala Dinas …"`` / ``"Kepala Badan …"``: the Kepala's jabatan (input sheet, else the
    profile)."""
    p = pejabat(cycle, "kepala") or cycle.agency.kepala
    return p.jabatan or f"Kepala {nama_instansi(cycle)}"


def jabatan_sekretaris(cycle: Cycle) -> str:
    """``"Sekretaris Dinas …"``: the Sekretaris' jabatan (input sheet, else the profile)."""
    p = pejabat(cycle, "sekretaris") or cycle.agency.sekretaris
    return p.jabatan or f"Sekretaris {nama_instansi(cycle)}"


def jabatan_of(cycle: Cycle, peran: str, default: str) -> str:
    """Jabatan of the official ``peran`` or ``default`` (e.g. ``"Ketua Tim SAKIP"``)."""
    p = pejabat(cycle, peran)
    return p.jabatan if p and p.jabatan else default


# --- the SOP as documents cite it ----------------------------------------------------------------

NAMA_SOP_UMUM = "Pengumpulan Data dan Pengukuran Kinerja"
"""The SOP's name where the agency's SOP identity gives none (seeds 000, 001, 003)."""


def sebutan_sop(cycle: Cycle, *, instansi: bool = False, tahun: bool = False) -> str:
    """How a document cites the agency's SOP, from :attr:`AgencyProfile.sop` (else the
    profile's ``nomor_sop``/``tahun_sop``); parts the profile does not give are left out::

        "Standar Operasional Prosedur (SOP) Pengumpulan dan Pengukuran Data Kinerja Nomor
         510/10.a/DP-Trans/2025 tanggal efektif 15 Januari 2025"

    ``instansi``: the agency's name after the SOP's; ``tahun``: ``" Tahun 2023"`` when the SOP
    has no effective date (seed 002 gives a date; seeds 000/001 only a year)."""
    a = cycle.agency
    text = f"Standar Operasional Prosedur (SOP) {a.sop.nama_sop.strip() or NAMA_SOP_UMUM}"
    if instansi:
        text += f" {nama_instansi(cycle)}"
    nomor = (a.sop.nomor or a.nomor_sop).strip()
    if nomor:
        text += f" Nomor {nomor}"
    if a.sop.tanggal_efektif:
        text += f" tanggal efektif {formatting.tanggal(a.sop.tanggal_efektif)}"
    elif tahun and a.tahun_sop:
        text += f" Tahun {a.tahun_sop}"
    return text


def cited_sop(cycle: Cycle) -> dict[str, str]:
    """``{nama, nomor, tanggal_pembuatan, tanggal_efektif, disahkan_oleh, sebutan}`` of the
    agency's SOP as printed (``""`` where the profile gives nothing; ``sebutan``: see
    :func:`sebutan_sop`)."""
    sop = cycle.agency.sop
    return {
        "nama": sop.nama_sop.strip() or NAMA_SOP_UMUM,
        "nomor": (sop.nomor or cycle.agency.nomor_sop).strip(),
        "tanggal_pembuatan": formatting.tanggal(sop.tanggal_pembuatan)
        if sop.tanggal_pembuatan else "",
        "tanggal_efektif": formatting.tanggal(sop.tanggal_efektif)
        if sop.tanggal_efektif else "",
        "disahkan_oleh": sop.disahkan_oleh.strip(),
        "sebutan": sebutan_sop(cycle),
    }


# --- formatted pieces ----------------------------------------------------------------------------


def jam(t: time | None) -> str:
    """``time(9, 0)`` → ``"09.00"`` (Indonesian clock notation); ``None`` → ``""``."""
    return f"{t.hour:02d}.{t.minute:02d}" if t else ""


def waktu_rapat(rapat: Rapat) -> str:
    """``"09.00 – 10.00 WIB"``, ``"09.00 WIB s.d. selesai"`` or :data:`KOSONG`.

    WIB is the time zone of the first agency (Sumatera Barat); an agency elsewhere would need
    WITA/WIT (verify: make it a profile setting when a second agency needs it)."""
    if rapat.waktu_mulai and rapat.waktu_selesai:
        return f"{jam(rapat.waktu_mulai)} – {jam(rapat.waktu_selesai)} WIB"
    if rapat.waktu_mulai:
        return f"{jam(rapat.waktu_mulai)} WIB s.d. selesai"
    return KOSONG


def periode_teks(cycle: Cycle) -> str:
    """``"Triwulan I Tahun 2025"``, ``"Semester I Tahun 2025"``, ``"Tahun 2025"``."""
    return cycle.periode.nama_lengkap


def tempat_tanggal(cycle: Cycle, d: date | None) -> str:
    """``"Painan, 2 April 2025"`` with the agency's kota (dots for what is missing)."""
    return formatting.tempat_tanggal(cycle.agency.kota, d)


def or_kosong(text: str | None) -> str:
    """``text`` stripped, or :data:`KOSONG` when empty."""
    return (text or "").strip() or KOSONG


# --- signature -----------------------------------------------------------------------------------


def ttd(
    cycle: Cycle,
    pejabat: Pejabat | None,
    jabatan: str,
    tempat_tanggal: str,
    *,
    label: str = "",
    warn: bool = True,
) -> dict[str, str]:
    """The values of a signature block (``templates/build/common.py: add_signature``)::

        {"tempat_tanggal": "Painan, 2 April 2025", "label": "Mengetahui,",
         "jabatan": "Kepala Dinas Sosial, …", "nama": "ILHAM RACHMADSYAH PUTRA, S.STP",
         "pangkat": "", "nip": "NIP. 19830523 200212 1 002"}

    ``jabatan`` is printed as given (``""``: the official's own jabatan, or no jabatan line
    when there is none, e.g. a "Pencatat," block that only has a label). A missing name prints
    :data:`NAMA_KOSONG` (a longer line of dots) and a missing NIP ``"NIP. ......"``, each
    with a warning on the cycle ("… nama <jabatan> tidak ada di data: ditulis kosong");
    nothing is invented. A NIP that is not 18 digits is printed as given, with a warning.
    ``label`` is an optional line above the jabatan ("Mengetahui,", "Yang Menyerahkan,").
    ``warn=False``: blanks without warnings, for forms normally signed by hand by whoever is
    present (tanda terima)."""
    jab = (jabatan or (pejabat.jabatan if pejabat else "") or "").strip()
    who = jab or label.strip().rstrip(",") or "penandatangan"
    nama = (pejabat.nama if pejabat else "").strip()
    raw_nip = (pejabat.nip if pejabat else "").strip()
    if not nama and warn:
        cycle.warn(_("Signature: name of {who} is not in the data: written blank", who=who))
    if not raw_nip:
        if nama and warn:
            cycle.warn(_("Signature: NIP of {who} ({nama}) is not in the data: written blank",
                         who=who, nama=nama))
        nip_text = f"NIP. {KOSONG}"
    else:
        try:
            nip_text = f"NIP. {formatting.nip(raw_nip)}"
        except ValueError:
            cycle.warn(_("Signature: NIP of {who} {raw_nip!r} is not 18 digits: printed as it "
                         "is",
                         who=who, raw_nip=raw_nip))
            nip_text = f"NIP. {raw_nip}"
    return {
        "tempat_tanggal": tempat_tanggal,
        "label": label,
        "jabatan": jab,
        "nama": nama or NAMA_KOSONG,
        "pangkat": (pejabat.pangkat if pejabat else "").strip(),
        "nip": nip_text,
    }


def kop_lines(nama: str, width: int = KOP_LINE_CHARS) -> str:
    """The agency name of the kop broken into balanced lines (``"\\n"``, printed as line
    breaks) when longer than ``width`` characters, so no line holds a lone word::

        "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN\\nPERLINDUNGAN ANAK KABUPATEN PESISIR SELATAN"
    """
    words = nama.split()
    if len(nama) <= width or len(words) < 2:
        return nama
    n_lines = -(-len(nama) // width)
    lines: list[str] = []
    target = len(nama) / n_lines
    current = ""
    for w in words:
        if current and len(lines) < n_lines - 1 and len(current) + 1 + len(w) / 2 > target:
            lines.append(current)
            current = w
        else:
            current = f"{current} {w}" if current else w
    lines.append(current)
    return "\n".join(lines)


# --- the base context ----------------------------------------------------------------------------


def _logo(cycle: Cycle) -> Image | str:
    logo = (cycle.agency.logo or "").strip()
    if logo and Path(logo).is_file():
        return Image(Path(logo), LOGO_WIDTH_MM)
    return LOGO_PLACEHOLDER


def step_context(step: Step | None) -> dict[str, Any]:
    """``{nomor, uraian, pelaksana, kelengkapan, waktu, output}`` of an SOP step as printed
    (lists joined with ``", "``; waktu is the SOP's wording, else :func:`formatting.durasi`).
    An unknown step gives empty strings."""
    if step is None:
        return {k: "" for k in ("nomor", "uraian", "pelaksana", "kelengkapan", "waktu", "output")}
    return {
        "nomor": step.nomor,
        "uraian": step.uraian,
        "pelaksana": ", ".join(step.pelaksana),
        "kelengkapan": ", ".join(step.kelengkapan),
        "waktu": step.waktu_teks or formatting.durasi(step.waktu_menit),
        "output": step.output,
    }


def base_context(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """The keys every template may use::

        kop       {pemerintah, nama, alamat, kontak}   (alamat/kontak "" → line left out)
        logo      Image | "" (no logo in the profile: the kop is laid out without it)
        nomor     "000.8.6.3/12/…/2025" | KOSONG
        judul     "Nota Dinas" (the kind's title); judul_lengkap with variant/bidang
        periode   "Triwulan I Tahun 2025";  tahun 2025;  triwulan "I"
        agency    {nama (running text), nama_kop, singkatan, kabupaten, kota}
        procedure {slug, judul}
        step      {nomor, uraian, pelaksana, kelengkapan, waktu, output}
        bidang    the document's bidang ("" for the agency as a whole)
        is_draft  variant == "draft"
        bernomor  the document prints a register nomor (numbered kind, not a draft)
        sumber    footer: "Output langkah 1 SOP Pengumpulan Data Kinerja — naskah"
        sop       {nama, nomor, tanggal_pembuatan, tanggal_efektif, disahkan_oleh, sebutan}
                  (see :func:`cited_sop`)

    Sources: the agency profile (kop), the SOP (procedure, step), the Siklus sheet (periode).
    """
    a = cycle.agency
    if not a.alamat.strip():
        cycle.warn(_("Letterhead: the agency address is not in the profile: the address line "
                     "is not printed"))
    try:
        procedure = cycle.procedure(document.procedure)
        proc = {"slug": procedure.slug, "judul": procedure.judul}
    except KeyError:
        proc = {"slug": document.procedure, "judul": document.procedure.replace("_", " ").title()}
    step = step_of(cycle, document)
    is_draft = document.variant == "draft"
    sumber = f"Output langkah {document.step} SOP {proc['judul']}"
    if is_draft:
        sumber += " (draft)"
    sumber += f" · {periode_teks(cycle)} — naskah"
    return {
        "kop": {
            "pemerintah": a.pemerintah.strip().upper() or KOSONG,
            "nama": kop_lines(a.nama.strip().upper()) or KOSONG,
            "alamat": a.alamat.strip(),
            "kontak": a.kontak.strip(),
        },
        "logo": _logo(cycle),
        "nomor": (nomor or "").strip() or KOSONG,
        "judul": document.kind.judul,
        "judul_lengkap": document.title,
        "periode": periode_teks(cycle),
        "tahun": cycle.periode.tahun,
        "triwulan": formatting.romawi(cycle.periode.triwulan),
        "agency": {
            "nama": nama_instansi(cycle),
            "nama_kop": a.nama,
            "singkatan": a.singkatan,
            "kabupaten": a.kabupaten,
            "kota": a.kota or KOSONG,
        },
        "procedure": proc,
        "sop": cited_sop(cycle),
        "step": step_context(step),
        "bidang": document.bidang,
        "is_draft": is_draft,
        "bernomor": document.kind.bernomor and not is_draft,
        "sumber": sumber,
    }
