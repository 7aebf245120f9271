#!/usr/bin/env bash
# Restores an embedded-backup.sh archive: stops the app, keeps the current store file beside it
# (sanphalang.mv.before-restore-<time>), puts the backup in its place and starts the app again.
#
#   sudo ops/backup/embedded-restore.sh /var/backups/sanphalang/sanphalang-embedded-20260101T023000Z.mv.gz [--yes]
#
# Same settings as embedded-backup.sh (SANPHALANG_DATA_DIR, SANPHALANG_SERVICE or SANPHALANG_CONTAINER,
# SANPHALANG_HEALTH_URL) plus SANPHALANG_OWNER (sanphalang:sanphalang), the owner of the restored file.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ENV_FILE="${ENV_FILE:-/etc/sanphalang/env}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

archive="${1:-}"
confirmed="${2:-}"
[ -n "$archive" ] || die "usage: $0 ARCHIVE.mv.gz [--yes]"
[ -s "$archive" ] || die "no such archive: $archive"

DATA_DIR="$(setting SANPHALANG_DATA_DIR /var/lib/sanphalang/data)"
SERVICE="$(setting SANPHALANG_SERVICE sanphalang)"
CONTAINER="$(setting SANPHALANG_CONTAINER)"
HEALTH_URL="$(setting SANPHALANG_HEALTH_URL http://127.0.0.1:8080/actuator/health)"
OWNER="$(setting SANPHALANG_OWNER sanphalang:sanphalang)"
STORE="$DATA_DIR/sanphalang.mv"

verify_checksum "$archive"
gzip -t "$archive" || die "the archive is not valid gzip"
if [ "$(id -u)" = 0 ]; then
    id -u "${OWNER%%:*}" > /dev/null 2>&1 || die "no user ${OWNER%%:*} to own the store (set SANPHALANG_OWNER)"
fi

if [ "$confirmed" != "--yes" ]; then
    printf 'This REPLACES %s with %s.\nType "restore" to go on: ' "$STORE" "$archive" >&2
    read -r answer
    [ "$answer" = "restore" ] || die "not confirmed"
fi

if [ -n "$CONTAINER" ]; then
    log "stopping container $CONTAINER"
    docker stop --time 45 "$CONTAINER" > /dev/null || true
else
    log "stopping service $SERVICE"
    systemctl stop "$SERVICE" || true
fi

mkdir -p "$DATA_DIR"
staged="$STORE.restoring.$$"
trap 'rm -f "$staged"' EXIT
gzip -dc < "$archive" > "$staged"
if [ -e "$STORE" ]; then
    kept="$STORE.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$STORE" "$kept"
    log "kept the replaced store as $kept"
fi
mv "$staged" "$STORE"
if [ "$(id -u)" = 0 ]; then
    chown "$OWNER" "$STORE"
fi
chmod 0640 "$STORE"
log "restored $STORE"

if [ -n "$CONTAINER" ]; then
    docker start "$CONTAINER" > /dev/null
else
    systemctl start "$SERVICE"
fi
if command -v curl > /dev/null; then
    for _ in $(seq 1 "${HEALTH_WAIT_SECONDS:-90}"); do
        if curl -fsS "$HEALTH_URL" > /dev/null 2>&1; then
            log "the app is UP on the restored store; verify counts as in ops/backup/RESTORE-DRILL.md"
            exit 0
        fi
        sleep 1
    done
    die "the app did not report UP within ${HEALTH_WAIT_SECONDS:-90} s: see journalctl -u $SERVICE or docker logs ${CONTAINER:-<container>}"
fi
