/*
 * sandbox: the engine's side of a slot (see sandbox.h and the theory of
 * operation in src/keeper/keeper.c).
 *
 * Creating a slot: clone3() with new pid, mount, ipc, uts and net namespaces
 * and CLONE_PIDFD (on cgroup v2 also CLONE_INTO_CGROUP, straight into the
 * slot's keeper group); between clone and exec the child only places two
 * descriptors and calls execveat() on the keeper image, so the engine may be
 * multi-threaded. On cgroup v1 the engine then moves the keeper into the
 * slot's groups, once. Finally the SETUP message carries the uid, the paths
 * to bind and the seccomp BPF, and the keeper answers when its box is built.
 *
 * Running: see vd_slot_exec. The engine never touches the box's files: what
 * goes in travels as descriptors (memfds), what comes out comes back as a
 * descriptor opened by the keeper with O_NOFOLLOW, so no path the program
 * controls is ever followed by a privileged process outside the box.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "cgroup.h"
#include "err.h"
#include "filter.h"
#include "sandbox_proto.h"

/* The keeper binary, linked in by keeper_image.S. */
extern const unsigned char vd_keeper_image[];
extern const unsigned char vd_keeper_image_end[];

#define KEEPER_REPLY_TIMEOUT_MS 10000
#define ZYGOTE_READY_TIMEOUT_MS 20000
#define KILL_GRACE_MS		5000
#define DRAIN_TIMEOUT_MS	2000

/* Host paths bound read-only into every box (missing ones are skipped):
 * the toolchains and interpreters live in /usr; the top-level links of a
 * merged-/usr system are recreated as links. */
static const char *const default_paths[] = {
	"/usr",
	"/bin",
	"/sbin",
	"/lib",
	"/lib32",
	"/lib64",
	"/libx32",
	"/etc/ld.so.cache",
	"/etc/ld.so.conf",
	"/etc/ld.so.conf.d",
	"/etc/alternatives",
	"/etc/localtime",
	"/etc/python3",
	"/etc/python3.11",
	"/etc/python3.12",
	"/etc/python3.13",
};

struct vd_sandbox {
	const struct vd_log *log;
	uint32_t uid_base;
	int keeper_fd; /* read-only memfd of the keeper image */
	unsigned char *bpf;
	size_t bpf_len;
	char *paths; /* NUL-separated */
	size_t paths_len;
	struct vd_cgroup *cg;
	char isolation[256];
	/* the zygote: its ZYGOTE message (header, strings, BPF) and program */
	char *zygote_msg;
	size_t zygote_msg_len;
	int zygote_fd; /* sealed memfd, -1 = no zygote */
	bool pin_cpus;
};

struct vd_slot {
	struct vd_sandbox *sb;
	uint32_t index;
	int pidfd;
	int pid;
	int sock;
	bool broken;
	bool zygote_up;
	int cpu; /* bound to this CPU, or -1 */
	struct vd_cgroup_slot *cg;
};

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Writes data into a new sealed memfd and returns a read-only descriptor
 * of it (a writable descriptor would make execveat fail with ETXTBSY). */
static int sealed_memfd(const char *name, const void *data, size_t len)
{
	char path[64];
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	int ro;
	size_t off = 0;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
		goto fail;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ro = open(path, O_RDONLY | O_CLOEXEC);
	if (ro < 0)
		goto fail;
	close(fd);
	return ro;
fail : {
	int saved = errno;
	close(fd);
	errno = saved;
}
	return -1;
}

static int build_paths(struct vd_sandbox *sb, const char *extra,
		       struct vd_error *err)
{
	size_t cap = 0, n = 0;
	char *p;

	for (size_t i = 0; i < sizeof(default_paths) / sizeof(*default_paths);
	     i++)
		cap += strlen(default_paths[i]) + 1;
	if (extra)
		cap += strlen(extra) + 1;
	p = vd_malloc(cap + 1);
	if (!p)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	for (size_t i = 0; i < sizeof(default_paths) / sizeof(*default_paths);
	     i++) {
		size_t l = strlen(default_paths[i]);
		memcpy(p + n, default_paths[i], l + 1);
		n += l + 1;
	}
	while (extra && *extra) {
		const char *colon = strchr(extra, ':');
		size_t l = colon ? (size_t)(colon - extra) : strlen(extra);
		if (l) {
			if (extra[0] != '/' || memmem(extra, l, "..", 2)) {
				vd_free_mem(p);
				return vd_error_set(
					err, VD_EINVAL, 0,
					"extra box path '%.*s' must be absolute, without '..'",
					(int)l, extra);
			}
			memcpy(p + n, extra, l);
			p[n + l] = '\0';
			n += l + 1;
		}
		extra = colon ? colon + 1 : extra + l;
	}
	sb->paths = p;
	sb->paths_len = n;
	return 0;
}

/* Serialises the ZYGOTE message once: header, argv, envp, the zygote's
 * seccomp filter. The descriptors are added per slot. */
static int build_zygote(struct vd_sandbox *sb, const struct vd_zygote_spec *z,
			struct vd_error *err)
{
	struct vd_msg_zygote h;
	unsigned char *bpf = NULL;
	size_t bpf_len = 0, strings = 0, off;
	uint32_t argc = 0, envc = 0;
	int rc;

	if (!z->argv || !z->argv[0] || z->argv[0][0] != '/' || !z->program)
		return vd_error_set(
			err, VD_EINVAL, 0,
			"sandbox: zygote needs an absolute argv[0] and a program");
	for (; z->argv[argc]; argc++)
		strings += strlen(z->argv[argc]) + 1;
	for (; z->envp && z->envp[envc]; envc++)
		strings += strlen(z->envp[envc]) + 1;
	rc = vd_filter_build_variant(VD_FILTER_ZYGOTE, &bpf, &bpf_len, err);
	if (rc < 0)
		return rc;
	sb->zygote_msg_len = sizeof(h) + strings + bpf_len;
	if (sb->zygote_msg_len > VD_PROTO_MAX_MSG) {
		vd_free_mem(bpf);
		return vd_error_set(err, VD_E2BIG, 0,
				    "sandbox: zygote message too large");
	}
	sb->zygote_msg = vd_malloc(sb->zygote_msg_len);
	if (!sb->zygote_msg) {
		vd_free_mem(bpf);
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	memset(&h, 0, sizeof(h));
	h.type = VD_MSG_ZYGOTE;
	h.argc = argc;
	h.envc = envc;
	h.strings_len = (uint32_t)strings;
	h.bpf_len = (uint32_t)bpf_len;
	h.ready_timeout_ms = ZYGOTE_READY_TIMEOUT_MS;
	memcpy(sb->zygote_msg, &h, sizeof(h));
	off = sizeof(h);
	for (uint32_t i = 0; i < argc; i++) {
		size_t l = strlen(z->argv[i]) + 1;
		memcpy(sb->zygote_msg + off, z->argv[i], l);
		off += l;
	}
	for (uint32_t i = 0; i < envc; i++) {
		size_t l = strlen(z->envp[i]) + 1;
		memcpy(sb->zygote_msg + off, z->envp[i], l);
		off += l;
	}
	memcpy(sb->zygote_msg + off, bpf, bpf_len);
	vd_free_mem(bpf);
	sb->zygote_fd =
		sealed_memfd("verdict-zygote", z->program, z->program_len);
	if (sb->zygote_fd < 0)
		return vd_error_errno(err, VD_ESYS, "sandbox: zygote memfd");
	return 0;
}

int vd_sandbox_new(const struct vd_sandbox_config *cfg, struct vd_sandbox **out,
		   struct vd_error *err)
{
	struct vd_sandbox *sb = vd_calloc(1, sizeof(*sb));
	int rc;

	if (!sb)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	sb->log = cfg->log;
	sb->uid_base = cfg->uid_base;
	sb->pin_cpus = cfg->pin_cpus;
	sb->keeper_fd = -1;
	sb->zygote_fd = -1;
	rc = build_paths(sb, cfg->extra_paths, err);
	if (rc < 0)
		goto fail;
	sb->keeper_fd =
		sealed_memfd("verdict-keeper", vd_keeper_image,
			     (size_t)(vd_keeper_image_end - vd_keeper_image));
	if (sb->keeper_fd < 0) {
		rc = vd_error_errno(err, VD_ESYS,
				    "sandbox: keeper image memfd");
		goto fail;
	}
	rc = vd_filter_build(&sb->bpf, &sb->bpf_len, err);
	if (rc < 0)
		goto fail;
	if (cfg->zygote) {
		rc = build_zygote(sb, cfg->zygote, err);
		if (rc < 0)
			goto fail;
	}
	rc = vd_cgroup_open(cfg->cgroup_mode, &sb->cg, err);
	if (rc < 0)
		goto fail;
	snprintf(
		sb->isolation, sizeof(sb->isolation),
		"namespaces(pid,mnt,net,ipc,uts,cgroup)+pivot_root+ro-binds+uid+no_new_privs+seccomp+rlimits+%s",
		vd_cgroup_mode(sb->cg) == VD_CGROUP_V2	 ? "cgroup-v2"
		: vd_cgroup_mode(sb->cg) == VD_CGROUP_V1 ? "cgroup-v1"
							 : "no-cgroup");
	*out = sb;
	return 0;
fail:
	vd_sandbox_free(sb);
	return rc;
}

void vd_sandbox_free(struct vd_sandbox *sb)
{
	if (!sb)
		return;
	if (sb->keeper_fd >= 0)
		close(sb->keeper_fd);
	if (sb->zygote_fd >= 0)
		close(sb->zygote_fd);
	vd_free_mem(sb->zygote_msg);
	vd_cgroup_close(sb->cg);
	vd_free_mem(sb->bpf);
	vd_free_mem(sb->paths);
	vd_free_mem(sb);
}

struct vd_cgroup *vd_sandbox_cgroup(struct vd_sandbox *sb)
{
	return sb->cg;
}

const char *vd_sandbox_isolation(const struct vd_sandbox *sb)
{
	return sb->isolation;
}

uint32_t vd_slot_uid(const struct vd_slot *slot)
{
	return slot->sb->uid_base + slot->index;
}

int vd_slot_keeper_pid(const struct vd_slot *slot)
{
	return slot->broken ? -1 : slot->pid;
}

bool vd_slot_zygote_up(const struct vd_slot *slot)
{
	return !slot->broken && slot->zygote_up;
}

bool vd_sandbox_has_zygote(const struct vd_sandbox *sb)
{
	return sb->zygote_fd >= 0;
}

/* ---- messages ---- */

static int send_with_fds(int sock, const void *msg, size_t len, const int *fds,
			 size_t nfds)
{
	struct msghdr mh;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int) * VD_PROTO_MAX_FDS)];
		struct cmsghdr align;
	} u;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	iov.iov_base = (void *)(uintptr_t)msg;
	iov.iov_len = len;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds) {
		struct cmsghdr *c;
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		c = CMSG_FIRSTHDR(&mh);
		if (!c)
			return -1;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * nfds);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

/* Receives a reply and at most one descriptor. 1 = got it, 0 = EOF,
 * -1 = error. */
static int recv_reply(int sock, struct vd_msg_reply *r, int *fd)
{
	struct msghdr mh;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int) * VD_PROTO_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct cmsghdr *c;
	ssize_t n;

	*fd = -1;
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = r;
	iov.iov_len = sizeof(*r);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n == 0)
		return 0;
	if (n < 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t k = 0; k < count; k++) {
			int got;
			memcpy(&got, CMSG_DATA(c) + k * sizeof(int),
			       sizeof(int));
			if (*fd < 0)
				*fd = got;
			else
				close(got);
		}
	}
	if (n != (ssize_t)sizeof(*r) || r->type != VD_MSG_REPLY) {
		if (*fd >= 0)
			close(*fd);
		*fd = -1;
		errno = EPROTO;
		return -1;
	}
	return 1;
}

static int wait_reply(int sock, struct vd_msg_reply *r, int *fd, int ms)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	int rc;

	*fd = -1;
	do
		rc = poll(&p, 1, ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (rc < 0)
		return -1;
	return recv_reply(sock, r, fd);
}

/* ---- slot life cycle ---- */

static void keeper_reap(struct vd_slot *slot, bool force)
{
	siginfo_t si;

	if (slot->pidfd < 0)
		return;
	if (force)
		syscall(SYS_pidfd_send_signal, slot->pidfd, SIGKILL, NULL, 0);
	memset(&si, 0, sizeof(si));
	while (waitid((idtype_t)P_PIDFD, (id_t)slot->pidfd, &si,
		      WEXITED | __WALL) < 0 &&
	       errno == EINTR)
		;
	close(slot->pidfd);
	slot->pidfd = -1;
	slot->pid = -1;
}

static void slot_teardown(struct vd_slot *slot)
{
	slot->zygote_up = false;
	if (slot->sock >= 0) {
		uint32_t quit = VD_MSG_QUIT;
		send_with_fds(slot->sock, &quit, sizeof(quit), NULL, 0);
		close(slot->sock);
		slot->sock = -1;
	}
	/* The keeper exits on QUIT or EOF; SIGKILL ends a stuck one (and,
	 * being the namespace's init, every process of its box). */
	if (slot->pidfd >= 0) {
		struct pollfd p = { .fd = slot->pidfd, .events = POLLIN };
		bool exited = poll(&p, 1, 1000) > 0;
		keeper_reap(slot, !exited);
	}
	vd_cgroup_slot_free(slot->cg);
	slot->cg = NULL;
}

/* clone3() in new namespaces, then exec the keeper. The child runs in a
 * copy of a possibly multi-threaded process: only async-signal-safe calls
 * between clone3 and execveat. */
static int spawn_keeper(struct vd_slot *slot, int child_sock,
			struct vd_error *err)
{
	struct clone_args ca;
	int keeper_dirfd = vd_cgroup_slot_keeper_dirfd(slot->cg);
	int pidfd = -1;
	int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	char name[] = "verdict-keeper";
	char *const argv[] = { name, NULL };
	char *const envp[] = { NULL };
	cpu_set_t cpus;
	long pid;

	if (null_fd < 0)
		return vd_error_errno(err, VD_ESYS, "sandbox: open /dev/null");
	CPU_ZERO(&cpus);
	if (slot->cpu >= 0)
		CPU_SET(slot->cpu, &cpus);
	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS |
		   CLONE_NEWNET | CLONE_PIDFD;
	ca.pidfd = (uint64_t)(uintptr_t)&pidfd;
	ca.exit_signal = 0;
	if (keeper_dirfd >= 0) {
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = (uint64_t)keeper_dirfd;
	}
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0) {
		int s = fcntl(child_sock, F_DUPFD, 100);
		int k = fcntl(slot->sb->keeper_fd, F_DUPFD_CLOEXEC, 100);
		if (s < 0 || k < 0 || dup2(null_fd, 0) < 0 ||
		    dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0 ||
		    dup2(s, VD_PROTO_FD) < 0 || dup3(k, 4, O_CLOEXEC) < 0)
			_exit(126);
		syscall(SYS_close_range, 5, ~0u, 0);
		/* the keeper, then everything it starts, on one CPU */
		if (slot->cpu >= 0 &&
		    syscall(SYS_sched_setaffinity, 0, sizeof(cpus), &cpus) < 0)
			_exit(125);
		syscall(SYS_execveat, 4, "", argv, envp, AT_EMPTY_PATH);
		_exit(127);
	}
	close(null_fd);
	if (pid < 0) {
		if (errno == EPERM)
			return vd_error_errno(
				err, VD_ENOTSUP,
				"sandbox: clone3 with new namespaces (verdict needs root, or CAP_SYS_ADMIN)");
		return vd_error_errno(err, VD_ESANDBOX,
				      "sandbox: clone3 of the keeper");
	}
	slot->pid = (int)pid;
	slot->pidfd = pidfd;
	return 0;
}

static int slot_build(struct vd_slot *slot, struct vd_error *err)
{
	struct vd_sandbox *sb = slot->sb;
	struct vd_msg_setup hdr;
	struct vd_msg_reply r;
	int sv[2], fd, rc;
	char *msg;
	size_t len;

	slot->broken = true;
	rc = vd_cgroup_slot_new(sb->cg, slot->index, &slot->cg, err);
	if (rc < 0)
		return rc;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return vd_error_errno(err, VD_ESYS, "sandbox: socketpair");
	slot->sock = sv[0];
	rc = spawn_keeper(slot, sv[1], err);
	close(sv[1]);
	if (rc < 0)
		return rc;
	rc = vd_cgroup_slot_attach(slot->cg, slot->pid, err);
	if (rc < 0)
		return rc;
	memset(&hdr, 0, sizeof(hdr));
	hdr.type = VD_MSG_SETUP;
	hdr.magic = VD_PROTO_MAGIC;
	hdr.version = VD_PROTO_VERSION;
	hdr.flags = 0;
	hdr.uid = vd_slot_uid(slot);
	hdr.gid = vd_slot_uid(slot);
	hdr.paths_len = (uint32_t)sb->paths_len;
	hdr.bpf_len = (uint32_t)sb->bpf_len;
	len = sizeof(hdr) + sb->paths_len + sb->bpf_len;
	if (len > VD_PROTO_MAX_MSG)
		return vd_error_set(err, VD_E2BIG, 0,
				    "sandbox: setup message too large");
	msg = vd_malloc(len);
	if (!msg)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), sb->paths, sb->paths_len);
	memcpy(msg + sizeof(hdr) + sb->paths_len, sb->bpf, sb->bpf_len);
	rc = send_with_fds(slot->sock, msg, len, NULL, 0);
	vd_free_mem(msg);
	if (rc < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "sandbox: send setup to keeper");
	rc = wait_reply(slot->sock, &r, &fd, KEEPER_REPLY_TIMEOUT_MS);
	if (fd >= 0)
		close(fd);
	if (rc <= 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "sandbox: keeper did not start");
	if (r.status != VD_REPLY_OK) {
		errno = r.sys_errno;
		return vd_error_errno(err, VD_ESANDBOX, "sandbox: %.200s",
				      r.msg);
	}
	slot->broken = false;
	vd_log_msg(sb->log, VD_LOG_DEBUG, "slot %u ready: keeper pid %d uid %u",
		   slot->index, slot->pid, vd_slot_uid(slot));
	return 0;
}

/* The index-th CPU from the last of those this process may run on (the
 * first CPUs tend to take the host's interrupts and housekeeping), or -1
 * if the mask cannot be read. */
static int pick_cpu(uint32_t index)
{
	cpu_set_t allowed;
	int n, k;

	if (sched_getaffinity(0, sizeof(allowed), &allowed) < 0)
		return -1;
	n = CPU_COUNT(&allowed);
	if (n <= 0)
		return -1;
	k = (int)(index % (uint32_t)n);
	for (int cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--)
		if (CPU_ISSET(cpu, &allowed) && k-- == 0)
			return cpu;
	return -1;
}

int vd_slot_cpu(const struct vd_slot *slot)
{
	return slot->cpu;
}

int vd_slot_new(struct vd_sandbox *sb, uint32_t index, struct vd_slot **out,
		struct vd_error *err)
{
	struct vd_slot *slot = vd_calloc(1, sizeof(*slot));
	int rc;

	if (!slot)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	slot->sb = sb;
	slot->index = index;
	slot->cpu = sb->pin_cpus ? pick_cpu(index) : -1;
	slot->pidfd = -1;
	slot->pid = -1;
	slot->sock = -1;
	rc = slot_build(slot, err);
	if (rc < 0) {
		slot_teardown(slot);
		vd_free_mem(slot);
		return rc;
	}
	*out = slot;
	return 0;
}

void vd_slot_free(struct vd_slot *slot)
{
	if (!slot)
		return;
	slot_teardown(slot);
	vd_free_mem(slot);
}

static int slot_ensure(struct vd_slot *slot, struct vd_error *err)
{
	if (!slot->broken)
		return 0;
	vd_log_msg(slot->sb->log, VD_LOG_WARN, "slot %u: rebuilding",
		   slot->index);
	slot_teardown(slot);
	return slot_build(slot, err);
}

/* Starts the slot's zygote. Returns 0 when it is ready; otherwise fills
 * res as a failed setup (the run becomes SE) and returns 1, or returns a
 * negative code when the keeper itself is lost. */
static int zygote_start(struct vd_slot *slot, struct vd_exec_result *res,
			struct vd_error *err)
{
	struct vd_sandbox *sb = slot->sb;
	struct vd_msg_zygote h;
	struct vd_msg_reply r;
	int fds[2], nfds = 0, fd, rc;

	memcpy(&h, sb->zygote_msg, sizeof(h));
	fds[nfds] = fcntl(sb->zygote_fd, F_DUPFD_CLOEXEC, 0);
	if (fds[nfds] < 0)
		return vd_error_errno(err, VD_ESYS, "sandbox: zygote program");
	h.fd_roles[nfds++] = VD_FD_SCRIPT;
	fd = vd_cgroup_slot_zygote_dirfd(slot->cg);
	if (fd >= 0) {
		fds[nfds] = fcntl(fd, F_DUPFD_CLOEXEC, 0);
		if (fds[nfds] < 0) {
			close(fds[0]);
			return vd_error_errno(err, VD_ESYS,
					      "sandbox: zygote cgroup");
		}
		h.fd_roles[nfds++] = VD_FD_CGROUP;
	}
	h.nfds = (uint32_t)nfds;
	memcpy(sb->zygote_msg, &h, sizeof(h));
	rc = send_with_fds(slot->sock, sb->zygote_msg, sb->zygote_msg_len, fds,
			   (size_t)nfds);
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	if (rc < 0)
		goto lost;
	rc = wait_reply(slot->sock, &r, &fd,
			ZYGOTE_READY_TIMEOUT_MS + KEEPER_REPLY_TIMEOUT_MS);
	if (fd >= 0)
		close(fd);
	if (rc <= 0)
		goto lost;
	slot->zygote_up = r.zygote != 0;
	if (r.status == VD_REPLY_PROTOCOL) {
		slot->broken = true;
		return vd_error_set(err, VD_ESANDBOX, 0,
				    "sandbox: keeper refused the zygote: %s",
				    r.msg);
	}
	if (r.status != VD_REPLY_OK || !slot->zygote_up) {
		res->status = VD_EXEC_SETUP_FAILED;
		res->sys_errno = r.sys_errno;
		snprintf(res->msg, sizeof(res->msg), "%s",
			 r.msg[0] ? r.msg : "zygote: did not start");
		vd_log_msg(sb->log, VD_LOG_WARN, "slot %u: %s", slot->index,
			   res->msg);
		return 1;
	}
	vd_log_msg(sb->log, VD_LOG_DEBUG, "slot %u: zygote ready", slot->index);
	return 0;
lost:
	slot->broken = true;
	keeper_reap(slot, true);
	return vd_error_errno(err, VD_ESANDBOX,
			      "sandbox: keeper of slot %u lost (zygote start)",
			      slot->index);
}

/* ---- one run ---- */

struct run_msg {
	struct vd_msg_run hdr;
	char strings[VD_PROTO_MAX_MSG - sizeof(struct vd_msg_run)];
};

struct exec_io {
	int fds[VD_PROTO_MAX_FDS]; /* sent to the keeper, closed after */
	int nfds;
	int out_r, err_r, fd3_r; /* our read ends */
};

static void io_close_sent(struct exec_io *io)
{
	for (int i = 0; i < io->nfds; i++)
		if (io->fds[i] >= 0)
			close(io->fds[i]);
	io->nfds = 0;
}

static void io_close_all(struct exec_io *io)
{
	io_close_sent(io);
	if (io->out_r >= 0)
		close(io->out_r);
	if (io->err_r >= 0)
		close(io->err_r);
	if (io->fd3_r >= 0)
		close(io->fd3_r);
	io->out_r = io->err_r = io->fd3_r = -1;
}

static int add_fd(struct run_msg *m, struct exec_io *io, int fd, int role)
{
	if (io->nfds >= (int)VD_PROTO_MAX_FDS) {
		close(fd);
		errno = E2BIG;
		return -1;
	}
	m->hdr.fd_roles[io->nfds] = (uint8_t)role;
	io->fds[io->nfds++] = fd;
	return 0;
}

/* A pipe whose write end goes to the box and read end stays here; a NULL
 * buffer gets /dev/null instead. */
static int add_capture(struct run_msg *m, struct exec_io *io,
		       const struct vd_buf *b, int role, int *read_end)
{
	int p[2];

	if (!b) {
		int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		return fd < 0 ? -1 : add_fd(m, io, fd, role);
	}
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	*read_end = p[0];
	return add_fd(m, io, p[1], role);
}

static int put_string(struct run_msg *m, size_t *off, const char *prefix,
		      const char *s)
{
	size_t pl = prefix ? strlen(prefix) : 0, l = strlen(s);
	if (*off + pl + l + 1 > sizeof(m->strings)) {
		errno = E2BIG;
		return -1;
	}
	if (pl)
		memcpy(m->strings + *off, prefix, pl);
	memcpy(m->strings + *off + pl, s, l + 1);
	*off += pl + l + 1;
	return 0;
}

static int build_run(const struct vd_exec *x, struct run_msg *m,
		     struct exec_io *io, int cgroup_fd, bool rlimit_only,
		     const char **what)
{
	size_t off = 0;
	uint32_t argc = 0, envc = 0;
	int fd;

	memset(&m->hdr, 0, sizeof(m->hdr));
	m->hdr.type = VD_MSG_RUN;
	*what = "stdin";
	fd = sealed_memfd("stdin", x->stdin_data ? x->stdin_data : "",
			  x->stdin_data ? x->stdin_len : 0);
	if (fd < 0 || add_fd(m, io, fd, VD_FD_STDIN) < 0)
		return -1;
	*what = "stdout pipe";
	if (add_capture(m, io, x->out, VD_FD_STDOUT, &io->out_r) < 0)
		return -1;
	*what = "stderr pipe";
	if (add_capture(m, io, x->errout, VD_FD_STDERR, &io->err_r) < 0)
		return -1;
	if (x->fd3) {
		*what = "fd 3 pipe";
		if (add_capture(m, io, x->fd3, VD_FD_FD3, &io->fd3_r) < 0)
			return -1;
		/* Result lines can be tens of MB (a million numbers): a
		 * larger pipe takes them in fewer wake-ups of each side. A
		 * refusal (pipe-max-size, the user's pipe quota) keeps the
		 * default size. */
		(void)fcntl(io->fd3_r, F_SETPIPE_SZ, 1 << 20);
		m->hdr.flags |= VD_RUN_HAS_FD3;
	}
	if (x->exec_fd >= 0) {
		*what = "program descriptor";
		fd = fcntl(x->exec_fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0 || add_fd(m, io, fd, VD_FD_EXEC) < 0)
			return -1;
		m->hdr.flags |= VD_RUN_EXEC_FD;
	}
	if (cgroup_fd >= 0) {
		*what = "cgroup descriptor";
		fd = fcntl(cgroup_fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0 || add_fd(m, io, fd, VD_FD_CGROUP) < 0)
			return -1;
	}
	*what = "program arguments";
	for (; x->argv[argc]; argc++)
		if (put_string(m, &off, NULL, x->argv[argc]) < 0)
			return -1;
	for (; x->envp && x->envp[envc]; envc++)
		if (put_string(m, &off, NULL, x->envp[envc]) < 0)
			return -1;
	for (size_t i = 0; i < x->nfiles; i++) {
		*what = x->files[i].name;
		fd = sealed_memfd("file", x->files[i].data, x->files[i].len);
		if (fd < 0 || add_fd(m, io, fd, VD_FD_FILE) < 0 ||
		    put_string(m, &off, x->files[i].executable ? "x" : "r",
			       x->files[i].name) < 0)
			return -1;
	}
	if (x->collect) {
		*what = "collect name";
		if (put_string(m, &off, NULL, x->collect) < 0)
			return -1;
		m->hdr.flags |= VD_RUN_COLLECT;
		m->hdr.collect_max = x->collect_max;
	}
	if (x->counter == VD_EXEC_COUNT_INSNS)
		m->hdr.flags |= VD_RUN_COUNT_INSNS;
	else if (x->counter == VD_EXEC_COUNT_TASK_CLOCK)
		m->hdr.flags |= VD_RUN_COUNT_TASK_CLOCK;
	if (x->no_seccomp)
		m->hdr.flags |= VD_RUN_NO_SECCOMP;
	if (x->zygote)
		m->hdr.flags |= VD_RUN_ZYGOTE;
	m->hdr.argc = argc;
	m->hdr.envc = envc;
	m->hdr.nfds = (uint32_t)io->nfds;
	m->hdr.strings_len = (uint32_t)off;
	/* rlimits are backstops: the cgroup poll below is the CPU limit, so
	 * RLIMIT_CPU sits a second above it, except in rlimit-only mode */
	if (x->cpu_ns) {
		uint64_t s = (x->cpu_ns + 999999999u) / 1000000000u;
		m->hdr.rlimit_cpu_s = rlimit_only ? s : s + 1;
	}
	m->hdr.rlimit_fsize = x->file_size;
	m->hdr.rlimit_nofile = x->open_files;
	/* RLIMIT_NPROC counts the slot uid's tasks: a backstop a little
	 * above the pids cgroup, so that the cgroup refuses first and says
	 * so in pids.events. */
	m->hdr.rlimit_nproc =
		x->processes ? x->processes + (rlimit_only ? 0 : 2) : 0;
	m->hdr.rlimit_stack = x->stack_bytes;
	m->hdr.rlimit_data = rlimit_only ? x->memory_bytes : 0;
	m->hdr.tmp_bytes = x->file_size ? x->file_size : 64ull << 20;
	m->hdr.tmp_inodes = 4096;
	return 0;
}

struct capture {
	int *fd;
	struct vd_buf *buf;
	int limit_kind;
	bool watched; /* fd 3 with an on_fd3 consumer */
};

/* Reads what is available; returns 1 at EOF, 0 otherwise. Data past the
 * buffer's cap is read and dropped; the cap crossing is reported once. */
static int pump(struct capture *c, bool *over)
{
	char sink[65536];
	for (;;) {
		char *dst = vd_buf_reserve(c->buf, sizeof(sink));
		size_t room = c->buf->limit > c->buf->len
				      ? c->buf->limit - c->buf->len
				      : 0;
		ssize_t n;
		if (!dst || room == 0) {
			n = read(*c->fd, sink, sizeof(sink));
			if (n > 0) {
				c->buf->offered += (uint64_t)n;
				c->buf->truncated = true;
				*over = true;
				continue;
			}
		} else {
			if (room > sizeof(sink))
				room = sizeof(sink);
			n = read(*c->fd, dst, room);
			if (n > 0) {
				vd_buf_commit(c->buf, (size_t)n);
				continue;
			}
		}
		if (n == 0) {
			close(*c->fd);
			*c->fd = -1;
			return 1;
		}
		if (errno == EINTR)
			continue;
		return 0; /* EAGAIN */
	}
}

/* Like pump, but stops when the buffer is full instead of dropping data:
 * 1 at EOF, 0 when nothing more is available, 2 when full. */
static int pump_until_full(struct capture *c)
{
	for (;;) {
		size_t room = c->buf->limit > c->buf->len
				      ? c->buf->limit - c->buf->len
				      : 0;
		char *dst;
		ssize_t n;
		if (room == 0)
			return 2;
		if (room > 65536)
			room = 65536;
		dst = vd_buf_reserve(c->buf, room);
		if (!dst)
			return 2;
		n = read(*c->fd, dst, room);
		if (n > 0) {
			vd_buf_commit(c->buf, (size_t)n);
			continue;
		}
		if (n == 0) {
			close(*c->fd);
			*c->fd = -1;
			return 1;
		}
		if (errno == EINTR)
			continue;
		return 0;
	}
}

static uint64_t tick_ns(const struct vd_exec *x)
{
	uint64_t t = x->cpu_ns ? x->cpu_ns / 20 : 10000000u;
	if (t < 2000000u)
		t = 2000000u;
	if (t > 20000000u)
		t = 20000000u;
	return t;
}

static int send_kill(struct vd_slot *slot)
{
	struct vd_msg_kill k = { VD_MSG_KILL, 0 };
	return send_with_fds(slot->sock, &k, sizeof(k), NULL, 0);
}

struct loop_state {
	struct vd_msg_reply reply;
	int reply_fd;
	bool replied;
	bool kill_sent;
	int64_t kill_at;
	int64_t cpu_deadline; /* set by on_fd3; 0 = none */
};

static void request_kill(struct vd_slot *slot, struct loop_state *ls,
			 struct vd_exec_result *res, int why)
{
	if (ls->kill_sent)
		return;
	if (res->stopped_by == VD_LIMIT_NONE)
		res->stopped_by = why;
	ls->kill_sent = true;
	ls->kill_at = mono_ns();
	send_kill(slot);
}

/* Hands fd 3's unconsumed bytes to the consumer and drops what it took.
 * Returns false if the consumer asked to end the run. */
static bool feed_watch(struct vd_slot *slot, const struct vd_exec *x,
		       struct capture *c, struct loop_state *ls, bool *over)
{
	struct vd_buf *b = c->buf;
	long used;

	if (!b->len)
		return true;
	used = x->on_fd3(x->on_fd3_ctx, b->data, b->len,
			 vd_cgroup_run_cpu_ns(slot->cg), &ls->cpu_deadline);
	if (used < 0)
		return false;
	if ((size_t)used > b->len)
		used = (long)b->len;
	memmove(b->data, b->data + used, b->len - (size_t)used);
	b->len -= (size_t)used;
	b->data[b->len] = '\0';
	/* A consumer that takes nothing from a full buffer faces a line
	 * longer than the cap: that is the output limit. */
	*over = b->len >= b->limit;
	if (used > 0)
		b->truncated = false;
	return true;
}

/* The supervision loop: pipes, the keeper's reply, the timer. Returns 0, or
 * -1 if the keeper is lost (errno set). */
static int supervise(struct vd_slot *slot, const struct vd_exec *x,
		     struct exec_io *io, struct vd_exec_result *res,
		     struct loop_state *ls)
{
	struct capture caps[3] = {
		{ &io->out_r, x->out, VD_LIMIT_STDOUT, false },
		{ &io->err_r, x->errout, VD_LIMIT_STDERR, false },
		{ &io->fd3_r, x->fd3, VD_LIMIT_STDOUT, x->on_fd3 != NULL },
	};
	int64_t start = mono_ns(), drain_deadline = 0, sampled_at = start;
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	struct itimerspec its;
	uint64_t tick = tick_ns(x);

	if (x->mem_sample_ns && x->mem_sample_ns < tick)
		tick = x->mem_sample_ns;

	if (tfd < 0)
		return -1;
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = (time_t)(tick / 1000000000u);
	its.it_value.tv_nsec = (long)(tick % 1000000000u);
	its.it_interval = its.it_value;
	timerfd_settime(tfd, 0, &its, NULL);
	for (;;) {
		struct pollfd p[5];
		int map[5], n = 0, rc;
		bool open_pipes = false;

		for (int i = 0; i < 3; i++) {
			if (*caps[i].fd < 0)
				continue;
			open_pipes = true;
			p[n].fd = *caps[i].fd;
			p[n].events = POLLIN;
			map[n++] = i;
		}
		if (ls->replied && !open_pipes)
			break;
		if (!ls->replied) {
			p[n].fd = slot->sock;
			p[n].events = POLLIN;
			map[n++] = 3;
		}
		p[n].fd = tfd;
		p[n].events = POLLIN;
		map[n++] = 4;
		rc = poll(p, (nfds_t)n, -1);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			goto lost;
		for (int i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			if (map[i] < 3) {
				struct capture *c = &caps[map[i]];
				bool over = false;
				if (c->watched) {
					/* Read, let the consumer take whole
					 * lines, and go on while the buffer
					 * keeps filling up. */
					for (;;) {
						int st = pump_until_full(c);
						if (!feed_watch(slot, x, c, ls,
								&over)) {
							request_kill(
								slot, ls, res,
								VD_EXEC_STOPPED_BY_WATCH);
							break;
						}
						if (over || st != 2)
							break;
					}
				} else {
					pump(c, &over);
				}
				if (over)
					request_kill(slot, ls, res,
						     c->limit_kind);
			} else if (map[i] == 3) {
				rc = recv_reply(slot->sock, &ls->reply,
						&ls->reply_fd);
				if (rc <= 0)
					goto lost;
				ls->replied = true;
				drain_deadline =
					mono_ns() +
					(int64_t)DRAIN_TIMEOUT_MS * 1000000;
			} else {
				uint64_t ticks;
				int64_t now = mono_ns(), cpu;
				if (read(tfd, &ticks, sizeof(ticks)) < 0)
					ticks = 0;
				if (ls->replied) {
					if (now > drain_deadline)
						goto drained;
					continue;
				}
				if (x->mem_sample_ns) {
					int64_t m = vd_cgroup_run_memory_bytes(
						slot->cg);
					if (m >= 0)
						res->mem_time_byte_s +=
							(double)m *
							(double)(now -
								 sampled_at) /
							1e9;
					sampled_at = now;
				}
				cpu = vd_cgroup_run_cpu_ns(slot->cg);
				if (x->cpu_ns && cpu >= 0 &&
				    (uint64_t)cpu >= x->cpu_ns)
					request_kill(slot, ls, res,
						     VD_LIMIT_CPU);
				if (ls->cpu_deadline > 0 && cpu >= 0 &&
				    cpu >= ls->cpu_deadline)
					request_kill(slot, ls, res,
						     VD_LIMIT_CPU);
				if (x->wall_ns &&
				    (uint64_t)(now - start) >= x->wall_ns)
					request_kill(slot, ls, res,
						     VD_LIMIT_WALL);
				if (ls->kill_sent &&
				    now - ls->kill_at >
					    (int64_t)KILL_GRACE_MS * 1000000) {
					errno = ETIMEDOUT;
					goto lost;
				}
			}
		}
	}
drained:
	close(tfd);
	return 0;
lost : {
	int saved = errno;
	close(tfd);
	errno = saved;
}
	return -1;
}

static void fill_result(const struct vd_msg_reply *r,
			const struct vd_cgroup_usage *u,
			struct vd_exec_result *res)
{
	res->wait_status = r->wait_status;
	res->wall_ns = r->wall_ns;
	res->user_ns = r->utime_us * 1000;
	res->sys_ns = r->stime_us * 1000;
	res->maxrss_kb = r->maxrss_kb;
	res->leftovers = r->leftovers;
	res->counter = r->counter;
	res->counter_errno = r->counter_errno;
	res->have_cgroup = u->have_cpu;
	res->cgroup_cpu_ns = u->cpu_ns;
	res->have_peak = u->have_memory;
	res->peak_bytes = u->peak_bytes;
	res->oom_kills = u->oom_kills;
	res->pids_denied = u->pids_denied;
	res->mem_failcnt = u->mem_failcnt;
}

static int exec_once(struct vd_slot *slot, const struct vd_exec *x,
		     struct vd_exec_result *res, bool *zygote_down,
		     struct vd_error *err)
{
	struct vd_cgroup_limits lim = { x->memory_bytes, x->processes, 1,
					false };
	struct exec_io io = {
		.nfds = 0, .out_r = -1, .err_r = -1, .fd3_r = -1
	};
	struct loop_state ls;
	struct vd_cgroup_usage usage;
	struct run_msg *m = NULL;
	const char *what = "?";
	int cgroup_fd = -1, rc;
	bool rlimit_only = vd_cgroup_mode(slot->sb->cg) == VD_CGROUP_NONE;

	memset(res, 0, sizeof(*res));
	memset(&ls, 0, sizeof(ls));
	ls.reply_fd = -1;
	res->collected_fd = -1;
	res->counter = -1;
	res->stopped_by = VD_LIMIT_NONE;
	rc = slot_ensure(slot, err);
	if (rc < 0)
		return rc;
	if (x->zygote) {
		if (slot->sb->zygote_fd < 0)
			return vd_error_set(err, VD_EINVAL, 0,
					    "sandbox: no zygote configured");
		if (!slot->zygote_up) {
			rc = zygote_start(slot, res, err);
			if (rc != 0)
				return rc < 0 ? rc : 0;
		}
		lim.shared = true;
	}
	lim.resident = slot->zygote_up ? 2 : 1;
	rc = vd_cgroup_run_begin(slot->cg, &lim, &cgroup_fd, err);
	if (rc < 0)
		goto broken;
	m = vd_malloc(sizeof(*m));
	if (!m) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto out;
	}
	if (build_run(x, m, &io, cgroup_fd, rlimit_only, &what) < 0) {
		rc = vd_error_errno(err, errno == E2BIG ? VD_E2BIG : VD_ESYS,
				    "sandbox: prepare %s", what);
		goto out;
	}
	if (send_with_fds(slot->sock, m, sizeof(m->hdr) + m->hdr.strings_len,
			  io.fds, (size_t)io.nfds) < 0) {
		rc = vd_error_errno(err, VD_ESANDBOX,
				    "sandbox: send run to keeper");
		goto broken;
	}
	io_close_sent(&io);
	if (supervise(slot, x, &io, res, &ls) < 0) {
		rc = vd_error_errno(err, VD_ESANDBOX,
				    "sandbox: keeper of slot %u lost",
				    slot->index);
		goto broken;
	}
	rc = vd_cgroup_run_end(slot->cg, &usage, err);
	if (rc < 0)
		goto broken;
	fill_result(&ls.reply, &usage, res);
	slot->zygote_up = ls.reply.zygote != 0;
	*zygote_down = ls.reply.status == VD_REPLY_ZYGOTE_DOWN;
	if (ls.reply.status != VD_REPLY_OK) {
		res->status = ls.reply.status == VD_REPLY_EXEC_FAILED
				      ? VD_EXEC_START_FAILED
				      : VD_EXEC_SETUP_FAILED;
		res->sys_errno = ls.reply.sys_errno;
		snprintf(res->msg, sizeof(res->msg), "%s", ls.reply.msg);
		if (ls.reply.status == VD_REPLY_PROTOCOL) {
			rc = vd_error_set(err, VD_ESANDBOX, 0,
					  "sandbox: keeper refused: %s",
					  ls.reply.msg);
			goto broken;
		}
	} else if (ls.reply.msg[0]) {
		snprintf(res->msg, sizeof(res->msg), "%s", ls.reply.msg);
	}
	res->collected_fd = ls.reply_fd;
	ls.reply_fd = -1;
	rc = 0;
	goto out;
broken:
	slot->broken = true;
	if (slot->pidfd >= 0)
		keeper_reap(slot, true);
out:
	if (ls.reply_fd >= 0)
		close(ls.reply_fd);
	io_close_all(&io);
	vd_free_mem(m);
	return rc;
}

int vd_slot_exec(struct vd_slot *slot, const struct vd_exec *x,
		 struct vd_exec_result *res, struct vd_error *err)
{
	bool zygote_down = false;
	int rc = exec_once(slot, x, res, &zygote_down, err);

	/* The zygote died between runs (nothing of this run started): start
	 * a new one and run again, once. */
	if (rc == 0 && zygote_down) {
		if (res->collected_fd >= 0)
			close(res->collected_fd);
		vd_log_msg(slot->sb->log, VD_LOG_INFO,
			   "slot %u: zygote gone, restarting it", slot->index);
		rc = exec_once(slot, x, res, &zygote_down, err);
	}
	return rc;
}
