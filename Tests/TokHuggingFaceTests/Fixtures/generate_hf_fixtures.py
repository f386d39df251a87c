#!/usr/bin/env python3
"""Generates the Hugging Face parity fixtures: small hand-made tokenizer.json files and hf_parity.json,
the ids Hugging Face `tokenizers` gives for every case under every tokenizer.

Usage (from the repository root; needs `pip install tokenizers tiktoken`, no network):
    python3 Tests/TokHuggingFaceTests/Fixtures/generate_hf_fixtures.py

Cases are the tiktoken fixture texts (EDGE_CASES, SPECIAL_CASES, the seeded random cases and every line
of Corpora/parallel, imported from Tests/TokBPETests/Fixtures/generate_tiktoken_fixtures.py) plus
cases for the added tokens of each tokenizer. For each case and tokenizer it records
`encode(text, add_special_tokens=False).ids` ("ids") and the same with `encode_special_tokens=True`
("ordinary", what tokcost's encodeOrdinary/count return).

Tokenizers:
  deepseek_v3   Vocabularies/deepseek_v3/tokenizer.json (shipped)
  anthropic     the older Claude tokenizer from the litellm wheel (not shipped: its ids are recorded only
                if the file is found at $TOKCOST_ANTHROPIC_TOKENIZER or /tmp/litellm/…; the Swift test
                skips it when the file is absent)
  hand-made     small tokenizers written by this script into Fixtures/tokenizers/: SentencePiece-style
                Metaspace + byte_fallback (Llama 2 / Mistral / Gemma), the legacy Llama 2 layout
                (Prepend + Replace normalizers), Split with every behaviour and invert, Digits,
                Whitespace, WhitespaceSplit, normalizers, subword prefix / end-of-word suffix, added
                tokens with single_word / lstrip / rstrip / normalized, ignore_merges.
"""
import json
import os
import sys
from pathlib import Path

from tokenizers import Tokenizer, __version__ as tokenizers_version
from tokenizers.models import BPE
from tokenizers.trainers import BpeTrainer
from tokenizers import pre_tokenizers as pt, normalizers as nm, decoders as dc

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "TokBPETests" / "Fixtures"))
import generate_tiktoken_fixtures as tt  # noqa: E402

OUT = HERE / "hf_parity.json"
SMALL = HERE / "tokenizers"
ANTHROPIC_DEFAULT = "/tmp/litellm/litellm/litellm_core_utils/tokenizers/anthropic_tokenizer.json"

TRAIN_TEXT = []
for path in sorted((ROOT / "Corpora" / "parallel").glob("*.txt")):
    TRAIN_TEXT += [line for line in path.read_text(encoding="utf-8").split("\n") if line]
TRAIN_TEXT += list(tt.EDGE_CASES.values())[:60]

BYTE_TOKENS = [f"<0x{b:02X}>" for b in range(256)]


def train(pre_tokenizer, normalizer=None, vocab_size=700, byte_fallback=False, unk="<unk>", fuse_unk=False,
          prefix=None, suffix=None, limit_alphabet=None, specials=("<unk>", "<s>", "</s>")):
    options = dict(byte_fallback=byte_fallback, fuse_unk=fuse_unk)
    for key, value in (("unk_token", unk), ("continuing_subword_prefix", prefix), ("end_of_word_suffix", suffix)):
        if value is not None:
            options[key] = value
    model = BPE(**options)
    tok = Tokenizer(model)
    if normalizer is not None:
        tok.normalizer = normalizer
    if pre_tokenizer is not None:
        tok.pre_tokenizer = pre_tokenizer
    kwargs = dict(vocab_size=vocab_size, special_tokens=list(specials) + (BYTE_TOKENS if byte_fallback else []),
                  show_progress=False)
    if limit_alphabet is not None:
        kwargs["limit_alphabet"] = limit_alphabet
    if prefix is not None:
        kwargs["continuing_subword_prefix"] = prefix
    if suffix is not None:
        kwargs["end_of_word_suffix"] = suffix
    if isinstance(pre_tokenizer, pt.ByteLevel) or (pre_tokenizer is not None and "ByteLevel" in pre_tokenizer.__class__.__name__):
        kwargs["initial_alphabet"] = pt.ByteLevel.alphabet()
    tok.train_from_iterator(TRAIN_TEXT, BpeTrainer(**kwargs))
    doc = json.loads(tok.to_str())
    if byte_fallback:
        # In Llama-style files the byte tokens are ordinary vocabulary entries, not added tokens.
        doc["added_tokens"] = [t for t in doc["added_tokens"] if t["content"] not in BYTE_TOKENS]
    return doc


def bytelevel_base(**kw):
    return train(pt.ByteLevel(add_prefix_space=False), vocab_size=800, unk=None, specials=("<|endoftext|>",), **kw)


def hand_made() -> dict:
    docs = {}
    # SentencePiece style as Mistral / Llama 2 (new files): Metaspace(first, no split) + byte_fallback.
    sp = train(pt.Metaspace(replacement="\u2581", prepend_scheme="first", split=False), byte_fallback=True,
               fuse_unk=True, limit_alphabet=120, vocab_size=900)
    sp["decoder"] = {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
        {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
    docs["sp_metaspace_bytefallback"] = sp
    # The same vocabulary in the legacy Llama 2 layout: Prepend + Replace normalizers, no pre-tokenizer.
    legacy = json.loads(json.dumps(sp))
    legacy["normalizer"] = {"type": "Sequence", "normalizers": [
        {"type": "Prepend", "prepend": "\u2581"}, {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]}
    legacy["pre_tokenizer"] = None
    docs["sp_legacy_llama2"] = legacy
    # Metaspace with split=True and prepend_scheme=always (older Metaspace files), unk without fusing,
    # no byte fallback.
    ms = train(pt.Metaspace(replacement="\u2581", prepend_scheme="always", split=True), limit_alphabet=90,
               vocab_size=600)
    ms["decoder"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
    docs["metaspace_split_unk"] = ms
    # Byte-level with a Split sequence exercising every behaviour, invert and a String pattern.
    base = bytelevel_base()
    for behavior in ["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"]:
        for invert in [False, True]:
            d = json.loads(json.dumps(base))
            d["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"String": "-"}, "behavior": behavior, "invert": invert},
                {"type": "Split", "pattern": {"Regex": r"\s+|\p{P}"}, "behavior": behavior, "invert": invert},
                {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
            docs[f"split_{behavior.lower()}{'_invert' if invert else ''}"] = d
    # GPT-2 layout: ByteLevel with its regex and add_prefix_space, Digits, NFKC + Lowercase + Strip.
    g = json.loads(json.dumps(base))
    g["normalizer"] = {"type": "Sequence", "normalizers": [
        {"type": "NFKC"}, {"type": "Lowercase"}, {"type": "Strip", "strip_left": True, "strip_right": True},
        {"type": "Replace", "pattern": {"Regex": r"\d{4,}"}, "content": "#"}]}
    g["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Digits", "individual_digits": True},
        {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}]}
    g["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    docs["bytelevel_prefix_digits_nfkc"] = g
    # Qwen2 / Llama 3 style: Split with their regex, ByteLevel without regex, ignore_merges.
    l3 = json.loads(json.dumps(base))
    l3["normalizer"] = {"type": "NFC"}
    l3["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Split", "pattern": {"Regex": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"},
         "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    l3["model"]["ignore_merges"] = True
    l3["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    docs["llama3_style_ignore_merges"] = l3
    # Qwen2 style: the same with one digit per piece, no ignore_merges, NFC.
    q2 = json.loads(json.dumps(l3))
    q2["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = (
        r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
    q2["model"]["ignore_merges"] = False
    docs["qwen2_style"] = q2
    # Falcon style: Punctuation, then ByteLevel with its regex *before* Digits and a Split, which
    # therefore see the byte-level alphabet.
    fa = json.loads(json.dumps(base))
    fa["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "Punctuation", "behavior": "Contiguous"},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        {"type": "Digits", "individual_digits": False},
        {"type": "Split", "pattern": {"Regex": "[0-9][0-9][0-9]"}, "behavior": "Isolated", "invert": False}]}
    fa["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    docs["falcon_style"] = fa
    # BLOOM style: a Split regex with a class nested in a class, then ByteLevel without regex; and a
    # CharDelimiterSplit in front.
    bl = json.loads(json.dumps(base))
    bl["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        {"type": "CharDelimiterSplit", "delimiter": "|"},
        {"type": "Split", "pattern": {"Regex": " ?[^(\\s|[.,!?…。，、।۔،])]+"}, "behavior": "Isolated", "invert": False},
        {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}]}
    bl["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    docs["bloom_style_chardelimiter"] = bl
    # Whitespace / WhitespaceSplit with a classic end-of-word suffix and a subword prefix model.
    ws = train(pt.Whitespace(), normalizer=nm.NFKD(), vocab_size=700, suffix="</w>", limit_alphabet=150)
    ws["decoder"] = {"type": "BPEDecoder", "suffix": "</w>"}
    docs["whitespace_suffix"] = ws
    wss = train(pt.WhitespaceSplit(), normalizer=nm.NFD(), vocab_size=700, prefix="##", limit_alphabet=150,
                fuse_unk=True)
    docs["whitespacesplit_prefix"] = wss
    # Added tokens with every flag, on a byte-level model with a lowercasing normalizer.
    at = json.loads(json.dumps(base))
    at["normalizer"] = {"type": "Lowercase"}
    at["pre_tokenizer"] = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    at["decoder"] = {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True}
    next_id = max(at["model"]["vocab"].values()) + 1
    for content, special, single, lstrip, rstrip, normalized in [
        ("<mask>", True, False, True, False, False),
        ("<sep>", True, False, False, True, False),
        ("[WORD]", False, True, False, False, False),
        ("Hello", False, False, False, False, True),
        ("world", False, True, True, True, True),
        ("<|endoftext|>", True, False, False, False, False),
        ("ab", False, False, False, False, False),
        ("abc", False, False, False, False, False),
    ]:
        existing = next((t for t in at["added_tokens"] if t["content"] == content), None)
        if existing:
            existing.update(special=special, single_word=single, lstrip=lstrip, rstrip=rstrip, normalized=normalized)
            continue
        at["added_tokens"].append({"id": next_id, "content": content, "single_word": single, "lstrip": lstrip,
                                   "rstrip": rstrip, "normalized": normalized, "special": special})
        next_id += 1
    docs["added_token_flags"] = at
    return docs


EXTRA_CASES = {
    "deepseek-specials": "<｜begin▁of▁sentence｜>hello<｜end▁of▁sentence｜> <｜fim▁hole｜>x<｜fim▁begin｜>y<｜fim▁end｜>",
    "deepseek-specials-nested": "<<｜begin▁of▁sentence｜>> <｜User｜>hi<｜Assistant｜><think>\nok</think>",
    "added-flags-1": "Say <mask> and <sep>   then [WORD] x[WORD] [WORD]y HELLO Hello hello world  World worldly",
    "added-flags-2": "   <mask>   <mask><sep>  <sep>\n[WORD]\n abcab abcd ab c <|endoftext|>x",
    "split-dashes": "the-final--countdown - -- a-b-c --x- 1-2 e-mail",
    "digits-mixed": "abc123def 4567 ٣٤٥ 1 22 333 4444 55555",
    "unknown-chars": "zebra 🦓 ℤ ∮ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ok",
}


def wanted(tokenizer: str, case_name: str) -> bool:
    """Keeps the fixture small: the real tokenizers get every case; the hand-made ones skip the whole-file
    corpus cases (their lines are cases already), and the Split-behaviour variants skip the corpus."""
    if tokenizer in ("deepseek_v3", "anthropic"):
        return True
    if case_name.endswith("-whole"):
        return False
    if tokenizer.startswith("split_") and tokenizer != "split_isolated" and case_name.startswith("corpus-"):
        return False
    return True




def main() -> None:
    SMALL.mkdir(exist_ok=True)
    tokenizers = {"deepseek_v3": ROOT / "Vocabularies" / "deepseek_v3" / "tokenizer.json"}
    anthropic = Path(os.environ.get("TOKCOST_ANTHROPIC_TOKENIZER", ANTHROPIC_DEFAULT))
    if anthropic.exists():
        tokenizers["anthropic"] = anthropic
    for name, doc in hand_made().items():
        path = SMALL / f"{name}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tokenizers[name] = path
    loaded = {name: Tokenizer.from_file(str(path)) for name, path in tokenizers.items()}
    texts = {**tt.EDGE_CASES, **tt.SPECIAL_CASES, **EXTRA_CASES, **tt.random_cases(400), **tt.corpus_cases()}
    cases = []
    for case_name, text in texts.items():
        ids, ordinary = {}, {}
        for name, tok in loaded.items():
            if not wanted(name, case_name):
                continue
            tok.encode_special_tokens = False
            ids[name] = tok.encode(text, add_special_tokens=False).ids
            tok.encode_special_tokens = True
            ordinary[name] = tok.encode(text, add_special_tokens=False).ids
            tok.encode_special_tokens = False
        entry = {"name": case_name, "text": text}
        entry["ids"], entry["id_lists"] = tt.shared(ids)
        # Only store "ordinary" where it differs from "ids" (special-token text present).
        diff = {k: v for k, v in ordinary.items() if v != ids[k]}
        if diff:
            entry["ordinary"], entry["ordinary_lists"] = tt.shared(diff)
        # Decoded text, stored only where it is not the input itself (lowercasing, unknown tokens, …).
        decoded = {}
        for name, tok in loaded.items():
            if name not in ids:
                continue
            text_back = tok.decode(ids[name], skip_special_tokens=False)
            if text_back != text:
                decoded[name] = text_back
        if decoded:
            entry["decoded"], entry["decoded_texts"] = tt.shared(decoded)
        cases.append(entry)
    document = {
        "generator": "Tests/TokHuggingFaceTests/Fixtures/generate_hf_fixtures.py",
        "tokenizers_version": tokenizers_version,
        "tokenizers": {name: (str(path.relative_to(ROOT)) if name != "anthropic" else "anthropic_tokenizer.json")
                       for name, path in tokenizers.items()},
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(cases)} cases x {len(tokenizers)} tokenizers, tokenizers {tokenizers_version}")


if __name__ == "__main__":
    main()
