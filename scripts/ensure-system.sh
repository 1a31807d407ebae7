#!/usr/bin/env bash
# Make sure the system components naskah uses are installed and running.
#   scripts/ensure-system.sh venv       python3 -m venv works (Debian: python3-venv)
#   scripts/ensure-system.sh soffice    LibreOffice Writer + pdftotext/pdftoppm + fonts
#                                       + python3-uno (the warm PDF pool)
#   scripts/ensure-system.sh postgres   PostgreSQL answering on 127.0.0.1:5432 with the
#                                       naskah test role and database (see NASKAH_TEST_PG_URL)
#   scripts/ensure-system.sh chromium   Debian's chromium, for the browser tests (Playwright
#                                       drives /usr/bin/chromium; never `playwright install`)
#   scripts/ensure-system.sh redis      Redis answering on 127.0.0.1:6379 (the Celery broker
#                                       of the worker tests and benchmarks; started without
#                                       persistence when nothing answers)
#   scripts/ensure-system.sh zbar       libzbar0, the QR decoder the signing tests read the
#                                       TTE mark's QR code with (through pyzbar)
# Installs Debian packages when missing (needs root or sudo). Idempotent.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
APT_UPDATED=""

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-system: apt-get not found; install these yourself: $*" >&2
    return 1
  fi
  if [ -z "$APT_UPDATED" ]; then $SUDO apt-get update -q >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

ensure_venv() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "ensure-system: installing python3-venv"
    apt_install python3-venv python3-pip
  fi
}

ensure_soffice() {
  local missing=()
  command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
  command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
  # Metric-compatible Arial/Times/Calibri and a Unicode fallback, so documents lay out the same.
  fc-list 2>/dev/null | grep -qi "Liberation Sans" || missing+=(fonts-liberation fonts-dejavu-core fonts-crosextra-carlito)
  # LibreOffice's Python bridge for the warm PDF pool (naskah.pdf.pool runs it under this python).
  /usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || missing+=(python3-uno)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "ensure-system: installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }

ensure_postgres() {
  if ! command -v pg_isready >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "ensure-system: installing postgresql"
    apt_install postgresql
  fi
  if ! pg_ready; then
    echo "ensure-system: starting postgresql"
    for v in $(ls /etc/postgresql); do
      $SUDO pg_ctlcluster --skip-systemctl-redirect "$v" main start 2>/dev/null \
        || $SUDO pg_ctlcluster "$v" main start
    done
    for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  fi
  pg_ready || { echo "ensure-system: PostgreSQL does not answer on 127.0.0.1:5432" >&2; return 1; }
  # The test role and database (password auth works with trust, md5 and scram set-ups alike).
  local psql=(psql -v ON_ERROR_STOP=1 -qtA)
  run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "${psql[@]}" "$@"; else sudo -u postgres "${psql[@]}" "$@"; fi; }
  if ! run_pg -c "select 1 from pg_roles where rolname='naskah'" | grep -q 1; then
    run_pg -c "create role naskah login password 'naskah' createdb"
  fi
  if ! run_pg -c "select 1 from pg_database where datname='naskah_test'" | grep -q 1; then
    run_pg -c "create database naskah_test owner naskah"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "ensure-system: installing chromium"
    apt_install chromium fonts-liberation
  fi
}

redis_ready() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    echo "ensure-system: installing redis-server"
    apt_install redis-server
  fi
  if ! redis_ready; then
    echo "ensure-system: starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 30); do redis_ready && break; sleep 0.5; done
  fi
  redis_ready || { echo "ensure-system: Redis does not answer on 127.0.0.1:6379" >&2; return 1; }
}

ensure_zbar() {
  if ! ldconfig -p 2>/dev/null | grep -q "libzbar\.so\.0"; then
    echo "ensure-system: installing libzbar0"
    apt_install libzbar0
  fi
}

for what in "$@"; do
  case "$what" in
    venv) ensure_venv ;;
    soffice) ensure_soffice ;;
    postgres) ensure_postgres ;;
    chromium) ensure_chromium ;;
    redis) ensure_redis ;;
    zbar) ensure_zbar ;;
    *) echo "ensure-system: unknown component $what" >&2; exit 2 ;;
  esac
done
