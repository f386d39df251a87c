// The classes of a block's non-ASCII characters as bit masks, for the block pre-tokenizers
// (tok_piece_starts.h). Written by hand.
#include "tok_categories.h"

/// Bit masks of the UTF-8 byte kinds of the 64 bytes at `p`: continuation bytes (80..BF) and the first
/// bytes of two-byte (C0..DF), three-byte (E0..EF) and four-byte (F0..FF) sequences.
typedef struct { uint64_t continuations, lead2, lead3, lead4; } byte_kinds;

static inline byte_kinds kinds_of(const uint8_t *p) {
    byte_kinds k = {0, 0, 0, 0};
#if defined(__SSE2__)
    // As signed bytes: 80..BF are -128..-65, C0..DF -64..-33, E0..EF -32..-17, F0..FF -16..-1.
    for (int i = 0; i < 4; i++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
        const uint64_t below_c0 = (uint16_t)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
        const uint64_t from_c0 = (uint16_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(-65)));
        const uint64_t from_e0 = (uint16_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(-33)));
        const uint64_t from_f0 = (uint16_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_set1_epi8(-17)));
        const uint64_t negative = (uint16_t)_mm_movemask_epi8(v);
        k.continuations |= below_c0 << (16 * i);
        k.lead2 |= (from_c0 & ~from_e0 & negative) << (16 * i);
        k.lead3 |= (from_e0 & ~from_f0 & negative) << (16 * i);
        k.lead4 |= (from_f0 & negative) << (16 * i);
    }
#else
    for (int i = 0; i < 64; i++) {
        const uint8_t b = p[i];
        const uint64_t bit = (uint64_t)1 << i;
        if (b >= 0x80 && b < 0xC0) k.continuations |= bit;
        else if (b >= 0xC0 && b < 0xE0) k.lead2 |= bit;
        else if (b >= 0xE0 && b < 0xF0) k.lead3 |= bit;
        else if (b >= 0xF0) k.lead4 |= bit;
    }
#endif
    return k;
}

/// The class of the two- or four-byte sequence at `p` (lead byte `b0`), or TOK_CLASS_NOT_THREE_BYTE if
/// it is not well-formed (its continuation bytes are known to be 80..BF).
static uint8_t class_of_other_length(const uint8_t *p, uint8_t b0) {
    if (b0 < 0xE0) {
        if (b0 < 0xC2) return TOK_CLASS_NOT_THREE_BYTE;  // an overlong form
        return tok_category(((uint32_t)(b0 & 0x1F) << 6) | (p[1] & 0x3F));
    }
    if (b0 > 0xF4 || (b0 == 0xF0 && p[1] < 0x90) || (b0 == 0xF4 && p[1] > 0x8F)) return TOK_CLASS_NOT_THREE_BYTE;
    return tok_category(((uint32_t)(b0 & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) | ((uint32_t)(p[2] & 0x3F) << 6)
                        | (p[3] & 0x3F));
}

/// All ones for the letter classes (`\p{L}`: TOK_CLASS_UPPER, _LOWER, _OTHER_LETTER), zero for the rest and
/// for TOK_CLASS_NOT_THREE_BYTE: a load instead of shifts by the class.
static const uint64_t letter_masks[256] = {[TOK_CLASS_UPPER] = ~(uint64_t)0, [TOK_CLASS_LOWER] = ~(uint64_t)0,
                                           [TOK_CLASS_OTHER_LETTER] = ~(uint64_t)0};
/// All ones for punctuation (`[^\s\p{L}\p{N}]`: TOK_CLASS_OTHER and TOK_CLASS_MARK).
static const uint64_t punctuation_masks[256] = {[TOK_CLASS_OTHER] = ~(uint64_t)0, [TOK_CLASS_MARK] = ~(uint64_t)0};
/// All ones for numbers (`\p{N}`).
static const uint64_t number_masks[256] = {[TOK_CLASS_NUMBER] = ~(uint64_t)0};

#if defined(TOK_HAVE_AVX512_MASKS)
/// Whether the processor has AVX-512 VBMI as well as what `tok_cpu_has_avx512bw` asks for (every
/// processor with VBMI2 has it). Asked once per process.
static int has_avx512vbmi(void) {
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value >= 0) return value;
    unsigned a = 0, b = 0, c = 0, d = 0;
    value = tok_cpu_has_avx512bw() && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (c & bit_AVX512VBMI);
    __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    return value;
}

/// `tok_nonascii_masks` for the common block of text in one of the Indic scripts: every character
/// outside ASCII three bytes long, well-formed, and in one or two aligned runs of 128 code points (a
/// Unicode block: Devanagari U+0900-097F, Bengali U+0980-09FF, Tamil U+0B80-0BFF, Telugu U+0C00-0C7F,
/// ...). A run's 128 classes are two 64-byte rows of the table of every three-byte scalar, so one
/// two-table byte permutation (VBMI) per run classifies the block's characters at once, instead of a
/// load and two dependent steps per character. Returns 0 for any other block (the caller then
/// classifies it character by character).
__attribute__((target("avx512f,avx512bw,avx512vbmi"))) static int masks_by_permutation(const uint8_t *p, const uint8_t *classes,
                                                                                      tok_nonascii_masks64 *out) {
    const __m512i v0 = _mm512_loadu_si512((const void *)p);
    const __m512i v1 = _mm512_loadu_si512((const void *)(p + 1));
    const __m512i v2 = _mm512_loadu_si512((const void *)(p + 2));
    const uint64_t continuations = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v0, _mm512_set1_epi8((char)0xC0)), _mm512_set1_epi8((char)0x80));
    const uint64_t lead3 = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v0, _mm512_set1_epi8((char)0xF0)), _mm512_set1_epi8((char)0xE0));
    const uint64_t nonASCII = _mm512_movepi8_mask(v0);
    // Only three-byte sequences, each with its two continuation bytes and nothing else.
    if (lead3 == 0 || (nonASCII & ~(lead3 | continuations)) != 0 || ((lead3 << 1) | (lead3 << 2)) != continuations) return 0;
    // Each position's index in a run of 128 code points: the last bit of the byte after it, then the
    // low six bits of the byte after that (meaningful where a character starts).
    const __m512i index = _mm512_or_si512(_mm512_and_si512(v2, _mm512_set1_epi8(0x3F)),
                                          _mm512_maskz_mov_epi8(_mm512_test_epi8_mask(v1, _mm512_set1_epi8(1)), _mm512_set1_epi8(0x40)));
    // The characters of the first one's run of 128 code points, then of one other run (Bengali text
    // takes its danda from Devanagari's; quotes and ZWJ come from General Punctuation).
    __m512i cls = _mm512_setzero_si512();
    uint64_t left = lead3;
    for (int run = 0; run < 2 && left != 0; run++) {
        const int first = __builtin_ctzll(left);
        const uint8_t b0 = p[first], b1 = p[first + 1] & 0xFE;
        const uint64_t same = left & _mm512_cmpeq_epi8_mask(v0, _mm512_set1_epi8((char)b0))
            & _mm512_cmpeq_epi8_mask(_mm512_and_si512(v1, _mm512_set1_epi8((char)0xFE)), _mm512_set1_epi8((char)b1));
        const uint8_t *row = classes + ((int32_t)(((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(b1 & 0x3F) << 6)) - 0x10000);
        const __m512i low = _mm512_loadu_si512((const void *)row), high = _mm512_loadu_si512((const void *)(row + 64));
        cls = _mm512_mask_mov_epi8(cls, same, _mm512_permutex2var_epi8(low, index, high));
        left &= ~same;
    }
    if (left != 0) return 0;
    // A character that runs past the block must have its continuation bytes there too.
    const int last = 63 - __builtin_clzll(lead3);
    if (last >= 62 && ((p[64] & 0xC0) != 0x80 || (last == 63 && (p[65] & 0xC0) != 0x80))) return 0;
    // Letters: classes 1 to 3; punctuation: other (0) and marks (4); numbers (5); anything else (white
    // space, TOK_CLASS_NOT_THREE_BYTE) ends what is settled.
    const uint64_t letters = lead3 & _mm512_cmplt_epu8_mask(_mm512_sub_epi8(cls, _mm512_set1_epi8(1)), _mm512_set1_epi8(3));
    const uint64_t punctuation = lead3 & (_mm512_cmpeq_epi8_mask(cls, _mm512_setzero_si512()) | _mm512_cmpeq_epi8_mask(cls, _mm512_set1_epi8(4)));
    const uint64_t numbers = lead3 & _mm512_cmpeq_epi8_mask(cls, _mm512_set1_epi8(5));
    const uint64_t unsettled = lead3 & ~(letters | punctuation | numbers);
    const int64_t end = unsettled ? __builtin_ctzll(unsettled) : 64;
    const uint64_t below = end == 64 ? ~(uint64_t)0 : ((uint64_t)1 << end) - 1;
    out->letters = (letters | letters << 1 | letters << 2) & below;
    out->punctuation = (punctuation | punctuation << 1 | punctuation << 2) & below;
    out->numbers = (numbers | numbers << 1 | numbers << 2) & below;
    out->continuations = continuations & below;
    out->end = end;
    return 1;
}
#endif

tok_nonascii_masks64 tok_nonascii_masks(const uint8_t *p) {
#if defined(TOK_HAVE_AVX512_MASKS)
    if (has_avx512vbmi()) {
        tok_nonascii_masks64 m;
        if (masks_by_permutation(p, tok_byte_classes(), &m)) return m;
    }
#endif
    const byte_kinds kinds = kinds_of(p);
    const uint64_t leads = kinds.lead2 | kinds.lead3 | kinds.lead4;
    // Where each sequence's continuation bytes must be, against where they are: the first mismatch
    // (a sequence cut short, a stray continuation byte) ends what is classified, at the first byte
    // of the sequence it belongs to.
    const uint64_t second = leads << 1, third = (kinds.lead3 | kinds.lead4) << 2, fourth = kinds.lead4 << 3;
    const uint64_t expected = second | third | fourth;
    int64_t end = 64;
    const uint64_t mismatched = expected ^ kinds.continuations;
    if (mismatched != 0) {
        const int j = __builtin_ctzll(mismatched);
        // A continuation byte missing at `j`: its sequence starts at the last first byte before `j`.
        const uint64_t leadsBefore = leads & (((uint64_t)1 << j) - 1);
        end = ((expected >> j) & 1) && leadsBefore ? 63 - __builtin_clzll(leadsBefore) : j;
    }
    if (leads != 0) {
        // Only the last sequence can run past the block: its bytes from 64 on must be continuation
        // bytes too (its class would otherwise come from bytes that are not part of it).
        const int last = 63 - __builtin_clzll(leads);
        const int length = ((kinds.lead4 >> last) & 1) ? 4 : ((kinds.lead3 >> last) & 1) ? 3 : 2;
        for (int i = 64; i < last + length; i++) {
            if ((p[i] & 0xC0) != 0x80 && last < end) end = last;
        }
    }
    const uint64_t settledLeads = end == 64 ? leads : leads & (((uint64_t)1 << end) - 1);
    // The class of each character, from its first byte's position; letters, punctuation and numbers
    // kept as masks of first bytes in registers, without a branch on the class (in Indic text letters
    // and marks alternate as good as randomly).
    const uint8_t *classes = tok_byte_classes();
    uint64_t letters = 0, punctuation = 0, numbers = 0;
    for (uint64_t left = settledLeads; left != 0; left &= left - 1) {
        const int k = __builtin_ctzll(left);
        const uint8_t b0 = p[k];
        uint8_t cls;
        if ((b0 & 0xF0) == 0xE0) {
            // The Indic scripts and CJK: one load from the table of every three-byte scalar.
            cls = classes[(int32_t)(((uint32_t)(b0 & 0x0F) << 12) | ((uint32_t)(p[k + 1] & 0x3F) << 6) | (p[k + 2] & 0x3F)) - 0x10000];
        } else {
            cls = class_of_other_length(p + k, b0);
        }
        const uint64_t bit = left & (0 - left);
        letters |= bit & letter_masks[cls];
        punctuation |= bit & punctuation_masks[cls];
        numbers |= bit & number_masks[cls];
    }
    // White space outside ASCII (the white-space rules look past a run), numbers of other than three
    // bytes (`\p{N}{1,3}` counts characters: the caller steps through runs of three-byte ones) and
    // sequences that are not well-formed end what the masks settle.
    numbers &= kinds.lead3;
    const uint64_t unsettled = settledLeads & ~(letters | punctuation | numbers);
    if (unsettled != 0) end = __builtin_ctzll(unsettled);
    const uint64_t below = end == 64 ? ~(uint64_t)0 : ((uint64_t)1 << end) - 1;
    // From first bytes to every byte of their characters (bits past 63 fall off).
    const uint64_t two = leads, three = kinds.lead3 | kinds.lead4, four = kinds.lead4;
#define TOK_WHOLE_CHARACTERS(x) ((x) | (((x) & two) << 1) | (((x) & three) << 2) | (((x) & four) << 3))
    tok_nonascii_masks64 m;
    m.letters = TOK_WHOLE_CHARACTERS(letters) & below;
    m.punctuation = TOK_WHOLE_CHARACTERS(punctuation) & below;
    m.numbers = TOK_WHOLE_CHARACTERS(numbers) & below;
#undef TOK_WHOLE_CHARACTERS
    m.continuations = kinds.continuations & below;
    m.end = end;
    return m;
}
