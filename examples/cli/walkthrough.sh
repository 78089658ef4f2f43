#!/usr/bin/env bash
# The CLI walkthrough of the README, exactly: keys, a local ingestion service, sign, verify, upload,
# a simulated fleet. test/cli-walkthrough.test.ts runs this file as it is. Secrets go through files
# (never argv, where any local user can read them in /proc/PID/cmdline).
set -euo pipefail
cd "$(dirname "$0")"
PATH="$PWD/../../node_modules/.bin:$PATH"                # this repository's edgesign; or npm i -g edgesign-server
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
export EDGESIGN_DATA_DIR="$work/data"                   # the store (default ./.edgesign)

edgesign keys create-api-key --name admin --role admin --key-out "$work/admin.key"
edgesign keys create-api-key --name ci --role ingestiononly --key-out "$work/api.key"
edgesign keys create-hmac-key --name devices --dev --key-out "$work/hmac.key"

edgesign serve --port 0 > "$work/serve.log" &          # prints "listening on http://127.0.0.1:PORT"
server=$!
until grep -q 'listening on' "$work/serve.log"; do sleep 0.2; done
export EDGESIGN_URL=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/serve.log")

edgesign sign --hmac-key-file "$work/hmac.key" --device-type MY-BOARD --interval-ms 10 \
  --sensor accX:m/s2 --sensor accY:m/s2 --sensor accZ:m/s2 --format cbor rows.csv > "$work/walk.01.cbor"
edgesign verify --hmac-key-file "$work/hmac.key" "$work/walk.01.cbor"     # exit 0 valid, 1 invalid
edgesign upload --api-key-file "$work/api.key" --label walk "$work/walk.01.cbor"
edgesign simulate --api-key-file "$work/admin.key" --devices 3 --rate 2 --duration 2   # uses the dev HMAC key

kill "$server" && wait "$server"                         # SIGTERM: finish the requests in flight, exit 0
