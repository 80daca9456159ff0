/*
 * eval_out: result files and the terminal summary of an evaluation.
 *
 *   EvalPlus   {"date", "hash", "eval": {task_id: [{task_id, solution,
 *              base_status, plus_status, base_fail_tests,
 *              plus_fail_tests}]}, "pass_at_k": {"base", "plus"}} with
 *              Python's json.dump spacing; failing inputs are the
 *              dataset's own JSON, byte for byte (which is also EvalPlus's
 *              re-serialised form for MBPP+'s typed inputs).
 *   human-eval one line per sample: the sample, "result" ("passed",
 *              "timed out", "failed: ...") and "passed".
 *   native     one line per sample with verdicts per suite or test.
 *   summary    pass@k, verdict counts, environment (docs/formats.md 5.2).
 * Files are written atomically by vd_eval_write.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "alloc.h"
#include "err.h"
#include "eval_int.h"
#include "file.h"
#include "json.h"
#include "perf.h"

static const char *status_name(int st)
{
	switch (st) {
	case VD_ST_PASS:
		return "pass";
	case VD_ST_TIMEOUT:
		return "timeout";
	default:
		return "fail";
	}
}

/* A program judged whole maps to EvalPlus's statuses too. */
static int program_status(const struct vd_eval_result *r)
{
	if (r->verdict == VD_VERDICT_AC)
		return VD_ST_PASS;
	return r->verdict == VD_VERDICT_TLE ? VD_ST_TIMEOUT : VD_ST_FAIL;
}

static void fail_tests(struct vd_jw *w, const struct vd_problem *p, uint32_t s,
		       const struct vd_eval_section *es)
{
	vd_jw_array(w);
	for (uint32_t k = 0; es->status != VD_ST_PASS && k < es->n_failed;
	     k++) {
		uint32_t i = es->failed[k];
		if (i < p->sections[s].n)
			vd_jw_raw(w, p->sections[s].inputs[i].p,
				  p->sections[s].inputs[i].n);
	}
	vd_jw_array_end(w);
}

static void pass_at_k(struct vd_jw *w, const struct vd_eval *ev, int suite)
{
	static const uint32_t ks[] = { 1, 10, 100 };
	vd_jw_object(w);
	for (size_t i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		double v = vd_eval_pass_at_k(ev, suite, ks[i]);
		char key[16];
		if (v < 0)
			continue;
		snprintf(key, sizeof(key), "pass@%u", ks[i]);
		vd_jw_key(w, key);
		vd_jw_double(w, v);
	}
	vd_jw_object_end(w);
}

int vd_eval_write_evalplus(const struct vd_eval *ev, struct vd_buf *out)
{
	struct vd_jw w;
	bool plus = vd_eval_has_plus(ev);
	uint32_t i = 0;

	vd_jw_init(&w, out, 0);
	w.python_spacing = true;
	vd_jw_object(&w);
	vd_jw_key(&w, "date");
	vd_jw_string(&w, ev->date);
	vd_jw_key(&w, "hash");
	vd_jw_string(&w, ev->d->md5);
	vd_jw_key(&w, "eval");
	vd_jw_object(&w);
	while (i < ev->s->n) {
		uint32_t pi = ev->s->v[i].problem;
		const struct vd_problem *p = &ev->d->problems[pi];
		vd_jw_key(&w, p->task_id);
		vd_jw_array(&w);
		for (; i < ev->s->n && ev->s->v[i].problem == pi; i++) {
			const struct vd_eval_result *r = &ev->res[i];
			bool call = p->kind == VD_PROBLEM_CALL;
			vd_jw_object(&w);
			vd_jw_key(&w, "task_id");
			vd_jw_string(&w, p->task_id);
			vd_jw_key(&w, "solution");
			vd_jw_string(&w, ev->s->v[i].code);
			vd_jw_key(&w, "base_status");
			vd_jw_string(&w, status_name(call ? r->sec[0].status
							  : program_status(r)));
			vd_jw_key(&w, "plus_status");
			if (plus && call && p->n_sections > 1)
				vd_jw_string(&w, status_name(r->sec[1].status));
			else if (plus && !call)
				vd_jw_string(&w,
					     status_name(program_status(r)));
			else
				vd_jw_null(&w);
			vd_jw_key(&w, "base_fail_tests");
			if (call)
				fail_tests(&w, p, 0, &r->sec[0]);
			else {
				vd_jw_array(&w);
				vd_jw_array_end(&w);
			}
			vd_jw_key(&w, "plus_fail_tests");
			if (call && plus && p->n_sections > 1)
				fail_tests(&w, p, 1, &r->sec[1]);
			else {
				vd_jw_array(&w);
				vd_jw_array_end(&w);
			}
			vd_jw_object_end(&w);
		}
		vd_jw_array_end(&w);
	}
	vd_jw_object_end(&w);
	vd_jw_key(&w, "pass_at_k");
	vd_jw_object(&w);
	vd_jw_key(&w, "base");
	pass_at_k(&w, ev, VD_SUITE_BASE);
	if (plus) {
		vd_jw_key(&w, "plus");
		pass_at_k(&w, ev, VD_SUITE_PLUS);
	}
	vd_jw_object_end(&w);
	vd_jw_object_end(&w);
	return vd_jw_finish(&w);
}

static void human_result(const struct vd_eval_result *r, char *dst, size_t len)
{
	if (r->verdict == VD_VERDICT_AC)
		snprintf(dst, len, "passed");
	else if (r->verdict == VD_VERDICT_TLE)
		snprintf(dst, len, "timed out");
	else
		snprintf(dst, len, "failed: %s", r->detail);
}

int vd_eval_write_humaneval(const struct vd_eval *ev, struct vd_buf *out)
{
	int rc = 0;
	for (uint32_t i = 0; rc == 0 && i < ev->s->n; i++) {
		const struct vd_sample *sm = &ev->s->v[i];
		const struct vd_eval_result *r = &ev->res[i];
		char result[400];
		struct vd_jw w;

		human_result(r, result, sizeof(result));
		vd_jw_init(&w, out, 0);
		w.python_spacing = true;
		vd_jw_object(&w);
		vd_jw_key(&w, "task_id");
		vd_jw_string(&w, ev->d->problems[sm->problem].task_id);
		vd_jw_key(&w, sm->prompt_len ? "completion" : "solution");
		vd_jw_string(&w, sm->code + sm->prompt_len);
		vd_jw_key(&w, "result");
		vd_jw_string(&w, result);
		vd_jw_key(&w, "passed");
		vd_jw_bool(&w, r->verdict == VD_VERDICT_AC);
		vd_jw_object_end(&w);
		rc = vd_jw_finish(&w);
		if (rc == 0)
			rc = vd_buf_putc(out, '\n');
	}
	return rc;
}

static void native_section(struct vd_jw *w, const struct vd_eval_section *s)
{
	vd_jw_object(w);
	vd_jw_key(w, "status");
	vd_jw_string(w, status_name(s->status));
	vd_jw_key(w, "verdict");
	vd_jw_string(w, vd_verdict_name(s->verdict));
	vd_jw_key(w, "inputs");
	vd_jw_uint(w, s->n);
	vd_jw_key(w, "ran");
	vd_jw_uint(w, s->n_run);
	vd_jw_key(w, "failed");
	vd_jw_array(w);
	for (uint32_t k = 0; k < s->n_failed; k++)
		vd_jw_uint(w, s->failed[k]);
	vd_jw_array_end(w);
	vd_jw_key(w, "cpu_s");
	vd_jw_double(w, round(s->cpu_s * 1e6) / 1e6);
	vd_jw_key(w, "detail");
	vd_jw_string(w, s->detail);
	vd_jw_object_end(w);
}

/* The k of efficient@k that `verdict perf` reports (where every task has
 * k samples). */
static const uint32_t perf_ks[] = { 1, 5, 10, 100 };
#define N_PERF_KS (sizeof(perf_ks) / sizeof(perf_ks[0]))

/* A measurement of the performance phase: its figures, or why none. */
static void perf_figures(struct vd_jw *w, const struct vd_eval_perf *m)
{
	vd_jw_key(w, "measured");
	vd_jw_bool(w, m->ok);
	if (m->ok) {
		vd_jw_key(w, "cost_s");
		vd_jw_double(w, m->cost_s);
		vd_jw_key(w, "inputs");
		vd_jw_uint(w, m->inputs);
		vd_jw_key(w, "cv_max");
		vd_jw_double(w, round(m->cv_max * 1e4) / 1e4);
		vd_jw_key(w, "peak_memory_kb");
		vd_jw_uint(w, m->peak_kb);
		if (m->tmu_mb_s > 0) {
			vd_jw_key(w, "memory_time_mb_s");
			vd_jw_double(w, m->tmu_mb_s);
		}
		vd_jw_key(w, "instructions");
		if (m->instructions >= 0)
			vd_jw_int(w, m->instructions);
		else
			vd_jw_null(w);
	} else {
		vd_jw_key(w, "detail");
		vd_jw_string(w, m->detail);
	}
	if (m->input_s) {
		/* a problem with levels: each input's HL CPU time, null past
		 * the first that did not complete */
		vd_jw_key(w, "input_s");
		vd_jw_array(w);
		for (uint32_t i = 0; i < m->inputs; i++) {
			if (i < m->reached)
				vd_jw_double(w, m->input_s[i]);
			else
				vd_jw_null(w);
		}
		vd_jw_array_end(w);
		vd_jw_key(w, "censored");
		vd_jw_bool(w, m->censored);
	}
}

static void perf_object(struct vd_jw *w, const struct vd_eval *ev,
			uint32_t sample)
{
	const struct vd_eval_perf *m = &ev->perf[sample];
	const struct vd_eval_perf *ref =
		&ev->perf_ref[ev->s->v[sample].problem];
	struct vd_enamel_score sc;

	vd_jw_object(w);
	perf_figures(w, m);
	vd_jw_key(w, "speedup");
	vd_jw_double(w, vd_eval_perf_speedup(ev, sample));
	if (vd_eval_perf_level_score(ev, sample, &sc) == 0) {
		vd_jw_key(w, "eff");
		vd_jw_double(w, sc.e);
		vd_jw_key(w, "eff_passed");
		vd_jw_bool(w, sc.passed);
	}
	vd_jw_key(w, "reference");
	vd_jw_object(w);
	perf_figures(w, ref);
	vd_jw_object_end(w);
	vd_jw_object_end(w);
}

/* {"k": value} for the ks whose value is not NaN. */
static void ks_object(struct vd_jw *w, const uint32_t *ks, uint32_t n_ks,
		      const double *v)
{
	vd_jw_object(w);
	for (uint32_t k = 0; k < n_ks; k++) {
		char name[16];
		if (isnan(v[k]))
			continue;
		snprintf(name, sizeof(name), "%u", ks[k]);
		vd_jw_key(w, name);
		vd_jw_double(w, v[k]);
	}
	vd_jw_object_end(w);
}

/* ET, NET, MU, NMU, TMU, NTMU of one aggregation convention. */
static void effi_object(struct vd_jw *w, const struct vd_effi_report *r)
{
	vd_jw_object(w);
	vd_jw_key(w, "et_s");
	vd_jw_double(w, r->et_s);
	vd_jw_key(w, "net");
	vd_jw_double(w, r->net);
	vd_jw_key(w, "mu_mb");
	vd_jw_double(w, r->mu_mb);
	vd_jw_key(w, "nmu");
	vd_jw_double(w, r->nmu);
	vd_jw_key(w, "tmu_mb_s");
	vd_jw_double(w, r->tmu_mb_s);
	vd_jw_key(w, "ntmu");
	vd_jw_double(w, r->ntmu);
	vd_jw_object_end(w);
}

/* The performance phase's metrics, for the summary. */
static void perf_summary(struct vd_jw *w, const struct vd_eval *ev)
{
	struct vd_eval_perf_metrics m;
	const uint32_t *ks = perf_ks;
	uint32_t n_ks = N_PERF_KS;

	vd_jw_object(w);
	if (vd_eval_perf_metrics(ev, ks, n_ks, &m) < 0) {
		vd_jw_key(w, "error");
		vd_jw_string(w, "out of memory");
		vd_jw_object_end(w);
		return;
	}
	vd_jw_key(w, "protocol");
	vd_jw_object(w);
	vd_jw_key(w, "repeats");
	vd_jw_uint(w, ev->o.perf_repeats);
	vd_jw_key(w, "warmup");
	vd_jw_uint(w, vd_perf_warmup_runs(ev->o.perf_warmup));
	vd_jw_key(w, "inputs_per_call_problem");
	vd_jw_uint(w, ev->o.perf_inputs ? ev->o.perf_inputs : 1);
	vd_jw_key(w, "figure");
	vd_jw_string(w, "sum over inputs of the Hodges-Lehmann CPU time");
	vd_jw_key(w, "memory_sample_us");
	vd_jw_uint(w, ev->o.perf_memory_sample_us);
	vd_jw_key(w, "workers");
	vd_jw_uint(w, ev->n_workers);
	vd_jw_object_end(w);
	vd_jw_key(w, "tasks");
	vd_jw_uint(w, m.tasks);
	vd_jw_key(w, "references_measured");
	vd_jw_uint(w, m.references_measured);
	vd_jw_key(w, "samples_measured");
	vd_jw_uint(w, m.samples_measured);
	vd_jw_key(w, "efficient_at_1");
	vd_jw_double(w, m.efficient_at_1);
	vd_jw_key(w, "efficient_at_k");
	ks_object(w, ks, n_ks, m.efficient_at_k);
	vd_jw_key(w, "speedup");
	vd_jw_double(w, m.speedup);
	vd_jw_key(w, "geo_mean_speedup");
	vd_jw_double(w, m.geo_mean_speedup);
	vd_jw_key(w, "mean_memory_ratio");
	vd_jw_double(w, m.mean_memory_ratio);
	vd_jw_key(w, "eff_tasks");
	vd_jw_uint(w, m.eff_tasks);
	vd_jw_key(w, "eff_skipped");
	vd_jw_uint(w, m.eff_skipped);
	vd_jw_key(w, "eff_at_k");
	ks_object(w, ks, n_ks, m.eff_at_k);
	vd_jw_key(w, "eff_pass_at_k");
	ks_object(w, ks, n_ks, m.eff_pass_at_k);
	if (m.effi_problems) {
		vd_jw_key(w, "effi");
		vd_jw_object(w);
		vd_jw_key(w, "problems");
		vd_jw_uint(w, m.effi_problems);
		vd_jw_key(w, "effi_code");
		effi_object(w, &m.effi[VD_EFFI_CODE]);
		vd_jw_key(w, "effibench");
		effi_object(w, &m.effi[VD_EFFI_BENCH]);
		vd_jw_object_end(w);
	}
	vd_jw_key(w, "pie");
	vd_jw_object(w);
	vd_jw_key(w, "pairs");
	vd_jw_uint(w, m.pie_pairs);
	vd_jw_key(w, "speedup_best_at_k");
	ks_object(w, ks, n_ks, m.pie_speedup);
	vd_jw_key(w, "opt_best_at_k");
	ks_object(w, ks, n_ks, m.pie_opt);
	vd_jw_key(w, "correct_best_at_k");
	ks_object(w, ks, n_ks, m.pie_correct);
	vd_jw_object_end(w);
	vd_jw_object_end(w);
}

int vd_eval_write_native(const struct vd_eval *ev, struct vd_buf *out)
{
	int rc = 0;
	for (uint32_t i = 0; rc == 0 && i < ev->s->n; i++) {
		const struct vd_sample *sm = &ev->s->v[i];
		const struct vd_problem *p = &ev->d->problems[sm->problem];
		const struct vd_eval_result *r = &ev->res[i];
		char sha[VD_SHA256_HEX];
		struct vd_jw w;

		vd_sha256_hex(sm->code, strlen(sm->code), sha);
		vd_jw_init(&w, out, 0);
		vd_jw_object(&w);
		vd_jw_key(&w, "task_id");
		vd_jw_string(&w, p->task_id);
		vd_jw_key(&w, "sample_id");
		vd_jw_uint(&w, sm->index);
		vd_jw_key(&w, "language");
		vd_jw_string(&w, vd_lang_name(sm->lang));
		vd_jw_key(&w, "verdict");
		vd_jw_string(&w, vd_verdict_name(r->verdict));
		vd_jw_key(&w, "detail");
		vd_jw_string(&w, r->detail);
		vd_jw_key(&w, "cpu_s");
		vd_jw_double(&w, round(r->cpu_s * 1e6) / 1e6);
		if (p->kind == VD_PROBLEM_CALL) {
			vd_jw_key(&w, "sections");
			vd_jw_object(&w);
			for (uint32_t s = 0; s < p->n_sections; s++) {
				if (r->sec[s].status == VD_ST_NONE)
					continue;
				vd_jw_key(&w, p->sections[s].name);
				native_section(&w, &r->sec[s]);
			}
			vd_jw_object_end(&w);
		} else {
			vd_jw_key(&w, "tests");
			vd_jw_uint(&w, r->n_tests);
			vd_jw_key(&w, "passed");
			vd_jw_uint(&w, r->n_passed);
			vd_jw_key(&w, "peak_memory_kb");
			vd_jw_uint(&w, r->peak_kb);
		}
		if (ev->perf) {
			vd_jw_key(&w, "perf");
			perf_object(&w, ev, i);
		}
		vd_jw_key(&w, "origin");
		vd_jw_string(&w, sm->origin);
		vd_jw_key(&w, "code_sha256");
		vd_jw_string(&w, sha);
		vd_jw_object_end(&w);
		rc = vd_jw_finish(&w);
		if (rc == 0)
			rc = vd_buf_putc(out, '\n');
	}
	return rc;
}

static void cpu_model(char *dst, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	snprintf(dst, len, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (strncmp(line, "model name", 10) || !colon)
			continue;
		colon += 2;
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(dst, len, "%s", colon);
		break;
	}
	if (f)
		fclose(f);
}

static void environment(struct vd_jw *w, const struct vd_eval *ev)
{
	struct utsname u;
	char cpu[256];
	const struct vd_engine_info *in = &ev->e->info;

	cpu_model(cpu, sizeof(cpu));
	uname(&u);
	vd_jw_object(w);
	vd_jw_key(w, "cpu_model");
	vd_jw_string(w, cpu);
	vd_jw_key(w, "kernel");
	vd_jw_string(w, u.release);
	vd_jw_key(w, "python");
	vd_jw_string(w, ev->python_version);
	vd_jw_key(w, "interpreter");
	vd_jw_string(w, ev->e->python);
	vd_jw_key(w, "cc");
	vd_jw_string(w, ev->e->cc);
	vd_jw_key(w, "cxx");
	vd_jw_string(w, ev->e->cxx);
	vd_jw_key(w, "isolation");
	vd_jw_string(w, in->isolation);
	vd_jw_key(w, "cgroup");
	vd_jw_string(w, in->cgroup);
	vd_jw_key(w, "parallel");
	vd_jw_uint(w, ev->n_workers);
	vd_jw_key(w, "time_accounting");
	vd_jw_string(w, "cpu");
	vd_jw_key(w, "min_time_limit_s");
	vd_jw_double(w, ev->o.min_time_limit_s);
	vd_jw_key(w, "gt_time_limit_factor");
	vd_jw_double(w, ev->o.gt_time_limit_factor);
	vd_jw_key(w, "memory_limit_mb");
	vd_jw_uint(w, ev->memory_kb / 1024u);
	vd_jw_key(w, "instructions");
	vd_jw_string(w, in->instructions);
	vd_jw_object_end(w);
}

int vd_eval_write_summary(const struct vd_eval *ev, struct vd_buf *out)
{
	uint64_t counts[VD_VERDICT_COUNT] = { 0 };
	struct vd_jw w;

	for (uint32_t i = 0; i < ev->s->n; i++)
		if (ev->res[i].verdict >= 0 &&
		    ev->res[i].verdict < VD_VERDICT_COUNT)
			counts[ev->res[i].verdict]++;
	vd_jw_init(&w, out, 2);
	vd_jw_object(&w);
	vd_jw_key(&w, "tool");
	vd_jw_string(&w, "verdict " VD_VERSION_STRING);
	vd_jw_key(&w, "dataset");
	vd_jw_string(&w, ev->d->name);
	vd_jw_key(&w, "dataset_hash");
	vd_jw_string(&w, ev->d->md5);
	vd_jw_key(&w, "problems");
	vd_jw_uint(&w, ev->d->n);
	vd_jw_key(&w, "samples");
	vd_jw_uint(&w, ev->s->n);
	vd_jw_key(&w, "pass_at_k");
	vd_jw_object(&w);
	vd_jw_key(&w, "base");
	pass_at_k(&w, ev, VD_SUITE_BASE);
	if (vd_eval_has_plus(ev)) {
		vd_jw_key(&w, "plus");
		pass_at_k(&w, ev, VD_SUITE_PLUS);
	}
	vd_jw_object_end(&w);
	vd_jw_key(&w, "verdict_counts");
	vd_jw_object(&w);
	for (int v = 0; v < VD_VERDICT_COUNT; v++) {
		vd_jw_key(&w, vd_verdict_name(v));
		vd_jw_uint(&w, counts[v]);
	}
	vd_jw_object_end(&w);
	if (ev->perf) {
		vd_jw_key(&w, "perf");
		perf_summary(&w, ev);
	}
	vd_jw_key(&w, "environment");
	environment(&w, ev);
	vd_jw_object_end(&w);
	if (vd_jw_finish(&w))
		return w.error;
	return vd_buf_putc(out, '\n');
}

int vd_eval_perf_summary(const struct vd_eval *ev, char **text,
			 struct vd_error *err)
{
	const uint32_t *ks = perf_ks;
	struct vd_eval_perf_metrics m;
	struct vd_buf b;
	int rc;

	if (!ev || !text || !ev->perf)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_eval_perf_summary: no performance "
				    "phase ran");
	if (vd_eval_perf_metrics(ev, ks, N_PERF_KS, &m) < 0)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	rc = vd_buf_printf(&b,
			   "perf: %u tasks, %u references and %u samples "
			   "measured (%u timed runs after %u warm-up, "
			   "Hodges-Lehmann CPU time)\n",
			   m.tasks, m.references_measured, m.samples_measured,
			   ev->o.perf_repeats,
			   vd_perf_warmup_runs(ev->o.perf_warmup));
	if (rc == 0)
		rc = vd_buf_printf(&b, "efficient@1:\t%.4f\n",
				   m.efficient_at_1);
	for (uint32_t k = 1; rc == 0 && k < N_PERF_KS; k++)
		if (!isnan(m.efficient_at_k[k]))
			rc = vd_buf_printf(&b, "efficient@%u:\t%.4f\n", ks[k],
					   m.efficient_at_k[k]);
	if (rc == 0)
		rc = vd_buf_printf(
			&b,
			"speedup:\t%.4f (COFFE: reference cost / sample "
			"cost, ratio of sums, first sample per task)\n"
			"speedup (geometric mean over samples):\t%.4f\n"
			"memory (sample / reference peak, mean):\t%.4f\n",
			m.speedup, m.geo_mean_speedup, m.mean_memory_ratio);
	for (int c = 0; rc == 0 && m.effi_problems && c < 2; c++) {
		const struct vd_effi_report *r = &m.effi[c];
		rc = vd_buf_printf(&b,
				   "%s:\tET %.6f s, NET %.4f, MU %.2f MB, NMU "
				   "%.4f, TMU %.6f MB s, NTMU %.4f (%u "
				   "problems, the reference as canonical)\n",
				   c == VD_EFFI_CODE
					   ? "Effi-Code (mean of ratios)"
					   : "EffiBench (ratio of sums)",
				   r->et_s, r->net, r->mu_mb, r->nmu,
				   r->tmu_mb_s, r->ntmu, m.effi_problems);
	}
	for (uint32_t k = 0; rc == 0 && k < N_PERF_KS; k++)
		if (!isnan(m.pie_speedup[k]))
			rc = vd_buf_printf(&b,
					   "PIE best@%u:\tspeedup %.4f, %%OPT "
					   "%.4f, %%correct %.4f (%u pairs, "
					   "the reference as the slow "
					   "program)\n",
					   ks[k], m.pie_speedup[k],
					   m.pie_opt[k], m.pie_correct[k],
					   m.pie_pairs);
	if (rc == 0 && !m.eff_tasks)
		rc = vd_buf_printf(&b, "eff@k:\tnot computed (no problem "
				       "with levels and a measured "
				       "reference)\n");
	else if (rc == 0)
		rc = vd_buf_printf(&b,
				   "ENAMEL: %u tasks with levels (%u without "
				   "a usable reference), T = %.0f x the "
				   "slowest reference level\n",
				   m.eff_tasks, m.eff_skipped, VD_ENAMEL_ALPHA);
	for (uint32_t k = 0; rc == 0 && m.eff_tasks && k < N_PERF_KS; k++)
		if (!isnan(m.eff_at_k[k]))
			rc = vd_buf_printf(
				&b, "eff@%u:\t%.4f\tpass@%u:\t%.4f\n", ks[k],
				m.eff_at_k[k], ks[k], m.eff_pass_at_k[k]);
	if (rc) {
		vd_buf_release(&b);
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	*text = b.data;
	return 0;
}

int vd_eval_write(const struct vd_eval *ev, int32_t format, const char *path,
		  struct vd_error *err)
{
	struct vd_buf b;
	int rc;

	if (!ev || !path)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_eval_write: NULL argument");
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	switch (format) {
	case VD_EVAL_FORMAT_EVALPLUS:
		rc = vd_eval_write_evalplus(ev, &b);
		break;
	case VD_EVAL_FORMAT_HUMANEVAL:
		rc = vd_eval_write_humaneval(ev, &b);
		break;
	case VD_EVAL_FORMAT_NATIVE:
		rc = vd_eval_write_native(ev, &b);
		break;
	case VD_EVAL_FORMAT_SUMMARY:
		rc = vd_eval_write_summary(ev, &b);
		break;
	default:
		vd_buf_release(&b);
		return vd_error_set(err, VD_EINVAL, 0, "unknown format %d",
				    format);
	}
	if (rc) {
		vd_buf_release(&b);
		return vd_error_set(err, rc, 0, "%s: %s", path,
				    vd_strerror(rc));
	}
	rc = vd_file_write_atomic(path, b.data ? b.data : "", b.len, err);
	vd_buf_release(&b);
	return rc;
}

int vd_eval_summary(const struct vd_eval *ev, const uint32_t *ks, uint32_t n_ks,
		    char **text, struct vd_error *err)
{
	static const uint32_t def[] = { 1, 10, 100 };
	uint64_t counts[VD_VERDICT_COUNT] = { 0 };
	const struct vd_engine_info *in;
	struct vd_buf b;
	char cpu[256];
	struct utsname u;
	int rc = 0;

	if (!ev || !text)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_eval_summary: NULL argument");
	if (!ks || !n_ks) {
		ks = def;
		n_ks = 3;
	}
	in = &ev->e->info;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	for (int suite = 0; suite < 2; suite++) {
		if (suite == VD_SUITE_PLUS && !vd_eval_has_plus(ev))
			break;
		rc |= vd_buf_printf(
			&b, "%s%s\n", ev->d->name,
			suite == VD_SUITE_BASE
				? (vd_eval_has_plus(ev) ? " (base tests)" : "")
				: " (base + extra tests)");
		for (uint32_t i = 0; i < n_ks; i++) {
			double v = vd_eval_pass_at_k(ev, suite, ks[i]);
			if (v >= 0)
				rc |= vd_buf_printf(&b, "pass@%u:\t%.3f\n",
						    ks[i], v);
		}
	}
	for (uint32_t i = 0; i < ev->s->n; i++)
		if (ev->res[i].verdict >= 0 &&
		    ev->res[i].verdict < VD_VERDICT_COUNT)
			counts[ev->res[i].verdict]++;
	rc |= vd_buf_printf(&b, "verdicts:");
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		rc |= vd_buf_printf(&b, " %s %llu", vd_verdict_name(v),
				    (unsigned long long)counts[v]);
	cpu_model(cpu, sizeof(cpu));
	uname(&u);
	rc |= vd_buf_printf(
		&b,
		"\nenvironment: %s, kernel %s, %s (%s), %u workers\n"
		"isolation: %s\n"
		"limits: per input max(%.3g s, %.3g x reference CPU time), memory %llu MiB; time by CPU, wall-clock backstop\n",
		cpu, u.release, ev->python_version, ev->e->python,
		ev->n_workers, in->isolation, ev->o.min_time_limit_s,
		ev->o.gt_time_limit_factor,
		(unsigned long long)(ev->memory_kb / 1024u));
	if (rc || b.truncated || !b.data) {
		vd_buf_release(&b);
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	*text = vd_buf_detach(&b, NULL);
	return *text ? 0 : vd_error_set(err, VD_ENOMEM, 0, "out of memory");
}
