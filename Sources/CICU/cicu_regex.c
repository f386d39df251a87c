/*
 * ICU regular expressions over UTF-8 text (see include/cicu_regex.h). The ICU headers are included here only.
 */
#include "cicu_regex.h"

#include <stdlib.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

static const UChar empty16 = 0;
static const char empty8 = 0;

void *cicu_regex_open(const uint8_t *pattern, int32_t length, int32_t flags, int32_t *error_offset, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    *error_offset = -1;
    int32_t needed = 0;
    u_strFromUTF8(NULL, 0, &needed, (const char *)pattern, length, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) { *err = status; return NULL; }
    status = U_ZERO_ERROR;
    UChar *buffer = (UChar *)malloc(sizeof(UChar) * (size_t)(needed + 1));
    if (!buffer) { *err = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    u_strFromUTF8(buffer, needed + 1, NULL, (const char *)pattern, length, &status);
    if (U_FAILURE(status)) { free(buffer); *err = status; return NULL; }
    UParseError parse;
    URegularExpression *re = uregex_open(buffer, needed, (uint32_t)flags, &parse, &status);
    free(buffer);
    if (U_FAILURE(status)) {
        *err = status;
        *error_offset = parse.offset;
        return NULL;
    }
    /* Backtracking on long pieces (e.g. a long whitespace run) must not fail for lack of stack. */
    uregex_setStackLimit(re, 0, &status);
    if (U_FAILURE(status)) { uregex_close(re); *err = status; return NULL; }
    return re;
}

void *cicu_regex_clone(const void *handle, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *re = uregex_clone((const URegularExpression *)handle, &status);
    if (U_FAILURE(status)) { *err = status; return NULL; }
    return re;
}

void cicu_regex_close(void *handle) {
    if (handle) uregex_close((URegularExpression *)handle);
}

void cicu_regex_set_text(void *handle, const uint8_t *text, int32_t length, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    utext_openUTF8(&ut, text ? (const char *)text : &empty8, length, &status);
    if (U_SUCCESS(status)) uregex_setUText((URegularExpression *)handle, &ut, &status);  /* clones the UText */
    utext_close(&ut);
    if (U_FAILURE(status)) *err = status;
}

int32_t cicu_regex_next_matches(void *handle, int32_t *out, int32_t capacity, int32_t *err) {
    URegularExpression *re = (URegularExpression *)handle;
    UErrorCode status = U_ZERO_ERROR;
    int32_t count = 0;
    while (count < capacity && uregex_findNext(re, &status) && U_SUCCESS(status)) {
        int64_t start = uregex_start64(re, 0, &status);
        int64_t end = uregex_end64(re, 0, &status);
        out[2 * count] = (int32_t)start;
        out[2 * count + 1] = (int32_t)end;
        count++;
    }
    if (U_FAILURE(status)) { *err = status; return count; }
    return count;
}

void cicu_regex_clear_text(void *handle) {
    UErrorCode status = U_ZERO_ERROR;
    uregex_setText((URegularExpression *)handle, &empty16, 0, &status);
}
