#!/usr/bin/env bash
# Initiates the replica set and creates the application, monitoring and backup users.
# Idempotent: safe to run on every `docker compose up` and by hand (`docker compose run --rm mongo-init`).
# Credentials reach mongosh through the environment (process.env), never through its command line.
set -euo pipefail

for var in MONGO_ROOT_USER MONGO_ROOT_PASSWORD MONGO_DATABASE MONGO_APP_USER MONGO_APP_PASSWORD \
           MONGO_MONITOR_USER MONGO_MONITOR_PASSWORD MONGO_BACKUP_USER MONGO_BACKUP_PASSWORD; do
    if [ -z "${!var:-}" ]; then
        echo "mongo-init: $var is not set (see .env.example)" >&2
        exit 1
    fi
done

export MONGO_REPLICA_SET="${MONGO_REPLICA_SET:-rs0}"
export MONGO_RS_MEMBERS="${MONGO_RS_MEMBERS:-mongo1:27017,mongo2:27017,mongo3:27017}"
WAIT_SECONDS="${MONGO_INIT_WAIT_SECONDS:-180}"
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

IFS=',' read -r -a members <<< "$MONGO_RS_MEMBERS"

# Every member must answer (ping needs no credentials). mongo1 may still be in its first-start set-up,
# listening on localhost only, so keep trying for a while.
for member in "${members[@]}"; do
    deadline=$((SECONDS + WAIT_SECONDS))
    until mongosh --quiet --norc "mongodb://$member/?directConnection=true&serverSelectionTimeoutMS=2000" \
            --eval 'quit(db.adminCommand({ping: 1}).ok ? 0 : 1)' > /dev/null 2>&1; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "mongo-init: $member did not answer within ${WAIT_SECONDS}s" >&2
            exit 1
        fi
        sleep 2
    done
    echo "mongo-init: $member is up"
done

# The first member holds the root user (created by the image's first start) and is where the set is initiated.
exec mongosh --quiet --norc "mongodb://${members[0]}/admin?directConnection=true" "$SCRIPT_DIR/init-replica-set.js"
