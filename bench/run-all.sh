#!/usr/bin/env bash
# Runs every Replaylink benchmark on this machine (127.0.0.1 only, each bounded in time) and
# rewrites the figures in docs/benchmarks.md. About 15 minutes on 2 cores (seeding the query data and
# Chromium dominate; longer when the machine is busy).
#
#   bench/run-all.sh              build what is needed, then run everything
#   SKIP_BUILD=1 bench/run-all.sh use the jars already built
#   SERVICE_JAR=path bench/run-all.sh   measure another replay-service build
#   ONLY="ingest query" bench/run-all.sh   run a subset: ingest storage query seek browser jmh stores
#   ONLY=mixed bench/run-all.sh   load and faults: two instances on PostgreSQL, one killed and
#                                 restarted, 10 minutes per run, two runs (about 25 minutes; not in
#                                 the default list)
#
# Needs: JDK 17, Maven (offline repository filled), node + npm, Chromium at /usr/bin/chromium,
# PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth; the database rl_bench is dropped and
# recreated by every run).
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=${ONLY:-"ingest storage query seek browser jmh stores"}
wants() { [[ " $ONLY " == *" $1 "* ]]; }

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building agent-snippet, replay-service and bench"
  mvn -B -q -o -DskipTests package -pl agent-snippet,replay-service,bench -am
  (cd bench/browser && npm ci --no-audit --no-fund && node build.mjs)
fi

# Private copies, so a concurrent build cannot pull the jars away mid-run.
RUN=bench/target/run
mkdir -p "$RUN"
cp "${SERVICE_JAR:-replay-service/target/replay-service-0.1.0-SNAPSHOT.jar}" "$RUN/replay-service.jar"
cp "${BENCH_JAR:-bench/target/benchmarks.jar}" "$RUN/benchmarks.jar"
JAVA=(java -Xmx1500m -cp "$RUN/benchmarks.jar")
SVC=(--jar "$RUN/replay-service.jar")

wants ingest && { echo "== 1. ingest"; "${JAVA[@]}" dev.replaylink.bench.service.IngestLoad --db both --duration 6s --warmup 10s --concurrency 1,4,16 --repeat 2 --max-requests 40000 "${SVC[@]}"; }
wants storage && { echo "== 2. storage"; "${JAVA[@]}" dev.replaylink.bench.service.StorageRatio --db h2 "${SVC[@]}"; }
# the same sessions with their recordings in S3 (S3Proxy in the load generator's process)
wants stores && { echo "== 8. storage in S3"; "${JAVA[@]}" dev.replaylink.bench.service.StorageRatio --db h2 --store s3 "${SVC[@]}"; }
wants query && { echo "== 3. query"; "${JAVA[@]}" dev.replaylink.bench.service.QueryLoad --db both --requests 1000 --budget 10s "${SVC[@]}"; }
wants seek && { echo "== 4. seek"; "${JAVA[@]}" dev.replaylink.bench.browser.SeekBench --db h2 "${SVC[@]}"; }
if wants mixed; then
  # two instances on one PostgreSQL database, mixed traffic, instance B killed and restarted
  echo "== 9. load and faults"
  "${JAVA[@]}" dev.replaylink.bench.service.MixedLoad --minutes 10 --repeat 2 "${SVC[@]}"
fi
if wants stores; then
  # recordings in the database vs in S3 (S3Proxy in the load generator's process), one run for both
  echo "== 8. recordings in S3"
  "${JAVA[@]}" dev.replaylink.bench.service.IngestLoad --store database,s3 --db both --duration 5s --warmup 5s --concurrency 1,4,16 --max-requests 20000 "${SVC[@]}"
  "${JAVA[@]}" dev.replaylink.bench.browser.SeekBench --store database,s3 --db both --minutes 60,180 --runs 3 "${SVC[@]}"
fi
wants browser && { echo "== 6. browser overhead"; node bench/browser/overhead.mjs --seconds 6 --repeat 4; }
if wants jmh; then
  echo "== 5. host-app overhead (JMH, short runs)"
  mkdir -p bench/target/results
  "${JAVA[@]}" org.openjdk.jmh.Main 'dev.replaylink.bench.(otel|sentry)' -f 1 -wi 2 -i 3 -w 1s -r 1s \
    -rf json -rff bench/target/results/jmh.json | tail -40
  "${JAVA[@]}" dev.replaylink.bench.service.JmhFigures --json bench/target/results/jmh.json
fi

"${JAVA[@]}" dev.replaylink.bench.service.DocFigures --doc docs/benchmarks.md
echo "== done: docs/benchmarks.md updated"
