/*
 * keeper: the init process of one sandbox slot.
 *
 * Theory of operation
 * -------------------
 * The engine (src/lib/sandbox.c) creates the keeper with clone3() in new
 * pid, mount, ipc, uts and network namespaces and execs this program, a
 * small static binary embedded in libverdict, from a memfd. Being a fresh
 * exec it is single-threaded and small, whatever the engine's process looks
 * like, so forking it per run is cheap (fork cost grows with the parent's
 * memory).
 *
 * Once per slot (SETUP): the keeper builds the box's file system: a tmpfs
 * root holding read-only binds of the host paths the engine lists (/usr and
 * friends, a few /etc files), a handful of device nodes, a fresh /proc with
 * hidepid, and mount points for /tmp and /dev/shm; then pivot_root()s into it
 * and detaches the host's tree. The root is then made read-only.
 *
 * Per run (RUN): a fresh tmpfs is mounted on /tmp and /dev/shm, the files the
 * engine passed are copied in, and one child is forked. The child enters a new
 * IPC namespace (so SysV objects never outlive a run), wires its stdio to the
 * descriptors the engine passed, applies rlimits, drops to the slot's
 * unprivileged uid, sets no_new_privs, loads the seccomp filter and execs.
 * Setup failures come back over a close-on-exec error pipe.
 *
 * The keeper is pid 1 of the namespace: orphans are reparented to it and
 * reaped here, so the summed rusage covers every process of the run. When the
 * main process exits (or the engine asks with KILL) the keeper sends SIGKILL
 * to every other process of the namespace (kill(-1) from the namespace's init
 * spares only itself), reaps them all, unmounts the run's tmpfs mounts and
 * replies. If the engine's end of the socket closes, the keeper kills
 * everything and exits, which also ends the namespace.
 *
 * The keeper stays root (it has to mount) but is non-dumpable, has
 * oom_score_adj -1000 and is unreachable by the run's processes: another uid,
 * pid 1 of their namespace (signals without a handler are dropped), and no
 * shared descriptor.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox_proto.h"

#define NEW_ROOT  "/tmp"
#define MAX_BPF	  4096
#define MAX_ARGS  256
#define COPY_HIGH 64 /* received fds are moved above this in the child */

struct slot_state {
	uint32_t uid;
	uint32_t gid;
	uint32_t flags;
	struct sock_filter bpf[MAX_BPF];
	unsigned short bpf_len;
	int sigfd;
	pid_t zygote_pid; /* 0: no zygote */
	int zygote_ctl;	  /* our end of its control socket, or -1 */
};

struct run_request {
	struct vd_msg_run hdr;
	char strings[VD_PROTO_MAX_MSG];
	int fds[VD_PROTO_MAX_FDS];
	int nfds;
	char *argv[MAX_ARGS + 1];
	char *envp[MAX_ARGS + 1];
	const char *file_names[VD_PROTO_MAX_FDS];
	const char *collect;
};

/* Failure report written by the child before exec. */
struct child_error {
	int32_t stage;
	int32_t sys_errno;
};

enum child_stage {
	STAGE_SETSID = 1,
	STAGE_IPC_NS,
	STAGE_FDS,
	STAGE_CHDIR,
	STAGE_RLIMIT,
	STAGE_COUNTER_SYNC,
	STAGE_CREDS,
	STAGE_NNP,
	STAGE_SECCOMP,
	STAGE_EXEC,
};

static const char *stage_name(int stage)
{
	static const char *const names[] = {
		"?",	    "setsid",	       "unshare(IPC, cgroup)",
		"fd setup", "chdir",	       "rlimits",
		"counter",  "set credentials", "no_new_privs",
		"seccomp",  "execve",
	};
	if (stage < 0 || stage >= (int)(sizeof(names) / sizeof(names[0])))
		return "?";
	return names[stage];
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void reply_init(struct vd_msg_reply *r)
{
	memset(r, 0, sizeof(*r));
	r->type = VD_MSG_REPLY;
	r->counter = -1;
}

/* Sends one message with up to VD_PROTO_MAX_FDS descriptors on sock. */
static int send_on(int sock, const void *buf, size_t len, const int *fds,
		   int nfds)
{
	struct msghdr mh;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int) * VD_PROTO_MAX_FDS)];
		struct cmsghdr align;
	} u;
	ssize_t n;

	if (nfds < 0 || nfds > (int)VD_PROTO_MAX_FDS) {
		errno = EINVAL;
		return -1;
	}
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (nfds > 0) {
		struct cmsghdr *c;
		memset(&u, 0, sizeof(u));
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		c = CMSG_FIRSTHDR(&mh);
		if (!c)
			return -1;
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	}
	do
		n = sendmsg(sock, &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == (ssize_t)len ? 0 : -1;
}

static int send_reply(const struct vd_msg_reply *r, int fd)
{
	return send_on(VD_PROTO_FD, r, sizeof(*r), &fd, fd >= 0 ? 1 : 0);
}

static void fail_reply(const struct slot_state *st, uint32_t status, int err,
		       const char *fmt, const char *a)
{
	struct vd_msg_reply r;
	reply_init(&r);
	r.zygote = st && st->zygote_pid > 0;
	r.status = status;
	r.sys_errno = err;
	snprintf(r.msg, sizeof(r.msg), fmt, a ? a : "");
	send_reply(&r, -1);
}

/* Receives one message and up to VD_PROTO_MAX_FDS descriptors from sock.
 * Returns the message length, 0 on EOF, -1 on error. */
static ssize_t recv_on(int sock, void *buf, size_t len, int *fds, int *nfds)
{
	struct msghdr mh;
	struct iovec iov;
	union {
		char buf[CMSG_SPACE(sizeof(int) * VD_PROTO_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct cmsghdr *c;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf;
	iov.iov_len = len;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	*nfds = 0;
	if (n < 0)
		return -1;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		size_t k, count;
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (k = 0; k < count; k++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + k * sizeof(int),
			       sizeof(int));
			if (*nfds < (int)VD_PROTO_MAX_FDS)
				fds[(*nfds)++] = fd;
			else
				close(fd);
		}
	}
	if (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		return -1;
	return n;
}

static ssize_t recv_msg(void *buf, size_t len, int *fds, int *nfds)
{
	return recv_on(VD_PROTO_FD, buf, len, fds, nfds);
}

static void close_fds(int *fds, int n)
{
	for (int i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* mkdir -p below NEW_ROOT for an absolute host path's parent chain. */
static int make_parents(const char *target)
{
	char tmp[4096];
	size_t len = strlen(target);
	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, target, len + 1);
	for (char *p = tmp + strlen(NEW_ROOT) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}

/* Replicates one host path read-only in the new root: a symlink is copied
 * as a symlink; a directory or file is bind-mounted read-only, nosuid.
 * Missing paths are skipped. */
static int bind_host_path(const char *path, const char **failed)
{
	char target[4096];
	struct stat st;

	*failed = path;
	if (path[0] != '/' || strstr(path, "..")) {
		errno = EINVAL;
		return -1;
	}
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if ((size_t)snprintf(target, sizeof(target), "%s%s", NEW_ROOT, path) >=
	    sizeof(target)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (make_parents(target) < 0)
		return -1;
	if (S_ISLNK(st.st_mode)) {
		char link[4096];
		ssize_t n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			return -1;
		link[n] = '\0';
		if (symlink(link, target) < 0 && errno != EEXIST)
			return -1;
		return 0;
	}
	if (S_ISDIR(st.st_mode)) {
		if (mkdir(target, 0755) < 0 && errno != EEXIST)
			return -1;
	} else {
		int fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd < 0)
			return -1;
		close(fd);
	}
	if (mount(path, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	if (mount(NULL, target, NULL,
		  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV,
		  NULL) < 0)
		return -1;
	return 0;
}

static int bind_device(const char *name)
{
	char src[64], dst[64];
	int fd;
	snprintf(src, sizeof(src), "/dev/%s", name);
	snprintf(dst, sizeof(dst), NEW_ROOT "/dev/%s", name);
	fd = open(dst, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0)
		return -1;
	close(fd);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		return -1;
	return mount(NULL, dst, NULL,
		     MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NOEXEC, NULL);
}

/* Builds the box root and pivots into it. On failure *what names the step. */
static int build_root(const char *paths, uint32_t paths_len, const char **what)
{
	static const char *const devices[] = { "null", "zero", "full", "random",
					       "urandom" };
	static const char *const links[][2] = {
		{ "/proc/self/fd", "/dev/fd" },
		{ "/proc/self/fd/0", "/dev/stdin" },
		{ "/proc/self/fd/1", "/dev/stdout" },
		{ "/proc/self/fd/2", "/dev/stderr" },
	};
	const char *p = paths;
	const char *end = paths + paths_len;

	*what = "make / private";
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	*what = "mount root tmpfs";
	if (mount("verdict-root", NEW_ROOT, "tmpfs", MS_NOSUID,
		  "size=1m,nr_inodes=4096,mode=0755") < 0)
		return -1;
	while (p < end) {
		size_t len = strnlen(p, (size_t)(end - p));
		if (len == (size_t)(end - p))
			break;
		if (len && bind_host_path(p, what) < 0)
			return -1;
		p += len + 1;
	}
	*what = "create /dev";
	if (mkdir(NEW_ROOT "/dev", 0755) < 0 ||
	    mkdir(NEW_ROOT "/dev/shm", 01777) < 0 ||
	    mkdir(NEW_ROOT "/proc", 0555) < 0 ||
	    mkdir(NEW_ROOT "/tmp", 01777) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		*what = devices[i];
		if (bind_device(devices[i]) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		char dst[64];
		snprintf(dst, sizeof(dst), NEW_ROOT "%s", links[i][1]);
		*what = "create /dev links";
		if (symlink(links[i][0], dst) < 0)
			return -1;
	}
	*what = "pivot_root";
	if (chdir(NEW_ROOT) < 0)
		return -1;
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -1;
	*what = "detach host root";
	if (umount2(".", MNT_DETACH) < 0)
		return -1;
	if (chdir("/") < 0)
		return -1;
	*what = "mount /proc";
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "hidepid=invisible") < 0 &&
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "hidepid=2") < 0)
		return -1;
	*what = "make root read-only";
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID, NULL) <
	    0)
		return -1;
	return 0;
}

static int setup_slot(struct slot_state *st)
{
	static char buf[VD_PROTO_MAX_MSG];
	struct vd_msg_setup hdr;
	int fds[VD_PROTO_MAX_FDS], nfds;
	ssize_t n = recv_msg(buf, sizeof(buf), fds, &nfds);
	const char *what = "?";
	sigset_t set;

	close_fds(fds, nfds);
	if (n < (ssize_t)sizeof(hdr))
		return -1;
	memcpy(&hdr, buf, sizeof(hdr));
	if (hdr.type != VD_MSG_SETUP || hdr.magic != VD_PROTO_MAGIC ||
	    hdr.version != VD_PROTO_VERSION ||
	    (size_t)n != sizeof(hdr) + hdr.paths_len + hdr.bpf_len ||
	    hdr.bpf_len % sizeof(struct sock_filter) != 0 ||
	    hdr.bpf_len / sizeof(struct sock_filter) > MAX_BPF) {
		fail_reply(NULL, VD_REPLY_PROTOCOL, EPROTO,
			   "bad setup message%s", NULL);
		return -1;
	}
	st->uid = hdr.uid;
	st->gid = hdr.gid;
	st->flags = hdr.flags;
	st->bpf_len =
		(unsigned short)(hdr.bpf_len / sizeof(struct sock_filter));
	memcpy(st->bpf, buf + sizeof(hdr) + hdr.paths_len, hdr.bpf_len);

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGPIPE);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		goto fail_errno;
	sigdelset(&set, SIGPIPE);
	st->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	what = "signalfd";
	if (st->sigfd < 0)
		goto fail_errno;
	/* Best effort: lowering needs CAP_SYS_RESOURCE, which some hosts
	 * withhold. The keeper is tiny and its children ask to go first. */
	write_file("/proc/self/oom_score_adj", "-1000");
	what = "prctl";
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		goto fail_errno;
	if (sethostname("verdict", 7) < 0)
		goto fail_errno;
	if (build_root(buf + sizeof(hdr), hdr.paths_len, &what) < 0)
		goto fail_errno;
	{
		struct vd_msg_reply r;
		reply_init(&r);
		return send_reply(&r, -1);
	}
fail_errno:
	fail_reply(NULL, VD_REPLY_SETUP_FAILED, errno, "slot setup: %s", what);
	return -1;
}

/* Splits the strings area of a RUN message. */
static int parse_run(struct run_request *rq, size_t len)
{
	const struct vd_msg_run *h = &rq->hdr;
	char *p = rq->strings, *end = rq->strings + len;
	uint32_t nfiles = 0;

	if (h->argc == 0 || h->argc > MAX_ARGS || h->envc > MAX_ARGS ||
	    h->nfds != (uint32_t)rq->nfds || h->nfds > VD_PROTO_MAX_FDS ||
	    h->strings_len != len)
		return -1;
	for (uint32_t i = 0; i < h->nfds; i++)
		if (h->fd_roles[i] == VD_FD_FILE)
			nfiles++;
#define NEXT_STRING(dst)                                   \
	do {                                               \
		size_t l_ = strnlen(p, (size_t)(end - p)); \
		if (l_ == (size_t)(end - p))               \
			return -1;                         \
		(dst) = p;                                 \
		p += l_ + 1;                               \
	} while (0)
	for (uint32_t i = 0; i < h->argc; i++)
		NEXT_STRING(rq->argv[i]);
	rq->argv[h->argc] = NULL;
	for (uint32_t i = 0; i < h->envc; i++)
		NEXT_STRING(rq->envp[i]);
	rq->envp[h->envc] = NULL;
	for (uint32_t i = 0; i < nfiles; i++) {
		NEXT_STRING(rq->file_names[i]);
		if ((rq->file_names[i][0] != 'x' &&
		     rq->file_names[i][0] != 'r') ||
		    !rq->file_names[i][1] || strchr(rq->file_names[i], '/') ||
		    !strcmp(rq->file_names[i] + 1, ".") ||
		    !strcmp(rq->file_names[i] + 1, ".."))
			return -1;
	}
	rq->collect = NULL;
	if (h->flags & VD_RUN_COLLECT) {
		NEXT_STRING(rq->collect);
		if (strchr(rq->collect, '/') || !rq->collect[0])
			return -1;
	}
#undef NEXT_STRING
	return 0;
}

static int mount_scratch(const struct vd_msg_run *h)
{
	char opts[128];
	unsigned long long bytes = h->tmp_bytes ? h->tmp_bytes : 64ull << 20;
	unsigned long long inodes = h->tmp_inodes ? h->tmp_inodes : 4096;

	snprintf(opts, sizeof(opts), "size=%llu,nr_inodes=%llu,mode=1777",
		 bytes, inodes);
	if (mount("verdict-tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, opts) <
	    0)
		return -1;
	snprintf(opts, sizeof(opts), "size=%llu,nr_inodes=%llu,mode=1777",
		 bytes, inodes);
	if (mount("verdict-shm", "/dev/shm", "tmpfs",
		  MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) < 0) {
		umount2("/tmp", MNT_DETACH);
		return -1;
	}
	return 0;
}

static void unmount_scratch(void)
{
	umount2("/dev/shm", MNT_DETACH);
	umount2("/tmp", MNT_DETACH);
}

static int copy_in(int src, const char *name)
{
	char path[300];
	mode_t mode = name[0] == 'x' ? 0755 : 0644;
	struct stat st;
	off_t off = 0;
	int dst;

	snprintf(path, sizeof(path), "/tmp/%s", name + 1);
	dst = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		   mode);
	if (dst < 0)
		return -1;
	if (fstat(src, &st) < 0)
		goto fail;
	while (off < st.st_size) {
		ssize_t n =
			sendfile(dst, src, &off, (size_t)(st.st_size - off));
		if (n <= 0)
			goto fail;
	}
	if (fchmod(dst, mode) < 0)
		goto fail;
	close(dst);
	return 0;
fail:
	close(dst);
	return -1;
}

static long perf_open(pid_t pid, uint32_t flags)
{
	struct perf_event_attr pe;
	memset(&pe, 0, sizeof(pe));
	pe.size = sizeof(pe);
	if (flags & VD_RUN_COUNT_INSNS) {
		pe.type = PERF_TYPE_HARDWARE;
		pe.config = PERF_COUNT_HW_INSTRUCTIONS;
	} else {
		pe.type = PERF_TYPE_SOFTWARE;
		pe.config = PERF_COUNT_SW_TASK_CLOCK;
	}
	pe.disabled = 1;
	pe.enable_on_exec = 1;
	pe.inherit = 1;
	pe.exclude_kernel = 1;
	pe.exclude_hv = 1;
	return syscall(SYS_perf_event_open, &pe, pid, -1, -1,
		       PERF_FLAG_FD_CLOEXEC);
}

static void child_fail(int errfd, int stage)
{
	struct child_error ce = { stage, errno };
	ssize_t n = write(errfd, &ce, sizeof(ce));
	(void)n;
	_exit(127);
}

/* Lowers a limit; never raises a hard limit above the current one (that
 * needs CAP_SYS_RESOURCE, which some hosts withhold). */
static void set_rlimit(int res, uint64_t soft, uint64_t hard, int errfd)
{
	struct rlimit cur, rl;
	if (getrlimit(res, &cur) < 0)
		child_fail(errfd, STAGE_RLIMIT);
	rl.rlim_max = hard < cur.rlim_max ? hard : cur.rlim_max;
	rl.rlim_cur = soft < rl.rlim_max ? soft : rl.rlim_max;
	if (setrlimit(res, &rl) < 0)
		child_fail(errfd, STAGE_RLIMIT);
}

/* Runs in the forked child: only what exec needs, then exec. */
static void child_exec(const struct slot_state *st, struct run_request *rq,
		       int errfd, int gofd)
{
	const struct vd_msg_run *h = &rq->hdr;
	struct sock_fprog prog;
	sigset_t none;
	int exec_fd = -1;
	int nstd = (h->flags & VD_RUN_HAS_FD3) ? 4 : 3;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() < 0)
		child_fail(errfd, STAGE_SETSID);
	/* A new IPC namespace per run (SysV objects never outlive it) and a
	 * cgroup namespace rooted at the run's group (unshared here, not in
	 * the keeper: clone3(CLONE_INTO_CGROUP) may only target groups inside
	 * the caller's cgroup namespace). */
	if (unshare(CLONE_NEWIPC | CLONE_NEWCGROUP) < 0)
		child_fail(errfd, STAGE_IPC_NS);
	/* Move every received fd above COPY_HIGH, then place them. */
	for (int i = 0; i < rq->nfds; i++) {
		int fd = fcntl(rq->fds[i], F_DUPFD_CLOEXEC, COPY_HIGH);
		if (fd < 0)
			child_fail(errfd, STAGE_FDS);
		rq->fds[i] = fd;
	}
	for (int i = 0; i < rq->nfds; i++) {
		int target = -1;
		switch (h->fd_roles[i]) {
		case VD_FD_STDIN:
			target = 0;
			break;
		case VD_FD_STDOUT:
			target = 1;
			break;
		case VD_FD_STDERR:
			target = 2;
			break;
		case VD_FD_FD3:
			target = 3;
			break;
		case VD_FD_EXEC:
			exec_fd = rq->fds[i];
			break;
		default:
			break;
		}
		if (target >= 0 && dup2(rq->fds[i], target) < 0)
			child_fail(errfd, STAGE_FDS);
	}
	/* Everything else (the keeper's socket, signalfd, received copies)
	 * is closed by exec; the error pipe is already close-on-exec. */
	if (syscall(SYS_close_range, nstd, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) <
	    0) {
		for (int fd = nstd; fd < 1024; fd++)
			if (fd != errfd && fd != gofd && fd != exec_fd)
				fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	if (chdir("/tmp") < 0)
		child_fail(errfd, STAGE_CHDIR);
	if (write_file("/proc/self/oom_score_adj", "1000") < 0)
		child_fail(errfd, STAGE_RLIMIT);
	set_rlimit(RLIMIT_CORE, 0, 0, errfd);
	set_rlimit(RLIMIT_MEMLOCK, 0, 0, errfd);
	if (h->rlimit_cpu_s)
		set_rlimit(RLIMIT_CPU, h->rlimit_cpu_s, h->rlimit_cpu_s + 1,
			   errfd);
	if (h->rlimit_fsize)
		set_rlimit(RLIMIT_FSIZE, h->rlimit_fsize, h->rlimit_fsize,
			   errfd);
	if (h->rlimit_nofile)
		set_rlimit(RLIMIT_NOFILE, h->rlimit_nofile, h->rlimit_nofile,
			   errfd);
	if (h->rlimit_nproc)
		set_rlimit(RLIMIT_NPROC, h->rlimit_nproc, h->rlimit_nproc,
			   errfd);
	if (h->rlimit_stack)
		set_rlimit(RLIMIT_STACK, h->rlimit_stack, h->rlimit_stack,
			   errfd);
	if (h->rlimit_data)
		set_rlimit(RLIMIT_DATA, h->rlimit_data, h->rlimit_data, errfd);
	if (gofd >= 0) {
		char c;
		if (read(gofd, &c, 1) != 1)
			child_fail(errfd, STAGE_COUNTER_SYNC);
		close(gofd);
	}
	if (setgroups(0, NULL) < 0 ||
	    setresgid(st->gid, st->gid, st->gid) < 0 ||
	    setresuid(st->uid, st->uid, st->uid) < 0)
		child_fail(errfd, STAGE_CREDS);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(errfd, STAGE_NNP);
	if (!(h->flags & VD_RUN_NO_SECCOMP) && st->bpf_len) {
		prog.len = st->bpf_len;
		prog.filter = (struct sock_filter *)(uintptr_t)st->bpf;
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			child_fail(errfd, STAGE_SECCOMP);
	}
	if (exec_fd >= 0)
		syscall(SYS_execveat, exec_fd, "", rq->argv, rq->envp,
			AT_EMPTY_PATH);
	else
		execve(rq->argv[0], rq->argv, rq->envp);
	child_fail(errfd, STAGE_EXEC);
}

struct run_state {
	struct slot_state *st;
	pid_t main_pid; /* 0 for a zygote run: the zygote is its parent */
	bool main_done;
	bool killed;
	bool zygote_lost; /* the zygote died during the run */
	bool setup_failed;
	int wait_status;
	uint64_t t_start, t_end;
	uint64_t utime_us, stime_us, maxrss_kb;
	uint32_t leftovers; /* reaped after the main process ended */
	char msg[200];
};

/* The zygote is gone (reaped, or its socket broke): forget it. */
static void zygote_forget(struct slot_state *st)
{
	if (st->zygote_ctl >= 0)
		close(st->zygote_ctl);
	st->zygote_ctl = -1;
	st->zygote_pid = 0;
}

/* Kills and reaps the zygote, if any. */
static void zygote_stop(struct slot_state *st)
{
	int status;
	if (st->zygote_pid > 0) {
		kill(st->zygote_pid, SIGKILL);
		while (waitpid(st->zygote_pid, &status, __WALL) < 0 &&
		       errno == EINTR)
			;
	}
	zygote_forget(st);
}

/* Sends SIGKILL to every process of the namespace but the keeper and the
 * zygote (kill(-1) would take the zygote too). Returns how many of them
 * were still alive (zombies excluded), -1 if /proc cannot be read. */
static int kill_others(const struct slot_state *st)
{
	char path[64], buf[256];
	struct dirent *de;
	int alive = 0;
	DIR *d = opendir("/proc");

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char *end, *paren;
		long pid = strtol(de->d_name, &end, 10);
		ssize_t n;
		int fd;
		if (*end || pid <= 1 || pid == st->zygote_pid)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* gone meanwhile */
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		paren = strrchr(buf, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'Z')
			continue;
		kill((pid_t)pid, SIGKILL);
		alive++;
	}
	closedir(d);
	return alive;
}

/* Ends every process of the run: kill(-1) when the slot has no zygote. */
static void kill_run(const struct slot_state *st)
{
	if (st->zygote_pid > 0)
		kill_others(st);
	else
		kill(-1, SIGKILL);
}

static void account(struct run_state *rs, pid_t pid, int status,
		    const struct rusage *ru)
{
	if (pid == rs->st->zygote_pid) {
		/* Not a process of the run; its death is noticed here. */
		zygote_forget(rs->st);
		return;
	}
	rs->utime_us += (uint64_t)ru->ru_utime.tv_sec * 1000000u +
			(uint64_t)ru->ru_utime.tv_usec;
	rs->stime_us += (uint64_t)ru->ru_stime.tv_sec * 1000000u +
			(uint64_t)ru->ru_stime.tv_usec;
	if ((uint64_t)ru->ru_maxrss > rs->maxrss_kb)
		rs->maxrss_kb = (uint64_t)ru->ru_maxrss;
	if (rs->main_done)
		rs->leftovers++;
	if (rs->main_pid > 0 && pid == rs->main_pid) {
		rs->main_done = true;
		rs->wait_status = status;
		rs->t_end = now_ns();
		/* The run ends with its main process: nothing may outlive
		 * it (detached grandchildren included). */
		kill_run(rs->st);
	}
}

static void reap_nohang(struct run_state *rs)
{
	struct rusage ru;
	int status;
	pid_t pid;

	while ((pid = wait4(-1, &status, WNOHANG | __WALL, &ru)) > 0)
		account(rs, pid, status, &ru);
}

/* Kills every process of the namespace but this one (and the zygote) and
 * reaps them all. */
static void kill_and_reap_all(struct run_state *rs)
{
	struct rusage ru;
	int status;
	pid_t pid;

	if (rs->st->zygote_pid > 0) {
		/* wait4(-1) would wait for the zygote too: scan /proc until
		 * only zombies are left, reaping ours as we go. The zygote
		 * reaps its own child. */
		struct timespec pause = { 0, 50000 };
		for (int round = 0;; round++) {
			int alive = kill_others(rs->st);
			reap_nohang(rs);
			if (alive <= 0)
				break;
			if (round > 0)
				nanosleep(&pause, NULL);
		}
		reap_nohang(rs);
		return;
	}
	kill(-1, SIGKILL);
	for (;;) {
		pid = wait4(-1, &status, __WALL, &ru);
		if (pid > 0) {
			account(rs, pid, status, &ru);
			continue;
		}
		if (errno == EINTR)
			continue;
		break; /* ECHILD: nothing left */
	}
}

static void drain_sigfd(int sigfd)
{
	struct signalfd_siginfo si;
	while (read(sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		;
}

/* Handles one message from the zygote during a run. */
static void zygote_message(struct run_state *rs)
{
	struct slot_state *st = rs->st;
	union {
		uint32_t type;
		struct vd_zmsg_started started;
		struct vd_zmsg_exited exited;
	} m;
	int fds[VD_PROTO_MAX_FDS], nfds;
	ssize_t n = recv_on(st->zygote_ctl, &m, sizeof(m), fds, &nfds);

	close_fds(fds, nfds);
	if (n <= 0) {
		zygote_stop(st);
		rs->zygote_lost = true;
		rs->main_done = true;
		rs->t_end = now_ns();
		return;
	}
	if (m.type == VD_ZMSG_STARTED && n == (ssize_t)sizeof(m.started)) {
		if (rs->killed)
			kill_others(st);
	} else if (m.type == VD_ZMSG_EXITED && n == (ssize_t)sizeof(m.exited)) {
		rs->main_done = true;
		rs->wait_status = m.exited.wait_status;
		rs->t_end = rs->t_start + m.exited.wall_ns;
		rs->utime_us += m.exited.utime_us;
		rs->stime_us += m.exited.stime_us;
		if (m.exited.maxrss_kb > rs->maxrss_kb)
			rs->maxrss_kb = m.exited.maxrss_kb;
		if (m.exited.setup_failed) {
			rs->setup_failed = true;
			m.exited.msg[sizeof(m.exited.msg) - 1] = '\0';
			snprintf(rs->msg, sizeof(rs->msg), "zygote: %s",
				 m.exited.msg);
		}
		kill_others(st);
	} else {
		/* A zygote that breaks the protocol is not trusted again. */
		zygote_stop(st);
		rs->zygote_lost = true;
		rs->main_done = true;
		rs->t_end = now_ns();
	}
}

/* Waits for the main process, handling KILL and engine death. Returns -1 if
 * the engine went away. */
static int supervise(struct slot_state *st, struct run_state *rs)
{
	struct pollfd pfd[3];

	while (!rs->main_done) {
		nfds_t n = 2;
		pfd[0].fd = VD_PROTO_FD;
		pfd[0].events = POLLIN;
		pfd[1].fd = st->sigfd;
		pfd[1].events = POLLIN;
		if (rs->main_pid == 0 && st->zygote_ctl >= 0) {
			pfd[2].fd = st->zygote_ctl;
			pfd[2].events = POLLIN;
			pfd[2].revents = 0;
			n = 3;
		}
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd[1].revents & POLLIN) {
			drain_sigfd(st->sigfd);
			reap_nohang(rs);
		}
		if (n == 3 && (pfd[2].revents & (POLLIN | POLLHUP | POLLERR)))
			zygote_message(rs);
		else if (rs->main_pid == 0 && st->zygote_ctl < 0 &&
			 !rs->main_done) {
			/* reaped above: the zygote died mid-run */
			rs->zygote_lost = true;
			rs->main_done = true;
			rs->t_end = now_ns();
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			struct vd_msg_kill km;
			int fds[VD_PROTO_MAX_FDS], nfds;
			ssize_t got = recv_msg(&km, sizeof(km), fds, &nfds);
			close_fds(fds, nfds);
			if (got <= 0 || km.type == VD_MSG_QUIT)
				return -1;
			if (km.type == VD_MSG_KILL) {
				rs->killed = true;
				kill_run(st);
			}
		}
	}
	return 0;
}

static int collect_file(const struct run_request *rq, char *msg, size_t len)
{
	char path[300];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "/tmp/%s", rq->collect);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		snprintf(msg, len, "collect %s: %s", rq->collect,
			 strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > rq->hdr.collect_max) {
		snprintf(msg, len, "collect %s: not a regular file or too big",
			 rq->collect);
		close(fd);
		return -1;
	}
	return fd;
}

/* fork(), or on cgroup v2 clone3(CLONE_INTO_CGROUP) so that the child is
 * born in the run's own group without a migration. */
static pid_t spawn_child(const struct run_request *rq)
{
	for (int i = 0; i < rq->nfds; i++) {
		struct clone_args ca;
		if (rq->hdr.fd_roles[i] != VD_FD_CGROUP)
			continue;
		memset(&ca, 0, sizeof(ca));
		ca.flags = CLONE_INTO_CGROUP;
		ca.exit_signal = SIGCHLD;
		ca.cgroup = (uint64_t)rq->fds[i];
		return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	}
	return fork();
}

/*
 * The zygote (docs/design.md, "The zygote"): a long-lived interpreter that
 * forks once per run. It is started like a run's process (its own session,
 * IPC and cgroup namespaces, no_new_privs, a seccomp filter) but stays root
 * with only CAP_SETUID and CAP_SETGID, so that each child can drop to the
 * slot's uid: the run's processes then cannot signal, trace or re-limit the
 * zygote (another uid), which keeps one run from reaching the next. Its fds:
 * 0 and 1 /dev/null, 2 a pipe read here if it fails to start, 3 the control
 * socket, 4 its program.
 */
static void zygote_child(const struct sock_filter *bpf, unsigned short bpf_len,
			 char **argv, char **envp, int ctl, int script,
			 int errout, int errfd)
{
	struct sock_fprog prog;
	sigset_t none;
	int moved[3] = { ctl, script, errout };
	int null_fd;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (setsid() < 0)
		child_fail(errfd, STAGE_SETSID);
	if (unshare(CLONE_NEWIPC | CLONE_NEWCGROUP) < 0)
		child_fail(errfd, STAGE_IPC_NS);
	for (int i = 0; i < 3; i++) {
		moved[i] = fcntl(moved[i], F_DUPFD_CLOEXEC, COPY_HIGH);
		if (moved[i] < 0)
			child_fail(errfd, STAGE_FDS);
	}
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(null_fd, 1) < 0 ||
	    dup2(moved[2], 2) < 0 || dup2(moved[0], 3) < 0 ||
	    dup2(moved[1], 4) < 0)
		child_fail(errfd, STAGE_FDS);
	if (syscall(SYS_close_range, 5, ~0u, 4u /* CLOSE_RANGE_CLOEXEC */) <
	    0) {
		for (int fd = 5; fd < 1024; fd++)
			if (fd != errfd)
				fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	if (chdir("/") < 0)
		child_fail(errfd, STAGE_CHDIR);
	set_rlimit(RLIMIT_CORE, 0, 0, errfd);
	set_rlimit(RLIMIT_MEMLOCK, 0, 0, errfd);
	if (setgroups(0, NULL) < 0)
		child_fail(errfd, STAGE_CREDS);
	/* Root keeps only what its children need to become the slot's uid;
	 * the exec below gives it exactly the bounding set. */
	for (int cap = 0; cap < 64; cap++)
		if (cap != CAP_SETUID && cap != CAP_SETGID &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			child_fail(errfd, STAGE_CREDS);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		child_fail(errfd, STAGE_NNP);
	if (bpf_len) {
		prog.len = bpf_len;
		prog.filter = (struct sock_filter *)(uintptr_t)bpf;
		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
			child_fail(errfd, STAGE_SECCOMP);
	}
	execve(argv[0], argv, envp);
	child_fail(errfd, STAGE_EXEC);
}

/* Waits up to timeout_ms for the zygote's READY. On failure, msg gets the
 * reason, with the end of what it wrote on stderr. */
static int zygote_wait_ready(struct slot_state *st, int errout,
			     uint64_t timeout_ms, char *msg, size_t len)
{
	struct pollfd p = { st->zygote_ctl, POLLIN, 0 };
	uint32_t m[4];
	int fds[VD_PROTO_MAX_FDS], nfds, rc;
	ssize_t n;
	char tail[160];

	do
		rc = poll(&p, 1, (int)timeout_ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 1) {
		n = recv_on(st->zygote_ctl, m, sizeof(m), fds, &nfds);
		close_fds(fds, nfds);
		if (n == 8 && m[0] == VD_ZMSG_READY)
			return 0;
	}
	n = 0;
	if (fcntl(errout, F_SETFL, O_NONBLOCK) == 0)
		n = read(errout, tail, sizeof(tail) - 1);
	tail[n > 0 ? n : 0] = '\0';
	for (char *c = tail; *c; c++)
		if (*c == '\n')
			*c = ' ';
	snprintf(msg, len, "zygote: %s%s%s",
		 rc == 0 ? "not ready in time" : "did not start",
		 tail[0] ? ": " : "", tail);
	return -1;
}

/* One ZYGOTE request: (re)starts the zygote and replies. */
static void do_zygote(struct slot_state *st, char *buf, size_t n, int *fds,
		      int nfds)
{
	static char *argv[MAX_ARGS + 1], *envp[MAX_ARGS + 1];
	static struct sock_filter bpf[MAX_BPF];
	struct vd_msg_zygote h;
	struct vd_msg_reply r;
	struct child_error ce;
	int script = -1, cgroup = -1, sv[2] = { -1, -1 };
	int errpipe[2] = { -1, -1 }, outpipe[2] = { -1, -1 };
	char *p, *end;
	ssize_t got;
	pid_t pid;

	reply_init(&r);
	memcpy(&h, buf, n < sizeof(h) ? n : sizeof(h));
	if (n < sizeof(h) || h.nfds != (uint32_t)nfds ||
	    n != sizeof(h) + (size_t)h.strings_len + h.bpf_len || h.argc == 0 ||
	    h.argc > MAX_ARGS || h.envc > MAX_ARGS ||
	    h.bpf_len % sizeof(struct sock_filter) != 0 ||
	    h.bpf_len / sizeof(struct sock_filter) > MAX_BPF) {
		close_fds(fds, nfds);
		fail_reply(st, VD_REPLY_PROTOCOL, EPROTO,
			   "bad zygote message%s", NULL);
		return;
	}
	p = buf + sizeof(h);
	end = p + h.strings_len;
	for (uint32_t i = 0; i < h.argc + h.envc; i++) {
		size_t l = strnlen(p, (size_t)(end - p));
		if (l == (size_t)(end - p)) {
			close_fds(fds, nfds);
			fail_reply(st, VD_REPLY_PROTOCOL, EPROTO,
				   "bad zygote strings%s", NULL);
			return;
		}
		if (i < h.argc)
			argv[i] = p;
		else
			envp[i - h.argc] = p;
		p += l + 1;
	}
	argv[h.argc] = NULL;
	envp[h.envc] = NULL;
	memcpy(bpf, end, h.bpf_len);
	for (int i = 0; i < nfds; i++) {
		if (h.fd_roles[i] == VD_FD_SCRIPT)
			script = fds[i];
		else if (h.fd_roles[i] == VD_FD_CGROUP)
			cgroup = fds[i];
	}
	zygote_stop(st);
	if (script < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0 ||
	    pipe2(errpipe, O_CLOEXEC) < 0 || pipe2(outpipe, O_CLOEXEC) < 0) {
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = script < 0 ? EINVAL : errno;
		snprintf(r.msg, sizeof(r.msg), "zygote: %s",
			 script < 0 ? "no program" : "socketpair");
		goto out;
	}
	if (cgroup >= 0) {
		struct clone_args ca;
		memset(&ca, 0, sizeof(ca));
		ca.flags = CLONE_INTO_CGROUP;
		ca.exit_signal = SIGCHLD;
		ca.cgroup = (uint64_t)cgroup;
		pid = (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
	} else {
		pid = fork();
	}
	if (pid < 0) {
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = errno;
		snprintf(r.msg, sizeof(r.msg), "zygote: fork");
		goto out;
	}
	if (pid == 0) {
		close(errpipe[0]);
		zygote_child(bpf,
			     (unsigned short)(h.bpf_len /
					      sizeof(struct sock_filter)),
			     argv, envp, sv[1], script, outpipe[1], errpipe[1]);
	}
	close(errpipe[1]);
	errpipe[1] = -1;
	close(outpipe[1]);
	outpipe[1] = -1;
	close(sv[1]);
	sv[1] = -1;
	st->zygote_pid = pid;
	st->zygote_ctl = sv[0];
	sv[0] = -1;
	do
		got = read(errpipe[0], &ce, sizeof(ce));
	while (got < 0 && errno == EINTR);
	if (got == (ssize_t)sizeof(ce)) {
		zygote_stop(st);
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = ce.sys_errno;
		snprintf(r.msg, sizeof(r.msg), "zygote: %s: %s%s%s",
			 stage_name(ce.stage), strerror(ce.sys_errno),
			 ce.stage == STAGE_EXEC ? " for " : "",
			 ce.stage == STAGE_EXEC ? argv[0] : "");
		goto out;
	}
	if (zygote_wait_ready(st, outpipe[0],
			      h.ready_timeout_ms ? h.ready_timeout_ms : 10000,
			      r.msg, sizeof(r.msg)) < 0) {
		zygote_stop(st);
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = EPROTO;
	}
out:
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (errpipe[i] >= 0)
			close(errpipe[i]);
		if (outpipe[i] >= 0)
			close(outpipe[i]);
	}
	close_fds(fds, nfds);
	{
		/* Reap whatever the failed start left. */
		struct run_state rs;
		memset(&rs, 0, sizeof(rs));
		rs.st = st;
		drain_sigfd(st->sigfd);
		reap_nohang(&rs);
	}
	r.zygote = st->zygote_pid > 0;
	send_reply(&r, -1);
}

/* Asks the zygote to fork the run's process. On failure fills r. */
static int zygote_fork(struct slot_state *st, const struct run_request *rq,
		       struct vd_msg_reply *r)
{
	static char buf[sizeof(struct vd_zmsg_fork) + VD_PROTO_MAX_MSG];
	static const uint8_t order[] = { VD_FD_STDIN, VD_FD_STDOUT,
					 VD_FD_STDERR, VD_FD_FD3 };
	const struct vd_msg_run *h = &rq->hdr;
	struct vd_zmsg_fork f;
	int fds[4], nfds = 0;
	size_t off = sizeof(f);

	if (st->zygote_pid <= 0) {
		r->status = VD_REPLY_ZYGOTE_DOWN;
		r->sys_errno = ESRCH;
		snprintf(r->msg, sizeof(r->msg), "zygote: not running");
		return -1;
	}
	for (size_t k = 0; k < sizeof(order); k++) {
		for (int i = 0; i < rq->nfds; i++)
			if (h->fd_roles[i] == order[k])
				fds[nfds++] = rq->fds[i];
		if (nfds != (int)k + 1 &&
		    (k < 3 || (h->flags & VD_RUN_HAS_FD3))) {
			r->status = VD_REPLY_PROTOCOL;
			r->sys_errno = EPROTO;
			snprintf(r->msg, sizeof(r->msg),
				 "zygote run without stdio descriptors");
			return -1;
		}
	}
	memset(&f, 0, sizeof(f));
	f.type = VD_ZMSG_FORK;
	f.flags = (h->flags & VD_RUN_HAS_FD3) ? VD_ZMSG_FORK_FD3 : 0;
	f.uid = st->uid;
	f.gid = st->gid;
	f.argc = h->argc;
	f.rlimit_cpu_s = h->rlimit_cpu_s;
	f.rlimit_fsize = h->rlimit_fsize;
	f.rlimit_nofile = h->rlimit_nofile;
	f.rlimit_nproc = h->rlimit_nproc;
	f.rlimit_stack = h->rlimit_stack;
	f.rlimit_data = h->rlimit_data;
	for (uint32_t i = 0; i < h->argc; i++) {
		size_t l = strlen(rq->argv[i]) + 1;
		if (off + l > sizeof(buf)) {
			r->status = VD_REPLY_PROTOCOL;
			r->sys_errno = E2BIG;
			snprintf(r->msg, sizeof(r->msg), "zygote: argv");
			return -1;
		}
		memcpy(buf + off, rq->argv[i], l);
		off += l;
	}
	f.strings_len = (uint32_t)(off - sizeof(f));
	memcpy(buf, &f, sizeof(f));
	if (send_on(st->zygote_ctl, buf, off, fds, nfds) < 0) {
		r->status = VD_REPLY_ZYGOTE_DOWN;
		r->sys_errno = errno;
		snprintf(r->msg, sizeof(r->msg), "zygote: gone");
		zygote_stop(st);
		return -1;
	}
	return 0;
}

/* One RUN request. Returns -1 if the engine went away. */
static int do_run(struct slot_state *st, struct run_request *rq, size_t len)
{
	struct vd_msg_reply r;
	struct run_state rs;
	struct child_error ce;
	int errpipe[2] = { -1, -1 }, gopipe[2] = { -1, -1 };
	int counter_fd = -1, collected = -1, rc = 0;
	uint32_t nfile = 0;
	ssize_t n;
	pid_t pid;

	reply_init(&r);
	memset(&rs, 0, sizeof(rs));
	rs.st = st;
	if (parse_run(rq, len) < 0) {
		close_fds(rq->fds, rq->nfds);
		fail_reply(st, VD_REPLY_PROTOCOL, EPROTO, "bad run message%s",
			   NULL);
		return 0;
	}
	if (mount_scratch(&rq->hdr) < 0) {
		close_fds(rq->fds, rq->nfds);
		fail_reply(st, VD_REPLY_SETUP_FAILED, errno, "mount /tmp%s",
			   NULL);
		return 0;
	}
	for (int i = 0; i < rq->nfds; i++) {
		if (rq->hdr.fd_roles[i] != VD_FD_FILE)
			continue;
		if (copy_in(rq->fds[i], rq->file_names[nfile]) < 0) {
			close_fds(rq->fds, rq->nfds);
			unmount_scratch();
			fail_reply(st, VD_REPLY_SETUP_FAILED, errno,
				   "copy %s into /tmp",
				   rq->file_names[nfile] + 1);
			return 0;
		}
		nfile++;
	}
	if (rq->hdr.flags & VD_RUN_ZYGOTE) {
		if (rq->hdr.flags &
		    (VD_RUN_COUNT_INSNS | VD_RUN_COUNT_TASK_CLOCK))
			r.counter_errno = EOPNOTSUPP;
		rs.t_start = now_ns();
		if (zygote_fork(st, rq, &r) < 0)
			goto out;
		close_fds(rq->fds, rq->nfds);
		rq->nfds = 0;
		if (supervise(st, &rs) < 0)
			rc = -1;
		kill_and_reap_all(&rs);
		if (rc < 0)
			goto out;
		if (rs.zygote_lost || rs.setup_failed) {
			r.status = VD_REPLY_SETUP_FAILED;
			r.sys_errno = rs.zygote_lost ? ECHILD : 0;
			snprintf(r.msg, sizeof(r.msg), "%s",
				 rs.zygote_lost ? "zygote: died during the run"
						: rs.msg);
			goto out;
		}
		goto results;
	}
	if (pipe2(errpipe, O_CLOEXEC) < 0 ||
	    ((rq->hdr.flags & (VD_RUN_COUNT_INSNS | VD_RUN_COUNT_TASK_CLOCK)) &&
	     pipe2(gopipe, O_CLOEXEC) < 0)) {
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = errno;
		snprintf(r.msg, sizeof(r.msg), "pipe");
		goto out;
	}
	rs.t_start = now_ns();
	pid = spawn_child(rq);
	if (pid < 0) {
		r.status = VD_REPLY_SETUP_FAILED;
		r.sys_errno = errno;
		snprintf(r.msg, sizeof(r.msg), "fork");
		goto out;
	}
	if (pid == 0) {
		close(errpipe[0]);
		if (gopipe[1] >= 0)
			close(gopipe[1]);
		child_exec(st, rq, errpipe[1], gopipe[0]);
	}
	rs.main_pid = pid;
	close(errpipe[1]);
	errpipe[1] = -1;
	close_fds(rq->fds, rq->nfds);
	rq->nfds = 0;
	if (gopipe[0] >= 0) {
		close(gopipe[0]);
		gopipe[0] = -1;
		counter_fd = (int)perf_open(pid, rq->hdr.flags);
		if (counter_fd < 0)
			r.counter_errno = errno;
		if (write(gopipe[1], "g", 1) != 1)
			r.counter_errno = errno;
		close(gopipe[1]);
		gopipe[1] = -1;
	}
	do
		n = read(errpipe[0], &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(ce)) {
		kill_and_reap_all(&rs);
		r.status = ce.stage == STAGE_EXEC ? VD_REPLY_EXEC_FAILED
						  : VD_REPLY_SETUP_FAILED;
		r.sys_errno = ce.sys_errno;
		snprintf(r.msg, sizeof(r.msg), "%s: %s%s%s",
			 stage_name(ce.stage), strerror(ce.sys_errno),
			 ce.stage == STAGE_EXEC ? " for " : "",
			 ce.stage == STAGE_EXEC ? rq->argv[0] : "");
		goto out;
	}
	if (supervise(st, &rs) < 0)
		rc = -1;
	kill_and_reap_all(&rs);
	if (rc < 0)
		goto out;
	if (counter_fd >= 0) {
		uint64_t count = 0;
		if (read(counter_fd, &count, sizeof(count)) ==
		    (ssize_t)sizeof(count))
			r.counter = (int64_t)count;
		else
			r.counter_errno = errno;
	}
results:
	if ((rq->hdr.flags & VD_RUN_COLLECT) && WIFEXITED(rs.wait_status) &&
	    WEXITSTATUS(rs.wait_status) == 0) {
		collected = collect_file(rq, r.msg, sizeof(r.msg));
		r.collected = collected >= 0;
	}
	r.wait_status = rs.wait_status;
	r.killed = rs.killed;
	r.leftovers = rs.leftovers;
	r.wall_ns = rs.t_end > rs.t_start ? rs.t_end - rs.t_start : 0;
	r.utime_us = rs.utime_us;
	r.stime_us = rs.stime_us;
	r.maxrss_kb = rs.maxrss_kb;
out:
	if (counter_fd >= 0)
		close(counter_fd);
	for (int i = 0; i < 2; i++) {
		if (errpipe[i] >= 0)
			close(errpipe[i]);
		if (gopipe[i] >= 0)
			close(gopipe[i]);
	}
	close_fds(rq->fds, rq->nfds);
	drain_sigfd(st->sigfd);
	unmount_scratch();
	r.zygote = st->zygote_pid > 0;
	if (rc == 0 && send_reply(&r, collected) < 0)
		rc = -1;
	if (collected >= 0)
		close(collected);
	return rc;
}

int main(void)
{
	static struct slot_state st;
	static struct run_request rq;

	st.zygote_ctl = -1;
	if (setup_slot(&st) < 0)
		return 1;
	for (;;) {
		ssize_t n =
			recv_msg(&rq.hdr, sizeof(rq.hdr) + sizeof(rq.strings),
				 rq.fds, &rq.nfds);
		if (n <= 0)
			break;
		if ((size_t)n < sizeof(uint32_t))
			break;
		if (rq.hdr.type == VD_MSG_QUIT) {
			close_fds(rq.fds, rq.nfds);
			break;
		}
		if (rq.hdr.type == VD_MSG_KILL) {
			close_fds(rq.fds, rq.nfds);
			continue; /* a late kill for a finished run */
		}
		if (rq.hdr.type == VD_MSG_ZYGOTE) {
			do_zygote(&st, (char *)&rq.hdr, (size_t)n, rq.fds,
				  rq.nfds);
			continue;
		}
		if (rq.hdr.type != VD_MSG_RUN || (size_t)n < sizeof(rq.hdr)) {
			close_fds(rq.fds, rq.nfds);
			fail_reply(&st, VD_REPLY_PROTOCOL, EPROTO,
				   "unexpected message%s", NULL);
			continue;
		}
		if (do_run(&st, &rq, (size_t)n - sizeof(rq.hdr)) < 0)
			break;
	}
	zygote_stop(&st);
	{
		struct run_state rs;
		memset(&rs, 0, sizeof(rs));
		rs.st = &st;
		kill_and_reap_all(&rs);
	}
	return 0;
}
