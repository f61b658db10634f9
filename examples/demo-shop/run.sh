#!/usr/bin/env bash
# Starts replay-service (embedded H2 under ./data) and the demo shop under the real OpenTelemetry
# Java agent with the Replaylink extension and the Sentry SDK with the Replaylink integration.
# Build first (from the repository root):
#   mvn -B -q -DskipTests package -pl replay-service,otel-extension,examples/demo-shop -am
# Ctrl-C stops both. Ports: REPLAY_PORT (8080), SHOP_PORT (8081). Optional: SENTRY_DSN.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VERSION=0.1.0-SNAPSHOT
SERVICE_JAR=$ROOT/replay-service/target/replay-service-$VERSION.jar
EXTENSION_JAR=$ROOT/otel-extension/target/replaylink-otel-extension-$VERSION.jar
SHOP_JAR=$ROOT/examples/demo-shop/target/replaylink-demo-shop-$VERSION.jar
AGENT_JAR=$ROOT/examples/demo-shop/target/agent/opentelemetry-javaagent.jar
REPLAY_PORT=${REPLAY_PORT:-8080}
SHOP_PORT=${SHOP_PORT:-8081}
LOGS=$ROOT/data/logs

for jar in "$SERVICE_JAR" "$EXTENSION_JAR" "$SHOP_JAR" "$AGENT_JAR"; do
  if [ ! -f "$jar" ]; then
    echo "Missing $jar" >&2
    echo "Build first: mvn -B -q -DskipTests package -pl replay-service,otel-extension,examples/demo-shop -am" >&2
    exit 1
  fi
done
mkdir -p "$LOGS"

PIDS=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the demo shop and replay-service..."
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# 0 when the URL answers 200. Bash's /dev/tcp instead of curl, so only Java, Maven and Node are needed.
http_ok() ( # url (http://host:port/path)
  hostport=${1#http://}
  path=/${hostport#*/}
  hostport=${hostport%%/*}
  exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}" || exit 1
  printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
  IFS= read -r -t 5 status <&3 || exit 1
  [[ $status == HTTP/1.?\ 200* ]]
) 2>/dev/null

wait_for() { # url name log pid
  printf 'Starting %s ' "$2"
  for _ in $(seq 1 180); do
    if http_ok "$1"; then echo " up"; return 0; fi
    if ! kill -0 "$4" 2>/dev/null; then break; fi
    printf '.'
    sleep 1
  done
  echo " failed; see $3" >&2
  tail -20 "$3" >&2
  exit 1
}

# The last match of a pattern in a log, waiting up to 10 s: the banner may be logged just after /health answers.
from_log() { # pattern log
  local found=""
  for _ in $(seq 1 20); do
    found=$(grep -o "$1" "$2" | tail -1 || true)
    if [ -n "$found" ]; then break; fi
    sleep 0.5
  done
  printf '%s' "$found"
}

(cd "$ROOT" && exec java -Dmicronaut.server.port="$REPLAY_PORT" -Dreplaylink.public-url="http://localhost:$REPLAY_PORT" \
  -jar "$SERVICE_JAR" > "$LOGS/replay-service.log" 2>&1) &
PIDS+=($!)
wait_for "http://127.0.0.1:$REPLAY_PORT/health" "replay-service" "$LOGS/replay-service.log" "${PIDS[0]}"

KEY=${REPLAYLINK_INGEST_KEY:-$(from_log 'rl_ik_[A-Za-z0-9_-]*' "$LOGS/replay-service.log")}
if [ -z "$KEY" ]; then
  echo "No ingest key: replay-service printed none in $LOGS/replay-service.log (it generates one only when" >&2
  echo "no project is configured). Set REPLAYLINK_INGEST_KEY to your project's key and run again." >&2
  exit 1
fi
TOKEN=$(from_log 'rl_at_[A-Za-z0-9_-]*' "$LOGS/replay-service.log")

REPLAYLINK_URL="http://localhost:$REPLAY_PORT" REPLAYLINK_INGEST_KEY="$KEY" \
java -javaagent:"$AGENT_JAR" \
  -Dotel.javaagent.extensions="$EXTENSION_JAR" \
  -Dotel.service.name=demo-shop \
  -Dotel.replaylink.url="http://localhost:$REPLAY_PORT" \
  -Dotel.replaylink.ingest-key="$KEY" \
  -Dotel.traces.exporter="${OTEL_TRACES_EXPORTER:-none}" -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
  -Dotel.instrumentation.methods.include='dev.replaylink.demo.shop.CheckoutService[placeOrder]' \
  -Dotel.javaagent.logging=application \
  -Dmicronaut.server.port="$SHOP_PORT" \
  -jar "$SHOP_JAR" > "$LOGS/demo-shop.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$SHOP_PORT/api/products" "the demo shop" "$LOGS/demo-shop.log" "${PIDS[1]}"

cat <<BANNER

  Replaylink demo is running.
    Demo shop:       http://localhost:$SHOP_PORT
    Replaylink:      http://localhost:$REPLAY_PORT/sessions
    Sign in with:    ${TOKEN:-<your configured API token>}

  In the shop: add something to the cart, then "Checkout" (fails with a 500 on purpose),
  "Apply coupon" (a JavaScript error) and "Gift wrap" (does nothing: a dead click).
  The error message links to the replay at the moment of the failure.
  Logs: $LOGS   ·   Ctrl-C stops both.

BANNER
wait
