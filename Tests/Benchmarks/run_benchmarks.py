#!/usr/bin/env python3
"""Side-by-side benchmarks of the tokcost encoder against tiktoken and gigatoken, in one run.

Usage (from the repository root):
    python3 Tests/Benchmarks/run_benchmarks.py [--reps 5] [--mb 4] [--markdown BENCHMARKS-table.md]

Sets up the Python references itself (`pip install tiktoken gigatoken` when missing), builds
`tokcost-bench` and `tokcost` in release mode, checks that every tool gives the same ids on every input,
then measures, several times each, and prints one table: figure, tokcost, reference, ratio (reference
time / tokcost time, from the minimum), with min and median throughput. One thread everywhere
(RAYON_NUM_THREADS=1 for gigatoken) except the all-cores row.

Machines here are shared and noisy, with slow phases that last minutes: the measurements of one figure
are interleaved (`--rounds` rounds, each running tokcost, then the references), and every one-thread
measurement is pinned to one core (`--core`, the last by default; -1 does not pin), tokcost's
processes inheriting the pin.

The English text is also cut into ~200-byte texts at spaces for the batch rows and for `calls`: one
encode call per text (tokcost `Encoding.encodeOrdinary`, tiktoken `encode_ordinary`, gigatoken `encode`
on a freshly loaded tokenizer), as a program that encodes each message as it comes.

Inputs: the first MB megabytes of English prose, Hindi, Marathi, Telugu (../shared/corpora/classical),
Tamil and Bengali (../shared/corpora/wiki*), or the shipped Corpora/ when ../shared is absent.
"""
import argparse
import atexit
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "Tests" / "TokBPETests" / "Fixtures"))
ROWS = []


def ensure(package):
    try:
        __import__(package)
        return True
    except ImportError:
        ok = subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], capture_output=True).returncode == 0
        if not ok:
            print(f"(could not install {package}; its rows are skipped)")
        return ok


def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def make_inputs(mb, folder):
    sources = {
        "English": SHARED / "english" / "gutenberg.txt", "Hindi": SHARED / "classical" / "hin.txt",
        "Marathi": SHARED / "classical" / "mar.txt", "Telugu": SHARED / "classical" / "tel.txt",
        "Tamil": SHARED / "wikisent" / "ta.txt", "Bengali": SHARED / "wiki" / "ben.txt",
    }
    if not SHARED.exists():
        sources = {"English": ROOT / "Corpora" / "samples" / "report-en.txt", "Hindi": ROOT / "Corpora" / "parallel" / "hin.txt"}
    inputs = {}
    for label, path in sources.items():
        if not path.exists():
            continue
        data = path.read_bytes()
        while len(data) < mb * 1e6:
            data += data
        text = data[: int(mb * 1e6)].decode("utf-8", errors="ignore")
        out = folder / f"{label}.txt"
        out.write_text(text, encoding="utf-8")
        inputs[label] = out
    rng = random.Random(1)
    worst = {
        "1 MB of 'a'": "a" * 1_000_000,
        "1 MB of 'क'": "क" * 333_333,
        "1 MB random base64": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(1_000_000)),
    }
    for label, text in worst.items():
        out = folder / f"worst-{len(inputs)}.txt"
        out.write_text(text, encoding="utf-8")
        inputs["worst: " + label] = out
    return inputs


def timed(fn, reps):
    times, out = [], None
    for _ in range(reps):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return out, times


def row(figure, size_mb, ours, reference, theirs, unit="MB/s"):
    t_min, t_med, r_min, r_med = min(ours), statistics.median(ours), min(theirs), statistics.median(theirs)
    if unit == "MB/s":
        values = (size_mb / t_min, size_mb / t_med, size_mb / r_min, size_mb / r_med)
    else:
        values = (t_min, t_med, r_min, r_med)
    entry = {"figure": figure, "reference": reference, "unit": unit, "tokcost_min": values[0], "tokcost_median": values[1],
             "reference_min": values[2], "reference_median": values[3], "ratio": r_min / t_min}
    ROWS.append(entry)
    print(f"{figure:52} {values[0]:9.1f} {values[1]:9.1f}   {reference:10} {values[2]:9.1f} {values[3]:9.1f}  {entry['ratio']:6.2f}x  {unit}", flush=True)


def first_calls(name, call, reps):
    """gigatoken's cold figure: `call` on a freshly loaded tokenizer (load not timed), `reps` times;
    returns the last result and the times."""
    import gigatoken
    times = []
    for _ in range(reps):
        fresh = gigatoken.Tokenizer.from_tiktoken(str(ROOT / "Vocabularies" / f"{name}.tiktoken"))
        fresh.encode("x")
        result, t = timed(lambda: call(fresh), 1)
        times += t
    return result, times


def batch_texts(text):
    texts, current = [], ""
    for word in text.split(" "):
        current += word + " "
        if len(current.encode()) >= 200:
            texts.append(current)
            current = ""
    if current:
        texts.append(current)
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5, help="repetitions of each measurement, over all rounds")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds the repetitions are split into")
    parser.add_argument("--core", type=int, default=None, help="core for the one-thread figures (default: the last; -1: no pin)")
    parser.add_argument("--mb", type=float, default=4.0)
    parser.add_argument("--encodings", default="o200k_base,cl100k_base")
    parser.add_argument("--json", help="write the rows as JSON here")
    parser.add_argument("--markdown", help="write the table as Markdown here")
    args = parser.parse_args()
    all_cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    core = max(all_cores) if args.core is None and all_cores else args.core
    if all_cores and core is not None and core >= 0:
        os.sched_setaffinity(0, {core})
        print(f"(one-thread figures pinned to core {core})")
    rounds = max(1, min(args.rounds, args.reps))
    per_round = -(-args.reps // rounds)
    ensure("tiktoken")
    have_giga = ensure("gigatoken")
    from reference_encodings import reference_encoding

    for product in ("tokcost-bench", "tokcost"):
        subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True, capture_output=True)
    bench = ROOT / ".build" / "release" / "tokcost-bench"
    folder = Path(tempfile.mkdtemp(prefix="tokcost-bench-"))
    atexit.register(shutil.rmtree, folder, True)  # the inputs, including a 120 MB file
    inputs = make_inputs(args.mb, folder)
    print(f"{'figure':52} {'tokcost':>9} {'(median)':>9}   {'reference':10} {'ref':>9} {'(median)':>9}  {'ratio':>7}")

    # Loading o200k_base until the first encode, and the memory it takes.
    loads = [json.loads(subprocess.run([str(bench), "o200k_base", "1", str(ROOT / "Corpora" / "parallel" / "eng.txt")],
                                       capture_output=True, text=True, check=True).stdout) for _ in range(args.reps)]
    before = rss_kb(); start = time.perf_counter(); tik = reference_encoding("o200k_base"); tik.encode_ordinary("x")
    tik_load = time.perf_counter() - start; tik_rss = (rss_kb() - before) / 1024
    row("load o200k_base until first encode (s)", 0, [l["load_s"] for l in loads], "tiktoken", [tik_load], unit="s")
    ROWS.append({"figure": "memory growth after loading o200k_base (MB)", "reference": "tiktoken",
                 "tokcost_min": loads[0]["load_rss_bytes"] / 1e6, "reference_min": tik_rss, "unit": "MB"})
    print(f"{'memory growth after loading o200k_base (MB)':52} {loads[0]['load_rss_bytes'] / 1e6:9.1f} {'':9}   {'tiktoken':10} {tik_rss:9.1f}")
    if have_giga:
        import gigatoken
        before = rss_kb(); start = time.perf_counter()
        g = gigatoken.Tokenizer.from_tiktoken(str(ROOT / "Vocabularies" / "o200k_base.tiktoken")); g.encode("x")
        giga_load = time.perf_counter() - start; giga_rss = (rss_kb() - before) / 1024
        row("load o200k_base until first encode (s)", 0, [l["load_s"] for l in loads], "gigatoken", [giga_load], unit="s")
        print(f"{'memory growth after loading o200k_base (MB)':52} {loads[0]['load_rss_bytes'] / 1e6:9.1f} {'':9}   {'gigatoken':10} {giga_rss:9.1f}")
        ROWS.append({"figure": "memory growth after loading o200k_base (MB)", "reference": "gigatoken",
                     "tokcost_min": loads[0]["load_rss_bytes"] / 1e6, "reference_min": giga_rss, "unit": "MB"})

    for name in args.encodings.split(","):
        tik = reference_encoding(name)
        giga = None
        if have_giga:
            import gigatoken
            giga = gigatoken.Tokenizer.from_tiktoken(str(ROOT / "Vocabularies" / f"{name}.tiktoken"))
        for label, path in inputs.items():
            if label.startswith("worst") and name != "o200k_base":
                continue
            text = path.read_text(encoding="utf-8")
            size = len(text.encode("utf-8")) / 1e6
            batch = label == "English"
            texts = batch_texts(text) if batch else []
            ours = {key: [] for key in ("encode_s", "encode_u32_s", "count_s", "session_encode_s", "batch_s", "session_batch_s", "batch_flat_s", "session_batch_flat_s", "calls_s")}
            times = {key: [] for key in ("tik", "cold", "warm", "tik_batch", "cold_batch", "warm_batch", "tik_calls", "cold_calls")}
            for _ in range(rounds):
                # tokcost in its own process (one more repetition: a session's first call is cold and
                # not counted as warm), then the references, in the same round.
                run = json.loads(subprocess.run([str(bench), name, str(per_round + 1), str(path)], capture_output=True, text=True, check=True).stdout)
                for key in ours:
                    ours[key] += run[key][1:] if key == "session_encode_s" else run[key]
                expected, t = timed(lambda: tik.encode_ordinary(text), per_round)
                assert run["tokens"] == len(expected), (label, name)
                times["tik"] += t
                if giga is not None:
                    # gigatoken keeps a piece cache in the tokenizer object across calls. Cold: the first
                    # call on a freshly loaded tokenizer (load not timed), against tokcost's encode (a fresh
                    # cache per call). Warm: repeated calls on one object, against tokcost's EncodingSession.
                    ids, t = first_calls(name, lambda tokenizer: tokenizer.encode(text), per_round)
                    assert list(ids) == expected, f"gigatoken disagrees with tiktoken on {label}"
                    times["cold"] += t
                    giga.encode(text)
                    times["warm"] += timed(lambda: giga.encode(text), per_round)[1]
                if batch:
                    assert len(texts) == run["batch_texts"], (len(texts), run["batch_texts"])
                    times["tik_batch"] += timed(lambda: tik.encode_ordinary_batch(texts, num_threads=1), per_round)[1]
                    if giga is not None:
                        # Cold: the first encode_batch on a freshly loaded tokenizer, against encodeBatch
                        # (fresh sessions). Warm: the tokenizer that has encoded the whole text (above),
                        # against an EncodingSession that has too.
                        times["cold_batch"] += first_calls(name, lambda tokenizer: tokenizer.encode_batch(texts), per_round)[1]
                        times["warm_batch"] += timed(lambda: giga.encode_batch(texts), per_round)[1]
                    # One call per text, as a program that encodes each message as it comes: tokcost
                    # Encoding.encodeOrdinary (nothing kept between calls), tiktoken encode_ordinary,
                    # gigatoken encode on a freshly loaded tokenizer (its first pass over the texts).
                    # The references' figures include the cost of a Python call per text.
                    times["tik_calls"] += timed(lambda: [tik.encode_ordinary(t) for t in texts], per_round)[1]
                    if giga is not None:
                        times["cold_calls"] += first_calls(name, lambda tokenizer: [tokenizer.encode(t) for t in texts], per_round)[1]
            row(f"encode {name} {label} (cold)", size, ours["encode_s"], "tiktoken", times["tik"])
            if giga is not None:
                row(f"encode {name} {label} (cold)", size, ours["encode_s"], "gigatoken", times["cold"])
                # gigatoken's encode returns a numpy array of uint32: tokcost's 32-bit ids are the like.
                row(f"encode {name} {label} (cold, 32-bit ids)", size, ours["encode_u32_s"], "gigatoken", times["cold"])
                row(f"encode {name} {label} (warm)", size, ours["session_encode_s"], "gigatoken", times["warm"])
                if not label.startswith("worst"):
                    row(f"count {name} {label} (cold)", size, ours["count_s"], "gigatoken", times["cold"])
            if batch:
                row(f"batch {len(texts)} x ~200 B {name} {label}", size, ours["batch_s"], "tiktoken", times["tik_batch"])
                if giga is not None:
                    row(f"batch {len(texts)} x ~200 B {name} {label} (cold)", size, ours["batch_s"], "gigatoken", times["cold_batch"])
                    row(f"batch {len(texts)} x ~200 B {name} {label} (warm)", size, ours["session_batch_s"], "gigatoken", times["warm_batch"])
                    # The same texts into one flat id array (encodeBatchFlat) against the same gigatoken calls.
                    row(f"batch flat {len(texts)} x ~200 B {name} {label} (cold)", size, ours["batch_flat_s"], "gigatoken", times["cold_batch"])
                    row(f"batch flat {len(texts)} x ~200 B {name} {label} (warm)", size, ours["session_batch_flat_s"], "gigatoken", times["warm_batch"])
                row(f"calls {len(texts)} x ~200 B {name} {label}", size, ours["calls_s"], "tiktoken", times["tik_calls"])
                if giga is not None:
                    row(f"calls {len(texts)} x ~200 B {name} {label} (cold)", size, ours["calls_s"], "gigatoken", times["cold_calls"])

    # One large file on all cores against one thread (tokcost count streams it): unpinned.
    if all_cores:
        os.sched_setaffinity(0, all_cores)
    big = folder / "big.txt"
    with open(big, "wb") as f:
        seed = b"".join(p.read_bytes() for l, p in inputs.items() if not l.startswith("worst"))
        for _ in range(max(1, int(120e6 // len(seed)) + 1)):
            f.write(seed)
    size = big.stat().st_size / 1e6
    cores = os.cpu_count() or 1
    times = {}
    for threads in (1, cores):
        ts = []
        for _ in range(max(2, args.reps // 2)):
            start = time.perf_counter()
            subprocess.run([str(ROOT / ".build" / "release" / "tokcost"), "count", "--threads", str(threads), str(big)], check=True, capture_output=True)
            ts.append(time.perf_counter() - start)
        times[threads] = ts
    row(f"count {size:.0f} MB file, {cores} threads vs 1", size, times[cores], "tokcost x1", times[1])
    print(f"files: {args.mb} MB each, {rounds} interleaved rounds of {per_round} repetitions; ratio = reference time / tokcost time (minimum of each)")
    if args.json:
        Path(args.json).write_text(json.dumps(ROWS, indent=1))
    if args.markdown:
        lines = ["| figure | tokcost (min) | tokcost (median) | reference | reference (min) | reference (median) | ratio |", "| --- | ---: | ---: | --- | ---: | ---: | ---: |"]
        for r in ROWS:
            if "ratio" not in r:
                lines.append(f"| {r['figure']} | {r['tokcost_min']:.1f} | | {r['reference']} | {r['reference_min']:.1f} | | |")
                continue
            unit = r["unit"]
            label = r['figure'] if r['figure'].endswith(f"({unit})") else f"{r['figure']} ({unit})"
            lines.append(f"| {label} | {r['tokcost_min']:.{3 if unit == 's' else 1}f} | {r['tokcost_median']:.{3 if unit == 's' else 1}f} | {r['reference']} | {r['reference_min']:.{3 if unit == 's' else 1}f} | {r['reference_median']:.{3 if unit == 's' else 1}f} | {r['ratio']:.2f}× |")
        Path(args.markdown).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
