#include <zlib.h>

/// `inflateInit2` is a macro Swift cannot import: start a raw-DEFLATE inflater (no zlib or gzip
/// header), as zip entries are stored.
static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2_(stream, -15, ZLIB_VERSION, (int)sizeof(z_stream));
}
