"""A throw-away certificate authority for tests and the demo: root → intermediate → pejabat.

**Never for real documents.** Every name it writes says *UJI* (test) and that it is not BSrE,
so the footer sentence of a document signed with it (which names the issuer from the
certificate) reads "… diterbitkan oleh naskah CA UJI (bukan BSrE) …". The demo certificate in
``examples/tte-uji/`` was made with :func:`write_demo_keystore`; the tests make their own with
:func:`make_ca` and :func:`issue`.

Keys are ECDSA P-256 (small and fast); certificates follow RFC 5280 profiles as BSrE's do for
the parts naskah reads: the pejabat's name in ``CN``, the NIP in ``serialNumber`` (OID 2.5.4.5),
the jabatan in ``title``, key usage *digitalSignature* + *nonRepudiation*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from naskah.signing.certs import TEST_ORG

__all__ = ["TEST_ORG", "Issued", "TestCA", "make_ca", "write_demo_keystore"]

CRL_URL = "http://ca-uji.invalid/antara.crl"
"""Where the test certificates say their CRL is (a reserved ``.invalid`` name: never fetched;
naskah validates offline with the CRL files it is given)."""


@dataclass
class Issued:
    """A certificate with its private key (and the chain above it, nearest first)."""

    cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    chain: list[x509.Certificate] = field(default_factory=list)

    def pem(self) -> bytes:
        """The certificate in PEM."""
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def pkcs12(self, passphrase: str) -> bytes:
        """A PKCS#12 keystore (key, certificate, chain) protected by ``passphrase``."""
        return pkcs12.serialize_key_and_certificates(
            b"tte", self.key, self.cert, self.chain or None,
            serialization.BestAvailableEncryption(passphrase.encode()),
        )


@dataclass
class TestCA:
    """Root and intermediate; :meth:`issue` makes pejabat certificates, :meth:`crl` a CRL."""

    root: Issued
    intermediate: Issued
    revoked: list[x509.Certificate] = field(default_factory=list)

    def issue(
        self, nama: str, nip: str, jabatan: str, *,
        not_before: datetime | None = None, days: int = 3650,
    ) -> Issued:
        """A pejabat's signing certificate from the intermediate (valid ``days`` from
        ``not_before``, default now − 1 day). ``nip`` empty: no ``serialNumber`` in the subject
        (the demo's TEST signer for a block whose NIP the data does not give)."""
        start = not_before or datetime.now(UTC) - timedelta(days=1)
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
            x509.NameAttribute(NameOID.TITLE, jabatan),
            *([x509.NameAttribute(NameOID.SERIAL_NUMBER, nip)] if nip else []),
            x509.NameAttribute(NameOID.COMMON_NAME, nama),
        ])
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            _builder(subject, self.intermediate.cert.subject, key, start, days)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signing=True), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.intermediate.key.public_key()), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(CRL_URL)], None, None, None)]), critical=False)
        )
        cert = builder.sign(self.intermediate.key, hashes.SHA256())
        return Issued(cert, key, [self.intermediate.cert, self.root.cert])

    def issue_tsa(self, name: str = "naskah TSA UJI (bukan BSrE)") -> Issued:
        """A timestamp authority's certificate (extended key usage timeStamping, critical, as
        RFC 3161 requires) from the intermediate; an RSA-2048 key (pyHanko's test time stamper
        signs with RSA only)."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (
            _builder(_name(name), self.intermediate.cert.subject, key,
                     datetime.now(UTC) - timedelta(days=1), 3650)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(signing=True), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                           critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.intermediate.key.public_key()), critical=False)
            .sign(self.intermediate.key, hashes.SHA256())
        )
        return Issued(cert, key, [self.intermediate.cert, self.root.cert])

    def revoke(self, cert: x509.Certificate) -> None:
        """Put ``cert`` on the intermediate's CRL."""
        self.revoked.append(cert)

    def crl(self, days: int = 30) -> x509.CertificateRevocationList:
        """The intermediate's current CRL (next update in ``days``) with every revoked
        certificate."""
        now = datetime.now(UTC)
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.intermediate.cert.subject)
            .last_update(now - timedelta(minutes=5))
            .next_update(now + timedelta(days=days))
            .add_extension(x509.CRLNumber(len(self.revoked) + 1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                self.intermediate.key.public_key()), critical=False)
        )
        for cert in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(cert.serial_number)
                .revocation_date(now - timedelta(minutes=1))
                .build()
            )
        return builder.sign(self.intermediate.key, hashes.SHA256())


def _name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, TEST_ORG),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _usage(signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signing, content_commitment=signing, key_encipherment=False,
        data_encipherment=False, key_agreement=False, key_cert_sign=not signing,
        crl_sign=not signing, encipher_only=False, decipher_only=False,
    )


def _builder(subject, issuer, key, start: datetime, days: int) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
    )


def make_ca(name: str = "naskah CA UJI (bukan BSrE)", days: int = 7300) -> TestCA:
    """A new root (``name``) and intermediate (``name`` + " Antara"), valid ``days``."""
    start = datetime.now(UTC) - timedelta(days=2)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{name} Akar")
    root = (
        _builder(root_name, root_name, root_key, start, days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    int_key = ec.generate_private_key(ec.SECP256R1())
    intermediate = (
        _builder(_name(name), root_name, int_key, start, days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signing=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return TestCA(Issued(root, root_key), Issued(intermediate, int_key, [root]))


DEMO_TEST_SIGNER = "SERTIFIKAT UJI — bukan TTE resmi"
"""Common name of the demo's TEST signer (:func:`write_demo_keystore`): it names no person."""
DEMO_TEST_SIGNER_FILE = "penanda-tangan-uji.p12"


def write_demo_keystore(folder: Path, nama: str, nip: str, jabatan: str, passphrase: str,
                        test_signer_jabatan: str = "") -> None:
    """Write the demo's test files into ``folder``: ``akar-uji.pem`` (the trust root to
    configure), ``<nip>.p12`` (the pejabat's keystore, protected by ``passphrase``),
    ``crl-uji.pem`` (an empty CRL of the intermediate, next update in 10 years) and, when
    ``test_signer_jabatan`` is given, :data:`DEMO_TEST_SIGNER_FILE`: a TEST signer named
    :data:`DEMO_TEST_SIGNER`, without NIP, for the block of that jabatan (same passphrase)."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    issued = ca.issue(nama, nip, jabatan)
    (folder / "akar-uji.pem").write_bytes(ca.root.pem())
    (folder / f"{nip}.p12").write_bytes(issued.pkcs12(passphrase))
    if test_signer_jabatan:
        tester = ca.issue(DEMO_TEST_SIGNER, "", test_signer_jabatan)
        (folder / DEMO_TEST_SIGNER_FILE).write_bytes(tester.pkcs12(passphrase))
    (folder / "crl-uji.pem").write_bytes(ca.crl(days=3650).public_bytes(serialization.Encoding.PEM))
