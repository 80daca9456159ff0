/* Unit tests of measure: statistics and the counter probe. */
#include "harness.h"
#include "measure.h"

TEST(median)
{
	double a[] = { 3, 1, 2 };
	double b[] = { 4, 1, 3, 2 };
	CHECK_NEAR(vd_stat_median(a, 3), 2.0, 1e-12);
	CHECK_NEAR(vd_stat_median(b, 4), 2.5, 1e-12);
	CHECK_EQ_INT(a[0], 3); /* input untouched */
}

TEST(hodges_lehmann_metrics_md_vectors)
{
	double a[] = { 1, 2, 3, 10 };
	double b[] = { 0.10, 0.11, 0.12, 0.50, 0.10, 0.13 };
	double c[] = { 5 };
	bool ok;
	CHECK_NEAR(vd_stat_hodges_lehmann(a, 4, &ok), 2.75, 1e-9);
	CHECK(ok);
	CHECK_NEAR(vd_stat_hodges_lehmann(b, 6, &ok), 0.115, 1e-9);
	CHECK_NEAR(vd_stat_hodges_lehmann(c, 1, &ok), 5.0, 1e-9);
}

TEST(probe_says_why)
{
	struct vd_counter_probe p;
	vd_measure_probe_hw(&p);
	CHECK(p.detail[0] != '\0');
	if (!p.hw_ok)
		CHECK(p.remedy[0] != '\0' && p.hw_errno != 0);
}

TEST(clock_is_monotonic)
{
	uint64_t a = vd_measure_now_ns(), b = vd_measure_now_ns();
	CHECK(b >= a);
}

int main(void)
{
	RUN(median);
	RUN(hodges_lehmann_metrics_md_vectors);
	RUN(probe_says_why);
	RUN(clock_is_monotonic);
	return harness_done();
}
