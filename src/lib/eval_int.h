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

/* Expected outputs of one suite, from the reference run. */
struct vd_expected_section {
	uint32_t n;
	struct vd_span *val; /* typed value (docs/typed-values.md) */
	double *cpu;	     /* the reference's CPU seconds per input */
	char **error;	     /* non-NULL: the reference failed here */
};

struct vd_expected {
	bool ready;
	char *blob; /* the reference run's result lines; spans point here */
	size_t blob_len;
	struct vd_expected_section sec[VD_MAX_SECTIONS];
	char error[256]; /* why the reference could not run, if so */
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
	uint64_t phase_start_ns;
	struct vd_eval_worker *workers;
	uint32_t n_workers;
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

/* eval_call.c */
/* Parses one result line; -1 if it is not a JSON object. */
int vd_eval_line_parse(const char *p, size_t n, struct vd_eval_line *l);
/* "ExcType: message" of a line, for details. */
void vd_eval_line_exc(const struct vd_eval_line *l, char *dst, size_t len);
/* Runs the harness on `code` with the job file `job` in the slot (from
 * the slot's zygote where there is one), with the evaluation's limits and
 * a CPU budget of cpu_s; x holds the caller's capture buffers and fd-3
 * consumer, the rest is filled here. As vd_slot_exec. */
int vd_eval_harness_exec(struct vd_eval *ev, struct vd_slot *slot,
			 const struct vd_problem *p, const char *code,
			 const struct vd_buf *job, double cpu_s,
			 struct vd_exec *x, struct vd_exec_result *res,
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

/* eval_out.c */
int vd_eval_write_evalplus(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_humaneval(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_native(const struct vd_eval *ev, struct vd_buf *out);
int vd_eval_write_summary(const struct vd_eval *ev, struct vd_buf *out);

/* eval.c */
/* Key of a stored result: SHA-256 over the env key and the fields. */
void vd_eval_key(const struct vd_eval *ev, const char *kind,
		 const char *const *fields, size_t n, char out[VD_SHA256_HEX]);
/* Counts a finished sample in the progress. */
void vd_eval_count(struct vd_eval *ev, const struct vd_eval_result *r);
bool vd_eval_has_plus(const struct vd_eval *ev);

#endif
