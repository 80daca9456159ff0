#include "filter.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "alloc.h"
#include "err.h"

/* Calls refused with EPERM whatever their arguments. */
static const char *const denied_calls[] = {
	"mount",
	"umount2",
	"pivot_root",
	"chroot",
	"setns",
	"unshare",
	"ptrace",
	"process_vm_readv",
	"process_vm_writev",
	"bpf",
	"perf_event_open",
	"userfaultfd",
	"keyctl",
	"add_key",
	"request_key",
	"io_uring_setup",
	"io_uring_enter",
	"io_uring_register",
	"kexec_load",
	"kexec_file_load",
	"init_module",
	"finit_module",
	"delete_module",
	"open_by_handle_at",
	"name_to_handle_at",
	"swapon",
	"swapoff",
	"reboot",
	"acct",
	"quotactl",
	"quotactl_fd",
	"settimeofday",
	"clock_settime",
	"clock_adjtime",
	"adjtimex",
	"syslog",
	"vhangup",
	"iopl",
	"ioperm",
	"lookup_dcookie",
	"fanotify_init",
	"nfsservctl",
	"uselib",
	"sethostname",
	"setdomainname",
	"move_mount",
	"open_tree",
	"fsopen",
	"fsconfig",
	"fsmount",
	"fspick",
	"mount_setattr",
	"pidfd_getfd",
	"kcmp",
	"create_module",
	"get_kernel_syms",
	"query_module",
	"_sysctl",
	"vm86",
	"vm86old",
};

/* Refused too in runs forked by a zygote: those share the zygote's IPC
 * namespace, where SysV objects and POSIX message queues would outlive a run
 * and reach the next one. */
static const char *const zygote_denied_calls[] = {
	"shmget", "semget", "msgget", "mq_open", "mq_unlink",
};

static const uint64_t namespace_flags[] = {
	CLONE_NEWNS,  CLONE_NEWUTS, CLONE_NEWIPC,    CLONE_NEWUSER,
	CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

/* Socket families refused: everything but AF_UNIX (1), AF_INET (2) and
 * AF_INET6 (10). */
static const uint64_t denied_families[] = { 0, 3, 4, 5, 6, 7, 8, 9 };

static int deny_all(scmp_filter_ctx ctx, const char *const *calls, size_t n,
		    const char **what)
{
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(calls[i]);
		int rc;
		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture */
		*what = calls[i];
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int add_rules(scmp_filter_ctx ctx, int variant, const char **what)
{
	const uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
	size_t i;
	int rc;

	rc = deny_all(ctx, denied_calls,
		      sizeof(denied_calls) / sizeof(denied_calls[0]), what);
	if (rc == 0 && variant == VD_FILTER_ZYGOTE)
		rc = deny_all(ctx, zygote_denied_calls,
			      sizeof(zygote_denied_calls) /
				      sizeof(zygote_denied_calls[0]),
			      what);
	if (rc < 0)
		return rc;
	*what = "clone";
	for (i = 0; i < sizeof(namespace_flags) / sizeof(namespace_flags[0]);
	     i++) {
		rc = seccomp_rule_add(ctx, eperm, SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ,
					      namespace_flags[i],
					      namespace_flags[i]));
		if (rc < 0)
			return rc;
	}
	*what = "clone3";
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc < 0)
		return rc;
	*what = "socket";
	for (i = 0; i < sizeof(denied_families) / sizeof(denied_families[0]);
	     i++) {
		rc = seccomp_rule_add(
			ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), SCMP_SYS(socket), 1,
			SCMP_A0(SCMP_CMP_EQ, denied_families[i], 0));
		if (rc < 0)
			return rc;
	}
	rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT),
			      SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_GE, 11, 0));
	if (rc < 0)
		return rc;
	*what = "ioctl";
	rc = seccomp_rule_add(
		ctx, eperm, SCMP_SYS(ioctl), 1,
		SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCSTI));
	if (rc < 0)
		return rc;
	rc = seccomp_rule_add(
		ctx, eperm, SCMP_SYS(ioctl), 1,
		SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, TIOCLINUX));
	if (rc < 0)
		return rc;
	/* flock(LOCK_EX): every box shares the inodes of the read-only
	 * toolchain binds, and an exclusive flock needs no write access, so
	 * it would be a channel between boxes (and a way to stall a peer that
	 * locks). Shared locks cannot conflict with one another and stay. */
	*what = "flock";
	rc = seccomp_rule_add(ctx, eperm, SCMP_SYS(flock), 1,
			      SCMP_A1(SCMP_CMP_MASKED_EQ, LOCK_EX, LOCK_EX));
	if (rc < 0)
		return rc;
	/* personality(): only PER_LINUX (0) and the query 0xffffffff. A
	 * filter rule compares an argument once, so "neither 0 nor all ones"
	 * is spelt per bit: refuse "bit b set, bit 31 clear" and "bit b
	 * clear, bit 31 set" for every b below 31 (the kernel reads 32 bits). */
	*what = "personality";
	for (i = 0; i < 31; i++) {
		uint64_t bit = 1ull << i, top = 1ull << 31;
		rc = seccomp_rule_add(
			ctx, eperm, SCMP_SYS(personality), 1,
			SCMP_A0(SCMP_CMP_MASKED_EQ, bit | top, bit));
		if (rc == 0)
			rc = seccomp_rule_add(
				ctx, eperm, SCMP_SYS(personality), 1,
				SCMP_A0(SCMP_CMP_MASKED_EQ, bit | top, top));
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int export_bpf(scmp_filter_ctx ctx, unsigned char **bpf, size_t *len,
		      struct vd_error *err)
{
	struct stat st;
	unsigned char *p;
	ssize_t n;
	int fd = memfd_create("verdict-bpf", MFD_CLOEXEC);
	int rc;

	if (fd < 0)
		return vd_error_errno(err, VD_ESYS, "seccomp: memfd_create");
	rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		errno = -rc;
		return vd_error_errno(err, VD_ESYS, "seccomp: export");
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		close(fd);
		return vd_error_errno(err, VD_ESYS, "seccomp: empty filter");
	}
	p = vd_malloc((size_t)st.st_size);
	if (!p) {
		close(fd);
		return vd_error_set(err, VD_ENOMEM, 0,
				    "seccomp: out of memory");
	}
	n = pread(fd, p, (size_t)st.st_size, 0);
	close(fd);
	if (n != st.st_size) {
		vd_free_mem(p);
		return vd_error_errno(err, VD_ESYS, "seccomp: read back");
	}
	*bpf = p;
	*len = (size_t)n;
	return 0;
}

int vd_filter_build(unsigned char **bpf, size_t *len, struct vd_error *err)
{
	return vd_filter_build_variant(VD_FILTER_RUN, bpf, len, err);
}

int vd_filter_build_variant(int variant, unsigned char **bpf, size_t *len,
			    struct vd_error *err)
{
	const char *what = "init";
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return vd_error_set(err, VD_ENOMEM, 0, "seccomp_init failed");
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			      SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc == 0)
		rc = add_rules(ctx, variant, &what);
	if (rc < 0) {
		seccomp_release(ctx);
		errno = -rc;
		return vd_error_errno(err, VD_ESYS, "seccomp rule %s", what);
	}
	rc = export_bpf(ctx, bpf, len, err);
	seccomp_release(ctx);
	return rc;
}
