#!/usr/bin/env python3
"""Check the text files in Corpora/ (Python 3 standard library only).

For every file it verifies:
  * the bytes are valid UTF-8 (and there is no byte-order mark),
  * the text is in Unicode Normalization Form C (NFC),
  * line endings are LF only (no CR anywhere),
  * the file ends with exactly one newline (no blank last line),
  * no line is empty and no line has leading or trailing whitespace,
  * a minimum share of its letters is in the expected script (letters =
    Unicode categories L* and M*, so Indic vowel signs and viramas count).

For the parallel set it also verifies that every language file exists, that
all have the same number of lines as eng.txt, and that line N of each file
contains the same numbers (runs of ASCII digits) as line N of eng.txt -- a
cheap guard against misaligned or dropped paragraphs. Finally it checks that
the byte and line counts in the tables of README.md match the files.

Usage: python3 Corpora/check_corpora.py        (exit status 0 = all passed)
"""

import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# Unicode blocks per script (inclusive code point ranges).
SCRIPTS = {
    "Latin": [(0x0041, 0x005A), (0x0061, 0x007A), (0x00C0, 0x024F), (0x1E00, 0x1EFF)],
    "Devanagari": [(0x0900, 0x097F), (0xA8E0, 0xA8FF)],
    "Bengali": [(0x0980, 0x09FF)],
    "Gurmukhi": [(0x0A00, 0x0A7F)],
    "Gujarati": [(0x0A80, 0x0AFF)],
    "Odia": [(0x0B00, 0x0B7F)],
    "Tamil": [(0x0B80, 0x0BFF)],
    "Telugu": [(0x0C00, 0x0C7F)],
    "Kannada": [(0x0C80, 0x0CFF)],
    "Malayalam": [(0x0D00, 0x0D7F)],
    "Arabic": [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
               (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
}

# file (relative to Corpora/) -> (expected script, minimum share of letters)
PARALLEL = [
    ("eng", "English", "Latin"),
    ("hin", "Hindi", "Devanagari"),
    ("ben", "Bengali", "Bengali"),
    ("tam", "Tamil", "Tamil"),
    ("tel", "Telugu", "Telugu"),
    ("mar", "Marathi", "Devanagari"),
    ("guj", "Gujarati", "Gujarati"),
    ("kan", "Kannada", "Kannada"),
    ("mal", "Malayalam", "Malayalam"),
    ("pan", "Punjabi", "Gurmukhi"),
    ("ori", "Odia", "Odia"),
    ("urd", "Urdu", "Arabic"),
]

FILES = {f"parallel/{code}.txt": (script, 0.95) for code, _, script in PARALLEL}
FILES["samples/report-en.txt"] = ("Latin", 0.95)
# Code-mixed Hindi-English: mostly Devanagari, but English words in Latin script.
FILES["samples/mixed-hi-en.txt"] = ("Devanagari", 0.50)
# Files that must also contain a minimum share of a second script.
SECOND_SCRIPT = {"samples/mixed-hi-en.txt": ("Latin", 0.20)}

NUMBER = re.compile(r"[0-9]+")
# A README table row: | `path` | ... | bytes | lines |
README_ROW = re.compile(r"^\|\s*`([^`]+\.txt)`\s*\|.*\|\s*([0-9]+)\s*\|\s*([0-9]+)\s*\|\s*$")


def script_of(ch):
    cp = ord(ch)
    for name, ranges in SCRIPTS.items():
        for lo, hi in ranges:
            if lo <= cp <= hi:
                return name
    return "Other"


def is_letter(ch):
    # Letters plus combining marks: Indic vowel signs and viramas are Mn/Mc
    # and belong to the word just as much as the consonants do.
    return unicodedata.category(ch)[0] in ("L", "M")


def check_file(rel, errors):
    path = os.path.join(HERE, rel)
    if not os.path.isfile(path):
        errors.append(f"{rel}: missing")
        return None
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        errors.append(f"{rel}: not valid UTF-8 ({e})")
        return None
    if text.startswith("\ufeff"):
        errors.append(f"{rel}: starts with a byte-order mark")
    if not unicodedata.is_normalized("NFC", text):
        errors.append(f"{rel}: not NFC")
    if "\r" in text:
        errors.append(f"{rel}: contains CR (line endings must be LF only)")
    if not text.endswith("\n"):
        errors.append(f"{rel}: does not end with a newline")
    elif text.endswith("\n\n"):
        errors.append(f"{rel}: ends with a blank line")
    lines = text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
    for n, line in enumerate(lines, 1):
        line = line.rstrip("\r")  # CR is reported once above
        if line != line.strip():
            errors.append(f"{rel}:{n}: leading or trailing whitespace")
    return text, lines, len(data)


def script_share(text, expected):
    counts = {}
    letters = 0
    for ch in text:
        if is_letter(ch):
            letters += 1
            s = script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    share = counts.get(expected, 0) / letters if letters else 0.0
    return share, letters, counts


def main():
    errors = []
    results = {}
    print(f"{'file':28} {'bytes':>6} {'lines':>5} {'chars':>6} {'letters':>7}  script      share  (min)")
    for rel, (expected, minimum) in FILES.items():
        r = check_file(rel, errors)
        if r is None:
            continue
        text, lines, nbytes = r
        results[rel] = lines
        share, letters, counts = script_share(text, expected)
        others = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])
                           if k != expected)
        print(f"{rel:28} {nbytes:6d} {len(lines):5d} {len(text):6d} {letters:7d}  "
              f"{expected:11} {share:6.1%} ({minimum:.0%})" + (f"  [other: {others}]" if others else ""))
        if share < minimum:
            errors.append(f"{rel}: only {share:.1%} of letters are {expected} (need {minimum:.0%})")
        if rel in SECOND_SCRIPT:
            second, smin = SECOND_SCRIPT[rel]
            sshare = counts.get(second, 0) / letters if letters else 0.0
            print(f"{'':28} {'':>6} {'':>5} {'':>6} {'':>7}  {second:11} {sshare:6.1%} ({smin:.0%})")
            if sshare < smin:
                errors.append(f"{rel}: only {sshare:.1%} of letters are {second} (need {smin:.0%})")

    # Parallel set: same line count and same numbers per line as English.
    eng = results.get("parallel/eng.txt")
    if eng is not None:
        for code, _, _ in PARALLEL[1:]:
            rel = f"parallel/{code}.txt"
            lines = results.get(rel)
            if lines is None:
                continue
            if len(lines) != len(eng):
                errors.append(f"{rel}: {len(lines)} lines, eng.txt has {len(eng)}")
                continue
            for n, (a, b) in enumerate(zip(eng, lines), 1):
                na, nb = sorted(NUMBER.findall(a)), sorted(NUMBER.findall(b))
                if na != nb:
                    errors.append(f"{rel}:{n}: numbers {nb} differ from eng.txt {na}")

    # README.md tables must state the real byte and line counts.
    readme = os.path.join(HERE, "README.md")
    listed = {}
    if os.path.isfile(readme):
        for line in open(readme, encoding="utf-8"):
            m = README_ROW.match(line.rstrip("\n"))
            if m:
                listed[m.group(1)] = (int(m.group(2)), int(m.group(3)))
    for rel in FILES:
        path = os.path.join(HERE, rel)
        if not os.path.isfile(path):
            continue
        data = open(path, "rb").read()
        actual = (len(data), data.count(b"\n"))
        if rel not in listed:
            errors.append(f"README.md: no table row for {rel}")
        elif listed[rel] != actual:
            errors.append(f"README.md: {rel} listed as {listed[rel][0]} bytes, {listed[rel][1]} lines; "
                          f"actual {actual[0]} bytes, {actual[1]} lines")

    print()
    if errors:
        for e in errors:
            print("FAIL", e)
        print(f"{len(errors)} problem(s) found")
        return 1
    print(f"OK: {len(results)} files; all parallel files have {len(eng)} lines, "
          "numbers aligned line by line; README.md sizes match")
    return 0


if __name__ == "__main__":
    sys.exit(main())
