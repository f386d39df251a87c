/*
 * CICU implementation: the only place where ICU headers are included. See include/cicu.h.
 * No global mutable state: ICU's normalizer instances are ICU-owned immutable singletons; break
 * iterators and UTexts live in caller-owned handles.
 */
#include "cicu.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

/* ---- version and errors ---- */

int32_t cicu_version_major(void) {
    UVersionInfo v;
    u_getVersion(v);
    return v[0];
}

void cicu_version(uint8_t out[4]) {
    UVersionInfo v;
    u_getVersion(v);
    memcpy(out, v, 4);
}

void cicu_unicode_version(uint8_t out[4]) {
    UVersionInfo v;
    u_getUnicodeVersion(v);
    memcpy(out, v, 4);
}

const char *cicu_error_name(int32_t err) { return u_errorName((UErrorCode)err); }

/* ---- normalization ---- */

const void *cicu_normalizer_get(int32_t form, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    const UNormalizer2 *n = NULL;
    switch (form) {
    case CICU_NFC: n = unorm2_getNFCInstance(&e); break;
    case CICU_NFD: n = unorm2_getNFDInstance(&e); break;
    case CICU_NFKC: n = unorm2_getNFKCInstance(&e); break;
    case CICU_NFKD: n = unorm2_getNFKDInstance(&e); break;
    case CICU_NFKC_CF: n = unorm2_getNFKCCasefoldInstance(&e); break;
    default: e = U_ILLEGAL_ARGUMENT_ERROR; break;
    }
    *err = (int32_t)e;
    return U_SUCCESS(e) ? (const void *)n : NULL;
}

int32_t cicu_norm_has_boundary_before(const void *norm, int32_t c) {
    return unorm2_hasBoundaryBefore((const UNormalizer2 *)norm, (UChar32)c) ? 1 : 0;
}

int32_t cicu_norm_span_quick_check_yes(const void *norm, const uint16_t *src, int32_t len, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    int32_t r = unorm2_spanQuickCheckYes((const UNormalizer2 *)norm, (const UChar *)src, len, &e);
    *err = (int32_t)e;
    return r;
}

int32_t cicu_norm_quick_check(const void *norm, const uint16_t *src, int32_t len, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    UNormalizationCheckResult r = unorm2_quickCheck((const UNormalizer2 *)norm, (const UChar *)src, len, &e);
    *err = (int32_t)e;
    return r == UNORM_YES ? 1 : (r == UNORM_MAYBE ? 2 : 0);
}

int32_t cicu_norm_is_normalized16(const void *norm, const uint16_t *src, int32_t len, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    const UNormalizer2 *n = (const UNormalizer2 *)norm;
    int32_t span = unorm2_spanQuickCheckYes(n, (const UChar *)src, len, &e);
    UBool ok = 1;
    if (U_SUCCESS(e) && span < len) {
        /* The span ends at a normalization boundary, so only the rest needs the full check ("maybe" resolved). */
        ok = unorm2_isNormalized(n, (const UChar *)src + span, len - span, &e);
    }
    *err = (int32_t)e;
    return (U_SUCCESS(e) && ok) ? 1 : 0;
}

int32_t cicu_norm_normalize16(const void *norm, const uint16_t *src, int32_t len,
                              uint16_t *dst, int32_t cap, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    if (U_FAILURE(e)) return 0;
    const UNormalizer2 *n = (const UNormalizer2 *)norm;
    int32_t span = unorm2_spanQuickCheckYes(n, (const UChar *)src, len, &e);
    if (U_FAILURE(e)) { *err = (int32_t)e; return 0; }
    if (span == len) {
        if (len > cap) { *err = U_BUFFER_OVERFLOW_ERROR; return len; }
        memcpy(dst, src, (size_t)len * sizeof(uint16_t));
        return len;
    }
    if (span <= cap) {
        memcpy(dst, src, (size_t)span * sizeof(uint16_t));
        int32_t r = unorm2_normalizeSecondAndAppend(n, (UChar *)dst, span, cap,
                                                   (const UChar *)src + span, len - span, &e);
        if (U_SUCCESS(e)) { *err = (int32_t)e; return r; }
        if (e != U_BUFFER_OVERFLOW_ERROR) { *err = (int32_t)e; return 0; }
        e = U_ZERO_ERROR;
    }
    /* Too small: preflight the exact length so the caller can retry. */
    int32_t need = unorm2_normalize(n, (const UChar *)src, len, NULL, 0, &e);
    if (e == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(e)) e = U_BUFFER_OVERFLOW_ERROR;
    *err = (int32_t)e;
    return need;
}

/* Length of the leading run of bytes that are ASCII and already normalized in `form`. */
static int32_t ascii_normalized_prefix(int32_t form, const uint8_t *src, int32_t len) {
    int32_t i = 0;
    if (form == CICU_NFKC_CF) {
        while (i < len && src[i] < 0x80 && !(src[i] >= 'A' && src[i] <= 'Z')) i++;
        return i;
    }
    /* 8 bytes at a time while no high bit is set. */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, src + i, 8);
        if (w & 0x8080808080808080ULL) break;
        i += 8;
    }
    while (i < len && src[i] < 0x80) i++;
    return i;
}

int32_t cicu_norm_utf8_is_normalized(const void *norm, int32_t form, const uint8_t *src, int32_t len,
                                     int32_t *err) {
    if (U_FAILURE((UErrorCode)*err)) return 0;
    int32_t start = ascii_normalized_prefix(form, src, len);
    if (start == len) return 1;
    /* Back up one ASCII character: the text after it may combine with it (e + U+0301). */
    if (start > 0) start--;
    int32_t rest = len - start;
    UChar stackbuf[2048];
    UChar *buf = stackbuf;
    if (rest > (int32_t)(sizeof(stackbuf) / sizeof(UChar))) {
        buf = (UChar *)malloc((size_t)rest * sizeof(UChar));
        if (!buf) { *err = U_MEMORY_ALLOCATION_ERROR; return 0; }
    }
    UErrorCode e = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(buf, rest, &n16, (const char *)src + start, rest, &e);
    int32_t r = 0;
    if (U_SUCCESS(e)) {
        int32_t ie = 0;
        r = cicu_norm_is_normalized16(norm, (const uint16_t *)buf, n16, &ie);
        e = (UErrorCode)ie;
    }
    if (buf != stackbuf) free(buf);
    *err = (int32_t)e;
    return r;
}

/* ---- scripts ---- */

int32_t cicu_script_of(int32_t c) {
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)c, &e);
    return U_SUCCESS(e) ? (int32_t)s : 0;
}

int32_t cicu_script_extensions(int32_t c, int32_t *out, int32_t cap) {
    UScriptCode tmp[64];
    UErrorCode e = U_ZERO_ERROR;
    int32_t n = uscript_getScriptExtensions((UChar32)c, tmp, 64, &e);
    if (U_FAILURE(e) && e != U_BUFFER_OVERFLOW_ERROR) return 0;
    for (int32_t i = 0; i < n && i < cap && i < 64; i++) out[i] = (int32_t)tmp[i];
    return n;
}

const char *cicu_script_name(int32_t code) { return uscript_getName((UScriptCode)code); }

const char *cicu_script_short_name(int32_t code) { return uscript_getShortName((UScriptCode)code); }

int32_t cicu_script_from_name(const char *name) {
    int32_t v = u_getPropertyValueEnum(UCHAR_SCRIPT, name);
    return v == UCHAR_INVALID_CODE ? -1 : v;
}

/* ---- break iteration ---- */

typedef struct {
    UBreakIterator *bi;
    UText *ut;
} cicu_brk;

void *cicu_brk_open(int32_t kind, const char *locale, int32_t *err) {
    UErrorCode e = (UErrorCode)*err;
    if (U_FAILURE(e)) return NULL;
    if (kind < UBRK_CHARACTER || kind > UBRK_SENTENCE) { *err = U_ILLEGAL_ARGUMENT_ERROR; return NULL; }
    cicu_brk *h = (cicu_brk *)calloc(1, sizeof(cicu_brk));
    if (!h) { *err = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    h->bi = ubrk_open((UBreakIteratorType)kind, locale, NULL, 0, &e);
    if (U_SUCCESS(e)) h->ut = utext_openUTF8(NULL, "", 0, &e);
    if (U_SUCCESS(e)) ubrk_setUText(h->bi, h->ut, &e);
    if (U_FAILURE(e)) {
        cicu_brk_close(h);
        *err = (int32_t)e;
        return NULL;
    }
    return h;
}

void cicu_brk_close(void *p) {
    if (!p) return;
    cicu_brk *h = (cicu_brk *)p;
    if (h->bi) ubrk_close(h->bi);
    if (h->ut) utext_close(h->ut);
    free(h);
}

void cicu_brk_set_utf8(void *p, const uint8_t *s, int64_t len, int32_t *err) {
    cicu_brk *h = (cicu_brk *)p;
    UErrorCode e = (UErrorCode)*err;
    if (U_FAILURE(e)) return;
    /* Re-opening into the same UText reuses its storage. */
    h->ut = utext_openUTF8(h->ut, (const char *)(s ? s : (const uint8_t *)""), len, &e);
    if (U_SUCCESS(e)) ubrk_setUText(h->bi, h->ut, &e);
    if (U_SUCCESS(e)) ubrk_first(h->bi);
    *err = (int32_t)e;
}

int32_t cicu_brk_next(void *p) { return ubrk_next(((cicu_brk *)p)->bi); }

int32_t cicu_brk_rule_status(void *p) { return ubrk_getRuleStatus(((cicu_brk *)p)->bi); }

int32_t cicu_brk_preceding(void *p, int32_t offset) {
    return ubrk_preceding(((cicu_brk *)p)->bi, offset);
}

int64_t cicu_brk_count(void *p, int32_t min_status) {
    cicu_brk *h = (cicu_brk *)p;
    int64_t n = 0;
    ubrk_first(h->bi);
    if (min_status <= 0) {
        while (ubrk_next(h->bi) != UBRK_DONE) n++;
    } else {
        while (ubrk_next(h->bi) != UBRK_DONE) {
            if (ubrk_getRuleStatus(h->bi) >= min_status) n++;
        }
    }
    return n;
}

int32_t cicu_norm_utf8_normalize_if_needed(const void *norm, int32_t form, const uint8_t *src, int32_t len,
                                           uint8_t *dst, int32_t cap, int32_t *err) {
    if (U_FAILURE((UErrorCode)*err)) return 0;
    int32_t ascii = ascii_normalized_prefix(form, src, len);
    if (ascii == len) return -1;
    /* The character before the first non-ASCII one may combine with it: check from there. */
    int32_t checkFrom = ascii > 0 ? ascii - 1 : 0;
    UErrorCode e = U_ZERO_ERROR;
    UChar *in16 = (UChar *)malloc((size_t)(len > 0 ? len : 1) * sizeof(UChar));
    if (!in16) { *err = U_MEMORY_ALLOCATION_ERROR; return 0; }
    int32_t n16 = 0;
    u_strFromUTF8(in16, len, &n16, (const char *)src, len, &e);
    if (U_FAILURE(e)) { free(in16); *err = (int32_t)e; return 0; }
    /* ASCII maps 1:1 to UTF-16, so byte offset checkFrom is code unit offset checkFrom. */
    int32_t ie = 0;
    int32_t ok = cicu_norm_is_normalized16(norm, (const uint16_t *)in16 + checkFrom, n16 - checkFrom, &ie);
    if (ie > 0) { free(in16); *err = ie; return 0; }
    if (ok) { free(in16); return -1; }

    int32_t outCap = n16 + n16 / 2 + 16;
    UChar *out16 = (UChar *)malloc((size_t)outCap * sizeof(UChar));
    if (!out16) { free(in16); *err = U_MEMORY_ALLOCATION_ERROR; return 0; }
    int32_t ne = 0;
    int32_t outLen = cicu_norm_normalize16(norm, (const uint16_t *)in16, n16, (uint16_t *)out16, outCap, &ne);
    if (ne == U_BUFFER_OVERFLOW_ERROR) {
        free(out16);
        outCap = outLen + 16;
        out16 = (UChar *)malloc((size_t)outCap * sizeof(UChar));
        if (!out16) { free(in16); *err = U_MEMORY_ALLOCATION_ERROR; return 0; }
        ne = 0;
        outLen = cicu_norm_normalize16(norm, (const uint16_t *)in16, n16, (uint16_t *)out16, outCap, &ne);
    }
    free(in16);
    if (ne > 0) { free(out16); *err = ne; return 0; }
    int32_t n8 = 0;
    u_strToUTF8((char *)dst, cap, &n8, out16, outLen, &e);
    free(out16);
    if (e == U_STRING_NOT_TERMINATED_WARNING) e = U_ZERO_ERROR;
    *err = (int32_t)e;
    return n8;
}
