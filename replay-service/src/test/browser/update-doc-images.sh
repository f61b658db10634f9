#!/bin/sh
# Copies the screenshots that the docs show from the last browser-test run
# (replay-service/target/screenshots) into docs/images. Take them first, from the repository root:
#   mvn -B verify -pl replay-service -am -Dtest=NoSuch -Dit.test='ReplayPlayerIT,InsightsPageIT' \
#     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
# then run replay-service/src/test/browser/update-doc-images.sh and commit docs/images.
set -eu
root=$(cd "$(dirname "$0")/../../../.." && pwd)
shots="$root/replay-service/target/screenshots"
images="ui-replay-player ui-event-stream ui-event-stream-thrash ui-mouse-thrash ui-recording-paused ui-fullscreen ui-copy-link ui-sessions ui-insights"
for name in $images; do
  if [ ! -f "$shots/$name.png" ]; then
    echo "missing $shots/$name.png: run ReplayPlayerIT and InsightsPageIT first" >&2
    exit 1
  fi
done
for name in $images; do
  cp "$shots/$name.png" "$root/docs/images/$name.png"
  echo "docs/images/$name.png"
done
