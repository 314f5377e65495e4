#!/usr/bin/env bash
# A real S3-compatible server on this machine: a one-node Ceph cluster (one monitor, one OSD
# keeping its objects in memory) with the RADOS Gateway in front of it, all under one folder,
# as root, without systemd. For the object-storage tests and for trying S3 storage locally.
#
#   scripts/s3_server.sh start   # idempotent: does nothing if the gateway already answers
#   scripts/s3_server.sh stop    # stops the daemons this script started and removes the folder
#   scripts/s3_server.sh status  # exit 0 if the gateway answers
#   scripts/s3_server.sh env     # the AWS_* variables for a client, one per line
#
# Needs Debian's ceph-mon, ceph-osd, radosgw and ceph-common (the `ceph` and `radosgw-admin`
# commands). Settings (environment): BALAI_S3_DIR (default /tmp/balai-s3), BALAI_S3_PORT (the
# gateway, default 7480), BALAI_S3_MON_PORT (default 6799), BALAI_S3_ACCESS_KEY and
# BALAI_S3_SECRET_KEY (the S3 user's keys).
#
# This is a test server: authentication inside the cluster is off, there is one copy of every
# object and the OSD keeps them in memory, so a stop loses them. Every address is on loopback.
set -euo pipefail

DIR=${BALAI_S3_DIR:-/tmp/balai-s3}
PORT=${BALAI_S3_PORT:-7480}
MON_PORT=${BALAI_S3_MON_PORT:-6799}
ACCESS_KEY=${BALAI_S3_ACCESS_KEY:-balai-test-access}
SECRET_KEY=${BALAI_S3_SECRET_KEY:-balai-test-secret-key-0123456789}
CONF="$DIR/ceph.conf"

endpoint() { echo "http://127.0.0.1:$PORT"; }

gateway_answers() {
  # An anonymous request to the service: the gateway answers with XML (an empty bucket list).
  curl -s -o /dev/null -m 2 -w '%{http_code}' "$(endpoint)/" 2>/dev/null | grep -q '^200$'
}

need() {
  local missing=()
  for cmd in ceph-mon ceph-osd radosgw radosgw-admin ceph monmaptool; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "s3_server: missing ${missing[*]} (Debian: apt-get install ceph-mon ceph-osd radosgw ceph-common)" >&2
    exit 3
  fi
}

ours() {  # ours PID: the process is one of the daemons this script starts (not a reused pid)
  case "$(cat "/proc/$1/comm" 2>/dev/null)" in
    ceph-mon|ceph-osd|radosgw) return 0 ;;
    *) return 1 ;;
  esac
}

stop() {
  local pids=() pid
  for pidfile in "$DIR"/run/*.pid; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if ours "$pid"; then pids+=("$pid"); kill "$pid" 2>/dev/null || true; fi
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do ours "$pid" || break; sleep 0.1; done
    if ours "$pid"; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$DIR"
}

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "s3_server: $what did not come up in ${seconds}s; logs in $DIR/log" >&2
      tail -n 20 "$DIR"/log/*.log >&2 || true
      exit 1
    fi
    sleep 0.3
  done
}

start() {
  need
  if gateway_answers; then
    echo "s3_server: already running at $(endpoint)"
    return 0
  fi
  stop  # a half-started earlier cluster
  mkdir -p "$DIR"/run "$DIR"/log "$DIR"/mon/ceph-a "$DIR"/osd/ceph-0 "$DIR"/rgw/ceph-rgw.balai
  local fsid
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$MON_PORT
ms bind msgr2 = false
public network = 127.0.0.0/8
auth cluster required = none
auth service required = none
auth client required = none
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
keyring = /dev/null
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
mon data avail warn = 1
mon data avail crit = 0

[mon]
mon data = $DIR/mon/\$cluster-\$id
mon initial members = a

[osd]
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = 1073741824
osd max object name len = 460
osd max object namespace len = 64

[client.rgw.balai]
rgw data = $DIR/rgw/\$cluster-\$id
rgw frontends = beast endpoint=127.0.0.1:$PORT
EOF
  monmaptool --create --clobber --fsid "$fsid" --addv a "[v1:127.0.0.1:$MON_PORT]" \
    "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >/dev/null
  # The daemons get neither the lock (fd 9) nor the caller's output: a caller reading that
  # output until it closes would otherwise wait for as long as they run.
  ceph-mon -c "$CONF" -i a 9>&- </dev/null >>"$DIR/log/daemons.out" 2>&1
  wait_for 20 "the monitor" ceph -c "$CONF" --connect-timeout 2 mon stat

  local osd_uuid osd_id
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(ceph -c "$CONF" osd new "$osd_uuid")
  ceph-osd -c "$CONF" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
  ceph-osd -c "$CONF" -i "$osd_id" 9>&- </dev/null >>"$DIR/log/daemons.out" 2>&1
  wait_for 30 "the OSD" bash -c "ceph -c '$CONF' osd stat | grep -q '1 up'"

  radosgw -c "$CONF" -n client.rgw.balai 9>&- </dev/null >>"$DIR/log/daemons.out" 2>&1
  wait_for 40 "the gateway" gateway_answers
  radosgw-admin -c "$CONF" user create --uid=balai --display-name="Balai tests" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >/dev/null
  echo "s3_server: running at $(endpoint)"
}

case "${1:-}" in
  start)
    # Two test workers may ask at once: one starts the cluster, the other waits and finds it up.
    exec 9>"$DIR.lock"
    flock 9
    # A cluster that fails to form (seen once: the new OSD refused by the monitor) is torn down
    # and made again, once; each attempt runs in a process of its own, so that it stops at its
    # first failing step.
    if ! bash "$0" start-once 9>&-; then
      echo "s3_server: first start failed; starting again" >&2
      stop
      bash "$0" start-once 9>&-
    fi
    ;;
  start-once) start ;;
  stop) stop; echo "s3_server: stopped" ;;
  status) gateway_answers ;;
  env)
    echo "AWS_S3_ENDPOINT_URL=$(endpoint)"
    echo "AWS_S3_ACCESS_KEY_ID=$ACCESS_KEY"
    echo "AWS_S3_SECRET_ACCESS_KEY=$SECRET_KEY"
    ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
