/*
 * filter: the seccomp system-call filter of every sandboxed process, built once.
 *
 * The filter is compiled with libseccomp when the engine starts and exported
 * as classic BPF; the keeper loads those bytes in each child just before
 * exec (seccomp(2) with no_new_privs), so no child compiles anything.
 *
 * Policy: a deny-list over a default of "allow", because the runtimes we
 * host (CPython, gcc and its helpers, the C++ runtime) use a wide and
 * version-dependent set of calls, while the dangerous set is short and
 * stable (sandbox.md, attack checklist items 10-17):
 *   - EPERM: mount and friends, pivot_root, chroot, namespaces (setns,
 *     unshare, clone with CLONE_NEW* flags), ptrace, process_vm_*, bpf,
 *     perf_event_open, userfaultfd, keyrings, io_uring, module and kexec
 *     calls, open_by_handle_at, clock and host settings, TIOCSTI/TIOCLINUX
 *     ioctls, personality changes, exclusive flock (the read-only binds'
 *     inodes are shared by every box: LOCK_EX on them would be a channel
 *     between boxes), sockets other than AF_UNIX/INET/INET6
 *     (AF_VSOCK, AF_NETLINK, AF_PACKET, AF_ALG ... are not namespaced or
 *     widen the kernel surface).
 *   - ENOSYS: clone3 (its flags live in memory a filter cannot read; glibc
 *     falls back to clone, whose flags the filter checks).
 *   - any other architecture (i386, x32): the process is killed.
 * The zygote's variant (inherited by every run it forks) also refuses SysV
 * IPC and POSIX message queues: those runs share the zygote's IPC
 * namespace, so such objects would outlive a run.
 */
#ifndef VD_FILTER_H
#define VD_FILTER_H

#include <stddef.h>

#include "verdict.h"

enum vd_filter_variant {
	VD_FILTER_RUN = 0,    /* a run's process (the keeper loads it) */
	VD_FILTER_ZYGOTE = 1, /* a zygote and the runs it forks */
};

/* Builds the filter; *bpf (vd_free_mem) holds struct sock_filter[*len/8]. */
int vd_filter_build(unsigned char **bpf, size_t *len, struct vd_error *err);
int vd_filter_build_variant(int variant, unsigned char **bpf, size_t *len,
			    struct vd_error *err);

#endif
