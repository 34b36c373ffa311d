#ifndef BOT4_CSODIUM_SHIM_H
#define BOT4_CSODIUM_SHIM_H
#include <sodium.h>
#endif
