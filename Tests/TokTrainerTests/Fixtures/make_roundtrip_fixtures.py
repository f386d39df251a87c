#!/usr/bin/env python3
"""Round trip: vocabularies trained by tokcost, loaded into tiktoken and Hugging Face tokenizers.

Trains three small vocabularies with `tokcost train` on Corpora/parallel (one per pre-tokenizer pattern),
exports each to a Hugging Face tokenizer.json, then encodes held-out text (Corpora/samples/*.txt, which
is not in the training set, and hand-written edge cases) with

  * tiktoken: tiktoken.Encoding(pat_str=<the pattern's regex>, mergeable_ranks=<our .tiktoken>, ...)
  * Hugging Face tokenizers: Tokenizer.from_file(<our tokenizer.json>)

after NFC normalization (the vocabularies are trained on NFC text; HF's normalizer applies NFC
itself, so it is given the raw text). It writes the vocabularies and roundtrip_expected.json (text
and both libraries' ids) into this directory, and fails if tiktoken and HF disagree anywhere.
TokTrainerTests.RoundTripTests then checks, without Python, that tokcost gives the same ids and that
retraining gives byte-identical vocabularies.

Usage (from the package root, after `swift build -c release --product tokcost`):
    python3 Tests/TokTrainerTests/Fixtures/make_roundtrip_fixtures.py [--tokcost .build/release/tokcost]
Needs: pip install tiktoken tokenizers
"""
import argparse, base64, glob, json, os, subprocess, sys, unicodedata

import tiktoken
import tokenizers
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

VOCABULARIES = [
    # name, pattern, vocabulary size, special tokens, extra options
    ("rt_o200k_1k", "o200k", 1024, ["<|endoftext|>"], []),
    ("rt_cl100k_1k", "cl100k", 1024, ["<|endoftext|>", "<|fim_prefix|>"], []),
    ("rt_gpt2_800", "gpt2", 800, [], ["--balance-scripts", "3", "--max-token-length", "12"]),
]

EDGE_CASES = [
    "Hello, world! It's 2025: don't panic.",
    "I'LL SEE YOU'RE HERE, we've got 1234567 items.",
    "   leading spaces and trailing   ",
    "tabs\tand\nnewlines\r\n\r\nand blank\n\n\nlines",
    "emoji 🙂👍🏽 and symbols ©®™ → ∑ ≈ ∞",
    "नमस्ते दुनिया! यह एक परीक्षण है।",
    "मराठी भाषा सुंदर आहे.",
    "আমি বাংলায় গান গাই।",
    "தமிழ் ஒரு பழமையான மொழி.",
    "తెలుగు భాష చాలా మధురమైనది.",
    "ಕನ್ನಡ ನಾಡು ನುಡಿ",
    "മലയാളം ഒരു ദ്രാവിഡ ഭാഷയാണ്.",
    "ਪੰਜਾਬੀ ਬੋਲੀ",
    "ગુજરાતી ભાષા",
    "ଓଡ଼ିଆ ଭାଷା",
    "اردو ایک خوبصورت زبان ہے۔",
    "Mixed: मैं office जा रहा हूँ, call me at 9876543210.",
    "NFD input: e\u0301te\u0301, क\u093c, ড\u09bc",
    "code: for (int i = 0; i < n; i++) { x += a[i] / 2; } // done",
    "https://example.com/path/to/page?query=1&x=2",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ĀāĂăĄą ǅ ǈ Ǌ ﬁﬂ ＦＵＬＬ",
    "",
]


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
    parser.add_argument("--tokcost", default=os.path.join(ROOT, ".build", "release", "tokcost"))
    args = parser.parse_args()

    training = sorted(glob.glob(os.path.join(ROOT, "Corpora", "parallel", "*.txt")))
    held_out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Corpora", "samples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            for k, line in enumerate(f.read().split("\n")):
                if line.strip():
                    held_out.append((f"{os.path.basename(path)}:{k + 1}", line))
    held_out += [(f"edge:{k + 1}", text) for k, text in enumerate(EDGE_CASES)]
    with open(os.path.join(ROOT, "Corpora", "samples", "report-en.txt"), encoding="utf-8") as f:
        held_out.append(("report-en.txt:whole", f.read()))

    result = {"tiktoken_version": tiktoken.__version__, "tokenizers_version": tokenizers.__version__,
              "training": "Corpora/parallel/*.txt", "vocabularies": []}
    mismatches = 0
    for name, pattern, size, specials, extra in VOCABULARIES:
        out = os.path.join(HERE, name + ".tiktoken")
        hf_path = os.path.join(HERE, name + ".tokenizer.json")
        command = [args.tokcost, "train", "--vocab-size", str(size), "--pattern", pattern, "--quiet",
                   "--output", out, "--hf-json", hf_path] + extra
        for token in specials:
            command += ["--special", token]
        command += [os.path.relpath(p, ROOT) for p in training]
        subprocess.run(command, check=True, cwd=ROOT)
        definition = json.load(open(os.path.join(HERE, name + ".json"), encoding="utf-8"))
        definition["training"]["date"] = "2000-01-01T00:00:00Z"  # keep the fixture stable
        with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(definition, f, indent=2, sort_keys=True, ensure_ascii=False)
            f.write("\n")

        encoding = tiktoken.Encoding(name=name, pat_str=definition["regex"], mergeable_ranks=load_ranks(out),
                                     special_tokens=definition["special_tokens"])
        hf = Tokenizer.from_file(hf_path)
        cases = []
        for label, text in held_out:
            normalized = unicodedata.normalize("NFC", text)
            ids_tiktoken = encoding.encode_ordinary(normalized)
            ids_hf = hf.encode(text, add_special_tokens=False).ids
            if ids_tiktoken != ids_hf:
                mismatches += 1
                print(f"MISMATCH {name} {label}: tiktoken {ids_tiktoken[:12]} hf {ids_hf[:12]}", file=sys.stderr)
            cases.append({"name": label, "text": text, "tiktoken": ids_tiktoken, "hf": ids_hf})
        # Special tokens, recognised when allowed.
        text = "before<|endoftext|>after"
        cases.append({"name": "special", "text": text, "allowed_special": True,
                      "tiktoken": encoding.encode(text, allowed_special="all") if specials else encoding.encode_ordinary(text),
                      "hf": hf.encode(text, add_special_tokens=False).ids})
        result["vocabularies"].append({"name": name, "pattern": pattern, "vocabulary_size": size,
                                       "special_tokens": specials, "options": extra, "cases": cases})
        print(f"{name}: {len(cases)} cases", file=sys.stderr)

    with open(os.path.join(HERE, "roundtrip_expected.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"mismatches between tiktoken and Hugging Face: {mismatches}", file=sys.stderr)
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
