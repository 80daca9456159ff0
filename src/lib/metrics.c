#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "measure.h"
#include "verdict.h"

/*
 * Theory of operation
 *
 * Each metric reproduces the arithmetic of its reference harness (see
 * docs/metrics.md), not a textbook formula, because published numbers are
 * compared against ours: pass@k uses the product form of HumanEval's
 * estimator, eff@k ENAMEL's recurrence for its weights, COFFE's speedup is
 * a ratio of sums, PIE clamps speedups at 1.0, Mercury's released clip is
 * available next to the paper's. Where a harness would divide by zero or
 * crash (an empty task, a degenerate range) we refuse the input with
 * VD_EINVAL instead of inventing a value.
 *
 * The inputs are whatever the runner measured, so every function checks its
 * arguments (NULL, counts, NaN) before using them; NaN is rejected early
 * because it would make the comparisons below and qsort inconsistent.
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* ---- pass@k ---- */

double vd_pass_at_k(uint64_t n, uint64_t c, uint64_t k)
{
	double prod = 1.0;

	if (k == 0 || c > n || n < k)
		return (double)VD_EINVAL;
	if (n - c < k)
		return 1.0;
	/* prod over i = n-c+1 .. n, ascending as in the reference; i + 1
	 * below never overflows since i < n. */
	for (uint64_t i = n - c; i < n && prod != 0.0; i++)
		prod *= 1.0 - (double)k / (double)(i + 1);
	return 1.0 - prod;
}

int vd_pass_at_k_mean(const uint64_t *n, const uint64_t *c, size_t n_tasks,
		      uint64_t k, double *mean)
{
	bool omitted = false;
	double sum = 0.0;

	if (!n || !c || !mean || n_tasks == 0 || k == 0)
		return VD_EINVAL;
	for (size_t t = 0; t < n_tasks; t++) {
		if (c[t] > n[t])
			return VD_EINVAL;
		if (n[t] < k)
			omitted = true;
	}
	if (omitted) {
		*mean = NAN;
		return VD_METRICS_OMITTED;
	}
	for (size_t t = 0; t < n_tasks; t++)
		sum += vd_pass_at_k(n[t], c[t], k);
	*mean = sum / (double)n_tasks;
	return 0;
}

/* ---- ENAMEL ---- */

static const double enamel_hardness[VD_ENAMEL_LEVELS] = { 0.0, 3.0, 3.0, 4.0 };

void vd_enamel_problem_init(struct vd_enamel_problem *p,
			    const double *ref_time_s)
{
	p->hardness = enamel_hardness;
	p->ref_time_s = ref_time_s;
	p->n_levels = VD_ENAMEL_LEVELS;
	p->alpha = VD_ENAMEL_ALPHA;
}

int vd_enamel_level_time(const double *rep_s, size_t n_tests, size_t n_reps,
			 double *time_s)
{
	double worst = 0.0;

	if (!rep_s || !time_s || n_tests == 0 || n_reps == 0 ||
	    n_reps > SIZE_MAX / n_tests)
		return VD_EINVAL;
	for (size_t i = 0; i < n_tests * n_reps; i++)
		if (isnan(rep_s[i]))
			return VD_EINVAL;
	for (size_t t = 0; t < n_tests; t++) {
		bool ok;
		double hl =
			vd_stat_hodges_lehmann(rep_s + t * n_reps, n_reps, &ok);
		if (!ok)
			return VD_ENOMEM;
		if (t == 0 || hl > worst)
			worst = hl;
	}
	*time_s = worst;
	return 0;
}

/*
 * Checks p and computes T and the sum of the weights. Only the levels with
 * hardness > 0 have a reference time; T must exceed each of them, or e_j
 * would divide by zero (or flip sign).
 */
static int enamel_check(const struct vd_enamel_problem *p, double *limit_s,
			double *weight_sum)
{
	double ref_max = -INFINITY, wsum = 0.0, limit;

	if (!p || !p->hardness || !p->ref_time_s || p->n_levels == 0 ||
	    !isfinite(p->alpha) || p->alpha <= 0.0)
		return VD_EINVAL;
	for (size_t j = 0; j < p->n_levels; j++) {
		double h = p->hardness[j], r = p->ref_time_s[j];
		if (!isfinite(h) || h < 0.0)
			return VD_EINVAL;
		if (h == 0.0)
			continue;
		if (!isfinite(r) || r < 0.0)
			return VD_EINVAL;
		wsum += h;
		if (r > ref_max)
			ref_max = r;
	}
	if (wsum == 0.0)
		return VD_EINVAL;
	limit = p->alpha * ref_max;
	for (size_t j = 0; j < p->n_levels; j++)
		if (p->hardness[j] > 0.0 && !(limit - p->ref_time_s[j] > 0.0))
			return VD_EINVAL;
	*limit_s = limit;
	*weight_sum = wsum;
	return 0;
}

int vd_enamel_time_limit(const struct vd_enamel_problem *p, double *limit_s)
{
	double limit, wsum;
	int rc;

	if (!limit_s)
		return VD_EINVAL;
	rc = enamel_check(p, &limit, &wsum);
	if (rc)
		return rc;
	*limit_s = limit;
	return 0;
}

int vd_enamel_score(const struct vd_enamel_problem *p, const double *time_s,
		    const int32_t *status, struct vd_enamel_score *out,
		    double *e_level)
{
	double limit, wsum, acc = 0.0;
	size_t ran; /* levels that ran OK before the first other status */
	bool failed;
	int rc;

	if (!time_s || !status || !out)
		return VD_EINVAL;
	rc = enamel_check(p, &limit, &wsum);
	if (rc)
		return rc;
	for (ran = 0; ran < p->n_levels; ran++) {
		if (status[ran] != VD_ENAMEL_OK)
			break;
		if (isnan(time_s[ran]) || time_s[ran] < 0.0)
			return VD_EINVAL;
	}
	if (ran < p->n_levels && status[ran] != VD_ENAMEL_BREAK &&
	    status[ran] != VD_ENAMEL_WRONG)
		return VD_EINVAL;
	/* A wrong answer anywhere, or a level break at level 0, fails the
	 * sample; a break later only censors the levels from there on. */
	failed = ran < p->n_levels &&
		 (status[ran] == VD_ENAMEL_WRONG || ran == 0);
	for (size_t j = 0; j < p->n_levels; j++) {
		double e = 0.0;
		if (!failed && j < ran && p->hardness[j] > 0.0)
			e = fmax(0.0, limit - time_s[j]) /
			    (limit - p->ref_time_s[j]);
		acc += p->hardness[j] * e;
		if (e_level)
			e_level[j] = e;
	}
	out->e = acc / wsum;
	out->passed = !failed;
	return 0;
}

int vd_eff_at_k(const double *e, size_t n, uint64_t k, double *eff)
{
	double *s, *w, sum = 0.0;

	if (!e || !eff || n == 0 || k == 0 || k > n ||
	    n > SIZE_MAX / (2 * sizeof(*s)))
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!isfinite(e[i]))
			return VD_EINVAL;
	s = vd_malloc(2 * n * sizeof(*s));
	if (!s)
		return VD_ENOMEM;
	w = s + n;
	memcpy(s, e, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	/* w[r - 1] is the weight of rank r (1-based): w_n = k / n, then
	 * w_{r-1} = w_r (1 - (k-1) / (r-1)) down to rank k. */
	w[n - 1] = (double)k / (double)n;
	for (size_t r = n; r > k; r--)
		w[r - 2] = w[r - 1] * (1.0 - (double)(k - 1) / (double)(r - 1));
	/* Summed from rank k upwards, the reference's order. */
	for (size_t r = k; r <= n; r++)
		sum += w[r - 1] * s[r - 1];
	vd_free_mem(s);
	*eff = sum;
	return 0;
}

/* ---- COFFE ---- */

int vd_coffe_trimmed_mean(const double *runs, size_t n, double *mean)
{
	size_t lo = 0, hi;
	double sum = 0.0;

	if (!runs || !mean || n < 3)
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (isnan(runs[i]))
			return VD_EINVAL;
		if (runs[i] < runs[lo])
			lo = i;
	}
	/* One largest value other than the smallest: with all values equal,
	 * two different runs are still dropped. */
	hi = lo == 0 ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		if (i != lo && runs[i] > runs[hi])
			hi = i;
	for (size_t i = 0; i < n; i++)
		if (i != lo && i != hi)
			sum += runs[i];
	*mean = sum / (double)(n - 2);
	return 0;
}

static bool coffe_bad_cost(double cost)
{
	return isnan(cost) || cost < 0.0;
}

int vd_coffe_summarize(const struct vd_coffe_problem *p, size_t n,
		       struct vd_coffe_report *out)
{
	double sum_gt = 0.0, sum_pred = 0.0;
	size_t fast = 0, used = 0;

	if (!p || !out || n == 0)
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (coffe_bad_cost(p[i].gt_cost) ||
		    (p[i].passed && coffe_bad_cost(p[i].pred_cost)))
			return VD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (!p[i].passed)
			continue;
		if (p[i].gt_cost > p[i].pred_cost)
			fast++;
		if (p[i].gt_cost < VD_COFFE_INF &&
		    p[i].pred_cost < VD_COFFE_INF) {
			sum_gt += p[i].gt_cost;
			sum_pred += p[i].pred_cost;
			used++;
		}
	}
	out->efficient_at_1 = (double)fast / (double)n;
	out->speedup = used && sum_pred > 0.0 ? sum_gt / sum_pred : NAN;
	out->n_speedup = used;
	return 0;
}

int vd_coffe_efficient_at_k(const uint64_t *n, const uint64_t *c_fast,
			    size_t n_tasks, uint64_t k, double *mean)
{
	return vd_pass_at_k_mean(n, c_fast, n_tasks, k, mean);
}

/* ---- EvalPerf ---- */

int vd_evalperf_dps(const struct vd_evalperf_refs *refs, double sample_cost,
		    bool ok, struct vd_dps *out)
{
	struct vd_dps d = { .dps = 0.0, .dps_norm = 0.0, .cluster = -1 };

	if (!refs || !refs->cost || !refs->score || refs->n == 0 ||
	    refs->n > INT32_MAX || !out || (ok && isnan(sample_cost)))
		return VD_EINVAL;
	/* From the fastest reference (the last) to the slowest. */
	for (size_t j = refs->n; ok && j-- > 0;) {
		if (sample_cost <= refs->cost[j]) {
			d.dps = refs->score[j];
			d.dps_norm = 100.0 * (double)(j + 1) / (double)refs->n;
			d.cluster = (int32_t)j;
			break;
		}
	}
	*out = d;
	return 0;
}

int vd_evalperf_task_mean(const struct vd_dps *s, size_t n, double *dps,
			  double *dps_norm)
{
	double sum = 0.0, sum_norm = 0.0;

	if (!s || !dps || !dps_norm || n == 0)
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		sum += s[i].dps;
		sum_norm += s[i].dps_norm;
	}
	*dps = sum / (double)n;
	*dps_norm = sum_norm / (double)n;
	return 0;
}

/* ---- PIE ---- */

double vd_pie_speedup(double src_s, double best_s, bool correct)
{
	double r;

	if (!correct)
		return 1.0;
	r = src_s / best_s;
	return r > 1.0 ? r : 1.0;
}

int vd_pie_best_at_k(const double *runtime_s, const bool *correct, size_t n_gen,
		     size_t k, double *best_s, bool *any_correct)
{
	double best = INFINITY;
	bool any = false;

	if (!runtime_s || !correct || !best_s || !any_correct || k == 0 ||
	    k > n_gen)
		return VD_EINVAL;
	for (size_t i = 0; i < k; i++) {
		if (!correct[i])
			continue;
		any = true;
		if (runtime_s[i] < best)
			best = runtime_s[i];
	}
	*best_s = best;
	*any_correct = any;
	return 0;
}

int vd_pie_summarize(const struct vd_pie_pair *p, size_t n,
		     double opt_threshold, struct vd_pie_summary *out)
{
	double sum = 0.0;
	size_t opt = 0, correct = 0;

	if (!p || !out || n == 0 || isnan(opt_threshold) || opt_threshold < 0.0)
		return VD_EINVAL;
	if (opt_threshold == 0.0)
		opt_threshold = VD_PIE_OPT_THRESHOLD;
	for (size_t i = 0; i < n; i++) {
		double sp =
			vd_pie_speedup(p[i].src_s, p[i].best_s, p[i].correct);
		sum += sp;
		if (sp >= opt_threshold)
			opt++;
		if (p[i].correct)
			correct++;
	}
	out->mean_speedup = sum / (double)n;
	out->frac_opt = (double)opt / (double)n;
	out->frac_correct = (double)correct / (double)n;
	return 0;
}

int vd_pie_perf_lift(double old_s, double new_s, double *lift)
{
	if (!lift || isnan(old_s) || old_s < 0.0 || isnan(new_s) ||
	    new_s <= 0.0)
		return VD_EINVAL;
	*lift = old_s / new_s;
	return 0;
}

/* ---- Effi-Code and EffiBench ---- */

/*
 * Every interval between consecutive samples is integrated. Effi-Code's
 * loop skips an interval whose start timestamp is <= 0 (`if prev_time >
 * 0`), which with mprof's Unix timestamps only drops the interval before
 * the first sample; it would differ for relative times starting at 0.
 */
int vd_effi_usage(const struct vd_mem_sample *s, size_t n,
		  struct vd_effi_usage *out)
{
	double mu, tmu = 0.0;

	if (!s || !out || n == 0)
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (isnan(s[i].mem_mb) || isnan(s[i].time_s))
			return VD_EINVAL;
		if (i > 0 && s[i].time_s < s[i - 1].time_s)
			return VD_EINVAL;
	}
	mu = s[0].mem_mb;
	for (size_t i = 1; i < n; i++) {
		tmu += (s[i - 1].mem_mb + s[i].mem_mb) / 2.0 *
		       (s[i].time_s - s[i - 1].time_s);
		if (s[i].mem_mb > mu)
			mu = s[i].mem_mb;
	}
	out->et_s = s[n - 1].time_s - s[0].time_s;
	out->mu_mb = mu;
	out->tmu_mb_s = tmu;
	return 0;
}

static bool effi_bad(const struct vd_effi_usage *u)
{
	return isnan(u->et_s) || isnan(u->mu_mb) || isnan(u->tmu_mb_s);
}

int vd_effi_aggregate(const struct vd_effi_usage *model,
		      const struct vd_effi_usage *canonical, size_t n,
		      int32_t convention, struct vd_effi_report *out)
{
	struct vd_effi_usage sm = { 0 }, sc = { 0 }, sr = { 0 };
	double dn = (double)n;

	if (!model || !canonical || !out || n == 0 ||
	    (convention != VD_EFFI_CODE && convention != VD_EFFI_BENCH))
		return VD_EINVAL;
	for (size_t i = 0; i < n; i++) {
		const struct vd_effi_usage *m = &model[i], *c = &canonical[i];
		if (effi_bad(m) || effi_bad(c))
			return VD_EINVAL;
		if (convention == VD_EFFI_CODE &&
		    (c->et_s == 0.0 || c->mu_mb == 0.0 || c->tmu_mb_s == 0.0))
			return VD_EINVAL;
		sm.et_s += m->et_s;
		sm.mu_mb += m->mu_mb;
		sm.tmu_mb_s += m->tmu_mb_s;
		sc.et_s += c->et_s;
		sc.mu_mb += c->mu_mb;
		sc.tmu_mb_s += c->tmu_mb_s;
		if (convention == VD_EFFI_CODE) {
			sr.et_s += m->et_s / c->et_s;
			sr.mu_mb += m->mu_mb / c->mu_mb;
			sr.tmu_mb_s += m->tmu_mb_s / c->tmu_mb_s;
		}
	}
	if (convention == VD_EFFI_BENCH) {
		if (sc.et_s == 0.0 || sc.mu_mb == 0.0 || sc.tmu_mb_s == 0.0)
			return VD_EINVAL;
		out->net = sm.et_s / sc.et_s;
		out->nmu = sm.mu_mb / sc.mu_mb;
		out->ntmu = sm.tmu_mb_s / sc.tmu_mb_s;
	} else {
		out->net = sr.et_s / dn;
		out->nmu = sr.mu_mb / dn;
		out->ntmu = sr.tmu_mb_s / dn;
	}
	out->et_s = sm.et_s / dn;
	out->mu_mb = sm.mu_mb / dn;
	out->tmu_mb_s = sm.tmu_mb_s / dn;
	return 0;
}

/* ---- Mercury ---- */

int vd_mercury_beyond(const double *canonical_s, size_t n, double runtime_s,
		      bool passed, int32_t mode, double *beyond)
{
	double lo, hi, b;

	if (!canonical_s || !beyond || n == 0 ||
	    (mode != VD_BEYOND_PAPER && mode != VD_BEYOND_RELEASED))
		return VD_EINVAL;
	lo = hi = canonical_s[0];
	for (size_t i = 0; i < n; i++) {
		if (isnan(canonical_s[i]))
			return VD_EINVAL;
		lo = fmin(lo, canonical_s[i]);
		hi = fmax(hi, canonical_s[i]);
	}
	if (!(hi > lo) || (passed && isnan(runtime_s)))
		return VD_EINVAL;
	if (!passed) {
		/* The reference uses r = inf: both forms give 0. */
		*beyond = 0.0;
		return 0;
	}
	if (mode == VD_BEYOND_PAPER) {
		b = (hi - runtime_s) / (hi - lo);
		b = fmax(0.0, fmin(b, 1.0));
	} else {
		b = fmax(0.0, fmin(hi - runtime_s, 1.0));
		b /= hi - lo;
	}
	*beyond = b;
	return 0;
}
