"""``naskah sign`` and ``naskah verify``: electronic signatures (TTE) from the command line.

Registered in :mod:`naskah.cli.main` with :data:`SIGN_HELP` / :data:`VERIFY_HELP`. Exit code 0
when signed / valid, 1 when refused / not valid (the message says why), 2 for a usage error.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Annotated

import typer

from naskah.cli.common import DataDir, console, err, settings_for
from naskah.errors import NaskahError
from naskah.i18n import N_, _

SIGN_HELP = N_(
    "Sign the PDF of an archived document electronically (TTE, PAdES): the result is a new "
    "signed version; the unsigned PDF stays in the archive.")
VERIFY_HELP = N_(
    "Check the electronic signature of a PDF offline (integrity, certificate chain to the trust "
    "roots, changes after signing) and whether it is a genuine archived document.")


def _quiet_libraries() -> None:
    """pyHanko logs each failed validation with a traceback (WARNING); the command's one-line
    verdict says it all, so the CLI gives those loggers a handler that drops them (a server
    with logging configured still records them); the warning cryptography prints when pyHanko
    imports its DSA support is silenced too."""
    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
    # cryptography deprecates DSA; pyHanko imports it (naskah never signs with DSA)
    warnings.filterwarnings("ignore", message="DSA is deprecated")


def _ask(prompt: str) -> str:
    return typer.prompt(prompt, hide_input=True)


def sign(
    document_id: Annotated[
        int | None, typer.Argument(help=N_("ID of the archived document to sign."))] = None,
    signer: Annotated[str, typer.Option("--signer", help=N_("NIP of the signing official."))] = "",
    run_id: Annotated[
        int | None, typer.Option("--set", help=N_(
            "Sign every document of this set (run) whose signatory is that official."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Sign archived PDFs (see :data:`SIGN_HELP`)."""
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory
    from naskah.signing.service import open_signer, sign_document, sign_set, signable_pdf

    _quiet_libraries()
    if (document_id is None) == (run_id is None):
        err.print("[bold red]" + _("error:") + "[/] "
                  + _("give one document ID or --set RUN-ID (not both)"))
        raise typer.Exit(2)
    if not signer:
        err.print("[bold red]" + _("error:") + "[/] " + _("--signer NIP is required"))
        raise typer.Exit(2)
    settings = settings_for(data_dir)
    base = settings.signing.base_url.rstrip("/")
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
                _("Signed: document {id} ({title}{nomor}) → {path}\n"
                  "  verification code {code}, PAdES {level}, {url}",
                  id=sig.document_id, title=sig.document.title,
                  nomor=", " + sig.document.nomor if sig.document.nomor else "",
                  path=sig.pdf_path, code=sig.code, level=sig.level,
                  url=base + "/verifikasi/" + sig.code)
                for sig in signed
            ]
    except NaskahError as exc:
        err.print("[bold red]" + _("refused:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    for line in lines:
        console.print(line, highlight=False)
    for doc, why in skipped:
        console.print("[yellow]" + _("skipped:") + "[/] " + _(
            "document {id} ({title}): {why}", id=doc.id, title=doc.title, why=why),
            highlight=False)
    console.print(_("{n} document(s) signed by {name}.", n=len(signed), name=opened.info.nama))


def verify(
    pdf: Annotated[Path, typer.Argument(help=N_("The PDF file to check."))],
    data_dir: DataDir = None,
) -> None:
    """Check a signed PDF (see :data:`VERIFY_HELP`)."""
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory
    from naskah.signing.service import check_file
    from naskah.signing.verify import Status

    _quiet_libraries()
    settings = settings_for(data_dir)
    if not pdf.is_file():
        err.print("[bold red]" + _("error:") + "[/] " + _("file {path} does not exist", path=pdf))
        raise typer.Exit(1)
    engine = make_engine(settings.database)
    try:
        init_db(engine)
        with session_factory(engine, read_only=True)() as s:
            verdict, archived = check_file(s, settings, pdf)
            where = ""
            if archived is not None:
                d = archived.document
                fields = dict(title=d.title, id=d.id, code=archived.code,
                              nomor=_(" number {nomor}", nomor=d.nomor) if d.nomor else "")
                if verdict.status == Status.VALID:
                    where = _("; genuine archived document: {title}{nomor} (document {id}, "
                              "verification code {code})", **fields)
                else:
                    where = _("; the file is recorded in this archive as {title}{nomor} "
                              "(document {id}, verification code {code})", **fields)
            elif verdict.status == Status.VALID:
                where = _("; but this file is not recorded in this archive")
    except NaskahError as exc:
        err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    colour = "green" if verdict.status == Status.VALID else "bold red"
    console.print(f"[{colour}]{verdict.label}[/]: {pdf.name}: {verdict.message}{where}",
                  highlight=False)
    if verdict.status != Status.VALID:
        raise typer.Exit(1)


def demo_sign(settings, run_id: int, folder: Path, data_dir: Path | None) -> None:
    """``naskah demo``'s last part: sign the example's Laporan with the TEST certificate in
    ``folder`` (:mod:`naskah.signing.demo`), then print what ``naskah verify`` says of the
    signed file and of a copy with one byte changed, and the command to check it again."""
    import time

    from naskah.signing.demo import sign_demo_laporan
    from naskah.signing.verify import Status

    _quiet_libraries()
    started = time.monotonic()
    try:
        done = sign_demo_laporan(settings, run_id, folder)
    except NaskahError as exc:
        err.print("[bold red]" + _("refused:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    if done is None:
        console.print("[yellow]" + _("TTE: the Laporan has no PDF (LibreOffice is missing): "
                                     "not signed.") + "[/]")
        return
    console.print(_(
        "TTE with the TEST certificate (not an official TTE): {title} signed → {path}\n"
        "  verification code {code}, {level}, {seconds:.1f} s",
        title=done.title, path=done.path, code=done.code, level=done.valid.level,
        seconds=time.monotonic() - started), highlight=False)
    for label, verdict, name in ((_("naskah verify"), done.valid, done.path.name),
                                 (_("one byte changed"), done.altered, done.path.name)):
        colour = "green" if verdict.status == Status.VALID else "bold red"
        console.print(f"  {label}: [{colour}]{verdict.label}[/]: {name}: {verdict.message}",
                      highlight=False)
    roots = folder / "akar-uji.pem"
    extra = " --data-dir " + str(data_dir) if data_dir else ""
    console.print(_("  check it again: NASKAH_SIGNING__TRUST_ROOTS='[\"{roots}\"]' naskah verify "
                    "{path}{data_dir}", roots=_shown(roots), path=_shown(done.path),
                    data_dir=extra), highlight=False)
    if done.valid.status != Status.VALID or done.altered.status != Status.ALTERED:
        raise typer.Exit(1)


def _shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
