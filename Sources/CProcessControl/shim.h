#ifndef BOT4_CPROCESSCONTROL_SHIM_H
#define BOT4_CPROCESSCONTROL_SHIM_H
// prctl(2) is variadic, which Swift cannot call: these fixed-arity wrappers can be. fork(2) is unavailable in
// Swift: the supervised spawn below does the fork-to-exec part in C.
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

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/// fork + execve with the parent-death signal set in the child (Linux), for a supervisor that must not leave
/// its child running unsupervised. Between fork and execve the child calls only async-signal-safe functions:
/// prctl(PR_SET_PDEATHSIG), getppid() (if the parent already died the child exits 127 without running the
/// program), signal dispositions back to SIG_DFL, an empty signal mask, execve; a file execve refuses with
/// ENOEXEC (a script without `#!`) is run as `/bin/sh path args…`, as execvp does (should that fail too, the
/// errno reported is ENOEXEC). An exec failure's errno comes
/// back through a close-on-exec pipe. Returns the child's pid, or -1 with errno set (the child is reaped).
/// Linux sends the parent-death signal when the *thread* that forked exits: call this from a thread that lives
/// as long as the supervisor.
static inline pid_t bot4_spawn_supervised(const char *path, char *const argv[], char *const envp[],
                                          const int *default_signals, int default_count,
                                          int parent_death_signal) {
    int fds[2];
#ifdef __linux__
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
#else
    if (pipe(fds) != 0) return -1;
    (void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    (void)fcntl(fds[1], F_SETFD, FD_CLOEXEC);
#endif
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        int failure = 0;
        close(fds[0]);
#ifdef __linux__
        if (parent_death_signal != 0) {
            if (prctl(PR_SET_PDEATHSIG, (unsigned long)parent_death_signal, 0UL, 0UL, 0UL) != 0) {
                failure = errno;
                (void)!write(fds[1], &failure, sizeof failure);
                _exit(127);
            }
            if (getppid() != parent) _exit(127);
        }
#else
        (void)parent_death_signal;
        (void)parent;
#endif
        for (int i = 0; i < default_count; i++) signal(default_signals[i], SIG_DFL);
        sigset_t empty;
        sigemptyset(&empty);
        sigprocmask(SIG_SETMASK, &empty, NULL);
        execve(path, argv, envp);
        failure = errno;
        if (failure == ENOEXEC) {
            // As execvp does: a file the kernel cannot run (no `#!` line) is run by /bin/sh, with the
            // file as the script and the rest of argv as its arguments. The array lives on the stack.
            int count = 0;
            while (argv[count] != NULL) count++;
            char *shell_argv[count + 3];
            int n = 0;
            shell_argv[n++] = (char *)"/bin/sh";
            shell_argv[n++] = (char *)path;
            for (int i = 1; i < count; i++) shell_argv[n++] = argv[i];
            shell_argv[n] = NULL;
            execve("/bin/sh", shell_argv, envp);
        }
        (void)!write(fds[1], &failure, sizeof failure);
        _exit(127);
    }
    close(fds[1]);
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(fds[0], &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(fds[0]);
    if (got == (ssize_t)sizeof child_errno) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        errno = child_errno;
        return -1;
    }
    return pid;
}

#if defined(__GLIBC__)
#include <spawn.h>
// Declared by <spawn.h> only under _GNU_SOURCE, which the C library's Swift module is not built with.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

/// Adds to `actions` the closing of every descriptor from `from` up in the child (glibc 2.34 and later), so
/// that a posix_spawn'd child inherits only what the actions set up. 0, or an errno value.
static inline int bot4_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}
#endif

#endif
