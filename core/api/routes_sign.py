"""The web's "Tandatangani": the signatory of a document signs it in the browser —
``POST /dokumen/{id}/tandatangani`` — or signs every document of its set (the agency's period,
current versions) that is theirs, with ``semua=1``.

The form carries the session's CSRF token and the certificate's passphrase (``type=password``,
``autocomplete=off``). The passphrase is handed to the signer (:func:`naskah.signing.service
.open_signer`, the same function ``naskah sign`` calls) and dropped: it is not stored, logged,
put in the audit detail or sent back in the page. Who may sign is decided as the document page
decides it (:mod:`naskah.api.signing_web`), and the PDF is checked again before signing.

Answers: the result page with the new signed version(s) (``200``); the same page with the
form again and the reason in Indonesian when refused — ``400`` wrong passphrase or a
certificate that may not sign (expired, revoked, untrusted), ``403`` not the signatory,
``409`` an old version or already signed, ``429`` too many wrong passphrases (the sign-in
limits, counted per NIP and per address). Every attempt is in the audit log
(``tandatangani`` / ``tandatangani_gagal``).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from naskah.accounts.audit import Action
from naskah.api.audit_log import client_address, note
from naskah.api.auth import DbSession, FormPrincipal, check_csrf
from naskah.api.ratelimit import LoginLimiter
from naskah.api.routes_pages import login_page, render
from naskah.api.signing_web import plugins, set_to_sign, signing_offer
from naskah.archive import search
from naskah.errors import NaskahError
from naskah.i18n import _

router = APIRouter(include_in_schema=False)


def _limiter(request: Request) -> LoginLimiter:
    state = request.app.state
    found = getattr(state, "sign_limiter", None)
    if found is None:
        server = state.settings.server
        found = state.sign_limiter = LoginLimiter(server.login_limit_account,
                                                  server.login_limit_address)
    return found


def _answer(request, principal, doc, offer, status_code: int, *, error: str = "",
            signed=(), skipped=(), bulk: bool = False) -> HTMLResponse:
    return render(request, "sign_result.html", principal, status_code=status_code, doc=doc,
                  offer=offer, error=error, signed=list(signed), skipped=list(skipped),
                  bulk=bulk)


@router.post("/dokumen/{document_id}/tandatangani", response_class=HTMLResponse)
def sign_in_browser(
    *,
    request: Request,
    document_id: str,
    principal: FormPrincipal,
    session: DbSession,
    passphrase: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    semua: Annotated[str, Form(max_length=1)] = "",
):
    """Sign document ``document_id`` (or, ``semua=1``, every document of its set that is the
    signed-in pejabat's) with the passphrase typed; see the module for the answers."""
    if principal is None:
        return login_page(request, next_=f"/dokumen/{document_id}")
    check_csrf(request, csrf)
    from naskah.signing.keystore import WrongPassphrase
    from naskah.signing.service import open_signer, sign_document, sign_documents

    bulk = semua == "1"
    doc_id = int(document_id) if document_id.isdigit() and len(document_id) < 10 else 0
    doc = search.get_visible_document(session, doc_id, principal.agency_scope) if doc_id else None
    if doc is None:
        return render(request, "error.html", principal, status_code=404,
                      title=_("Document not found"),
                      message=_("No document with ID {id}.", id=quote(document_id)[:40]))
    current = search.document_versions(session, doc)[-1]
    offer = signing_offer(request, session, principal, doc, current.id == doc.id)

    def refused(status_code: int, why: str):
        note(request, principal.name, Action.TANDATANGANI_GAGAL, object_type="document",
             object_id=doc.id, agency=doc.agency, detail=f"{doc.title}: {why}")
        return _answer(request, principal, doc, offer, status_code, error=why, bulk=bulk)

    if offer is None:
        return refused(403, _("You are not the signatory of this document, or no signing "
                              "certificate is configured for your NIP."))
    if not bulk and not offer.here:
        return refused(409, offer.why_not)
    if offer.needs_passphrase and not passphrase:
        return refused(400, _("Type the passphrase of your certificate."))
    limiter, address = _limiter(request), client_address(request)
    blocked = limiter.blocked("ttd:" + offer.nip, address)
    if blocked is not None:
        minutes = max(1, -(-blocked.retry_after // 60))
        response = refused(429, _("Too many wrong passphrases. Try again in {minutes} minutes.",
                                  minutes=minutes))
        response.headers["Retry-After"] = str(blocked.retry_after)
        return response
    settings = request.app.state.settings
    skipped = []
    try:
        opened = open_signer(settings, offer.nip, plugins=plugins(request),
                             ask_passphrase=lambda _prompt: passphrase)
        with request.app.state.write_session() as ws, ws.begin():
            if bulk:
                docs = set_to_sign(ws, doc, offer.nip)
                if not docs:
                    raise _Nothing
                result = sign_documents(ws, settings, docs, opened)
                signed, skipped = result.signed, result.skipped
            else:
                signed = [sign_document(ws, settings, doc.id, opened)]
            done = [(s.document_id, s.document.title, s.document.agency, s.code, s.level,
                     s.pdf_sha256) for s in signed]
    except WrongPassphrase:
        limiter.failed("ttd:" + offer.nip, address)
        return refused(400, _("Wrong passphrase: the certificate was not opened. Nothing was "
                              "signed."))
    except _Nothing:
        return refused(409, _("No document of this set is left for you to sign."))
    except NaskahError as exc:
        return refused(400, str(exc))
    limiter.succeeded("ttd:" + offer.nip)
    for doc_id, title, agency, code, level, _sha in done:
        note(request, principal.name, Action.TANDATANGANI, object_type="document",
             object_id=doc_id, agency=agency,
             detail=_("{title}: signed version, verification code {code}, PAdES {level}",
                      title=title, code=code, level=level))
    return _answer(request, principal, doc, None, 200, signed=done,
                   skipped=[(d.id, d.title, why) for d, why in skipped], bulk=bulk)


class _Nothing(Exception):
    """Bulk signing found no document left to sign."""
