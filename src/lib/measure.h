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

/* Monotonic clock in nanoseconds. */
uint64_t vd_measure_now_ns(void);

/* Median of n values (sorted copy; the input is not changed). n > 0. */
double vd_stat_median(const double *v, size_t n);
/* Hodges-Lehmann estimator: median of the Walsh averages (v_i + v_j) / 2
 * over i <= j. Returns 0 for n == 0; *ok is false on allocation failure. */
double vd_stat_hodges_lehmann(const double *v, size_t n, bool *ok);

#endif
