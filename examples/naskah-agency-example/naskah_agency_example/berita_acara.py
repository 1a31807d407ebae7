"""The plugin's own document kind: Berita Acara Hasil Pengukuran Kinerja.

A plugin that adds a kind provides three things:

1. the kind (hook ``naskah_document_kinds``): :data:`BERITA_ACARA`, numbered from the register
   under kode klasifikasi ``000.8.6.3`` (akuntabilitas kinerja instansi pemerintah);
2. its template (hook ``naskah_template``): ``templates/berita_acara.docx`` in this package,
   built by ``build_templates.py``;
3. its context (hook ``naskah_document_context``): :func:`berita_acara_context` — naskah's
   default plugin has no context builder for a kind it does not know, so everything the
   template prints comes from here. It starts from naskah's own ``base_context`` (kop, logo,
   nomor, periode …) and uses naskah's helpers for signatures and printed values, so that
   missing facts print as blank lines with a warning, as in every naskah document.

The date of the berita acara is the ``Siklus`` key ``tanggal_berita_acara`` (or
``pengukuran.tanggal_berita_acara``); naskah looks a numbered kind's date up under its slug.
"""

from __future__ import annotations

from typing import Any

from naskah import formatting
from naskah.cycle import Cycle
from naskah.documents.common import (
    base_context,
    jabatan_kepala,
    jabatan_of,
    jabatan_sekretaris,
    tanggal_of,
    tempat_tanggal,
    ttd,
)
from naskah.documents.kinerja import (
    capaian_teks,
    dengan_satuan,
    nama_indikator,
    skala_rows,
    skala_sumber,
)
from naskah.model import DocumentKind, PlannedDocument

BERITA_ACARA = DocumentKind(
    slug="berita_acara",
    judul="Berita Acara Hasil Pengukuran Kinerja",
    kode_klasifikasi="000.8.6.3",
    bernomor=True,
)


def berita_acara_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any]:
    """Template variables of the berita acara.

    Keys, on top of naskah's ``base_context`` (``kop``, ``logo``, ``nomor``, ``judul``,
    ``periode``, ``agency``, ``sumber`` …):

    - ``hari_tanggal``: ``"Senin, 28 April 2025"`` (Siklus ``tanggal_berita_acara``; dots when
      not given), ``tempat``: the agency's kota;
    - ``pembuka``, ``penutup``: the opening and closing sentences;
    - ``rows``: one per indicator ``{no, indikator, target, realisasi, capaian, predikat}``,
      printed values (``"94,44%"``, ``"tidak dihitung"`` with no number);
    - ``skala``: the agency's predicate scale ``[{no, label, rentang, jumlah}]`` and
      ``skala_sumber`` (the sentence naming it);
    - ``ttd_ketua`` (Ketua Tim SAKIP), ``ttd_sekretaris``, ``ttd_kepala`` ("Mengetahui,"):
      signature blocks from naskah's ``ttd`` (blank name/NIP lines and a warning when the data
      does not give them).
    """
    ctx = base_context(cycle, document, nomor)
    d = tanggal_of(cycle, document, "berita_acara")
    hari_tanggal = formatting.hari_tanggal(d)
    instansi = ctx["agency"]["nama"]
    rows = [
        {
            "no": i,
            "indikator": nama_indikator(c.indikator),
            "target": dengan_satuan(c.target, c.indikator.satuan),
            "realisasi": dengan_satuan(c.realisasi, c.indikator.satuan),
            "capaian": capaian_teks(c),
            "predikat": c.predikat or "-",
        }
        for i, c in enumerate(cycle.capaian, start=1)
    ]
    ketua = cycle.pejabat.get("ketua_tim")
    sekretaris = cycle.pejabat.get("sekretaris") or cycle.agency.sekretaris
    kepala = cycle.pejabat.get("kepala") or cycle.agency.kepala
    ctx.update(
        hari_tanggal=hari_tanggal,
        tempat=cycle.agency.kota or formatting.KOSONG,
        pembuka=(
            f"Pada hari ini {hari_tanggal}, Tim SAKIP {instansi} telah melaksanakan pengukuran "
            f"capaian kinerja {ctx['periode']} sesuai Standar Operasional Prosedur Pengumpulan "
            f"Data dan Pengukuran Kinerja, terhadap {len(rows)} indikator kinerja, dengan hasil "
            "sebagai berikut:"
        ),
        rows=rows,
        skala=skala_rows(cycle.rules, cycle.capaian),
        skala_sumber=skala_sumber(cycle.rules),
        penutup="Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
        "sebagaimana mestinya.",
        ttd_ketua=ttd(
            cycle, ketua, jabatan_of(cycle, "ketua_tim", "Ketua Tim SAKIP"), "",
            label="Yang Melaksanakan,",
        ),  # fmt: skip
        ttd_sekretaris=ttd(cycle, sekretaris, jabatan_sekretaris(cycle), "", label="Menyetujui,"),
        ttd_kepala=ttd(
            cycle, kepala, jabatan_kepala(cycle), tempat_tanggal(cycle, d), label="Mengetahui,"
        ),
    )
    return ctx
