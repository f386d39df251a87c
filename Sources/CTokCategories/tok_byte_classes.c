// The pre-tokenizer classes of the ASCII bytes and of every three-byte UTF-8 scalar in one flat table,
// built once per process from the generated two-stage table (tok_categories.c). Written by hand.
#include "tok_categories.h"
#include <pthread.h>

// [0 ..< 65536]: the class of the scalar a three-byte sequence encodes, by scalar value;
// [65536 ..< 65664]: the classes of the ASCII bytes.
static uint8_t classes[65536 + 128];
static pthread_once_t classes_once = PTHREAD_ONCE_INIT;

static void build_classes(void) {
    for (uint32_t scalar = 0; scalar < 0x10000; scalar++) {
        // Below 0x800 a three-byte sequence is an overlong form; 0xD800 ... 0xDFFF are surrogates.
        classes[scalar] = (scalar < 0x800 || (scalar & 0xF800) == 0xD800) ? TOK_CLASS_NOT_THREE_BYTE : tok_category(scalar);
    }
    for (uint32_t byte = 0; byte < 0x80; byte++) classes[0x10000 + byte] = tok_ascii_classes[byte];
}

const uint8_t *tok_byte_classes(void) {
    pthread_once(&classes_once, build_classes);
    return classes + 0x10000;
}
