#!/usr/bin/env bash
# Runs every fuzz target of the backend for a while (FUZZTIME, e.g. 10s).
#
# Go 1.26's fuzz coordinator can end a run that found nothing with
# "context deadline exceeded" when -fuzztime expires while a worker is busy
# (golang/go#75804, fixed in Go 1.27). A real finding always writes its
# input under testdata/fuzz/<target>/, so a run that ends with that message
# and wrote no input is run again (up to three times); any other failure
# fails at once.
set -euo pipefail
fuzztime=${1:?usage: fuzz.sh FUZZTIME}

count() { # files in a corpus folder, 0 when there is none
  if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi
}

run() { # pkg target log
  go test -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime" "$1" 2>&1 | tee "$3"
}

for pkg in $(go list ./backend/...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target ($fuzztime)"
    corpus="$dir/testdata/fuzz/$target"
    before=$(count "$corpus")
    log=$(mktemp)
    for attempt in 1 2 3; do
      if run "$pkg" "$target" "$log"; then
        break
      fi
      after=$(count "$corpus")
      if [ "$attempt" -lt 3 ] && [ "$after" = "$before" ] && grep -q '^    context deadline exceeded$' "$log"; then
        echo "fuzz $target: stopped by Go's fuzztime race (golang/go#75804) with no failing input; running it again"
        continue
      fi
      rm -f "$log"
      exit 1
    done
    rm -f "$log"
  done
done
