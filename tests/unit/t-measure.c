/* Unit tests of measure: statistics and the counter probe. */
#include "alloc.h"
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

/* More values than the stack copy holds, with no memory for a heap copy:
 * still the median, not the first value. */
TEST(median_without_memory)
{
	double v[101], even[100];
	for (int i = 0; i < 101; i++)
		v[i] = (double)((i * 37) % 101); /* 0..100, shuffled */
	for (int i = 0; i < 100; i++)
		even[i] = v[i] == 100 ? 3.5 : v[i]; /* 3.5 once, no 100 */
	double want_odd = vd_stat_median(v, 101);
	double want_even = vd_stat_median(even, 100);
	CHECK_NEAR(want_odd, 50.0, 1e-12);
	vd_alloc_fail_after(0);
	double got_odd = vd_stat_median(v, 101);
	double got_even = vd_stat_median(even, 100);
	vd_alloc_fail_after(-1);
	CHECK_NEAR(got_odd, want_odd, 1e-12);
	CHECK_NEAR(got_even, want_even, 1e-12);
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

TEST(software_count_sums_every_process)
{
	/* a parent and a forked child, as cachegrind writes them */
	static const char log[] =
		"==7== Cachegrind, a cache and branch-prediction profiler\n"
		"--7-- warning: specified LL cache: line_size 64\n"
		"==8== \n"
		"==8== I   refs:      1,234,567\n"
		"==7== \n"
		"==7== I   refs:      71,055,082\n";
	int64_t n = 0;
	CHECK_EQ_INT(vd_measure_sw_parse(log, sizeof(log) - 1, &n), 0);
	CHECK_EQ_INT(n, 1234567 + 71055082);
	/* no summary: the run was killed first */
	CHECK_EQ_INT(vd_measure_sw_parse(log, 60, &n), -1);
	CHECK_EQ_INT(vd_measure_sw_parse("", 0, &n), -1);
	/* a summary without digits, or one that overflows, is refused */
	CHECK_EQ_INT(vd_measure_sw_parse("==1== I   refs: x\n", 18, &n), -1);
	static const char big[] = "I   refs: 99,999,999,999,999,999,999\n";
	CHECK_EQ_INT(vd_measure_sw_parse(big, sizeof(big) - 1, &n), -1);
	/* the last line needs no newline */
	CHECK_EQ_INT(vd_measure_sw_parse("I   refs: 42", 12, &n), 0);
	CHECK_EQ_INT(n, 42);
}

TEST(software_limits_leave_room_for_valgrind)
{
	uint64_t cpu = 1000, mem = 65536;
	vd_measure_sw_limits(&cpu, &mem);
	CHECK_EQ_INT(cpu, 45000);
	CHECK_EQ_INT(mem, 65536 * 2 + 262144);
	CHECK_STREQ(vd_measure_sw_prefix[0], VD_SW_COUNTER_PATH);
	CHECK(vd_measure_sw_prefix[VD_SW_COUNTER_ARGS] == NULL);
}

int main(void)
{
	RUN(median);
	RUN(median_without_memory);
	RUN(hodges_lehmann_metrics_md_vectors);
	RUN(probe_says_why);
	RUN(clock_is_monotonic);
	RUN(software_count_sums_every_process);
	RUN(software_limits_leave_room_for_valgrind);
	return harness_done();
}
