#!/usr/bin/env python3
"""Benchmark: tokcost's BPE trainer against Hugging Face tokenizers' BpeTrainer, in one run.

Same corpus, pre-tokenizer regex (o200k by default), NFC normalization, minimum pair frequency (2) and
vocabulary sizes (8k and 32k; 256 byte tokens + merges, no special tokens). For each trainer and size it
reports the training time (wall clock of the whole process: reading, counting, merging, writing), the
peak resident memory (/usr/bin/time -v, maximum RSS of the process) and the bytes per token on held-out
text (UTF-8 bytes after NFC / number of tokens; the tokcost vocabulary is applied with tiktoken, the HF
one with tokenizers). Each trainer runs in its own process, one after the other.

The corpora live in /work/shared/corpora and must not be committed. Build first (the second build, with
the Swift standard library and Foundation linked statically, is optional; its binary is measured too):
    swift build -c release --product tokcost
    swift build -c release --static-swift-stdlib --build-path .build-static --product tokcost
    python3 Tests/Benchmarks/bench_trainer.py [--sizes 8000 32000] [--threads N] [--reps 3]
"""
import argparse, base64, json, os, re, statistics, subprocess, sys, tempfile, time, unicodedata

SHARED = "/work/shared/corpora"
TRAIN = ["english/gutenberg.txt", "english/state_union.txt", "classical/hin.txt", "classical/mar.txt", "wiki/ben.txt"]
# The speed issue's corpus: Vim's documentation (Debian vim-runtime) plus the classical Indic files (about 40 MB).
TRAIN_VIM = ["/usr/share/vim/vim90/doc/*.txt", "classical/hin.txt", "classical/mar.txt", "classical/tel.txt", "classical/ben.txt"]
HELD_OUT = ["english/inaugural.txt", "udhr/eng.txt", "udhr/hin.txt", "udhr/ben.txt", "udhr/mar.txt", "udhr/nep.txt",
            "udhr/tam.txt", "udhr/tel.txt", "udhr/kan.txt", "udhr/mal.txt", "udhr/guj.txt", "udhr/pan.txt", "udhr/urd.txt"]

HF_TRAIN = r'''
import json, sys, time
from tokenizers import Tokenizer, Regex, models, normalizers, pre_tokenizers, trainers, decoders
regex, size, files, out, threads = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4], sys.argv[5]
tok = Tokenizer(models.BPE(ignore_merges=True))
tok.normalizer = normalizers.NFC()
tok.pre_tokenizer = pre_tokenizers.Sequence([
    pre_tokenizers.Split(Regex(regex), behavior="isolated"),
    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=size, min_frequency=2, show_progress=False,
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), special_tokens=[])
start = time.perf_counter()
tok.train(files, trainer)
print(json.dumps({"train_seconds": time.perf_counter() - start}))
tok.save(out)
'''


RUSTBPE_TRAIN = r'''
import json, sys, time, base64, unicodedata
import rustbpe
regex, size, files, out = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
def lines():
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                yield line
start = time.perf_counter()
tok = rustbpe.Tokenizer()
tok.train_from_iterator(lines(), size, pattern=regex)
print(json.dumps({"train_seconds": time.perf_counter() - start}))
with open(out, "w") as f:
    for token, rank in sorted(tok.get_mergeable_ranks(), key=lambda x: x[1]):
        f.write(base64.b64encode(bytes(token)).decode() + " " + str(rank) + "\n")
'''

GIGATOKEN_TRAIN = r'''
import json, sys, time
import gigatoken
size, files = int(sys.argv[1]), json.loads(sys.argv[2])
start = time.perf_counter()
result = gigatoken.train_bpe(gigatoken.TextFileSource(files), size, [])
print(json.dumps({"train_seconds": time.perf_counter() - start, "tokens": len(result[0])}))
'''


def repeat(reps, run):
    """Runs `run` (which returns wall, rss, stdout) `reps` times; returns the lists of walls and RSS and the last stdout."""
    walls, rsss, stdout = [], [], ""
    for _ in range(reps):
        wall, rss, stdout = run()
        walls.append(wall)
        rsss.append(rss)
    return walls, rsss, stdout


def timed(command, env=None):
    """Runs a command under /usr/bin/time -v; returns (wall seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(command[:6])} …\n{proc.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    return wall, rss, proc.stdout


def load_ranks(path):
    ranks = {}
    with open(path, "rb") as f:
        for line in f:
            if line.strip():
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
    return ranks


def main():
    parser = argparse.ArgumentParser()
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    parser.add_argument("--tokcost", default=os.path.join(root, ".build", "release", "tokcost"))
    parser.add_argument("--tokcost-static", default=os.path.join(root, ".build-static", "release", "tokcost"),
                        help="a tokcost built with --static-swift-stdlib (see README); measured too if it exists")
    parser.add_argument("--reps", type=int, default=1, help="runs of each trainer (time and peak RSS: min and median)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[8000, 32000])
    parser.add_argument("--pattern", default="o200k")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--corpus", choices=["mixed", "vim-indic"], default="mixed",
                        help="mixed: English prose + Hindi/Marathi/Bengali; vim-indic: the speed issue's 40 MB corpus")
    args = parser.parse_args()

    import tiktoken, tokenizers
    from tokenizers import Tokenizer
    patterns = {
        "o200k": "|".join([
            r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
            r"\p{N}{1,3}", r" ?[^\s\p{L}\p{N}]+[\r\n/]*", r"\s*[\r\n]+", r"\s+(?!\S)", r"\s+"]),
        "cl100k": r"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s",
    }
    regex = patterns[args.pattern]
    import glob
    names = TRAIN if args.corpus == "mixed" else TRAIN_VIM
    train = sorted(p for f in names for p in glob.glob(f if f.startswith("/") else os.path.join(SHARED, f)))
    held = [os.path.join(SHARED, f) for f in HELD_OUT]
    train_bytes = sum(os.path.getsize(f) for f in train)
    held_text = [unicodedata.normalize("NFC", open(f, encoding="utf-8").read()) for f in held]
    held_bytes = sum(len(t.encode()) for t in held_text)
    print(f"corpus: {len(train)} files, {train_bytes / 1e6:.1f} MB; held-out: {len(held)} files, {held_bytes / 1e6:.2f} MB; "
          f"pattern {args.pattern}, NFC, min frequency 2, threads {args.threads}; tokenizers {tokenizers.__version__}, "
          f"tiktoken {tiktoken.__version__}; {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            # tokcost (and the statically linked build, if there is one)
            binaries = [("tokcost", args.tokcost)]
            if os.path.exists(args.tokcost_static):
                binaries.append(("tokcost (static stdlib)", args.tokcost_static))
            for name, binary in binaries:
                out = os.path.join(tmp, f"tokcost_{size}.tiktoken")
                wall, rss, _ = repeat(args.reps, lambda: timed([binary, "train", "--vocab-size", str(size), "--pattern", args.pattern,
                                      "--normalize", "nfc", "--min-frequency", "2", "--threads", str(args.threads),
                                      "--quiet", "--output", out] + train))
                definition = json.load(open(out[:-len(".tiktoken")] + ".json"))
                enc = tiktoken.Encoding(name="t", pat_str=definition["regex"], mergeable_ranks=load_ranks(out), special_tokens={})
                tokens = sum(len(enc.encode_ordinary(t)) for t in held_text)
                rows.append((name, size, wall, rss, held_bytes / tokens, definition["vocabulary_size"]))
            # Hugging Face
            hf_out = os.path.join(tmp, f"hf_{size}.json")
            env = dict(os.environ, RAYON_NUM_THREADS=str(args.threads))
            wall, rss, stdout = repeat(args.reps, lambda: timed([sys.executable, "-c", HF_TRAIN, regex, str(size), json.dumps(train), hf_out, str(args.threads)], env=env))
            hf = Tokenizer.from_file(hf_out)
            tokens = sum(len(hf.encode(t, add_special_tokens=False).ids) for t in held_text)
            rows.append(("hf tokenizers", size, wall, rss, held_bytes / tokens, hf.get_vocab_size()))
            # rustbpe (same regex; no normalization step of its own)
            try:
                import rustbpe  # noqa: F401
                rb_out = os.path.join(tmp, f"rustbpe_{size}.tiktoken")
                wall, rss, stdout = repeat(args.reps, lambda: timed([sys.executable, "-c", RUSTBPE_TRAIN, regex, str(size), json.dumps(train), rb_out], env=env))
                rb_ranks = load_ranks(rb_out)
                enc = tiktoken.Encoding(name="rb", pat_str=regex, mergeable_ranks=rb_ranks, special_tokens={})
                tokens = sum(len(enc.encode_ordinary(t)) for t in held_text)
                rows.append(("rustbpe", size, wall, rss, held_bytes / tokens, len(rb_ranks)))
            except ImportError:
                print("  (rustbpe not installed: pip install rustbpe)", file=sys.stderr)
            # gigatoken's trainer (its own built-in pre-tokenizer, so its bytes/token is not comparable)
            try:
                import gigatoken  # noqa: F401
                wall, rss, stdout = repeat(args.reps, lambda: timed([sys.executable, "-c", GIGATOKEN_TRAIN, str(size), json.dumps(train)], env=env))
                made = json.loads(stdout.strip().splitlines()[-1])["tokens"]
                rows.append(("gigatoken train_bpe", size, wall, rss, float("nan"), made))
            except ImportError:
                print("  (gigatoken not installed: pip install gigatoken)", file=sys.stderr)
            print(f"  done {size}", file=sys.stderr)
    print()
    print(f"| trainer | vocab size | time (s), min / median of {args.reps} | peak RSS (MiB), min / median | held-out bytes/token | tokens made |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, size, wall, rss, bpt, made in rows:
        print(f"| {name} | {size} | {min(wall):.2f} / {statistics.median(wall):.2f} | {min(rss):.1f} / {statistics.median(rss):.1f} | {bpt:.4f} | {made} |")
    print()
    for size in args.sizes:
        for ours in (r for r in rows if r[0].startswith("tokcost") and r[1] == size):
            for theirs in (r for r in rows if not r[0].startswith("tokcost") and r[1] == size):
                print(f"{size}: {ours[0]}/{theirs[0]} time {statistics.median(ours[2]) / statistics.median(theirs[2]):.2f}x, "
                      f"memory {statistics.median(ours[3]) / statistics.median(theirs[3]):.2f}x, "
                      f"bytes/token {100 * (ours[4] - theirs[4]) / theirs[4]:+.2f}% (medians)")


if __name__ == "__main__":
    main()
