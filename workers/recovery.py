"""Re-sending the tasks of a worker that is gone, within a minute or two instead of the
visibility timeout.

A task message is acknowledged only when its task has finished (``task_acks_late``). When a
whole worker dies (its process group SIGKILLed, the machine lost), Redis keeps its messages
as *unacknowledged* and hands them out again only after ``visibility_timeout`` (one hour by
default, and it must stay above the longest task). To do better, workers keep two records in
the broker's Redis:

- a **heartbeat** per worker (its main process): ``naskah:hb:<host>:<pid>``, refreshed every
  :data:`HEARTBEAT_SECONDS`, expiring after :data:`HEARTBEAT_TTL` seconds;
- a **claim** per task the worker has received (running, reserved for its next free pool
  process, or a retry held until its countdown is over): field ``<task id>`` of the hash
  ``naskah:claims``, naming the worker's heartbeat and the delivery's retry count, removed when
  the task ends. (A pool process that dies alone is Celery's business:
  ``task_reject_on_worker_lost`` puts its task back at once.)

A retried task keeps its id: its retry message (retry count + 1, with an ETA) is received —
and claimed — by some worker *before* the attempt that sent it has ended. So the end of an
attempt removes the claim only if it is that attempt's (:func:`release` compares the retry
counts, atomically in Redis); else the held retry would look unclaimed, and be re-sent — and run
twice — while its worker lives.

Every worker also *scans* (every :data:`SCAN_SECONDS`): a claim whose heartbeat has
expired belongs to a worker that is gone; its message, still in kombu's ``unacked`` hash, is
put back on the queue with kombu's own ``restore_by_tag`` (atomic: two scanners restore it
once) and the claim is dropped. A task re-delivered this way runs again from the state in the
database, which makes a second delivery safe (:mod:`naskah.batch.steps`); should the original
message come back after the visibility timeout as well, it finds its work done.

Worst case from the kill to the message back on the queue: ``HEARTBEAT_TTL + SCAN_SECONDS``
(45 s) when another worker is running, else that long after the next one starts.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10
HEARTBEAT_TTL = 30
SCAN_SECONDS = 15
UNCLAIMED_SECONDS = 60
"""An unacknowledged message nobody claims this long after its delivery is re-sent."""
CLAIMS_KEY = "naskah:claims"
HB_PREFIX = "naskah:hb:"

_me: str = ""
_thread: threading.Thread | None = None


def _redis(app):
    """A redis-py client on ``app``'s broker (socket timeouts from its transport options)."""
    import redis

    options = app.conf.broker_transport_options or {}
    timeout = options.get("socket_timeout", 5)
    return redis.Redis.from_url(app.conf.broker_url, socket_timeout=timeout,
                                socket_connect_timeout=timeout)


def heartbeat_key() -> str:
    """This process's heartbeat key: ``naskah:hb:<host>:<pid>``."""
    return f"{HB_PREFIX}{socket.gethostname()}:{os.getpid()}"


def start(app) -> None:
    """Start the worker's heartbeat-and-scan thread (``worker_ready``, main process; once)."""
    global _me, _thread
    if not str(app.conf.broker_url or "").startswith(("redis://", "rediss://")):
        return
    _me = heartbeat_key()
    if _thread is not None and _thread.is_alive():
        return
    _thread = threading.Thread(target=_loop, args=(app, _me), name="naskah-heartbeat",
                               daemon=True)
    _thread.start()


def _loop(app, me: str) -> None:
    client = None
    last_scan = 0.0
    while True:
        try:
            client = client or _redis(app)
            client.set(me, str(time.time()), ex=HEARTBEAT_TTL)
            if time.monotonic() - last_scan >= SCAN_SECONDS:
                last_scan = time.monotonic()
                recover(app, client)
        except Exception as exc:  # noqa: BLE001 - the broker away: try again next beat
            log.warning("heartbeat: %s", exc)
            client = None
        time.sleep(HEARTBEAT_SECONDS)


def claim(app, task_id: str, retries: int = 0) -> None:
    """Record that this worker holds ``task_id``'s delivery number ``retries`` (0: the first;
    ``task_received``, main process). Never raises."""
    global _me
    if not task_id or not str(app.conf.broker_url or "").startswith(("redis://", "rediss://")):
        return
    _me = _me or heartbeat_key()
    try:
        client = _redis(app)
        client.set(_me, str(time.time()), ex=HEARTBEAT_TTL)
        client.hset(CLAIMS_KEY, task_id, json.dumps(
            {"hb": _me, "at": time.time(), "retries": int(retries or 0)}))
    except Exception as exc:  # noqa: BLE001
        log.warning("claim of %s not recorded: %s", task_id, exc)


_RELEASE = """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local ok, held = pcall(cjson.decode, raw)
if ok and type(held) == 'table' and tonumber(held['retries'] or 0) > tonumber(ARGV[2]) then
  return 0
end
return redis.call('HDEL', KEYS[1], ARGV[1])
"""
"""Delete the claim unless it is of a later delivery (a retry) than the attempt ending."""


def release(app, task_id: str, retries: int = 0) -> None:
    """Drop the claim of ``task_id`` made for the attempt ``retries`` that just ended (or an
    earlier one); a claim of its retry, already received, stays (``task_postrun``, pool
    process). Never raises."""
    if not task_id:
        return
    try:
        _redis(app).eval(_RELEASE, 1, CLAIMS_KEY, task_id, int(retries or 0))
    except Exception as exc:  # noqa: BLE001
        log.warning("claim of %s not released: %s", task_id, exc)


def recover(app, client=None) -> list[str]:
    """Put back on the queue the unacknowledged messages of tasks whose process is gone.

    :return: the IDs of the tasks re-sent.
    """
    client = client or _redis(app)
    claims = client.hgetall(CLAIMS_KEY)
    dead: dict[str, str] = {}
    for raw_id, raw in claims.items():
        task_id = raw_id.decode()
        try:
            hb = json.loads(raw)["hb"]
        except (ValueError, KeyError, TypeError):
            client.hdel(CLAIMS_KEY, task_id)
            continue
        if not client.exists(hb):
            dead[task_id] = hb
    claimed = {raw_id.decode() for raw_id in claims}
    resent = []
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        unacked = client.hgetall(channel.unacked_key)
        if not unacked:
            for task_id in dead:
                client.hdel(CLAIMS_KEY, task_id)
            return []
        cutoff = time.time() - UNCLAIMED_SECONDS
        for tag, payload in unacked.items():
            try:
                message = json.loads(payload)[0]
                task_id = message["headers"]["id"]
            except (ValueError, KeyError, TypeError, IndexError):
                continue
            if task_id in dead:
                why = f"of the gone worker process {dead[task_id]}"
            elif task_id not in claimed:
                # delivered to a worker killed before it could claim it (a few ms after
                # receiving): unclaimed for a long time
                delivered = client.zscore(channel.unacked_index_key, tag)
                if delivered is None or delivered > cutoff:
                    continue
                why = "delivered but never claimed (its worker is gone)"
            else:
                continue
            channel.qos.restore_by_tag(tag.decode(), client)
            resent.append(task_id)
            log.warning("task %s %s re-sent", task_id, why)
        for task_id in dead:
            client.hdel(CLAIMS_KEY, task_id)
    return resent
