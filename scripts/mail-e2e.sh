#!/usr/bin/env bash
# End-to-end test of leakguard-milter with a real Postfix (issue 7).
#
# Installs Postfix from Debian if missing (as root, non-interactively), runs a private Postfix instance
# on 127.0.0.1 (its own config, queue and data directories under a temporary folder; the system
# instance is neither configured nor started), local delivery to the Maildir of a test user, with
# leakguard-milter as smtpd_milters; then sends mail through SMTP (scripts/mail_e2e.py) and checks
# what is refused, what is delivered on disk, the fail-safe answers (both choices, milter down
# included) and quarantine into the hold queue. Stops everything at the end.
#
#   bash scripts/mail-e2e.sh                 the test suite (both fail-safe choices)
#   bash scripts/mail-e2e.sh --bench [N]     the benchmark of BENCHMARKS.md instead (N mails, default 300)
#
# Environment: LEAKGUARD_MILTER_BIN (default: build target/release/leakguard-milter),
# MAIL_E2E_SMTP_PORT (default 2525), MAIL_E2E_MILTER_PORT (default 8891), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=test
BENCH_N=300
if [ "${1:-}" = --bench ]; then MODE=bench; BENCH_N=${2:-300}; fi

SMTP_PORT=${MAIL_E2E_SMTP_PORT:-2525}
MILTER_PORT=${MAIL_E2E_MILTER_PORT:-8891}
TEST_USER=lgmailtest

if [ "$(id -u)" != 0 ]; then
  echo "mail-e2e: must run as root (installs Postfix, creates a test user, runs Postfix)" >&2
  exit 2
fi

# --- Postfix from Debian ---------------------------------------------------------------------------
if ! [ -x /usr/sbin/postfix ]; then
  echo "== mail: installing Postfix from Debian"
  # "No configuration": the package installs without configuring or starting the system instance.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
command -v python3 >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null; }

# --- the milter binary -----------------------------------------------------------------------------
BIN=${LEAKGUARD_MILTER_BIN:-}
if [ -z "$BIN" ]; then
  echo "== mail: cargo build --release -p leakguard-milter"
  cargo build --release --locked -q -p leakguard-milter
  BIN=$ROOT/target/release/leakguard-milter
fi

# --- test user with a Maildir -----------------------------------------------------------------------
if ! id "$TEST_USER" >/dev/null 2>&1; then
  useradd --create-home --shell /usr/sbin/nologin "$TEST_USER"
fi
HOME_DIR=$(getent passwd "$TEST_USER" | cut -d: -f6)
MAILDIR=$HOME_DIR/Maildir
rm -rf "$MAILDIR"

# --- a private Postfix instance ----------------------------------------------------------------------
WORK=$(mktemp -d /tmp/leakguard-mail-e2e.XXXXXX)
chmod 755 "$WORK"
# MAIL_E2E_UNIX=1: the milter on a Unix socket instead of TCP (Postfix runs unchrooted here).
if [ "${MAIL_E2E_UNIX:-0}" = 1 ]; then MILTER_ADDR="unix:$WORK/milter.sock"; else MILTER_ADDR="inet:127.0.0.1:$MILTER_PORT"; fi
CONF=$WORK/etc
mkdir -p "$CONF" "$WORK/queue" "$WORK/data"
MILTER_PID=
cleanup() {
  set +e
  /usr/sbin/postfix -c "$CONF" stop >/dev/null 2>&1
  if [ -n "$MILTER_PID" ]; then kill "$MILTER_PID" 2>/dev/null; wait "$MILTER_PID" 2>/dev/null; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "mail-e2e: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

MASTER_SRC=/usr/share/postfix/master.cf.dist
[ -f "$MASTER_SRC" ] || MASTER_SRC=/etc/postfix/master.cf
cp "$MASTER_SRC" "$CONF/master.cf"
# SMTP on 127.0.0.1:SMTP_PORT only; no chroot (the queue is in a temporary folder).
sed -i -E "s/^smtp([[:space:]]+)inet/127.0.0.1:$SMTP_PORT\1inet/" "$CONF/master.cf"
cat >"$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $WORK/queue
data_directory = $WORK/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.leakguard.test
mydomain = leakguard.test
myorigin = \$myhostname
mydestination = localhost, \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
alias_maps =
alias_database =
home_mailbox = Maildir/
biff = no
maillog_file = $WORK/maillog
maillog_file_prefixes = $WORK
smtpd_milters = $MILTER_ADDR
milter_protocol = 6
milter_default_action = tempfail
milter_connect_timeout = 10s
message_size_limit = 20480000
smtpd_client_connection_count_limit = 0
smtpd_client_connection_rate_limit = 0
in_flow_delay = 0
default_process_limit = 100
EOF
/usr/sbin/postconf -c "$CONF" -F '*/*/chroot = n' >/dev/null
# Postfix wants its config files owned by root and not group/world writable.
chown -R root:root "$CONF"
chown postfix "$WORK/data"

start_milter() { # $1 = config file
  if [ -n "$MILTER_PID" ]; then kill "$MILTER_PID" 2>/dev/null || true; wait "$MILTER_PID" 2>/dev/null || true; fi
  : >"$WORK/milter.log"
  "$BIN" --config "$1" --listen "$MILTER_ADDR" 2>>"$WORK/milter.log" &
  MILTER_PID=$!
  for _ in $(seq 100); do
    grep -q "listening on" "$WORK/milter.log" && return 0
    kill -0 "$MILTER_PID" 2>/dev/null || break
    sleep 0.1
  done
  cat "$WORK/milter.log" >&2
  echo "mail-e2e: the milter did not start" >&2
  exit 1
}

write_milter_conf() { # $1 = file, $2 = on_error, $3 = max_message_size
  cat >"$1" <<EOF
[milter]
on_block = "reject"
on_warn = "header"
on_error = "$2"
max_message_size = $3
tag_clean = true
exempt_senders = ["backup-robot@leakguard.test"]

[policy]
block_at = "medium"
warn_at = "low"
EOF
}

start_postfix() {
  # Postfix reports configuration errors in its log only.
  if ! /usr/sbin/postfix -c "$CONF" check || ! /usr/sbin/postfix -c "$CONF" start >/dev/null; then
    echo "mail-e2e: postfix check/start failed:" >&2
    tail -20 "$WORK/maillog" >&2 || true
    exit 1
  fi
  for _ in $(seq 100); do
    python3 - "$SMTP_PORT" <<'PY' && return 0
import socket, sys
s = socket.socket(); s.settimeout(0.3)
try:
    s.connect(("127.0.0.1", int(sys.argv[1]))); s.close()
except OSError:
    sys.exit(1)
PY
    sleep 0.1
  done
  echo "mail-e2e: Postfix did not start" >&2
  tail -20 "$WORK/maillog" >&2 || true
  exit 1
}

export MAIL_E2E_SMTP_PORT=$SMTP_PORT MAIL_E2E_MAILDIR=$MAILDIR MAIL_E2E_WORK=$WORK MAIL_E2E_BIN=$BIN
export MAIL_E2E_CONF=$CONF MAIL_E2E_RCPT="$TEST_USER@localhost" MAIL_E2E_MILTER_ADDR=$MILTER_ADDR

if [ "$MODE" = bench ]; then
  write_milter_conf "$WORK/milter.toml" tempfail 26214400
  start_milter "$WORK/milter.toml"
  start_postfix
  python3 "$ROOT/scripts/mail_bench.py" "$BENCH_N"
  exit 0
fi

# Phase 1: fail-safe = tempfail (milter_default_action = tempfail).
echo "== mail: Postfix $(/usr/sbin/postconf -c "$CONF" -h mail_version) on 127.0.0.1:$SMTP_PORT, milter on_error=tempfail"
write_milter_conf "$WORK/milter-tempfail.toml" tempfail 307200
start_milter "$WORK/milter-tempfail.toml"
start_postfix
MAIL_E2E_MILTER_PID=$MILTER_PID MAIL_E2E_ON_ERROR=tempfail python3 "$ROOT/scripts/mail_e2e.py"

# Phase 2: fail-safe = accept with a header (milter_default_action = accept).
echo "== mail: milter on_error=accept"
write_milter_conf "$WORK/milter-accept.toml" accept 307200
/usr/sbin/postconf -c "$CONF" -e "milter_default_action = accept"
/usr/sbin/postfix -c "$CONF" reload >/dev/null
start_milter "$WORK/milter-accept.toml"
MAIL_E2E_MILTER_PID=$MILTER_PID MAIL_E2E_ON_ERROR=accept python3 "$ROOT/scripts/mail_e2e.py"
# Phase 3: on_block = quarantine (Postfix hold queue).
echo "== mail: milter on_block=quarantine"
write_milter_conf "$WORK/milter-quarantine.toml" accept 307200
sed -i 's/^on_block = "reject"/on_block = "quarantine"/' "$WORK/milter-quarantine.toml"
start_milter "$WORK/milter-quarantine.toml"
MAIL_E2E_ONLY=quarantine python3 "$ROOT/scripts/mail_e2e.py"
echo "== mail: ok"
