/*
 * metrics: the scores that code benchmarks compute from judged runs, each
 * the way its published harness computes it (docs/metrics.md has the
 * formulas, sources and worked numbers; section numbers below refer to it).
 *
 *   pass@k            HumanEval, EvalPlus, MBPP, LiveCodeBench, ...   (§1)
 *   eff@k             ENAMEL                                          (§2)
 *   efficient@k       COFFE, and its speedup                          (§3)
 *   DPS, DPS_norm     EvalPerf                                        (§4)
 *   speedup, %OPT     PIE (gem5 harness) and the pie-perf lift        (§5)
 *   ET, MU, TMU, N*   Effi-Code and EffiBench                         (§6)
 *   Beyond@1          Mercury                                         (§7)
 *
 * Hodges-Lehmann times (§2.2) come from vd_stat_hodges_lehmann in
 * measure.h. ACECode's reward and CodeDPO's ranking (§8, §9) are not
 * implemented: their definitions are not known.
 *
 * Every function is pure: no I/O, no state, and the inputs are borrowed and
 * never changed. Functions that need scratch memory take it from vd_malloc
 * and give it back before returning. All are thread safe.
 *
 * Errors: functions return 0 or a negative VD_E* code and write their
 * results through out-parameters, which are left untouched on error.
 * VD_EINVAL means a bad argument (NULL pointer, empty input where a value
 * needs one, k == 0, c > n, NaN, ...); VD_ENOMEM a failed allocation. The
 * benchmark pass@k functions also return VD_METRICS_OMITTED (positive, not
 * an error) when the k-filter rule omits k. Two scalar kernels return their
 * value directly: vd_pass_at_k (which returns VD_EINVAL as a negative
 * double on bad input) and vd_pie_speedup (which has no bad input).
 *
 * Means over tasks are plain left-to-right sums in double. NumPy sums
 * pairwise, so results can differ from the Python harnesses in the last
 * bits; compare with a tolerance.
 */
#ifndef VD_METRICS_H
#define VD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Returned (positive, not an error) when the k-filter rule omits a k. */
#define VD_METRICS_OMITTED 1

/* ---- pass@k (§1) ---- */

/*
 * pass@k of one task with n samples of which c are correct: the unbiased
 * estimator 1 - C(n-c, k) / C(n, k), computed in the stable product form
 * 1 - prod_{i=n-c+1}^{n} (1 - k / i), and 1.0 when n - c < k.
 *
 * Returns a value in [0, 1], or (double)VD_EINVAL (negative) if k == 0,
 * c > n or n < k. The reference harnesses return 1.0 for n < k, but never
 * call the estimator there (the k-filter rule): it is refused here.
 */
double vd_pass_at_k(uint64_t n, uint64_t c, uint64_t k);

/*
 * Benchmark pass@k: the mean over n_tasks tasks of vd_pass_at_k(n[t], c[t],
 * k), stored in *mean.
 *
 * k-filter rule: the score exists only if every task has n[t] >= k; other
 * k are omitted, never computed on fewer samples. Then the function returns
 * VD_METRICS_OMITTED and sets *mean to NaN.
 *
 * Returns 0, VD_METRICS_OMITTED, or VD_EINVAL (NULL array, n_tasks == 0,
 * k == 0, some c[t] > n[t]).
 */
int vd_pass_at_k_mean(const uint64_t *n, const uint64_t *c, size_t n_tasks,
		      uint64_t k, double *mean);

/* ---- ENAMEL (§2) ---- */

/* ENAMEL's defaults: 4 levels weighted 0, 3, 3, 4, and T = 2 x max t*_j. */
#define VD_ENAMEL_LEVELS 4
#define VD_ENAMEL_ALPHA	 2.0

/* How one level of a sample ended. The first level that is not OK ends the
 * sample: later levels are not run, and their status is ignored. */
enum vd_enamel_status {
	VD_ENAMEL_OK = 0,    /* every test of the level right, in time */
	VD_ENAMEL_BREAK = 1, /* timeout, MemoryError or OverflowError */
	VD_ENAMEL_WRONG = 2, /* wrong output or any other exception */
};

/*
 * One problem's reference side. Levels with hardness 0 check correctness
 * only; their ref_time_s is ignored (ENAMEL stores -inf there).
 */
struct vd_enamel_problem {
	const double *hardness;	  /* n_levels weights, >= 0, not all 0 */
	const double *ref_time_s; /* t*_j: max over the level's tests of the
				     reference's HL times */
	size_t n_levels;
	double alpha; /* timeout_factor: T = alpha * max t*_j */
};

/* Sets ENAMEL's defaults (the hardness table is static and read-only) with
 * ref_time_s[VD_ENAMEL_LEVELS], which p borrows. */
void vd_enamel_problem_init(struct vd_enamel_problem *p,
			    const double *ref_time_s);

/*
 * The time of one level: max over n_tests tests of the Hodges-Lehmann
 * estimate of each test's n_reps repetitions. rep_s holds n_tests rows of
 * n_reps times (row-major). Both counts > 0.
 * Returns 0, VD_EINVAL or VD_ENOMEM.
 */
int vd_enamel_level_time(const double *rep_s, size_t n_tests, size_t n_reps,
			 double *time_s);

/*
 * The time limit T = alpha * max_j t*_j over the levels with hardness > 0.
 * Returns 0, or VD_EINVAL if p is malformed or some level with
 * hardness > 0 has T - t*_j <= 0 (its score would divide by zero).
 */
int vd_enamel_time_limit(const struct vd_enamel_problem *p, double *limit_s);

struct vd_enamel_score {
	double e;    /* sum_j hardness_j e_j / sum_j hardness_j; may be > 1 */
	bool passed; /* counts as correct for pass@k */
};

/*
 * Scores one sample from its level times t_j (time_s, max over the level's
 * tests of the sample's HL times, already calibrated) and its level
 * statuses:
 *
 *   e_j = max(0, T - t_j) / (T - t*_j)    not clipped above; 0 where the
 *                                         hardness is 0
 *   WRONG at any level, or BREAK at level 0: the sample fails, passed is
 *   false and every e_j is 0.
 *   BREAK at level j >= 1: e_j and every later e_j are 0 (censored at T);
 *   the sample still passes.
 *
 * time_s is read only for the levels that ran OK. e_level, if not NULL,
 * receives the n_levels values e_j.
 * Returns 0 or VD_EINVAL (as for vd_enamel_time_limit, an unknown status,
 * or a NaN or negative time).
 */
int vd_enamel_score(const struct vd_enamel_problem *p, const double *time_s,
		    const int32_t *status, struct vd_enamel_score *out,
		    double *e_level);

/*
 * eff@k: the unbiased estimate of E[max of k of the n scores e, drawn
 * without replacement], sum_{i=k}^{n} C(i-1, k-1) / C(n, k) e_(i) over the
 * scores sorted ascending, with ENAMEL's stable weights (w_n = k / n,
 * w_r = w_{r+1} (1 - (k-1)/r)). Sorts a copy; e is not changed.
 * With scores in {0, 1} it equals pass@k with c = the number of ones.
 * Returns 0, VD_EINVAL (n == 0, k == 0, k > n, a non-finite score) or
 * VD_ENOMEM.
 */
int vd_eff_at_k(const double *e, size_t n, uint64_t k, double *eff);

/* ---- COFFE (§3) ---- */

/* COFFE's INF cost: any failure while measuring. 9999999999999999 rounds
 * to 1e16 in double; a cost >= VD_COFFE_INF counts as INF. */
#define VD_COFFE_INF 9999999999999999.0

/*
 * COFFE's per-test instruction count: the mean of n runs without one
 * largest and one smallest value (n is 12 in COFFE). n >= 3.
 * Returns 0 or VD_EINVAL.
 */
int vd_coffe_trimmed_mean(const double *runs, size_t n, double *mean);

/* One problem: costs are sums over its stressful tests of trimmed means. */
struct vd_coffe_problem {
	double gt_cost;	  /* the best ground-truth solution */
	double pred_cost; /* the prediction; ignored unless passed */
	bool passed;	  /* a prediction exists and is correct */
};

struct vd_coffe_report {
	double efficient_at_1; /* mean over all problems of fast_p */
	double speedup;	       /* sum gt_cost / sum pred_cost, or NaN */
	size_t n_speedup;      /* problems in the speedup sums */
};

/*
 * COFFE's released metrics over n problems: fast_p = 1 when the prediction
 * passed and gt_cost > pred_cost (strictly: a tie is not efficient);
 * efficient@1 = mean of fast_p. The speedup is a ratio of sums over the
 * problems whose prediction passed and where neither cost is INF; when
 * there are none (or their prediction costs sum to 0), speedup is NaN.
 * Returns 0 or VD_EINVAL (NULL, n == 0, a NaN or negative cost).
 */
int vd_coffe_summarize(const struct vd_coffe_problem *p, size_t n,
		       struct vd_coffe_report *out);

/*
 * The paper's efficient@k: pass@k with c replaced by c_fast[t], the number
 * of correct samples faster than the best ground truth, averaged over the
 * n_tasks tasks. The k-filter rule of pass@k applies (inferred: COFFE uses
 * the same estimator code). Returns as vd_pass_at_k_mean.
 */
int vd_coffe_efficient_at_k(const uint64_t *n, const uint64_t *c_fast,
			    size_t n_tasks, uint64_t k, double *mean);

/* ---- EvalPerf DPS (§4) ---- */

/* A task's references, ordered slow -> fast. */
struct vd_evalperf_refs {
	const double *cost;  /* instruction counts, decreasing */
	const double *score; /* 0-100, increasing */
	size_t n;
};

struct vd_dps {
	double dps;	 /* scores[j] of the matched reference, or 0 */
	double dps_norm; /* 100 (j + 1) / n, or 0 */
	int32_t cluster; /* j, or -1: slower than every reference, or error */
};

/*
 * Scores one profiled sample: scanning the references from the fastest to
 * the slowest, the first j with sample_cost <= cost[j] gives the score.
 * ok is false when profiling failed (timeout, error): the score is 0.
 * Returns 0 or VD_EINVAL (NULL, no reference, NaN cost with ok).
 */
int vd_evalperf_dps(const struct vd_evalperf_refs *refs, double sample_cost,
		    bool ok, struct vd_dps *out);

/* Task DPS and DPS_norm: the means over n > 0 profiled samples.
 * Returns 0 or VD_EINVAL. */
int vd_evalperf_task_mean(const struct vd_dps *s, size_t n, double *dps,
			  double *dps_norm);

/* ---- PIE (§5) ---- */

/* The default %OPT threshold; also reported at 1.25 ... 10.0. */
#define VD_PIE_OPT_THRESHOLD 1.10

/*
 * speedup_best@k of one pair: max(1.0, src_s / best_s); 1.0 when the best
 * program is incorrect, and wherever the ratio is not above 1 (NaN
 * included), never less.
 */
double vd_pie_speedup(double src_s, double best_s, bool correct);

/*
 * best@k: the smallest runtime among the correct ones of the first k of
 * n_gen generations (runtime_s[i], correct[i]); INFINITY and *any_correct
 * false when none is correct. Returns 0 or VD_EINVAL (NULL, k == 0,
 * k > n_gen).
 */
int vd_pie_best_at_k(const double *runtime_s, const bool *correct, size_t n_gen,
		     size_t k, double *best_s, bool *any_correct);

/* One test pair: the slow source and the best@k generated program. A pair
 * with no result is best_s = INFINITY, correct = false. */
struct vd_pie_pair {
	double src_s;  /* sum over the tests of gem5 sim_seconds_precise */
	double best_s; /* same for the best@k program */
	bool correct;  /* accuracy == 1.0 */
};

struct vd_pie_summary {
	double mean_speedup; /* SP: mean of vd_pie_speedup over the pairs */
	double frac_opt;     /* %OPT as a fraction: speedup >= threshold */
	double frac_correct; /* %correct as a fraction */
};

/*
 * SP, %OPT and %correct over n > 0 pairs. opt_threshold 0 means
 * VD_PIE_OPT_THRESHOLD. Returns 0 or VD_EINVAL (NULL, n == 0, a negative
 * or NaN threshold).
 */
int vd_pie_summarize(const struct vd_pie_pair *p, size_t n,
		     double opt_threshold, struct vd_pie_summary *out);

/* pie-perf's runtime lift old_s / new_s (mean times of the two programs).
 * Returns 0 or VD_EINVAL (new_s <= 0, a negative or NaN time). */
int vd_pie_perf_lift(double old_s, double new_s, double *lift);

/* ---- Effi-Code and EffiBench (§6) ---- */

/* One line "MEM <MiB> <t>" of an mprof .dat file. */
struct vd_mem_sample {
	double mem_mb;
	double time_s;
};

/* One run's usage. */
struct vd_effi_usage {
	double et_s;	 /* ET: last timestamp - first */
	double mu_mb;	 /* MU: the largest sample */
	double tmu_mb_s; /* TMU: trapezoid integral of memory over time */
};

/*
 * ET, MU and TMU of n > 0 samples in time order (TMU sums
 * (m_{k-1} + m_k) / 2 (t_k - t_{k-1})). One sample gives ET = TMU = 0.
 * Returns 0 or VD_EINVAL (NULL, n == 0, NaN, time going backwards).
 */
int vd_effi_usage(const struct vd_mem_sample *s, size_t n,
		  struct vd_effi_usage *out);

/* How NET, NMU and NTMU aggregate the per-problem model/canonical values;
 * ET, MU and TMU are means over problems under both. */
enum vd_effi_convention {
	VD_EFFI_CODE = 0,  /* Effi-Code: mean of per-problem ratios */
	VD_EFFI_BENCH = 1, /* EffiBench: ratio of sums */
};

struct vd_effi_report {
	double et_s, net;
	double mu_mb, nmu;
	double tmu_mb_s, ntmu;
};

/*
 * Aggregates n > 0 problems solved by both the model and the canonical
 * solution (model[i] and canonical[i] are the same problem).
 * Returns 0 or VD_EINVAL (NULL, n == 0, an unknown convention, a zero
 * canonical value or sum that would be divided by).
 */
int vd_effi_aggregate(const struct vd_effi_usage *model,
		      const struct vd_effi_usage *canonical, size_t n,
		      int32_t convention, struct vd_effi_report *out);

/* ---- Mercury (§7) ---- */

enum vd_beyond_mode {
	/* The paper's intent: clip((max - r) / (max - min), 0, 1) (inferred). */
	VD_BEYOND_PAPER = 0,
	/* The released code: clip(max - r, 0, 1) / (max - min), the clip in
	 * seconds, so a sample faster than every canonical solution can
	 * score above 1 and one more than 1 s faster than max is capped. */
	VD_BEYOND_RELEASED = 1,
};

/*
 * Beyond of one sample with runtime_s against the n runtimes of the task's
 * canonical solutions (those that passed). A sample that did not pass
 * scores 0. Beyond@1 is the mean over tasks.
 * Returns 0 or VD_EINVAL (NULL, n == 0, max == min, an unknown mode, a NaN
 * runtime).
 */
int vd_mercury_beyond(const double *canonical_s, size_t n, double runtime_s,
		      bool passed, int32_t mode, double *beyond);

#endif
