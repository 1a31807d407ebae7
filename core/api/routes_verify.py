"""The public verification page of signed documents: ``GET /verifikasi/{code}``.

Anyone holding a signed PDF (or its QR code) can check it, without signing in. The page
reveals only that document's identity: nomor, hal (and periode), the date it was archived, the
signatory (name and jabatan, not the NIP), the signed file's sha256, whether its signature is
valid now, the signing time (and PAdES level) and whether a newer version exists. An unknown
or malformed code answers ``404`` with the same short page whatever the reason, so codes cannot
be probed for information; each client address may ask ``Settings.signing.verify_rate`` times
(``limits``' moving window, in memory, per process) before getting ``429``.

Validity is the archived signed file's, checked with pyHanko against the configured trust
roots (:func:`naskah.signing.verify.verify_pdf`) and cached per sha256 for the process.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from limits import parse, storage, strategies

from naskah.api.auth import DbSession
from naskah.api.routes_pages import render
from naskah.archive.store import file_sha256
from naskah.errors import NaskahError
from naskah.i18n import _
from naskah.signing.store import by_code, newer_version_exists

router = APIRouter(include_in_schema=False)



def _allowed(request: Request) -> bool:
    state = request.app.state
    limiter = getattr(state, "verify_limiter", None)
    if limiter is None:  # one per app: counters are per process
        limiter = state.verify_limiter = strategies.MovingWindowRateLimiter(
            storage.MemoryStorage())
    rate = parse(state.settings.signing.verify_rate)
    client = request.client.host if request.client else "?"
    return limiter.hit(rate, "verifikasi", client)


def _validity(request: Request, sig) -> tuple[bool, str, str]:
    """``(valid, label, explanation)`` of the archived signed file, cached per sha256."""
    from naskah.signing.certs import verifying_context
    from naskah.signing.verify import LABELS, Status, verify_pdf

    settings = request.app.state.settings
    path = sig.pdf_file(settings.archive_dir)
    if not path.is_file() or file_sha256(path)[0] != sig.pdf_sha256:
        return False, _(LABELS[Status.ALTERED]), _("the archived file is not intact")
    cache = getattr(request.app.state, "verify_cache", None)
    if cache is None:
        cache = request.app.state.verify_cache = {}
    if sig.pdf_sha256 not in cache:
        try:
            vc = verifying_context(settings.signing)
            verdict = verify_pdf(path, vc)
            cache[sig.pdf_sha256] = (verdict.status == Status.VALID, verdict.label,
                                     verdict.message)
        except NaskahError as exc:
            return False, _("CANNOT BE CHECKED"), str(exc)
    return cache[sig.pdf_sha256]


@router.get("/verifikasi/{code}", response_class=HTMLResponse)
def verifikasi(code: str, request: Request, session: DbSession):
    if not _allowed(request):
        return render(request, "error.html", None, status_code=429,
                      title=_("Too many requests"),
                      message=_("Too many checks from this address. Try again in a moment."))
    sig = by_code(session, code[:40])
    if sig is None:
        return render(request, "verify_unknown.html", None, status_code=404)
    valid, label, explanation = _validity(request, sig)
    return render(
        request, "verify.html", None,
        sig=sig, doc=sig.document, valid=valid, label=label, explanation=explanation,
        newer=newer_version_exists(session, sig), checked=datetime.now(UTC),
    )
