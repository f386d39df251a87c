#!/usr/bin/env bash
# Reproduces the OpenAI BPE vocabularies shipped in this folder from the PyPI wheel that carries them
# (litellm), and checks every file against the sha256 that tiktoken itself expects.
# Usage: bash Vocabularies/fetch_vocabularies.sh [LITELLM_VERSION]   (default: 1.109.1)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version="${1:-1.109.1}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --dest "$work" "litellm==$version"
wheel="$(ls "$work"/litellm-*.whl)"
( cd "$work" && python3 -m zipfile -e "$wheel" unpacked >/dev/null )
src="$work/unpacked/litellm/litellm_core_utils/tokenizers"

# name, file in the wheel, sha256 expected by tiktoken (tiktoken_ext/openai_public.py)
copy() {
  local name="$1" file="$2" want="$3"
  cp "$src/$file" "$here/$name.tiktoken"
  local got; got="$(sha256sum "$here/$name.tiktoken" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then echo "sha256 mismatch for $name: $got != $want" >&2; exit 1; fi
  echo "$name.tiktoken  sha256 $got  ok"
}
copy o200k_base  fb374d419588a4632f3f557e76b4b70aebbca790 446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d
copy cl100k_base 9b5ad71b2ce5302211f9c61530b329a4922fc6a4 223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7
copy p50k_base   ec7223a39ce59f226a68acc30dc1af2788490e15 94b5ca7dff4d00767bc256fdd1b27e5b17361d7b8a5f968547f9f23eb70d2069

# r50k_base is exactly the p50k_base lines with rank < 50256.
awk '$2 < 50256' "$here/p50k_base.tiktoken" > "$here/r50k_base.tiktoken"
want=306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930
got="$(sha256sum "$here/r50k_base.tiktoken" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then echo "sha256 mismatch for r50k_base: $got != $want" >&2; exit 1; fi
echo "r50k_base.tiktoken  sha256 $got  ok"

# The DeepSeek-V3 Hugging Face tokenizer (MIT) and its licence, checked against the files of litellm 1.109.1.
mkdir -p "$here/deepseek_v3"
copy_checked() {
  local from="$1" to="$2" want="$3"
  cp "$src/$from" "$here/$to"
  local got; got="$(sha256sum "$here/$to" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then echo "sha256 mismatch for $to: $got != $want" >&2; exit 1; fi
  echo "$to  sha256 $got  ok"
}
copy_checked deepseek_tokenizer.json deepseek_v3/tokenizer.json 4607b3d1929c5ca263a81d7153c6d6ecdbc71c9e933c0fb2df2abf181bf6df61
copy_checked deepseek_tokenizer_LICENSE deepseek_v3/LICENSE f2c6c602815669d292889e5be8c802f2ed950653b77999b1584e8e6aed25d040
