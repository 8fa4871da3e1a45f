#!/usr/bin/env bash
# Container entrypoint: wait for the database, apply the migrations, then become the command.
#
#   TRAVELPREP_DB_WAIT_SECONDS   how long to wait for the database (default 60)
#   TRAVELPREP_MIGRATE           "false" skips `travelprep db upgrade` (the reminder job: the
#                                app container migrates, and two upgrades must not race)
set -euo pipefail

wait_seconds="${TRAVELPREP_DB_WAIT_SECONDS:-60}"
deadline=$((SECONDS + wait_seconds))
last_error=""

# `db current` connects and reads the schema version: it succeeds once the database answers.
# Status 2 means the settings themselves are refused (production safety): no use waiting.
until last_error="$(travelprep db current 2>&1 >/dev/null)"; do
    status=$?
    if ((status == 2)); then
        echo "entrypoint: the settings are refused:" >&2
        echo "${last_error}" >&2
        exit 2
    fi
    if ((SECONDS >= deadline)); then
        echo "entrypoint: the database did not answer within ${wait_seconds} seconds" >&2
        echo "entrypoint: last error: ${last_error##*$'\n'}" >&2
        exit 1
    fi
    sleep 1
done

if [[ "${TRAVELPREP_MIGRATE:-true}" != "false" ]]; then
    travelprep db upgrade
fi

if (($# == 0)); then
    set -- travelprep serve --host 0.0.0.0 --port 8000 --workers 2
fi
exec "$@"
