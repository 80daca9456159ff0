/*
 * cgroup_int: what cgroup.c, cgroup_v1.c and cgroup_v2.c share.
 */
#ifndef VD_CGROUP_INT_H
#define VD_CGROUP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"

enum vd_v1_ctrl { VD_V1_MEMORY, VD_V1_PIDS, VD_V1_CPUACCT, VD_V1_COUNT };

struct vd_cgroup {
	int mode;
	char reason[512];
	char *v2_dir;		   /* engine directory (v2) */
	char *v1_dir[VD_V1_COUNT]; /* engine directories (v1), NULL if absent */
	bool v1_memsw;		   /* memory.memsw.* present */
	bool v2_swap;		   /* memory.swap.max present */
	bool v2_pids;		   /* the pids controller is delegated */
};

struct vd_cgroup_slot {
	struct vd_cgroup *cg;
	char *dir[VD_V1_COUNT]; /* v1: per hierarchy; v2: dir[0] = slot */
	/* v1 control files, kept open (-1 if absent) */
	int mem_limit, memsw_limit, mem_max_usage, mem_usage, mem_oom,
		mem_failcnt, cpu_usage, pids_max, pids_events;
	uint64_t base_bytes, oom_before, pids_before;
	/* v2 */
	int keeper_dirfd;
	int zy_dirfd; /* slot-N/zygote */
	int zy_mem_max, zy_mem_current, zy_peak, zy_events, zy_pids_max,
		zy_pids_current, zy_pids_events, zy_cpu_stat;
	bool shared_run;  /* the current run is accounted in slot-N/zygote */
	bool zy_peak_set; /* memory.peak was reset for this run */
	uint64_t zy_cpu_base, zy_oom_before, zy_max_before, zy_pids_before;
	int run_dirfd;
	char *run_dir;
	uint32_t run_seq;
	int run_cpu_stat, run_peak, run_events, run_pids_events,
		run_mem_current;
};

/* Helpers (cgroup.c). */
int vd_cg_write(const char *dir, const char *file, const char *text);
int vd_cg_pwrite(int fd, const char *text);
int vd_cg_read_u64(int fd, uint64_t *v);
/* Reads "key value" lines from fd and returns the value of key. */
int vd_cg_read_key(int fd, const char *key, uint64_t *v);
int vd_cg_open(const char *dir, const char *file, int flags);
char *vd_cg_join(const char *a, const char *b);
/* Removes a group directory and the groups below it (empty ones only). */
void vd_cg_rmdir_tree(const char *dir);

/* Removes verdict-<pid>-* groups of dead engines below parent. */
void vd_cg_sweep_stale(const char *parent);
/* Mount point and root of the first mount of fstype whose super options
 * hold `option` (NULL: any). */
int vd_cg_find_mount(const char *fstype, const char *option, char *mnt,
		     size_t mnt_len, char *root, size_t root_len);
/* This process's cgroup path for a v1 controller, or v2 (NULL). */
int vd_cg_self_path(const char *controller, char *out, size_t len);
/* Host directory of the engine's own cgroup. */
int vd_cg_engine_dir(const char *mnt, const char *mroot, const char *self,
		     char *out, size_t len);

/* Back ends. */
int vd_cgroup_v1_open(struct vd_cgroup *cg, const char *self_name,
		      struct vd_error *err);
int vd_cgroup_v2_open(struct vd_cgroup *cg, const char *self_name,
		      struct vd_error *err);
int vd_cgroup_v1_slot(struct vd_cgroup_slot *s, const char *name,
		      struct vd_error *err);
int vd_cgroup_v2_slot(struct vd_cgroup_slot *s, const char *name,
		      struct vd_error *err);
int vd_cgroup_v1_begin(struct vd_cgroup_slot *s,
		       const struct vd_cgroup_limits *lim,
		       struct vd_error *err);
int vd_cgroup_v2_begin(struct vd_cgroup_slot *s,
		       const struct vd_cgroup_limits *lim,
		       struct vd_error *err);
int vd_cgroup_v2_shared_begin(struct vd_cgroup_slot *s,
			      const struct vd_cgroup_limits *lim,
			      struct vd_error *err);
int vd_cgroup_v1_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u);
int vd_cgroup_v2_shared_end(struct vd_cgroup_slot *s,
			    struct vd_cgroup_usage *u);
int64_t vd_cgroup_v2_shared_cpu_ns(struct vd_cgroup_slot *s);
int vd_cgroup_v2_end(struct vd_cgroup_slot *s, struct vd_cgroup_usage *u);

#endif
