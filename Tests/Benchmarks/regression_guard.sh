#!/usr/bin/env bash
# Speed regression guard that CI can afford: instructions per byte of the encoder, counted by
# callgrind (repeatable on a noisy machine, unlike seconds), compared with the committed baseline
# Tests/Benchmarks/instruction_baseline.txt. Fails if any figure grows by more than 50%.
#
# Usage: bash Tests/Benchmarks/regression_guard.sh [--update]
set -euo pipefail
cd "$(dirname "$0")/../.."
baseline=Tests/Benchmarks/instruction_baseline.txt
if ! command -v valgrind >/dev/null; then echo "regression guard: valgrind not installed, skipped"; exit 0; fi

swift build -c release --product tokcost-bench >/dev/null
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
strip -o "$work/bench" .build/release/tokcost-bench   # valgrind cannot read Swift's debug info
# Inputs shipped with the package: English and Hindi, repeated to about 300 kB (English) and 750 kB
# (Hindi). Loading the vocabulary varies by some 100,000 instructions from run to run (hash seeds), so
# the inputs must be large enough for that to stay well under one instruction per byte.
for lang in eng hin; do for i in $(seq 1 120); do cat "Corpora/parallel/$lang.txt"; done > "$work/$lang.txt"; done

instructions() {  # path, encoding, repetitions, file -> total instructions
  TOKCOST_BENCH_ONLY="$1" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$work/bench" "$2" "$3" "$4" 2>&1 |
    awk '/Collected/ {print $4}'
}
status=0
report=""
# Two paths: "encode" (one call, fresh caches: the cold path) and "session" (an EncodingSession that
# has seen the text: the warm path, served by its stretch cache).
for path in encode session; do
for encoding in o200k_base cl100k_base; do
  for lang in eng hin; do
    file="$work/$lang.txt"
    bytes=$(wc -c < "$file")
    one=$(instructions "$path" "$encoding" 1 "$file"); three=$(instructions "$path" "$encoding" 3 "$file")
    # Two more repetitions of the path; loading (and a session's first, cold pass) is subtracted out.
    per_byte=$(( (three - one) / 2 / bytes ))
    key="$path-$encoding-$lang"
    report+="$key $per_byte"$'\n'
    if [ -f "$baseline" ] && [ "${1:-}" != "--update" ]; then
      base=$(awk -v k="$key" '$1 == k {print $2}' "$baseline")
      if [ -n "$base" ]; then
        limit=$(( base * 3 / 2 ))
        verdict=ok; [ "$per_byte" -le "$limit" ] || { verdict="REGRESSION (limit $limit)"; status=1; }
        echo "$key: $per_byte instructions/byte (baseline $base) $verdict"
      else
        echo "$key: $per_byte instructions/byte (no baseline)"
      fi
    else
      echo "$key: $per_byte instructions/byte"
    fi
  done
done
done
if [ "${1:-}" = "--update" ]; then printf '%s' "$report" > "$baseline"; echo "baseline written to $baseline"; fi
exit $status
