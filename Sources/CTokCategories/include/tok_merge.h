#ifndef TOK_MERGE_H
#define TOK_MERGE_H

// Helpers for byte-pair merging (TokBPE's `RankTable.mergeByScan`).

#include <stdint.h>
#include "tok_piece_starts.h"

/// The lowest of `ranks[0 ..< count]` and the first index that holds it, as `rank << 32 | index`
/// (`count` at least 1). A merge takes the pair of lowest rank, the leftmost among equals, so the
/// first index is the one it needs. `*ties` gets a bit for every index below 64 that holds the
/// lowest rank (the first included): the pairs a merge may take next, one after another, without
/// scanning again. Plain C: one comparison per entry, then one per entry below 64.
static inline uint64_t tok_lowest_rank_scalar(const uint32_t *ranks, int64_t count, uint64_t *ties) {
    uint32_t lowest = ranks[0];
    int64_t at = 0;
    for (int64_t i = 1; i < count; i++) {
        if (ranks[i] < lowest) {
            lowest = ranks[i];
            at = i;
        }
    }
    uint64_t equal = 0;
    const int64_t limit = count < 64 ? count : 64;
    for (int64_t i = at; i < limit; i++) equal |= (uint64_t)(ranks[i] == lowest) << i;
    *ties = equal;
    return (uint64_t)lowest << 32 | (uint64_t)at;
}

#if defined(TOK_HAVE_AVX512_MASKS)
/// `tok_lowest_rank_scalar` sixteen entries at a time with AVX-512F: the minimum over the whole
/// range, then the lanes equal to it; entries past `count` are never read (masked loads). Only
/// called when `tok_cpu_has_avx512bw()`.
__attribute__((target("avx512f"))) static inline uint64_t tok_lowest_rank_avx512(const uint32_t *ranks, int64_t count, uint64_t *ties) {
    const __m512i none = _mm512_set1_epi32(-1);
    __m512i best = none;
    int64_t i = 0;
    for (; i + 16 <= count; i += 16) best = _mm512_min_epu32(best, _mm512_loadu_si512((const void *)(ranks + i)));
    const __mmask16 tail = (__mmask16)((1u << (count - i)) - 1);
    if (i < count) best = _mm512_min_epu32(best, _mm512_mask_loadu_epi32(none, tail, ranks + i));
    const uint32_t lowest = _mm512_reduce_min_epu32(best);
    const __m512i wanted = _mm512_set1_epi32((int)lowest);
    // The lanes equal to the lowest, 16 at a time: every chunk below 64 goes into `*ties`, and the
    // first lane equal gives the index (the lowest is one of the entries, so there is one).
    uint64_t equal = 0;
    int64_t first = -1;
    for (int64_t j = 0; j < count; j += 16) {
        const int64_t n = count - j < 16 ? count - j : 16;
        const __mmask16 lanes = (__mmask16)((1u << n) - 1);
        const __mmask16 hit = _mm512_mask_cmpeq_epu32_mask(lanes, _mm512_mask_loadu_epi32(none, lanes, ranks + j), wanted);
        if (j < 64) equal |= (uint64_t)hit << j;
        if (first < 0 && hit) first = j + __builtin_ctz((unsigned)hit);
        if (first >= 0 && j + 16 >= 64) break;
    }
    *ties = equal;
    return (uint64_t)lowest << 32 | (uint64_t)first;
}
#endif

/// `tok_lowest_rank_scalar`, with AVX-512 where the processor has it.
static inline uint64_t tok_lowest_rank(const uint32_t *ranks, int64_t count, uint64_t *ties) {
#if defined(TOK_HAVE_AVX512_MASKS)
    if (tok_cpu_has_avx512bw()) return tok_lowest_rank_avx512(ranks, count, ties);
#endif
    return tok_lowest_rank_scalar(ranks, count, ties);
}

#endif
