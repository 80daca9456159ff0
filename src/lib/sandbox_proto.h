/*
 * sandbox_proto: the messages between the engine (sandbox.c) and the keeper
 * (src/keeper/keeper.c), the init process of one sandbox slot.
 *
 * Transport: a SOCK_SEQPACKET socket pair, one message per packet; file
 * descriptors travel with SCM_RIGHTS. Both sides are built from this header
 * in the same tree, so the layout is a private ABI checked by `magic` and
 * `version` in the setup message.
 *
 * Conversation:
 *   engine -> keeper  SETUP (+ seccomp BPF bytes)      once, after cgroup moves
 *   keeper -> engine  REPLY (status 0 = ready)
 *   engine -> keeper  RUN (+ fds)                      per execution
 *   engine -> keeper  KILL                             optional, while running
 *   keeper -> engine  REPLY (+ collected file fd)      when every process of
 *                                                      the run has been reaped
 *   engine -> keeper  QUIT, or the socket closes       keeper kills all, exits
 *
 * The zygote (optional, per slot): a long-lived interpreter in the box that
 * forks once per run instead of an exec (docs/design.md, "The zygote").
 *   engine -> keeper  ZYGOTE (+ script fd, + v2 group fd, + its BPF)
 *                                                      (re)start it
 *   keeper -> engine  REPLY (status 0 = the zygote said READY)
 *   engine -> keeper  RUN with VD_RUN_ZYGOTE           argv goes to the
 *                                                      zygote, not execve
 * Keeper <-> zygote, over a SOCK_SEQPACKET pair (the zygote's fd 3), in
 * host byte order, as struct vd_zmsg_* below:
 *   zygote -> keeper  READY                            once started
 *   keeper -> zygote  FORK (+ stdin, stdout, stderr[, fd 3])
 *   zygote -> keeper  STARTED (the child's pid), then EXITED (its wait
 *                     status and rusage, or why it could not start)
 */
#ifndef VD_SANDBOX_PROTO_H
#define VD_SANDBOX_PROTO_H

#include <stdint.h>

#define VD_PROTO_MAGIC	 0x76646b70u /* "vdkp" */
#define VD_PROTO_VERSION 2u
#define VD_PROTO_MAX_MSG (64u * 1024u)
#define VD_PROTO_MAX_FDS 8u
#define VD_PROTO_FD	 3 /* the keeper's end of the socket */

enum vd_proto_type {
	VD_MSG_SETUP = 1,
	VD_MSG_RUN = 2,
	VD_MSG_KILL = 3,
	VD_MSG_QUIT = 4,
	VD_MSG_REPLY = 5,
	VD_MSG_ZYGOTE = 6,
};

/* Followed by `paths_len` bytes of NUL-separated host paths to bind
 * read-only (besides the fixed set), then `bpf_len` bytes of struct
 * sock_filter. */
struct vd_msg_setup {
	uint32_t type;
	uint32_t magic;
	uint32_t version;
	uint32_t flags; /* reserved, 0 */
	uint32_t uid;
	uint32_t gid;
	uint32_t paths_len;
	uint32_t bpf_len;
};

enum vd_run_flags {
	VD_RUN_EXEC_FD = 1u << 0,     /* execveat() the fd in role EXEC */
	VD_RUN_HAS_FD3 = 1u << 1,     /* fd role FD3 becomes fd 3 */
	VD_RUN_COLLECT = 1u << 2,     /* send back an fd of /tmp/<collect> */
	VD_RUN_COUNT_INSNS = 1u << 3, /* user-space hw instructions counter */
	VD_RUN_COUNT_TASK_CLOCK = 1u << 4, /* same plumbing, software clock */
	VD_RUN_NO_SECCOMP = 1u << 5,	   /* tests of the filter itself only */
	VD_RUN_ZYGOTE = 1u << 6, /* fork from the slot's zygote; argv is
				    the zygote's job (envp, EXEC unused) */
};

/* Roles of the file descriptors that come with a RUN message, in order;
 * `fd_roles[i]` names the role of the i-th passed descriptor. */
enum vd_fd_role {
	VD_FD_STDIN = 1,
	VD_FD_STDOUT = 2,
	VD_FD_STDERR = 3,
	VD_FD_FD3 = 4,
	VD_FD_EXEC = 5,
	VD_FD_FILE = 6,	  /* copied into /tmp under the next name of `files` */
	VD_FD_CGROUP = 7, /* cgroup v2 leaf: clone3(CLONE_INTO_CGROUP) */
	VD_FD_SCRIPT = 8, /* ZYGOTE: the zygote's program, its fd 4 */
};

/*
 * Followed by `strings_len` bytes: argc NUL-terminated argv strings, envc
 * environment strings, then one name per VD_FD_FILE descriptor (a plain
 * file name, no '/'), then the collect name if VD_RUN_COLLECT.
 * Each VD_FD_FILE name is prefixed by one mode byte: 'x' (0755) or 'r'
 * (0644).
 */
struct vd_msg_run {
	uint32_t type;
	uint32_t flags;
	uint32_t argc;
	uint32_t envc;
	uint32_t nfds;
	uint32_t strings_len;
	uint8_t fd_roles[VD_PROTO_MAX_FDS];
	/* rlimits for the run's processes (0 = leave unlimited) */
	uint64_t rlimit_cpu_s; /* soft; hard is one more second */
	uint64_t rlimit_fsize; /* bytes */
	uint64_t rlimit_nofile;
	uint64_t rlimit_nproc;
	uint64_t rlimit_stack; /* bytes */
	uint64_t rlimit_data;  /* bytes; only in rlimit-only mode */
	uint64_t tmp_bytes;    /* size of the fresh /tmp tmpfs */
	uint64_t tmp_inodes;
	uint64_t collect_max; /* largest file accepted for COLLECT */
};

/*
 * Starts the slot's zygote (killing a previous one). Followed by
 * `strings_len` bytes: argc argv strings (argv[0] a path in the box) and
 * envc environment strings, then `bpf_len` bytes of the zygote's seccomp
 * filter (struct sock_filter). Descriptors: VD_FD_SCRIPT, and on cgroup v2
 * VD_FD_CGROUP, the group the zygote is cloned into.
 */
struct vd_msg_zygote {
	uint32_t type;
	uint32_t argc;
	uint32_t envc;
	uint32_t nfds;
	uint32_t strings_len;
	uint32_t bpf_len;
	uint8_t fd_roles[VD_PROTO_MAX_FDS];
	uint64_t ready_timeout_ms;
};

struct vd_msg_kill {
	uint32_t type;
	uint32_t reason;
};

enum vd_reply_status {
	VD_REPLY_OK = 0,
	VD_REPLY_SETUP_FAILED = 1, /* slot or run preparation failed */
	VD_REPLY_EXEC_FAILED = 2,  /* the program could not be started */
	VD_REPLY_PROTOCOL = 3,	   /* malformed request */
	VD_REPLY_ZYGOTE_DOWN = 4,  /* a zygote run found no zygote: nothing
				      ran; start it and ask again */
};

struct vd_msg_reply {
	uint32_t type;
	uint32_t status;     /* enum vd_reply_status */
	int32_t sys_errno;   /* errno of a failure */
	int32_t wait_status; /* of the main process, as from wait4 */
	uint32_t killed;     /* a KILL request ended the run */
	uint32_t leftovers;  /* processes still alive when the main
				   process ended, killed by the keeper */
	uint64_t wall_ns;    /* fork of the main process to its exit */
	uint64_t utime_us;   /* summed over every process of the run */
	uint64_t stime_us;
	uint64_t maxrss_kb;    /* largest single process */
	int64_t counter;       /* instructions or task-clock ns; -1 none */
	int32_t counter_errno; /* why the counter could not be opened */
	uint32_t collected;    /* an fd of the collected file follows */
	uint32_t zygote;       /* the slot's zygote is alive after this */
	char msg[200];	       /* stage and detail of a failure */
};

/* Keeper <-> zygote. */
enum vd_zmsg_type {
	VD_ZMSG_READY = 1,
	VD_ZMSG_FORK = 2,
	VD_ZMSG_STARTED = 3,
	VD_ZMSG_EXITED = 4,
};

#define VD_ZMSG_FORK_FD3 1u /* a fourth descriptor becomes fd 3 */

/* Followed by argc NUL-terminated strings (`strings_len` bytes). */
struct vd_zmsg_fork {
	uint32_t type;
	uint32_t flags;
	uint32_t uid;
	uint32_t gid;
	uint32_t argc;
	uint32_t strings_len;
	/* rlimits of the child, as in struct vd_msg_run (0 = unchanged) */
	uint64_t rlimit_cpu_s;
	uint64_t rlimit_fsize;
	uint64_t rlimit_nofile;
	uint64_t rlimit_nproc;
	uint64_t rlimit_stack;
	uint64_t rlimit_data;
};

struct vd_zmsg_started {
	uint32_t type;
	int32_t pid; /* in the box's pid namespace */
};

struct vd_zmsg_exited {
	uint32_t type;
	uint32_t setup_failed; /* the child died before running the job */
	int32_t wait_status;
	uint32_t pad;
	uint64_t wall_ns; /* fork to exit */
	uint64_t utime_us;
	uint64_t stime_us;
	uint64_t maxrss_kb;
	char msg[200]; /* the failed setup step */
};

#endif
