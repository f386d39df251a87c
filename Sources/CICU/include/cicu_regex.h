#ifndef CICU_REGEX_H
#define CICU_REGEX_H
/*
 * ICU regular expressions (uregex) over UTF-8 text, for the Hugging Face Split pre-tokenizer patterns
 * that tokcost has no hand-written scanner for. Plain C types only (see cicu.h for why).
 *
 * Errors follow cicu.h: `int32_t *err` is an ICU UErrorCode, 0 on entry, > 0 on failure.
 */
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Flags for cicu_regex_open (values of ICU's URegexpFlag). */
enum {
    CICU_REGEX_UNIX_LINES = 1,
    CICU_REGEX_CASE_INSENSITIVE = 2,
    CICU_REGEX_MULTILINE = 8
};

/**
 * Compiles a UTF-8 pattern. Returns an opaque handle (free with cicu_regex_close), or NULL with *err set;
 * on a syntax error *error_offset is the UTF-16 offset in the pattern (or -1).
 */
void *cicu_regex_open(const uint8_t *pattern, int32_t length, int32_t flags, int32_t *error_offset, int32_t *err);

/** A copy of a compiled pattern for one thread (a handle must not be used by two threads at once). */
void *cicu_regex_clone(const void *handle, int32_t *err);

/** Frees a handle from cicu_regex_open or cicu_regex_clone (NULL is ignored). */
void cicu_regex_close(void *handle);

/**
 * Starts matching the UTF-8 text (not copied: it must stay alive and unchanged until the next
 * cicu_regex_set_text or cicu_regex_clear_text on this handle).
 */
void cicu_regex_set_text(void *handle, const uint8_t *text, int32_t length, int32_t *err);

/**
 * Finds the next non-overlapping matches (as a regex "find all" does; empty matches included). Writes up to
 * `capacity` pairs (start, end) of UTF-8 byte offsets into out[0..2*capacity-1] and returns how many it wrote;
 * fewer than `capacity` means there are no more matches.
 */
int32_t cicu_regex_next_matches(void *handle, int32_t *out, int32_t capacity, int32_t *err);

/** Makes the handle forget the text given to cicu_regex_set_text. */
void cicu_regex_clear_text(void *handle);

#ifdef __cplusplus
}
#endif
#endif
