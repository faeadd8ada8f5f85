#!/usr/bin/env bash
# Serve the site as in production (gunicorn, 2 workers, PostgreSQL, Redis, SMTP) on loopback, run the smoke
# suite against it over HTTP, then stop everything. Needs root (PostgreSQL runs as the postgres user)
# and the test requirements in .venv. Used by .ci/run; run it by hand the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d /tmp/epn-smoke.XXXXXX)
chown postgres "$work"
pg_port=$(free_port); redis_port=$(free_port); web_port=$(free_port); smtp_port=$(free_port)
cleanup() {
  [ -f "$work/gunicorn.pid" ] && kill "$(cat "$work/gunicorn.pid")" 2>/dev/null || true
  [ -n "${smtp_pid:-}" ] && kill "$smtp_pid" 2>/dev/null || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  su postgres -c "pg_ctl -D $work/pg -m fast stop >/dev/null" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# how to start and stop PostgreSQL and Redis: here, and in the smoke suite, which stops each in turn
pg_start="su postgres -c \"pg_ctl -D $work/pg -o '-p $pg_port -k $work -c listen_addresses=' -l $work/pg.log -w start >/dev/null\""
redis_start="redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile $work/redis.pid --logfile $work/redis.log"
export SMOKE_PG_START="$pg_start" SMOKE_PG_STOP="su postgres -c 'pg_ctl -D $work/pg -m fast stop >/dev/null'"
export SMOKE_REDIS_START="$redis_start" SMOKE_REDIS_STOP="kill \$(cat $work/redis.pid); sleep 0.5"

su postgres -c "initdb -D $work/pg -A trust >/dev/null"
eval "$pg_start"
su postgres -c "createdb -h $work -p $pg_port finder"
eval "$redis_start"

# a loopback SMTP server that files every mail in a maildir the smoke suite reads
mkdir -p "$work/mail/tmp" "$work/mail/new" "$work/mail/cur"
"$BIN/python" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/mail" &
smtp_pid=$!

export FLASK_MAIL_SERVER=127.0.0.1 FLASK_MAIL_PORT="$smtp_port" SMOKE_MAILDIR="$work/mail"
export DATABASE_URL="postgresql+psycopg://postgres@/finder?host=$work&port=$pg_port"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
export FLASK_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_hex(32))')
export FLASK_TRUSTED_HOSTS='["127.0.0.1"]'
export FLASK_PROXY_COUNT=1  # the smoke suite plays the reverse proxy: X-Forwarded-For, -Proto
export SMOKE_ADMIN_EMAIL=smoke-admin@example.org
export SMOKE_ADMIN_PASSWORD=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(18))')

FLASK="$BIN/flask --app app"
$FLASK translate compile >/dev/null
$FLASK db upgrade
$FLASK seed
$FLASK create-admin --email "$SMOKE_ADMIN_EMAIL" --name "Smoke Admin" --password "$SMOKE_ADMIN_PASSWORD"

BIND="127.0.0.1:$web_port" WEB_CONCURRENCY=2 "$BIN/gunicorn" -c deploy/gunicorn.conf.py \
  --pid "$work/gunicorn.pid" app:app >"$work/gunicorn.log" 2>&1 &
"$BIN/python" - "$web_port" <<'PY'
import sys, time, urllib.request
for _ in range(100):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=2)
        break
    except OSError:
        time.sleep(0.2)
PY

SMOKE_URL="http://127.0.0.1:$web_port" "$BIN/python" -m pytest -q -m smoke tests/smoke || {
  echo "--- gunicorn log"; tail -50 "$work/gunicorn.log"; exit 1
}
echo "--- access log sample (no addresses, no query strings)"; grep '"path"' "$work/gunicorn.log" | tail -3

# the daily reminder command mails through the same server
FLASK_SERVER_NAME="127.0.0.1:$web_port" $FLASK send-reminders | tail -1

# a backup made from this deployment restores into it
$FLASK backup "$work/backup.json"
$FLASK restore "$work/backup.json" --yes
