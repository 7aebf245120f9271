#!/usr/bin/env bash
# Restores a mongo-backup.sh archive into the replica set: mongorestore --drop --oplogReplay (every collection in
# the archive replaces the current one; the oplog captured during the dump is replayed, so the result is the
# state at the end of the dump). Users and roles in admin are restored too, so mongo-init runs afterwards to
# re-apply the passwords from .env.
#
#   ops/backup/mongo-restore.sh /var/backups/sanphalang/sanphalang-mongo-20260101T023000Z.archive.gz [--yes]
#
# --oplogReplay needs more than the built-in "restore" role, so this uses the root account (MONGO_ROOT_USER /
# MONGO_ROOT_PASSWORD from .env). The app instances are stopped during the restore and started afterwards
# (set KEEP_APPS_RUNNING=1 to leave them, e.g. when restoring into a separate drill deployment).
# Direct mode: MONGO_RESTORE_URI='mongodb://root@db1,db2,db3/?replicaSet=rs0&authSource=admin' with a local mongorestore.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="${REPO_DIR:-$(cd "$SCRIPT_DIR/../.." && pwd)}"
ENV_FILE="${ENV_FILE:-$REPO_DIR/.env}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

archive="${1:-}"
confirmed="${2:-}"
[ -n "$archive" ] || die "usage: $0 ARCHIVE.archive.gz [--yes]"
[ -s "$archive" ] || die "no such archive: $archive"

ROOT_USER="$(setting MONGO_ROOT_USER root)"
ROOT_PASSWORD="$(setting MONGO_ROOT_PASSWORD)"
RESTORE_URI="$(setting MONGO_RESTORE_URI)"
MONGO_SERVICE="$(setting MONGO_SERVICE mongo1)"
RS_HOSTS="$(setting MONGO_RS_HOSTS rs0/mongo1:27017,mongo2:27017,mongo3:27017)"
APP_SERVICES="$(setting APP_SERVICES 'app1 app2')"
KEEP_APPS_RUNNING="$(setting KEEP_APPS_RUNNING 0)"
[ -n "$ROOT_PASSWORD" ] || die "MONGO_ROOT_PASSWORD is not set (environment or $ENV_FILE)"

verify_checksum "$archive"
gzip -t "$archive" || die "the archive is not valid gzip"

if [ "$confirmed" != "--yes" ]; then
    printf 'This REPLACES the data in %s with %s.\nType "restore" to go on: ' "${RESTORE_URI:-$RS_HOSTS}" "$archive" >&2
    read -r answer
    [ "$answer" = "restore" ] || die "not confirmed"
fi

# shellcheck disable=SC2086 # APP_SERVICES is a list of service names
stop_apps() { [ "$KEEP_APPS_RUNNING" = 1 ] || [ -n "$RESTORE_URI" ] || compose stop $APP_SERVICES; }
# shellcheck disable=SC2086
start_apps() { [ "$KEEP_APPS_RUNNING" = 1 ] || [ -n "$RESTORE_URI" ] || compose start $APP_SERVICES; }

started=$SECONDS
if [ -n "$RESTORE_URI" ]; then
    command -v mongorestore > /dev/null || die "MONGO_RESTORE_URI is set but mongorestore is not installed"
    log "restoring $archive into $RESTORE_URI (direct)"
    mongorestore --uri="$RESTORE_URI" --password="$ROOT_PASSWORD" \
        --drop --oplogReplay --gzip --archive < "$archive"
else
    log "stopping the app instances ($APP_SERVICES) so nothing writes during the restore"
    stop_apps
    trap start_apps EXIT
    log "restoring $archive into $RS_HOSTS via the $MONGO_SERVICE container"
    compose exec -T "$MONGO_SERVICE" mongorestore --host="$RS_HOSTS" \
        --username="$ROOT_USER" --password="$ROOT_PASSWORD" --authenticationDatabase=admin \
        --drop --oplogReplay --gzip --archive < "$archive"
    log "re-applying users and passwords from .env (mongo-init)"
    compose run --rm mongo-init
fi
log "restore finished in $((SECONDS - started))s; verify counts as in ops/backup/RESTORE-DRILL.md"
