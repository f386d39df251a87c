#!/usr/bin/env python3
"""Large parity sweep: tokcost's TokHuggingFace vs Hugging Face `tokenizers`, line by line and whole files
(slow; not part of `swift test`).

Usage (from the repository root; needs `pip install tokenizers` and a build of tokcost):
    swift build -c release --product tokcost
    python3 Tests/Parity/hf_parity_sweep.py [--tokenizer PATH_OR_NAME ...] [FILE ...]
    # default files: every .txt under ../shared/corpora and Corpora/; default tokenizers: deepseek_v3 and,
    # if present, the older Claude tokenizer of the litellm wheel

For each tokenizer and file it runs `tokcost encode --tokenizer T --allow-special all --lines --json` once and
compares every line's ids with `encode(line, add_special_tokens=False).ids`, then the whole file's ids.
Exits 1 on any mismatch, printing the first differing lines as reproducers.
"""
import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
from tokenizers import Tokenizer  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ANTHROPIC = "/tmp/litellm/litellm/litellm_core_utils/tokenizers/anthropic_tokenizer.json"


def tokcost_binary() -> Path:
    for config in ("release", "debug"):
        path = ROOT / ".build" / config / "tokcost"
        if path.exists():
            return path
    sys.exit("build tokcost first: swift build -c release --product tokcost")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokenizer", action="append")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or (
        sorted((ROOT.parent / "shared" / "corpora").rglob("*.txt")) + sorted((ROOT / "Corpora").rglob("*.txt")))
    specs = args.tokenizer or (["deepseek_v3"] + ([ANTHROPIC] if Path(ANTHROPIC).exists() else []))
    binary = tokcost_binary()
    failures = 0
    total_lines = total_tokens = 0
    for spec in specs:
        hf = Tokenizer.from_file(str(ROOT / "Vocabularies" / "deepseek_v3" / "tokenizer.json") if spec == "deepseek_v3" else spec)
        for path in files:
            text = path.read_text(encoding="utf-8")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            out = subprocess.run([str(binary), "encode", "--tokenizer", spec, "--allow-special", "all", "--lines", "--json",
                                  str(path)], check=True, capture_output=True, text=True).stdout.strip().split("\n")
            ours = [json.loads(line) for line in out] if out != [""] else []
            bad = [(i, line) for i, line in enumerate(lines)
                   if i >= len(ours) or ours[i] != hf.encode(line, add_special_tokens=False).ids]
            whole = subprocess.run([str(binary), "encode", "--tokenizer", spec, "--allow-special", "all", "--json", str(path)],
                                   check=True, capture_output=True, text=True).stdout
            whole_ok = json.loads(whole) == hf.encode(text, add_special_tokens=False).ids
            tokens = sum(len(ids) for ids in ours)
            total_lines += len(lines)
            total_tokens += tokens
            name = "deepseek_v3" if spec == "deepseek_v3" else Path(spec).stem
            print(f"{name:<22} {str(path):<55} lines {len(lines):>7} tokens {tokens:>9} "
                  f"line mismatches {len(bad):>4} whole file {'identical' if whole_ok else 'DIFFERENT'}")
            for i, line in bad[:3]:
                print(f"    line {i + 1}: {line[:120]!r}")
            failures += len(bad) + (0 if whole_ok else 1)
    print(f"total: {total_lines} lines, {total_tokens} tokens, {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
