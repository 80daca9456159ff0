#include "measure.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"

uint64_t vd_measure_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void vd_measure_probe_hw(struct vd_counter_probe *p)
{
	struct perf_event_attr pe;
	long fd;

	memset(p, 0, sizeof(*p));
	memset(&pe, 0, sizeof(pe));
	pe.size = sizeof(pe);
	pe.type = PERF_TYPE_HARDWARE;
	pe.config = PERF_COUNT_HW_INSTRUCTIONS;
	pe.disabled = 1;
	pe.exclude_kernel = 1;
	pe.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &pe, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd >= 0) {
		close((int)fd);
		p->hw_ok = true;
		snprintf(p->detail, sizeof(p->detail),
			 "perf_event_open(instructions:u) works");
		return;
	}
	p->hw_errno = errno;
	switch (errno) {
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		snprintf(
			p->detail, sizeof(p->detail),
			"perf_event_open(instructions:u): %s: no hardware PMU is exposed (virtual machine?)",
			strerror(errno));
		snprintf(
			p->remedy, sizeof(p->remedy),
			"run on bare metal or a VM with a virtual PMU; use --counter sw for a deterministic software count");
		break;
	case EACCES:
	case EPERM:
		snprintf(
			p->detail, sizeof(p->detail),
			"perf_event_open(instructions:u): %s: forbidden by kernel.perf_event_paranoid or seccomp",
			strerror(errno));
		snprintf(
			p->remedy, sizeof(p->remedy),
			"sysctl kernel.perf_event_paranoid=2 (or lower), or grant CAP_PERFMON");
		break;
	default:
		snprintf(p->detail, sizeof(p->detail),
			 "perf_event_open(instructions:u): %s",
			 strerror(errno));
		snprintf(
			p->remedy, sizeof(p->remedy),
			"check the kernel's perf support (CONFIG_PERF_EVENTS)");
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median_sorted(const double *v, size_t n)
{
	if (n % 2)
		return v[n / 2];
	return (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* The k-th smallest of v (k from 0) without a copy, in O(n^2): the median
 * when no memory can be had for a sorted copy. */
static double kth_smallest(const double *v, size_t n, size_t k)
{
	for (size_t i = 0; i < n; i++) {
		size_t less = 0, equal = 0;
		for (size_t j = 0; j < n; j++) {
			less += v[j] < v[i];
			equal += v[j] == v[i];
		}
		if (less <= k && k < less + equal)
			return v[i];
	}
	return v[0]; /* only with a NaN in v, which has no rank */
}

double vd_stat_median(const double *v, size_t n)
{
	double small[64], *w = small;
	double m;

	if (n == 0)
		return 0.0;
	if (n > sizeof(small) / sizeof(small[0])) {
		w = vd_malloc(n * sizeof(double));
		if (!w)
			return n % 2 ? kth_smallest(v, n, n / 2)
				     : (kth_smallest(v, n, n / 2 - 1) +
					kth_smallest(v, n, n / 2)) /
					       2.0;
	}
	memcpy(w, v, n * sizeof(double));
	qsort(w, n, sizeof(double), cmp_double);
	m = median_sorted(w, n);
	if (w != small)
		vd_free_mem(w);
	return m;
}

double vd_stat_hodges_lehmann(const double *v, size_t n, bool *ok)
{
	size_t m = n * (n + 1) / 2, k = 0;
	double *w, r;

	*ok = true;
	if (n == 0)
		return 0.0;
	w = vd_malloc(m * sizeof(double));
	if (!w) {
		*ok = false;
		return 0.0;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i; j < n; j++)
			w[k++] = (v[i] + v[j]) / 2.0;
	qsort(w, m, sizeof(double), cmp_double);
	r = median_sorted(w, m);
	vd_free_mem(w);
	return r;
}

const char *const vd_measure_sw_prefix[VD_SW_COUNTER_ARGS + 1] = {
	VD_SW_COUNTER_PATH,
	"--tool=cachegrind",
	"--cache-sim=no",
	"--cachegrind-out-file=/dev/null",
	"--trace-children=yes",
	/* no gdbserver: its FIFOs in /tmp are named by pid, and a Python
	 * program's import system lists /tmp (sys.path[0]): the names
	 * moved the count from one run to the next */
	"--vgdb=no",
	"--log-fd=3",
	NULL,
};

int vd_measure_sw_parse(const char *log, size_t len, int64_t *count)
{
	static const char key[] = "I   refs:";
	const char *p = log, *end = log + len;
	int64_t sum = 0;
	int found = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *k =
			memmem(p, (size_t)(le - p), key, sizeof(key) - 1);
		if (k) {
			int64_t v = 0;
			int digits = 0;
			for (const char *q = k + sizeof(key) - 1; q < le; q++) {
				if (*q >= '0' && *q <= '9') {
					if (v > (INT64_MAX - 9) / 10)
						return -1;
					v = v * 10 + (*q - '0');
					digits++;
				} else if (*q != ',' && *q != ' ') {
					break;
				}
			}
			if (!digits || sum > INT64_MAX - v)
				return -1;
			sum += v;
			found++;
		}
		p = le + 1;
	}
	if (!found)
		return -1;
	*count = sum;
	return 0;
}

void vd_measure_sw_limits(uint64_t *cpu_time_ms, uint64_t *memory_kb)
{
	*cpu_time_ms = *cpu_time_ms * 40 + 5000;
	*memory_kb = *memory_kb * 2 + 256 * 1024;
}
