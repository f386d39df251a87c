#ifndef TOK_UTF8_H
#define TOK_UTF8_H

// UTF-8 validation 64 bytes at a time (TokUnicode's `UTF8Validation.firstInvalidOffset`).

#include <stdint.h>
#include "tok_piece_starts.h"

#if defined(TOK_HAVE_AVX512_MASKS)
/// Whether `v`'s 64 bytes are well-formed UTF-8 given the three bytes before them (`prev1`, `prev2`,
/// `prev3`: the same 64 bytes loaded one, two and three bytes earlier). Every byte is checked against
/// the bytes before it, per the Unicode Standard's Table 3-7: a byte must be a continuation byte
/// (80..BF) exactly where a lead byte one, two or three bytes before asks for one (C2..DF one,
/// E0..EF two, F0..F4 three); C0, C1 and F5..FF never occur; the second byte after E0 is A0..BF
/// (no overlong form), after ED 80..9F (no surrogate), after F0 90..BF (no overlong form), after F4
/// 80..8F (nothing above U+10FFFF). A sequence cut off by the end of `v` is checked in the next block.
__attribute__((target("avx512f,avx512bw"))) static inline int tok_utf8_block_ok(__m512i v, __m512i prev1, __m512i prev2,
                                                                               __m512i prev3) {
    const uint64_t continuation = _mm512_cmplt_epu8_mask(_mm512_xor_si512(v, _mm512_set1_epi8((char)0x80)),
                                                         _mm512_set1_epi8(0x40));
    const uint64_t wanted = _mm512_cmpge_epu8_mask(prev1, _mm512_set1_epi8((char)0xC0))
        | _mm512_cmpge_epu8_mask(prev2, _mm512_set1_epi8((char)0xE0))
        | _mm512_cmpge_epu8_mask(prev3, _mm512_set1_epi8((char)0xF0));
    const uint64_t never = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v, _mm512_set1_epi8((char)0xFE)), _mm512_set1_epi8((char)0xC0))
        | _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8((char)0xF5));
    const uint64_t below_a0 = _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8((char)0xA0));
    const uint64_t below_90 = _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8((char)0x90));
    const uint64_t second_range = (_mm512_cmpeq_epi8_mask(prev1, _mm512_set1_epi8((char)0xE0)) & below_a0)
        | (_mm512_cmpeq_epi8_mask(prev1, _mm512_set1_epi8((char)0xED)) & ~below_a0)
        | (_mm512_cmpeq_epi8_mask(prev1, _mm512_set1_epi8((char)0xF0)) & below_90)
        | (_mm512_cmpeq_epi8_mask(prev1, _mm512_set1_epi8((char)0xF4)) & ~below_90);
    return ((wanted ^ continuation) | never | (second_range & continuation)) == 0;
}

/// The length of a prefix of `p[0 ..< n]` that is well-formed UTF-8 and ends at a character boundary,
/// found 64 bytes at a time with AVX-512BW: the first block with an ill-formed byte, or the last bytes
/// (fewer than 64), end it, backed up to the start of a character that the checked bytes leave
/// unfinished. What follows is for a byte-at-a-time check, which then starts at a character boundary
/// and finds the exact offset of a fault. Only called when `tok_cpu_has_avx512bw()`.
__attribute__((target("avx512f,avx512bw"))) static inline int64_t tok_utf8_valid_prefix_avx512(const uint8_t *p, int64_t n) {
    int64_t i = 0;
    if (n >= 64) {
        // Before the first byte: nothing (the masked lanes read as zero, which asks for no continuation).
        __m512i v = _mm512_loadu_si512((const void *)p);
        if (!tok_utf8_block_ok(v, _mm512_maskz_loadu_epi8(~(uint64_t)1, p - 1), _mm512_maskz_loadu_epi8(~(uint64_t)3, p - 2),
                               _mm512_maskz_loadu_epi8(~(uint64_t)7, p - 3))) {
            return 0;
        }
        i = 64;
        while (i + 64 <= n) {
            v = _mm512_loadu_si512((const void *)(p + i));
            if (_mm512_movepi8_mask(v) == 0 && (p[i - 1] | p[i - 2] | p[i - 3]) < 0x80) {
                i += 64;
                continue;
            }
            if (!tok_utf8_block_ok(v, _mm512_loadu_si512((const void *)(p + i - 1)), _mm512_loadu_si512((const void *)(p + i - 2)),
                                   _mm512_loadu_si512((const void *)(p + i - 3)))) {
                break;
            }
            i += 64;
        }
    }
    // Back up to the lead byte of a character that the checked bytes leave unfinished.
    for (int64_t q = i - 1; q >= 0 && q >= i - 3; q--) {
        const uint8_t b = p[q];
        if (b < 0x80) break;
        if (b >= 0xC0) {
            const int64_t length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            if (q + length > i) return q;
            break;
        }
    }
    return i;
}
#endif

/// The length of a prefix of `p[0 ..< n]` known to be well-formed UTF-8 and to end at a character
/// boundary: `tok_utf8_valid_prefix_avx512` where the processor has AVX-512BW, else 0.
static inline int64_t tok_utf8_valid_prefix(const uint8_t *p, int64_t n) {
#if defined(TOK_HAVE_AVX512_MASKS)
    if (tok_cpu_has_avx512bw()) return tok_utf8_valid_prefix_avx512(p, n);
#endif
    (void)p;
    (void)n;
    return 0;
}

#endif
