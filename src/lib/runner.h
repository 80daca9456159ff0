/*
 * runner: one program against N tests in one slot.
 *
 * Build (C, C++: the compiler runs in the sandbox with the compile limits,
 * the binary comes back as a descriptor and is sealed into a memfd; builds
 * are looked up in and added to the engine's compile cache), then
 * run each test (stdin in, stdout and stderr captured under their caps),
 * classify what the sandbox observed into a verdict (vd_runner_classify),
 * and compare the output outside the sandbox with the checker. The runner
 * is the only module that knows both the sandbox (what was enforced) and
 * the measurements (what was observed).
 */
#ifndef VD_RUNNER_H
#define VD_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccache.h"
#include "compare.h"
#include "lang.h"
#include "sandbox.h"
#include "verdict.h"

struct vd_report_test {
	struct vd_outcome o;
	char *name;
	char *out_head; /* NUL-terminated, out_len bytes */
	size_t out_len;
	char *err_head;
	size_t err_len;
};

struct vd_report {
	int32_t verdict;
	int32_t lang;
	bool has_compile;
	struct vd_outcome compile;
	char *compile_out; /* compiler stdout, then stderr */
	size_t compile_out_len;
	char *compile_err;
	size_t compile_err_len;
	char flags[64];
	bool compile_cached; /* the build came from the compile cache */
	uint32_t n_tests;    /* asked for */
	struct vd_report_test *tests;
	struct vd_checker checker;
	struct vd_limits limits;
	struct vd_engine_info info;
	char counter[32]; /* "hw", "none", ... in force for this report */
};

struct vd_runner_env {
	struct vd_slot *slot;
	const struct vd_toolchain *tc;
	int counter;		  /* enum vd_exec_counter in force */
	bool count_sw;		  /* run under the software counter */
	bool python_zygote;	  /* Python runs fork from the slot's zygote */
	struct vd_ccache *ccache; /* shared compile cache, or NULL */
};

/* Fills rep (allocated by the caller, zeroed) for prog x tests. Returns 0
 * with SE verdicts recorded in rep for sandbox faults, or VD_ENOMEM. */
int vd_runner_judge(const struct vd_runner_env *env,
		    const struct vd_program *prog, const struct vd_test *tests,
		    uint32_t n_tests, const struct vd_judge_opts *opts,
		    struct vd_report *rep, struct vd_error *err);

void vd_report_release(struct vd_report *rep);

/* Turns the raw observations of one run into a verdict other than AC/WA
 * (or -1: the program exited 0 within every limit, so its output decides).
 * Fills o's figures and detail. Pure: unit-tested without a sandbox. */
int vd_runner_classify(const struct vd_exec_result *res,
		       const struct vd_limits *lim, bool rlimit_only,
		       struct vd_outcome *o);

/* Effective wall limit: the explicit one, or 2 x CPU + 1 s. */
uint64_t vd_runner_wall_ms(const struct vd_limits *lim);

#endif
