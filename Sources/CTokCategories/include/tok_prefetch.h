#ifndef TOK_PREFETCH_H
#define TOK_PREFETCH_H

/// Asks the processor to start loading the cache line that holds `address` for reading. A hint
/// only: it never faults, whatever the address. The encoder uses it to overlap the hash-table probe
/// of the next stretch of text with the work on the current one.
static inline void tok_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

#endif
