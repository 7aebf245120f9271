#!/usr/bin/env bash
# Shared helpers for the backup scripts (sourced, not run).
# shellcheck shell=bash

log() { printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Reads KEY=value from an env file without sourcing it (values may hold spaces, $ or quotes).
env_value() {
    local key="$1" file="$2" line
    [ -f "$file" ] || return 0
    line="$(grep -E "^${key}=" "$file" | tail -n 1 || true)"
    line="${line#*=}"
    # strip one level of surrounding quotes
    line="${line%\"}"; line="${line#\"}"; line="${line%\'}"; line="${line#\'}"
    printf '%s' "$line"
}

# Setting from the environment first, then the env file, then a default.
setting() {
    local key="$1" default="${2:-}" value
    value="${!key:-}"
    if [ -z "$value" ]; then
        value="$(env_value "$key" "$ENV_FILE")"
    fi
    printf '%s' "${value:-$default}"
}

# "docker compose" (v2 plugin) or "docker-compose" (v1), run from the repository root.
compose() {
    if docker compose version > /dev/null 2>&1; then
        docker compose --project-directory "$REPO_DIR" -f "$REPO_DIR/docker-compose.yml" --env-file "$ENV_FILE" "$@"
    elif command -v docker-compose > /dev/null 2>&1; then
        docker-compose --project-directory "$REPO_DIR" -f "$REPO_DIR/docker-compose.yml" --env-file "$ENV_FILE" "$@"
    else
        die "neither 'docker compose' nor 'docker-compose' is installed"
    fi
}

# Deletes archives matching a glob pattern that are older than N days (and their .sha256 files).
prune_older_than() {
    local dir="$1" pattern="$2" days="$3"
    [[ "$days" =~ ^[0-9]+$ ]] || die "retention days must be a whole number, got '$days'"
    find "$dir" -maxdepth 1 -type f \( -name "$pattern" -o -name "$pattern.sha256" \) -mtime +"$days" -print -delete |
        while read -r removed; do log "retention: removed $removed"; done
}

# Verifies ARCHIVE against ARCHIVE.sha256 when that file exists.
verify_checksum() {
    local archive="$1"
    if [ -f "$archive.sha256" ]; then
        (cd "$(dirname "$archive")" && sha256sum --check --status "$(basename "$archive").sha256") ||
            die "checksum mismatch for $archive"
        log "checksum ok: $archive"
    else
        log "no $archive.sha256: checksum not verified"
    fi
}

write_checksum() {
    local archive="$1"
    (cd "$(dirname "$archive")" && sha256sum "$(basename "$archive")" > "$(basename "$archive").sha256")
}
