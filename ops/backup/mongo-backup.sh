#!/usr/bin/env bash
# Backs up the MongoDB replica set: mongodump --archive --gzip --oplog (a consistent point-in-time dump of the
# whole deployment: the oplog written during the dump is included and replayed on restore), then deletes
# archives older than BACKUP_RETENTION_DAYS.
#
#   ops/backup/mongo-backup.sh                 # via docker compose (mongodump inside the mongo1 container)
#   MONGO_BACKUP_URI='mongodb://backup@db1,db2,db3/?replicaSet=rs0&authSource=admin' \
#   MONGO_BACKUP_PASSWORD=... ops/backup/mongo-backup.sh   # with a mongodump installed on this machine
#
# Settings (environment, else .env in the repository root; see .env.example):
#   BACKUP_DIR (/var/backups/sanphalang), BACKUP_RETENTION_DAYS (14), MONGO_BACKUP_USER, MONGO_BACKUP_PASSWORD,
#   MONGO_BACKUP_URI (direct mode only), MONGO_SERVICE (mongo1), MONGO_RS_HOSTS (rs0/mongo1:27017,...).
# Cron (daily at 02:30):  30 2 * * * /opt/sanphalang/ops/backup/mongo-backup.sh >> /var/log/sanphalang-backup.log 2>&1
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="${REPO_DIR:-$(cd "$SCRIPT_DIR/../.." && pwd)}"
ENV_FILE="${ENV_FILE:-$REPO_DIR/.env}"
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$SCRIPT_DIR/lib.sh"

BACKUP_DIR="$(setting BACKUP_DIR /var/backups/sanphalang)"
RETENTION_DAYS="$(setting BACKUP_RETENTION_DAYS 14)"
BACKUP_USER="$(setting MONGO_BACKUP_USER backup)"
BACKUP_PASSWORD="$(setting MONGO_BACKUP_PASSWORD)"
BACKUP_URI="$(setting MONGO_BACKUP_URI)"
MONGO_SERVICE="$(setting MONGO_SERVICE mongo1)"
RS_HOSTS="$(setting MONGO_RS_HOSTS rs0/mongo1:27017,mongo2:27017,mongo3:27017)"

[ -n "$BACKUP_PASSWORD" ] || die "MONGO_BACKUP_PASSWORD is not set (environment or $ENV_FILE)"
[[ "$RETENTION_DAYS" =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number"

mkdir -p "$BACKUP_DIR"
chmod 0700 "$BACKUP_DIR"
umask 077

# One backup at a time.
exec 9> "$BACKUP_DIR/.mongo-backup.lock"
flock -n 9 || die "another mongo-backup.sh is running"

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="$BACKUP_DIR/sanphalang-mongo-$stamp.archive.gz"
partial="$archive.partial"
trap 'rm -f "$partial"' EXIT

# Read from a secondary when there is one, so the primary keeps its cache for the app.
if [ -n "$BACKUP_URI" ]; then
    command -v mongodump > /dev/null || die "MONGO_BACKUP_URI is set but mongodump is not installed"
    log "dumping $BACKUP_URI (direct) to $archive"
    mongodump --uri="$BACKUP_URI" --password="$BACKUP_PASSWORD" --readPreference=secondaryPreferred \
        --oplog --gzip --archive > "$partial"
else
    log "dumping $RS_HOSTS via the $MONGO_SERVICE container to $archive"
    # -T: no TTY, the archive goes byte for byte through stdout
    compose exec -T "$MONGO_SERVICE" mongodump --host="$RS_HOSTS" --readPreference=secondaryPreferred \
        --username="$BACKUP_USER" --password="$BACKUP_PASSWORD" --authenticationDatabase=admin \
        --oplog --gzip --archive > "$partial"
fi

[ -s "$partial" ] || die "mongodump produced an empty archive"
gzip -t "$partial" || die "the archive is not valid gzip"
mv "$partial" "$archive"
write_checksum "$archive"
log "backup written: $archive ($(du -h "$archive" | cut -f1))"

prune_older_than "$BACKUP_DIR" 'sanphalang-mongo-*.archive.gz' "$RETENTION_DAYS"
log "done"
