/*
 * eval_int: what the parts of the `eval` module share.
 *
 *   eval.c        vd_eval_run: resolve the dataset, load the samples, open
 *                 the store, run the phases on one worker thread per slot,
 *                 report progress; pass@k; vd_eval_free.
 *   eval_call.c   function-call problems: the harness in the sandbox,
 *                 expected outputs from the reference, streaming comparison
 *                 of a candidate's values outside the sandbox.
 *   eval_prog.c   whole programs: stdin/stdout tests and assert scripts.
 *   eval_out.c    result files (EvalPlus, human-eval, native, summary) and
 *                 the terminal summary.
 */
#ifndef VD_EVAL_INT_H
#define VD_EVAL_INT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "dataset.h"
#include "engine.h"
#include "hash.h"
#include "json.h"
#include "metrics.h"
#include "samples.h"
#include "sandbox.h"
#include "store.h"
#include "verdict.h"

/* EvalPlus's words for a suite's outcome. */
enum vd_suite_status {
	VD_ST_NONE = -1, /* not evaluated (--base-only) */
	VD_ST_PASS = 0,
	VD_ST_FAIL = 1,
	VD_ST_TIMEOUT = 2,
};

struct vd_eval_section {
	int8_t status;	/* enum vd_suite_status */
	int8_t verdict; /* AC, or the first failure's verdict */
	uint32_t n;	/* inputs */
	uint32_t n_run; /* inputs that ran to a result */
	uint32_t n_failed;
	uint32_t *failed; /* indices of failing inputs, ascending */
	double cpu_s;	  /* summed over the inputs that ran */
	char detail[200]; /* the first failure, in words */
};

struct vd_eval_result {
	int8_t verdict; /* the sample's: the first non-AC section or test */
	bool cached;	/* every part came from the store */
	bool done;
	struct vd_eval_section sec[VD_MAX_SECTIONS]; /* CALL problems */
	uint32_t n_tests;			     /* STDIO and ASSERT */
	uint32_t n_passed;
	double cpu_s;
	uint64_t peak_kb;
	char detail[256];
};

/* What identity of texts says about an expected value (eval_call.c). */
enum vd_expected_flags {
	VD_EXP_NO_IDENTITY = 1, /* holds NaN, an ndarray, a NumPy scalar or an
				   unknown object: equal text is not equality */
	VD_EXP_FLOATS = 2,	/* EvalPlus's is_floats: atol 1e-6 from here */
};

/* Expected outputs of one suite, from the reference run. */
struct vd_expected_section {
	uint32_t n;
	struct vd_span *val; /* typed value (docs/typed-values.md) */
	double *cpu;	     /* the reference's CPU seconds per input */
	char **error;	     /* non-NULL: the reference failed here */
	uint8_t *flags;	     /* enum vd_expected_flags, once per value */
};

struct vd_expected {
	bool ready;
	char *blob; /* the reference run's result lines; spans point here */
	size_t blob_len;
	/* The digest on blob's first line, the SHA-256 of the rest ("" when
	 * the dataset gives the outputs): the samples' result keys name the
	 * expected outputs by it, so that a 10^8-byte blob is hashed once,
	 * when made, not once per sample and section. */
	char blob_sha256[VD_SHA256_HEX];
	struct vd_expected_section sec[VD_MAX_SECTIONS];
	char error[256]; /* why the reference could not run, if so */
};

/* The performance inputs of a call problem (spans into the dataset). */
struct vd_perf_inputs {
	uint32_t n;
	struct vd_span *span;
	double *ref_cpu;      /* the reference's CPU seconds on each (expected
			    outputs phase), or 0 */
	double level_limit_s; /* a problem with levels: ENAMEL's T from the
				 measured reference, the samples' per-call
				 limit (less its tolerance); 0 if unknown */
};

/* One solution's measurement in the performance phase. */
struct vd_eval_perf {
	bool measured;	      /* a measurement ran */
	bool ok;	      /* it completed: the figures are valid */
	double cost_s;	      /* sum over inputs/tests of the HL CPU time */
	double cv_max;	      /* largest CV of one input's timed runs */
	uint32_t inputs;      /* inputs or tests measured */
	uint64_t peak_kb;     /* peak memory of the measured runs */
	double tmu_mb_s;      /* memory-time integral (perf_memory_sample_us):
				 stdio, the sum over the tests of their HL;
				 call, the harness run's over its calls per
				 input (warm-up + repeats); else 0 */
	int64_t instructions; /* summed over the tests, or -1 */
	char detail[160];     /* why not measured, or what failed */
	/* call problems: the HL CPU time of each input, for the inputs
	 * before the first that did not complete (`reached` of them);
	 * `censored` if that one was stopped by a limit (a timeout or the
	 * memory limit: ENAMEL's level break) rather than failing */
	double *input_s;
	uint32_t reached;
	bool censored;
};

#define VD_EVAL_MAX_KS 16

struct vd_eval_perf_metrics {
	uint32_t tasks; /* problems with samples and a reference */
	uint32_t references_measured;
	uint32_t samples_measured;
	double efficient_at_1; /* COFFE, first sample per task */
	double speedup;	       /* COFFE ratio of sums, or NaN */
	double efficient_at_k[VD_EVAL_MAX_KS]; /* for the requested ks */
	double geo_mean_speedup;	       /* over every measured sample */
	double mean_memory_ratio; /* sample peak / reference peak */
	/* ENAMEL, over the problems with levels and a measured reference */
	uint32_t eff_tasks;
	uint32_t eff_skipped; /* problems with levels left out (why: in
				 vd_eval_perf_metrics) */
	double eff_at_k[VD_EVAL_MAX_KS];      /* NaN where some task has < k */
	double eff_pass_at_k[VD_EVAL_MAX_KS]; /* ENAMEL's pass@k: a level
						 break after level 0 passes */
	/* PIE's best@k, the reference as the slow source: SP (mean
	 * speedup, never below 1), %OPT (speedup >= 1.10) and %correct as
	 * fractions, over pie_pairs problems; NaN where some has < k */
	uint32_t pie_pairs;
	double pie_speedup[VD_EVAL_MAX_KS];
	double pie_opt[VD_EVAL_MAX_KS];
	double pie_correct[VD_EVAL_MAX_KS];
	/* Effi-Code / EffiBench over the problems whose first sample and
	 * reference were measured, with memory sampling on (else
	 * effi_problems is 0): [VD_EFFI_CODE] and [VD_EFFI_BENCH] */
	uint32_t effi_problems;
	struct vd_effi_report effi[2];
};

struct vd_eval_worker {
	uint32_t index;
	struct vd_slot *slot;
	_Atomic int64_t job;	  /* running job index, or -1 */
	_Atomic uint64_t started; /* its start, monotonic ns */
};

struct vd_eval {
	struct vd_engine *e;
	struct vd_eval_opts o;
	char *problems_path;
	char *samples_path;
	char *cache_dir;
	struct vd_dataset *d;
	struct vd_samples *s;
	struct vd_store *store;
	struct vd_expected *exp;    /* per problem */
	struct vd_eval_result *res; /* per sample */
	uint64_t memory_kb;
	char env_key[VD_SHA256_HEX]; /* toolchain, harness and versions */
	char python_version[64];
	char date[32];
	/* progress of the phase in flight */
	const char *phase;
	uint64_t total;
	_Atomic uint64_t done;
	_Atomic uint64_t cached;
	_Atomic uint64_t verdicts[VD_VERDICT_COUNT];
	/* the references run in the samples' pool (phases()): reported as
	 * the phase "expected outputs" until the last one finished */
	uint64_t ref_total;
	_Atomic uint64_t ref_done;
	_Atomic uint64_t ref_cached;
	uint64_t phase_start_ns;
	struct vd_eval_worker *workers;
	uint32_t n_workers;
	/* the performance phase (NULL when it did not run) */
	struct vd_samples *ref_s;	/* --reference solutions, or NULL */
	uint32_t *ref_first;		/* per problem: index in ref_s */
	struct vd_perf_inputs *perf_in; /* per problem */
	struct vd_eval_perf *perf;	/* per sample */
	struct vd_eval_perf *perf_ref;	/* per problem */
};

/* The harness source, embedded by harness_image.S. */

/* One line of the harness's result channel (docs/harness.md); spans
 * point into the line. */
struct vd_eval_line {
	bool has_i;
	int64_t i;
	double t;
	struct vd_json_span v, exc, msg, ready, load_error, end, job_error;
	bool timeout;
};

/* eval_line.c */
/* Parses one result line; -1 unless it is exactly one JSON object. */
int vd_eval_line_parse(const char *p, size_t n, struct vd_eval_line *l);
/* "ExcType: message" of a line, for details. */
void vd_eval_line_exc(const struct vd_eval_line *l, char *dst, size_t len);
/* A line in exactly the harness's value shape {"i": N, "t": T, "v": V}:
 * true with N, T and V's span (everything up to the closing brace, not
 * scanned); false for any other line. */
bool vd_eval_line_value(const char *p, size_t n, int64_t *i, double *t,
			struct vd_span *v);
/* Appends a reference's line (parsed into l) and a newline to b: a value
 * line in exactly the value shape, rewritten so if it was not. */
int vd_eval_line_keep(struct vd_buf *b, const char *p, size_t n,
		      const struct vd_eval_line *l);

/* eval_call.c */
/* Starts a harness job header: version, task_id, entry_point and
 * deserialize (docs/harness.md); the caller appends the rest and "}".
 * Returns 0 or VD_ENOMEM. */
int vd_eval_job_head(struct vd_buf *job, const struct vd_problem *p);
/* Appends an input span as one job line (its newlines, legal JSON
 * whitespace, made spaces). Returns 0 or VD_ENOMEM. */
int vd_eval_put_input(struct vd_buf *b, const struct vd_span *s);
/* Runs the harness on `code` with the job file `job` in the slot (from
 * the slot's zygote where there is one), with the evaluation's limits and
 * a CPU budget of cpu_s; x holds the caller's capture buffers and fd-3
 * consumer, the rest is filled here. As vd_slot_exec. */
int vd_eval_harness_exec(struct vd_eval *ev, struct vd_slot *slot,
			 const struct vd_problem *p, const char *code,
			 const struct vd_buf *job, double cpu_s,
			 struct vd_exec *x, struct vd_exec_result *res,
			 struct vd_error *err);
/* The instructions of one harness run of `job` (enum vd_counter counter:
 * VD_COUNTER_SW under valgrind, the harness's process only, limits scaled
 * by vd_measure_sw_limits; VD_COUNTER_HW the hardware counter), always a
 * fresh interpreter (a zygote's fork cannot be counted). *count is -1 and
 * why says why if the run failed. As vd_slot_exec. */
int vd_eval_harness_count(struct vd_eval *ev, struct vd_slot *slot,
			  const struct vd_problem *p, const char *code,
			  const struct vd_buf *job, double cpu_s, int counter,
			  int64_t *count, char *why, size_t why_len,
			  struct vd_error *err);
int vd_eval_expected(struct vd_eval *ev, struct vd_slot *slot, uint32_t problem,
		     struct vd_error *err);
int vd_eval_call(struct vd_eval *ev, struct vd_slot *slot, uint32_t sample,
		 struct vd_error *err);
void vd_expected_release(struct vd_expected *x);
/* The per-input CPU limit of the EvalPlus rule. */
double vd_eval_input_limit(const struct vd_eval *ev, double ref_cpu_s);

/* eval_prog.c */
int vd_eval_program(struct vd_eval *ev, struct vd_slot *slot, uint32_t sample,
		    struct vd_error *err);

/* eval_perf.c */
int vd_eval_perf_phase(struct vd_eval *ev, struct vd_error *err);
void vd_eval_perf_release(struct vd_eval *ev);
double vd_eval_perf_speedup(const struct vd_eval *ev, uint32_t sample);
/* ENAMEL's score of a sample of a problem with levels (its correctness
 * verdict, its level times against its reference's). Returns 0, or
 * VD_EINVAL if the problem has no levels or no usable reference. */
int vd_eval_perf_level_score(const struct vd_eval *ev, uint32_t sample,
			     struct vd_enamel_score *score);
/* Returns 0 or VD_ENOMEM. */
int vd_eval_perf_metrics(const struct vd_eval *ev, const uint32_t *ks,
			 uint32_t n_ks, struct vd_eval_perf_metrics *m);

/* eval_out.c */
int vd_eval_write_evalplus(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_humaneval(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_native(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_summary(const struct vd_eval *ev, struct vd_buf *out);

/* eval.c */
/* Key of a stored result: SHA-256 over the env key and the fields. */
void vd_eval_key(const struct vd_eval *ev, const char *kind,
		 const char *const *fields, size_t n, char out[VD_SHA256_HEX]);
/* Runs job(ev, slot, jobs[i]) for every i on the worker threads, with
 * progress under the phase's name; the first error ends the phase. */
int vd_eval_pool(struct vd_eval *ev, const char *phase, uint32_t *jobs,
		 uint32_t n,
		 int (*job)(struct vd_eval *, struct vd_slot *, uint32_t,
			    struct vd_error *),
		 struct vd_error *err);
/* Counts a finished sample in the progress. */
void vd_eval_count(struct vd_eval *ev, const struct vd_eval_result *r);
bool vd_eval_has_plus(const struct vd_eval *ev);

#endif
