"""naskah settings: one typed model read from the environment (prefix ``NASKAH_``).

``get_settings()`` is cached; tests build ``Settings(...)`` directly. Nested sections use ``__``
in environment names, e.g. ``NASKAH_PDF__TIMEOUT=120``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class PdfSettings(BaseModel):
    """DOCX → PDF conversion through LibreOffice."""

    enabled: bool = True
    soffice: str = "soffice"
    timeout: int = Field(default=300, ge=10, description="seconds for one conversion call")


class PluginSettings(BaseModel):
    """Which plugins load, where agency profile overrides (``<slug>.yaml``) are read, and where
    agencies described as data (``<slug>.yaml``, :mod:`naskah.agencies.declarative`) are."""

    disabled: list[str] = Field(default_factory=list, description="plugin names not to load")
    profiles_dir: Path | None = Field(
        default=None, description="folder of <agency-slug>.yaml profile overrides"
    )
    agencies_dir: Path | None = Field(
        default=None,
        description="folder of <agency-slug>.yaml agency data files (profile + SOP table), "
        "loaded by the built-in declarative plugin (naskah.agencies.declarative)",
    )


class QueueSettings(BaseModel):
    """Celery over a broker (Redis). Empty ``broker_url``: batches run in-process."""

    broker_url: str = ""
    result_backend: str = ""
    local_processes: int = Field(
        default=0, ge=0,
        description="processes of work run without a broker: an in-process batch's worker "
        "processes, and whether a run renders its drawing documents in a second process; "
        "0: one per CPU core the process may use, 1: everything in one process, in order")
    visibility_timeout: int = Field(
        default=3600, ge=5,
        description="seconds before Redis re-delivers an unacknowledged task: above the longest "
        "task (tasks get time limits at 80%/90% of it when it is >= 60)")
    retry_backoff: float = Field(
        default=5.0, gt=0, le=300,
        description="seconds before a task's first retry after a transient error (broker or "
        "database away, LibreOffice hung); doubled for each next one, at most 300")
    socket_timeout: float = Field(
        default=3.0, gt=0, le=60,
        description="seconds to wait for the broker to connect or answer: a broker that accepts "
        "connections but never answers fails a submission after about three times this")


class PoolSettings(BaseModel):
    """The warm LibreOffice pool of each worker process (:mod:`naskah.pdf.pool`)."""

    enabled: bool = True
    base_port: int = Field(default=2003, ge=1024, le=65000,
                           description="UNO ports base_port … base_port+63, one per pool")
    max_conversions: int = Field(default=200, ge=1, description="restart after N conversions")
    timeout: int = Field(default=120, ge=5, description="seconds for one conversion")
    start_timeout: int = Field(default=60, ge=5, description="seconds for LibreOffice to start")
    python: str = Field(default="/usr/bin/python3",
                        description="interpreter with LibreOffice's uno module (python3-uno)")


class ServerSettings(BaseModel):
    """The HTTP archive service (``naskah serve``)."""

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    session_hours: float = Field(default=8, gt=0, le=24 * 30,
                                 description="hours a web sign-in lasts before it expires")
    login_limit_account: str = Field(
        default="5/15minutes",
        description="failed sign-ins allowed per account (a `limits` rate string)")
    login_limit_address: str = Field(
        default="20/15minutes",
        description="failed sign-ins allowed per client address (a `limits` rate string)")
    token_limit_address: str = Field(
        default="30/minute",
        description="wrong API tokens allowed per client address (a `limits` rate string); "
        "then 429 with Retry-After")
    proxy_headers: bool = Field(
        default=False,
        description="behind a reverse proxy: take the client address and the scheme (https: "
        "Secure cookies) from X-Forwarded-For / X-Forwarded-Proto sent by forwarded_allow_ips")
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="comma-separated addresses (or networks, or *) of the proxies whose "
        "X-Forwarded-* headers are trusted when proxy_headers is on")
    api_docs: bool = Field(
        default=False, description="serve Swagger UI at /docs and ReDoc at /redoc (development "
        "only: their scripts come from a CDN); /openapi.json is always served")


class SigningSettings(BaseModel):
    """Electronic signatures (TTE, :mod:`naskah.signing`; see docs/signing.md)."""

    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="public address of the archive service: QR codes link to "
        "<base_url>/verifikasi/<kode>")
    keystore_dir: Path | None = Field(
        default=None, description="folder of PKCS#12 keystores named <NIP>.p12 (built-in signer)")
    keystores: dict[str, Path] = Field(
        default_factory=dict, description="NIP (18 digits) -> PKCS#12 file; wins over keystore_dir")
    passphrases: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="NIP -> keystore passphrase, for unattended signing only (else prompted); "
        "never written to the database or logs")
    trust_roots: list[Path] = Field(
        default_factory=list, description="PEM/DER files of the root certificates trusted when "
        "signing and verifying (no system store is used)")
    crls: list[Path] = Field(
        default_factory=list, description="PEM/DER CRLs checked for revoked certificates; "
        "embedded in signed PDFs (PAdES B-LT with a TSA)")
    ocsps: list[Path] = Field(
        default_factory=list, description="DER OCSP responses (files) embedded in signed PDFs "
        "with the CRLs")
    allow_fetching: bool = Field(
        default=False, description="when signing, fetch the CRLs/OCSP responses the "
        "certificates point to and embed them; verification never fetches")
    tsa_url: str = Field(default="", description="RFC 3161 timestamp authority: PAdES B-T; "
                         "empty: B-B")
    issuer_label: str = Field(
        default="", description="issuer named in the TTE footer sentence; empty: the signing "
        "certificate's issuer organisation")
    verify_rate: str = Field(default="30/minute",
                             description="requests per client address to /verifikasi/…")


class Settings(BaseSettings):
    """All settings. ``data_dir`` holds the archive files and, by default, the SQLite index."""

    model_config = SettingsConfigDict(
        env_prefix="NASKAH_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Path("naskah-data")
    database_url: str = ""
    pdf: PdfSettings = Field(default_factory=PdfSettings)
    plugins: PluginSettings = Field(default_factory=PluginSettings)
    queue: QueueSettings = Field(default_factory=QueueSettings)
    pool: PoolSettings = Field(default_factory=PoolSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)
    signing: SigningSettings = Field(default_factory=SigningSettings)

    @field_validator("data_dir")
    @classmethod
    def _data_dir_not_root(cls, v: Path) -> Path:
        if v.resolve() == Path("/"):
            raise ValueError("data_dir must not be the file-system root")
        return v

    @property
    def archive_dir(self) -> Path:
        """Where document files are stored: ``<data_dir>/archive``."""
        return self.data_dir / "archive"

    @property
    def database(self) -> str:
        """SQLAlchemy URL of the index: ``database_url`` or SQLite in ``data_dir``."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'naskah.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
