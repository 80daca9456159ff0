/*
 * cgroup: limits and accounting for the processes of one run.
 *
 * Three back ends behind one interface, chosen when the engine starts:
 *   v2    a delegated cgroup v2 subtree with the memory and pids controllers;
 *         every run gets a fresh leaf (slot-N/run-K) that the keeper's child
 *         is born into with clone3(CLONE_INTO_CGROUP): exact peak memory
 *         (memory.peak), CPU (cpu.stat), OOM kills (memory.events). Runs
 *         forked by the slot's zygote live in its group (slot-N/zygote) and
 *         are accounted there by differences, as on v1; their peak memory
 *         needs a kernel whose memory.peak can be reset (6.12 and later).
 *   v1    the memory, pids and cpuacct v1 hierarchies (as on the development
 *         machines). Moving a process between v1 groups is slow (up to 20 ms,
 *         measurement.md 5.1), so each slot has one group per hierarchy that
 *         the keeper enters once; every run is born inside it and its
 *         counters are reset between runs (peak, CPU, OOM count), the memory
 *         limit being set to the keeper's base usage plus the run's limit.
 *   none  no writable cgroup: nothing here; the sandbox falls back to
 *         rlimits and per-process rusage, and says so.
 * Groups are only ever created below the engine's own cgroup, in a
 * directory named verdict-<pid>-<id> that vd_cgroup_close removes.
 */
#ifndef VD_CGROUP_H
#define VD_CGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "verdict.h"

struct vd_cgroup;
struct vd_cgroup_slot;

struct vd_cgroup_limits {
	uint64_t memory_bytes; /* 0 = unlimited */
	uint32_t processes;    /* 0 = unlimited */
	uint32_t resident;     /* v1: processes living in the slot's groups
				  besides the run's (the keeper, a zygote) */
	bool shared;	       /* the run is forked by the slot's zygote: on
				  v2 it is accounted in the zygote's group,
				  by differences, as on v1 */
};

struct vd_cgroup_usage {
	bool have_cpu;
	bool have_memory;
	bool have_pids;
	uint64_t cpu_ns;      /* CPU of the run (v1: includes the keeper) */
	uint64_t peak_bytes;  /* peak charge of the run */
	uint32_t oom_kills;   /* OOM kills during the run */
	uint32_t pids_denied; /* forks refused by the process limit */
	uint32_t mem_failcnt; /* v1: times the limit was hit */
};

/* mode: enum vd_cgroup_mode; AUTO picks v2, then v1, then none. Only an
 * explicitly requested mode that cannot work is an error. */
int vd_cgroup_open(int mode, struct vd_cgroup **out, struct vd_error *err);
void vd_cgroup_close(struct vd_cgroup *cg);
/* VD_CGROUP_V1, VD_CGROUP_V2 or VD_CGROUP_NONE. */
int vd_cgroup_mode(const struct vd_cgroup *cg);
/* Why this mode (and what the better modes lacked). */
const char *vd_cgroup_reason(const struct vd_cgroup *cg);
/* Host path of the engine's directory (for tests and doctor), or "". */
const char *vd_cgroup_path(const struct vd_cgroup *cg);

int vd_cgroup_slot_new(struct vd_cgroup *cg, uint32_t index,
		       struct vd_cgroup_slot **out, struct vd_error *err);
/* Kills nothing: the keeper must be gone. Removes the slot's groups. */
void vd_cgroup_slot_free(struct vd_cgroup_slot *s);
/* v2: an O_PATH descriptor of the group the keeper is cloned into, or -1. */
int vd_cgroup_slot_keeper_dirfd(struct vd_cgroup_slot *s);
/* v2: the group the slot's zygote is cloned into (slot-N/zygote), or -1. */
int vd_cgroup_slot_zygote_dirfd(struct vd_cgroup_slot *s);
/* v1: moves pid (the keeper) into the slot's groups. No-op otherwise. */
int vd_cgroup_slot_attach(struct vd_cgroup_slot *s, int pid,
			  struct vd_error *err);

/* Prepares the counters and limits of the next run. On v2, *run_dirfd is the
 * leaf to clone the run into (owned by the slot); -1 elsewhere. */
int vd_cgroup_run_begin(struct vd_cgroup_slot *s,
			const struct vd_cgroup_limits *lim, int *run_dirfd,
			struct vd_error *err);
/* CPU used so far by the run, or -1 if this back end cannot say. */
int64_t vd_cgroup_run_cpu_ns(struct vd_cgroup_slot *s);
/* The run's memory charge now (less the slot's base where the run shares
 * a group), or -1 if this back end cannot say. */
int64_t vd_cgroup_run_memory_bytes(struct vd_cgroup_slot *s);
/* After every process of the run is gone: the figures, and (v2) the leaf is
 * removed. */
int vd_cgroup_run_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u,
		      struct vd_error *err);

#endif
