#!/bin/sh
# Entrypoint of the emulator's container image (apps/emulator/Dockerfile). Every flag is read from
# its OSSBOX_* environment variable (see `ossbox-emulator --help`); in a container it listens on all
# interfaces and keeps its data in the /data volume unless told otherwise. Arguments are passed on
# as flags. e2e/src/docker-entrypoint.test.ts runs this script as a plain process.
set -eu
export OSSBOX_HOST="${OSSBOX_HOST:-0.0.0.0}"
export OSSBOX_LOCATION="${OSSBOX_LOCATION:-/data}"
# exec: the emulator is PID 1's process itself and gets `docker stop`'s SIGTERM, closing its store.
exec node "$(dirname "$0")/../bin/ossbox-emulator.js" "$@"
