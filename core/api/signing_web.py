"""What the web pages need about electronic signatures (TTE): is the signed-in person the
signatory of a document — may the page offer "Tandatangani" — and the signature status of
documents (:mod:`naskah.signing.status`).

Who signs a document is the SOP's decision, printed by the agency plugin's template in the
document's signature block as the pejabat's ``NIP. 19830523 200212 1 002`` (docs/signing.md).
Accounts carry no NIP besides their user name: a person whose user name **is** an 18-digit
NIP (``naskah users add 198305232002121002 …``) is that pejabat. The page offers them
"Tandatangani" on a document when

- its text (indexed when archived) holds their NIP line,
- it is the current version of the document and has a PDF, not yet signed by them,
- a signer is configured for their NIP (:func:`naskah.signing.service.probe_signer`: a
  keystore, or a plugin's remote signer).

Signing checks the PDF itself once more (:func:`naskah.signing.service.signable_pdf`): the
text test only decides what the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from naskah.accounts.users import Principal
from naskah.archive.store import Document, DocumentText, current_set
from naskah.signing.layout import nip_line
from naskah.signing.store import signatures_of

_NIP = re.compile(r"^\d{18}$")


def user_nip(principal: Principal | None) -> str | None:
    """The NIP of a person signed in with it as user name (18 digits), else ``None``."""
    if principal is None or not _NIP.match(principal.name or ""):
        return None
    return principal.name


def documents_signed_for(session: Session, doc_ids: list[int], nip: str) -> set[int]:
    """Which of ``doc_ids`` print ``nip``'s NIP line in their text (their signature block)."""
    if not doc_ids:
        return set()
    line = nip_line(nip)
    return set(session.scalars(select(DocumentText.document_id).where(
        DocumentText.document_id.in_(doc_ids), DocumentText.body.contains(line))))


def plugins(request: Request):
    """The plugin manager of the app, built once (signers come through its hook)."""
    state = request.app.state
    found = getattr(state, "signing_plugins", None)
    if found is None:
        from naskah.agencies.manager import get_plugins

        settings = state.settings
        found = state.signing_plugins = get_plugins(
            settings.plugins.disabled, profiles_dir=settings.plugins.profiles_dir)
    return found


@dataclass(frozen=True)
class SigningOffer:
    """What the document page offers its signatory: their ``nip``; ``needs_passphrase``
    (``False`` when the settings hold it); ``here`` — this document can be signed now;
    ``why_not`` — else why (already signed by them, an old version); ``in_set`` — documents of
    the current set (agency and period) theirs to sign and not signed by them yet."""

    nip: str
    needs_passphrase: bool
    here: bool
    why_not: str
    in_set: int


def signing_offer(request: Request, session: Session, principal: Principal | None,
                  doc: Document, is_current: bool) -> SigningOffer | None:
    """The :class:`SigningOffer` of ``doc`` to ``principal``, or ``None`` when they are not
    its signatory or no signer is configured for them (then nothing is shown)."""
    from naskah.i18n import _
    from naskah.signing.service import probe_signer

    nip = user_nip(principal)
    if nip is None or not documents_signed_for(session, [doc.id], nip):
        return None
    state = probe_signer(request.app.state.settings, nip, plugins=plugins(request))
    if state is None:
        return None
    mine = [s for s in signatures_of(session, doc.id) if s.signer_nip == nip]
    why_not = ""
    if not doc.pdf_path:
        why_not = _("This document has no PDF yet.")
    elif mine:
        why_not = _("You have signed this document.")
    elif not is_current:
        why_not = _("This is an old version: sign the current version.")
    return SigningOffer(nip, state == "passphrase", not why_not, why_not,
                        len(set_to_sign(session, doc, nip)))


def set_to_sign(session: Session, doc: Document, nip: str) -> list[Document]:
    """The documents of ``doc``'s current set (its agency and period, current versions) that
    print ``nip``'s block, have a PDF and are not signed by ``nip`` yet."""
    docs = [d for d in current_set(session, doc.agency, doc.periode) if d.pdf_path]
    theirs = documents_signed_for(session, [d.id for d in docs], nip)
    return [d for d in docs if d.id in theirs
            and not any(s.signer_nip == nip for s in signatures_of(session, d.id))]
