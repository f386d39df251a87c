#!/usr/bin/env python3
"""Regenerate models.json (the tokcost model catalogue) from litellm's price file.

Facts (prices, context windows, maximum output) come ONLY from litellm's
`model_prices_and_context_window_backup.json`. What this script adds is the
curated list of model ids, their aliases, and how tokens are counted for each
(exact with a named encoding, or estimated through a proxy encoding and a
correction factor). Those tokenization choices are documented in
Sources/TokEstimate/README.md.

Usage:
    python3 refresh_catalogue.py LITELLM_JSON --litellm-version 1.109.1 \
        [--as-of YYYY-MM-DD] [--output models.json]

Get the file with:
    pip download --no-deps litellm==VERSION -d /tmp/litellm
    cd /tmp/litellm && unzip -o litellm-*.whl 'litellm/model_prices_and_context_window_backup.json'

The script fails (exit status 1) if a curated id is missing from the file or
lacks a price or window; it never invents a number. Aliases are only recorded
when litellm lists them with exactly the same prices and window as the main id.
"""

import argparse
import datetime
import hashlib
import json
import sys

FILE_NAME = "model_prices_and_context_window_backup.json"

# --- How tokens are counted -------------------------------------------------

def exact(encoding):
    return {"method": "exact", "encoding": encoding}


CLAUDE = {
    "method": "estimated", "proxy": "o200k_base", "factor": 1.2, "uncertainty": 0.15,
    "note": "Anthropic publishes no tokenizer and no conversion factor. 1.2 is a rough, commonly "
            "quoted rule of thumb (Claude counts roughly 10-30% more tokens than OpenAI's encodings "
            "on English prose); it is not from an official source and not measured by tokcost. "
            "Non-Latin scripts may differ far more. Anthropic's count_tokens API gives exact numbers.",
}
GEMINI = {
    "method": "estimated", "proxy": "o200k_base", "factor": 1.0, "uncertainty": 0.15,
    "note": "Gemini's SentencePiece tokenizer is not published in a form tokcost reads. "
            "Google documents roughly 4 characters per token for English, the same rule of "
            "thumb as OpenAI, so the factor is 1.0 with a wide uncertainty; not measured by "
            "tokcost. Use the Gemini countTokens API for exact numbers.",
}
MISTRAL = {
    "method": "estimated", "proxy": "o200k_base", "factor": 1.1, "uncertainty": 0.15,
    "note": "Mistral's Tekken tokenizer (~131k vocabulary) is not bundled. Rough rule of "
            "thumb: a slightly smaller vocabulary than o200k_base gives slightly more tokens "
            "on English; not measured by tokcost.",
}
LLAMA3 = {
    "method": "estimated", "proxy": "cl100k_base", "factor": 1.0, "uncertainty": 0.1,
    "note": "Llama 3's 128k vocabulary is cl100k_base's 100k tokens plus 28k extra tokens "
            "for other languages (Meta, 'The Llama 3 Herd of Models'), so cl100k_base is close for "
            "English and over-counts for other scripts, including Indic text.",
}
LLAMA4 = {
    "method": "estimated", "proxy": "o200k_base", "factor": 1.0, "uncertainty": 0.15,
    "note": "Llama 4 uses a new ~200k-token vocabulary that tokcost does not bundle; "
            "o200k_base has a similar size. Rough assumption, not measured by tokcost.",
}
DEEPSEEK = exact("deepseek_v3")

# --- The curated list --------------------------------------------------------
# (our id, litellm key, provider label, tokenization, chat format, [aliases])
# chat format: how messages are wrapped (see ChatOverhead in the Swift code).

CURATED = [
    # OpenAI: encodings as in tiktoken's model table (o200k_base for gpt-4o and
    # later, o-series and gpt-5; cl100k_base for gpt-4, gpt-3.5 and embeddings).
    ("gpt-5", "gpt-5", "openai", exact("o200k_base"), "openai", ["gpt-5-2025-08-07"]),
    ("gpt-5-mini", "gpt-5-mini", "openai", exact("o200k_base"), "openai", ["gpt-5-mini-2025-08-07"]),
    ("gpt-5-nano", "gpt-5-nano", "openai", exact("o200k_base"), "openai", ["gpt-5-nano-2025-08-07"]),
    ("gpt-5-chat-latest", "gpt-5-chat-latest", "openai", exact("o200k_base"), "openai", []),
    ("gpt-5.1", "gpt-5.1", "openai", exact("o200k_base"), "openai", ["gpt-5.1-2025-11-13"]),
    ("gpt-5.2", "gpt-5.2", "openai", exact("o200k_base"), "openai", ["gpt-5.2-2025-12-11"]),
    ("gpt-5.4", "gpt-5.4", "openai", exact("o200k_base"), "openai", ["gpt-5.4-2026-03-05"]),
    ("gpt-5.4-mini", "gpt-5.4-mini", "openai", exact("o200k_base"), "openai", ["gpt-5.4-mini-2026-03-17"]),
    ("gpt-5.4-nano", "gpt-5.4-nano", "openai", exact("o200k_base"), "openai", ["gpt-5.4-nano-2026-03-17"]),
    ("gpt-5.5", "gpt-5.5", "openai", exact("o200k_base"), "openai", ["gpt-5.5-2026-04-23"]),
    ("gpt-4.1", "gpt-4.1", "openai", exact("o200k_base"), "openai", ["gpt-4.1-2025-04-14"]),
    ("gpt-4.1-mini", "gpt-4.1-mini", "openai", exact("o200k_base"), "openai", ["gpt-4.1-mini-2025-04-14"]),
    ("gpt-4.1-nano", "gpt-4.1-nano", "openai", exact("o200k_base"), "openai", ["gpt-4.1-nano-2025-04-14"]),
    ("gpt-4o", "gpt-4o", "openai", exact("o200k_base"), "openai", ["gpt-4o-2024-08-06", "gpt-4o-2024-11-20"]),
    ("gpt-4o-mini", "gpt-4o-mini", "openai", exact("o200k_base"), "openai", ["gpt-4o-mini-2024-07-18"]),
    ("o1", "o1", "openai", exact("o200k_base"), "openai", ["o1-2024-12-17"]),
    ("o3", "o3", "openai", exact("o200k_base"), "openai", ["o3-2025-04-16"]),
    ("o3-mini", "o3-mini", "openai", exact("o200k_base"), "openai", ["o3-mini-2025-01-31"]),
    ("o4-mini", "o4-mini", "openai", exact("o200k_base"), "openai", ["o4-mini-2025-04-16"]),
    ("gpt-4-turbo", "gpt-4-turbo", "openai", exact("cl100k_base"), "openai", ["gpt-4-turbo-2024-04-09"]),
    ("gpt-4", "gpt-4", "openai", exact("cl100k_base"), "openai", ["gpt-4-0613"]),
    ("gpt-3.5-turbo", "gpt-3.5-turbo", "openai", exact("cl100k_base"), "openai", ["gpt-3.5-turbo-0125"]),
    ("text-embedding-3-small", "text-embedding-3-small", "openai", exact("cl100k_base"), "none", []),
    ("text-embedding-3-large", "text-embedding-3-large", "openai", exact("cl100k_base"), "none", []),
    ("text-embedding-ada-002", "text-embedding-ada-002", "openai", exact("cl100k_base"), "none", []),
    # Anthropic
    ("claude-opus-4-7", "claude-opus-4-7", "anthropic", CLAUDE, "anthropic", ["claude-opus-4-7-20260416"]),
    ("claude-opus-4-6", "claude-opus-4-6", "anthropic", CLAUDE, "anthropic", ["claude-opus-4-6-20260205"]),
    ("claude-opus-4-5", "claude-opus-4-5", "anthropic", CLAUDE, "anthropic", ["claude-opus-4-5-20251101"]),
    ("claude-sonnet-4-6", "claude-sonnet-4-6", "anthropic", CLAUDE, "anthropic", []),
    ("claude-sonnet-4-5", "claude-sonnet-4-5", "anthropic", CLAUDE, "anthropic", ["claude-sonnet-4-5-20250929"]),
    ("claude-haiku-4-5", "claude-haiku-4-5", "anthropic", CLAUDE, "anthropic", ["claude-haiku-4-5-20251001"]),
    # Google Gemini (Gemini API prices, litellm provider "gemini")
    ("gemini-2.5-pro", "gemini/gemini-2.5-pro", "google", GEMINI, "gemini", []),
    ("gemini-2.5-flash", "gemini/gemini-2.5-flash", "google", GEMINI, "gemini", []),
    ("gemini-2.5-flash-lite", "gemini/gemini-2.5-flash-lite", "google", GEMINI, "gemini", []),
    ("gemini-3.1-pro-preview", "gemini/gemini-3.1-pro-preview", "google", GEMINI, "gemini", []),
    ("gemini-3-flash-preview", "gemini/gemini-3-flash-preview", "google", GEMINI, "gemini", []),
    # DeepSeek: exact once the deepseek_v3 tokenizer.json ships.
    ("deepseek-chat", "deepseek-chat", "deepseek", DEEPSEEK, "openai", []),
    ("deepseek-reasoner", "deepseek-reasoner", "deepseek", DEEPSEEK, "openai", []),
    # Mistral (La Plateforme)
    ("mistral-large-latest", "mistral/mistral-large-latest", "mistral", MISTRAL, "mistral", []),
    ("mistral-medium-latest", "mistral/mistral-medium-latest", "mistral", MISTRAL, "mistral", []),
    ("mistral-small-latest", "mistral/mistral-small-latest", "mistral", MISTRAL, "mistral", []),
    ("codestral-latest", "mistral/codestral-latest", "mistral", MISTRAL, "mistral", []),
    ("ministral-8b-latest", "mistral/ministral-8b-latest", "mistral", MISTRAL, "mistral", []),
    ("open-mistral-nemo", "mistral/open-mistral-nemo", "mistral", MISTRAL, "mistral", []),
    # Meta Llama, served by Together AI
    ("llama-3.3-70b-instruct-turbo", "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo",
     "together_ai", LLAMA3, "llama", []),
    ("llama-3.1-8b-instruct-turbo", "together_ai/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
     "together_ai", LLAMA3, "llama", []),
    ("llama-4-scout-17b-16e-instruct", "together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct",
     "together_ai", LLAMA4, "llama", []),
]


def fail(msg):
    print(f"refresh_catalogue.py: {msg}", file=sys.stderr)
    sys.exit(1)


def per_million(value):
    if value is None:
        return None
    # Round away binary noise (2.5e-06 * 1e6 = 2.4999999999999996).
    return round(float(value) * 1_000_000, 9)


def facts(key, entry):
    window = entry.get("max_input_tokens") or entry.get("max_tokens")
    if not isinstance(window, int) or window <= 0:
        fail(f"{key}: no usable max_input_tokens/max_tokens ({window!r})")
    if entry.get("input_cost_per_token") is None:
        fail(f"{key}: no input_cost_per_token")
    out = entry.get("max_output_tokens")
    mode = entry.get("mode", "chat")
    price = {
        "input_per_million": per_million(entry.get("input_cost_per_token")),
        "cached_input_per_million": per_million(entry.get("cache_read_input_token_cost")),
        "output_per_million": per_million(entry.get("output_cost_per_token")) or 0.0,
    }
    return window, out, mode, price


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("litellm_json")
    ap.add_argument("--litellm-version", required=True)
    ap.add_argument("--as-of", default=datetime.date.today().isoformat(),
                    help="date the litellm file was retrieved (default: today)")
    ap.add_argument("--output", default="models.json")
    args = ap.parse_args()

    raw = open(args.litellm_json, "rb").read()
    digest = hashlib.sha256(raw).hexdigest()
    data = json.loads(raw)
    origin = f"litellm {args.litellm_version} {FILE_NAME}"

    models = []
    for (mid, key, provider, tokenization, chat, aliases) in CURATED:
        if key not in data:
            fail(f"{key}: not in {args.litellm_json}")
        window, out, mode, price = facts(key, data[key])
        kept_aliases = []
        if key != mid:
            kept_aliases.append(key)
        for alias in aliases:
            if alias not in data:
                print(f"note: alias {alias} of {mid} not in litellm; skipped", file=sys.stderr)
                continue
            if facts(alias, data[alias]) != (window, out, mode, price):
                print(f"note: alias {alias} of {mid} has different facts; skipped", file=sys.stderr)
                continue
            kept_aliases.append(alias)
        models.append({
            "id": mid,
            "provider": provider,
            "aliases": kept_aliases,
            "mode": mode,
            "context_window": window,
            "max_output": out,
            "price": price,
            "tokenization": tokenization,
            "chat_format": chat,
            "source": f"{origin} entry \"{key}\"",
            "as_of": args.as_of,
        })

    catalogue = {
        "format": "tokcost-catalogue",
        "version": 1,
        "as_of": args.as_of,
        "source": f"{origin} (sha256 {digest}); tokenization choices curated in refresh_catalogue.py",
        "models": models,
    }
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(catalogue, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"wrote {len(models)} models to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
