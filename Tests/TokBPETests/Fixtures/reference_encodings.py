"""tiktoken encodings built from the vocabularies shipped in Vocabularies/ (no network).

Patterns and special tokens are taken from tiktoken's own constructors (tiktoken_ext.openai_public),
only the ranks file is pointed at our local copy; the sha256 is checked as tiktoken does.
"""
from pathlib import Path

import tiktoken
import tiktoken_ext.openai_public as openai_public
from tiktoken.load import load_tiktoken_bpe

VOCABULARIES = Path(__file__).resolve().parents[3] / "Vocabularies"

EXPECTED_SHA256 = {
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "p50k_base": "94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069",
    "r50k_base": "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930",
}

NAMES = list(EXPECTED_SHA256)


def reference_encoding(name: str) -> tiktoken.Encoding:
    """The tiktoken Encoding `name`, loaded from Vocabularies/NAME.tiktoken."""
    original = openai_public.load_tiktoken_bpe
    path = str(VOCABULARIES / f"{name}.tiktoken")
    # Redirect the constructor's download to our local file, keeping its hash check.
    openai_public.load_tiktoken_bpe = lambda _url, expected_hash=None: load_tiktoken_bpe(path, expected_hash)
    try:
        spec = openai_public.ENCODING_CONSTRUCTORS[name]()
    finally:
        openai_public.load_tiktoken_bpe = original
    return tiktoken.Encoding(**spec)
