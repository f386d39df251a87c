#ifndef CICU_H
#define CICU_H
#include <stdint.h>
/// Placeholder; the Unicode layer fills this C API in.
int32_t cicu_version_major(void);
#endif
