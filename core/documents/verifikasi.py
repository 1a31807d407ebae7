"""Context of the ``lembar_verifikasi`` kind: the record of a check of one bidang's data.

An SOP step in which someone checks data ("Kepala Bidang mengecek pengisian data kinerja pada
aplikasi", Disdagtrans Pesisir Selatan, pengumpulan step 7; output "Data kinerja yang sudah
dicrosscheck") leaves this sheet: the bidang's indicators with their target and realisasi of the
triwulan as collected, a box per row to tick by hand (Sesuai / Perlu perbaikan), and the
signature of the checker. A check that leaves no record did not happen, for an auditor.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from naskah.cycle import Cycle
from naskah.documents import kinerja as k
from naskah.documents.common import tanggal_of, tempat_tanggal, ttd
from naskah.documents.pengumpulan import formulir_pengumpulan
from naskah.documents.registry import builder
from naskah.model import PlannedDocument

PERIKSA = "\u2610 Sesuai   \u2610 Perlu perbaikan"
"""The result column, ticked by hand by the checker."""

SUMBER_DATA = "Formulir pengumpulan data capaian kinerja yang telah diisi"
"""Default ``sumber_data``; a plugin whose data come from elsewhere (an application) says so."""


@builder("lembar_verifikasi")
def lembar_verifikasi(cycle: Cycle, document: PlannedDocument, nomor: str | None) -> dict[str, Any]:
    """Keys added to the base context: ``tw``, ``rows`` (``{no, kode, indikator, satuan,
    target_tw, realisasi, periksa}``: the filled formulir's values of the bidang, ``periksa`` =
    :data:`PERIKSA`), ``sumber_data`` (:data:`SUMBER_DATA`), ``keterangan`` (how to tick),
    ``ttd`` ("Diperiksa oleh," — the Kepala Bidang, or the Sekretaris for the Sekretariat; date
    Siklus ``tanggal_verifikasi``; a missing name is blank and warned)."""
    filled = formulir_pengumpulan(cycle, dataclasses.replace(document, variant="terisi"), nomor)
    rows = [
        {key: row[key] for key in ("no", "kode", "indikator", "satuan", "target_tw", "realisasi")}
        | {"periksa": PERIKSA}
        for row in filled["rows"]
    ]
    who, jabatan = k.pengisi_formulir(cycle, document.bidang)
    when = tanggal_of(cycle, document, "verifikasi")
    filled.update(
        rows=rows,
        sumber_data=SUMBER_DATA,
        keterangan="Beri tanda centang (\u2713) pada hasil pemeriksaan tiap indikator; tuliskan "
        "perbaikan yang diminta pada kolom Catatan perbaikan.",
        ttd=ttd(cycle, who, jabatan, tempat_tanggal(cycle, when), label="Diperiksa oleh,"),
    )
    return filled
