#!/usr/bin/env python3
"""Large parity sweep: tokcost vs tiktoken on whole files, line by line (slow; not part of `swift test`).

Usage (from the repository root; needs `pip install tiktoken` and a release build):
    swift build -c release
    python3 Tests/Parity/parity_sweep.py [FILE ...]        # default: every .txt under ../shared/corpora and Corpora/

For each encoding and file it runs `tokcost encode --lines --json` once and compares every line's ids
with tiktoken's `encode_ordinary`, then compares the whole-file count. Prints one row per file and a
summary; exits 1 on any mismatch, printing the first differing lines as reproducers.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "TokBPETests" / "Fixtures"))
from reference_encodings import NAMES, reference_encoding  # noqa: E402

TOKCOST = ROOT / ".build" / "release" / "tokcost"


def main() -> int:
    files = [Path(a) for a in sys.argv[1:]]
    if not files:
        files = sorted((ROOT.parent / "shared" / "corpora").rglob("*.txt")) + sorted((ROOT / "Corpora").rglob("*.txt"))
    total_lines = 0
    mismatches = 0
    for name in NAMES:
        enc = reference_encoding(name)
        for path in files:
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            run = subprocess.run([str(TOKCOST), "encode", "--lines", "--json", "--encoding", name, str(path)],
                                 capture_output=True, check=True)
            ours = [json.loads(row) for row in run.stdout.decode().splitlines()]
            bad = 0
            for number, (line, got) in enumerate(zip(lines, ours), start=1):
                want = enc.encode_ordinary(line)
                if got != want:
                    bad += 1
                    if bad <= 3:
                        print(f"  MISMATCH {name} {path}:{number}: {line[:80]!r}\n    tiktoken {want[:16]}\n    tokcost  {got[:16]}")
            if len(ours) != len(lines):
                bad += 1
                print(f"  {path}: {len(ours)} rows from tokcost, {len(lines)} lines")
            count = int(subprocess.run([str(TOKCOST), "count", "--encoding", name, str(path)],
                                       capture_output=True, check=True).stdout)
            whole = len(enc.encode_ordinary(text))
            if count != whole:
                bad += 1
                print(f"  COUNT MISMATCH {name} {path}: tiktoken {whole}, tokcost {count}")
            total_lines += len(lines)
            mismatches += bad
            print(f"{name:12} {str(path):60} lines {len(lines):7}  tokens {whole:9}  mismatches {bad}")
    print(f"{total_lines} lines x encodings checked, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
