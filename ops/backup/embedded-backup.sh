#!/usr/bin/env bash
# Backs up the embedded store (no MONGODB_URI): the H2 MVStore file ${SANPHALANG_DATA_DIR}/sanphalang.mv.
#
# The MVStore appends chunks to that file while the app runs; a copy taken in the middle of a write can end in a
# torn chunk. H2 then falls back to the last complete chunk on open — usually fine, not guaranteed. So by default
# this STOPS the service, copies the closed file and starts it again (downtime ≈ the JVM start, 10–20 s; LINE
# retries webhooks that failed meanwhile when "Webhook redelivery" is on in the LINE console).
#
#   sudo ops/backup/embedded-backup.sh                 # systemd service "sanphalang" (ops/systemd)
#   SANPHALANG_CONTAINER=sanphalang sudo ops/backup/embedded-backup.sh   # a docker container instead
#   sudo ops/backup/embedded-backup.sh --hot           # no stop: a best-effort copy (see above), e.g. hourly
#
# Settings (environment, else /etc/sanphalang/env or ENV_FILE): SANPHALANG_DATA_DIR (/var/lib/sanphalang/data),
#   BACKUP_DIR (/var/backups/sanphalang), BACKUP_RETENTION_DAYS (14), SANPHALANG_SERVICE (sanphalang),
#   SANPHALANG_CONTAINER (unset), SANPHALANG_HEALTH_URL (http://127.0.0.1:8080/actuator/health).
# A filesystem snapshot (LVM, ZFS, btrfs) of the data folder is equally consistent and needs no stop.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="${ENV_FILE:-/etc/sanphalang/env}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

mode="${1:-stop}"
case "$mode" in
    stop|--stop) mode=stop ;;
    --hot) mode=hot ;;
    *) die "usage: $0 [--hot]" ;;
esac

DATA_DIR="$(setting SANPHALANG_DATA_DIR /var/lib/sanphalang/data)"
BACKUP_DIR="$(setting BACKUP_DIR /var/backups/sanphalang)"
RETENTION_DAYS="$(setting BACKUP_RETENTION_DAYS 14)"
SERVICE="$(setting SANPHALANG_SERVICE sanphalang)"
CONTAINER="$(setting SANPHALANG_CONTAINER)"
HEALTH_URL="$(setting SANPHALANG_HEALTH_URL http://127.0.0.1:8080/actuator/health)"
STORE="$DATA_DIR/sanphalang.mv"

[ -s "$STORE" ] || die "no store file at $STORE (is SANPHALANG_DATA_DIR right? with MONGODB_URI set, use mongo-backup.sh)"
[[ "$RETENTION_DAYS" =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number"
mkdir -p "$BACKUP_DIR"
chmod 0700 "$BACKUP_DIR"
umask 077
exec 9> "$BACKUP_DIR/.embedded-backup.lock"
flock -n 9 || die "another embedded-backup.sh is running"

stop_app() {
    if [ -n "$CONTAINER" ]; then
        docker stop --time 45 "$CONTAINER" > /dev/null
    else
        systemctl stop "$SERVICE"
    fi
}
start_app() {
    if [ -n "$CONTAINER" ]; then
        docker start "$CONTAINER" > /dev/null
    else
        systemctl start "$SERVICE"
    fi
}
app_running() {
    if [ -n "$CONTAINER" ]; then
        [ "$(docker inspect -f '{{.State.Running}}' "$CONTAINER" 2> /dev/null)" = true ]
    else
        systemctl is-active --quiet "$SERVICE"
    fi
}

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="$BACKUP_DIR/sanphalang-embedded-$stamp.mv.gz"
partial="$archive.partial"
was_running=0
start_again() {
    if [ "$was_running" = 1 ]; then
        was_running=0
        log "starting $([ -n "$CONTAINER" ] && echo "container $CONTAINER" || echo "service $SERVICE") again"
        start_app || log "WARNING: could not start the app again: start it by hand"
    fi
}
# Whatever happens, never leave the app stopped.
trap 'rm -f "$partial"; start_again' EXIT

if [ "$mode" = stop ]; then
    if app_running; then
        was_running=1
        log "stopping the app for a consistent copy (graceful: in-flight work finishes, the store is closed)"
        stop_app
    else
        log "the app is not running: copying the closed store"
    fi
    gzip -c < "$STORE" > "$partial"
    # Start again before checking and pruning, to keep the downtime short.
    start_again
else
    log "WARNING: --hot copy of a running store; it may end in a torn write (see the header of this script)"
    gzip -c < "$STORE" > "$partial"
fi

gzip -t "$partial" || die "the archive is not valid gzip"
mv "$partial" "$archive"
write_checksum "$archive"
log "backup written: $archive ($(du -h "$archive" | cut -f1))"

if [ "$mode" = stop ] && command -v curl > /dev/null; then
    up=0
    for _ in $(seq 1 "${HEALTH_WAIT_SECONDS:-60}"); do
        if curl -fsS "$HEALTH_URL" > /dev/null 2>&1; then
            up=1
            break
        fi
        sleep 1
    done
    if [ "$up" = 1 ]; then
        log "the app is UP again"
    else
        log "WARNING: the app is not UP at $HEALTH_URL yet: check it"
    fi
fi

prune_older_than "$BACKUP_DIR" 'sanphalang-embedded-*.mv.gz' "$RETENTION_DAYS"
log "done"
