/*
 * perf: the measurement protocol of `verdict perf` for one program
 * (vd_perf_measure, public).
 *
 * Correctness first: a program is measured only if a judged pass over its
 * tests is AC. Then each test runs `warmup` times untimed and `repeats`
 * times timed, one after another in one slot (serial: measurement.md
 * section 1 shows CPU time is steady under load on another core, and that
 * parallel runs on a shared cache are what moves it). The figure of a test
 * is the CPU time of its whole process tree from the kernel (user + system
 * of every process the keeper reaped), summarized by the median, the
 * Hodges-Lehmann estimate and the spread; min of k converges fastest and
 * median of 10 is the outlier-robust choice (measurement.md section 1.3),
 * hence the default of 10 repeats. Instruction counts come from the
 * correctness pass (the hardware counter, or one run under valgrind per
 * test for the software counter: its counts do not move, one run
 * suffices).
 */
#include "perf.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "compare.h"
#include "engine.h"
#include "err.h"
#include "measure.h"
#include "report.h"
#include "runner.h"
#include "verdict.h"

#define DEFAULT_REPEATS 10u
#define MAX_RUNS	100000u /* tests x (warmup + repeats) */
#define TIMED_HEAD \
	64u /* output kept per timed run: only its verdict
				   matters */

void vd_perf_opts_init(struct vd_perf_opts *o)
{
	memset(o, 0, sizeof(*o));
	vd_judge_opts_init(&o->judge);
	o->repeats = DEFAULT_REPEATS;
	o->warmup = 1;
}

uint32_t vd_perf_warmup_runs(uint32_t warmup)
{
	return warmup == UINT32_MAX ? 0 : warmup ? warmup : 1;
}

int vd_perf_summarize(const double *t, uint32_t n, struct vd_perf_stat *s)
{
	double sum = 0, sq = 0, mean;
	bool ok = true;

	s->runs = n;
	s->median_s = vd_stat_median(t, n);
	s->hl_s = vd_stat_hodges_lehmann(t, n, &ok);
	s->min_s = s->max_s = t[0];
	for (uint32_t i = 0; i < n; i++) {
		sum += t[i];
		s->min_s = fmin(s->min_s, t[i]);
		s->max_s = fmax(s->max_s, t[i]);
	}
	mean = sum / n;
	for (uint32_t i = 0; i < n; i++)
		sq += (t[i] - mean) * (t[i] - mean);
	s->cv = n > 1 && mean > 0 ? sqrt(sq / (n - 1)) / mean : 0;
	return ok ? 0 : VD_ENOMEM;
}

/* One judged pass over tests on env's slot into rep (zeroed here). */
static int judge_on_slot(const struct vd_runner_env *env,
			 const struct vd_engine_info *info,
			 const struct vd_program *prog,
			 const struct vd_test *tests, uint32_t n,
			 const struct vd_judge_opts *o, struct vd_report *rep,
			 struct vd_error *err)
{
	memset(rep, 0, sizeof(*rep));
	rep->info = *info;
	if (vd_checker_parse(o->checker, &rep->checker) < 0)
		return vd_error_set(err, VD_EINVAL, 0, "unknown checker '%s'",
				    o->checker);
	return vd_runner_judge(env, prog, tests, n, o, rep, err);
}

int vd_perf_program(const struct vd_runner_env *env,
		    const struct vd_engine_info *info,
		    const struct vd_program *prog, const struct vd_test *tests,
		    uint32_t n_tests, const struct vd_perf_opts *o,
		    int32_t *verdict, struct vd_perf_stat *stats,
		    struct vd_error *err)
{
	struct vd_runner_env timed_env = *env;
	struct vd_judge_opts timed, judged;
	struct vd_report rep;
	struct vd_test *runs = NULL;
	double *t = NULL;
	uint32_t repeats = o->repeats ? o->repeats : DEFAULT_REPEATS;
	uint32_t warmup = vd_perf_warmup_runs(o->warmup);
	uint32_t per_test = warmup + repeats;
	int rc;

	if (!n_tests || !tests || repeats > MAX_RUNS ||
	    per_test > MAX_RUNS / n_tests)
		return vd_error_set(err, VD_EINVAL, 0,
				    "perf: %u tests x %u runs (at most %u "
				    "runs, at least one test)",
				    n_tests, per_test, MAX_RUNS);
	memset(stats, 0, sizeof(*stats) * n_tests);

	/* correctness, and the instruction counts */
	judged = o->judge;
	judged.memory_sample_us = 0; /* the timed runs sample memory */
	rc = judge_on_slot(env, info, prog, tests, n_tests, &judged, &rep, err);
	if (rc < 0) {
		vd_report_release(&rep);
		return rc;
	}
	*verdict = rep.verdict;
	for (uint32_t i = 0; i < n_tests && i < rep.n_tests; i++)
		stats[i].instructions = rep.tests[i].o.instructions;
	vd_report_release(&rep);
	if (*verdict != VD_VERDICT_AC)
		return 0;

	/* the timed runs: every test warmup + repeats times, in a row */
	runs = vd_calloc((size_t)n_tests * per_test, sizeof(*runs));
	t = vd_calloc(repeats, sizeof(*t));
	if (!runs || !t) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < n_tests; i++)
		for (uint32_t j = 0; j < per_test; j++)
			runs[(size_t)i * per_test + j] = tests[i];
	timed = o->judge;
	timed.flags |= VD_JUDGE_STOP_ON_FAILURE;
	timed.output_head_bytes = TIMED_HEAD;
	timed_env.counter = VD_EXEC_COUNT_NONE;
	timed_env.count_sw = false;
	rc = judge_on_slot(&timed_env, info, prog, runs, n_tests * per_test,
			   &timed, &rep, err);
	if (rc < 0)
		goto out_rep;
	*verdict = rep.verdict;
	if (*verdict != VD_VERDICT_AC)
		goto out_rep;
	for (uint32_t i = 0; rc == 0 && i < n_tests; i++) {
		uint64_t peak = 0;
		bool ok = true;
		for (uint32_t j = 0; j < repeats; j++) {
			const struct vd_outcome *out =
				&rep.tests[i * per_test + warmup + j].o;
			t[j] = out->memory_time_mb_s;
			if (out->peak_memory_kb > peak)
				peak = out->peak_memory_kb;
		}
		if (timed.memory_sample_us)
			stats[i].memory_time_mb_s =
				vd_stat_hodges_lehmann(t, repeats, &ok);
		for (uint32_t j = 0; j < repeats; j++)
			t[j] = (double)rep.tests[i * per_test + warmup + j]
				       .o.cpu_time_us /
			       1e6;
		rc = ok ? vd_perf_summarize(t, repeats, &stats[i]) : VD_ENOMEM;
		stats[i].peak_memory_kb = peak;
		if (rc < 0)
			rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
out_rep:
	vd_report_release(&rep);
out:
	vd_free_mem(runs);
	vd_free_mem(t);
	return rc;
}

int vd_perf_measure(struct vd_engine *e, const struct vd_program *prog,
		    const struct vd_test *tests, uint32_t n_tests,
		    const struct vd_perf_opts *o, int32_t *verdict,
		    struct vd_perf_stat *stats, struct vd_error *err)
{
	struct vd_perf_opts defaults;
	struct vd_engine_info info;
	struct vd_runner_env env;
	uint32_t slot;
	int rc, counter;

	if (!e || !prog || !verdict || !stats || !n_tests || !tests)
		return vd_error_set(
			err, VD_EINVAL, 0,
			"vd_perf_measure: NULL argument or no test");
	if (prog->lang < 0 || prog->lang >= VD_LANG_COUNT || !prog->source)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_perf_measure: bad program");
	if (!o) {
		vd_perf_opts_init(&defaults);
		o = &defaults;
	}
	info = e->info;
	counter = vd_engine_counter(e, o->judge.counter, info.instructions,
				    sizeof(info.instructions));
	slot = vd_engine_acquire(e);
	vd_engine_runner_env(e, e->slots[slot], counter, &env);
	rc = vd_perf_program(&env, &info, prog, tests, n_tests, o, verdict,
			     stats, err);
	vd_engine_release(e, slot);
	return rc;
}
