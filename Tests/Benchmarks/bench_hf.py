#!/usr/bin/env python3
"""Side-by-side single-thread encode throughput: Hugging Face `tokenizers` vs tokcost's TokHuggingFace,
same tokenizer.json, same files, in one run.

Usage (from the repository root; needs `pip install tokenizers`):
    swift build -c release --product tokcost-hf-bench
    python3 Tests/Benchmarks/bench_hf.py [--repetitions 5] [--lines] [--tokenizer PATH_OR_NAME ...] FILE...

Defaults: the bundled DeepSeek-V3 tokenizer (and the older Claude tokenizer from the litellm wheel if it is
at /tmp/litellm/...). Both sides encode each whole file as one string with special tokens matched
(tokenizers: encode(text, add_special_tokens=False); tokcost: encode(text, allowedSpecial: .all)), and
must produce the same number of tokens. With --lines, each line is encoded on its own instead (tokenizers:
one encode() call per line, which measured faster than a serial encode_batch; tokenizers is much faster on
short texts than on one 6 MB string). tokenizers runs with RAYON_NUM_THREADS=1 (one string is encoded
on one thread anyway). Prints min and median seconds and MB/s per side and the ratio of medians.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
from tokenizers import Tokenizer, __version__ as tokenizers_version  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / ".build" / "release" / "tokcost-hf-bench"
ANTHROPIC = "/tmp/litellm/litellm/litellm_core_utils/tokenizers/anthropic_tokenizer.json"


def tokenizer_path(spec: str) -> str:
    if spec == "deepseek_v3":
        return str(ROOT / "Vocabularies" / "deepseek_v3" / "tokenizer.json")
    return spec


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--tokenizer", action="append")
    parser.add_argument("--lines", action="store_true")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    specs = args.tokenizer or (["deepseek_v3"] + ([ANTHROPIC] if Path(ANTHROPIC).exists() else []))
    if not BENCH.exists():
        sys.exit(f"build first: swift build -c release --product tokcost-hf-bench ({BENCH} is missing)")
    print(f"tokenizers {tokenizers_version}, {args.repetitions} repetitions, single thread, "
          f"{'each line as one text' if args.lines else 'each file as one text'}")
    print(f"{'tokenizer':<12} {'file':<14} {'MB':>6} {'tokens':>9} | {'HF min s':>8} {'HF med s':>8} {'HF MB/s':>8} | "
          f"{'tc min s':>8} {'tc med s':>8} {'tc MB/s':>8} | {'speedup':>7}")
    for spec in specs:
        hf = Tokenizer.from_file(tokenizer_path(spec))
        command = [str(BENCH)] + (["--lines"] if args.lines else []) + [spec, str(args.repetitions), *args.files]
        swift = subprocess.run(command, check=True,
                               capture_output=True, text=True).stdout.strip().split("\n")
        for path, line in zip(args.files, swift):
            result = json.loads(line)
            text = Path(path).read_text(encoding="utf-8")
            texts = text.split("\n") if args.lines else [text]
            times = []
            tokens = 0
            for _ in range(args.repetitions):
                start = time.perf_counter()
                tokens = sum(len(hf.encode(t, add_special_tokens=False).ids) for t in texts)
                times.append(time.perf_counter() - start)
            if tokens != result["tokens"]:
                sys.exit(f"token counts differ on {path}: tokenizers {tokens}, tokcost {result['tokens']}")
            mb = result["bytes"] / 1e6
            hf_med, tc_med = statistics.median(times), statistics.median(result["encode_s"])
            name = "deepseek_v3" if spec == "deepseek_v3" else Path(spec).stem[:12]
            print(f"{name:<12} {Path(path).name:<14} {mb:6.2f} {tokens:9d} | {min(times):8.3f} {hf_med:8.3f} "
                  f"{mb / hf_med:8.2f} | {min(result['encode_s']):8.3f} {tc_med:8.3f} {mb / tc_med:8.2f} | "
                  f"{hf_med / tc_med:6.2f}x")


if __name__ == "__main__":
    main()
