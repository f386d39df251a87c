#!/usr/bin/env python3
"""Differential test: random texts encoded by tiktoken and by tokcost must give identical ids.

Usage (from the repository root; needs `pip install tiktoken tokenizers` and a release build):
    swift build -c release --product tokcost-fuzz
    python3 Tests/Reliability/differential.py [--texts N] [--seed S] [--encodings a,b] [--kind mixed|words|ascii] [--hf deepseek_v3|PATH ...]

With --hf, each Hugging Face tokenizer.json (a path, or `deepseek_v3` for the shipped one) is compared
with `tokenizers` (encode without adding special tokens, special-token text as ordinary text:
`encode_special_tokens = True`), after the tiktoken encodings (`--encodings none` skips those).

Texts are drawn from a seeded generator (reproducible) mixing every character class the
pre-tokenizers distinguish (see FRAGMENTS) with random code points from all planes; `--kind words`
draws ASCII words of 1 to 24 letters in every case pattern instead (see word_text), `--kind ascii`
mostly ASCII texts of up to 2,000 bytes (see ascii_text). Each encoding's
texts go through `tokcost-fuzz encode-jsonl` in one process (one EncodingSession), and again through
`encode-jsonl-oneshot` (one `Encoding.encodeOrdinary` call per text). Every mismatch is printed with a minimal
reproducer (the shortest prefix/suffix-trimmed text that still differs); exit status 1 if any.
"""
import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "TokBPETests" / "Fixtures"))
from reference_encodings import NAMES, reference_encoding  # noqa: E402

FUZZ = ROOT / ".build" / "release" / "tokcost-fuzz"
FRAGMENTS = [
    "the", " the", "The", "THE", "camelCase", "XMLHttp", "don't", "I'M", "'s", "'LL", "'ve", "'ſ", " ", "  ", "\t",
    "\n", "\r\n", "\r", "\u00a0", "\u3000", "\u2028", "\u0085", "\x0b", "0", "12", "123", "1234", "٣٤٥", "१२३", "½",
    "!", "?", "...", "/", "//", "(", "\"", "'", "<", "€", "₹", "नमस्ते", "क्षि", "श्री", "क़", "क्\u200dष", "क्\u200cष",
    "বাংলা", "தமிழ்", "తెలుగు", "മലയാളം", "ന്\u200d", "ગુજરાતી", "ಕನ್ನಡ", "ਪੰਜਾਬੀ", "ଓଡ଼ିଆ", "اردو", "日本語", "한국어",
    "e\u0301", "\u0301", "\u093c", "\u094d", "\u200d", "\u200c", "\ufeff", "👍", "👍🏽", "👨\u200d👩", "🇮🇳", "<|endoftext|>",
    "\ue000", "\u0378", "\uffff", "\U00010940", "\u1c89", "ǅ", "ß", "İ", "Σ",
]


def random_text(rng):
    parts = []
    for _ in range(rng.randint(1, 24)):
        r = rng.random()
        if r < 0.7:
            parts.append(rng.choice(FRAGMENTS))
        elif r < 0.9:
            while True:
                cp = rng.choice([rng.randrange(0x80), rng.randrange(0x800), rng.randrange(0x10000), rng.randrange(0x110000)])
                if not 0xD800 <= cp <= 0xDFFF:
                    parts.append(chr(cp))
                    break
        else:
            parts.append(rng.choice(FRAGMENTS) * rng.randint(2, 40))
    return "".join(parts)


WORD_SEPARATORS = [" ", " ", " ", "", "\n", ", ", ".", "'s ", "'LL ", "'", "\u00e9", "\u0301", "\u00c9", "\u093e",
                   "\u0915", "1", "42 ", "_", "-", "\t", "\u00a0", "\u2019", "ſ", "\U0001f44d"]


def word_text(rng):
    """ASCII words of 1 to 24 letters in every case pattern, with separators that end or extend them:
    the ASCII-word paths of the pre-tokenizers meet runs that end before, at and after their
    fixed-size windows, followed by non-ASCII letters, marks and contractions."""
    parts = []
    for _ in range(rng.randint(1, 12)):
        length = rng.randint(1, 24)
        style = rng.random()
        letters = []
        for k in range(length):
            if style < 0.5:
                upper = False
            elif style < 0.6:
                upper = True
            elif style < 0.8:
                upper = k == 0
            else:
                upper = rng.random() < 0.3
            letters.append(chr((65 if upper else 97) + rng.randrange(26)))
        parts.append("".join(letters))
        parts.append(rng.choice(WORD_SEPARATORS))
    return "".join(parts)


ASCII_FRAGMENTS = [
    "the", " the", "The", " THE", "a", " I", "don't", "It'S", "'s", "'S", "'ll", "'LL", "'lL", "'ve", "'VE", "'re",
    "'d", "'m", "'t", "'", "''", "'x", "'l", "'v", "'r", "\"", "\"'s", " '", " 's", ".", "...", ",", ";", "!?", "(",
    ")", "-", "--", "_", "$", "#", "/", "@", "[", "`", "{", "~", "0", "1", "12", "123", "1234", "12345", " 42",
    " ", " ", " ", "  ", "   ", "\n", "\n", "\n\n", "\r\n", "\r", "\t", "\t\t", " \n", "\n ", " \n ", "\t\n", "\x0b",
    "\x0c", "\x00", "\x1c", "\x1f", "\x7f", ".\n", ".\n\n", "!\r\n", ".\n \n", ". ", "\" ", " .", " .x", "a.b",
]
RARE_FRAGMENTS = ["\u00e9", "\u00a0", "\u0085", "\u2028", "ſ", "'ſ", "\u2019", "\u0301", "नमस्ते", "١٢", "\U0001f44d"]


def ascii_text(rng):
    """Mostly ASCII text of 1 to 2,000 bytes: every class the cl100k_base and o200k_base patterns tell
    apart in ASCII (letters, digits, white space of every kind, punctuation, contractions), runs longer
    than 64 bytes, and now and then a non-ASCII character, so that pieces start and end at every
    offset of the 64-byte blocks that cl100k_base's one-shot loop settles from bit masks."""
    parts = []
    size = rng.choice([40, 120, 400, 2000])
    length = 0
    while length < size:
        r = rng.random()
        if r < 0.85:
            part = rng.choice(ASCII_FRAGMENTS)
        elif r < 0.95:
            part = rng.choice(ASCII_FRAGMENTS) * rng.randint(2, 90)
        elif r < 0.98:
            part = "".join(chr(rng.randrange(0x80)) for _ in range(rng.randint(1, 8)))
        else:
            part = rng.choice(RARE_FRAGMENTS)
        parts.append(part)
        length += len(part)
    return "".join(parts)


def tokcost_encode(name, texts, mode="encode-jsonl"):
    payload = "".join(json.dumps(t) + "\n" for t in texts).encode()
    out = subprocess.run([str(FUZZ), mode, name], input=payload, capture_output=True, check=True).stdout
    return [json.loads(line) for line in out.decode().splitlines()]


class HFReference:
    """A Hugging Face tokenizer with tiktoken's encode_ordinary interface."""

    def __init__(self, spec):
        from tokenizers import Tokenizer
        path = ROOT / "Vocabularies" / "deepseek_v3" / "tokenizer.json" if spec == "deepseek_v3" else Path(spec)
        self.tokenizer = Tokenizer.from_file(str(path))
        self.tokenizer.encode_special_tokens = True

    def encode_ordinary(self, text):
        return self.tokenizer.encode(text, add_special_tokens=False).ids


def minimize(name, enc, text, mode="encode-jsonl"):
    """Trims the text from both ends while tokcost and the reference still disagree."""
    def differs(t):
        return tokcost_encode(name, [t], mode)[0] != enc.encode_ordinary(t)
    changed = True
    while changed and len(text) > 1:
        changed = False
        for candidate in (text[1:], text[:-1]):
            if candidate and differs(candidate):
                text, changed = candidate, True
                break
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--encodings", default=",".join(NAMES))
    parser.add_argument("--batch", type=int, default=50_000)
    parser.add_argument("--hf", nargs="*", default=[], help="Hugging Face tokenizer.json paths, or deepseek_v3")
    parser.add_argument("--kind", choices=["mixed", "words", "ascii"], default="mixed",
                        help="mixed: every character class (default); words: ASCII words and what may follow them; "
                             "ascii: longer, mostly ASCII texts")
    args = parser.parse_args()
    total_mismatches = 0
    # Each tiktoken encoding twice: through an EncodingSession (its caches of stretches and pieces) and
    # one Encoding.encodeOrdinary call per text (the one-shot loops, e.g. cl100k_base's blocks).
    jobs = [(name, reference_encoding(name), mode) for name in args.encodings.split(",") if name and name != "none"
            for mode in ("encode-jsonl", "encode-jsonl-oneshot")]
    jobs += [(spec, HFReference(spec), "encode-jsonl-hf") for spec in args.hf]
    for name, enc, mode in jobs:
        rng = random.Random(f"{args.seed}-{name}")
        done = mismatches = 0
        while done < args.texts:
            generate = {"words": word_text, "ascii": ascii_text}.get(args.kind, random_text)
            texts = [generate(rng) for _ in range(min(args.batch, args.texts - done))]
            ours = tokcost_encode(name, texts, mode)
            for text, got in zip(texts, ours):
                if got != enc.encode_ordinary(text):
                    mismatches += 1
                    if mismatches <= 5:
                        small = minimize(name, enc, text, mode)
                        print(f"MISMATCH {name}: {small!r}\n  reference {enc.encode_ordinary(small)}\n  tokcost   {tokcost_encode(name, [small], mode)[0]}")
            done += len(texts)
        path = {"encode-jsonl": "session", "encode-jsonl-oneshot": "one-shot"}.get(mode, "tokenizer.json")
        print(f"{name} ({path}): {done} texts, {mismatches} mismatches (seed {args.seed})", flush=True)
        total_mismatches += mismatches
    return 1 if total_mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
