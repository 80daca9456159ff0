/*
 * measure: what can be observed on this host, and the statistics of
 * repeated measurements.
 *
 * Instruction counts come from a user-space hardware counter opened by the
 * keeper on each run's main process (perf_event_open, inherited by its
 * children, enabled at exec). vd_measure_probe_hw tells at start-up whether
 * the host has one, and if not, why: ENOENT/EOPNOTSUPP/ENODEV mean no PMU
 * (a virtual machine such as the development hosts), EACCES a
 * perf_event_paranoid setting that forbids it.
 */
#ifndef VD_MEASURE_H
#define VD_MEASURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vd_counter_probe {
	bool hw_ok;
	int hw_errno;
	char detail[200]; /* "perf_event_open(instructions:u): ..." */
	char remedy[200];
};

void vd_measure_probe_hw(struct vd_counter_probe *p);

/*
 * The software counter, for hosts without a hardware one: the run happens
 * under valgrind's cachegrind with cache simulation off, whose "I refs"
 * figure is the number of instructions executed on valgrind's virtual CPU.
 * Counts repeat exactly across runs and machine load (measurement.md
 * section 2.2) given a fixed environment (the box's: fixed variables,
 * PYTHONHASHSEED=0, cwd /tmp, absolute paths). Every process of the run
 * that valgrind follows (forks, and execs with --trace-children) writes its
 * summary to fd 3; the run's count is their sum.
 *
 * Costs: about 0.2 s per C process and 1.5 s per Python process of start-up
 * under valgrind, then 7 to 40 times the native time; a run's limits are
 * scaled by vd_measure_sw_limits.
 */
#define VD_SW_COUNTER_PATH "/usr/bin/valgrind"
#define VD_SW_COUNTER_ARGS 7 /* entries of vd_measure_sw_prefix */
#define VD_SW_COUNTER_LABEL                                              \
	"software: valgrind cachegrind --cache-sim=no, I refs of every " \
	"process (deterministic; the run's times are under valgrind)"

/* The argv prefix (VD_SW_COUNTER_ARGS entries, NULL-terminated after
 * them) that runs a program under the software counter. */
extern const char *const vd_measure_sw_prefix[VD_SW_COUNTER_ARGS + 1];

/* Sums the "I refs:" lines of valgrind's log. Returns 0 with *count set,
 * or -1 if the log holds no complete summary (the run was killed before
 * its end). */
int vd_measure_sw_parse(const char *log, size_t len, int64_t *count);

/* Limits for a run under the software counter: CPU x40 + 5 s, memory
 * x2 + 256 MiB (valgrind's own), the rest unchanged. */
void vd_measure_sw_limits(uint64_t *cpu_time_ms, uint64_t *memory_kb);

/* Monotonic clock in nanoseconds. */
uint64_t vd_measure_now_ns(void);

/* Median of n values (sorted copy; the input is not changed). n > 0. */
double vd_stat_median(const double *v, size_t n);
/* Hodges-Lehmann estimator: median of the Walsh averages (v_i + v_j) / 2
 * over i <= j. Returns 0 for n == 0; *ok is false on allocation failure. */
double vd_stat_hodges_lehmann(const double *v, size_t n, bool *ok);

#endif
