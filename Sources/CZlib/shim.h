#ifndef BOT4_CZLIB_SHIM_H
#define BOT4_CZLIB_SHIM_H
// inflateInit2 is a macro, which Swift cannot call: this fixed-arity wrapper can be.
#include <zlib.h>

/// Starts a raw-deflate inflater (no zlib or gzip header: the form zip entries use).
static inline int bot4_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}
#endif
