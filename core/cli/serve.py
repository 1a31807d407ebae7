"""``naskah serve``: the archive service (HTTP API + web pages) under uvicorn.

Registered in :mod:`naskah.cli.main` as ``app.command()(serve)``; also runnable alone as
``python -m naskah.cli.serve``. Host and port default to ``Settings.server``
(``NASKAH_SERVER__HOST``, ``NASKAH_SERVER__PORT``); the database to ``NASKAH_DATABASE_URL``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from naskah.i18n import N_, _

HELP = N_("Serve the archive: API at /api (OpenAPI at /docs), web pages for archive staff at /.")


def serve(
    host: Annotated[
        str | None, typer.Option("--host", help=N_("Address to listen on (default 127.0.0.1)."))
    ] = None,
    port: Annotated[int | None, typer.Option("--port", help=N_("Port (default 8000)."))] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help=N_("Data directory (default NASKAH_DATA_DIR).")),
    ] = None,
    log_level: Annotated[str, typer.Option("--log-level", help=N_("uvicorn log level."))] = "info",
) -> None:
    """Serve the archive: API at /api (OpenAPI at /docs), web pages for archive staff at /."""
    import uvicorn

    from naskah.api import create_app
    from naskah.settings import get_settings

    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    host = host or settings.server.host
    port = port or settings.server.port
    app = create_app(settings)
    typer.echo(_("naskah: archive service on http://{host}:{port}/ (API docs: /docs); archive "
                 "{path}", host=host, port=port, path=settings.archive_dir))
    # X-Forwarded-* are read by the app itself when NASKAH_SERVER__PROXY_HEADERS is on (from
    # NASKAH_SERVER__FORWARDED_ALLOW_IPS only), under any ASGI server: uvicorn's copy stays off.
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False)


def main() -> None:  # pragma: no cover - python -m naskah.cli.serve
    typer.run(serve)


if __name__ == "__main__":  # pragma: no cover
    main()
