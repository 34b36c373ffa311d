#ifndef BOT4_CLIBDEFLATE_SHIM_H
#define BOT4_CLIBDEFLATE_SHIM_H
// libdeflate: whole-buffer raw DEFLATE decompression and CRC-32, for zip entries whose sizes the central
// directory declares.
#include <libdeflate.h>
#endif
