#ifndef BOT4_CPROCESSCONTROL_SHIM_H
#define BOT4_CPROCESSCONTROL_SHIM_H
// prctl(2) is variadic, which Swift cannot call: these fixed-arity wrappers can be.
#ifdef __linux__
#include <sys/prctl.h>

/// PR_SET_DUMPABLE: 0 forbids core dumps and ptrace attach by same-uid processes; reset by execve.
static inline int bot4_set_dumpable(int dumpable) {
    return prctl(PR_SET_DUMPABLE, (unsigned long)dumpable, 0UL, 0UL, 0UL);
}

/// PR_GET_DUMPABLE: 1 when the process may dump core, 0 when not, -1 on error.
static inline int bot4_get_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
}
#endif
#endif
