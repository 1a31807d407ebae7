"""What the signing tests share: the example cycle archived with real PDF/A files, a throw-away
CA (root → intermediate → pejabat) with its keystores, trust root and CRL, and a local RFC 3161
timestamp authority.

Built through naskah's own functions (``run_cycle``, ``attach_pdf``) and LibreOffice; nothing
touches the network.
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr

from naskah.archive.store import Document, attach_pdf, init_db
from naskah.db import make_engine, session_factory
from naskah.pdf import soffice as pdf
from naskah.run import run_cycle
from naskah.settings import PdfSettings, Settings, SigningSettings
from naskah.signing.testca import make_ca
from tests.conftest import EXAMPLE

AGENCY = "dinsos-p3a-pessel"
KEPALA = ("ILHAM RACHMADSYAH PUTRA, S.STP", "198305232002121002",
          "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Pesisir "
          "Selatan")
SEKRETARIS_JABATAN = ("Sekretaris Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak "
                      "Kabupaten Pesisir Selatan")
REVOKED_NIP = "197001012000031001"
EXPIRED_NIP = "197502022001122002"
FOREIGN_NIP = "198001012005011003"
PASS = "sandi-uji-123"
BASE_URL = "http://verifikasi.contoh"


def build_signing_world(base: Path, kinds=(("nota_dinas", "pengukuran"),
                                          ("laporan_pengukuran", None), ("sop", None)),
                        *, passphrases: bool = True) -> dict:
    """The example cycle archived in ``base/data``, with the PDF/A of the documents ``kinds``
    (``(kind, procedure or None)``; the final variant) attached; keystores of a valid (the
    Kepala), a revoked and an expired pejabat certificate of one CA, and one of a foreign CA,
    in ``base/keys`` with ``root.pem`` and ``crl.pem``. ``passphrases``: the settings hold
    the keystores' passphrase (unattended); else it must be asked.

    Returns ``{"settings", "engine", "ids": {kind (its first document) and "kind/procedure":
    document id, "run": run id}, "ca", "keys"}``."""
    ca = make_ca()
    kepala = ca.issue(*KEPALA)
    revoked = ca.issue("PEJABAT DICABUT", REVOKED_NIP, "Sekretaris")
    ca.revoke(revoked.cert)
    expired = ca.issue("PEJABAT LAMA", EXPIRED_NIP, "Kepala Bidang",
                       not_before=datetime.now(UTC) - timedelta(days=400), days=30)
    foreign = make_ca("CA Lain").issue("PEJABAT LAIN", FOREIGN_NIP, "Kepala")
    keys = base / "keys"
    keys.mkdir()
    nips = (KEPALA[1], REVOKED_NIP, EXPIRED_NIP, FOREIGN_NIP)
    for nip, issued in zip(nips, (kepala, revoked, expired, foreign), strict=True):
        (keys / f"{nip}.p12").write_bytes(issued.pkcs12(PASS))
    (keys / "root.pem").write_bytes(ca.root.pem())
    (keys / "crl.pem").write_bytes(ca.crl().public_bytes(serialization.Encoding.PEM))

    data_dir = base / "data"
    signing = SigningSettings(
        base_url=BASE_URL, keystore_dir=keys,
        passphrases={nip: SecretStr(PASS) for nip in nips} if passphrases else {},
        trust_roots=[keys / "root.pem"], crls=[keys / "crl.pem"],
    )
    settings = Settings(data_dir=data_dir, pdf=PdfSettings(enabled=False), signing=signing)
    run_cycle(EXAMPLE, agency=AGENCY, periode="2025-TW1", settings=settings)
    engine = make_engine(settings.database)
    init_db(engine)
    ids = {}
    with session_factory(engine)() as s, s.begin():
        docs = []
        for kind, procedure in kinds:
            q = s.query(Document).filter_by(kind=kind, variant="")
            docs.append((q.filter_by(procedure=procedure) if procedure else q).one())
        docx = [d.docx_file(settings.archive_dir) for d in docs]
        made = pdf.convert_to_pdf(docx, base / "pdf", Settings(data_dir=data_dir), pdfa=True)
        for d, path in zip(docs, docx, strict=True):
            attach_pdf(s, settings.archive_dir, d.id, made[path])
            ids.setdefault(d.kind, d.id)
            ids[f"{d.kind}/{d.procedure}"] = d.id
        ids["run"] = docs[0].run_id
    return {"settings": settings, "engine": engine, "ids": ids, "ca": ca, "keys": keys}


@contextmanager
def local_tsa(ca):
    """An RFC 3161 timestamp authority on a loopback port (pyHanko's test time stamper with a
    certificate from ``ca``'s intermediate). Yields ``(url, asked)``: ``asked`` collects the
    Content-Type of each request."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa = ca.issue_tsa()
    stamper = DummyTimeStamper(
        tsa_cert=ax509.Certificate.load(tsa.cert.public_bytes(Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(tsa.key.private_bytes(
            Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
        certs_to_embed=[ax509.Certificate.load(c.public_bytes(Encoding.DER))
                        for c in tsa.chain],
    )
    asked: list[str] = []

    class Tsa(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            req = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append(self.headers["Content-Type"])
            data = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tsa)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", asked
    finally:
        server.shutdown()
        server.server_close()
