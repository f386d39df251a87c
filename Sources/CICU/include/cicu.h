#ifndef CICU_H
#define CICU_H
/*
 * CICU: a thin C shim over the system ICU library (libicuuc / libicui18n).
 *
 * This public header uses ONLY plain C types (int32_t, uint8_t *, uint16_t *, const char *, void *).
 * The ICU headers are included in cicu.c only, because ICU's C types clash with the ICU headers bundled
 * by Foundation when both are visible to one Swift module, and ICU's versioned symbol macros
 * (unorm2_normalize -> unorm2_normalize_72) cannot be imported into Swift.
 *
 * Error convention: functions that can fail take `int32_t *err`, an ICU UErrorCode. It must be 0 (U_ZERO_ERROR)
 * on entry; > 0 after the call means failure (15 = U_BUFFER_OVERFLOW_ERROR: the returned length is the size
 * needed). cicu_error_name() turns a code into ICU's name for it.
 */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version and errors ---- */

/** Major version of the ICU library linked at run time (72 on Debian bookworm). */
int32_t cicu_version_major(void);
/** Writes the full ICU version (e.g. 72.1.0.0) into out[0..3]. */
void cicu_version(uint8_t out[4]);
/** Writes the Unicode version of ICU's data (e.g. 15.0.0.0) into out[0..3]. */
void cicu_unicode_version(uint8_t out[4]);
/** ICU's name for a UErrorCode, e.g. "U_BUFFER_OVERFLOW_ERROR". Never NULL; static storage. */
const char *cicu_error_name(int32_t err);

/* ---- normalization ---- */

/** Normalization forms accepted by cicu_normalizer_get. */
enum {
    CICU_NFC = 0,
    CICU_NFD = 1,
    CICU_NFKC = 2,
    CICU_NFKD = 3,
    CICU_NFKC_CF = 4
};

/** ICU's shared, immutable, thread-safe UNormalizer2 for `form` (not owned: never close it). NULL on error. */
const void *cicu_normalizer_get(int32_t form, int32_t *err);
/** 1 if the normalizer has a boundary before code point c (text may be cut there), else 0. */
int32_t cicu_norm_has_boundary_before(const void *norm, int32_t c);
/** Length of the prefix of UTF-16 `src` that passes the quick check with "yes" (unorm2_spanQuickCheckYes). */
int32_t cicu_norm_span_quick_check_yes(const void *norm, const uint16_t *src, int32_t len, int32_t *err);
/** Quick check of UTF-16 `src`: 0 = no, 1 = yes, 2 = maybe (unorm2_quickCheck). */
int32_t cicu_norm_quick_check(const void *norm, const uint16_t *src, int32_t len, int32_t *err);
/** 1 if UTF-16 `src` is normalized (full check, resolves "maybe"), else 0. */
int32_t cicu_norm_is_normalized16(const void *norm, const uint16_t *src, int32_t len, int32_t *err);
/**
 * Normalizes UTF-16 `src` into `dst` (capacity `cap` code units). Returns the full normalized length;
 * if it is > cap, *err is U_BUFFER_OVERFLOW_ERROR and the caller retries with a larger buffer.
 * Uses unorm2_spanQuickCheckYes + unorm2_normalizeSecondAndAppend so the already-normalized prefix is copied.
 */
int32_t cicu_norm_normalize16(const void *norm, const uint16_t *src, int32_t len,
                              uint16_t *dst, int32_t cap, int32_t *err);
/**
 * 1 if the well-formed UTF-8 `src` is normalized, else 0. Skips the leading run of ASCII that is
 * normalized in this form without converting it, converts the rest to UTF-16 in a temporary buffer of
 * the size of that rest, and runs the quick-check span and full check on it.
 * `form` must be the form `norm` was obtained for (it enables the ASCII fast path).
 */
int32_t cicu_norm_utf8_is_normalized(const void *norm, int32_t form, const uint8_t *src, int32_t len,
                                     int32_t *err);
/**
 * One-call check-and-normalize of a well-formed UTF-8 piece cut at normalization boundaries: returns -1 if `src`
 * is already normalized (dst untouched; ASCII prefix skipped without conversion, one UTF-8 -> UTF-16 conversion
 * of the piece otherwise), else normalizes it into UTF-8 `dst` and returns the output length (> cap means
 * U_BUFFER_OVERFLOW_ERROR in *err: retry with a larger dst). `form` must match `norm`.
 */
int32_t cicu_norm_utf8_normalize_if_needed(const void *norm, int32_t form, const uint8_t *src, int32_t len,
                                           uint8_t *dst, int32_t cap, int32_t *err);

/* ---- scripts ---- */

/** USCRIPT_COMMON and USCRIPT_INHERITED. */
enum { CICU_SCRIPT_COMMON = 0, CICU_SCRIPT_INHERITED = 1 };

/** The Script property value (UScriptCode) of code point c; 0 (Common) on error. */
int32_t cicu_script_of(int32_t c);
/**
 * Script_Extensions of c written into out (capacity cap); returns how many there are (may exceed cap,
 * then only cap were written). For most characters that is 1 entry equal to the Script value.
 */
int32_t cicu_script_extensions(int32_t c, int32_t *out, int32_t cap);
/** Long name of a UScriptCode ("Devanagari"), or NULL if unknown. Static storage. */
const char *cicu_script_name(int32_t code);
/** ISO 15924 short name of a UScriptCode ("Deva"), or NULL if unknown. Static storage. */
const char *cicu_script_short_name(int32_t code);
/** UScriptCode for a long or short script name ("Telugu", "Telu"), or -1 if unknown. */
int32_t cicu_script_from_name(const char *name);

/* ---- break iteration over UTF-8 (UText) ---- */

/** Break iterator kinds accepted by cicu_brk_open (same values as UBreakIteratorType). */
enum { CICU_BRK_CHARACTER = 0, CICU_BRK_WORD = 1, CICU_BRK_LINE = 2, CICU_BRK_SENTENCE = 3 };
/** UBRK_DONE. */
enum { CICU_BRK_DONE = -1 };

/**
 * Opens a break iterator of `kind` for `locale` ("" = root) together with a UText, both owned by the
 * returned handle. Close it with cicu_brk_close. NULL on error.
 */
void *cicu_brk_open(int32_t kind, const char *locale, int32_t *err);
/** Closes a handle from cicu_brk_open (NULL is ignored). */
void cicu_brk_close(void *h);
/**
 * Points the iterator at well-formed UTF-8 `s` of `len` bytes (not copied: s must stay valid while the
 * iterator is used) and resets it to offset 0. Offsets reported later are UTF-8 byte offsets into s.
 */
void cicu_brk_set_utf8(void *h, const uint8_t *s, int64_t len, int32_t *err);
/** The next boundary after the current one as a byte offset, or CICU_BRK_DONE (-1) at the end. */
int32_t cicu_brk_next(void *h);
/** Rule status of the boundary last returned (for words: 0..99 none, 100.. number, 200.. letter, ...). */
int32_t cicu_brk_rule_status(void *h);
/** Moves to the last boundary that is < offset (ubrk_preceding); returns it, or -1 if there is none. */
int32_t cicu_brk_preceding(void *h, int32_t offset);
/**
 * Counts segments: number of boundaries after offset 0 whose rule status is >= min_status
 * (0 counts every segment; 100 counts word-like segments for word iterators).
 */
int64_t cicu_brk_count(void *h, int32_t min_status);

#ifdef __cplusplus
}
#endif
#endif
