#ifndef TOK_CATEGORIES_H
#define TOK_CATEGORIES_H

#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Character classes used by the pre-tokenizer scanners (Unicode 16.0, as tiktoken's regex engine).
enum {
    TOK_CLASS_OTHER = 0,      ///< punctuation, symbols, controls, unassigned, private use, surrogates
    TOK_CLASS_UPPER = 1,      ///< Lu, Lt
    TOK_CLASS_LOWER = 2,      ///< Ll
    TOK_CLASS_OTHER_LETTER = 3, ///< Lm, Lo
    TOK_CLASS_MARK = 4,       ///< Mn, Mc, Me
    TOK_CLASS_NUMBER = 5,     ///< Nd, Nl, No
    TOK_CLASS_SPACE = 6,      ///< White_Space other than CR and LF
    TOK_CLASS_NEWLINE = 7,    ///< CR or LF
};

extern const uint16_t tok_category_stage1[8704];
/// Classes of the 128 ASCII bytes (the same values as tok_category for them).
extern const uint8_t *const tok_ascii_classes;
extern const uint8_t tok_category_stage2[];

/// The value of tok_byte_classes()[scalar - 0x10000] at a scalar that no well-formed three-byte UTF-8
/// sequence encodes (below 0x800: overlong; 0xD800 ... 0xDFFF: surrogates).
#define TOK_CLASS_NOT_THREE_BYTE 0xFF

/// One table for the scanners' hot loops, returned as a pointer `t` into it: `t[byte]` is the class of
/// an ASCII byte (as tok_ascii_classes), and `t[scalar - 0x10000]` the class (tok_category) of a
/// scalar that a three-byte sequence encodes, or TOK_CLASS_NOT_THREE_BYTE where such a sequence would
/// be ill-formed. Decoding a three-byte character (the Indic scripts, CJK) then takes one load and one
/// comparison. Built on the first call (about 0.3 ms), read-only after; safe from any thread.
const uint8_t *tok_byte_classes(void);

/// General classes used by the Hugging Face Split scanners (Unicode 16.0), with TOK_GENERAL_ASSIGNED set
/// for code points assigned in Unicode 16.0.
enum {
    TOK_GENERAL_OTHER = 0,
    TOK_GENERAL_LETTER = 1,      ///< L
    TOK_GENERAL_MARK = 2,        ///< M
    TOK_GENERAL_NUMBER = 3,      ///< N
    TOK_GENERAL_PUNCTUATION = 4, ///< P
    TOK_GENERAL_SYMBOL = 5,      ///< S
    TOK_GENERAL_SPACE = 6,       ///< White_Space other than CR and LF
    TOK_GENERAL_NEWLINE = 7,     ///< CR or LF
    TOK_GENERAL_ASSIGNED = 0x80,
};

extern const uint8_t tok_general_stage2[];

/// The general class of a scalar value, with TOK_GENERAL_ASSIGNED (0 above 0x10FFFF).
static inline uint8_t tok_general_category(uint32_t scalar) {
    if (scalar > 0x10FFFF) return TOK_GENERAL_OTHER;
    return tok_general_stage2[((uint32_t)tok_category_stage1[scalar >> 7] << 7) | (scalar & 127)];
}

/// The class of a Unicode scalar value (0 ... 0x10FFFF); values above that are TOK_CLASS_OTHER.
static inline uint8_t tok_category(uint32_t scalar) {
    if (scalar > 0x10FFFF) return TOK_CLASS_OTHER;
    return tok_category_stage2[((uint32_t)tok_category_stage1[scalar >> 7] << 7) | (scalar & 127)];
}

/// Asks the processor to start loading the cache line that holds `address` for reading. A hint
/// only: it never faults, whatever the address. The encoder uses it to overlap the hash-table probes
/// of the pieces and stretches ahead with the work on the current one.
static inline void tok_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

/// For a key of `length` bytes (0 to 16) read as two little-endian words: entry `2 * length` keeps
/// the key's bytes of the first word, entry `2 * length + 1` those of the second (the bytes read past
/// the key are dropped). Two loads and two ands instead of shifts by a variable amount.
static const uint64_t tok_key_masks[34] = {
    0x0000000000000000ULL, 0x0000000000000000ULL,
    0x00000000000000FFULL, 0x0000000000000000ULL,
    0x000000000000FFFFULL, 0x0000000000000000ULL,
    0x0000000000FFFFFFULL, 0x0000000000000000ULL,
    0x00000000FFFFFFFFULL, 0x0000000000000000ULL,
    0x000000FFFFFFFFFFULL, 0x0000000000000000ULL,
    0x0000FFFFFFFFFFFFULL, 0x0000000000000000ULL,
    0x00FFFFFFFFFFFFFFULL, 0x0000000000000000ULL,
    0xFFFFFFFFFFFFFFFFULL, 0x0000000000000000ULL,
    0xFFFFFFFFFFFFFFFFULL, 0x00000000000000FFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x000000000000FFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x0000000000FFFFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x00000000FFFFFFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x000000FFFFFFFFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x0000FFFFFFFFFFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0x00FFFFFFFFFFFFFFULL,
    0xFFFFFFFFFFFFFFFFULL, 0xFFFFFFFFFFFFFFFFULL
};

/// The mask of a short key's first word (`tok_key_masks`); `length` is 0 to 16.
static inline uint64_t tok_key_low_mask(int64_t length) { return tok_key_masks[2 * length]; }

/// The mask of a short key's second word (`tok_key_masks`); `length` is 0 to 16.
static inline uint64_t tok_key_high_mask(int64_t length) { return tok_key_masks[2 * length + 1]; }

/// Bit masks over the 64 bytes at `p`, of which `n` (at most 64) may be read; bytes past `n` count as
/// zero. Bit k of `*spaces` is set if p[k] is an ASCII space, of `*whitespace` if it is ASCII white
/// space (tab, line feed, vertical tab, form feed, carriage return or space), of `*nonASCII` if it is
/// 0x80 or above. With SSE2 (every x86-64 processor) 16 bytes are classified per instruction; elsewhere
/// a byte at a time. The encoder finds the cuts between cached stretches from these masks.
static inline void tok_space_masks(const uint8_t *p, int64_t n, uint64_t *spaces, uint64_t *whitespace,
                                   uint64_t *nonASCII) {
    uint8_t padded[64];
    if (n < 64) {
        memset(padded, 0, sizeof padded);
        memcpy(padded, p, (size_t)(n > 0 ? n : 0));
        p = padded;
    }
    uint64_t s = 0, w = 0, a = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20), tab = _mm_set1_epi8(0x09), four = _mm_set1_epi8(4);
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i isSpace = _mm_cmpeq_epi8(v, space);
        __m128i offset = _mm_sub_epi8(v, tab);  // 0 ... 4 for tab ... carriage return
        __m128i isControl = _mm_cmpeq_epi8(_mm_min_epu8(offset, four), offset);
        s |= (uint64_t)(uint16_t)_mm_movemask_epi8(isSpace) << (16 * k);
        w |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(isSpace, isControl)) << (16 * k);
        a |= (uint64_t)(uint16_t)_mm_movemask_epi8(v) << (16 * k);
    }
#else
    for (int k = 0; k < 64; k++) {
        uint8_t b = p[k];
        uint64_t bit = (uint64_t)1 << k;
        if (b == 0x20) s |= bit;
        if (b == 0x20 || (b >= 0x09 && b <= 0x0D)) w |= bit;
        if (b >= 0x80) a |= bit;
    }
#endif
    *spaces = s;
    *whitespace = w;
    *nonASCII = a;
}

/// Bit masks over the 16 bytes at `p` (all 16 must be readable): bit k (0 ... 15) is set if p[k] is an
/// ASCII capital letter (A-Z), bit 16 + k if it is an ASCII small letter (a-z), bit 32 + k if it is
/// 0x80 or above. With SSE2, a handful of vector instructions and no branch; elsewhere a loop. The
/// o200k_base pre-tokenizer finds the end of an ASCII word from these masks without a loop over its
/// bytes.
static inline uint64_t tok_ascii_case_masks(const uint8_t *p) {
#if defined(__SSE2__)
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i last = _mm_set1_epi8(25);
    const __m128i fromCapital = _mm_sub_epi8(v, _mm_set1_epi8('A'));
    const __m128i fromSmall = _mm_sub_epi8(v, _mm_set1_epi8('a'));
    const __m128i isCapital = _mm_cmpeq_epi8(_mm_min_epu8(fromCapital, last), fromCapital);
    const __m128i isSmall = _mm_cmpeq_epi8(_mm_min_epu8(fromSmall, last), fromSmall);
    return (uint64_t)(uint16_t)_mm_movemask_epi8(isCapital) | (uint64_t)(uint16_t)_mm_movemask_epi8(isSmall) << 16
        | (uint64_t)(uint16_t)_mm_movemask_epi8(v) << 32;
#else
    uint64_t masks = 0;
    for (int k = 0; k < 16; k++) {
        uint8_t b = p[k];
        if ((uint8_t)(b - 'A') < 26) masks |= (uint64_t)1 << k;
        if ((uint8_t)(b - 'a') < 26) masks |= (uint64_t)1 << (16 + k);
        if (b >= 0x80) masks |= (uint64_t)1 << (32 + k);
    }
    return masks;
#endif
}

#include "tok_piece_starts.h"
#include "tok_merge.h"
#include "tok_utf8.h"

#endif
