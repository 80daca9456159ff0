/*
 * eval_perf: the performance phase of `verdict perf` (after the
 * correctness phases of vd_eval_run).
 *
 * Only correct samples are measured, and each problem's reference (the
 * dataset's reference solution, or the first solution of the task in the
 * --reference file) is measured on the same machine in the same run: the
 * figures are compared only within one run (measurement.md section 5).
 *
 * Function-call problems: the harness calls the entry point on the
 * problem's performance inputs (a native problem's `perf_input`, else the
 * K inputs on which the reference spent the most CPU time in the expected
 * outputs phase), each `warmup` times untimed and `repeats` times timed,
 * in one sandboxed run; each call's CPU time is time.process_time() around
 * it (docs/harness.md). An input's figure is the Hodges-Lehmann estimate
 * of its timed calls; a solution's cost is the sum over the inputs.
 * Whole programs (stdio): vd_perf_program, one run per test and
 * repetition; the cost is the sum over the tests of the Hodges-Lehmann
 * CPU time of the whole process tree. Assert problems are not measured.
 *
 * Problems with levels (ENAMEL, docs/formats.md): the references are
 * measured first; T = 2 x the slowest reference level is then each
 * sample call's limit (plus ENAMEL's 0.01 s), the harness fails fast, and
 * the first call past T is a level break that censors the levels from it
 * on (vd_eval_perf_level_score, vd_enamel_score).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "alloc.h"
#include "err.h"
#include "eval_int.h"
#include "json.h"
#include "metrics.h"
#include "perf.h"

#define PERF_FD3_CAP	 (64u << 20)
#define PERF_CAPTURE_CAP (64u << 10)
#define REF_CALL_LIMIT_S 60.0
/* ENAMEL's SIGALRM limit is T + tolerence_sec (0.01 s) */
#define LEVEL_TOLERANCE_S 0.01

/* ---- choosing the inputs of a call problem ---- */

static int pick_inputs(struct vd_eval *ev, uint32_t pi)
{
	const struct vd_problem *p = &ev->d->problems[pi];
	const struct vd_expected *x = &ev->exp[pi];
	struct vd_perf_inputs *in = &ev->perf_in[pi];
	uint32_t want = ev->o.perf_inputs ? ev->o.perf_inputs : 1;

	if (p->perf.n) {
		in->n = p->perf.n;
		in->span = vd_calloc(in->n, sizeof(*in->span));
		in->ref_cpu = vd_calloc(in->n, sizeof(*in->ref_cpu));
		if (!in->span || !in->ref_cpu)
			return VD_ENOMEM;
		for (uint32_t i = 0; i < in->n; i++)
			in->span[i] = p->perf.inputs[i];
		return 0;
	}
	if (!x->ready)
		return 0;
	in->span = vd_calloc(want, sizeof(*in->span));
	in->ref_cpu = vd_calloc(want, sizeof(*in->ref_cpu));
	if (!in->span || !in->ref_cpu)
		return VD_ENOMEM;
	/* the `want` heaviest inputs the reference ran without error,
	 * heaviest first (insertion into a short sorted list) */
	for (uint32_t s = 0; s < p->n_sections; s++) {
		const struct vd_expected_section *xs = &x->sec[s];
		for (uint32_t i = 0; xs->cpu && i < xs->n; i++) {
			double c = xs->cpu[i];
			uint32_t k;
			if (xs->error && xs->error[i])
				continue;
			if (in->n == want && c <= in->ref_cpu[in->n - 1])
				continue;
			k = in->n < want ? in->n++ : want - 1;
			while (k > 0 && in->ref_cpu[k - 1] < c) {
				in->ref_cpu[k] = in->ref_cpu[k - 1];
				in->span[k] = in->span[k - 1];
				k--;
			}
			in->ref_cpu[k] = c;
			in->span[k] = p->sections[s].inputs[i];
		}
	}
	return 0;
}

/* ---- one measured harness run ---- */

static double call_limit(const struct vd_eval *ev, const struct vd_problem *p,
			 const struct vd_perf_inputs *in, uint32_t i,
			 bool reference)
{
	if (reference)
		return REF_CALL_LIMIT_S;
	/* a call past T scores 0 at its level and ends the sample's
	 * timing there (ENAMEL's level break) */
	if (p->n_levels && in->level_limit_s > 0)
		return in->level_limit_s + LEVEL_TOLERANCE_S;
	if (p->time_limit_ms)
		return (double)p->time_limit_ms / 1000.0;
	return vd_eval_input_limit(ev, in->ref_cpu ? in->ref_cpu[i] : 0);
}

/* The job: every input called warmup + repeats times by the harness
 * ("repeat", the arguments decoded afresh for each call), fail-fast only
 * for a problem with levels (where the first failure ends the sample's
 * timing); values are reduced to `out is not None` (output_not_none):
 * only the times matter here, and encoding a big value would cost time
 * and channel space for nothing. */
static int perf_job(const struct vd_eval *ev, const struct vd_problem *p,
		    const struct vd_perf_inputs *in, uint32_t per, bool ref,
		    bool counting, struct vd_buf *job, double *budget_s)
{
	int rc = vd_eval_job_head(job, p);
	*budget_s = 2.0;
	if (rc == 0)
		rc = vd_buf_printf(
			job,
			", \"output_not_none\": true, \"as_set\": false, \"fast\": %s, \"counting\": %s, \"repeat\": %u, \"sections\": [{\"name\": \"perf\", \"n\": %u, \"limits\": [",
			p->n_levels ? "true" : "false",
			counting ? "true" : "false", per, in->n);
	for (uint32_t i = 0; rc == 0 && i < in->n; i++) {
		double lim = call_limit(ev, p, in, i, ref);
		rc = vd_buf_printf(job, "%s%.6g", i ? ", " : "", lim);
		*budget_s += lim * per;
	}
	if (rc == 0)
		rc = vd_buf_puts(job, "]}]}\n");
	for (uint32_t i = 0; rc == 0 && i < in->n; i++)
		rc = vd_eval_put_input(job, &in->span[i]);
	return rc;
}

/* ENAMEL counts these exceptions with a timeout as a level break. */
static bool is_break_exception(const char *what)
{
	return !strncmp(what, "MemoryError", 11) ||
	       !strncmp(what, "OverflowError", 13);
}

/* Reads the result lines into t[call index]. Returns true if every call
 * returned a value; else fills out->detail and *first_bad (the first call
 * with no time: it failed, or never ran) and says whether that call was
 * stopped as ENAMEL's level break (a timeout, MemoryError,
 * OverflowError). */
static bool read_times(const struct vd_buf *fd3, double *t, uint32_t n,
		       uint32_t *first_bad, bool *timed_out,
		       struct vd_eval_perf *out)
{
	const char *q = fd3->data, *end = fd3->data + fd3->len;
	uint32_t seen = 0;

	*first_bad = 0;
	*timed_out = false;

	while (q && q < end) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		struct vd_eval_line l;
		size_t len = nl ? (size_t)(nl - q) : (size_t)(end - q);
		if (vd_eval_line_parse(q, len, &l) == 0) {
			if (l.load_error.p || l.job_error.p) {
				vd_eval_line_exc(&l, out->detail,
						 sizeof(out->detail));
				*first_bad = seen;
				return false;
			}
			if (l.has_i && l.i >= 0 && (uint64_t)l.i < n) {
				*first_bad = (uint32_t)l.i;
				if (l.timeout) {
					snprintf(out->detail,
						 sizeof(out->detail),
						 "call %lld: timed out",
						 (long long)l.i);
					*timed_out = true;
					return false;
				}
				if (!l.v.p) {
					char why[120];
					vd_eval_line_exc(&l, why, sizeof(why));
					*timed_out = is_break_exception(why);
					snprintf(out->detail,
						 sizeof(out->detail),
						 "call %lld raised %s",
						 (long long)l.i, why);
					return false;
				}
				t[l.i] = l.t;
				seen++;
			}
		}
		q = nl ? nl + 1 : end;
	}
	if (seen < n) {
		snprintf(out->detail, sizeof(out->detail),
			 "%u of %u calls came back", seen, n);
		*first_bad = seen;
		return false;
	}
	return true;
}

/*
 * The instructions of a call problem's inputs: two counted harness runs
 * in a fresh interpreter, one calling each input once and one loading the
 * candidate and calling nothing; the count is their difference (the calls,
 * with their arguments' decoding). Leaves out->instructions at -1 and says
 * why in out->detail if either run fails.
 */
static int count_call(struct vd_eval *ev, struct vd_slot *slot,
		      const struct vd_problem *p, const char *code,
		      const struct vd_perf_inputs *in, bool ref, int counter,
		      struct vd_eval_perf *out, struct vd_error *err)
{
	const struct vd_perf_inputs none = { 0 };
	struct vd_buf job;
	int64_t full = -1, base = -1;
	double budget;
	int rc;

	vd_buf_init(&job, VD_BUF_UNLIMITED);
	rc = perf_job(ev, p, in, 1, ref, true, &job, &budget);
	if (rc == 0)
		rc = vd_eval_harness_count(ev, slot, p, code, &job, budget,
					   counter, &full, out->detail,
					   sizeof(out->detail), err);
	vd_buf_release(&job);
	vd_buf_init(&job, VD_BUF_UNLIMITED);
	if (rc == 0 && full >= 0)
		rc = perf_job(ev, p, &none, 1, ref, true, &job, &budget);
	if (rc == 0 && full >= 0)
		rc = vd_eval_harness_count(ev, slot, p, code, &job, budget,
					   counter, &base, out->detail,
					   sizeof(out->detail), err);
	vd_buf_release(&job);
	if (rc == VD_ENOMEM)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (rc == 0 && full >= 0 && base >= 0)
		out->instructions = full > base ? full - base : 0;
	return rc;
}

static int measure_call(struct vd_eval *ev, struct vd_slot *slot,
			const struct vd_problem *p, const char *code,
			const struct vd_perf_inputs *in, bool ref,
			struct vd_eval_perf *out, struct vd_error *err)
{
	uint32_t repeats = ev->o.perf_repeats;
	uint32_t warmup = vd_perf_warmup_runs(ev->o.perf_warmup);
	uint32_t per = warmup + repeats;
	struct vd_buf job, errb, fd3;
	struct vd_exec x;
	struct vd_exec_result res;
	double budget, *t = NULL;
	uint32_t first_bad;
	bool timed_out, complete;
	int rc;

	vd_buf_init(&job, VD_BUF_UNLIMITED);
	vd_buf_init(&errb, PERF_CAPTURE_CAP);
	vd_buf_init(&fd3, PERF_FD3_CAP);
	memset(&res, 0, sizeof(res));
	res.collected_fd = -1;
	t = vd_calloc((size_t)in->n * per, sizeof(*t));
	rc = t ? perf_job(ev, p, in, per, ref, false, &job, &budget)
	       : VD_ENOMEM;
	if (rc) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto done;
	}
	memset(&x, 0, sizeof(x));
	x.out = NULL; /* what the candidate prints is discarded */
	x.errout = &errb;
	x.fd3 = &fd3;
	x.mem_sample_ns = (uint64_t)ev->o.perf_memory_sample_us * 1000u;
	rc = vd_eval_harness_exec(ev, slot, p, code, &job, budget, &x, &res,
				  err);
	if (rc < 0)
		goto done;
	out->measured = true;
	out->inputs = in->n;
	out->peak_kb = res.have_peak ? res.peak_bytes / 1024 : res.maxrss_kb;
	out->instructions = -1;
	out->tmu_mb_s = res.mem_time_byte_s / 1048576.0 / per;
	complete =
		read_times(&fd3, t, in->n * per, &first_bad, &timed_out, out);
	if (!complete) {
		if (res.stopped_by)
			snprintf(out->detail, sizeof(out->detail),
				 "the run was stopped by the %s limit",
				 vd_limit_name(res.stopped_by));
		else if (WIFSIGNALED(res.wait_status))
			snprintf(out->detail, sizeof(out->detail),
				 "the run was killed by signal %d",
				 WTERMSIG(res.wait_status));
		else if (res.status != VD_EXEC_RAN)
			snprintf(out->detail, sizeof(out->detail),
				 "the run could not start: %s", res.msg);
	}
	/* the inputs before the first failure keep their figures (a problem
	 * with levels scores them); a stop by a limit is a censoring */
	out->reached = complete ? in->n : first_bad / per;
	out->censored =
		!complete && (timed_out || res.stopped_by == VD_LIMIT_CPU ||
			      res.stopped_by == VD_LIMIT_WALL ||
			      res.stopped_by == VD_LIMIT_MEMORY);
	if (p->n_levels) {
		out->input_s = vd_calloc(in->n, sizeof(*out->input_s));
		if (!out->input_s) {
			rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
			goto done;
		}
		for (uint32_t i = 0; i < in->n; i++)
			out->input_s[i] = NAN;
	}
	out->cost_s = 0;
	for (uint32_t i = 0; i < out->reached; i++) {
		struct vd_perf_stat st;
		if (vd_perf_summarize(t + (size_t)i * per + warmup, repeats,
				      &st) < 0) {
			rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
			goto done;
		}
		if (out->input_s)
			out->input_s[i] = st.hl_s;
		out->cost_s += st.hl_s;
		out->cv_max = fmax(out->cv_max, st.cv);
	}
	out->ok = complete;
	if (complete) {
		char label[sizeof(ev->e->info.instructions)];
		int counter = vd_engine_counter(ev->e, ev->o.perf_counter,
						label, sizeof(label));
		if (counter == VD_COUNTER_SW || counter == VD_COUNTER_HW)
			rc = count_call(ev, slot, p, code, in, ref, counter,
					out, err);
	}
done:
	vd_buf_release(&job);
	vd_buf_release(&errb);
	vd_buf_release(&fd3);
	vd_free_mem(t);
	return rc;
}

static int measure_program(struct vd_eval *ev, struct vd_slot *slot,
			   const struct vd_problem *p, int lang,
			   const char *code, struct vd_eval_perf *out,
			   struct vd_error *err)
{
	struct vd_program prog = { lang, code, strlen(code) };
	struct vd_runner_env env;
	struct vd_engine_info info = ev->e->info;
	struct vd_perf_opts o;
	struct vd_perf_stat *st;
	int32_t verdict = -1;
	int counter, rc;

	if (!p->n_tests) {
		snprintf(out->detail, sizeof(out->detail), "no tests");
		return 0;
	}
	st = vd_calloc(p->n_tests, sizeof(*st));
	if (!st)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	counter =
		vd_engine_counter(ev->e, ev->o.perf_counter, info.instructions,
				  sizeof(info.instructions));
	vd_engine_runner_env(ev->e, slot, counter, &env);
	vd_perf_opts_init(&o);
	o.repeats = ev->o.perf_repeats;
	o.warmup = ev->o.perf_warmup;
	o.judge.counter = counter;
	o.judge.checker = p->checker;
	o.judge.memory_sample_us = ev->o.perf_memory_sample_us;
	o.judge.limits.cpu_time_ms =
		(uint64_t)((p->time_limit_ms ? (double)p->time_limit_ms / 1000.0
			    : ev->o.time_limit_s > 0 ? ev->o.time_limit_s
						     : 3.0) *
			   1000.0);
	o.judge.limits.memory_kb = p->memory_limit_kb && !ev->o.memory_limit_mb
					   ? p->memory_limit_kb
					   : ev->memory_kb;
	rc = vd_perf_program(&env, &info, &prog, p->tests, p->n_tests, &o,
			     &verdict, st, err);
	if (rc == 0) {
		out->measured = true;
		out->inputs = p->n_tests;
		out->instructions = 0;
		if (verdict != VD_VERDICT_AC) {
			snprintf(out->detail, sizeof(out->detail),
				 "%s while measuring",
				 vd_verdict_name(verdict));
		} else {
			out->ok = true;
			for (uint32_t i = 0; i < p->n_tests; i++) {
				out->cost_s += st[i].hl_s;
				out->tmu_mb_s += st[i].memory_time_mb_s;
				out->cv_max = fmax(out->cv_max, st[i].cv);
				if (st[i].peak_memory_kb > out->peak_kb)
					out->peak_kb = st[i].peak_memory_kb;
				if (st[i].instructions < 0 ||
				    out->instructions < 0)
					out->instructions = -1;
				else
					out->instructions += st[i].instructions;
			}
		}
	}
	vd_free_mem(st);
	return rc;
}

static int measure(struct vd_eval *ev, struct vd_slot *slot, uint32_t pi,
		   int lang, const char *code, bool ref,
		   struct vd_eval_perf *out, struct vd_error *err)
{
	const struct vd_problem *p = &ev->d->problems[pi];

	out->instructions = -1;
	switch (p->kind) {
	case VD_PROBLEM_CALL:
		if (!ev->perf_in[pi].n) {
			snprintf(out->detail, sizeof(out->detail),
				 "no input to measure on (the reference "
				 "failed on every input)");
			return 0;
		}
		return measure_call(ev, slot, p, code, &ev->perf_in[pi], ref,
				    out, err);
	case VD_PROBLEM_STDIO:
		return measure_program(ev, slot, p, lang, code, out, err);
	default:
		snprintf(out->detail, sizeof(out->detail),
			 "assert problems are not measured");
		return 0;
	}
}

/* ---- levels (ENAMEL) ---- */

/* Whether the performance phase measures sample i: it passed; or, for a
 * problem with levels, it passed the first suite and the second ended in
 * what ENAMEL calls a level break (a timeout, the memory limit, a
 * MemoryError or OverflowError): such a sample still passes, and the
 * levels before the break still score. */
static bool perf_wanted(const struct vd_eval *ev, uint32_t i)
{
	const struct vd_eval_result *r = &ev->res[i];
	const struct vd_problem *p = &ev->d->problems[ev->s->v[i].problem];
	const char *what;

	if (r->verdict == VD_VERDICT_AC)
		return true;
	if (!p->n_levels || p->kind != VD_PROBLEM_CALL || p->n_sections < 2 ||
	    r->sec[0].verdict != VD_VERDICT_AC)
		return false;
	if (r->sec[1].verdict == VD_VERDICT_TLE ||
	    r->sec[1].verdict == VD_VERDICT_MLE)
		return true;
	/* the detail is "input N: <exception>: <message>" */
	what = strstr(r->sec[1].detail, ": ");
	return r->sec[1].verdict == VD_VERDICT_RE && what &&
	       is_break_exception(what + 2);
}

/*
 * One solution's level times and statuses, as vd_enamel_score takes them:
 * level 0 is the correctness phase (weight 0, passed: the solution was
 * measured), level l >= 1 the perf inputs of that level, its time the
 * largest HL time of its inputs. A level whose inputs did not all complete
 * is a BREAK if a limit stopped the run, else WRONG; so is every level
 * after the first that is not OK (vd_enamel_score ignores those).
 */
static void level_times(const struct vd_problem *p,
			const struct vd_eval_perf *m, double *t,
			int32_t *status)
{
	int32_t bad = m->censored ? VD_ENAMEL_BREAK : VD_ENAMEL_WRONG;

	t[0] = 0;
	status[0] = VD_ENAMEL_OK;
	for (uint32_t l = 1; l <= p->n_levels; l++) {
		t[l] = 0;
		status[l] = m->input_s ? VD_ENAMEL_OK : VD_ENAMEL_WRONG;
	}
	for (uint32_t i = 0; m->input_s && i < p->perf.n; i++) {
		uint32_t l = p->perf_level[i];
		if (i >= m->reached)
			status[l] = bad;
		else
			t[l] = fmax(t[l], m->input_s[i]);
	}
	for (uint32_t l = 1; l <= p->n_levels; l++)
		if (status[l - 1] != VD_ENAMEL_OK)
			status[l] = status[l - 1];
}

/* The problem's ENAMEL description from its reference's measurement
 * (ref_t and hardness: VD_PERF_MAX_LEVELS + 1 each, borrowed by ep).
 * Returns false if the reference did not complete every input. */
static bool level_problem(const struct vd_problem *p,
			  const struct vd_eval_perf *ref, double *ref_t,
			  double *hardness, struct vd_enamel_problem *ep)
{
	int32_t status[VD_PERF_MAX_LEVELS + 1];

	if (!p->n_levels || !ref->ok || !ref->input_s)
		return false;
	level_times(p, ref, ref_t, status);
	hardness[0] = 0;
	for (uint32_t l = 1; l <= p->n_levels; l++)
		hardness[l] = p->level_hardness[l - 1];
	ep->hardness = hardness;
	ep->ref_time_s = ref_t;
	ep->n_levels = p->n_levels + 1;
	ep->alpha = VD_ENAMEL_ALPHA;
	return true;
}

/* T = alpha x the slowest reference level, or 0 (no levels, or no
 * usable reference). */
static double level_limit(const struct vd_eval *ev, uint32_t pi)
{
	double ref_t[VD_PERF_MAX_LEVELS + 1], h[VD_PERF_MAX_LEVELS + 1], T;
	struct vd_enamel_problem ep;

	if (!ev->perf_ref ||
	    !level_problem(&ev->d->problems[pi], &ev->perf_ref[pi], ref_t, h,
			   &ep) ||
	    vd_enamel_time_limit(&ep, &T) < 0)
		return 0;
	return T;
}

int vd_eval_perf_level_score(const struct vd_eval *ev, uint32_t sample,
			     struct vd_enamel_score *score)
{
	uint32_t pi = ev->s->v[sample].problem;
	const struct vd_problem *p = &ev->d->problems[pi];
	double ref_t[VD_PERF_MAX_LEVELS + 1], h[VD_PERF_MAX_LEVELS + 1];
	double t[VD_PERF_MAX_LEVELS + 1];
	int32_t status[VD_PERF_MAX_LEVELS + 1];
	struct vd_enamel_problem ep;

	if (!p->n_levels)
		return VD_EINVAL;
	if (!perf_wanted(ev, sample)) {
		/* failed in the correctness phase: no reference needed */
		score->e = 0;
		score->passed = false;
		return 0;
	}
	if (!level_problem(p, &ev->perf_ref[pi], ref_t, h, &ep))
		return VD_EINVAL;
	level_times(p, &ev->perf[sample], t, status);
	return vd_enamel_score(&ep, t, status, score, NULL);
}

/* ---- the phase ---- */

/* Jobs: j < d->n is problem j's reference; else sample j - d->n. */
static int perf_job_run(struct vd_eval *ev, struct vd_slot *slot, uint32_t j,
			struct vd_error *err)
{
	if (j < ev->d->n) {
		const struct vd_problem *p = &ev->d->problems[j];
		const char *code = p->reference;
		int lang = p->lang;
		if (ev->ref_s && ev->ref_first[j] != UINT32_MAX) {
			code = ev->ref_s->v[ev->ref_first[j]].code;
			lang = ev->ref_s->v[ev->ref_first[j]].lang;
		}
		if (!code) {
			snprintf(ev->perf_ref[j].detail,
				 sizeof(ev->perf_ref[j].detail),
				 "no reference solution");
			return 0;
		}
		return measure(ev, slot, j, lang, code, true, &ev->perf_ref[j],
			       err);
	}
	j -= ev->d->n;
	return measure(ev, slot, ev->s->v[j].problem, ev->s->v[j].lang,
		       ev->s->v[j].code, false, &ev->perf[j], err);
}

int vd_eval_perf_phase(struct vd_eval *ev, struct vd_error *err)
{
	uint32_t *jobs, n = 0;
	bool *wanted;
	int rc = 0;

	ev->perf = vd_calloc(ev->s->n, sizeof(*ev->perf));
	ev->perf_ref = vd_calloc(ev->d->n, sizeof(*ev->perf_ref));
	ev->perf_in = vd_calloc(ev->d->n, sizeof(*ev->perf_in));
	ev->ref_first = vd_calloc(ev->d->n, sizeof(*ev->ref_first));
	jobs = vd_calloc((size_t)ev->d->n + ev->s->n, sizeof(*jobs));
	wanted = vd_calloc(ev->d->n, sizeof(*wanted));
	if (!ev->perf || !ev->perf_ref || !ev->perf_in || !ev->ref_first ||
	    !jobs || !wanted) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < ev->d->n; i++)
		ev->ref_first[i] = UINT32_MAX;
	for (uint32_t i = 0; ev->ref_s && i < ev->ref_s->n; i++) {
		uint32_t pi = ev->ref_s->v[i].problem;
		if (ev->ref_first[pi] == UINT32_MAX)
			ev->ref_first[pi] = i;
	}
	for (uint32_t i = 0; i < ev->s->n; i++) {
		ev->perf[i].instructions = -1;
		if (perf_wanted(ev, i)) {
			wanted[ev->s->v[i].problem] = true;
		} else {
			snprintf(ev->perf[i].detail, sizeof(ev->perf[i].detail),
				 "not measured: %s",
				 vd_verdict_name(ev->res[i].verdict));
		}
	}
	for (uint32_t i = 0; i < ev->d->n; i++) {
		ev->perf_ref[i].instructions = -1;
		if (!wanted[i])
			continue;
		if (ev->d->problems[i].kind == VD_PROBLEM_CALL &&
		    pick_inputs(ev, i) < 0) {
			rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
			goto out;
		}
		jobs[n++] = i;
	}
	/* the references first: a problem with levels takes its samples'
	 * per-call limit from its reference's times */
	rc = vd_eval_pool(ev, "performance (references)", jobs, n, perf_job_run,
			  err);
	if (rc < 0)
		goto out;
	for (uint32_t i = 0; i < ev->d->n; i++)
		ev->perf_in[i].level_limit_s = level_limit(ev, i);
	n = 0;
	for (uint32_t i = 0; i < ev->s->n; i++)
		if (perf_wanted(ev, i))
			jobs[n++] = ev->d->n + i;
	rc = vd_eval_pool(ev, "performance", jobs, n, perf_job_run, err);
out:
	vd_free_mem(jobs);
	vd_free_mem(wanted);
	return rc;
}

void vd_eval_perf_release(struct vd_eval *ev)
{
	if (ev->perf_in)
		for (uint32_t i = 0; i < ev->d->n; i++) {
			vd_free_mem(ev->perf_in[i].span);
			vd_free_mem(ev->perf_in[i].ref_cpu);
		}
	for (uint32_t i = 0; ev->perf && i < ev->s->n; i++)
		vd_free_mem(ev->perf[i].input_s);
	for (uint32_t i = 0; ev->perf_ref && i < ev->d->n; i++)
		vd_free_mem(ev->perf_ref[i].input_s);
	vd_free_mem(ev->perf_in);
	vd_free_mem(ev->perf);
	vd_free_mem(ev->perf_ref);
	vd_free_mem(ev->ref_first);
	ev->perf_in = NULL;
	ev->perf = NULL;
	ev->perf_ref = NULL;
	ev->ref_first = NULL;
}

/* ---- metrics ---- */

/* A sample's speedup over its problem's reference, or NaN. */
double vd_eval_perf_speedup(const struct vd_eval *ev, uint32_t sample)
{
	const struct vd_eval_perf *s = &ev->perf[sample];
	const struct vd_eval_perf *r = &ev->perf_ref[ev->s->v[sample].problem];
	if (!s->ok || !r->ok || s->cost_s <= 0)
		return NAN;
	return r->cost_s / s->cost_s;
}

/* start[pi] .. start[pi + 1] - 1: the places of problem pi's samples
 * when the samples are grouped by problem (start has d->n + 1 entries,
 * zeroed by the caller). */
static void group_starts(const struct vd_eval *ev, uint32_t *start)
{
	for (uint32_t i = 0; i < ev->s->n; i++)
		start[ev->s->v[i].problem + 1]++;
	for (uint32_t pi = 0; pi < ev->d->n; pi++)
		start[pi + 1] += start[pi];
}

/*
 * ENAMEL's eff@k and pass@k over the problems with levels whose reference
 * completed (the others are counted in eff_skipped): per problem, eff@k
 * of its samples' scores (vd_eff_at_k), then the mean over problems; a k
 * is reported only if every such problem has k samples (EvalPlus's rule
 * for pass@k).
 */
static int level_metrics(const struct vd_eval *ev, const uint32_t *ks,
			 uint32_t n_ks, struct vd_eval_perf_metrics *m)
{
	uint32_t *count = vd_calloc(ev->d->n, sizeof(*count));
	uint32_t *start = vd_calloc((size_t)ev->d->n + 1, sizeof(*start));
	double *e = vd_calloc(ev->s->n ? ev->s->n : 1, sizeof(*e));
	uint64_t *passed = vd_calloc(ev->d->n, sizeof(*passed));
	double sum_eff[VD_EVAL_MAX_KS] = { 0 },
	       sum_pass[VD_EVAL_MAX_KS] = { 0 };
	bool short_k[VD_EVAL_MAX_KS] = { false };
	int rc = 0;

	for (uint32_t k = 0; k < VD_EVAL_MAX_KS; k++)
		m->eff_at_k[k] = m->eff_pass_at_k[k] = NAN;
	if (n_ks > VD_EVAL_MAX_KS)
		n_ks = VD_EVAL_MAX_KS;
	if (!count || !start || !e || !passed) {
		rc = VD_ENOMEM;
		goto out;
	}
	/* the scores grouped by problem; count: those scored so far */
	group_starts(ev, start);
	for (uint32_t i = 0; i < ev->s->n; i++) {
		uint32_t pi = ev->s->v[i].problem;
		struct vd_enamel_score sc;
		if (!ev->d->problems[pi].n_levels)
			continue;
		if (vd_eval_perf_level_score(ev, i, &sc) < 0)
			continue;
		e[start[pi] + count[pi]++] = sc.e;
		passed[pi] += sc.passed;
	}
	for (uint32_t pi = 0; pi < ev->d->n; pi++) {
		uint32_t n = start[pi + 1] - start[pi];
		if (!ev->d->problems[pi].n_levels || !n)
			continue;
		if (count[pi] < n) { /* no usable reference */
			m->eff_skipped++;
			continue;
		}
		m->eff_tasks++;
		for (uint32_t k = 0; k < n_ks; k++) {
			double v;
			if (ks[k] > n) {
				short_k[k] = true;
				continue;
			}
			rc = vd_eff_at_k(e + start[pi], n, ks[k], &v);
			if (rc < 0)
				goto out;
			sum_eff[k] += v;
			sum_pass[k] += vd_pass_at_k(n, passed[pi], ks[k]);
		}
	}
	for (uint32_t k = 0; m->eff_tasks && k < n_ks; k++)
		if (!short_k[k]) {
			m->eff_at_k[k] = sum_eff[k] / m->eff_tasks;
			m->eff_pass_at_k[k] = sum_pass[k] / m->eff_tasks;
		}
out:
	vd_free_mem(count);
	vd_free_mem(start);
	vd_free_mem(e);
	vd_free_mem(passed);
	return rc;
}

/* One generation of a PIE pair, in the order of its sample index. */
struct pie_gen {
	uint32_t index;
	double cost_s; /* INFINITY unless correct and measured */
};

static int cmp_pie_gen(const void *a, const void *b)
{
	const struct pie_gen *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

static bool any_ok(const struct pie_gen *g, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (isfinite(g[i].cost_s))
			return true;
	return false;
}

/*
 * PIE's best@k (metrics.c, vd_pie_*): each problem with a measured
 * reference is a pair whose slow source is the reference; its best@k is
 * the cheapest correct and measured sample among the first k by sample
 * index. A k is reported only if every pair has k samples.
 */
static int pie_metrics(const struct vd_eval *ev, const uint32_t *ks,
		       uint32_t n_ks, struct vd_eval_perf_metrics *m)
{
	uint32_t *start = vd_calloc((size_t)ev->d->n + 1, sizeof(*start));
	uint32_t *fill = vd_calloc(ev->d->n, sizeof(*fill));
	struct pie_gen *g = vd_calloc(ev->s->n ? ev->s->n : 1, sizeof(*g));
	struct vd_pie_pair *pairs =
		vd_calloc(ev->d->n ? ev->d->n : 1, sizeof(*pairs));
	int rc = 0;

	for (uint32_t k = 0; k < VD_EVAL_MAX_KS; k++)
		m->pie_speedup[k] = m->pie_opt[k] = m->pie_correct[k] = NAN;
	if (!start || !fill || !g || !pairs) {
		rc = VD_ENOMEM;
		goto out;
	}
	group_starts(ev, start);
	for (uint32_t i = 0; i < ev->s->n; i++) {
		uint32_t pi = ev->s->v[i].problem;
		struct pie_gen *x = &g[start[pi] + fill[pi]++];
		x->index = ev->s->v[i].index;
		x->cost_s = ev->perf[i].ok ? ev->perf[i].cost_s : INFINITY;
	}
	for (uint32_t pi = 0; pi < ev->d->n; pi++)
		qsort(g + start[pi], fill[pi], sizeof(*g), cmp_pie_gen);
	for (uint32_t k = 0; k < n_ks && k < VD_EVAL_MAX_KS; k++) {
		struct vd_pie_summary sum;
		uint32_t n = 0;
		bool short_k = false;
		for (uint32_t pi = 0; pi < ev->d->n && !short_k; pi++) {
			double best = INFINITY;
			/* with no correct sample the pair is 1.0, incorrect:
			 * its reference, never measured then, is not needed */
			if (!fill[pi] || (!ev->perf_ref[pi].ok &&
					  any_ok(g + start[pi], fill[pi])))
				continue;
			if (fill[pi] < ks[k]) {
				short_k = true;
				break;
			}
			for (uint32_t j = 0; j < ks[k]; j++)
				best = fmin(best, g[start[pi] + j].cost_s);
			pairs[n].src_s = ev->perf_ref[pi].ok
						 ? ev->perf_ref[pi].cost_s
						 : 0;
			pairs[n].best_s = best;
			pairs[n].correct = isfinite(best);
			n++;
		}
		m->pie_pairs = short_k ? m->pie_pairs : n;
		if (short_k || !n || vd_pie_summarize(pairs, n, 0, &sum) < 0)
			continue;
		m->pie_speedup[k] = sum.mean_speedup;
		m->pie_opt[k] = sum.frac_opt;
		m->pie_correct[k] = sum.frac_correct;
	}
out:
	vd_free_mem(start);
	vd_free_mem(fill);
	vd_free_mem(g);
	vd_free_mem(pairs);
	return rc;
}

/*
 * Effi-Code's and EffiBench's ET, MU, TMU and their normalized forms, the
 * reference as the canonical solution, over the problems whose first
 * sample (by index) and reference were measured, with memory sampling on:
 * ET is the measured cost (HL CPU time, not Effi-Code's wall time of one
 * run), MU the peak memory, TMU the memory-time integral.
 */
static int effi_metrics(const struct vd_eval *ev, const uint32_t *first,
			struct vd_eval_perf_metrics *m)
{
	struct vd_effi_usage *model, *canon;
	uint32_t n = 0;
	int rc = 0;

	if (!ev->o.perf_memory_sample_us)
		return 0;
	model = vd_calloc(ev->d->n ? ev->d->n : 1, sizeof(*model));
	canon = vd_calloc(ev->d->n ? ev->d->n : 1, sizeof(*canon));
	if (!model || !canon) {
		rc = VD_ENOMEM;
		goto out;
	}
	for (uint32_t pi = 0; pi < ev->d->n; pi++) {
		const struct vd_eval_perf *r = &ev->perf_ref[pi], *s;
		if (first[pi] == UINT32_MAX || !r->ok ||
		    !ev->perf[first[pi]].ok)
			continue;
		s = &ev->perf[first[pi]];
		if (!(r->cost_s > 0) || !r->peak_kb || !(r->tmu_mb_s > 0))
			continue; /* nothing to divide by */
		model[n] = (struct vd_effi_usage){ s->cost_s,
						   (double)s->peak_kb / 1024.0,
						   s->tmu_mb_s };
		canon[n] = (struct vd_effi_usage){ r->cost_s,
						   (double)r->peak_kb / 1024.0,
						   r->tmu_mb_s };
		n++;
	}
	if (n &&
	    vd_effi_aggregate(model, canon, n, VD_EFFI_CODE,
			      &m->effi[VD_EFFI_CODE]) == 0 &&
	    vd_effi_aggregate(model, canon, n, VD_EFFI_BENCH,
			      &m->effi[VD_EFFI_BENCH]) == 0)
		m->effi_problems = n;
out:
	vd_free_mem(model);
	vd_free_mem(canon);
	return rc;
}

int vd_eval_perf_metrics(const struct vd_eval *ev, const uint32_t *ks,
			 uint32_t n_ks, struct vd_eval_perf_metrics *m)
{
	struct vd_coffe_problem *cp = NULL;
	uint64_t *n = NULL, *c_fast = NULL;
	uint32_t tasks = 0, *first = NULL;
	double log_sum = 0, mem_sum = 0;
	size_t n_log = 0, n_mem = 0;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	m->efficient_at_1 = m->speedup = m->geo_mean_speedup =
		m->mean_memory_ratio = NAN;
	for (uint32_t k = 0; k < VD_EVAL_MAX_KS; k++)
		m->efficient_at_k[k] = NAN;
	first = vd_calloc(ev->d->n, sizeof(*first));
	n = vd_calloc(ev->d->n, sizeof(*n));
	c_fast = vd_calloc(ev->d->n, sizeof(*c_fast));
	cp = vd_calloc(ev->d->n, sizeof(*cp));
	if (!first || !n || !c_fast || !cp) {
		rc = VD_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < ev->d->n; i++)
		first[i] = UINT32_MAX;
	for (uint32_t i = 0; i < ev->s->n; i++) {
		uint32_t pi = ev->s->v[i].problem;
		const struct vd_eval_perf *s = &ev->perf[i];
		const struct vd_eval_perf *r = &ev->perf_ref[pi];
		double sp = vd_eval_perf_speedup(ev, i);
		if (first[pi] == UINT32_MAX ||
		    ev->s->v[i].index < ev->s->v[first[pi]].index)
			first[pi] = i;
		n[pi]++;
		m->samples_measured += s->ok;
		if (!isnan(sp)) {
			c_fast[pi] += r->cost_s > s->cost_s;
			log_sum += log(sp);
			n_log++;
		}
		if (s->ok && r->ok && r->peak_kb > 0) {
			mem_sum += (double)s->peak_kb / (double)r->peak_kb;
			n_mem++;
		}
	}
	/* COFFE's released metrics: one prediction (the first sample) per
	 * problem with samples and a measured reference */
	for (uint32_t pi = 0; pi < ev->d->n; pi++) {
		const struct vd_eval_perf *r = &ev->perf_ref[pi];
		m->references_measured += r->ok;
		if (first[pi] == UINT32_MAX || !r->ok)
			continue;
		cp[tasks].gt_cost = r->cost_s;
		cp[tasks].passed = ev->perf[first[pi]].ok;
		cp[tasks].pred_cost = cp[tasks].passed
					      ? ev->perf[first[pi]].cost_s
					      : VD_COFFE_INF;
		/* the efficient@k arrays, compacted to the same tasks */
		n[tasks] = n[pi];
		c_fast[tasks] = c_fast[pi];
		tasks++;
	}
	m->tasks = tasks;
	if (tasks) {
		struct vd_coffe_report cr;
		if (vd_coffe_summarize(cp, tasks, &cr) == 0) {
			m->efficient_at_1 = cr.efficient_at_1;
			m->speedup = cr.speedup;
		}
		for (uint32_t k = 0; k < n_ks && k < VD_EVAL_MAX_KS; k++) {
			double v;
			if (vd_coffe_efficient_at_k(n, c_fast, tasks, ks[k],
						    &v) == 0)
				m->efficient_at_k[k] = v;
		}
	}
	if (n_log)
		m->geo_mean_speedup = exp(log_sum / (double)n_log);
	if (n_mem)
		m->mean_memory_ratio = mem_sum / (double)n_mem;
	rc = level_metrics(ev, ks, n_ks, m);
	if (rc == 0)
		rc = pie_metrics(ev, ks, n_ks, m);
	if (rc == 0)
		rc = effi_metrics(ev, first, m);
out:
	vd_free_mem(first);
	vd_free_mem(n);
	vd_free_mem(c_fast);
	vd_free_mem(cp);
	return rc;
}
