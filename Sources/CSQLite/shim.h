#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro Swift cannot import: it tells SQLite to copy a bound value.
static inline sqlite3_destructor_type csqlite_transient(void) { return SQLITE_TRANSIENT; }

/// Asks the processor to fetch the memory at `address` into cache without waiting for it (the
/// ingest's name table, a row ahead). Not SQLite's: the one C builtin Swift cannot call.
static inline void csqlite_prefetch(const void *address) { __builtin_prefetch(address); }
