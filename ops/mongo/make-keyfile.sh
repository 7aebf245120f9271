#!/bin/sh
# Creates the replica set keyfile (shared secret the members authenticate each other with) if it does not
# exist yet. Never replaces an existing key: members with different keys cannot talk to each other.
# Runs as root in the mongo image (docker-compose.yml service "mongo-keyfile").
set -eu

KEYFILE="${MONGO_KEYFILE:-/keyfile/mongo.key}"
# uid/gid of the "mongodb" user in the official mongo image
MONGO_UID="${MONGO_UID:-999}"
MONGO_GID="${MONGO_GID:-999}"

if [ -s "$KEYFILE" ]; then
    echo "make-keyfile: $KEYFILE exists; keeping it"
else
    umask 077
    mkdir -p "$(dirname "$KEYFILE")"
    tmp="$KEYFILE.tmp.$$"
    # 756 random bytes -> 1008 base64 characters (MongoDB accepts 6 to 1024 base64 characters)
    head -c 756 /dev/urandom | base64 | tr -d '\n' > "$tmp"
    mv "$tmp" "$KEYFILE"
    echo "make-keyfile: created $KEYFILE"
fi

# mongod refuses a keyfile that others can read
chown "$MONGO_UID:$MONGO_GID" "$KEYFILE"
chmod 400 "$KEYFILE"
