#!/usr/bin/env bash
# Large and hostile inputs for `tokcost count`: time and peak resident memory (GNU time's %M).
#
# Usage: bash Tests/Reliability/hostile_inputs.sh [GIGABYTES]    (default 2: the 2 GB streaming case)
# Needs about GIGABYTES + 0.5 GB of free disk in $TMPDIR. Prints one row per input.
set -euo pipefail
cd "$(dirname "$0")/../.."
gb="${1:-2}"
swift build -c release --product tokcost >/dev/null
tokcost=.build/release/tokcost
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

# Ordinary multilingual text (../shared/corpora if present, else the shipped Corpora/) repeated to GB.
if [ -d ../shared/corpora ]; then cat ../shared/corpora/english/*.txt ../shared/corpora/classical/*.txt > "$work/seed.txt"
else cat Corpora/parallel/*.txt Corpora/samples/*.txt > "$work/seed.txt"; fi
python3 - "$work" "$gb" <<'PY'
import sys, os
work, gb = sys.argv[1], float(sys.argv[2])
seed = open(f"{work}/seed.txt", "rb").read()
with open(f"{work}/big.txt", "wb") as f:
    target, written = int(gb * 1e9), 0
    while written < target:
        f.write(seed); written += len(seed)
line = seed.replace(b"\n", b" ")
with open(f"{work}/single-line-100MB.txt", "wb") as f:
    for _ in range(int(100e6 // len(line)) + 1): f.write(line)
open(f"{work}/whitespace-16MB.txt", "wb").write(b" \t \n" * 4_000_000)
open(f"{work}/combining-marks-16MB.txt", "wb").write("\u0301".encode() * 8_000_000)
open(f"{work}/emoji-zwj-1MB.txt", "wb").write("👨\u200d👩\u200d👧\u200d👦".encode() * (1_000_000 // 25))
open(f"{work}/nul-16MB.txt", "wb").write(b"\0" * 16_000_000)
open(f"{work}/truncated-utf8-at-end.txt", "wb").write(seed[:100000].decode("utf-8", "ignore").encode() + "क".encode()[:2])
cut = (1 << 20) - 1  # a character split across the 1 MiB read-buffer boundary
body = b"a" * cut + "क".encode() + b" tail\n"
open(f"{work}/char-across-read-buffer.txt", "wb").write(body)
PY
printf '%-30s %12s %10s %10s %12s %s\n' input bytes seconds MB/s peak_RSS_MB result
for f in "$work"/big.txt "$work"/single-line-100MB.txt "$work"/whitespace-16MB.txt "$work"/combining-marks-16MB.txt \
         "$work"/emoji-zwj-1MB.txt "$work"/nul-16MB.txt "$work"/char-across-read-buffer.txt "$work"/truncated-utf8-at-end.txt; do
  bytes=$(stat -c %s "$f")
  set +e
  /usr/bin/time -o "$work/time" -f "%e %M" "$tokcost" count "$f" > "$work/out" 2> "$work/err"
  status=$?
  set -e
  secs=$(tail -1 "$work/time" | cut -d' ' -f1); rss=$(tail -1 "$work/time" | cut -d' ' -f2)
  result="$(cat "$work/out") tokens"; [ "$status" = 0 ] || result="exit $status: $(tail -1 "$work/err")"
  awk -v n="$(basename "$f")" -v b="$bytes" -v s="$secs" -v r="$rss" -v res="$result" \
    'BEGIN { printf "%-30s %12d %10.2f %10.1f %12.1f %s\n", n, b, s, (s > 0 ? b / s / 1e6 : 0), r / 1024, res }'
done
