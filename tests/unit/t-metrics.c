/*
 * t-metrics: every worked number of docs/metrics.md §1-§7 and the §10
 * table, compared with a relative tolerance of 1e-9, plus properties
 * (eff@k on {0, 1} scores is pass@k, pass@k is monotone in k, eff@k is the
 * mean over all k-subsets of the max), error codes and allocation failure.
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "harness.h"
#include "measure.h"
#include "metrics.h"
#include "verdict.h"

#define TOL	      1e-9
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- §1 pass@k ---- */

TEST(pass_at_k_table)
{
	CHECK_NEAR(vd_pass_at_k(10, 3, 1), 0.3, TOL);
	CHECK_NEAR(vd_pass_at_k(10, 3, 2), 0.5333333333, TOL);
	CHECK_NEAR(vd_pass_at_k(10, 3, 5), 0.9166666667, TOL);
	CHECK_NEAR(vd_pass_at_k(10, 3, 8), 1.0, TOL);
	CHECK_NEAR(vd_pass_at_k(200, 13, 1), 0.065, TOL);
	CHECK_NEAR(vd_pass_at_k(200, 13, 10), 0.4975511147, TOL);
	CHECK_NEAR(vd_pass_at_k(200, 13, 100), 0.9999194972, TOL);
	CHECK_NEAR(vd_pass_at_k(5, 0, 1), 0.0, TOL);
	CHECK_NEAR(vd_pass_at_k(4, 2, 2), 0.8333333333, TOL);
}

/* n - c < k is exactly 1.0, not merely close to it. */
TEST(pass_at_k_all_correct_side)
{
	CHECK(vd_pass_at_k(10, 3, 8) == 1.0);
	CHECK(vd_pass_at_k(10, 10, 1) == 1.0);
	CHECK(vd_pass_at_k(1, 1, 1) == 1.0);
	CHECK(vd_pass_at_k(7, 0, 7) == 0.0);
}

/* Against 1 - C(n-c, k) / C(n, k) from Pascal's triangle (exact in double
 * up to n = 50). */
TEST(pass_at_k_matches_binomials)
{
	static double binom[51][51];

	for (int i = 0; i <= 50; i++) {
		binom[i][0] = 1.0;
		for (int j = 1; j <= i; j++)
			binom[i][j] = binom[i - 1][j - 1] +
				      (j < i ? binom[i - 1][j] : 0.0);
	}
	for (int n = 1; n <= 50; n++)
		for (int c = 0; c <= n; c++)
			for (int k = 1; k <= n; k++) {
				double want = 1.0;
				if (n - c >= k)
					want = 1.0 -
					       binom[n - c][k] / binom[n][k];
				CHECK_NEAR(vd_pass_at_k((uint64_t)n,
							(uint64_t)c,
							(uint64_t)k),
					   want, TOL);
			}
}

TEST(pass_at_k_monotone_in_k)
{
	static const uint64_t ns[] = { 1, 2, 5, 10, 37, 200 };

	for (size_t i = 0; i < ARRAY_SIZE(ns); i++) {
		uint64_t n = ns[i];
		for (uint64_t c = 0; c <= n; c++) {
			double prev = vd_pass_at_k(n, c, 1);
			CHECK(prev >= 0.0 && prev <= 1.0);
			for (uint64_t k = 2; k <= n; k++) {
				double v = vd_pass_at_k(n, c, k);
				if (!(v >= prev && v <= 1.0))
					FAIL_AT("n=%llu c=%llu k=%llu: %.17g < %.17g",
						(unsigned long long)n,
						(unsigned long long)c,
						(unsigned long long)k, v, prev);
				prev = v;
			}
		}
	}
}

TEST(pass_at_k_errors)
{
	CHECK(vd_pass_at_k(10, 3, 0) == (double)VD_EINVAL);
	CHECK(vd_pass_at_k(3, 4, 1) == (double)VD_EINVAL);
	CHECK(vd_pass_at_k(5, 2, 6) == (double)VD_EINVAL);
	CHECK(vd_pass_at_k(0, 0, 1) == (double)VD_EINVAL);
	CHECK(vd_pass_at_k(10, 3, 0) < 0.0);
}

/* §10: tasks with n = [10, 5] and ks [1, 10, 100]: only pass@1. */
TEST(pass_at_k_filter)
{
	static const uint64_t n[] = { 10, 5 }, c[] = { 3, 2 };
	static const uint64_t ks[] = { 1, 10, 100 };
	double mean = 0.0;
	int reported = 0;

	for (size_t i = 0; i < ARRAY_SIZE(ks); i++) {
		int rc = vd_pass_at_k_mean(n, c, 2, ks[i], &mean);
		CHECK(rc == 0 || rc == VD_METRICS_OMITTED);
		if (rc == 0) {
			reported++;
			CHECK_EQ_INT(ks[i], 1);
			CHECK_NEAR(mean, (0.3 + 0.4) / 2.0, TOL);
		} else {
			CHECK(isnan(mean));
		}
	}
	CHECK_EQ_INT(reported, 1);
	/* n == k for every task is reported. */
	CHECK_EQ_INT(vd_pass_at_k_mean(n, c, 2, 5, &mean), 0);
	CHECK_NEAR(mean, (vd_pass_at_k(10, 3, 5) + 1.0) / 2.0, TOL);
}

TEST(pass_at_k_mean_errors)
{
	static const uint64_t n[] = { 10, 5 }, c[] = { 3, 2 };
	static const uint64_t bad_c[] = { 3, 6 };
	double mean = 42.0;

	CHECK_EQ_INT(vd_pass_at_k_mean(NULL, c, 2, 1, &mean), VD_EINVAL);
	CHECK_EQ_INT(vd_pass_at_k_mean(n, NULL, 2, 1, &mean), VD_EINVAL);
	CHECK_EQ_INT(vd_pass_at_k_mean(n, c, 2, 1, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_pass_at_k_mean(n, c, 0, 1, &mean), VD_EINVAL);
	CHECK_EQ_INT(vd_pass_at_k_mean(n, c, 2, 0, &mean), VD_EINVAL);
	CHECK_EQ_INT(vd_pass_at_k_mean(n, bad_c, 2, 1, &mean), VD_EINVAL);
	CHECK(mean == 42.0); /* untouched on error */
}

/* ---- §2 ENAMEL ---- */

TEST(hodges_lehmann_vectors)
{
	static const double a[] = { 1, 2, 3, 10 };
	static const double b[] = { 0.10, 0.11, 0.12, 0.50, 0.10, 0.13 };
	static const double c[] = { 5 };
	bool ok;

	CHECK_NEAR(vd_stat_hodges_lehmann(a, ARRAY_SIZE(a), &ok), 2.75, TOL);
	CHECK(ok);
	CHECK_NEAR(vd_stat_hodges_lehmann(b, ARRAY_SIZE(b), &ok), 0.115, TOL);
	CHECK(ok);
	CHECK_NEAR(vd_stat_hodges_lehmann(c, ARRAY_SIZE(c), &ok), 5.0, TOL);
	CHECK(ok);
}

/* The level time is the max over tests of the HL of each test's reps. */
TEST(enamel_level_time)
{
	static const double reps[3][4] = {
		{ 1, 2, 3, 10 }, /* HL 2.75 */
		{ 4, 4, 4, 4 },	 /* HL 4 */
		{ 0.5, 0.5, 0.5, 9 },
	};
	static const double six[] = { 0.10, 0.11, 0.12, 0.50, 0.10, 0.13 };
	double t = 0.0;

	CHECK_EQ_INT(vd_enamel_level_time(&reps[0][0], 3, 4, &t), 0);
	CHECK_NEAR(t, 4.0, TOL);
	CHECK_EQ_INT(vd_enamel_level_time(&reps[0][0], 1, 4, &t), 0);
	CHECK_NEAR(t, 2.75, TOL);
	CHECK_EQ_INT(vd_enamel_level_time(six, 1, 6, &t), 0);
	CHECK_NEAR(t, 0.115, TOL);
	/* Six tests of one rep each (a level with hardness 0). */
	CHECK_EQ_INT(vd_enamel_level_time(six, 6, 1, &t), 0);
	CHECK_NEAR(t, 0.50, TOL);
}

TEST(enamel_level_time_errors)
{
	static const double reps[] = { 1, NAN, 3 };
	double t = 7.0;

	CHECK_EQ_INT(vd_enamel_level_time(NULL, 1, 3, &t), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_level_time(reps, 1, 3, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_level_time(reps, 0, 3, &t), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_level_time(reps, 1, 0, &t), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_level_time(reps, 1, 3, &t), VD_EINVAL);
	CHECK(t == 7.0);
	vd_alloc_fail_after(0);
	CHECK_EQ_INT(vd_enamel_level_time(reps, 1, 1, &t), VD_ENOMEM);
	CHECK(vd_alloc_fail_after(-1) >= 1);
	CHECK(t == 7.0);
}

/* §2.4: t* = [-, 0.05, 0.2, 0.5], alpha = 2 -> T = 1. Level 0 stores -inf
 * in ENAMEL; it has hardness 0, so it is ignored. */
static const double enamel_ref[VD_ENAMEL_LEVELS] = { -INFINITY, 0.05, 0.2,
						     0.5 };
static const double enamel_t[VD_ENAMEL_LEVELS] = { 0.002, 0.06, 0.3, 0.9 };
static const int32_t enamel_all_ok[VD_ENAMEL_LEVELS] = { 0 };

TEST(enamel_time_limit)
{
	struct vd_enamel_problem p;
	double limit = 0.0;

	vd_enamel_problem_init(&p, enamel_ref);
	CHECK_EQ_INT(p.n_levels, 4);
	CHECK_NEAR(p.alpha, 2.0, TOL);
	CHECK_NEAR(p.hardness[0], 0.0, TOL);
	CHECK_NEAR(p.hardness[3], 4.0, TOL);
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), 0);
	CHECK_NEAR(limit, 1.0, TOL);
}

TEST(enamel_score_worked)
{
	struct vd_enamel_problem p;
	struct vd_enamel_score s;
	double e[VD_ENAMEL_LEVELS];

	vd_enamel_problem_init(&p, enamel_ref);
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, enamel_all_ok, &s, e), 0);
	CHECK_NEAR(e[0], 0.0, TOL);
	CHECK_NEAR(e[1], 0.9894736842, TOL);
	CHECK_NEAR(e[2], 0.875, TOL);
	CHECK_NEAR(e[3], 0.2, TOL);
	CHECK_NEAR(s.e, 0.6393421053, TOL);
	CHECK(s.passed);
	/* e_level is optional. */
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, enamel_all_ok, &s, NULL), 0);
	CHECK_NEAR(s.e, 0.6393421053, TOL);
}

TEST(enamel_score_level3_timeout)
{
	static const int32_t st[] = { VD_ENAMEL_OK, VD_ENAMEL_OK, VD_ENAMEL_OK,
				      VD_ENAMEL_BREAK };
	struct vd_enamel_problem p;
	struct vd_enamel_score s;
	double e[VD_ENAMEL_LEVELS];

	vd_enamel_problem_init(&p, enamel_ref);
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, st, &s, e), 0);
	CHECK_NEAR(e[3], 0.0, TOL);
	CHECK_NEAR(s.e, 0.5593421053, TOL);
	CHECK(s.passed);
}

/* t = 0.25, t* = 0.5, T = 1: e_j = 1.5 (not clipped above). */
TEST(enamel_faster_than_reference)
{
	static const double t[] = { 0.002, 0.05, 0.2, 0.25 };
	static const double slow[] = { 0.002, 0.06, 0.3, 1.004 };
	struct vd_enamel_problem p;
	struct vd_enamel_score s;
	double e[VD_ENAMEL_LEVELS];

	vd_enamel_problem_init(&p, enamel_ref);
	CHECK_EQ_INT(vd_enamel_score(&p, t, enamel_all_ok, &s, e), 0);
	CHECK_NEAR(e[1], 1.0, TOL);
	CHECK_NEAR(e[2], 1.0, TOL);
	CHECK_NEAR(e[3], 1.5, TOL);
	CHECK_NEAR(s.e, (3.0 + 3.0 + 4.0 * 1.5) / 10.0, TOL);
	/* Slower than T: max(0, ...) gives 0, and the sample still passes. */
	CHECK_EQ_INT(vd_enamel_score(&p, slow, enamel_all_ok, &s, e), 0);
	CHECK(e[3] == 0.0);
	CHECK(s.passed);
}

TEST(enamel_censoring)
{
	/* Later statuses, even invalid ones, are ignored after the first
	 * level that is not OK. */
	static const int32_t wrong2[] = { VD_ENAMEL_OK, VD_ENAMEL_OK,
					  VD_ENAMEL_WRONG, 99 };
	static const int32_t break0[] = { VD_ENAMEL_BREAK, VD_ENAMEL_OK,
					  VD_ENAMEL_OK, VD_ENAMEL_OK };
	static const int32_t wrong0[] = { VD_ENAMEL_WRONG, VD_ENAMEL_OK,
					  VD_ENAMEL_OK, VD_ENAMEL_OK };
	static const int32_t break1[] = { VD_ENAMEL_OK, VD_ENAMEL_BREAK,
					  VD_ENAMEL_WRONG, VD_ENAMEL_OK };
	static const int32_t break2[] = { VD_ENAMEL_OK, VD_ENAMEL_OK,
					  VD_ENAMEL_BREAK, 99 };
	struct vd_enamel_problem p;
	struct vd_enamel_score s;
	double e[VD_ENAMEL_LEVELS];

	vd_enamel_problem_init(&p, enamel_ref);

	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, wrong2, &s, e), 0);
	CHECK(!s.passed);
	CHECK(s.e == 0.0 && e[0] == 0.0 && e[1] == 0.0 && e[2] == 0.0 &&
	      e[3] == 0.0);

	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, break0, &s, e), 0);
	CHECK(!s.passed);
	CHECK(s.e == 0.0 && e[1] == 0.0);

	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, wrong0, &s, e), 0);
	CHECK(!s.passed);
	CHECK(s.e == 0.0);

	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, break1, &s, e), 0);
	CHECK(s.passed);
	CHECK(s.e == 0.0 && e[1] == 0.0 && e[2] == 0.0 && e[3] == 0.0);

	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, break2, &s, e), 0);
	CHECK(s.passed);
	CHECK_NEAR(e[1], 0.9894736842, TOL);
	CHECK(e[2] == 0.0 && e[3] == 0.0);
	CHECK_NEAR(s.e, 3.0 * 0.9894736842 / 10.0, TOL);
}

TEST(enamel_errors)
{
	static const double zero_w[] = { 0, 0, 0, 0 };
	static const double neg_w[] = { 0, 3, -3, 4 };
	static const double nan_t[] = { 0.002, NAN, 0.3, 0.9 };
	static const int32_t bad_st[] = { 0, 0, 7, 0 };
	struct vd_enamel_problem p;
	struct vd_enamel_score s = { .e = 42.0, .passed = true };
	double limit = 42.0;

	vd_enamel_problem_init(&p, enamel_ref);
	CHECK_EQ_INT(vd_enamel_time_limit(NULL, &limit), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_time_limit(&p, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(NULL, enamel_t, enamel_all_ok, &s, NULL),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(&p, NULL, enamel_all_ok, &s, NULL),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, NULL, &s, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, enamel_all_ok, NULL, NULL),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(&p, nan_t, enamel_all_ok, &s, NULL),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_enamel_score(&p, enamel_t, bad_st, &s, NULL),
		     VD_EINVAL);
	/* alpha = 1: T equals the largest t*, whose e_j would divide by 0. */
	p.alpha = 1.0;
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), VD_EINVAL);
	p.alpha = 0.0;
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), VD_EINVAL);
	p.alpha = 2.0;
	p.hardness = zero_w;
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), VD_EINVAL);
	p.hardness = neg_w;
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), VD_EINVAL);
	p.n_levels = 0;
	CHECK_EQ_INT(vd_enamel_time_limit(&p, &limit), VD_EINVAL);
	CHECK(limit == 42.0);
	CHECK(s.e == 42.0 && s.passed);
}

/* §2.5 */
TEST(eff_at_k_table)
{
	static const double e[] = { 0.1, 0.5, 0.3, 0.9 };
	static const double f[] = { 0, 0, 0.8, 0.2, 0.6 };
	double v = 0.0;

	CHECK_EQ_INT(vd_eff_at_k(e, 4, 1, &v), 0);
	CHECK_NEAR(v, 0.45, TOL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 2, &v), 0);
	CHECK_NEAR(v, 0.6666666667, TOL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 3, &v), 0);
	CHECK_NEAR(v, 0.8, TOL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 4, &v), 0);
	CHECK_NEAR(v, 0.9, TOL);
	CHECK_EQ_INT(vd_eff_at_k(f, 5, 2, &v), 0);
	CHECK_NEAR(v, 0.54, TOL);
	/* The input is not sorted in place. */
	CHECK(e[0] == 0.1 && e[1] == 0.5 && e[2] == 0.3 && e[3] == 0.9);
}

/* Scores in {0, 1}: eff@k == pass@k with c = the number of ones. */
TEST(eff_at_k_binary_is_pass_at_k)
{
	uint32_t seed = 12345;
	double e[40];

	for (size_t n = 1; n <= 40; n += (n < 12 ? 1 : 7)) {
		for (size_t c = 0; c <= n; c++) {
			/* c ones, shuffled (Fisher-Yates with an LCG). */
			for (size_t i = 0; i < n; i++)
				e[i] = i < c ? 1.0 : 0.0;
			for (size_t i = n - 1; i > 0; i--) {
				size_t j;
				double tmp;
				seed = seed * 1103515245u + 12345u;
				j = (seed >> 16) % (i + 1);
				tmp = e[i];
				e[i] = e[j];
				e[j] = tmp;
			}
			for (uint64_t k = 1; k <= n; k++) {
				double v = -1.0;
				CHECK_EQ_INT(vd_eff_at_k(e, n, k, &v), 0);
				CHECK_NEAR(v, vd_pass_at_k(n, c, k), TOL);
			}
		}
	}
}

/* eff@k against the mean over all k-subsets of their max (n = 6). */
TEST(eff_at_k_brute_force)
{
	static const double e[] = { 0.3, 0.9, 0.1, 0.7, 0.7, 0.25 };
	const unsigned n = ARRAY_SIZE(e);

	for (unsigned k = 1; k <= n; k++) {
		double sum = 0.0, v = -1.0;
		unsigned subsets = 0;
		for (unsigned mask = 0; mask < (1u << n); mask++) {
			double mx = -INFINITY;
			if ((unsigned)__builtin_popcount(mask) != k)
				continue;
			for (unsigned i = 0; i < n; i++)
				if (mask & (1u << i))
					mx = fmax(mx, e[i]);
			sum += mx;
			subsets++;
		}
		CHECK_EQ_INT(vd_eff_at_k(e, n, k, &v), 0);
		CHECK_NEAR(v, sum / subsets, TOL);
	}
}

TEST(eff_at_k_errors)
{
	static const double e[] = { 0.1, 0.5, 0.3, 0.9 };
	static const double bad[] = { 0.1, NAN, 0.3 };
	static const double inf[] = { 0.1, INFINITY };
	double v = 42.0;

	CHECK_EQ_INT(vd_eff_at_k(NULL, 4, 1, &v), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 1, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(e, 0, 1, &v), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 0, &v), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 5, &v), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(bad, 3, 1, &v), VD_EINVAL);
	CHECK_EQ_INT(vd_eff_at_k(inf, 2, 1, &v), VD_EINVAL);
	vd_alloc_fail_after(0);
	CHECK_EQ_INT(vd_eff_at_k(e, 4, 2, &v), VD_ENOMEM);
	CHECK_EQ_INT(vd_alloc_fail_after(-1), 1);
	CHECK(v == 42.0);
}

/* ---- §3 COFFE ---- */

TEST(coffe_trimmed_mean)
{
	static const double runs[12] = { 105, 100, 1000, 101, 99,  1,
					 100, 102, 98,	 100, 100, 95 };
	static const double same[12] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
	static const double three[] = { 3, 1, 2 };
	double m = 0.0;

	CHECK_EQ_INT(vd_coffe_trimmed_mean(runs, 12, &m), 0);
	CHECK_NEAR(m, 100.0, TOL); /* 1000 / 10 without 1000 and 1 */
	CHECK_EQ_INT(vd_coffe_trimmed_mean(same, 12, &m), 0);
	CHECK_NEAR(m, 7.0, TOL);
	CHECK_EQ_INT(vd_coffe_trimmed_mean(three, 3, &m), 0);
	CHECK_NEAR(m, 2.0, TOL);
	CHECK_EQ_INT(vd_coffe_trimmed_mean(three, 2, &m), VD_EINVAL);
	CHECK_EQ_INT(vd_coffe_trimmed_mean(NULL, 3, &m), VD_EINVAL);
	CHECK_EQ_INT(vd_coffe_trimmed_mean(three, 3, NULL), VD_EINVAL);
}

/* §3: p1 300 vs 290 (fast), p2 2000 vs 2400 (not), p3 no correct
 * prediction. */
TEST(coffe_worked)
{
	struct vd_coffe_problem p[3] = {
		{ .gt_cost = 100 + 200, .pred_cost = 90 + 200, .passed = true },
		{ .gt_cost = 1000 + 1000,
		  .pred_cost = 1500 + 900,
		  .passed = true },
		{ .gt_cost = 500, .pred_cost = 0, .passed = false },
	};
	struct vd_coffe_report r;

	CHECK_EQ_INT(vd_coffe_summarize(p, 3, &r), 0);
	CHECK_NEAR(r.efficient_at_1, 0.3333333333, TOL);
	CHECK_NEAR(r.speedup, 0.8550185874, TOL);
	CHECK_EQ_INT(r.n_speedup, 2);
}

TEST(coffe_ties_and_inf)
{
	struct vd_coffe_problem p[3] = {
		{ .gt_cost = 300, .pred_cost = 300, .passed = true },
		{ .gt_cost = 300, .pred_cost = VD_COFFE_INF, .passed = true },
		{ .gt_cost = 400, .pred_cost = 200, .passed = true },
	};
	struct vd_coffe_report r;

	CHECK_EQ_INT(vd_coffe_summarize(p, 3, &r), 0);
	CHECK_NEAR(r.efficient_at_1, 1.0 / 3.0, TOL); /* a tie is not fast */
	CHECK_EQ_INT(r.n_speedup, 2);		      /* INF left out */
	CHECK_NEAR(r.speedup, 700.0 / 500.0, TOL);
	p[0].passed = p[2].passed = false;
	CHECK_EQ_INT(vd_coffe_summarize(p, 3, &r), 0);
	CHECK_EQ_INT(r.n_speedup, 0);
	CHECK(isnan(r.speedup));
	CHECK_NEAR(r.efficient_at_1, 0.0, TOL);
	p[1].gt_cost = NAN;
	CHECK_EQ_INT(vd_coffe_summarize(p, 3, &r), VD_EINVAL);
	CHECK_EQ_INT(vd_coffe_summarize(NULL, 3, &r), VD_EINVAL);
	CHECK_EQ_INT(vd_coffe_summarize(p, 0, &r), VD_EINVAL);
	CHECK_EQ_INT(vd_coffe_summarize(p, 3, NULL), VD_EINVAL);
}

/* The paper's efficient@k is pass@k with c_f; with n = 1 and k = 1 it is
 * efficient@1 (the §3 example: c_f = 1, 0, 0). */
TEST(coffe_efficient_at_k)
{
	static const uint64_t one[] = { 1, 1, 1 }, cf1[] = { 1, 0, 0 };
	static const uint64_t n[] = { 10, 20 }, cf[] = { 3, 0 };
	double v = 0.0;

	CHECK_EQ_INT(vd_coffe_efficient_at_k(one, cf1, 3, 1, &v), 0);
	CHECK_NEAR(v, 0.3333333333, TOL);
	CHECK_EQ_INT(vd_coffe_efficient_at_k(n, cf, 2, 2, &v), 0);
	CHECK_NEAR(v, 0.5333333333 / 2.0, TOL);
	CHECK_EQ_INT(vd_coffe_efficient_at_k(n, cf, 2, 11, &v),
		     VD_METRICS_OMITTED);
	CHECK_EQ_INT(vd_coffe_efficient_at_k(n, cf, 2, 0, &v), VD_EINVAL);
}

/* ---- §4 EvalPerf ---- */

static const double ep_cost[] = { 1e9, 5e8, 1e8 };
static const double ep_score[] = { 10, 60, 95 };
static const struct vd_evalperf_refs ep_refs = { ep_cost, ep_score, 3 };

TEST(evalperf_worked)
{
	struct vd_dps d[4];
	double dps = 0.0, norm = 0.0;

	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 3e8, true, &d[0]), 0);
	CHECK_NEAR(d[0].dps, 60, TOL);
	CHECK_NEAR(d[0].dps_norm, 66.6666666667, TOL);
	CHECK_EQ_INT(d[0].cluster, 1);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 5e7, true, &d[1]), 0);
	CHECK_NEAR(d[1].dps, 95, TOL);
	CHECK_NEAR(d[1].dps_norm, 100, TOL);
	CHECK_EQ_INT(d[1].cluster, 2);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 2e9, true, &d[2]), 0);
	CHECK_NEAR(d[2].dps, 0, TOL);
	CHECK_NEAR(d[2].dps_norm, 0, TOL);
	CHECK_EQ_INT(d[2].cluster, -1);
	/* A profiling error scores 0, whatever the cost. */
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 1.0, false, &d[3]), 0);
	CHECK(d[3].dps == 0.0 && d[3].dps_norm == 0.0 && d[3].cluster == -1);
	CHECK_EQ_INT(vd_evalperf_task_mean(d, 4, &dps, &norm), 0);
	CHECK_NEAR(dps, (60.0 + 95.0) / 4.0, TOL);
	CHECK_NEAR(norm, (200.0 / 3.0 + 100.0) / 4.0, TOL);
}

/* sample_cost <= ref_cost: a tie matches that reference. */
TEST(evalperf_boundaries)
{
	struct vd_dps d;

	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 1e8, true, &d), 0);
	CHECK_EQ_INT(d.cluster, 2);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 1e9, true, &d), 0);
	CHECK_EQ_INT(d.cluster, 0);
	CHECK_NEAR(d.dps, 10, TOL);
	CHECK_NEAR(d.dps_norm, 100.0 / 3.0, TOL);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 1e9 + 1, true, &d), 0);
	CHECK_EQ_INT(d.cluster, -1);
}

TEST(evalperf_errors)
{
	struct vd_evalperf_refs none = { ep_cost, ep_score, 0 };
	struct vd_evalperf_refs nocost = { NULL, ep_score, 3 };
	struct vd_dps d = { .dps = 42.0, .dps_norm = 42.0, .cluster = 42 };
	double a = 42.0, b = 42.0;

	CHECK_EQ_INT(vd_evalperf_dps(NULL, 1.0, true, &d), VD_EINVAL);
	CHECK_EQ_INT(vd_evalperf_dps(&none, 1.0, true, &d), VD_EINVAL);
	CHECK_EQ_INT(vd_evalperf_dps(&nocost, 1.0, true, &d), VD_EINVAL);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, NAN, true, &d), VD_EINVAL);
	CHECK_EQ_INT(vd_evalperf_dps(&ep_refs, 1.0, true, NULL), VD_EINVAL);
	CHECK(d.cluster == 42);
	CHECK_EQ_INT(vd_evalperf_task_mean(&d, 0, &a, &b), VD_EINVAL);
	CHECK_EQ_INT(vd_evalperf_task_mean(NULL, 1, &a, &b), VD_EINVAL);
	CHECK(a == 42.0 && b == 42.0);
}

/* ---- §5 PIE ---- */

/* Sources [2, 1, 3, 4]; best [1, 0.95, incorrect, 5]. */
TEST(pie_worked)
{
	struct vd_pie_pair p[4] = {
		{ .src_s = 2.0, .best_s = 1.0, .correct = true },
		{ .src_s = 1.0, .best_s = 0.95, .correct = true },
		{ .src_s = 3.0, .best_s = INFINITY, .correct = false },
		{ .src_s = 4.0, .best_s = 5.0, .correct = true },
	};
	struct vd_pie_summary s;

	CHECK_NEAR(vd_pie_speedup(2.0, 1.0, true), 2.0, TOL);
	CHECK_NEAR(vd_pie_speedup(1.0, 0.95, true), 1.0526315789, TOL);
	CHECK_NEAR(vd_pie_speedup(3.0, INFINITY, false), 1.0, TOL);
	CHECK_NEAR(vd_pie_speedup(4.0, 5.0, true), 1.0, TOL);
	CHECK_EQ_INT(vd_pie_summarize(p, 4, 0.0, &s), 0);
	CHECK_NEAR(s.mean_speedup, 1.2631578947, TOL);
	CHECK_NEAR(s.frac_opt, 0.25, TOL);
	CHECK_NEAR(s.frac_correct, 0.75, TOL);
	CHECK_EQ_INT(vd_pie_summarize(p, 4, VD_PIE_OPT_THRESHOLD, &s), 0);
	CHECK_NEAR(s.frac_opt, 0.25, TOL);
	CHECK_EQ_INT(vd_pie_summarize(p, 4, 1.05, &s), 0);
	CHECK_NEAR(s.frac_opt, 0.5, TOL);
	CHECK_EQ_INT(vd_pie_summarize(p, 4, 2.5, &s), 0);
	CHECK_NEAR(s.frac_opt, 0.0, TOL);
}

TEST(pie_speedup_clamps)
{
	CHECK(vd_pie_speedup(1.0, 2.0, true) == 1.0);
	CHECK(vd_pie_speedup(10.0, 1.0, false) == 1.0);
	CHECK(vd_pie_speedup(INFINITY, INFINITY, true) == 1.0); /* NaN */
	CHECK(vd_pie_speedup(2.0, INFINITY, true) == 1.0);
}

TEST(pie_best_at_k)
{
	static const double rt[] = { 3.0, 1.0, 2.0, 0.5 };
	static const bool ok[] = { true, false, true, true };
	double best = 0.0;
	bool any = false;

	CHECK_EQ_INT(vd_pie_best_at_k(rt, ok, 4, 1, &best, &any), 0);
	CHECK(any && best == 3.0);
	CHECK_EQ_INT(vd_pie_best_at_k(rt, ok, 4, 3, &best, &any), 0);
	CHECK(any && best == 2.0); /* 1.0 is incorrect */
	CHECK_EQ_INT(vd_pie_best_at_k(rt, ok, 4, 4, &best, &any), 0);
	CHECK(any && best == 0.5);
	CHECK_EQ_INT(vd_pie_best_at_k(rt + 1, ok + 1, 1, 1, &best, &any), 0);
	CHECK(!any && isinf(best));
	CHECK_NEAR(vd_pie_speedup(4.0, best, any), 1.0, TOL);
	CHECK_EQ_INT(vd_pie_best_at_k(rt, ok, 4, 0, &best, &any), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_best_at_k(rt, ok, 4, 5, &best, &any), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_best_at_k(NULL, ok, 4, 1, &best, &any), VD_EINVAL);
}

TEST(pie_errors)
{
	struct vd_pie_pair p = { 1.0, 1.0, true };
	struct vd_pie_summary s = { 42.0, 42.0, 42.0 };

	CHECK_EQ_INT(vd_pie_summarize(NULL, 1, 0.0, &s), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_summarize(&p, 0, 0.0, &s), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_summarize(&p, 1, -1.0, &s), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_summarize(&p, 1, NAN, &s), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_summarize(&p, 1, 0.0, NULL), VD_EINVAL);
	CHECK(s.mean_speedup == 42.0);
}

/* §5.2: row p03371 of py_reference.jsonl. */
TEST(pie_perf_lift)
{
	double lift = 0.0;

	CHECK_EQ_INT(vd_pie_perf_lift(1.5409223008, 0.2907806964, &lift), 0);
	CHECK_NEAR(lift, 5.2992592696, TOL);
	CHECK_EQ_INT(vd_pie_perf_lift(1.0, 0.0, &lift), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_perf_lift(-1.0, 1.0, &lift), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_perf_lift(NAN, 1.0, &lift), VD_EINVAL);
	CHECK_EQ_INT(vd_pie_perf_lift(1.0, 1.0, NULL), VD_EINVAL);
	CHECK_NEAR(lift, 5.2992592696, TOL);
}

/* ---- §6 Effi-Code and EffiBench ---- */

/* (10 MB, 0 s), (20, 0.001), (20, 0.002), (10, 0.003). */
TEST(effi_usage_worked)
{
	static const struct vd_mem_sample s[] = {
		{ 10, 0 }, { 20, 0.001 }, { 20, 0.002 }, { 10, 0.003 }
	};
	struct vd_effi_usage u;

	CHECK_EQ_INT(vd_effi_usage(s, 4, &u), 0);
	CHECK_NEAR(u.tmu_mb_s, 0.05, TOL);
	CHECK_NEAR(u.mu_mb, 20, TOL);
	CHECK_NEAR(u.et_s, 0.003, TOL);
	CHECK_EQ_INT(vd_effi_usage(s, 1, &u), 0);
	CHECK(u.et_s == 0.0 && u.tmu_mb_s == 0.0 && u.mu_mb == 10.0);
}

TEST(effi_usage_errors)
{
	static const struct vd_mem_sample back[] = { { 10, 0.002 },
						     { 10, 0.001 } };
	static const struct vd_mem_sample nan[] = { { NAN, 0.0 } };
	struct vd_effi_usage u = { 42.0, 42.0, 42.0 };

	CHECK_EQ_INT(vd_effi_usage(back, 2, &u), VD_EINVAL);
	CHECK_EQ_INT(vd_effi_usage(nan, 1, &u), VD_EINVAL);
	CHECK_EQ_INT(vd_effi_usage(NULL, 1, &u), VD_EINVAL);
	CHECK_EQ_INT(vd_effi_usage(back, 0, &u), VD_EINVAL);
	CHECK_EQ_INT(vd_effi_usage(back, 1, NULL), VD_EINVAL);
	CHECK(u.et_s == 42.0);
}

/* ET model [0.2, 0.5], canonical [0.1, 0.5]. */
TEST(effi_net_worked)
{
	static const struct vd_effi_usage model[] = { { 0.2, 40, 4 },
						      { 0.5, 30, 9 } };
	static const struct vd_effi_usage canon[] = { { 0.1, 20, 2 },
						      { 0.5, 30, 3 } };
	struct vd_effi_report r;

	CHECK_EQ_INT(vd_effi_aggregate(model, canon, 2, VD_EFFI_CODE, &r), 0);
	CHECK_NEAR(r.et_s, 0.35, TOL);
	CHECK_NEAR(r.net, 1.5, TOL);
	CHECK_NEAR(r.mu_mb, 35, TOL);
	CHECK_NEAR(r.nmu, (2.0 + 1.0) / 2.0, TOL);
	CHECK_NEAR(r.tmu_mb_s, 6.5, TOL);
	CHECK_NEAR(r.ntmu, (2.0 + 3.0) / 2.0, TOL);
	CHECK_EQ_INT(vd_effi_aggregate(model, canon, 2, VD_EFFI_BENCH, &r), 0);
	CHECK_NEAR(r.et_s, 0.35, TOL);
	CHECK_NEAR(r.net, 1.1666666667, TOL);
	CHECK_NEAR(r.mu_mb, 35, TOL);
	CHECK_NEAR(r.nmu, 70.0 / 50.0, TOL);
	CHECK_NEAR(r.tmu_mb_s, 6.5, TOL);
	CHECK_NEAR(r.ntmu, 13.0 / 5.0, TOL);
}

TEST(effi_aggregate_errors)
{
	static const struct vd_effi_usage model[] = { { 0.2, 40, 4 },
						      { 0.5, 30, 9 } };
	static const struct vd_effi_usage zero[] = { { 0.1, 20, 0 },
						     { 0.5, 30, 3 } };
	static const struct vd_effi_usage nan[] = { { 0.1, NAN, 1 },
						    { 0.5, 30, 3 } };
	struct vd_effi_report r = { .net = 42.0 };

	/* A zero divisor: refused for the mean of ratios only. */
	CHECK_EQ_INT(vd_effi_aggregate(model, zero, 2, VD_EFFI_CODE, &r),
		     VD_EINVAL);
	CHECK(r.net == 42.0);
	CHECK_EQ_INT(vd_effi_aggregate(model, zero, 2, VD_EFFI_BENCH, &r), 0);
	CHECK_NEAR(r.ntmu, 13.0 / 3.0, TOL);
	CHECK_EQ_INT(vd_effi_aggregate(model, zero, 1, VD_EFFI_BENCH, &r),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_effi_aggregate(model, nan, 2, VD_EFFI_BENCH, &r),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_effi_aggregate(model, model, 2, 2, &r), VD_EINVAL);
	CHECK_EQ_INT(vd_effi_aggregate(model, model, 0, VD_EFFI_CODE, &r),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_effi_aggregate(NULL, model, 2, VD_EFFI_CODE, &r),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_effi_aggregate(model, model, 2, VD_EFFI_CODE, NULL),
		     VD_EINVAL);
}

/* ---- §7 Mercury ---- */

static const double mercury_canon[] = { 0.010, 0.020, 0.050 };

TEST(mercury_worked)
{
	static const int32_t modes[] = { VD_BEYOND_PAPER, VD_BEYOND_RELEASED };
	double b = -1.0;

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.030, true,
					       modes[i], &b),
			     0);
		CHECK_NEAR(b, 0.5, TOL);
		CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.010, true,
					       modes[i], &b),
			     0);
		CHECK_NEAR(b, 1.0, TOL);
		CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.060, true,
					       modes[i], &b),
			     0);
		CHECK_NEAR(b, 0.0, TOL);
		CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.030, false,
					       modes[i], &b),
			     0);
		CHECK_NEAR(b, 0.0, TOL);
	}
}

/* Where the two forms differ: the released clip works in seconds. */
TEST(mercury_quirk)
{
	static const double slow[] = { 0.5, 1.0, 3.0 };
	double b = -1.0;

	/* Faster than every canonical solution. */
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.005, true,
				       VD_BEYOND_PAPER, &b),
		     0);
	CHECK_NEAR(b, 1.0, TOL);
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.005, true,
				       VD_BEYOND_RELEASED, &b),
		     0);
	CHECK_NEAR(b, 0.045 / 0.040, TOL);
	/* More than 1 s below the slowest canonical solution. */
	CHECK_EQ_INT(vd_mercury_beyond(slow, 3, 1.0, true, VD_BEYOND_PAPER, &b),
		     0);
	CHECK_NEAR(b, 2.0 / 2.5, TOL);
	CHECK_EQ_INT(
		vd_mercury_beyond(slow, 3, 1.0, true, VD_BEYOND_RELEASED, &b),
		0);
	CHECK_NEAR(b, 1.0 / 2.5, TOL);
}

TEST(mercury_errors)
{
	static const double flat[] = { 0.02, 0.02 };
	static const double nan[] = { 0.01, NAN };
	double b = 42.0;

	CHECK_EQ_INT(
		vd_mercury_beyond(flat, 2, 0.01, true, VD_BEYOND_PAPER, &b),
		VD_EINVAL);
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 1, 0.01, true,
				       VD_BEYOND_PAPER, &b),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_mercury_beyond(nan, 2, 0.01, true, VD_BEYOND_PAPER, &b),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, NAN, true,
				       VD_BEYOND_PAPER, &b),
		     VD_EINVAL);
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.01, true, 2, &b),
		     VD_EINVAL);
	CHECK_EQ_INT(
		vd_mercury_beyond(NULL, 3, 0.01, true, VD_BEYOND_PAPER, &b),
		VD_EINVAL);
	CHECK_EQ_INT(vd_mercury_beyond(mercury_canon, 3, 0.01, true,
				       VD_BEYOND_PAPER, NULL),
		     VD_EINVAL);
	CHECK(b == 42.0);
}

/* ---- allocation failure at every point ---- */

/* The metrics that allocate (Hodges-Lehmann per test, eff@k's sorted
 * copy): VD_ENOMEM and the output untouched, or the value computed
 * without failures. */
TEST(alloc_torture)
{
	static const double reps[] = { 0.5, 0.7, 0.6, 1.0, 1.2, 0.9,
				       0.1, 0.1, 0.3, 2.0, 2.5, 2.2 };
	static const double e[] = { 0.2, 0.9, 0.4, 0.0, 1.0 };
	double want, v;
	long n, failed;
	int rc, bad = 0;

	CHECK_EQ_INT(vd_enamel_level_time(reps, 4, 3, &want), 0);
	for (n = 0;; n++) {
		v = -1.0;
		vd_alloc_fail_after(n);
		rc = vd_enamel_level_time(reps, 4, 3, &v);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && (rc != VD_ENOMEM || v != -1.0))
			bad++;
		if (rc == 0 && v != want)
			bad++;
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(n, 4);
	CHECK_EQ_INT(vd_eff_at_k(e, 5, 3, &want), 0);
	for (n = 0;; n++) {
		v = -1.0;
		vd_alloc_fail_after(n);
		rc = vd_eff_at_k(e, 5, 3, &v);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && (rc != VD_ENOMEM || v != -1.0))
			bad++;
		if (rc == 0 && v != want)
			bad++;
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(n, 1);
}

int main(void)
{
	RUN(pass_at_k_table);
	RUN(pass_at_k_all_correct_side);
	RUN(pass_at_k_matches_binomials);
	RUN(pass_at_k_monotone_in_k);
	RUN(pass_at_k_errors);
	RUN(pass_at_k_filter);
	RUN(pass_at_k_mean_errors);
	RUN(hodges_lehmann_vectors);
	RUN(enamel_level_time);
	RUN(enamel_level_time_errors);
	RUN(enamel_time_limit);
	RUN(enamel_score_worked);
	RUN(enamel_score_level3_timeout);
	RUN(enamel_faster_than_reference);
	RUN(enamel_censoring);
	RUN(enamel_errors);
	RUN(eff_at_k_table);
	RUN(eff_at_k_binary_is_pass_at_k);
	RUN(eff_at_k_brute_force);
	RUN(eff_at_k_errors);
	RUN(coffe_trimmed_mean);
	RUN(coffe_worked);
	RUN(coffe_ties_and_inf);
	RUN(coffe_efficient_at_k);
	RUN(evalperf_worked);
	RUN(evalperf_boundaries);
	RUN(evalperf_errors);
	RUN(pie_worked);
	RUN(pie_speedup_clamps);
	RUN(pie_best_at_k);
	RUN(pie_errors);
	RUN(pie_perf_lift);
	RUN(effi_usage_worked);
	RUN(effi_usage_errors);
	RUN(effi_net_worked);
	RUN(effi_aggregate_errors);
	RUN(mercury_worked);
	RUN(mercury_quirk);
	RUN(mercury_errors);
	RUN(alloc_torture);
	return harness_done();
}
