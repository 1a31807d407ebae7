"""The documents of Dinas Sosial Kab. Sumedang where its SOP differs from the common one.

naskah's builders (:mod:`naskah.documents`) are written for the common SOP: a nota dinas starts
the work, the Sekretaris holds an "arahan" meeting with the Tim SAKIP, a Ketua Tim SAKIP signs
the working papers, the Sekretaris reports to the Kepala. Sumedang's SOP (seed
``004_5dc8ea3fe98e8872.txt``, see :mod:`.sop`) differs, and this module gives, through the hook
``naskah_document_context``, only the keys that change (the default context is merged first):

- ``lembar_disposisi`` (step 1): the Kepala's order to start; the letter it is written on is not
  named by the SOP (surat dari / nomor / tanggal blank); diteruskan to the Sekretaris and the
  Tim SAKIP's two pelaksana columns;
- ``tanda_terima`` (step 3): the "format pengumpulan data dan informasi pengukuran kinerja";
- ``undangan_rapat`` (step 4): addressed to the Kepala Dinas Sosial and the pejabat terkait
  for the "rapat pembahasan pengukuran kinerja", signed by the Sekretaris (Penanggung Jawab
  Kegiatan, Lembar Kerja A.3.b);
- ``notulen_rapat`` (step 5): that meeting; the daftar hadir lists the Kepala too (invited);
- ``kertas_kerja`` (step 6): signed for the Tim by its Sekretaris (peran ``sekretaris_tim``:
  the SOP has no Ketua Tim SAKIP; Sek. Tim SAKIP is the team's first pelaksana column);
- ``rekapitulasi_pengukuran`` (step 7): validated and signed by the Sekretaris;
- ``dokumen_pengukuran`` (steps 8 and 11): the agency's own kind "Dokumen Pengukuran Kinerja",
  the Laporan Hasil Pengukuran Kinerja's context and template (which prints the kind's own
  title and no Nomor line for an unnumbered kind: :func:`dokumen_template`) with: draft from
  the Sekretaris to the Bagian Perencanaan dan Pelaporan; final signed by the Kepala, with no
  register number, addressee blank (the SOP does not say where it is sent);
- ``surat_pengantar`` (step 12): the signed Dokumen; addressee and "banyaknya" (copies, step 13)
  blank to fill by hand, each with a warning.

Nothing is invented: what the SOP and the input do not give is printed as dots and warned.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.common import (
    base_context,
    jabatan_kepala,
    jabatan_of,
    jabatan_sekretaris,
    nama_instansi,
    pejabat,
    periode_teks,
    rapat_of,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.pengukuran import laporan_pengukuran
from naskah.documents.rapat import MIN_BARIS_HADIR, rapat_context
from naskah.formatting import KOSONG
from naskah.i18n import _
from naskah.model import DocumentKind, Pejabat, PlannedDocument
from naskah.plugins.dinsos_sumedang.sop import DOKUMEN_PENGUKURAN

BAGIAN_PERENCANAAN = "Bagian Perencanaan dan Pelaporan"
"""Where step 8 sends the draft (the table's wording; the step list says Perencana Ahli Muda)."""

SEKRETARIS_TIM = "Sekretaris Tim SAKIP"
ANGGOTA_TIM = "Anggota Tim SAKIP"

KIND = DocumentKind(
    DOKUMEN_PENGUKURAN, "Dokumen Pengukuran Kinerja", "000.8.6.3", variants=("draft",)
)
"""The "Dokumen Pengukuran Kinerja" of steps 6–11: unnumbered (the SOP numbers only the surat
pengantar, step 12); kode klasifikasi of akuntabilitas kinerja (verify), like the laporan."""

TEMPLATE_KIND = "laporan_pengukuran"
"""The built-in kind whose template and context the Dokumen Pengukuran Kinerja reuses."""

def dokumen_template() -> Path:
    """The template of the Dokumen Pengukuran Kinerja: naskah's ``laporan_pengukuran.docx``.

    That template prints the kind's own title ("DOKUMEN PENGUKURAN KINERJA") and a Nomor line
    only for numbered kinds — the Dokumen is not numbered (the SOP numbers the surat pengantar).
    """
    return Path(str(resources.files("naskah.templates") / "docx" / f"{TEMPLATE_KIND}.docx"))


def _kepala(cycle: Cycle) -> Pejabat:
    return pejabat(cycle, "kepala") or cycle.agency.kepala


def _sekretaris(cycle: Cycle) -> Pejabat:
    return pejabat(cycle, "sekretaris") or cycle.agency.sekretaris


def _judul_sop(cycle: Cycle) -> str:
    """``"Standar Operasional Prosedur (SOP) Pengukuran Kinerja Dinas Sosial Kabupaten
    Sumedang"`` with its Nomor when the profile has one (the seed leaves it empty)."""
    nama_sop = cycle.agency.sop.nama_sop or "Pengukuran Kinerja"
    text = f"Standar Operasional Prosedur (SOP) {nama_sop} {nama_instansi(cycle)}"
    if cycle.agency.nomor_sop:
        text += f" Nomor {cycle.agency.nomor_sop}"
    return text


# --- step 1: lembar disposisi -----------------------------------------------------------------


def lembar_disposisi(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Keys: ``surat`` (all blank: the SOP does not name the letter the order is written on),
    ``perihal``, ``diteruskan``, ``petunjuk``."""
    periode = periode_teks(cycle)
    return {
        "surat": {"dari": KOSONG, "nomor": KOSONG, "tanggal": KOSONG},
        "perihal": f"Penyusunan Pengukuran Kinerja {nama_instansi(cycle)} {periode}",
        "diteruskan": [
            jabatan_sekretaris(cycle),
            jabatan_of(cycle, "sekretaris_tim", SEKRETARIS_TIM),
            jabatan_of(cycle, "anggota_tim", ANGGOTA_TIM),
        ],
        "petunjuk": "Beri tanda centang (✓) pada kotak yang dipilih. Disposisi pimpinan untuk "
        "memulai penyusunan pengukuran kinerja (SOP Pengukuran Kinerja langkah 1).",
    }


# --- step 3: tanda terima of the format ----------------------------------------------------------


def tanda_terima(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Keys: ``pembuka``, ``jenis``, ``penutup`` worded for the SOP's "format"."""
    bidang = document.bidang or KOSONG
    return {
        "pembuka": "Pada hari ini telah diserahterimakan format pengumpulan data dan informasi "
        f"pengukuran kinerja dari Tim SAKIP {nama_instansi(cycle)} kepada {bidang}, sebagai "
        "berikut:",
        "jenis": f"Format Pengumpulan Data dan Informasi Pengukuran Kinerja {periode_teks(cycle)}",
        "penutup": "Format diisi sesuai petunjuk pengisian dan diserahkan kembali kepada Tim "
        "SAKIP setelah diisi.",
    }


# --- steps 4–5: undangan and notulen of the rapat pembahasan -------------------------------------


def _pimpinan_given(cycle: Cycle, document: PlannedDocument) -> bool:
    """Whether the Siklus sheet names the chair of the rapat pembahasan (``rapat_pimpinan``).
    The SOP does not: step 5 says only "Melaksanakan rapat pembahasan"."""
    return bool(rapat_of(cycle, document.procedure).pimpinan.strip())


def _rapat(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """:func:`naskah.documents.rapat.rapat_context` for the "rapat pembahasan pengukuran
    kinerja" (steps 4–5): its name, the SOP's purpose as acara when the Siklus sheet gives none,
    its invitees as peserta; the pimpinan rapat only when the Siklus sheet names one (blank
    otherwise: neither the SOP nor the default reading of the common SOP applies)."""
    ctx = base_context(cycle, document, None)
    r = rapat_of(cycle, document.procedure)
    out = rapat_context(cycle, document, ctx)
    if not _pimpinan_given(cycle, document):
        out["pimpinan"] = KOSONG
    out["nama"] = f"Rapat Pembahasan Pengukuran Kinerja {ctx['periode']}"
    out["acara"] = r.acara.strip() or f"Pembahasan Pengukuran Kinerja {ctx['periode']}"
    out["peserta"] = f"{jabatan_kepala(cycle)} dan pejabat terkait (daftar hadir terlampir)"
    return out


def undangan_rapat(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Keys: ``yth`` (the Kepala Dinas Sosial and the pejabat terkait, SOP step 4),
    ``pembuka``, ``penutup``, ``rapat``, ``ttd`` (the Sekretaris, Penanggung Jawab
    Kegiatan — an assumption: the SOP does not name the signer of the undangan; warned)."""
    cycle.warn(_("Undangan rapat (step 4): the SOP does not name who signs it; the Sekretaris "
                 "(Penanggung Jawab Kegiatan, Lembar Kerja A.3.b) is printed — check it"))
    periode = periode_teks(cycle)
    instansi = nama_instansi(cycle)
    return {
        "yth": f"{jabatan_kepala(cycle)} dan Pejabat terkait",
        "pembuka": [
            f"Dalam rangka penyusunan pengukuran kinerja {instansi} {periode} sesuai "
            f"{_judul_sop(cycle)}, dengan ini kami mengundang Bapak/Ibu untuk menghadiri rapat "
            "pembahasan pengukuran kinerja yang akan dilaksanakan pada:",
        ],
        "penutup": [
            "Mengingat pentingnya acara tersebut, diharapkan kehadiran Bapak/Ibu tepat pada "
            "waktunya.",
            "Demikian disampaikan, atas perhatian dan kehadirannya diucapkan terima kasih.",
        ],
        "rapat": _rapat(cycle, document),
        "ttd": ttd(cycle, _sekretaris(cycle), jabatan_sekretaris(cycle), ""),
    }


def daftar_hadir(cycle: Cycle, rows: int = MIN_BARIS_HADIR) -> list[dict[str, Any]]:
    """Rows ``{no, nama, jabatan, kiri, kanan}`` (as :func:`naskah.documents.rapat.daftar_hadir`)
    with the Kepala first — step 4 invites him — then the Sekretaris, the Tim SAKIP and the
    others in input order; empty rows up to ``rows``."""
    order = {"kepala": 0, "sekretaris": 1, "sekretaris_tim": 2, "anggota_tim": 3}
    people = sorted(cycle.daftar_pejabat, key=lambda p: order.get(p.peran, 4))
    out: list[dict[str, Any]] = []
    for no in range(1, max(rows, len(people)) + 1):
        p = people[no - 1] if no <= len(people) else None
        mark = f"{no}. .........."
        out.append({
            "no": no,
            "nama": p.nama if p else "",
            "jabatan": p.jabatan if p else "",
            "kiri": mark if no % 2 else "",
            "kanan": "" if no % 2 else mark,
        })  # fmt: skip
    return out


def notulen_rapat(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Keys: ``rapat`` (the rapat pembahasan) and ``hadir`` (the Kepala included); when the
    Siklus sheet does not name the pimpinan rapat, ``ttd_pimpinan`` is blank (to fill by hand)
    and a warning says so — the SOP names no chair."""
    out: dict[str, Any] = {"rapat": _rapat(cycle, document), "hadir": daftar_hadir(cycle)}
    if not _pimpinan_given(cycle, document):
        cycle.warn(_("Notulen rapat (step 5): neither the SOP nor the Siklus sheet "
                     "(rapat_pimpinan) names the pimpinan rapat: left blank"))
        out["ttd_pimpinan"] = ttd(cycle, None, "", "", label="Pimpinan Rapat,", warn=False)
    return out


# --- steps 6–7: kertas kerja and the validated rekapitulasi --------------------------------------


def kertas_kerja(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Key ``ttd``: the Sekretaris Tim SAKIP (peran ``sekretaris_tim``) signs for the Tim."""
    return {
        "ttd": ttd(
            cycle, pejabat(cycle, "sekretaris_tim"),
            jabatan_of(cycle, "sekretaris_tim", SEKRETARIS_TIM),
            tempat_tanggal(cycle, tanggal_of(cycle, document, "kertas_kerja")),
        ),
    }  # fmt: skip


def rekapitulasi_pengukuran(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Key ``ttd``: the Sekretaris, who "menghimpun dan memvalidasi data kinerja" (step 7)."""
    return {
        "ttd": ttd(
            cycle, _sekretaris(cycle), jabatan_sekretaris(cycle),
            tempat_tanggal(cycle, tanggal_of(cycle, document, "rekapitulasi")),
            label="Divalidasi oleh,",
        ),
    }  # fmt: skip


# --- steps 8 and 11: the Dokumen Pengukuran Kinerja ----------------------------------------------


def dokumen_pengukuran(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """The whole context of the Dokumen Pengukuran Kinerja: the Laporan Hasil Pengukuran
    Kinerja's (:func:`naskah.documents.pengukuran.laporan_pengukuran`) with its head, basis,
    purpose, closing and signature set for Sumedang's steps:

    - draft (step 8): Kepada the Bagian Perencanaan dan Pelaporan, Dari the Sekretaris (who
      validated the data at step 7 and answers for the activity), signed by him (date
      ``laporan_draft``);
    - the draft's block for notes is the Kepala's correction (step 9); the signed final has
      none;
    - final (step 11): signed by the Kepala Dinas Sosial (date ``laporan``), not numbered
      (``nomor`` "-", printed only by the un-retitled template), Kepada blank (the SOP does
      not name the recipient of step 12).
    """
    ctx = laporan_pengukuran(cycle, document, None)
    periode = periode_teks(cycle)
    instansi = nama_instansi(cycle)
    disposisi = formatting.tanggal(tanggal_of(cycle, document, "disposisi"))
    ctx.update(
        dasar=[
            f"{_judul_sop(cycle)}.",
            f"Disposisi {jabatan_kepala(cycle)} tanggal {disposisi} tentang penyusunan "
            f"pengukuran kinerja {periode}.",
        ],
        maksud=f"Dokumen ini menyajikan hasil pengukuran capaian kinerja {instansi} {periode}, "
        "disusun dari format pengumpulan data dan informasi pengukuran kinerja masing-masing "
        "bidang dan sekretariat yang telah dihimpun dan divalidasi oleh Sekretaris.",
        tujuan=[],
    )
    if document.variant == "draft":
        ctx.update(
            kepada=BAGIAN_PERENCANAAN,
            dari=jabatan_sekretaris(cycle),
            hal=f"Draft Dokumen Pengukuran Kinerja {periode}",
            draft_catatan=f"Disampaikan kepada {BAGIAN_PERENCANAAN}; dikoreksi oleh "
            f"{jabatan_kepala(cycle)} sebelum ditandatangani. Belum berlaku sebagai naskah dinas.",
            # Step 9: the Kepala corrects the draft (the Sekretaris validated it at step 7).
            catatan_arahan=f"Koreksi {jabatan_kepala(cycle)} (SOP langkah 9):",
            penutup=f"Demikian draft dokumen pengukuran kinerja ini disampaikan kepada "
            f"{BAGIAN_PERENCANAAN} untuk diproses lebih lanjut.",
            ttd=ttd(
                cycle, _sekretaris(cycle), jabatan_sekretaris(cycle),
                tempat_tanggal(cycle, tanggal_of(cycle, document, "laporan_draft")),
            ),
        )  # fmt: skip
    else:
        ctx.update(
            nomor="-",
            kepada=KOSONG,
            dari=jabatan_kepala(cycle),
            hal=f"Dokumen Pengukuran Kinerja {periode}",
            draft_catatan="",
            catatan_arahan="",  # signed by the Kepala: no block for notes
            penutup="Demikian dokumen pengukuran kinerja ini dibuat untuk dipergunakan "
            "sebagaimana mestinya.",
            ttd=ttd(
                cycle, _kepala(cycle), jabatan_kepala(cycle),
                tempat_tanggal(cycle, tanggal_of(cycle, document, "laporan")),
            ),
        )  # fmt: skip
    return ctx


# --- step 12: surat pengantar ---------------------------------------------------------------------


def surat_pengantar(cycle: Cycle, document: PlannedDocument) -> dict[str, Any]:
    """Keys: ``yth`` (blank: the SOP does not say where the Dokumen is sent), ``kiriman`` (the
    signed Dokumen Pengukuran Kinerja; ``banyaknya`` blank: step 13 gives no number of
    copies). Signed by the Sekretaris (the default; Penanggung Jawab Kegiatan) — an assumption:
    the SOP does not name the signer; warned."""
    cycle.warn(_("Surat pengantar (step 12): the SOP does not name who signs it; the "
                 "Sekretaris (Penanggung Jawab Kegiatan, Lembar Kerja A.3.b) is printed — check "
                 "it"))
    cycle.warn(
        _("Surat pengantar (step 12): the SOP does not name the addressee: Yth. is written "
          "blank")
    )
    cycle.warn(
        _("Surat pengantar (step 12): the SOP does not say how many copies (step 13): the "
          "number is written blank")
    )
    return {
        "yth": KOSONG,
        "kiriman": [
            {
                "no": 1,
                "jenis": f"Dokumen Pengukuran Kinerja {nama_instansi(cycle)} {periode_teks(cycle)}",
                "banyaknya": "...... eksemplar",
                "keterangan": f"Telah ditandatangani {jabatan_kepala(cycle)}; dikirim untuk "
                "dipergunakan sebagaimana mestinya",
            }
        ],
    }


# --- dispatch ----------------------------------------------------------------------------------


REPLACED_SIGNATURES = frozenset({"kertas_kerja", "rekapitulasi_pengukuran", DOKUMEN_PENGUKURAN})
"""Kinds whose default signature (the Ketua Tim SAKIP's; for the Dokumen, that of the laporan
context it starts from) Sumedang replaces."""


def is_replaced_signature_warning(warning: str) -> bool:
    """Whether ``warning`` is the default's "Tanda tangan: … Ketua Tim SAKIP …" warning of a
    signature Sumedang replaces (see :data:`REPLACED_SIGNATURES`)."""
    mark = "\0"
    prefixes = {
        _("Signature: name of {who} is not in the data: written blank", who=mark),
        _("Signature: NIP of {who} ({nama}) is not in the data: written blank", who=mark,
          nama=""),
        _("Signature: NIP of {who} {raw_nip!r} is not 18 digits: printed as it is", who=mark,
          raw_nip=""),
    }
    starts = {p.split(mark)[0] for p in prefixes}
    return any(warning.startswith(s) for s in starts) and "Ketua Tim SAKIP" in warning


OVERRIDES = {
    "lembar_disposisi": lembar_disposisi,
    "tanda_terima": tanda_terima,
    "undangan_rapat": undangan_rapat,
    "notulen_rapat": notulen_rapat,
    "kertas_kerja": kertas_kerja,
    "rekapitulasi_pengukuran": rekapitulasi_pengukuran,
    "surat_pengantar": surat_pengantar,
}
"""Kind slug → the keys Sumedang changes in the default context."""


def context(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any] | None:
    """Sumedang's keys for ``document`` (merged over the default context), or ``None`` for a
    kind it does not change. The Dokumen Pengukuran Kinerja's context is built whole here."""
    if document.kind.slug == DOKUMEN_PENGUKURAN:
        return dokumen_pengukuran(cycle, document, nomor)
    fn = OVERRIDES.get(document.kind.slug)
    return fn(cycle, document) if fn else None
