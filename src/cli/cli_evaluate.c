/*
 * verdict evaluate: a benchmark's samples, pass@k, result files.
 *
 * Flag names follow EvalPlus (with '-' or '_'), so existing scripts change
 * only the command name.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "verdict.h"

#define MAX_KS 16

struct eval_args {
	struct vd_eval_opts o;
	uint32_t parallel;
	uint32_t ks[MAX_KS];
	uint32_t n_ks;
	int32_t format;
	const char *output;
	const char *summary;
	int progress; /* 0 none, 1 bar, 2 jsonl */
	int32_t python_mode;
	bool tty;
	double last_line;
	char last_slow[512];
};

static void eval_usage(FILE *f)
{
	fputs("usage: verdict evaluate (--dataset NAME | --problems FILE) --samples FILE|DIR [options]\n"
	      "\n"
	      "  --dataset NAME             humaneval, humaneval+, mbpp, mbpp+ (cached or\n"
	      "                             downloaded; HUMANEVAL_OVERRIDE_PATH and\n"
	      "                             MBPP_OVERRIDE_PATH are honoured)\n"
	      "  --problems FILE            a dataset file (any supported format)\n"
	      "  --samples FILE|DIR         EvalPlus/human-eval JSONL, EvalPlus folder,\n"
	      "                             bigcode JSON, LiveCodeBench JSON\n"
	      "  --parallel N               workers (default: the number of CPUs)\n"
	      "  --k 1,10,100               pass@k to report\n"
	      "  --base-only                only the base tests\n"
	      "  --test-details             run every test (no fail-fast)\n"
	      "  --min-time-limit SEC       EvalPlus per-input floor (default 4)\n"
	      "  --gt-time-limit-factor X   x the reference CPU time (default 4)\n"
	      "  --time-limit SEC           per test of stdio/assert problems\n"
	      "  --memory-limit MB          per run (default 4096)\n"
	      "  --mini, --noextreme        HumanEval+ / MBPP+ variants\n"
	      "  --format evalplus|humaneval|native\n"
	      "  --output-file F            result file (default next to the samples)\n"
	      "  --summary-file F           also write the run summary (JSON)\n"
	      "  --no-cache                 do not reuse stored results\n"
	      "  --cache-dir DIR            results, expected outputs, datasets\n"
	      "  --progress bar|jsonl|none  progress on stderr (default bar)\n"
	      "  --python-start zygote|fresh\n"
	      "                             fork Python runs from a warm interpreter\n"
	      "                             per worker (default) or start a new one\n",
	      f);
}

static int parse_ks(const char *s, struct eval_args *a)
{
	char *copy = strdup(s), *save = NULL, *tok;
	a->n_ks = 0;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		uint64_t k;
		if (a->n_ks >= MAX_KS ||
		    vd_cli_parse_uint("--k", tok, 1000000, &k) < 0) {
			free(copy);
			return -1;
		}
		a->ks[a->n_ks++] = (uint32_t)k;
	}
	free(copy);
	return a->n_ks ? 0 : -1;
}

static int parse_double(const char *opt, const char *s, double lo, double hi,
			double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || !(*out > lo) || *out > hi) {
		fprintf(stderr,
			"verdict: %s: '%s' is not a number in (%g, %g]\n", opt,
			s, lo, hi);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct eval_args *a)
{
	enum {
		O_DATASET = 256,
		O_PROBLEMS,
		O_SAMPLES,
		O_PARALLEL,
		O_K,
		O_BASE,
		O_DETAILS,
		O_MIN,
		O_FACTOR,
		O_TIME,
		O_MEM,
		O_MINI,
		O_NOEXT,
		O_FORMAT,
		O_OUT,
		O_SUMMARY,
		O_NOCACHE,
		O_CACHEDIR,
		O_PROGRESS,
		O_IJWR,
		O_PYSTART,
		O_HELP,
	};
	static const struct option longopts[] = {
		{ "dataset", required_argument, NULL, O_DATASET },
		{ "problems", required_argument, NULL, O_PROBLEMS },
		{ "samples", required_argument, NULL, O_SAMPLES },
		{ "parallel", required_argument, NULL, O_PARALLEL },
		{ "k", required_argument, NULL, O_K },
		{ "base-only", no_argument, NULL, O_BASE },
		{ "base_only", no_argument, NULL, O_BASE },
		{ "test-details", no_argument, NULL, O_DETAILS },
		{ "test_details", no_argument, NULL, O_DETAILS },
		{ "min-time-limit", required_argument, NULL, O_MIN },
		{ "min_time_limit", required_argument, NULL, O_MIN },
		{ "gt-time-limit-factor", required_argument, NULL, O_FACTOR },
		{ "gt_time_limit_factor", required_argument, NULL, O_FACTOR },
		{ "time-limit", required_argument, NULL, O_TIME },
		{ "memory-limit", required_argument, NULL, O_MEM },
		{ "mini", no_argument, NULL, O_MINI },
		{ "noextreme", no_argument, NULL, O_NOEXT },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "output-file", required_argument, NULL, O_OUT },
		{ "output_file", required_argument, NULL, O_OUT },
		{ "summary-file", required_argument, NULL, O_SUMMARY },
		{ "no-cache", no_argument, NULL, O_NOCACHE },
		{ "cache-dir", required_argument, NULL, O_CACHEDIR },
		{ "progress", required_argument, NULL, O_PROGRESS },
		{ "python-start", required_argument, NULL, O_PYSTART },
		{ "i-just-wanna-run", no_argument, NULL, O_IJWR },
		{ "i_just_wanna_run", no_argument, NULL, O_IJWR },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	memset(a, 0, sizeof(*a));
	vd_eval_opts_init(&a->o);
	a->ks[0] = 1;
	a->ks[1] = 10;
	a->ks[2] = 100;
	a->n_ks = 3;
	a->progress = 1;
	a->format = VD_EVAL_FORMAT_EVALPLUS;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_DATASET:
			a->o.dataset = optarg;
			break;
		case O_PROBLEMS:
			a->o.problems = optarg;
			break;
		case O_SAMPLES:
			a->o.samples = optarg;
			break;
		case O_PARALLEL:
			if (vd_cli_parse_uint("--parallel", optarg, 1024, &v))
				return -1;
			a->parallel = (uint32_t)v;
			break;
		case O_K:
			if (parse_ks(optarg, a) < 0) {
				fprintf(stderr,
					"verdict: --k: '%s' is not a list like 1,10,100\n",
					optarg);
				return -1;
			}
			break;
		case O_BASE:
			a->o.flags |= VD_EVAL_BASE_ONLY;
			break;
		case O_DETAILS:
			a->o.flags |= VD_EVAL_TEST_DETAILS;
			break;
		case O_MIN:
			if (parse_double("--min-time-limit", optarg, 0, 3600,
					 &a->o.min_time_limit_s))
				return -1;
			break;
		case O_FACTOR:
			if (parse_double("--gt-time-limit-factor", optarg, 0,
					 1000, &a->o.gt_time_limit_factor))
				return -1;
			break;
		case O_TIME:
			if (parse_double("--time-limit", optarg, 0, 3600,
					 &a->o.time_limit_s))
				return -1;
			break;
		case O_MEM:
			if (vd_cli_parse_uint("--memory-limit", optarg,
					      1u << 20, &v))
				return -1;
			a->o.memory_limit_mb = v;
			break;
		case O_MINI:
			a->o.flags |= VD_EVAL_MINI;
			break;
		case O_NOEXT:
			a->o.flags |= VD_EVAL_NOEXTREME;
			break;
		case O_FORMAT:
			if (!strcmp(optarg, "evalplus"))
				a->format = VD_EVAL_FORMAT_EVALPLUS;
			else if (!strcmp(optarg, "humaneval"))
				a->format = VD_EVAL_FORMAT_HUMANEVAL;
			else if (!strcmp(optarg, "native"))
				a->format = VD_EVAL_FORMAT_NATIVE;
			else {
				fprintf(stderr,
					"verdict: --format: '%s' is not evalplus, humaneval or native\n",
					optarg);
				return -1;
			}
			break;
		case O_OUT:
			a->output = optarg;
			break;
		case O_SUMMARY:
			a->summary = optarg;
			break;
		case O_NOCACHE:
			a->o.flags |= VD_EVAL_NO_CACHE;
			break;
		case O_CACHEDIR:
			a->o.cache_dir = optarg;
			break;
		case O_PYSTART:
			if (vd_cli_parse_python_start(optarg, &a->python_mode))
				return -1;
			break;
		case O_PROGRESS:
			if (!strcmp(optarg, "none"))
				a->progress = 0;
			else if (!strcmp(optarg, "bar"))
				a->progress = 1;
			else if (!strcmp(optarg, "jsonl"))
				a->progress = 2;
			else {
				fprintf(stderr,
					"verdict: --progress: '%s' is not bar, jsonl or none\n",
					optarg);
				return -1;
			}
			break;
		case O_IJWR:
			break; /* results are always recomputed or reused */
		case O_HELP:
			eval_usage(stdout);
			exit(0);
		default:
			eval_usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "verdict evaluate: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	if (!a->o.samples || (!a->o.dataset && !a->o.problems)) {
		fprintf(stderr,
			"verdict evaluate: give --samples and --dataset or --problems\n");
		eval_usage(stderr);
		return -1;
	}
	return 0;
}

/* Default result path next to the samples, as EvalPlus and human-eval. */
static void default_output(const struct eval_args *a, char *dst, size_t len)
{
	const char *s = a->o.samples;
	size_t n = strlen(s);
	struct stat st;
	bool dir = stat(s, &st) == 0 && S_ISDIR(st.st_mode);

	if (a->format == VD_EVAL_FORMAT_HUMANEVAL) {
		snprintf(dst, len, "%s_results.jsonl", s);
	} else if (a->format == VD_EVAL_FORMAT_NATIVE) {
		snprintf(dst, len, "%s%s.verdict.jsonl", s, dir ? "/" : "");
	} else if (dir) {
		snprintf(dst, len, "%s/eval_results.json", s);
	} else if (n > 6 && !strcmp(s + n - 6, ".jsonl")) {
		snprintf(dst, len, "%.*s_eval_results.json", (int)(n - 6), s);
		if (stat(dst, &st) != 0)
			snprintf(dst, len, "%.*s.eval_results.json",
				 (int)(n - 6), s);
	} else {
		snprintf(dst, len, "%s.eval_results.json", s);
	}
}

static void on_log(void *ctx, int32_t level, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "verdict: %s%s\n",
		level >= VD_LOG_WARN ? "warning: " : "", msg);
}

static void on_progress(void *ctx, const struct vd_eval_progress *p)
{
	struct eval_args *a = ctx;
	double rate = p->elapsed_s > 0 ? (double)p->done / p->elapsed_s : 0;
	double eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
	bool final = p->done == p->total;

	if (a->progress == 2) {
		fprintf(stderr,
			"{\"phase\": \"%s\", \"done\": %llu, \"total\": %llu, \"cached\": %llu, \"rate\": %.2f, \"verdicts\": {",
			p->phase, (unsigned long long)p->done,
			(unsigned long long)p->total,
			(unsigned long long)p->cached, rate);
		for (int v = 0; v < VD_VERDICT_COUNT; v++)
			fprintf(stderr, "%s\"%s\": %llu", v ? ", " : "",
				vd_verdict_name(v),
				(unsigned long long)p->verdicts[v]);
		fprintf(stderr, "}}\n");
		return;
	}
	if (a->progress != 1)
		return;
	if (p->slow && strcmp(p->slow, a->last_slow) && p->slow_s > 20) {
		fprintf(stderr, "%sverdict: warning: %s has run for %.0f s\n",
			a->tty ? "\n" : "", p->slow, p->slow_s);
		snprintf(a->last_slow, sizeof(a->last_slow), "%s", p->slow);
	}
	if (!a->tty && !final && p->elapsed_s - a->last_line < 10)
		return;
	a->last_line = p->elapsed_s;
	fprintf(stderr, "%s%-16s %llu/%llu [%.1f/s, ETA %02d:%02d]",
		a->tty ? "\r" : "", p->phase, (unsigned long long)p->done,
		(unsigned long long)p->total, rate, (int)eta / 60,
		(int)eta % 60);
	if (p->cached)
		fprintf(stderr, " cached %llu", (unsigned long long)p->cached);
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		if (p->verdicts[v])
			fprintf(stderr, " %s %llu", vd_verdict_name(v),
				(unsigned long long)p->verdicts[v]);
	fprintf(stderr, "%s", a->tty && !final ? "   " : "\n");
	if (final)
		a->last_line = 0;
}

int vd_cli_evaluate(int argc, char **argv)
{
	struct eval_args a;
	struct vd_config cfg;
	struct vd_engine *e = NULL;
	struct vd_eval *ev = NULL;
	struct vd_error err = { 0 };
	char out[4200];
	char *text = NULL;
	long ncpu;
	int rc = VD_CLI_USAGE;

	if (parse_args(argc, argv, &a) < 0)
		return VD_CLI_USAGE;
	a.tty = isatty(2);
	a.o.progress = a.progress ? on_progress : NULL;
	a.o.progress_ctx = &a;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	vd_config_init(&cfg);
	cfg.slots = a.parallel ? a.parallel : (uint32_t)(ncpu > 0 ? ncpu : 1);
	cfg.log_fn = on_log;
	cfg.log_level = VD_LOG_WARN;
	cfg.python_mode = a.python_mode;
	if (vd_cli_config_env(&cfg) < 0)
		return VD_CLI_USAGE;
	if (vd_engine_new(&cfg, &e, &err) < 0) {
		vd_cli_error("cannot start the sandbox (see `verdict doctor`)",
			     &err);
		return VD_CLI_SYSTEM;
	}
	if (vd_eval_run(e, &a.o, &ev, &err) < 0) {
		vd_cli_error("evaluate", &err);
		rc = err.code == VD_ESANDBOX || err.code == VD_ESYS
			     ? VD_CLI_SYSTEM
			     : VD_CLI_USAGE;
		goto out;
	}
	if (a.output)
		snprintf(out, sizeof(out), "%s", a.output);
	else
		default_output(&a, out, sizeof(out));
	if (vd_eval_write(ev, a.format, out, &err) < 0 ||
	    (a.summary &&
	     vd_eval_write(ev, VD_EVAL_FORMAT_SUMMARY, a.summary, &err) < 0)) {
		vd_cli_error("writing results", &err);
		rc = VD_CLI_SYSTEM;
		goto out;
	}
	if (vd_eval_summary(ev, a.ks, a.n_ks, &text, &err) < 0) {
		vd_cli_error("summary", &err);
		rc = VD_CLI_SYSTEM;
		goto out;
	}
	fputs(text, stdout);
	printf("results: %s\n", out);
	rc = VD_CLI_OK;
out:
	vd_free(text);
	vd_eval_free(ev);
	vd_engine_free(e);
	return rc;
}
