/*
 * sandbox: confined execution of one process tree in a slot.
 *
 * A struct vd_sandbox holds what every slot shares and is built once: the
 * keeper image (src/keeper, embedded), the compiled seccomp filter, the
 * read-only paths of the box, the cgroup back end, the uid range.
 * A struct vd_slot is one keeper process (see src/keeper/keeper.c) with its
 * namespaces, box file system, uid and cgroups, reused run after run; a slot
 * whose keeper misbehaves is rebuilt transparently on the next run.
 *
 * vd_slot_exec runs one program in the slot: it passes stdin (a sealed
 * memfd), pipes for stdout, stderr and an optional fd 3, and files for /tmp;
 * captures the pipes into capped buffers; polls the cgroup CPU counter and
 * the wall clock; asks the keeper to kill the run when a limit is crossed;
 * and returns raw figures. It never decides a verdict (runner does).
 *
 * A slot is used by one thread at a time; different slots may run in
 * parallel threads.
 */
#ifndef VD_SANDBOX_H
#define VD_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "log.h"
#include "verdict.h"

struct vd_sandbox;
struct vd_slot;
struct vd_cgroup;

/*
 * A zygote (optional): one long-lived process per slot, started on the
 * first run that asks for it, that forks once per run instead of an exec
 * (docs/design.md, "The zygote"). It runs `argv` with `envp` in the box,
 * with `program` readable as its fd 4 (/proc/self/fd/4), and speaks the
 * keeper's zygote protocol (sandbox_proto.h) on fd 3.
 */
struct vd_zygote_spec {
	const char *const *argv; /* argv[0]: an absolute path in the box */
	const char *const *envp;
	const void *program;
	size_t program_len;
};

struct vd_sandbox_config {
	uint32_t uid_base;	  /* slot i runs as uid_base + i */
	int cgroup_mode;	  /* enum vd_cgroup_mode */
	const char *extra_paths;  /* ':'-separated host paths, or NULL */
	const struct vd_log *log; /* borrowed */
	const struct vd_zygote_spec *zygote; /* copied; NULL = none */
	bool pin_cpus; /* slot i's keeper (so all its runs and its zygote)
			  bound to one CPU: the i-th from the last of those
			  the engine may use */
};

int vd_sandbox_new(const struct vd_sandbox_config *cfg, struct vd_sandbox **out,
		   struct vd_error *err);
void vd_sandbox_free(struct vd_sandbox *sb);
struct vd_cgroup *vd_sandbox_cgroup(struct vd_sandbox *sb);
/* One line naming the isolation in force. */
const char *vd_sandbox_isolation(const struct vd_sandbox *sb);

int vd_slot_new(struct vd_sandbox *sb, uint32_t index, struct vd_slot **out,
		struct vd_error *err);
void vd_slot_free(struct vd_slot *slot);
uint32_t vd_slot_uid(const struct vd_slot *slot);
/* The CPU the slot is bound to, or -1. */
int vd_slot_cpu(const struct vd_slot *slot);
/* Host pid of the keeper (tests), or -1. */
int vd_slot_keeper_pid(const struct vd_slot *slot);
/* Whether the slot's zygote is running (as of the last reply). */
bool vd_slot_zygote_up(const struct vd_slot *slot);
/* Whether the sandbox was given a zygote. */
bool vd_sandbox_has_zygote(const struct vd_sandbox *sb);

struct vd_exec_file {
	const char *name; /* plain name in /tmp */
	const void *data;
	size_t len;
	bool executable;
};

enum vd_exec_counter {
	VD_EXEC_COUNT_NONE = 0,
	VD_EXEC_COUNT_INSNS = 1,
	VD_EXEC_COUNT_TASK_CLOCK = 2,
};

struct vd_exec {
	const char *const
		*argv; /* argv[0]: a path in the box, unless exec_fd */
	const char *const *envp;
	int exec_fd; /* >= 0: execveat() this fd (a binary) */
	const void *stdin_data;
	size_t stdin_len;
	const struct vd_exec_file *files;
	size_t nfiles;
	const char *collect; /* file in /tmp to hand back, or NULL */
	uint64_t collect_max;
	/* limits */
	uint64_t cpu_ns;       /* 0 = none */
	uint64_t wall_ns;      /* 0 = none */
	uint64_t memory_bytes; /* 0 = none */
	uint32_t processes;
	uint32_t open_files;
	uint64_t file_size; /* RLIMIT_FSIZE and the /tmp size */
	uint64_t stack_bytes;
	/* capture: buffers hold the caps; NULL = discarded */
	struct vd_buf *out;
	struct vd_buf *errout;
	struct vd_buf *fd3; /* NULL = no fd 3 */
	int counter;	    /* enum vd_exec_counter */
	bool no_seccomp;    /* tests only */
	/* Fork the run's process from the slot's zygote: argv is the
	 * zygote's job; envp, exec_fd and counter do not apply. */
	bool zygote;
	/*
	 * Optional streaming consumer of fd 3: called with the bytes read
	 * from fd 3 and not yet consumed (NUL-terminated), and the run's CPU
	 * time so far (cgroup, -1 if unknown). Returns how many bytes it
	 * consumed (whole lines), or -1 to end the run now (stopped_by is
	 * then VD_EXEC_STOPPED_BY_WATCH). It may set *cpu_deadline_ns, an
	 * absolute value of that CPU counter at which the run is stopped
	 * with VD_LIMIT_CPU (0 = none). With a consumer, fd3's cap bounds
	 * only the unconsumed bytes (one line).
	 */
	long (*on_fd3)(void *ctx, const char *data, size_t len, int64_t cpu_ns,
		       int64_t *cpu_deadline_ns);
	void *on_fd3_ctx;
	/* > 0: sample the run's memory charge (cgroup) this often while it
	 * runs, for the memory-time integral (Effi-Code's TMU) */
	uint64_t mem_sample_ns;
};

/* stopped_by value when on_fd3 asked to end the run. */
#define VD_EXEC_STOPPED_BY_WATCH 100

enum vd_exec_status {
	VD_EXEC_RAN = 0,
	VD_EXEC_SETUP_FAILED = 1, /* the sandbox could not prepare the run */
	VD_EXEC_START_FAILED = 2, /* execve failed (e.g. missing interpreter) */
};

struct vd_exec_result {
	int status;	 /* enum vd_exec_status */
	int wait_status; /* of the main process */
	int stopped_by;	 /* enum vd_limit_kind: why the engine killed it */
	uint64_t wall_ns;
	uint64_t user_ns; /* summed over every process of the run */
	uint64_t sys_ns;
	bool have_cgroup;
	uint64_t cgroup_cpu_ns;
	bool have_peak;
	uint64_t peak_bytes;
	uint64_t maxrss_kb;
	uint32_t oom_kills;
	uint32_t pids_denied;
	uint32_t mem_failcnt;
	uint32_t leftovers; /* processes killed after the main one ended */
	int64_t counter;    /* -1 = none */
	/* with mem_sample_ns: the integral of the run's memory charge over
	 * its wall time (byte-seconds; each sample stands for the interval
	 * before it); 0 without a cgroup */
	double mem_time_byte_s;
	int counter_errno;
	int collected_fd; /* -1, or an fd the caller owns */
	int sys_errno;
	char msg[256];
};

/* Runs one program. Returns 0 when the run happened or failed in a way the
 * result describes (status), a negative VD_E* code when the engine itself
 * failed (the slot is then rebuilt on the next call). */
int vd_slot_exec(struct vd_slot *slot, const struct vd_exec *x,
		 struct vd_exec_result *res, struct vd_error *err);

#endif
