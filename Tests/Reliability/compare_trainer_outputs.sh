#!/bin/bash
# Trains with two tokcost binaries on the same configurations and checks that the outputs are the same
# byte for byte (the .tiktoken ranks; the .json definition apart from its file name and date).
# Use it after a change to the trainer: build the old commit in a worktree, then
#   bash Tests/Reliability/compare_trainer_outputs.sh OLD/.build/release/tokcost .build/release/tokcost
# Needs ../shared/corpora (not shipped) and Vim's documentation (/usr/share/vim/vim90/doc, package
# vim-runtime) for the benchmark corpus; takes about a minute.
set -u
A=$1; B=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
S=${SHARED_CORPORA:-$ROOT/../shared/corpora}
VIM=$(ls /usr/share/vim/vim90/doc/*.txt 2>/dev/null)
BENCH="$VIM $S/classical/hin.txt $S/classical/mar.txt $S/classical/tel.txt $S/classical/ben.txt"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
n=0; bad=0
normalized() {  # the definition without the fields that name the file or the time
  python3 -c 'import json,sys
def strip(x):
    if isinstance(x, dict): return {k: strip(v) for k, v in x.items() if k not in ("name", "date", "ranks_file")}
    if isinstance(x, list): return [strip(v) for v in x]
    return x
print(json.dumps(strip(json.load(open(sys.argv[1]))), sort_keys=True))' "$1"
}
run() {  # NAME ARGS...
  local name=$1; shift
  "$A" train --quiet --output "$TMP/a.tiktoken" "$@" >/dev/null 2>"$TMP/a.err"; local ra=$?
  "$B" train --quiet --output "$TMP/b.tiktoken" "$@" >/dev/null 2>"$TMP/b.err"; local rb=$?
  n=$((n + 1))
  if [ $ra != $rb ] || ! cmp -s "$TMP/a.tiktoken" "$TMP/b.tiktoken" || [ "$(normalized "$TMP/a.json")" != "$(normalized "$TMP/b.json")" ]; then
    echo "DIFFERENT $name (exit $ra / $rb)"; bad=$((bad + 1))
  else
    echo "same $name (exit $ra, $(wc -l < "$TMP/b.tiktoken") ranks)"
  fi
}
run bench-32k-2-threads --vocab-size 32000 --pattern o200k --normalize nfc --min-frequency 2 --threads 2 $BENCH
run bench-32k-1-thread --vocab-size 32000 --pattern o200k --normalize nfc --min-frequency 2 --threads 1 $BENCH
run bench-70k-32-bit-symbols --vocab-size 70000 --pattern o200k --normalize nfc --min-frequency 2 --threads 2 --allow-smaller $BENCH
run shipped-corpora-8k --vocab-size 8000 --allow-smaller "$ROOT/Corpora"
run shipped-corpora-2k-cl100k --vocab-size 2000 --pattern cl100k --allow-smaller "$ROOT/Corpora"
run gutenberg-bengali-16k-special-balanced --vocab-size 16000 --special "<|endoftext|>" --balance-scripts 3 $S/english/gutenberg.txt $S/wiki/ben.txt
run gutenberg-bengali-16k-max-length-6 --vocab-size 16000 --max-token-length 6 $S/english/gutenberg.txt $S/wiki/ben.txt
run gpt2-nfkc-min-frequency-5 --vocab-size 12000 --pattern gpt2 --min-frequency 5 --normalize nfkc $S/english/state_union.txt $S/classical/hin.txt
"$A" pieces --threads 2 $S/english/inaugural.txt $S/classical/mar.txt > "$TMP/pieces.tsv" 2>/dev/null
run from-piece-counts-20k --vocab-size 20000 --counts "$TMP/pieces.tsv" --allow-smaller
echo "$n configurations, $bad different"
[ $bad = 0 ]
