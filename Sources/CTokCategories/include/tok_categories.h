#ifndef TOK_CATEGORIES_H
#define TOK_CATEGORIES_H

#include <stdint.h>

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

#endif
