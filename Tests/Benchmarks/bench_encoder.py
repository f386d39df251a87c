#!/usr/bin/env python3
"""Side-by-side encoder benchmark: tokcost vs tiktoken (and gigatoken when installed), one thread.

Usage (from the repository root):
    python3 Tests/Benchmarks/bench_encoder.py [--reps N] [--mb MB] [--quick]

It installs the Python references if missing (`pip install tiktoken gigatoken`), builds
`tokcost-bench` in release mode, takes the first MB megabytes of each benchmark file
(../shared/corpora: English prose, Hindi, Marathi, Telugu, Tamil, Bengali; falls back to Corpora/ when
../shared is absent), checks that every tool gives the same ids, then times encode REPS times per tool
in this one run and prints: figure, tokcost MB/s (min/median time), reference MB/s, ratio.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "Tests" / "TokBPETests" / "Fixtures"))


def ensure(package):
    try:
        __import__(package)
        return True
    except ImportError:
        r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], capture_output=True)
        if r.returncode != 0:
            print(f"(could not install {package}; skipping it)")
            return False
        return True


def files(mb):
    sources = {
        "English": [SHARED / "english" / "gutenberg.txt"],
        "Hindi": [SHARED / "classical" / "hin.txt"],
        "Marathi": [SHARED / "classical" / "mar.txt"],
        "Telugu": [SHARED / "classical" / "tel.txt"],
        "Tamil": [SHARED / "wikisent" / "ta.txt"],
        "Bengali": [SHARED / "wiki" / "ben.txt"],
    }
    if not SHARED.exists():
        sources = {"English": [ROOT / "Corpora" / "samples" / "report-en.txt"], "Hindi": [ROOT / "Corpora" / "parallel" / "hin.txt"]}
    out = tempfile.mkdtemp(prefix="tokcost-bench-")
    result = {}
    for label, paths in sources.items():
        data = b"".join(p.read_bytes() for p in paths if p.exists())
        if not data:
            continue
        limit = int(mb * 1e6)
        while len(data) < limit:
            data += data
        data = data[:limit]
        text = data.decode("utf-8", errors="ignore")  # cut at a character boundary
        path = Path(out) / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        result[label] = path
    return result


def timed(fn, reps):
    times = []
    out = None
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return out, times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--mb", type=float, default=4.0)
    parser.add_argument("--encodings", default="o200k_base,cl100k_base")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    args = parser.parse_args()

    ensure("tiktoken")
    have_giga = ensure("gigatoken")
    from reference_encodings import reference_encoding

    subprocess.run(["swift", "build", "-c", "release", "--product", "tokcost-bench"], cwd=ROOT, check=True, capture_output=True)
    bench = ROOT / ".build" / "release" / "tokcost-bench"
    inputs = files(args.mb)
    rows = []
    print(f"{'figure':34} {'tokcost MB/s':>14} {'(median)':>9} {'reference':>22} {'MB/s':>8} {'(median)':>9} {'ratio':>7}")
    for name in args.encodings.split(","):
        tik = reference_encoding(name)
        giga = None
        if have_giga:
            import gigatoken
            giga = gigatoken.Tokenizer.from_tiktoken(str(ROOT / "Vocabularies" / f"{name}.tiktoken"))
        for label, path in inputs.items():
            text = path.read_text(encoding="utf-8")
            size = len(text.encode("utf-8")) / 1e6
            run = subprocess.run([str(bench), name, str(args.reps), str(path)], capture_output=True, check=True, text=True)
            ours = json.loads(run.stdout)
            expected = tik.encode_ordinary(text)
            assert ours["tokens"] == len(expected), (label, name, ours["tokens"], len(expected))
            refs = [("tiktoken", lambda: tik.encode_ordinary(text))]
            if giga is not None:
                refs.append(("gigatoken", lambda: giga.encode(text)))
            for ref_name, fn in refs:
                ids, times = timed(fn, args.reps)
                assert list(ids) == expected, f"{ref_name} disagrees with tiktoken on {label}"
                for kind, our_times in (("encode", ours["encode_s"]), ("count", ours["count_s"])):
                    t_min, t_med = min(our_times), statistics.median(our_times)
                    r_min, r_med = min(times), statistics.median(times)
                    row = {
                        "figure": f"{kind} {name} {label}", "reference": ref_name,
                        "tokcost_mb_s_min_time": size / t_min, "tokcost_mb_s_median_time": size / t_med,
                        "reference_mb_s_min_time": size / r_min, "reference_mb_s_median_time": size / r_med,
                        "ratio_min": r_min / t_min, "ratio_median": r_med / t_med,
                    }
                    rows.append(row)
                    print(f"{row['figure']:34} {row['tokcost_mb_s_min_time']:14.1f} {row['tokcost_mb_s_median_time']:9.1f} "
                          f"{ref_name:>22} {row['reference_mb_s_min_time']:8.1f} {row['reference_mb_s_median_time']:9.1f} "
                          f"{row['ratio_min']:6.2f}x")
            sys.stdout.flush()
    load = json.loads(subprocess.run([str(bench), "o200k_base", "1", str(next(iter(inputs.values())))], capture_output=True, text=True, check=True).stdout)["load_s"]
    start = time.perf_counter(); reference_encoding("o200k_base"); tik_load = time.perf_counter() - start
    print(f"{'load o200k_base (s)':34} {load:14.3f} {'':9} {'tiktoken':>22} {tik_load:8.3f}")
    print(f"files: {args.mb} MB each, {args.reps} repetitions, one thread; ratio = reference time / tokcost time (min)")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
