#!/usr/bin/env python3
"""Generates tiktoken_parity.json: expected token ids from tiktoken for the parity tests.

Usage (from the repository root; needs `pip install tiktoken`, no network):
    python3 Tests/TokBPETests/Fixtures/generate_tiktoken_fixtures.py

Cases: a hand-written edge-case set, seeded random strings over every character class the
pre-tokenizers distinguish, and every line of the parallel corpus in Corpora/parallel/ (English and
the Indic languages). For each case and each of o200k_base, cl100k_base, p50k_base and r50k_base it
records `encode_ordinary(text)`; cases marked allowed_special="all" record
`encode(text, allowed_special="all")` instead.
"""
import json
import random
import sys
from pathlib import Path

import tiktoken

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_encodings import NAMES, reference_encoding  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
OUT = Path(__file__).resolve().parent / "tiktoken_parity.json"

EDGE_CASES = {
    "empty": "",
    # Contractions in every case, and look-alikes.
    "contractions-lower": "it's we'd I'm don't we'll they've you're",
    "contractions-upper": "IT'S WE'D I'M DON'T WE'LL THEY'VE YOU'RE",
    "contractions-mixed": "It'S we'D I'm DoN't we'Ll they'vE you'Re 'LL 'Ve 'rE",
    "contractions-bare": "'s 't 're 've 'm 'll 'd 'x '' ''s 'sa 'llama 'really",
    "contraction-long-s": "it'ſ THE'ſ 'ſ",
    "apostrophe-lookalikes": "it’s it‘s itʼs it`s it´s",
    "contraction-after-symbols": "(it's) \"we'll\" x's'y 1's 2'S",
    # Whitespace in all mixes.
    "spaces": "a b  c   d    e",
    "tabs": "a\tb\t\tc \t d\t \te",
    "newlines": "a\nb\n\nc\n\n\nd",
    "crlf": "a\r\nb\r\n\r\nc\rd\r\re",
    "mixed-ws": "a \n b \t\n\t c  \r\n  d \n\n  e\t \t\n",
    "trailing-spaces": "hello   ",
    "trailing-newline": "hello\n",
    "trailing-mixed": "hello \n \t",
    "leading-ws": "   \n\t hello",
    "only-spaces": "     ",
    "only-newlines": "\n\n\n",
    "only-crlf": "\r\n\r\n",
    "only-mixed-ws": " \t\n \r\n\t ",
    "unicode-spaces": "a\u00a0b\u2003c\u3000d\u202fe\u205ff\u2028g\u2029h\u0085i\u1680j",
    "unicode-space-runs": "a\u3000\u3000b  \u00a0c\u00a0\u00a0d",
    "control-chars": "a\x00b\x01\x02c\x7fd\x1c\x1d\x1e\x1fe\x0bf\x0cg",
    "space-before-digits": "a 1 22 333 4444",
    "space-before-punct": "a ! ?? ... (x) [y]",
    "punct-newlines": "hello!\n\nworld?\r\n.\n/x/\n//",
    # Numbers.
    "digits-1-to-10": "1 12 123 1234 12345 123456 1234567 12345678 123456789 1234567890",
    "digit-runs": "3.14159 1,000,000 2024-11-23 10:30pm 0x1F 1e-9 007",
    "non-ascii-digits": "٣٤٥ ۱۲۳ १२३४५ ১২৩ ੧੨੩ ૧૨૩ ୧୨୩ ௧௨௩ ౧౨౩ ೧೨೩ ൧൨൩ ๑๒๓",
    "other-numbers": "①②③ Ⅻ ½ ¾ ² ³ ¹ 𝟙𝟚 ⅷ",
    "digits-letters": "abc123def 123abc abc123 4th 21st",
    # Punctuation runs.
    "punct-runs": "!!! ... ?!?! ---> <=> ::: ;;; ''' \"\"\" ``` ~~~ ***",
    "slashes": "a/b/c //comment /* c */ path/to/file.txt /\n/",
    "url": "https://example.com/path/to?q=1&r=2#frag mailto:x@y.org",
    "code": "def f(x):\n    return x**2 + 1  # comment\n\tif (a && b) { c++; }\n",
    "json": "{\"key\": [1, 2.5, true, null], \"nested\": {\"a\": \"b\"}}",
    "special-lookalikes": "<|endoftext|> <|endofprompt|> <|fim_prefix|> <|fim_middle|> <|fim_suffix|>",
    "special-near-misses": "<|endoftext <|ENDOFTEXT|> < |endoftext| > endoftext|> <||> <<|endoftext|>>",
    "special-inside-word": "abc<|endoftext|>def<|endoftext|><|endoftext|>",
    # Emoji.
    "emoji": "👍 😀😃 🎉",
    "emoji-skin-tone": "👍🏽 👋🏿 🧑🏻‍💻",
    "emoji-zwj": "👨‍👩‍👧‍👦 🏳️‍🌈 ❤️‍🔥 👩‍❤️‍💋‍👨",
    "emoji-flags-keycaps": "🇮🇳🇺🇸 1️⃣ #️⃣ ©️ ™️",
    "emoji-in-text": "great job👍see you🙂!",
    # Combining marks.
    "combining": "e\u0301 n\u0303 a\u0301\u0302\u0303 Z\u0351\u0352",
    "combining-alone": "\u0301 \u0301abc \u0301\u0302 x \u20dd",
    "combining-after-punct": "!\u0301 .\u0308x (\u0301)",
    "precomposed": "café naïve résumé Ångström",
    "titlecase": "ǅungla ǈubljana ǋ ǲ ᾈ",
    "greek-cyrillic": "Σίσυφος ΣΑΣ ς Москва МОСКВА москва",
    "turkish": "İstanbul ıi IİıI",
    # Mixed scripts and case.
    "mixed-script-words": "helloनमस्ते नमस्तेhello abcδεζ Москваcity 東京tokyo",
    "camel-case": "camelCaseString XMLHttpRequest getHTTPResponseCode iPhone eBay McDonald",
    "all-caps": "ALLCAPS WORDS HERE NASA'S THE END",
    "mixed-case-runs": "MiXeD aBcDeF ABCdef abcDEF",
    "cjk": "日本語のテキストです。中文文本。한국어 텍스트입니다.",
    "cjk-katakana-long": "コンピューター・プログラミング",
    "arabic-marks": "مَرْحَبًا بِكُمْ في العالم",
    "hebrew": "שָׁלוֹם עוֹלָם",
    "thai": "ภาษาไทยมีวรรณยุกต์",
    "vietnamese": "Tiếng Việt có dấu",
    "math-currency": "∑∫√∞ ≤≥≠ ₹100 $5 €3 £2 ¥1000 ₹१००",
    # Indic specifics.
    "zwj-zwnj-devanagari": "क्\u200dष क्\u200cष र्\u200dय",
    "zwj-zwnj-bengali": "র\u200d্যাব ক্\u200cষ",
    "zwj-malayalam": "ന്\u200d ക്\u200d ല്\u200d",
    "chillu": "അവന്‍ അവൻ",
    "nukta": "क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ क़",
    "conjuncts": "क्षि श्री त्र ज्ञ द्ध",
    "danda": "यह वाक्य है। वह भी॥ ١٢٣।",
    "hindi-english-mix": "मैं office जा रहा हूँ, meeting 3 बजे है।",
    "hindi": "भारत एक विशाल देश है जिसकी संस्कृति बहुत पुरानी है।",
    "bengali": "বাংলা ভাষা পৃথিবীর অন্যতম সমৃদ্ধ ভাষা।",
    "tamil": "தமிழ் மொழி மிகவும் பழமையான மொழியாகும்.",
    "telugu": "తెలుగు భాష చాలా అందమైన భాష.",
    "marathi": "महाराष्ट्रातील लोक मराठी भाषा बोलतात.",
    "gujarati": "ગુજરાતી ભાષા ગુજરાતમાં બોલાય છે.",
    "kannada": "ಕನ್ನಡ ಭಾಷೆ ಕರ್ನಾಟಕದಲ್ಲಿ ಮಾತನಾಡುತ್ತಾರೆ.",
    "malayalam": "മലയാളം കേരളത്തിലെ ഭാഷയാണ്.",
    "punjabi": "ਪੰਜਾਬੀ ਭਾਸ਼ਾ ਗੁਰਮੁਖੀ ਲਿਪੀ ਵਿੱਚ ਲਿਖੀ ਜਾਂਦੀ ਹੈ।",
    "odia": "ଓଡ଼ିଆ ଭାଷା ଓଡ଼ିଶାରେ କୁହାଯାଏ।",
    "urdu": "اردو ایک خوبصورت زبان ہے۔",
    "sinhala-tibetan": "සිංහල භාෂාව བོད་ཡིག",
    # Unassigned, private use, noncharacters, Unicode-version probes.
    "unassigned": "\u0378 \u0379x \U00010940abc \U00011db0's",
    "unicode16-letters": "\u1c89abc \U00010d50x \U0001e5d0's \u1c8a",
    "private-use": "\ue000\uf8ff \U000f0000 \U0010fffd x\ue000y",
    "noncharacters": "\ufdd0 \ufffe \uffff \U0001fffe",
    "replacement-char": "\ufffd\ufffd abc\ufffd",
    "bom-zwsp": "\ufeffhello\u200bworld\u2060x",
    # Long runs (the merge must stay exact past the quadratic-scan threshold).
    "long-letter-run": "a" * 500,
    "long-word-run": "abcdefghij" * 60,
    "long-devanagari-run": "क" * 300,
    "long-space-run": " " * 300 + "x",
    "long-newline-run": "\n" * 200,
    "long-punct-run": "!?" * 200,
    "long-digit-run": "1234567890" * 40,
    "long-base64": "".join(random.Random(7).choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(1200)),
}

# Special-token cases encoded with allowed_special="all".
SPECIAL_CASES = {
    "allowed-endoftext": "hello<|endoftext|>world",
    "allowed-adjacent": "<|endoftext|><|endoftext|> x <|endoftext|>",
    "allowed-ws-boundary": "hello   <|endoftext|>   world\n\n<|endoftext|>\n",
    "allowed-fim": "<|fim_prefix|>def f(<|fim_suffix|>)<|fim_middle|>",
    "allowed-endofprompt": "prompt<|endofprompt|>answer",
}

POOL = (
    list("abcxyzABCXYZ0123456789 \t\n\r'!?.,;:/-_()[]{}<>|\"#$%&*+=@^`~\\")
    + ["'s", "'T", "'LL", "'ve", " ", "  ", "\r\n", "\u00a0", "\u3000", "\u2028", "\u0085"]
    + list("éñüßøДжΣςΩ")
    + ["\u0301", "\u0308", "\u093c", "\u094d", "\u200d", "\u200c", "\u0bcd"]
    + list("नमस्तेकषिश्रीঅআকখতৎதமிழ்తెలుగుമലയാളംગુજરાતીಕನ್ನಡਪੰਜਾਬੀଓଡ଼ିଆاردو")
    + list("日本語テキスト한국어ǅǈⅫ½①٣४१")
    + ["👍", "🏽", "👨\u200d👩", "❤️", "🇮🇳", "\ue000", "\u0378", "\U00010940", "\u1c89", "\ufffd", "\x00", "\x1f", "ſ"]
)


def random_cases(count: int, seed: int = 20261123) -> dict:
    rng = random.Random(seed)
    cases = {}
    for n in range(count):
        length = rng.choice([1, 2, 3, 5, 8, 13, 21, 34, 55, 89])
        cases[f"random-{n:03d}"] = "".join(rng.choice(POOL) for _ in range(length))
    return cases


def corpus_cases() -> dict:
    cases = {}
    folder = ROOT / "Corpora" / "parallel"
    for path in sorted(folder.glob("*.txt")) if folder.exists() else []:
        text = path.read_text(encoding="utf-8")
        cases[f"corpus-{path.stem}-whole"] = text
        for number, line in enumerate(text.split("\n"), start=1):
            if line:
                cases[f"corpus-{path.stem}-line{number:02d}"] = line
    return cases



def shared(mapping):
    """Equal values stored once: returns (name -> index, values). The fixture keeps, per case, each
    distinct expected output once (p50k_base and r50k_base agree on most texts, and so do many of the
    hand-made tokenizers), which the Swift loader expands back."""
    values, index, refs = [], {}, {}
    for name, value in mapping.items():
        key = json.dumps(value, ensure_ascii=False)
        if key not in index:
            index[key] = len(values)
            values.append(value)
        refs[name] = index[key]
    return refs, values

def main() -> None:
    encodings = {name: reference_encoding(name) for name in NAMES}
    cases = []
    for name, text in {**EDGE_CASES, **random_cases(400), **corpus_cases()}.items():
        ids = {enc_name: enc.encode_ordinary(text) for enc_name, enc in encodings.items()}
        for enc_name, enc in encodings.items():
            assert enc.decode_bytes(ids[enc_name]) == text.encode("utf-8"), (name, enc_name)
        refs, lists = shared(ids)
        cases.append({"name": name, "text": text, "allowed_special": "none", "ids": refs, "id_lists": lists})
    for name, text in SPECIAL_CASES.items():
        ids = {}
        for enc_name, enc in encodings.items():
            if all(token in enc.special_tokens_set for token in ("<|fim_prefix|>",)) or "fim" not in name:
                ids[enc_name] = enc.encode(text, allowed_special="all")
        refs, lists = shared(ids)
        cases.append({"name": name, "text": text, "allowed_special": "all", "ids": refs, "id_lists": lists})
    document = {
        "generator": "Tests/TokBPETests/Fixtures/generate_tiktoken_fixtures.py",
        "tiktoken_version": tiktoken.__version__,
        "encodings": NAMES,
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(cases)} cases x {len(NAMES)} encodings, tiktoken {tiktoken.__version__}")


if __name__ == "__main__":
    main()
