"""A broker that cannot be reached, or that accepts connections and never answers (issue 14):
``naskah batch submit`` fails within seconds with one clear message and the batch stays
recorded (``queued``) for ``naskah batch retry N --resend``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dinsos-p3a-pessel-2025-TW1.xlsx"
NASKAH = str(Path(sys.executable).parent / "naskah")


@pytest.fixture
def silent_broker() -> Iterator[str]:
    """A TCP server on 127.0.0.1 that accepts every connection and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)  # read nothing, answer nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


@pytest.fixture
def refusing_broker() -> str:
    """A port nothing listens on."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"redis://127.0.0.1:{port}/0"


def _submit(tmp_path: Path, broker: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "NASKAH_LANG": "en", "NASKAH_QUEUE__BROKER_URL": broker,
           "NASKAH_DATA_DIR": str(tmp_path / "data")}
    env.pop("NASKAH_DATABASE_URL", None)
    started = time.monotonic()
    result = subprocess.run([NASKAH, "batch", "submit", str(EXAMPLE), "--period", "2025-TW1"],
                            capture_output=True, text=True, timeout=120, env=env)
    return result, time.monotonic() - started


def _batch_statuses(tmp_path: Path) -> list[str]:
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'naskah.db'}")
    with engine.connect() as c:
        rows = c.execute(text("SELECT status FROM batch")).scalars().all()
    engine.dispose()
    return list(rows)


@pytest.mark.parametrize("broker", ["refusing_broker", "silent_broker"])
def test_submit_fails_fast_with_one_message_and_keeps_the_batch(broker, tmp_path, request):
    url = request.getfixturevalue(broker)
    result, seconds = _submit(tmp_path, url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert seconds < 15, f"{broker}: {seconds:.1f} s"
    assert "Traceback" not in result.stderr
    message = " ".join(result.stderr.split()).replace(url.split("//")[1], "BROKER")
    assert message == (
        "error: batch 1 is recorded but could not be sent to the workers: the broker "
        "redis://BROKER does not answer; once it answers: naskah batch retry 1 --resend"
    ), message
    assert _batch_statuses(tmp_path) == ["queued"]


def test_a_double_submit_is_one_batch_and_again_makes_another(tmp_path, refusing_broker):
    first, _ = _submit(tmp_path, refusing_broker)
    assert first.returncode == 1  # recorded, not sent
    second, _ = _submit(tmp_path, refusing_broker)
    assert second.returncode == 0, second.stderr
    assert "Batch 1 already has these workbooks for 2025-TW1" in " ".join(second.stdout.split())
    assert _batch_statuses(tmp_path) == ["queued"]
    env = {**os.environ, "NASKAH_LANG": "en", "NASKAH_QUEUE__BROKER_URL": refusing_broker,
           "NASKAH_DATA_DIR": str(tmp_path / "data")}
    env.pop("NASKAH_DATABASE_URL", None)
    again = subprocess.run([NASKAH, "batch", "submit", str(EXAMPLE), "--period", "2025-TW1",
                            "--again"], capture_output=True, text=True, timeout=120, env=env)
    assert "naskah batch retry 2 --resend" in " ".join(again.stderr.split())
    assert _batch_statuses(tmp_path) == ["queued", "queued"]
