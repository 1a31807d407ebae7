"""``naskah sign`` and ``naskah verify``: electronic signatures (TTE) from the command line.

Registered in :mod:`naskah.cli`. Messages are Indonesian; exit code 0 when signed / valid,
1 when refused / not valid (the message says why).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from naskah.cli.common import DataDir, console, err, settings_for
from naskah.errors import NaskahError


def _ask(prompt: str) -> str:
    return typer.prompt(prompt, hide_input=True)


def sign(
    document_id: Annotated[
        int | None, typer.Argument(help="ID dokumen arsip yang ditandatangani.")] = None,
    signer: Annotated[str, typer.Option("--signer", help="NIP pejabat penanda tangan.")] = "",
    run_id: Annotated[
        int | None, typer.Option("--set", help="Tandatangani semua dokumen set (run) ini yang "
                                 "penandatangannya pejabat tersebut.")] = None,
    data_dir: DataDir = None,
) -> None:
    """Tandatangani secara elektronik (TTE, PAdES) PDF dokumen arsip: hasilnya versi baru
    bertanda tangan; PDF tanpa tanda tangan tetap ada di arsip."""
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory
    from naskah.signing.service import open_signer, sign_document, sign_set, signable_pdf

    if (document_id is None) == (run_id is None):
        err.print("[bold red]galat:[/] sebutkan satu ID dokumen atau --set ID-RUN (bukan keduanya)")
        raise typer.Exit(2)
    if not signer:
        err.print("[bold red]galat:[/] --signer NIP wajib diisi")
        raise typer.Exit(2)
    settings = settings_for(data_dir)
    engine = make_engine(settings.database)
    try:
        init_db(engine)
        if document_id is not None:  # refuse before asking for the passphrase
            with session_factory(engine, read_only=True)() as s:
                signable_pdf(s, settings, document_id, signer)
        opened = open_signer(settings, signer, ask_passphrase=_ask)
        with session_factory(engine)() as s, s.begin():
            if document_id is not None:
                signed = [sign_document(s, settings, document_id, opened)]
                skipped = []
            else:
                result = sign_set(s, settings, run_id, opened)
                signed, skipped = result.signed, result.skipped
            lines = [
                f"Ditandatangani: dokumen {sig.document_id} ({sig.document.title}"
                f"{', ' + sig.document.nomor if sig.document.nomor else ''}) → {sig.pdf_path}"
                f"\n  kode verifikasi {sig.code}, PAdES {sig.level}, "
                f"{settings.signing.base_url.rstrip('/')}/verifikasi/{sig.code}"
                for sig in signed
            ]
    except NaskahError as exc:
        err.print(f"[bold red]ditolak:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    for line in lines:
        console.print(line, highlight=False)
    for doc, why in skipped:
        console.print(f"[yellow]dilewati:[/] dokumen {doc.id} ({doc.title}): {why}",
                      highlight=False)
    console.print(f"{len(signed)} dokumen ditandatangani oleh {opened.info.nama}.")


def verify(
    pdf: Annotated[Path, typer.Argument(help="Berkas PDF yang diperiksa.")],
    data_dir: DataDir = None,
) -> None:
    """Periksa tanda tangan elektronik sebuah PDF secara luring (keutuhan, rantai sertifikat ke
    akar tepercaya, perubahan setelah ditandatangani) dan apakah ia dokumen arsip asli."""
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory
    from naskah.signing.service import check_file
    from naskah.signing.verify import Status

    settings = settings_for(data_dir)
    if not pdf.is_file():
        err.print(f"[bold red]galat:[/] berkas {pdf} tidak ada")
        raise typer.Exit(1)
    engine = make_engine(settings.database)
    try:
        init_db(engine)
        with session_factory(engine, read_only=True)() as s:
            verdict, archived = check_file(s, settings, pdf)
            where = ""
            if archived is not None:
                d = archived.document
                where = (f"; dokumen arsip asli: {d.title}"
                         f"{' nomor ' + d.nomor if d.nomor else ''} (dokumen {d.id}, "
                         f"kode verifikasi {archived.code})")
            elif verdict.status == Status.VALID:
                where = "; tetapi berkas ini tidak tercatat di arsip ini"
    except NaskahError as exc:
        err.print(f"[bold red]galat:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    colour = "green" if verdict.status == Status.VALID else "bold red"
    console.print(f"[{colour}]{verdict.label}[/]: {pdf.name}: {verdict.message}{where}",
                  highlight=False)
    if verdict.status != Status.VALID:
        raise typer.Exit(1)
