/*
 * perf: the measurement protocol for one program (vd_perf_measure, public;
 * vd_perf_program on a slot the caller holds, for `verdict perf`'s
 * evaluation workers).
 */
#ifndef VD_PERF_H
#define VD_PERF_H

#include <stdint.h>

#include "runner.h"
#include "verdict.h"

/* vd_perf_measure on the slot of env (env's counter applies to the
 * correctness pass); info is recorded in the reports (its cgroup field
 * says whether limits are rlimit-only). */
int vd_perf_program(const struct vd_runner_env *env,
		    const struct vd_engine_info *info,
		    const struct vd_program *prog, const struct vd_test *tests,
		    uint32_t n_tests, const struct vd_perf_opts *o,
		    int32_t *verdict, struct vd_perf_stat *stats,
		    struct vd_error *err);

/* The untimed runs a `warmup` option asks for: 0 means the default (1),
 * UINT32_MAX means none (vd_perf_opts, vd_eval_opts.perf_warmup). */
uint32_t vd_perf_warmup_runs(uint32_t warmup);

/* Median, Hodges-Lehmann, extremes and CV of n > 0 CPU times (s->runs,
 * the figures; peak memory and instructions are left alone). Returns 0 or
 * VD_ENOMEM. */
int vd_perf_summarize(const double *t, uint32_t n, struct vd_perf_stat *s);

#endif
