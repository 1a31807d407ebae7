"""Context builders of the collection documents (prosedur Pengumpulan Data Kinerja).

- ``formulir_pengumpulan`` — step 5 (blank, variant ``""``) and step 7 (variant ``terisi``),
  one per bidang;
- ``rekapitulasi_pengumpulan`` — step 8, signed by the Ketua Tim SAKIP;
- ``laporan_pengumpulan`` — step 9 (variant ``draft``: Tim SAKIP → Sekretaris, no nomor) and
  step 10 (final: Sekretaris → Kepala, numbered).

Templates: ``templates/docx/<kind>.docx`` (built by ``templates/build/tables.py``).
Dates come from the Siklus sheet through :func:`~naskah.documents.common.tanggal_of`:
``formulir`` (blank formulir is issued), ``formulir_terisi``, ``rekapitulasi``,
``laporan_draft`` and ``laporan``; a missing date prints a blank line. Source of the steps and
outputs: seed ``000_91a605894ad13bf6.txt`` (Prosedur Pengumpulan Data Kinerja).
"""

from __future__ import annotations

from typing import Any

from naskah.cycle import Cycle
from naskah.documents import kinerja as k
from naskah.documents.common import (
    base_context,
    jabatan_kepala,
    jabatan_of,
    jabatan_sekretaris,
    nomor_of,
    pejabat,
    periode_teks,
    sebutan_sop,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.registry import builder
from naskah.formatting import KOSONG, nama_triwulan, rupiah, tanggal
from naskah.model import Jenis, Level, PlannedDocument

_ANGGARAN_LEVELS = (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)


def _tw(cycle: Cycle) -> str:
    return nama_triwulan(cycle.periode.triwulan, singkat=True)


# --- formulir ----------------------------------------------------------------------------------


@builder("formulir_pengumpulan")
def formulir_pengumpulan(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """The formulir of ``document.bidang`` (all indicators of that bidang, input order).

    Keys added to :func:`~naskah.documents.common.base_context`:

    - ``terisi`` (bool: variant ``terisi``), ``keadaan`` (printed state), ``tw`` ("TW I");
    - ``rows``: ``[{no, kode, uraian, indikator, jenis, satuan, target_tahunan, target_tw,
      realisasi, anggaran, keterangan}]`` — blank form: realisasi, anggaran (Rupiah, program
      and below or with a pagu) and keterangan are dotted blanks; filled: the realisasi of the
      triwulan (``belum dilaporkan`` when empty, ``tidak dapat diukur`` for n/a, never 0), the
      triwulan's realisasi anggaran (``Rp …``), the reporter's note;
    - ``petunjuk``: filling instructions (blank form only);
    - ``ttd``: "Yang mengisi," — the Sekretaris (Sekretariat) or the Kepala Bidang, name blank
      unless given; date ``formulir_terisi`` for the filled form, blank on the blank form.
    """
    ctx = base_context(cycle, document, nomor)
    terisi = document.variant == "terisi"
    n = cycle.periode.triwulan
    tw = _tw(cycle)
    rows = []
    for i, c in enumerate(cycle.capaian_of_bidang(document.bidang), start=1):
        ind = c.indikator
        cur = cycle.data.realisasi_of(ind.kode).get(n)
        butuh_anggaran = ind.level in _ANGGARAN_LEVELS or ind.pagu is not None
        if terisi:
            realisasi = k.tampil(cur.nilai if cur else None, desimal=ind.desimal)
            if cur and cur.realisasi_anggaran is not None:
                anggaran = rupiah(cur.realisasi_anggaran)
            else:
                anggaran = "belum dilaporkan" if butuh_anggaran else k.STRIP
            keterangan = cur.keterangan.strip() if cur else ""
        else:
            realisasi = KOSONG
            anggaran = KOSONG if butuh_anggaran else k.STRIP
            keterangan = KOSONG
        rows.append(
            {
                "no": i,
                "kode": ind.kode,
                "uraian": f"{k.LEVEL_JUDUL[ind.level]}: {ind.uraian}",
                "indikator": ind.nama,
                "jenis": ind.jenis.value,
                "satuan": ind.satuan,
                "target_tahunan": k.tampil(ind.target_tahunan, kosong=k.STRIP,
                                           desimal=ind.desimal),
                "target_tw": k.tampil(ind.target_triwulan.get(n), kosong=k.STRIP,
                                      desimal=ind.desimal),
                "realisasi": realisasi,
                "anggaran": anggaran,
                "keterangan": keterangan,
            }
        )
    batas = tanggal_of(cycle, document, "batas_formulir")
    serah = f" paling lambat {tanggal(batas)}" if batas else ""
    petunjuk = [
        f"Isi kolom (9) dengan realisasi {tw} {cycle.periode.tahun} sesuai satuan pada kolom (6) "
        f"dan kolom (10) dengan realisasi anggaran {tw} dalam Rupiah.",
        'Bila realisasi tidak dapat diukur, tulis "n/a" dan jelaskan alasannya pada kolom (11); '
        "jangan menulis 0.",
        "Bila data belum tersedia, biarkan kosong dan jelaskan pada kolom (11): kosong berarti "
        "belum dilaporkan, bukan 0.",
        f"Lampirkan bukti dukung dan serahkan formulir yang telah diisi kepada Tim SAKIP{serah}.",
    ]
    who, jabatan = k.pengisi_formulir(cycle, document.bidang)
    when = tanggal_of(cycle, document, "formulir_terisi") if terisi else None
    ctx.update(
        terisi=terisi,
        keadaan="Telah diisi" if terisi else "Blanko, diisi oleh Sekretariat/Bidang",
        tw=tw,
        rows=rows,
        petunjuk=petunjuk,
        ttd=ttd(cycle, who, jabatan, tempat_tanggal(cycle, when), label="Yang mengisi,"),
    )
    return ctx


# --- rekapitulasi ------------------------------------------------------------------------------


def _ketua_tim_ttd(cycle: Cycle, document: PlannedDocument, date_key: str) -> dict[str, str]:
    return ttd(
        cycle,
        pejabat(cycle, "ketua_tim"),
        jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"),
        tempat_tanggal(cycle, tanggal_of(cycle, document, date_key)),
    )


def _indikator_rows(cycle: Cycle, *, per_tw: bool) -> list[tuple[Any, dict[str, Any]]]:
    """(capaian, row) in bidang order, numbered 1..n: ``{no, indikator, satuan, target_tw,
    realisasi_tw, status, keterangan}`` and with ``per_tw`` ``realisasi`` (list, TW I..n)."""
    n = cycle.periode.triwulan
    out = []
    for i, c in enumerate(k.urut_bidang(cycle), start=1):
        ind = c.indikator
        status, ket = k.status_pengumpulan(cycle, ind)
        row: dict[str, Any] = {
            "no": i,
            "indikator": k.nama_indikator(ind),
            "satuan": ind.satuan,
            "target_tw": k.tampil(ind.target_triwulan.get(n), kosong=k.STRIP,
                                  desimal=ind.desimal),
            "realisasi_tw": k.tampil(k.realisasi_tw(cycle, ind.kode, n), desimal=ind.desimal),
            "status": status,
            "keterangan": ket,
        }
        if per_tw:
            row["realisasi"] = [
                k.tampil(k.realisasi_tw(cycle, ind.kode, t), desimal=ind.desimal)
                for t in range(1, n + 1)
            ]
        out.append((c, row))
    return out


@builder("rekapitulasi_pengumpulan")
def rekapitulasi_pengumpulan(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """Recap of the collected data, grouped by bidang.

    Keys added to the base context:

    - ``tw`` ("TW I"), ``jumlah_tw`` (1..4: realisasi columns shown), ``kolom_tw``
      (``["TW I", …]``);
    - ``groups``: ``[{judul: bidang, rows: [{no, indikator, satuan, target_tw, realisasi
      (list per triwulan), realisasi_tw, status, keterangan}]}]`` — status ``Lengkap`` /
      ``Belum dilaporkan`` / ``Tidak dapat diukur`` from the realisasi of the period's triwulan;
    - ``ringkasan``: ``[{no, bidang, jumlah, dilaporkan, belum, tidak_terukur}]``, ``total``;
    - ``sumber_data``, ``catatan_status``; ``ttd``: Ketua Tim SAKIP (date ``rekapitulasi``).
    """
    ctx = base_context(cycle, document, nomor)
    n = cycle.periode.triwulan
    ringkasan, total = k.ringkasan_pengumpulan(cycle)
    tw = _tw(cycle)
    ctx.update(
        tw=tw,
        jumlah_tw=n,
        kolom_tw=[nama_triwulan(t, singkat=True) for t in range(1, n + 1)],
        groups=k.groups_by_bidang(cycle, _indikator_rows(cycle, per_tw=True)),
        ringkasan=ringkasan,
        total=total,
        sumber_data="Formulir pengumpulan data capaian kinerja yang telah diisi Sekretariat "
        "dan Bidang",
        catatan_status=(
            f"Status menurut realisasi {tw}: Lengkap = realisasi dilaporkan; Belum dilaporkan = "
            'kosong (bukan 0); Tidak dapat diukur = dilaporkan "n/a" (bukan 0).'
        ),
        ttd=_ketua_tim_ttd(cycle, document, "rekapitulasi"),
    )
    return ctx


# --- laporan -----------------------------------------------------------------------------------


def dasar_laporan(cycle: Cycle, document: PlannedDocument, perintah: str) -> list[str]:
    """The report's legal/administrative basis: the SOP and the Nota Dinas of this cycle's
    procedure (its nomor from the register, its date from the Siklus sheet; blank lines when
    not given). ``perintah``: what the Nota Dinas orders (``"pengumpulan data kinerja"``)."""
    sop = sebutan_sop(cycle, instansi=True, tahun=True)
    nota = nomor_of(cycle, document.procedure, "nota_dinas") or KOSONG
    tgl = tanggal(tanggal_of(cycle, document, "nota_dinas"))
    return [
        sop + ".",
        f"Nota Dinas {jabatan_kepala(cycle)} Nomor {nota} tanggal {tgl} tentang perintah "
        f"melaksanakan {perintah} {periode_teks(cycle)}.",
    ]


def arah_laporan(cycle: Cycle, document: PlannedDocument, judul: str) -> dict[str, Any]:
    """``kepada``, ``dari``, ``hal``, ``draft_catatan`` and ``ttd`` of a laporan: the draft goes
    from the Ketua Tim SAKIP to the Sekretaris (date ``laporan_draft``), the final from the
    Sekretaris to the Kepala (date ``laporan``)."""
    ketua = jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP")
    periode = periode_teks(cycle)
    if document.variant == "draft":
        return {
            "kepada": jabatan_sekretaris(cycle),
            "dari": ketua,
            "hal": f"Draft {judul} {periode}",
            "draft_catatan": "Disampaikan kepada Sekretaris untuk dianalisa; belum bernomor dan "
            "belum berlaku sebagai naskah dinas.",
            "ttd": ttd(
                cycle,
                pejabat(cycle, "ketua_tim"),
                ketua,
                tempat_tanggal(cycle, tanggal_of(cycle, document, "laporan_draft")),
            ),
        }
    sekretaris = pejabat(cycle, "sekretaris") or cycle.agency.sekretaris
    return {
        "kepada": jabatan_kepala(cycle),
        "dari": jabatan_sekretaris(cycle),
        "hal": f"{judul} {periode}",
        "draft_catatan": "",
        "ttd": ttd(
            cycle,
            sekretaris,
            jabatan_sekretaris(cycle),
            tempat_tanggal(cycle, tanggal_of(cycle, document, "laporan")),
        ),
    }


@builder("laporan_pengumpulan")
def laporan_pengumpulan(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """Laporan Hasil Pengumpulan Data Kinerja: draft (step 9) or final (step 10).

    Keys added to the base context (``is_draft`` and ``nomor`` come from it; the template
    prints the nomor only when not a draft):

    - ``kepada``, ``dari``, ``hal``, ``draft_catatan``, ``ttd`` (see :func:`arah_laporan`);
    - ``dasar``: SOP and the Nota Dinas of this procedure, cited with its nomor
      (``nomor_of(cycle, document.procedure, "nota_dinas")``);
    - ``maksud``, ``tujuan`` (the SOP's Tujuan 1), ``ruang_lingkup``;
    - ``ringkasan`` / ``total`` (per bidang counts), ``ringkasan_teks``;
    - ``tw``, ``groups``: indicators by bidang ``{no, indikator, satuan, target_tw,
      realisasi_tw, status, keterangan}``;
    - ``permasalahan``: ``["<indikator> (<bidang>): belum dilaporkan …", …]`` (empty: none),
      ``permasalahan_teks``;
    - ``penutup``.
    """
    ctx = base_context(cycle, document, nomor)
    periode = periode_teks(cycle)
    tw = _tw(cycle)
    ringkasan, total = k.ringkasan_pengumpulan(cycle)
    rows = _indikator_rows(cycle, per_tw=False)
    masalah = []
    for c, row in rows:
        if row["status"] == k.LENGKAP:
            continue
        alasan = (
            "realisasi belum dilaporkan"
            if row["status"] == k.BELUM
            else ('realisasi dilaporkan tidak dapat diukur ("n/a")')
        )
        note = f"; {row['keterangan']}" if row["keterangan"] else ""
        masalah.append(f"{c.indikator.nama} ({c.indikator.bidang}): {alasan}{note}.")
    dipakai = {c.indikator.jenis for c in cycle.capaian}
    jenis = [j.value for j in Jenis if j in dipakai]  # IKU, IKK, IKI, IK
    ctx.update(arah_laporan(cycle, document, "Laporan Hasil Pengumpulan Data Kinerja"))
    ctx.update(
        tw=tw,
        dasar=dasar_laporan(cycle, document, "pengumpulan data kinerja"),
        maksud=(
            f"Laporan ini menyajikan hasil pengumpulan data kinerja {periode} sebagai bahan "
            "penyusunan Laporan Kinerja, sesuai tujuan pengumpulan data kinerja dalam SOP:"
        ),
        tujuan=[k.TUJUAN[0]],
        ruang_lingkup=(
            f"Data yang dikumpulkan meliputi realisasi {len(cycle.capaian)} indikator kinerja "
            f"({', '.join(jenis)}) dari {len(cycle.data.bidang)} unit kerja (Sekretariat dan "
            f"Bidang) untuk {periode}, melalui formulir pengumpulan data capaian kinerja."
        ),
        ringkasan=ringkasan,
        total=total,
        ringkasan_teks=(
            f"Dari {total['jumlah']} indikator, realisasi {total['dilaporkan']} indikator telah "
            f"dilaporkan, {total['belum']} indikator belum dilaporkan dan "
            f"{total['tidak_terukur']} indikator dilaporkan tidak dapat diukur."
        ),
        groups=k.groups_by_bidang(cycle, rows),
        permasalahan=masalah,
        permasalahan_teks=(
            f"Terdapat {len(masalah)} indikator yang datanya belum lengkap untuk {tw}:"
        ),
        penutup=_penutup(cycle, document.variant == "draft"),
    )
    return ctx


def _penutup(cycle: Cycle, draft: bool) -> str:
    if draft:
        return (
            "Demikian draft laporan hasil pengumpulan data kinerja ini disampaikan kepada "
            "Sekretaris untuk dianalisa. Apabila disetujui, laporan akan digunakan sebagai bahan "
            "penyusunan Laporan Kinerja; apabila tidak, data akan dilengkapi sesuai arahan."
        )
    return (
        "Demikian laporan hasil pengumpulan data kinerja ini disampaikan kepada "
        f"{jabatan_kepala(cycle)} sebagai bahan penyusunan Laporan Kinerja, untuk mendapat "
        "arahan lebih lanjut."
    )
