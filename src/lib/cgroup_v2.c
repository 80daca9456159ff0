/*
 * cgroup_v2: the unified-hierarchy back end.
 *
 * Layout below the engine's own group E:
 *   E/verdict-<pid>-<id>/                 controllers enabled for children
 *     slot-N/                             controllers enabled for children
 *       keeper/                           the keeper (clone3 into it)
 *       run-K/                            one run: memory.max, pids.max,
 *                                         memory.oom.group; the run's child
 *                                         is born here (CLONE_INTO_CGROUP)
 * A fresh run-K per run gives an exact memory.peak on every kernel that
 * has the file (5.19+), without needing the peak reset of 6.12+.
 *
 * v2 forbids processes in a group whose children have controllers (except
 * in the root). If E holds the engine itself, the engine moves into a leaf
 * E/verdict-<pid>-engine first; if E holds other processes too, v2 cannot
 * be used and the reason names the remedy (a delegated group).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cgroup.h"
#include "cgroup_int.h"
#include "err.h"

static bool file_has_word(const char *dir, const char *file, const char *word)
{
	char buf[1024];
	int fd = vd_cg_open(dir, file, O_RDONLY);
	ssize_t n;
	char *p, *save = NULL;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	for (p = strtok_r(buf, " \n", &save); p;
	     p = strtok_r(NULL, " \n", &save))
		if (!strcmp(p, word))
			return true;
	return false;
}

/* Enables memory (required) and, where available, pids and cpu for the
 * children of dir. */
static int enable_controllers(const char *dir, bool pids, bool cpu)
{
	if (vd_cg_write(dir, "cgroup.subtree_control", "+memory") < 0)
		return -1;
	if (pids && vd_cg_write(dir, "cgroup.subtree_control", "+pids") < 0)
		return -1;
	if (cpu)
		vd_cg_write(dir, "cgroup.subtree_control", "+cpu");
	return 0;
}

/* An earlier engine of this process may have moved it into the leaf
 * verdict-<pid>-engine (see move_self_to_leaf): the group the engine runs
 * in is then that leaf's parent. */
static void strip_own_leaf(char *dir)
{
	char leaf[64];
	char *slash = strrchr(dir, '/');

	snprintf(leaf, sizeof(leaf), "verdict-%d-engine", (int)getpid());
	if (slash && !strcmp(slash + 1, leaf))
		*slash = '\0';
}

/* Moves this process into a leaf below dir so that dir may enable
 * controllers for its children. */
static int move_self_to_leaf(const char *dir, struct vd_error *err)
{
	char leaf[64], pid[32];
	char *path;
	int rc;

	snprintf(leaf, sizeof(leaf), "verdict-%d-engine", (int)getpid());
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	path = vd_cg_join(dir, leaf);
	if (!path)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		rc = vd_error_errno(err, VD_ENOTSUP, "mkdir %s", path);
		vd_free_mem(path);
		return rc;
	}
	if (vd_cg_write(path, "cgroup.procs", pid) < 0) {
		rc = vd_error_errno(err, VD_ENOTSUP, "move engine into %s",
				    path);
		rmdir(path);
		vd_free_mem(path);
		return rc;
	}
	vd_free_mem(path);
	return 0;
}

int vd_cgroup_v2_open(struct vd_cgroup *cg, const char *self_name,
		      struct vd_error *err)
{
	char mnt[1024], mroot[1024], self[2048], dir[4096];
	bool cpu, pids;
	int rc;

	if (vd_cg_find_mount("cgroup2", NULL, mnt, sizeof(mnt), mroot,
			     sizeof(mroot)) < 0)
		return vd_error_set(err, VD_ENOTSUP, 0, "no cgroup2 mount");
	if (vd_cg_self_path(NULL, self, sizeof(self)) < 0 ||
	    vd_cg_engine_dir(mnt, mroot, self, dir, sizeof(dir)) < 0)
		return vd_error_set(err, VD_ENOTSUP, 0,
				    "no v2 entry in /proc/self/cgroup");
	strip_own_leaf(dir);
	if (!file_has_word(dir, "cgroup.controllers", "memory"))
		return vd_error_set(err, VD_ENOTSUP, 0,
				    "%s lacks the memory controller", dir);
	if (access(dir, W_OK) < 0)
		return vd_error_errno(err, VD_ENOTSUP, "%s is not writable",
				      dir);
	cpu = file_has_word(dir, "cgroup.controllers", "cpu");
	pids = file_has_word(dir, "cgroup.controllers", "pids");
	cg->v2_pids = pids;
	vd_cg_sweep_stale(dir);
	if (enable_controllers(dir, pids, cpu) < 0) {
		if (errno != EBUSY)
			return vd_error_errno(err, VD_ENOTSUP,
					      "enable controllers in %s", dir);
		rc = move_self_to_leaf(dir, err);
		if (rc < 0)
			return rc;
		if (enable_controllers(dir, pids, cpu) < 0)
			return vd_error_errno(
				err, VD_ENOTSUP,
				"enable controllers in %s (it holds other processes: start verdict in a delegated cgroup of its own, e.g. systemd-run -p Delegate=yes)",
				dir);
	}
	cg->v2_dir = vd_cg_join(dir, self_name);
	if (!cg->v2_dir)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(cg->v2_dir, 0755) < 0 && errno != EEXIST)
		return vd_error_errno(err, VD_ENOTSUP, "mkdir %s", cg->v2_dir);
	if (enable_controllers(cg->v2_dir, pids, cpu) < 0)
		return vd_error_errno(err, VD_ENOTSUP,
				      "enable controllers in %s", cg->v2_dir);
	{
		char probe[4096];
		snprintf(probe, sizeof(probe), "%s/memory.swap.max",
			 cg->v2_dir);
		cg->v2_swap = access(probe, W_OK) == 0;
	}
	return 0;
}

/* slot-N/zygote: where a zygote and the runs it forks live. Its counters
 * stay open; runs are accounted by differences (vd_cgroup_v2_shared_*). */
static int zygote_group(struct vd_cgroup_slot *s, struct vd_error *err)
{
	char *dir = vd_cg_join(s->dir[0], "zygote");
	int rc = 0;

	if (!dir)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		rc = vd_error_errno(err, VD_ESANDBOX, "cgroup: mkdir %s", dir);
		goto out;
	}
	if (s->cg->v2_swap)
		vd_cg_write(dir, "memory.swap.max", "0");
	s->zy_dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	s->zy_mem_max = vd_cg_open(dir, "memory.max", O_WRONLY);
	s->zy_mem_current = vd_cg_open(dir, "memory.current", O_RDONLY);
	s->zy_peak = vd_cg_open(dir, "memory.peak", O_RDWR);
	if (s->zy_peak < 0)
		s->zy_peak = vd_cg_open(dir, "memory.peak", O_RDONLY);
	s->zy_events = vd_cg_open(dir, "memory.events", O_RDONLY);
	s->zy_cpu_stat = vd_cg_open(dir, "cpu.stat", O_RDONLY);
	if (s->cg->v2_pids) {
		s->zy_pids_max = vd_cg_open(dir, "pids.max", O_WRONLY);
		s->zy_pids_current = vd_cg_open(dir, "pids.current", O_RDONLY);
		s->zy_pids_events = vd_cg_open(dir, "pids.events", O_RDONLY);
	}
	if (s->zy_dirfd < 0 || s->zy_mem_max < 0 || s->zy_mem_current < 0 ||
	    s->zy_events < 0 || s->zy_cpu_stat < 0)
		rc = vd_error_errno(err, VD_ESANDBOX, "cgroup: open %s", dir);
out:
	vd_free_mem(dir);
	return rc;
}

int vd_cgroup_v2_shared_begin(struct vd_cgroup_slot *s,
			      const struct vd_cgroup_limits *lim,
			      struct vd_error *err)
{
	char text[32];
	uint64_t base = 0, n = 0;

	if (vd_cg_pwrite(s->zy_mem_max, "max") < 0 ||
	    vd_cg_read_u64(s->zy_mem_current, &base) < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup: zygote group memory");
	if (lim->memory_bytes) {
		snprintf(text, sizeof(text), "%" PRIu64,
			 base + lim->memory_bytes);
		if (vd_cg_pwrite(s->zy_mem_max, text) < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: zygote memory.max");
	}
	/* memory.peak restarts from the current usage on a write, for reads
	 * through the same descriptor (Linux 6.12). */
	s->zy_peak_set = s->zy_peak >= 0 && vd_cg_pwrite(s->zy_peak, "0") == 0;
	s->base_bytes = base;
	if (s->zy_pids_max >= 0) {
		if (vd_cg_read_u64(s->zy_pids_current, &n) < 0)
			n = 1;
		if (lim->processes)
			snprintf(text, sizeof(text), "%" PRIu64,
				 n + lim->processes);
		else
			snprintf(text, sizeof(text), "max");
		if (vd_cg_pwrite(s->zy_pids_max, text) < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: zygote pids.max");
	}
	s->zy_cpu_base = s->zy_oom_before = s->zy_max_before = 0;
	s->zy_pids_before = 0;
	vd_cg_read_key(s->zy_cpu_stat, "usage_usec", &s->zy_cpu_base);
	vd_cg_read_key(s->zy_events, "oom_kill", &s->zy_oom_before);
	vd_cg_read_key(s->zy_events, "max", &s->zy_max_before);
	if (s->zy_pids_events >= 0)
		vd_cg_read_key(s->zy_pids_events, "max", &s->zy_pids_before);
	return 0;
}

int64_t vd_cgroup_v2_shared_cpu_ns(struct vd_cgroup_slot *s)
{
	uint64_t v;
	if (vd_cg_read_key(s->zy_cpu_stat, "usage_usec", &v) < 0)
		return -1;
	return v > s->zy_cpu_base ? (int64_t)((v - s->zy_cpu_base) * 1000) : 0;
}

int vd_cgroup_v2_shared_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u)
{
	uint64_t v;
	int64_t cpu = vd_cgroup_v2_shared_cpu_ns(s);

	if (cpu >= 0) {
		u->have_cpu = true;
		u->cpu_ns = (uint64_t)cpu;
	}
	if (s->zy_peak_set && vd_cg_read_u64(s->zy_peak, &v) == 0) {
		u->have_memory = true;
		u->peak_bytes = v > s->base_bytes ? v - s->base_bytes : 0;
	}
	if (vd_cg_read_key(s->zy_events, "oom_kill", &v) == 0 &&
	    v > s->zy_oom_before)
		u->oom_kills = (uint32_t)(v - s->zy_oom_before);
	if (vd_cg_read_key(s->zy_events, "max", &v) == 0 &&
	    v > s->zy_max_before)
		u->mem_failcnt = (uint32_t)(v - s->zy_max_before);
	if (s->zy_pids_events >= 0 &&
	    vd_cg_read_key(s->zy_pids_events, "max", &v) == 0) {
		u->have_pids = true;
		if (v > s->zy_pids_before)
			u->pids_denied = (uint32_t)(v - s->zy_pids_before);
	}
	s->shared_run = false;
	return 0;
}

int vd_cgroup_v2_slot(struct vd_cgroup_slot *s, const char *name,
		      struct vd_error *err)
{
	char *keeper;
	bool cpu =
		file_has_word(s->cg->v2_dir, "cgroup.subtree_control", "cpu");
	bool pids = s->cg->v2_pids;

	s->dir[0] = vd_cg_join(s->cg->v2_dir, name);
	if (!s->dir[0])
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(s->dir[0], 0755) < 0 && errno != EEXIST)
		return vd_error_errno(err, VD_ESANDBOX, "cgroup: mkdir %s",
				      s->dir[0]);
	if (enable_controllers(s->dir[0], pids, cpu) < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup: enable controllers in %s",
				      s->dir[0]);
	keeper = vd_cg_join(s->dir[0], "keeper");
	if (!keeper)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(keeper, 0755) < 0 && errno != EEXIST) {
		vd_free_mem(keeper);
		return vd_error_errno(err, VD_ESANDBOX, "cgroup: mkdir keeper");
	}
	s->keeper_dirfd = open(keeper, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	vd_free_mem(keeper);
	if (s->keeper_dirfd < 0)
		return vd_error_errno(err, VD_ESANDBOX, "cgroup: open keeper");
	return zygote_group(s, err);
}

static void close_run_fds(struct vd_cgroup_slot *s)
{
	int *fds[] = {
		&s->run_dirfd,	&s->run_cpu_stat,    &s->run_peak,
		&s->run_events, &s->run_pids_events, &s->run_mem_current
	};
	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

static void remove_run_dir(struct vd_cgroup_slot *s)
{
	if (!s->run_dir)
		return;
	/* A just-reaped group can report EBUSY for a moment. */
	for (int i = 0; i < 100 && rmdir(s->run_dir) < 0 && errno == EBUSY; i++)
		usleep(1000);
	vd_free_mem(s->run_dir);
	s->run_dir = NULL;
}

int vd_cgroup_v2_begin(struct vd_cgroup_slot *s,
		       const struct vd_cgroup_limits *lim, struct vd_error *err)
{
	char name[32], text[32];

	close_run_fds(s);
	remove_run_dir(s);
	snprintf(name, sizeof(name), "run-%u", ++s->run_seq);
	s->run_dir = vd_cg_join(s->dir[0], name);
	if (!s->run_dir)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (mkdir(s->run_dir, 0755) < 0)
		return vd_error_errno(err, VD_ESANDBOX, "cgroup: mkdir %s",
				      s->run_dir);
	if (lim->memory_bytes)
		snprintf(text, sizeof(text), "%" PRIu64, lim->memory_bytes);
	else
		snprintf(text, sizeof(text), "max");
	if (vd_cg_write(s->run_dir, "memory.max", text) < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup: write memory.max");
	if (s->cg->v2_swap)
		vd_cg_write(s->run_dir, "memory.swap.max", "0");
	vd_cg_write(s->run_dir, "memory.oom.group", "1");
	if (lim->processes)
		snprintf(text, sizeof(text), "%u", lim->processes);
	else
		snprintf(text, sizeof(text), "max");
	if (s->cg->v2_pids && vd_cg_write(s->run_dir, "pids.max", text) < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup: write pids.max");
	s->run_dirfd = open(s->run_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	s->run_cpu_stat = vd_cg_open(s->run_dir, "cpu.stat", O_RDONLY);
	s->run_peak = vd_cg_open(s->run_dir, "memory.peak", O_RDONLY);
	s->run_mem_current = vd_cg_open(s->run_dir, "memory.current", O_RDONLY);
	s->run_events = vd_cg_open(s->run_dir, "memory.events", O_RDONLY);
	s->run_pids_events = vd_cg_open(s->run_dir, "pids.events", O_RDONLY);
	if (s->run_dirfd < 0 || s->run_cpu_stat < 0 || s->run_events < 0)
		return vd_error_errno(err, VD_ESANDBOX, "cgroup: open %s",
				      s->run_dir);
	return 0;
}

int vd_cgroup_v2_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u)
{
	uint64_t v;

	if (s->run_cpu_stat >= 0 &&
	    vd_cg_read_key(s->run_cpu_stat, "usage_usec", &v) == 0) {
		u->have_cpu = true;
		u->cpu_ns = v * 1000;
	}
	if (s->run_peak >= 0 && vd_cg_read_u64(s->run_peak, &v) == 0) {
		u->have_memory = true;
		u->peak_bytes = v;
	}
	if (s->run_events >= 0) {
		if (vd_cg_read_key(s->run_events, "oom_kill", &v) == 0)
			u->oom_kills = (uint32_t)v;
		if (vd_cg_read_key(s->run_events, "max", &v) == 0)
			u->mem_failcnt = (uint32_t)v;
	}
	if (s->run_pids_events >= 0 &&
	    vd_cg_read_key(s->run_pids_events, "max", &v) == 0) {
		u->have_pids = true;
		u->pids_denied = (uint32_t)v;
	}
	close_run_fds(s);
	remove_run_dir(s);
	return 0;
}
