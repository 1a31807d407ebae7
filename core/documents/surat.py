"""Contexts of the letters and forms: nota dinas, tanda terima, lembar disposisi, surat pengantar.

Templates: ``templates/docx/<kind>.docx`` (built by ``templates/build/letters.py``). Formats:
domain brief §3 (Permendagri 1/2023). Every builder starts from
:func:`~naskah.documents.common.base_context`; the keys it adds are listed in its docstring.
Nothing is invented: what the data does not give is printed blank (dots) or left out.
"""

from __future__ import annotations

from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.common import (
    NAMA_KOSONG,
    base_context,
    jabatan_kepala,
    jabatan_of,
    jabatan_sekretaris,
    nomor_of,
    pejabat,
    step_of,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.registry import builder
from naskah.formatting import KOSONG
from naskah.model import Pejabat, PlannedDocument

SIFAT = ("Sangat Segera", "Segera", "Rahasia", "Biasa")
"""Sifat naskah on the lembar disposisi (none is ticked by naskah)."""

INSTRUKSI = (
    "Tanggapan dan Saran",
    "Proses Lebih Lanjut",
    "Koordinasi/Konfirmasikan",
    "Untuk Diketahui",
    "Untuk Ditindaklanjuti",
    "Siapkan Bahan",
    "Arsip",
    "....................",
)
"""Instruction check boxes of the standard lembar disposisi."""

TIM_SAKIP = "Tim SAKIP"


def _laporan_kind(procedure: str) -> str:
    return f"laporan_{procedure}"


def _kepala(cycle: Cycle) -> Pejabat:
    return pejabat(cycle, "kepala") or cycle.agency.kepala


def _sekretaris(cycle: Cycle) -> Pejabat:
    return pejabat(cycle, "sekretaris") or cycle.agency.sekretaris


@builder("nota_dinas")
def nota_dinas(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Nota dinas of the Kepala ordering the Sekretaris to carry out the procedure (SOP step 1).

    Keys: ``yth`` (jabatan of the Sekretaris), ``dari`` (jabatan of the Kepala), ``tembusan``,
    ``tanggal`` (Siklus ``nota_dinas``), ``sifat`` ("Biasa"), ``lampiran`` ("-"), ``hal``
    ("Pengumpulan Data Kinerja Triwulan I Tahun 2025"), ``isi`` (body paragraphs), ``ttd``
    (the Kepala)."""
    ctx = base_context(cycle, document, nomor)
    d = tanggal_of(cycle, document, "nota_dinas")
    judul = ctx["procedure"]["judul"]
    sop = ctx["sop"]["sebutan"]  # with its nomor and effective date when the profile gives them
    instansi = ctx["agency"]["nama"]
    ctx.update(
        yth=jabatan_sekretaris(cycle),
        dari=jabatan_kepala(cycle),
        tembusan="-",
        tanggal=formatting.tanggal(d),
        sifat="Biasa",
        lampiran="-",
        hal=f"{judul} {ctx['periode']}",
        isi=[
            "Dalam rangka pelaksanaan Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) "
            f"pada {instansi}, serta berpedoman pada {sop}, bersama ini kami perintahkan "
            f"Saudara untuk melaksanakan kegiatan {judul.lower()} {ctx['periode']}.",
            "Pelaksanaan kegiatan dimaksud agar mengikuti tahapan, pelaksana dan mutu baku yang "
            "ditetapkan dalam SOP tersebut, dan hasilnya dilaporkan kepada kami.",
            "Demikian disampaikan, atas perhatian dan pelaksanaannya diucapkan terima kasih.",
        ],
        ttd=ttd(cycle, _kepala(cycle), jabatan_kepala(cycle), ""),
    )
    return ctx


@builder("tanda_terima")
def tanda_terima(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Bukti tanda terima of the formulir handed by the Tim SAKIP to one bidang (SOP
    pengumpulan step 6), ``document.bidang``.

    Keys: ``pembuka``, ``jenis`` ("Formulir Pengumpulan Data Capaian Kinerja Triwulan I Tahun
    2025"), ``banyaknya`` ("1 (satu) berkas, memuat 3 indikator kinerja"), ``dari``,
    ``kepada``, ``tanggal`` (Siklus ``tanda_terima``, else ``formulir``), ``indikator`` (rows
    ``no``, ``kode``, ``nama``), ``penutup``, ``ttd_penyerah`` / ``ttd_penerima`` (names blank
    unless the Pejabat sheet gives ``ketua_tim`` / the bidang's head
    (``Cycle.kepala_bidang``); no warning:
    a tanda terima is signed by whoever hands over and receives)."""
    ctx = base_context(cycle, document, nomor)
    bidang = document.bidang or KOSONG
    indikator = [i for i in cycle.data.indikator if i.bidang == document.bidang]
    d = tanggal_of(cycle, document, "tanda_terima") or tanggal_of(cycle, document, "formulir")
    tt = tempat_tanggal(cycle, d)
    n = len(indikator)
    penerima = cycle.kepala_bidang(document.bidang) if document.bidang else None
    ctx.update(
        pembuka=f"Pada hari ini telah diserahterimakan formulir pengumpulan data capaian "
        f"kinerja dari {TIM_SAKIP} {ctx['agency']['nama']} kepada {bidang}, sebagai berikut:",
        jenis=f"Formulir Pengumpulan Data Capaian Kinerja {ctx['periode']}",
        banyaknya=f"1 (satu) berkas, memuat {n} ({formatting.terbilang(n)}) indikator kinerja",
        dari=TIM_SAKIP,
        kepada=bidang,
        tanggal=formatting.hari_tanggal(d),
        indikator=[
            {"no": k, "kode": i.kode, "nama": i.nama} for k, i in enumerate(indikator, start=1)
        ],
        penutup="Formulir diisi sesuai petunjuk pengisian dan diserahkan kembali kepada "
        f"{TIM_SAKIP} setelah diisi.",
        ttd_penyerah=ttd(
            cycle,
            pejabat(cycle, "ketua_tim"),
            TIM_SAKIP,
            "",
            label="Yang Menyerahkan,",
            warn=False,
        ),
        ttd_penerima=ttd(cycle, penerima, penerima.jabatan if penerima else bidang, tt,
                         label="Yang Menerima,", warn=False),
    )
    return ctx


@builder("lembar_disposisi")
def lembar_disposisi(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Lembar disposisi accompanying the laporan the Sekretaris submits to the Kepala
    (pengumpulan step 11 / pengukuran step 8).

    Keys: ``surat`` {dari (jabatan of the Sekretaris), nomor (the laporan's register number,
    ``nomor_of(cycle, procedure, "laporan_<procedure>")``, else dots), tanggal (Siklus
    ``laporan``)}, ``diterima`` (Siklus ``disposisi``), ``agenda`` (blank), ``sifat`` (labels,
    none ticked), ``perihal``, ``diteruskan`` (Sekretaris, Tim SAKIP, each bidang but the
    Sekretariat), ``instruksi`` (labels), ``catatan_baris`` (8), ``tanggal_paraf`` (blank),
    ``petunjuk`` (footnote)."""
    ctx = base_context(cycle, document, nomor)
    proc = document.procedure
    judul = ctx["procedure"]["judul"]
    bidang = [b for b in cycle.data.bidang if b.strip().lower() != "sekretariat"]
    ctx.update(
        surat={
            "dari": jabatan_sekretaris(cycle),
            "nomor": nomor_of(cycle, proc, _laporan_kind(proc)) or KOSONG,
            "tanggal": formatting.tanggal(tanggal_of(cycle, document, "laporan")),
        },
        diterima=formatting.tanggal(tanggal_of(cycle, document, "disposisi")),
        agenda=KOSONG,
        sifat=list(SIFAT),
        perihal=f"Laporan Hasil {judul} {ctx['periode']}",
        diteruskan=["Sekretaris", jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"), *bidang],
        instruksi=list(INSTRUKSI),
        catatan_baris=8,
        tanggal_paraf=KOSONG,
        petunjuk="Beri tanda centang (✓) pada kotak yang dipilih. Lembar disposisi dilampirkan "
        "pada laporan dan dikembalikan kepada pengolah setelah diparaf.",
    )
    return ctx


@builder("surat_pengantar")
def surat_pengantar(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Surat pengantar of the Sekretaris sending the step's kelengkapan (e.g. the laporan and
    the lembar disposisi) to the Kepala.

    Keys: ``tempat_tanggal`` (Siklus ``surat_pengantar``), ``yth`` (jabatan of the Kepala),
    ``tempat_tujuan`` ("Tempat"), ``kiriman`` (rows ``no``, ``jenis``, ``banyaknya``,
    ``keterangan``: the step's kelengkapan, else the laporan of the procedure; the laporan's
    register number in keterangan when it has one), ``penerima`` (the "Diterima tanggal … /
    Penerima," block, blank), ``ttd`` (the Sekretaris)."""
    ctx = base_context(cycle, document, nomor)
    proc = document.procedure
    judul = ctx["procedure"]["judul"]
    d = tanggal_of(cycle, document, "surat_pengantar")
    step = step_of(cycle, document)
    items = [k for k in (step.kelengkapan if step else ()) if k.strip()]
    if not items:
        items = [f"Laporan Hasil {judul}"]
    laporan_nomor = nomor_of(cycle, proc, _laporan_kind(proc))
    kiriman = []
    for no, jenis in enumerate(items, start=1):
        ket = "Untuk diketahui dan mendapat arahan"
        if laporan_nomor and jenis.lower().startswith("laporan"):
            ket = f"Nomor {laporan_nomor}; {ket.lower()}"
        if "kinerja" in jenis.lower():
            jenis = f"{jenis} {ctx['periode']}"
        kiriman.append(
            {"no": no, "jenis": jenis, "banyaknya": "1 (satu) berkas", "keterangan": ket}
        )
    ctx.update(
        tempat_tanggal=tempat_tanggal(cycle, d),
        yth=jabatan_kepala(cycle),
        tempat_tujuan="Tempat",
        kiriman=kiriman,
        penerima={
            "tempat_tanggal": f"Diterima tanggal {KOSONG}",
            "label": "Penerima,",
            "jabatan": "",
            "nama": NAMA_KOSONG,
            "pangkat": "",
            "nip": f"NIP. {KOSONG}",
        },
        ttd=ttd(cycle, _sekretaris(cycle), jabatan_sekretaris(cycle), ""),
    )
    return ctx
