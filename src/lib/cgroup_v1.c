/*
 * cgroup_v1: the v1 back end (memory, pids, cpuacct hierarchies).
 *
 * One group per slot and hierarchy, entered once by the keeper. Per run:
 * memory.max_usage_in_bytes and cpuacct.usage are reset by writing 0,
 * memory.usage_in_bytes right after the reset is the run's base (the
 * keeper's own charge), memory.limit_in_bytes becomes base + limit, and the
 * oom_kill count of memory.oom_control and the "max" count of pids.events are
 * read before and after to tell an OOM kill or a refused fork.
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

static const char *const ctrl_names[VD_V1_COUNT] = { "memory", "pids",
						     "cpuacct" };

int vd_cgroup_v1_open(struct vd_cgroup *cg, const char *self_name,
		      struct vd_error *err)
{
	for (int i = 0; i < VD_V1_COUNT; i++) {
		char mnt[1024], mroot[1024], self[2048], dir[4096];
		if (vd_cg_find_mount("cgroup", ctrl_names[i], mnt, sizeof(mnt),
				     mroot, sizeof(mroot)) < 0 ||
		    vd_cg_self_path(ctrl_names[i], self, sizeof(self)) < 0 ||
		    vd_cg_engine_dir(mnt, mroot, self, dir, sizeof(dir)) < 0) {
			if (i == VD_V1_MEMORY)
				return vd_error_set(err, VD_ENOTSUP, 0,
						    "no v1 memory hierarchy");
			continue;
		}
		if (access(dir, W_OK) < 0) {
			if (i == VD_V1_MEMORY)
				return vd_error_errno(err, VD_ENOTSUP,
						      "v1 memory group %s",
						      dir);
			continue;
		}
		vd_cg_sweep_stale(dir);
		cg->v1_dir[i] = vd_cg_join(dir, self_name);
		if (!cg->v1_dir[i])
			return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		if (mkdir(cg->v1_dir[i], 0755) < 0 && errno != EEXIST) {
			int rc = vd_error_errno(err, VD_ENOTSUP, "mkdir %s",
						cg->v1_dir[i]);
			vd_free_mem(cg->v1_dir[i]);
			cg->v1_dir[i] = NULL;
			if (i == VD_V1_MEMORY)
				return rc;
		}
	}
	if (cg->v1_dir[VD_V1_MEMORY]) {
		char probe[4096];
		snprintf(probe, sizeof(probe), "%s/memory.memsw.limit_in_bytes",
			 cg->v1_dir[VD_V1_MEMORY]);
		cg->v1_memsw = access(probe, W_OK) == 0;
	}
	return 0;
}

int vd_cgroup_v1_slot(struct vd_cgroup_slot *s, const char *name,
		      struct vd_error *err)
{
	struct vd_cgroup *cg = s->cg;

	for (int i = 0; i < VD_V1_COUNT; i++) {
		if (!cg->v1_dir[i])
			continue;
		s->dir[i] = vd_cg_join(cg->v1_dir[i], name);
		if (!s->dir[i])
			return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		if (mkdir(s->dir[i], 0755) < 0 && errno != EEXIST)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: mkdir %s", s->dir[i]);
	}
	if (s->dir[VD_V1_MEMORY]) {
		const char *d = s->dir[VD_V1_MEMORY];
		s->mem_limit = vd_cg_open(d, "memory.limit_in_bytes", O_RDWR);
		s->mem_max_usage =
			vd_cg_open(d, "memory.max_usage_in_bytes", O_RDWR);
		s->mem_usage = vd_cg_open(d, "memory.usage_in_bytes", O_RDONLY);
		s->mem_oom = vd_cg_open(d, "memory.oom_control", O_RDONLY);
		s->mem_failcnt = vd_cg_open(d, "memory.failcnt", O_RDWR);
		if (cg->v1_memsw)
			s->memsw_limit = vd_cg_open(
				d, "memory.memsw.limit_in_bytes", O_RDWR);
		if (s->mem_limit < 0 || s->mem_max_usage < 0 ||
		    s->mem_usage < 0 || s->mem_oom < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: open memory files of %s",
					      d);
	}
	if (s->dir[VD_V1_PIDS]) {
		s->pids_max =
			vd_cg_open(s->dir[VD_V1_PIDS], "pids.max", O_RDWR);
		s->pids_events =
			vd_cg_open(s->dir[VD_V1_PIDS], "pids.events", O_RDONLY);
		if (s->pids_max < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: open pids.max");
	}
	if (s->dir[VD_V1_CPUACCT]) {
		s->cpu_usage = vd_cg_open(s->dir[VD_V1_CPUACCT],
					  "cpuacct.usage", O_RDWR);
		if (s->cpu_usage < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup: open cpuacct.usage");
	}
	return 0;
}

/* Sets memory (and memory+swap) limits, in the order the kernel accepts:
 * memsw may never be below memory. */
static int set_memory_limit(struct vd_cgroup_slot *s, uint64_t bytes)
{
	char text[32];
	if (bytes == UINT64_MAX)
		snprintf(text, sizeof(text), "-1");
	else
		snprintf(text, sizeof(text), "%" PRIu64, bytes);
	if (s->memsw_limit < 0)
		return vd_cg_pwrite(s->mem_limit, text);
	if (vd_cg_pwrite(s->mem_limit, text) == 0)
		return vd_cg_pwrite(s->memsw_limit, text);
	if (vd_cg_pwrite(s->memsw_limit, text) < 0)
		return -1;
	return vd_cg_pwrite(s->mem_limit, text);
}

int vd_cgroup_v1_begin(struct vd_cgroup_slot *s,
		       const struct vd_cgroup_limits *lim, struct vd_error *err)
{
	char text[32];

	if (s->mem_limit >= 0) {
		uint64_t limit = UINT64_MAX;
		/* Lift the previous run's limit first: the reset below
		 * restarts the peak from the current usage. */
		if (set_memory_limit(s, UINT64_MAX) < 0 ||
		    vd_cg_pwrite(s->mem_max_usage, "0") < 0 ||
		    vd_cg_read_u64(s->mem_usage, &s->base_bytes) < 0 ||
		    vd_cg_read_key(s->mem_oom, "oom_kill", &s->oom_before) < 0)
			return vd_error_errno(
				err, VD_ESANDBOX,
				"cgroup v1: reset memory counters");
		if (s->mem_failcnt >= 0)
			vd_cg_pwrite(s->mem_failcnt, "0");
		if (lim->memory_bytes)
			limit = s->base_bytes + lim->memory_bytes;
		if (set_memory_limit(s, limit) < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup v1: set memory limit");
	}
	if (s->pids_max >= 0) {
		if (lim->processes)
			snprintf(text, sizeof(text), "%u",
				 lim->processes +
					 (lim->resident ? lim->resident : 1u));
		else
			snprintf(text, sizeof(text), "max");
		if (vd_cg_pwrite(s->pids_max, text) < 0)
			return vd_error_errno(err, VD_ESANDBOX,
					      "cgroup v1: set pids.max");
		s->pids_before = 0;
		if (s->pids_events >= 0)
			vd_cg_read_key(s->pids_events, "max", &s->pids_before);
	}
	if (s->cpu_usage >= 0 && vd_cg_pwrite(s->cpu_usage, "0") < 0)
		return vd_error_errno(err, VD_ESANDBOX,
				      "cgroup v1: reset cpuacct.usage");
	return 0;
}

int vd_cgroup_v1_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u)
{
	uint64_t v;

	if (s->mem_max_usage >= 0) {
		if (vd_cg_read_u64(s->mem_max_usage, &v) < 0)
			return -1;
		u->have_memory = true;
		u->peak_bytes = v > s->base_bytes ? v - s->base_bytes : 0;
		if (vd_cg_read_key(s->mem_oom, "oom_kill", &v) == 0 &&
		    v > s->oom_before)
			u->oom_kills = (uint32_t)(v - s->oom_before);
		if (s->mem_failcnt >= 0 &&
		    vd_cg_read_u64(s->mem_failcnt, &v) == 0)
			u->mem_failcnt = (uint32_t)v;
	}
	if (s->pids_events >= 0 &&
	    vd_cg_read_key(s->pids_events, "max", &v) == 0) {
		u->have_pids = true;
		if (v > s->pids_before)
			u->pids_denied = (uint32_t)(v - s->pids_before);
	}
	if (s->cpu_usage >= 0 && vd_cg_read_u64(s->cpu_usage, &v) == 0) {
		u->have_cpu = true;
		u->cpu_ns = v;
	}
	return 0;
}
