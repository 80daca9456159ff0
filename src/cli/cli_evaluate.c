/*
 * verdict evaluate: a benchmark's samples, pass@k, result files.
 * verdict perf: the same, then the correct samples' efficiency against
 * each problem's reference (measured in the same run).
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
	const char *metric; /* verdict perf: printed first */
	int progress;	    /* 0 none, 1 bar, 2 jsonl */
	int32_t python_mode;
	bool tty;
	bool perf;   /* verdict perf */
	bool no_pin; /* verdict perf --no-pin */
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

static void perf_usage(FILE *f)
{
	fputs("usage: verdict perf (--dataset NAME | --problems FILE) --samples FILE|DIR [options]\n"
	      "\n"
	      "Judges the samples (as verdict evaluate; stored results are reused),\n"
	      "then measures every correct sample and each problem's reference in\n"
	      "the same run: per input or test 1 warm-up and R timed runs, CPU time\n"
	      "from the kernel, the Hodges-Lehmann estimate summed over the inputs.\n"
	      "Call problems are measured on their perf_input (native), else on the\n"
	      "inputs heaviest for the reference.\n"
	      "\n"
	      "  --repeats R                timed runs per input (default 10)\n"
	      "  --warmup W                 untimed runs first (default 1)\n"
	      "  --perf-inputs K            heaviest inputs per call problem (default 1)\n"
	      "  --reference FILE           samples whose first solution per task is\n"
	      "                             the reference (default: the dataset's)\n"
	      "  --counter hw|sw|none       instructions of stdio programs\n"
	      "  --sample-memory MS         sample each measured run's memory every MS\n"
	      "                             ms for the memory-time integral and\n"
	      "                             Effi-Code's TMU (default off)\n"
	      "  --metric efficient@k|speedup|memory|eff@k\n"
	      "                             the figure printed first (all are in the\n"
	      "                             summary file)\n"
	      "  --parallel N               workers (default 1: measure serially)\n"
	      "  --no-pin                   do not bind each worker to its own CPU\n"
	      "  --output-file F            per sample (native JSONL with \"perf\")\n"
	      "  --summary-file F           the run summary with the metrics (JSON)\n"
	      "and the options of verdict evaluate (--k, --time-limit, --memory-limit,\n"
	      "--min-time-limit, --gt-time-limit-factor, --cache-dir, --progress, ...).\n",
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

static int parse_args(int argc, char **argv, struct eval_args *a, bool perf)
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
		O_REPEATS,
		O_WARMUP,
		O_PERF_INPUTS,
		O_REFERENCE,
		O_COUNTER,
		O_METRIC,
		O_MEMSAMPLE,
		O_NOPIN,
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
		{ "repeats", required_argument, NULL, O_REPEATS },
		{ "warmup", required_argument, NULL, O_WARMUP },
		{ "sample-memory", required_argument, NULL, O_MEMSAMPLE },
		{ "perf-inputs", required_argument, NULL, O_PERF_INPUTS },
		{ "reference", required_argument, NULL, O_REFERENCE },
		{ "counter", required_argument, NULL, O_COUNTER },
		{ "metric", required_argument, NULL, O_METRIC },
		{ "no-pin", no_argument, NULL, O_NOPIN },
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
	a->perf = perf;
	if (perf) {
		a->format = VD_EVAL_FORMAT_NATIVE;
		a->parallel = 1;
		a->o.perf_repeats = 10;
		a->o.perf_warmup = 1;
		a->o.perf_inputs = 1;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (!perf && c >= O_REPEATS && c <= O_NOPIN) {
			fprintf(stderr,
				"verdict evaluate: %s is an option of verdict perf\n",
				argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case O_REPEATS:
			if (vd_cli_parse_uint("--repeats", optarg, 1000, &v))
				return -1;
			a->o.perf_repeats = (uint32_t)v;
			break;
		case O_WARMUP:
			if (!strcmp(optarg, "0")) {
				a->o.perf_warmup = UINT32_MAX;
				break;
			}
			if (vd_cli_parse_uint("--warmup", optarg, 1000, &v))
				return -1;
			a->o.perf_warmup = (uint32_t)v;
			break;
		case O_PERF_INPUTS:
			if (vd_cli_parse_uint("--perf-inputs", optarg, 1000,
					      &v))
				return -1;
			a->o.perf_inputs = (uint32_t)v;
			break;
		case O_REFERENCE:
			a->o.reference = optarg;
			break;
		case O_MEMSAMPLE:
			if (vd_cli_parse_uint("--sample-memory", optarg, 1000,
					      &v))
				return -1;
			a->o.perf_memory_sample_us = (uint32_t)v * 1000u;
			break;
		case O_NOPIN:
			a->no_pin = true;
			break;
		case O_COUNTER:
			if (!strcmp(optarg, "hw"))
				a->o.perf_counter = VD_COUNTER_HW;
			else if (!strcmp(optarg, "sw"))
				a->o.perf_counter = VD_COUNTER_SW;
			else if (!strcmp(optarg, "none"))
				a->o.perf_counter = VD_COUNTER_NONE;
			else {
				fprintf(stderr,
					"verdict: --counter: '%s' is not hw, sw or none\n",
					optarg);
				return -1;
			}
			break;
		case O_METRIC:
			if (strcmp(optarg, "efficient@k") &&
			    strcmp(optarg, "speedup") &&
			    strcmp(optarg, "memory") &&
			    strcmp(optarg, "eff@k")) {
				fprintf(stderr,
					"verdict: --metric: '%s' is not efficient@k, speedup, memory or eff@k\n",
					optarg);
				return -1;
			}
			a->metric = optarg;
			break;
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
			if (perf)
				perf_usage(stdout);
			else
				eval_usage(stdout);
			exit(0);
		default:
			if (perf)
				perf_usage(stderr);
			else
				eval_usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "verdict %s: unexpected argument '%s'\n",
			perf ? "perf" : "evaluate", argv[optind]);
		return -1;
	}
	if (!a->o.samples || (!a->o.dataset && !a->o.problems)) {
		fprintf(stderr,
			"verdict %s: give --samples and --dataset or --problems\n",
			perf ? "perf" : "evaluate");
		if (perf)
			perf_usage(stderr);
		else
			eval_usage(stderr);
		return -1;
	}
	if (perf && a->o.perf_repeats == 0) {
		fprintf(stderr, "verdict perf: --repeats must be at least 1\n");
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

	if (a->perf) {
		snprintf(dst, len, "%s%s.perf.jsonl", s, dir ? "/" : "");
	} else if (a->format == VD_EVAL_FORMAT_HUMANEVAL) {
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

/* The perf summary, the lines of the chosen metric first. */
static void print_perf(const char *text, const char *metric)
{
	const char *prefix = !metric			      ? NULL
			     : !strcmp(metric, "efficient@k") ? "efficient@"
			     : !strcmp(metric, "speedup")     ? "speedup"
			     : !strcmp(metric, "memory")      ? "memory"
							      : "eff@";
	const char *nl = strchr(text, '\n');
	size_t head = nl ? (size_t)(nl - text) + 1 : strlen(text);

	fwrite(text, 1, head, stdout);
	for (int pass = 0; pass < 2; pass++)
		for (const char *p = text + head; *p;) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
			bool chosen =
				prefix && !strncmp(p, prefix, strlen(prefix));
			if ((pass == 0) == chosen && (prefix || pass == 1))
				fwrite(p, 1, n, stdout);
			p += n;
		}
}

static int evaluate_or_perf(int argc, char **argv, bool perf)
{
	struct eval_args a;
	struct vd_config cfg;
	struct vd_engine *e = NULL;
	struct vd_eval *ev = NULL;
	struct vd_error err = { 0 };
	char out[4200];
	char *text = NULL;
	uint64_t counts[VD_VERDICT_COUNT], total = 0;
	long ncpu;
	int rc = VD_CLI_USAGE;

	if (parse_args(argc, argv, &a, perf) < 0)
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
	cfg.pin_cpus = perf && !a.no_pin;
	if (vd_cli_config_env(&cfg) < 0)
		return VD_CLI_USAGE;
	if (vd_engine_new(&cfg, &e, &err) < 0) {
		vd_cli_error("cannot start the sandbox (see `verdict doctor`)",
			     &err);
		return VD_CLI_SYSTEM;
	}
	if (vd_eval_run(e, &a.o, &ev, &err) < 0) {
		vd_cli_error(perf ? "perf" : "evaluate", &err);
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
	if (perf) {
		vd_free(text);
		text = NULL;
		if (vd_eval_perf_summary(ev, &text, &err) < 0) {
			vd_cli_error("perf summary", &err);
			rc = VD_CLI_SYSTEM;
			goto out;
		}
		print_perf(text, a.metric);
	}
	printf("results: %s\n", out);
	rc = VD_CLI_OK;
	vd_eval_verdict_counts(ev, counts);
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		total += counts[v];
	if (counts[VD_VERDICT_SE]) {
		/* the judge failed for these: results are written, but the
		 * run is not a clean one */
		fprintf(stderr,
			"verdict: %s: %llu of %llu samples are SE (the sandbox "
			"failed, not the sample; see their detail and `verdict "
			"doctor`)\n",
			perf ? "perf" : "evaluate",
			(unsigned long long)counts[VD_VERDICT_SE],
			(unsigned long long)total);
		rc = VD_CLI_SYSTEM;
	}
out:
	vd_free(text);
	vd_eval_free(ev);
	vd_engine_free(e);
	return rc;
}

int vd_cli_evaluate(int argc, char **argv)
{
	return evaluate_or_perf(argc, argv, false);
}

int vd_cli_perf(int argc, char **argv)
{
	return evaluate_or_perf(argc, argv, true);
}
