#ifndef TOK_PIECE_STARTS_H
#define TOK_PIECE_STARTS_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#define TOK_HAVE_AVX512_MASKS 1
#endif

/// Bit masks of the classes of 64 bytes (bit k for byte k), as cl100k_base's pattern sees ASCII:
/// letters (A-Z, a-z), digits (0-9), spaces (0x20), newlines (CR, LF), white space (tab, LF, vertical
/// tab, form feed, CR, space: Unicode White_Space in ASCII), apostrophes, slashes, bytes of 0x80 or
/// above, and bytes with bit 5 set (among letters: the small ones). Every other ASCII byte is
/// punctuation (`[^\s\p{L}\p{N}]`).
typedef struct {
    uint64_t letters, digits, spaces, newlines, whitespace, apostrophes, slashes, nonASCII, bit5;
} tok_class_masks64;

/// The class masks of the 64 bytes at `p` (all 64 must be readable). With SSE2, 16 bytes per step
/// and no branch; elsewhere a byte at a time.
static inline tok_class_masks64 tok_class_masks(const uint8_t *p) {
    tok_class_masks64 m = {0, 0, 0, 0, 0, 0, 0, 0, 0};
#if defined(__SSE2__)
    const __m128i case_bit = _mm_set1_epi8(0x20), small_a = _mm_set1_epi8('a'), z = _mm_set1_epi8(25);
    const __m128i zero_digit = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
    const __m128i space = _mm_set1_epi8(0x20), lf = _mm_set1_epi8(0x0A), cr = _mm_set1_epi8(0x0D);
    const __m128i tab = _mm_set1_epi8(0x09), four = _mm_set1_epi8(4), apostrophe = _mm_set1_epi8('\'');
    const __m128i slash = _mm_set1_epi8('/');
    for (int k = 0; k < 4; k++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        const __m128i from_a = _mm_sub_epi8(_mm_or_si128(v, case_bit), small_a);
        const __m128i from_0 = _mm_sub_epi8(v, zero_digit);
        const __m128i from_tab = _mm_sub_epi8(v, tab);
        const __m128i is_letter = _mm_cmpeq_epi8(_mm_min_epu8(from_a, z), from_a);
        const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(from_0, nine), from_0);
        const __m128i is_space = _mm_cmpeq_epi8(v, space);
        const __m128i is_newline = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
        const __m128i is_control_space = _mm_cmpeq_epi8(_mm_min_epu8(from_tab, four), from_tab);
        const int shift = 16 * k;
        m.letters |= (uint64_t)(uint16_t)_mm_movemask_epi8(is_letter) << shift;
        m.digits |= (uint64_t)(uint16_t)_mm_movemask_epi8(is_digit) << shift;
        m.spaces |= (uint64_t)(uint16_t)_mm_movemask_epi8(is_space) << shift;
        m.newlines |= (uint64_t)(uint16_t)_mm_movemask_epi8(is_newline) << shift;
        m.whitespace |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_or_si128(is_space, is_control_space)) << shift;
        m.apostrophes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, apostrophe)) << shift;
        m.slashes |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, slash)) << shift;
        m.nonASCII |= (uint64_t)(uint16_t)_mm_movemask_epi8(v) << shift;
        // Shifted left by 2 within 16-bit lanes, each byte's bit 5 lands in its top bit.
        m.bit5 |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_slli_epi16(v, 2)) << shift;
    }
#else
    for (int k = 0; k < 64; k++) {
        const uint8_t b = p[k];
        const uint64_t bit = (uint64_t)1 << k;
        if ((uint8_t)((b | 0x20) - 'a') < 26) m.letters |= bit;
        if ((uint8_t)(b - '0') < 10) m.digits |= bit;
        if (b == 0x20) m.spaces |= bit;
        if (b == 0x0A || b == 0x0D) m.newlines |= bit;
        if (b == 0x20 || (uint8_t)(b - 0x09) < 5) m.whitespace |= bit;
        if (b == '\'') m.apostrophes |= bit;
        if (b == '/') m.slashes |= bit;
        if (b >= 0x80) m.nonASCII |= bit;
        if (b & 0x20) m.bit5 |= bit;
    }
#endif
    return m;
}

#if defined(TOK_HAVE_AVX512_MASKS)
/// `tok_class_masks` with AVX-512BW: each class of all 64 bytes is one compare into a mask register
/// (24 → 7 ns a block here, measured in C; about 4% of a cold encode of English). Only called when
/// `tok_cpu_has_avx512bw()`.
__attribute__((target("avx512f,avx512bw"))) static inline tok_class_masks64 tok_class_masks_avx512(const uint8_t *p) {
    const __m512i v = _mm512_loadu_si512((const void *)p);
    const __m512i from_a = _mm512_sub_epi8(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), _mm512_set1_epi8('a'));
    const __m512i from_0 = _mm512_sub_epi8(v, _mm512_set1_epi8('0'));
    const __m512i from_tab = _mm512_sub_epi8(v, _mm512_set1_epi8(0x09));
    tok_class_masks64 m;
    m.letters = _mm512_cmplt_epu8_mask(from_a, _mm512_set1_epi8(26));
    m.digits = _mm512_cmplt_epu8_mask(from_0, _mm512_set1_epi8(10));
    m.spaces = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(0x20));
    m.newlines = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(0x0A)) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(0x0D));
    m.whitespace = m.spaces | _mm512_cmplt_epu8_mask(from_tab, _mm512_set1_epi8(5));
    m.apostrophes = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\''));
    m.slashes = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('/'));
    m.nonASCII = _mm512_movepi8_mask(v);
    m.bit5 = _mm512_test_epi8_mask(v, _mm512_set1_epi8(0x20));
    return m;
}

/// Whether the processor and the operating system support AVX-512BW (CPUID leaf 7 and the ZMM state
/// enabled in XCR0), on a processor that also has AVX-512 VBMI2 (Intel from Ice Lake on, AMD from Zen
/// 4 on): on the Skylake and Cascade Lake servers before it, any 512-bit instruction lowers the core's
/// clock for a while, which would cost more than the masks save. Asked once per process; the answer
/// is cached (relaxed atomics: every thread computes the same value).
static inline int tok_cpu_has_avx512bw(void) {
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value >= 0) return value;
    unsigned a = 0, b = 0, c = 0, d = 0;
    value = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE)) {
        unsigned lo = 0, hi = 0;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        (void)hi;
        // XMM, YMM, opmask, ZMM_Hi256 and Hi16_ZMM state enabled by the operating system.
        if ((lo & 0xE6) == 0xE6 && __get_cpuid_count(7, 0, &a, &b, &c, &d)) {
            value = (b & bit_AVX512F) && (b & bit_AVX512BW) && (c & bit_AVX512VBMI2);
        }
    }
    __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    return value;
}

/// The class masks of a block: AVX-512BW where the processor has it, else `tok_class_masks`.
static inline tok_class_masks64 tok_block_class_masks(const uint8_t *p) {
    if (tok_cpu_has_avx512bw()) return tok_class_masks_avx512(p);
    return tok_class_masks(p);
}
#else
/// The class masks of a block (`tok_class_masks`).
static inline tok_class_masks64 tok_block_class_masks(const uint8_t *p) { return tok_class_masks(p); }
#endif

/// `seed` spread toward higher bits through each run of set bits of `within` that it touches
/// (`seed` must lie in `within`), in six shift steps instead of a loop over the bits.
static inline uint64_t tok_spread_up(uint64_t seed, uint64_t within) {
    uint64_t a = seed, m = within;
    for (int shift = 1; shift < 64; shift <<= 1) {
        a |= (a << shift) & m;
        m &= m << shift;
    }
    return a;
}

/// `seed` spread toward lower bits through each run of set bits of `within` that it touches.
static inline uint64_t tok_spread_down(uint64_t seed, uint64_t within) {
    uint64_t a = seed, m = within;
    for (int shift = 1; shift < 64; shift <<= 1) {
        a |= (a >> shift) & m;
        m &= m >> shift;
    }
    return a;
}

/// The piece starts that cl100k_base's and o200k_base's patterns share on ASCII text, from class masks
/// of a block whose bit 0 starts a piece: digits start a piece at every third digit of a run
/// (`\p{N}{1,3}`); a run of white space (`W`: white space not taken by the punctuation before it)
/// starts one, `\s*[\r\n]` ends one after the run's last newline (`NL`: those newlines), and
/// `\s+(?!\S)` leaves the run's last character, when it is not a newline, to start the next piece.
static inline uint64_t tok_shared_starts(const tok_class_masks64 *m, uint64_t W, uint64_t NL) {
    const uint64_t D = m->digits;
    const uint64_t runOfThree = D & (D << 1) & (D << 2);
    uint64_t digitStarts = D & ~(D << 1);
    for (uint64_t x = digitStarts; (x = (x << 3) & runOfThree) != 0;) digitStarts |= x;
    const uint64_t runStarts = W & ~(W << 1);
    const uint64_t newlineAhead = NL ? tok_spread_down(NL, W) : 0;
    const uint64_t afterLastNewline = W & (NL << 1) & ~newlineAhead;
    const uint64_t notNewline = m->whitespace & ~m->newlines;
    const uint64_t beforeNonSpace = notNewline & ~(m->whitespace >> 1);
    return 1 | digitStarts | runStarts | afterLastNewline | beforeNonSpace;
}

/// How far a block's starts are settled: up to `end`, the first byte the masks do not classify (64
/// if none), or, when white space runs up to that point, just past the run's first start (the cuts
/// inside depend on what follows).
static inline int64_t tok_settled_limit(uint64_t W, int64_t end) {
    if (end > 0 && ((W >> (end - 1)) & 1)) {
        const uint64_t runStarts = W & ~(W << 1);
        const uint64_t below = end == 64 ? runStarts : runStarts & (((uint64_t)1 << end) - 1);
        return 64 - __builtin_clzll(below);
    }
    return end;
}

/// The classes of the characters of 0x80 and up in a block, as masks of all their bytes (bit k for
/// byte k): letters (`\p{L}`), punctuation (`[^\s\p{L}\p{N}]`: marks, symbols, punctuation),
/// numbers (`\p{N}`) of three bytes (the digits of the Indic scripts); and `continuations`, every
/// byte of theirs but a character's first. Classified up to `end`: the first byte of a sequence that
/// is not well-formed UTF-8, of white space outside ASCII or of a number of two or four bytes (64 if
/// none); no bit is set from `end` on.
typedef struct {
    uint64_t letters, punctuation, numbers, continuations;
    int64_t end;
} tok_nonascii_masks64;

/// The masks of the non-ASCII characters of the 64 bytes at `p` (67 bytes must be readable: a
/// character that starts in the block may end past it). A piece starts at `p[0]`, so in well-formed
/// text the block starts with a character's first byte.
tok_nonascii_masks64 tok_nonascii_masks(const uint8_t *p);

/// The contraction that starts at the apostrophe `p[0]` (`'s`, `'T`, `'ll`, `'Ve`, ...: the suffixes of
/// both patterns, either case): the number of letters after the apostrophe (1 or 2), or 0.
static inline int tok_contraction_letters(const uint8_t *p) {
    const uint8_t c1 = p[1] | 0x20;
    if (c1 == 's' || c1 == 'd' || c1 == 'm' || c1 == 't') return 1;
    if (c1 == 'l' || c1 == 'v' || c1 == 'r') return (uint8_t)(p[2] | 0x20) == (c1 == 'l' ? 'l' : 'e') ? 2 : 0;
    return 0;
}

/// `starts` with the bits of the `n` bytes from `k` cleared and bit `k + n` set (bits past 63 are
/// dropped; no shift by 64 or more, which C leaves undefined).
static inline uint64_t tok_one_piece(uint64_t starts, int k, int n) {
    if (k > 63) return starts;
    starts &= ~((((uint64_t)1 << n) - 1) << k);
    if (k + n < 64) starts |= (uint64_t)1 << (k + n);
    return starts;
}

/// Where cl100k_base's pre-tokenizer
/// (`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`)
/// starts pieces in the 64 bytes at `p`, given that a piece starts at `p[0]`; 80 bytes must be
/// readable and the text must go on past `p[79]`.
///
/// The pattern looks at nothing before a piece's start, so from a known start the pieces of ASCII
/// text follow from the classes of each byte and the one or two before it: a letter starts a piece
/// unless it follows a letter, a space or other white space (the optional prefix), or punctuation
/// that itself starts a piece; punctuation starts one unless it follows punctuation or a space;
/// newlines right after punctuation belong to it; digits and white space as ``tok_shared_starts``.
/// A contraction (`'s`, `'LL`, ...) at an apostrophe that starts a piece is a piece of its own. Text
/// in other scripts follows the same rules a character at a time (``tok_nonascii_masks``): all the
/// bytes of a letter count as letters, those of a mark or a symbol as punctuation, a piece starts only
/// at a character's first byte, and runs of three-byte numbers (Indic digits) are cut every third
/// character; white space outside ASCII, other numbers outside ASCII, a run of numbers that meets an
/// ASCII digit, and bytes that are not well-formed UTF-8 end what the block settles
/// (`*unclassifiedAt`: the first such byte, 64 if none).
///
/// Returns the mask of piece starts (bit 0 included) below `*trusted`, the first position whose
/// status these 64 bytes do not settle (``tok_settled_limit``). The piece that starts at the last
/// returned start may go on past `*trusted`.
static inline uint64_t tok_cl100k_piece_starts(const uint8_t *p, int64_t *trusted, int64_t *unclassifiedAt) {
    const tok_class_masks64 m = tok_block_class_masks(p);
    uint64_t L = m.letters, O = ~(L | m.digits | m.whitespace | m.nonASCII), continuations = 0, numberStarts = 0;
    int64_t end = 64;
    if (m.nonASCII != 0) {
        // Text in other scripts: each character's bytes take its class; a piece starts only at a
        // character's first byte, and a prefix (`[^\r\n\p{L}\p{N}]?`) is a whole character.
        const tok_nonascii_masks64 n = tok_nonascii_masks(p);
        L |= n.letters;
        O |= n.punctuation;
        continuations = n.continuations;
        end = n.end;
        if (n.numbers != 0) {
            // `\p{N}{1,3}` on runs of three-byte numbers: a piece at the run's first character and at
            // every third one after it. A run that meets an ASCII digit ends what is settled there.
            const uint64_t N = n.numbers, firsts = N & ~continuations;
            const uint64_t mixed = (m.digits & (N << 1)) | (firsts & (m.digits << 1));
            if (mixed != 0 && __builtin_ctzll(mixed) < end) end = __builtin_ctzll(mixed);
            const uint64_t runOfThree = firsts & (firsts << 3) & (firsts << 6);
            numberStarts = firsts & ~(N << 1);
            for (uint64_t x = numberStarts; (x = (x << 9) & runOfThree) != 0;) numberStarts |= x;
        }
    }
    const uint64_t SP = m.spaces, WS = m.whitespace;
    const uint64_t TW = WS & ~SP & ~m.newlines;
    // Punctuation starts a piece unless it continues a run or follows a space (` ?[^\s\p{L}\p{N}]++`).
    const uint64_t punctuationStarts = O & ~((O | SP) << 1);
    // All the bytes of the punctuation characters that start a piece (a prefix of the letters after).
    const uint64_t prefixes = continuations ? tok_spread_up(punctuationStarts, punctuationStarts | continuations) : punctuationStarts;
    // `[\r\n]*+` after punctuation: newlines reached from punctuation through newlines only.
    const uint64_t afterPunctuation = m.newlines & (O << 1);
    const uint64_t absorbed = afterPunctuation ? tok_spread_up(afterPunctuation, m.newlines) : 0;
    const uint64_t W = WS & ~absorbed;
    // A letter continues a letter run, or a piece started by its prefix (white space other than
    // CR/LF, which always starts a piece before a non-space, or punctuation that starts a piece).
    const uint64_t letterStarts = L & ~((L | SP | TW | prefixes) << 1);
    uint64_t starts = letterStarts | punctuationStarts | numberStarts | tok_shared_starts(&m, W, m.newlines & ~absorbed);
    int64_t limit = tok_settled_limit(W, end);
    // Contractions, at apostrophes that start a piece: the piece ends after the suffix.
    for (uint64_t a = m.apostrophes & starts; a != 0; a &= a - 1) {
        const int k = __builtin_ctzll(a);
        if (k >= limit) break;
        if (p[k + 1] >= 0x80) {
            // `'ſ` is `'s` to the pattern (`(?i:s)`): not settled here.
            limit = k;
            break;
        }
        const int n = tok_contraction_letters(p + k);
        if (n > 0) starts = tok_one_piece(starts, k + 1, n);
    }
    *trusted = limit;
    *unclassifiedAt = end;
    return limit == 64 ? starts : starts & (((uint64_t)1 << limit) - 1);
}

/// Where o200k_base's pre-tokenizer (see `PreTokenizerPattern.o200k`) starts pieces in the 64 bytes
/// at `p`, given that a piece starts at `p[0]`, under the same conditions and with the same result as
/// ``tok_cl100k_piece_starts``. The differences on ASCII text: a capital letter right after a small
/// one starts a piece (`[\p{Lu}...]*[\p{Ll}...]+`), a contraction is the suffix of the letters before
/// its apostrophe, and punctuation takes slashes as well as newlines after it (`[\r\n/]*`).
static inline uint64_t tok_o200k_piece_starts(const uint8_t *p, int64_t *trusted, int64_t *unclassifiedAt) {
    const tok_class_masks64 m = tok_block_class_masks(p);
    const uint64_t L = m.letters, SP = m.spaces, WS = m.whitespace;
    const uint64_t O = ~(L | m.digits | WS | m.nonASCII);
    const uint64_t TW = WS & ~SP & ~m.newlines;
    // `[\r\n/]*` after punctuation: from a newline right after it, through newlines and slashes (a
    // slash right after punctuation is in the punctuation run itself).
    const uint64_t afterPunctuation = m.newlines & (O << 1);
    const uint64_t absorbed = afterPunctuation ? tok_spread_up(afterPunctuation, m.newlines | m.slashes) : 0;
    const uint64_t run = O & ~absorbed;
    const uint64_t punctuationStarts = run & ~((run | SP) << 1);
    const uint64_t W = WS & ~absorbed;
    const uint64_t small = L & m.bit5;
    const uint64_t letterStarts = (L & ~((L | SP | TW | punctuationStarts) << 1)) | (L & ~m.bit5 & (small << 1));
    uint64_t starts = letterStarts | punctuationStarts | tok_shared_starts(&m, W, m.newlines & ~absorbed);
    const int64_t end = m.nonASCII ? __builtin_ctzll(m.nonASCII) : 64;
    *unclassifiedAt = end;
    int64_t limit = tok_settled_limit(W, end);
    // Contractions, at apostrophes right after a letter: the letters' piece ends after the suffix.
    // An apostrophe right after a suffix starts a piece of its own (`it's's` is `it's`, `'s`).
    int afterSuffix = -1;
    for (uint64_t a = m.apostrophes & (L << 1); a != 0; a &= a - 1) {
        const int k = __builtin_ctzll(a);
        if (k == afterSuffix) continue;
        if (p[k + 1] >= 0x80) {
            // `'ſ` is `'s` to the pattern: whether the apostrophe starts a piece is not settled.
            if (k < limit) limit = k;
            break;
        }
        const int n = tok_contraction_letters(p + k);
        if (n > 0) {
            starts = tok_one_piece(starts, k, n + 1);
            afterSuffix = k + n + 1;
        }
    }
    *trusted = limit;
    return limit == 64 ? starts : starts & (((uint64_t)1 << limit) - 1);
}

#endif
