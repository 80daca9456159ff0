/*
 * verdict.h: the public API of libverdict, the only header front ends use.
 *
 * libverdict runs untrusted programs (C, C++, Python) against tests in a
 * sandbox and reports, per program and test, a verdict with its CPU time,
 * wall time, peak memory and, where the hardware allows, instruction count.
 *
 * Conventions
 *   - Functions that can fail return 0 or a negative VD_E* code and fill an
 *     optional struct vd_error (which may be NULL); on success the error is
 *     left untouched. A judged outcome (WA, TLE, ...) is data, not an error:
 *     only a fault of the judge itself is an error, and result files show it
 *     as SE.
 *   - Opaque handles come from *_new and go back with *_free; *_free(NULL) is
 *     a no-op. Strings returned by the library are freed with vd_free.
 *   - Structs are plain data with fixed-width fields so that bindings (the
 *     Python package uses ctypes) can mirror them mechanically. Initialise
 *     them with the matching *_init / *_default function, then change fields.
 *   - The library never prints, never exits and keeps no mutable global
 *     state; diagnostics go to the optional log callback of struct vd_config.
 *   - Thread safety: an engine may be used from several threads at once;
 *     each vd_judge call takes one sandbox slot for its duration.
 */
#ifndef VERDICT_H
#define VERDICT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VD_API __attribute__((visibility("default")))

#define VD_VERSION_STRING "0.1.0"

/* ---- errors ---- */

enum vd_status {
	VD_OK = 0,
	VD_EINVAL = -1,	  /* a bad argument */
	VD_ENOMEM = -2,	  /* an allocation failed */
	VD_ESYS = -3,	  /* a system call failed (sys_errno says which) */
	VD_E2BIG = -4,	  /* an input over its size limit */
	VD_ESANDBOX = -5, /* the sandbox could not be set up or was lost */
	VD_EPARSE = -6,	  /* malformed input (file and line in msg) */
	VD_ENOTSUP = -7,  /* not possible on this host */
	VD_EIO = -8,	  /* reading or writing a file failed */
	VD_ENOENT = -9,	  /* a file, task or item does not exist */
	VD_ECONFIG = -10, /* the configuration cannot work (e.g. no python) */
	VD_EINTR = -11,	  /* interrupted on request */
};

struct vd_error {
	int32_t code;	   /* VD_E* */
	int32_t sys_errno; /* errno at the failure point, or 0 */
	char msg[256];	   /* names the input and the problem */
};

/* Static text for a VD_E* code. */
VD_API const char *vd_strerror(int code);

/* Frees memory the library handed to the caller. NULL is a no-op. */
VD_API void vd_free(void *p);

/* "0.1.0" */
VD_API const char *vd_version(void);

/* ---- verdicts, languages, limits ---- */

enum vd_verdict {
	VD_VERDICT_AC = 0,  /* accepted */
	VD_VERDICT_WA = 1,  /* wrong answer */
	VD_VERDICT_TLE = 2, /* time limit (CPU, or the wall-clock backstop) */
	VD_VERDICT_MLE = 3, /* memory limit */
	VD_VERDICT_RE = 4,  /* runtime error: exit code != 0, signal, ... */
	VD_VERDICT_OLE = 5, /* output limit */
	VD_VERDICT_CE = 6,  /* compilation error */
	VD_VERDICT_SE = 7, /* system error: the judge failed, not the program */
	VD_VERDICT_COUNT = 8,
};

/* "AC", "WA", ...; "?" for an unknown value. */
VD_API const char *vd_verdict_name(int32_t verdict);
/* The verdict named by `name`, or -1. */
VD_API int32_t vd_verdict_parse(const char *name);

enum vd_lang {
	VD_LANG_C = 0,
	VD_LANG_CPP = 1,
	VD_LANG_PYTHON = 2,
	VD_LANG_COUNT = 3,
};

/* "c", "cpp", "python". */
VD_API const char *vd_lang_name(int32_t lang);
/* Accepts c, cpp, c++, cxx, python, python3, py; -1 if unknown. */
VD_API int32_t vd_lang_parse(const char *name);

/* Which limit ended a run. */
enum vd_limit_kind {
	VD_LIMIT_NONE = 0,
	VD_LIMIT_CPU = 1,
	VD_LIMIT_WALL = 2,
	VD_LIMIT_MEMORY = 3,
	VD_LIMIT_PROCESSES = 4,
	VD_LIMIT_STDOUT = 5,
	VD_LIMIT_STDERR = 6,
	VD_LIMIT_FILE_SIZE = 7,
	VD_LIMIT_OPEN_FILES = 8,
};

/* "cpu", "wall", "memory", ...; "" for NONE. */
VD_API const char *vd_limit_name(int32_t kind);

/* Limits of one execution. Zero means "the default" only where a comment
 * says so; use vd_limits_default to start from sensible values. */
struct vd_limits {
	uint64_t cpu_time_ms;	  /* the verdict limit (all processes) */
	uint64_t wall_time_ms;	  /* backstop; 0 = 2 x cpu_time + 1000 */
	uint64_t memory_kb;	  /* peak memory of all processes */
	uint64_t stdout_bytes;	  /* cap on captured stdout: beyond, OLE */
	uint64_t stderr_bytes;	  /* cap on captured stderr: beyond, OLE */
	uint64_t file_size_bytes; /* largest file, and the size of /tmp */
	uint32_t processes;	  /* processes and threads at once */
	uint32_t open_files;	  /* descriptors per process */
	uint64_t stack_kb;	  /* 0 = memory_kb (the whole budget) */
};

/* Runs: 2 s CPU, 256 MiB, 64 processes, 64 MiB stdout, 1 MiB stderr,
 * 64 MiB files, 256 descriptors. */
VD_API void vd_limits_default(struct vd_limits *l);
/* Compilers: 30 s CPU, 2 GiB, 64 processes, 1 MiB of messages, 256 MiB
 * files. */
VD_API void vd_limits_compile_default(struct vd_limits *l);

/* ---- the engine ---- */

enum vd_cgroup_mode {
	VD_CGROUP_AUTO = 0, /* v2 if delegated, else v1, else none */
	VD_CGROUP_V2 = 1,
	VD_CGROUP_V1 = 2,
	VD_CGROUP_NONE = 3, /* rlimits only; results say so */
};

enum vd_counter {
	VD_COUNTER_AUTO = 0, /* hardware if available, else none */
	VD_COUNTER_HW = 1,   /* perf_event_open user-space instructions */
	VD_COUNTER_SW = 2,   /* deterministic software count (valgrind) */
	VD_COUNTER_NONE = 3,
};

enum vd_log_level {
	VD_LOG_DEBUG = 0,
	VD_LOG_INFO = 1,
	VD_LOG_WARN = 2,
	VD_LOG_ERROR = 3,
};

struct vd_config {
	uint32_t slots;		   /* sandbox slots (parallel runs); 0 = 1 */
	uint32_t uid_base;	   /* uid of slot 0; 0 = VD_DEFAULT_UID_BASE */
	int32_t cgroup_mode;	   /* enum vd_cgroup_mode */
	int32_t counter;	   /* enum vd_counter: default for runs */
	const char *python;	   /* NULL = "/usr/bin/python3" */
	const char *cc;		   /* NULL = "/usr/bin/gcc" */
	const char *cxx;	   /* NULL = "/usr/bin/g++" */
	const char *extra_paths;   /* ':'-separated host paths bound read-only
				    into the box; NULL = none */
	int32_t python_mode;	   /* enum vd_python_mode */
	uint32_t compile_cache_mb; /* bound of the shared compile cache;
				      0 = 256 MiB */
	uint32_t pin_cpus;	   /* 1: bind slot i (its runs and zygote)
				      to one CPU, the i-th from the last
				      the engine may use: steadier times
				      (verdict perf) */
	/* Optional diagnostics callback; called from any thread. */
	void (*log_fn)(void *ctx, int32_t level, const char *msg);
	void *log_ctx;
	int32_t log_level; /* enum vd_log_level: least severe passed on */
};

#define VD_DEFAULT_UID_BASE 1879048192u /* 0x70000000, far from real users */

/* How Python programs start. ZYGOTE (the default): forked from a warm
 * interpreter that each slot keeps (its standard modules already
 * imported), about 1 ms instead of 15 to 40 ms; runs needing an
 * instruction counter still start fresh. FRESH: a new interpreter per run,
 * for exact fidelity to `python3 -s main.py`. */
enum vd_python_mode {
	VD_PYTHON_ZYGOTE = 0,
	VD_PYTHON_FRESH = 1,
};

VD_API void vd_config_init(struct vd_config *cfg);

struct vd_engine;

/* Starts an engine: checks the toolchains, builds the seccomp filter,
 * creates the engine's cgroups (only below its own cgroup) and the sandbox
 * slots. Fails with VD_ENOTSUP when the sandbox cannot be built at all
 * (vd_doctor says why). */
VD_API int vd_engine_new(const struct vd_config *cfg, struct vd_engine **out,
			 struct vd_error *err);
/* Ends every slot's processes and removes the engine's cgroups. */
VD_API void vd_engine_free(struct vd_engine *e);

/* What is in force; recorded in every report. */
struct vd_engine_info {
	char isolation[256]; /* namespaces, seccomp, uid, cgroup version */
	char cgroup[16];     /* "v2", "v1" or "none" */
	char cgroup_detail[256];
	char cpu_time[192];	/* how CPU time is measured */
	char memory[128];	/* how peak memory is measured */
	char instructions[256]; /* counter in force, or why unavailable */
	uint32_t slots;
};

VD_API int vd_engine_info(struct vd_engine *e, struct vd_engine_info *info);

/* ---- judging ---- */

struct vd_program {
	int32_t lang;	    /* enum vd_lang */
	const char *source; /* the program text (not NUL-terminated needed) */
	uint64_t source_len;
};

struct vd_test {
	const char *name;  /* shown in reports; NULL = "1", "2", ... */
	const char *input; /* stdin; NULL = empty */
	uint64_t input_len;
	const char *expected; /* expected stdout; NULL = do not compare */
	uint64_t expected_len;
};

enum vd_judge_flags {
	VD_JUDGE_STOP_ON_FAILURE = 1u << 0,  /* skip tests after a failure */
	VD_JUDGE_STATIC = 1u << 1,	     /* link C and C++ statically: a
					       bigger build, a faster start */
	VD_JUDGE_NO_COMPILE_CACHE = 1u << 2, /* always compile afresh */
};

struct vd_judge_opts {
	struct vd_limits limits;	 /* per test */
	struct vd_limits compile_limits; /* for the compiler */
	const char *checker;		 /* NULL = "lines"; see vd_checker_* */
	uint32_t flags;			 /* enum vd_judge_flags */
	int32_t counter;		 /* enum vd_counter; AUTO = engine's */
	uint32_t output_head_bytes;	 /* stdout/stderr kept per test in the
					    report (and JSON); 0 = 4096 */
	uint32_t memory_sample_us;	 /* > 0: sample each test run's memory
					    (cgroup) this often for
					    memory_time_mb_s; 0 = off */
};

VD_API void vd_judge_opts_init(struct vd_judge_opts *o);

/* One execution (a compilation or a test). */
struct vd_outcome {
	int32_t verdict;      /* enum vd_verdict */
	int32_t exit_code;    /* -1 if killed by a signal or never run */
	int32_t signal;	      /* 0 if it exited */
	int32_t limit;	      /* enum vd_limit_kind that ended it */
	uint64_t cpu_time_us; /* user + system of every process */
	uint64_t user_time_us;
	uint64_t sys_time_us;
	uint64_t wall_time_us;
	uint64_t peak_memory_kb; /* cgroup peak of the run (see info) */
	uint64_t max_rss_kb;	 /* largest single process */
	int64_t instructions;	 /* -1 = unavailable */
	uint64_t stdout_bytes;	 /* bytes written (counted past the cap) */
	uint64_t stderr_bytes;
	uint32_t leftovers;	 /* processes still running when the main
				    process ended (killed by the judge) */
	uint32_t run;		 /* 1 if it ran, 0 if skipped */
	char detail[256];	 /* why: exit code, signal, limit, checker */
	double memory_time_mb_s; /* with memory_sample_us: the memory charge
				    integrated over the wall time (MiB x s,
				    Effi-Code's TMU); else 0 */
};

struct vd_report;

/* Compiles the program once (C, C++) inside the sandbox and runs it against
 * every test, comparing outputs outside the sandbox with the checker.
 * Returns 0 with a report whatever the verdicts; an error only when the
 * judge cannot work (the report then does not exist). */
VD_API int vd_judge(struct vd_engine *e, const struct vd_program *prog,
		    const struct vd_test *tests, uint32_t n_tests,
		    const struct vd_judge_opts *opts, struct vd_report **out,
		    struct vd_error *err);
VD_API void vd_report_free(struct vd_report *r);

/* The overall verdict: CE, SE, else the first non-AC test verdict, else
 * AC (AC also for zero tests). */
VD_API int32_t vd_report_verdict(const struct vd_report *r);
/* Fills *out with the compilation; returns 1, or 0 if the language has no
 * compile step (then *out is zeroed). */
VD_API int vd_report_compile(const struct vd_report *r, struct vd_outcome *out);
VD_API uint32_t vd_report_test_count(const struct vd_report *r);
/* Fills *out for test i (0-based); VD_EINVAL if out of range. */
VD_API int vd_report_test(const struct vd_report *r, uint32_t i,
			  struct vd_outcome *out);

enum vd_stream {
	VD_STREAM_STDOUT = 1,
	VD_STREAM_STDERR = 2,
};

/* The kept head of a stream of test i, or of the compiler if i is
 * UINT32_MAX. The pointer lives as long as the report; *len its length. */
VD_API const char *vd_report_output(const struct vd_report *r, uint32_t i,
				    int32_t stream, uint64_t *len);

/* The report as one JSON object (see docs/formats.md); free with vd_free. */
VD_API int vd_report_json(const struct vd_report *r, char **json,
			  struct vd_error *err);

/* ---- measuring efficiency ---- */

struct vd_perf_opts {
	struct vd_judge_opts judge; /* limits, checker, counter */
	uint32_t repeats;	    /* timed runs per test; 0 = 10 */
	uint32_t warmup;	    /* untimed runs first; UINT32_MAX = 0,
				       0 = 1 */
};

VD_API void vd_perf_opts_init(struct vd_perf_opts *o);

/* The figures of one test over its timed runs (CPU seconds). */
struct vd_perf_stat {
	uint32_t runs;		 /* timed runs (all AC) */
	double median_s;	 /* median CPU time */
	double hl_s;		 /* Hodges-Lehmann estimate */
	double min_s, max_s;	 /* extremes */
	double cv;		 /* standard deviation / mean */
	uint64_t peak_memory_kb; /* largest peak of the timed runs */
	int64_t instructions;	 /* counter in force (first run), or -1 */
	double memory_time_mb_s; /* HL of the timed runs' memory-time
				    integrals (judge.memory_sample_us), or 0 */
};

/*
 * Measures a program (correctness first): one judged pass over every test;
 * if it is AC, `warmup` untimed and `repeats` timed runs of each test,
 * one after another in one slot. stats has n_tests entries, filled only
 * when the return value is 0 and *verdict is AC; *verdict is the
 * correctness verdict (or the first non-AC of a timed run). With the
 * software counter, the counts come from the correctness pass (one run
 * under valgrind per test) and the timed runs have no counter.
 */
VD_API int vd_perf_measure(struct vd_engine *e, const struct vd_program *prog,
			   const struct vd_test *tests, uint32_t n_tests,
			   const struct vd_perf_opts *o, int32_t *verdict,
			   struct vd_perf_stat *stats, struct vd_error *err);

/* ---- evaluating a benchmark ---- */

enum vd_eval_flags {
	VD_EVAL_BASE_ONLY = 1u << 0,	/* EvalPlus --base-only */
	VD_EVAL_TEST_DETAILS = 1u << 1, /* run every input (no fail-fast) */
	VD_EVAL_NO_CACHE = 1u << 2,	/* do not reuse stored results */
	VD_EVAL_MINI = 1u << 3,		/* HumanEval+ Mini */
	VD_EVAL_NOEXTREME = 1u << 4,	/* HumanEval+/MBPP+ NoExtreme */
};

struct vd_eval_progress {
	const char *phase; /* "expected outputs" or "samples" */
	uint64_t done;	   /* jobs finished in this phase */
	uint64_t total;
	uint64_t cached; /* of done, reused from the store */
	uint64_t verdicts[VD_VERDICT_COUNT]; /* samples so far */
	double elapsed_s;		     /* in this phase */
	const char *slow; /* a job running unusually long, or NULL */
	double slow_s;	  /* for how long */
};

struct vd_eval_opts {
	const char *dataset;	 /* humaneval, humaneval+, mbpp, mbpp+, apps,
				 native; NULL with `problems` = detect */
	const char *problems;	 /* dataset file (overrides the cache) */
	const char *samples;	 /* file or EvalPlus-style directory */
	const char *cache_dir;	 /* NULL = $VERDICT_CACHE_DIR or
				  $XDG_CACHE_HOME/verdict or ~/.cache/verdict */
	uint32_t flags;		 /* enum vd_eval_flags */
	double min_time_limit_s; /* EvalPlus: 4.0 */
	double gt_time_limit_factor; /* EvalPlus: 4.0 */
	double time_limit_s;	     /* stdio and assert programs: 0 = the
					problem's, else 3.0 */
	uint64_t memory_limit_mb;    /* 0 = 4096 */
	/* The performance phase (`verdict perf`), after correctness; off
	 * when perf_repeats is 0. Correct samples and each problem's
	 * reference are measured in the same run (docs/design.md, perf). */
	uint32_t perf_repeats; /* timed runs or calls per input or test */
	uint32_t perf_warmup;  /* untimed first; 0 = 1, UINT32_MAX = 0 */
	uint32_t perf_inputs;  /* call problems without perf_input: the K
				  inputs heaviest for the reference; 0 = 1 */
	int32_t perf_counter;  /* enum vd_counter for stdio programs */
	uint32_t perf_memory_sample_us; /* > 0: the memory-time integral
					   (TMU) of every measured run,
					   sampled this often */
	const char *reference; /* samples file: the first solution of each
				  task is its reference; NULL = the
				  dataset's */
	/* Called about five times a second from the calling thread. */
	void (*progress)(void *ctx, const struct vd_eval_progress *p);
	void *progress_ctx;
};

VD_API void vd_eval_opts_init(struct vd_eval_opts *o);

struct vd_eval;

/* Evaluates every sample against the dataset on all the engine's slots:
 * expected outputs first (computed from the reference solutions, cached),
 * then the samples. Results are stored as they complete in the store under
 * cache_dir, and reused on the next run (unless VD_EVAL_NO_CACHE). Errors
 * are configuration or input problems (a dataset or samples file that
 * cannot be read, with the file and line) and judge failures; a sample's
 * failure is a verdict. */
VD_API int vd_eval_run(struct vd_engine *e, const struct vd_eval_opts *o,
		       struct vd_eval **out, struct vd_error *err);
VD_API void vd_eval_free(struct vd_eval *ev);

enum vd_eval_format {
	VD_EVAL_FORMAT_EVALPLUS = 0,  /* *.eval_results.json */
	VD_EVAL_FORMAT_HUMANEVAL = 1, /* *_results.jsonl */
	VD_EVAL_FORMAT_NATIVE = 2,    /* one JSON object per sample */
	VD_EVAL_FORMAT_SUMMARY = 3,   /* the run summary (JSON) */
};

/* Writes a result file atomically (a temporary file renamed into place). */
VD_API int vd_eval_write(const struct vd_eval *ev, int32_t format,
			 const char *path, struct vd_error *err);

enum vd_eval_suite {
	VD_SUITE_BASE = 0, /* base tests (or the only tests) */
	VD_SUITE_PLUS = 1, /* base + extra tests (EvalPlus "plus") */
};

/* pass@k of a suite, or a negative number when EvalPlus's rule omits it
 * (some task has fewer than k samples, or no plus suite). */
VD_API double vd_eval_pass_at_k(const struct vd_eval *ev, int32_t suite,
				uint32_t k);

/* How many samples got each verdict (counts[enum vd_verdict]); an SE is
 * the judge's failure, not the sample's. */
VD_API void vd_eval_verdict_counts(const struct vd_eval *ev,
				   uint64_t counts[VD_VERDICT_COUNT]);

/* A terminal summary in EvalPlus's shape (base and plus pass@k for ks),
 * with the verdict counts and the environment; free with vd_free. */
VD_API int vd_eval_summary(const struct vd_eval *ev, const uint32_t *ks,
			   uint32_t n_ks, char **text, struct vd_error *err);

/* The performance phase's metrics (`verdict perf`) as terminal text:
 * COFFE's efficient@k and speedup, the geometric mean of the speedups,
 * the memory ratio; free with vd_free. VD_EINVAL if no performance phase
 * ran. */
VD_API int vd_eval_perf_summary(const struct vd_eval *ev, char **text,
				struct vd_error *err);

/* ---- comparing outputs ---- */

/* Compares an output with the expected output under a named checker:
 * "exact", "lines" (trailing spaces and trailing blank lines ignored),
 * "tokens" (whitespace-separated tokens), "float:<eps>" (tokens; numbers
 * equal within absolute or relative eps). Returns 1 (match), 0 (differs),
 * or VD_EINVAL for an unknown checker. If detail is non-NULL, it receives
 * the first difference. */
VD_API int vd_check_output(const char *checker, const char *out,
			   uint64_t out_len, const char *expected,
			   uint64_t expected_len, char *detail,
			   uint32_t detail_len);

/* ---- the host ---- */

struct vd_check {
	char name[48];
	int32_t ok;	  /* 1 works, 0 missing or degraded */
	char detail[256]; /* what was found */
	char remedy[256]; /* how to enable it, if missing */
};

/* Probes what this host allows (namespaces, seccomp, cgroups, counters,
 * toolchains) without starting an engine. Fills up to max checks. */
VD_API int vd_doctor(const struct vd_config *cfg, struct vd_check *checks,
		     uint32_t max, uint32_t *n, struct vd_error *err);

#ifdef __cplusplus
}
#endif

#endif
