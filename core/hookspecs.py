"""The plugin API: every point where one agency's SOP differs from another's.

This module is the public contract for agency plugins; its docstrings are the reference
documentation. An agency plugin is a module (or package) with functions marked
``@naskah.hookimpl`` whose names match the specs below, registered in the ``naskah`` entry-point
group. naskah's own common behaviour is itself a plugin (:mod:`naskah.plugins.default`), marked
``trylast`` so that any agency plugin overrides it.

Conventions:

- Hooks that receive ``agency`` (and ``naskah_document_context``, through ``cycle.agency``;
  ``naskah_document_kinds`` as one agency sees them) are asked, for an agency, only of the
  plugin that declares it (``naskah_agencies``), of site-wide plugins (plugins that do not
  implement ``naskah_agencies``) and of the default (:mod:`naskah.agencies.manager`, "dispatch
  by declaration"): an answer for another agency is never used. Still return ``None`` for
  agencies that are not yours; ``naskah plugins`` warns about a plugin that does not.
- Order, whatever order the plugins were installed in: the declaring plugin, then site-wide
  plugins by name, then the default.
- *first result*: the first non-``None`` answer wins (agency plugins are asked before the default).
- *all results*: every plugin's answer is collected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from naskah import hookspec
from naskah.cycle import Cycle
from naskah.measurement.types import MeasurementRules
from naskah.model import (
    AgencyProfile,
    CollectedData,
    DocumentKind,
    DocumentSpec,
    PlannedDocument,
    Problem,
    Procedure,
    Step,
)


@hookspec
def naskah_agencies() -> list[AgencyProfile]:
    """Declare the agencies this plugin implements.

    All results: every plugin's lists are concatenated; a slug declared twice is an error
    naming both plugins.

    :return: a list of :class:`~naskah.model.AgencyProfile` (usually one), from the agency's SOP.

    Example::

        @naskah.hookimpl
        def naskah_agencies():
            return [AgencyProfile(slug="dinkes-contoh", nama="DINAS KESEHATAN", ...)]
    """


@hookspec(firstresult=True)
def naskah_procedures(agency: AgencyProfile) -> list[Procedure] | None:
    """The SOP procedures of ``agency`` with every step and its mutu baku, as the SOP tables give.

    First result. Each :class:`~naskah.model.Step` carries pelaksana, kelengkapan, waktu
    (minutes), output (verbatim), the documents it produces and its decision (YA/TIDAK targets).
    Procedures run in list order.

    :param agency: the agency being processed.
    :return: the procedures, or ``None`` if ``agency`` is not this plugin's.
    """


@hookspec
def naskah_document_kinds() -> list[DocumentKind]:
    """Declare document kinds this plugin can render.

    All results, per agency: an agency sees the default's kinds, site-wide plugins' and its
    declaring plugin's (never another agency plugin's); a kind of its declaring plugin replaces
    the default's kind of the same slug, keeping the variants of both. The default plugin
    declares the kinds of the common SOP
    (nota dinas, notulen rapat, formulir, kertas kerja …). A plugin adding a kind must also
    provide its template (``naskah_template``) and its context (``naskah_document_context``).

    :return: a list of :class:`~naskah.model.DocumentKind`.
    """


@hookspec(firstresult=True)
def naskah_step_documents(
    agency: AgencyProfile, procedure: Procedure, step: Step
) -> list[DocumentSpec] | None:
    """The documents a step produces.

    First result. The default returns ``step.documents`` when the step declares them (``()``:
    none), else the kinds recognised in the step's output text (``"Nota Dinas"`` →
    ``nota_dinas`` …).
    Return ``[]`` for a step that produces no document.

    :param agency: the agency.
    :param procedure: the procedure the step belongs to.
    :param step: the step.
    :return: a list of :class:`~naskah.model.DocumentSpec`, or ``None`` to let others decide.
    """


@hookspec(firstresult=True)
def naskah_template(agency: AgencyProfile, kind: DocumentKind) -> Path | None:
    """The DOCX template (docxtpl) used to render ``kind`` for ``agency``.

    First result. The default returns ``templates/docx/<kind.slug>.docx`` shipped with naskah.
    Return a path to override one kind for your agency (e.g. your own kop).

    :return: path of a ``.docx`` file, or ``None``.
    """


@hookspec
def naskah_document_context(
    cycle: Cycle, document: PlannedDocument, nomor: str | None
) -> dict[str, Any] | None:
    """Template variables for one document.

    All results, merged: the default plugin's context first, then each agency plugin's dict on
    top (a plugin's keys replace the default's). Values are plain data (str, numbers, lists,
    dicts) or :class:`naskah.render.Image` for pictures.

    :param cycle: the measured cycle (data, agency, procedures, capaian, pejabat).
    :param document: the document being rendered (kind, procedure, step, bidang).
    :param nomor: its register number, or ``None`` for unnumbered kinds.
    :return: a dict of variables, or ``None``.
    """


@hookspec(firstresult=True)
def naskah_numbering_pattern(agency: AgencyProfile, kind: DocumentKind) -> str | None:
    """The numbering pattern for a numbered kind (``kind.bernomor``).

    First result. A ``str.format`` pattern with the fields ``kode`` (kode klasifikasi),
    ``nomor`` (sequence number, an ``int``: use a format spec such as ``{nomor:03d}``),
    ``unit`` (the agency's kode unit), ``bulan`` (1..12), ``bulan_romawi`` (I..XII) and
    ``tahun``. Numbers restart each year per (agency, kode klasifikasi) register.

    Default: ``"{kode}/{nomor:03d}/{unit}/{tahun}"``. Example: ``510/10.a/DP-Trans/2025`` style
    agencies may return ``"{kode}/{nomor}/{unit}/{tahun}"``.
    """


@hookspec(firstresult=True)
def naskah_measurement_rules(agency: AgencyProfile) -> MeasurementRules | None:
    """The agency's measurement choices: negative-polarity formula, predicate scale, cap.

    First result. Default: :class:`~naskah.measurement.types.MeasurementRules` with the LKjIP
    negative formula, the Permendagri 86/2017 scale and no cap.
    """


@hookspec
def naskah_validate_data(agency: AgencyProfile, data: CollectedData) -> list[Problem] | None:
    """Check collected data against the agency's SOP.

    All results: every plugin's problems are reported together; any problem stops the run
    before anything is written. The default checks that each indicator's jenis is one the
    agency's SOP collects (``AgencyProfile.jenis_indikator``).

    :return: a list of :class:`~naskah.model.Problem` (empty when all is well), or ``None``.
    """


@hookspec(firstresult=True)
def naskah_signer(nip: str, settings: Any, ask_passphrase: Any) -> Any | None:
    """The signer of the pejabat with this NIP: an object that signs for their certificate.

    First result. The default (built-in, tried last) opens the pejabat's PKCS#12 keystore:
    ``settings.signing.keystores[nip]`` or ``<settings.signing.keystore_dir>/<nip>.p12``, with
    the passphrase from ``settings.signing.passphrases[nip]`` or ``ask_passphrase(prompt)``;
    it answers ``None`` when there is no keystore for ``nip``. A plugin for a remote signing
    service (BSrE's TTE API, a kabupaten's HSM) returns its own object here; docs/signing.md
    describes the request and response such a signer handles. The passphrase is never stored.

    :param nip: the signatory's NIP, 18 digits without spaces.
    :param settings: the :class:`naskah.settings.Settings` in force.
    :param ask_passphrase: ``callable(prompt: str) -> str`` asking the person signing (a
        terminal prompt, a web form), or ``None`` when nobody can be asked.
    :return: a ``pyhanko.sign.signers.Signer`` whose ``signing_cert`` is the pejabat's
        certificate and whose ``cert_registry`` holds its chain; ``None`` if this plugin has no
        signer for ``nip``. Raise :class:`naskah.signing.SigningError` (Indonesian message) when
        the signer exists but cannot be opened (wrong passphrase, service down).

    Example::

        @naskah.hookimpl
        def naskah_signer(nip, settings, ask_passphrase):
            if nip in MY_HSM_NIPS:
                return HsmSigner(nip, url=settings.signing.base_url)
    """
