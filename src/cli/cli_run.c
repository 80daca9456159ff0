/*
 * verdict run: one program against a folder of tests, or one stdin.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "verdict.h"

#define MAX_SOURCE	(16u << 20)
#define MAX_INPUT_BYTES (1024u << 20)
#define MAX_TESTS	100000u

struct run_args {
	const char *file;
	const char *tests_dir;
	const char *stdin_file;
	const char *expect_file;
	int32_t lang;
	bool json;
	int32_t cgroup_mode;
	int32_t python_mode;
	struct vd_judge_opts opts;
};

struct test_set {
	struct vd_test *v;
	char **owned; /* strings to free */
	size_t n, n_owned;
};

static void run_usage(FILE *f)
{
	fputs("usage: verdict run --lang {c,cpp,python} FILE [options]\n"
	      "\n"
	      "tests (one of):\n"
	      "  --tests DIR           pairs NAME.in / NAME.out (NAME.out optional)\n"
	      "  --stdin F             one test with this input (default: empty)\n"
	      "  --expect F            ... and this expected output\n"
	      "limits:\n"
	      "  --time-limit SEC      CPU time per test (default 2)\n"
	      "  --wall-limit SEC      wall-clock backstop (default 2 x CPU + 1)\n"
	      "  --memory-limit MB     memory per test (default 256)\n"
	      "  --output-limit BYTES  stdout cap per test (default 64 MiB)\n"
	      "  --processes N         processes and threads (default 64)\n"
	      "judging:\n"
	      "  --checker NAME        exact, lines (default), strip, tokens, float:EPS\n"
	      "  --stop-on-failure     skip the tests after the first failure\n"
	      "  --static              link C and C++ statically (faster start)\n"
	      "  --no-compile-cache    compile even if this build is cached\n"
	      "  --counter hw|sw|none  instruction counter: hw (perf_event_open; the\n"
	      "                        default where available), sw (valgrind:\n"
	      "                        exact, repeatable, 7-40x slower), none\n"
	      "  --cgroup auto|v2|v1|none\n"
	      "  --python-start zygote|fresh\n"
	      "                        fork Python runs from a warm interpreter\n"
	      "                        (default) or start a new one per run\n"
	      "output:\n"
	      "  --json                one JSON object on stdout\n"
	      "  --output-head BYTES   stdout and stderr kept per test in the\n"
	      "                        JSON (default 4096; at most 64 MiB)\n",
	      f);
}

static int parse_counter(const char *s, int32_t *c)
{
	if (!strcmp(s, "hw"))
		*c = VD_COUNTER_HW;
	else if (!strcmp(s, "sw"))
		*c = VD_COUNTER_SW;
	else if (!strcmp(s, "none"))
		*c = VD_COUNTER_NONE;
	else if (!strcmp(s, "auto"))
		*c = VD_COUNTER_AUTO;
	else {
		fprintf(stderr,
			"verdict: --counter: '%s' is not hw, sw, none or auto\n",
			s);
		return -1;
	}
	return 0;
}

static int parse_cgroup(const char *s, int32_t *m)
{
	static const char *const names[] = { "auto", "v2", "v1", "none" };
	for (int32_t i = 0; i < 4; i++) {
		if (!strcmp(s, names[i])) {
			*m = i;
			return 0;
		}
	}
	fprintf(stderr, "verdict: --cgroup: '%s' is not auto, v2, v1 or none\n",
		s);
	return -1;
}

static int lang_from_name(const char *file)
{
	const char *dot = strrchr(file, '.');
	if (!dot)
		return -1;
	if (!strcmp(dot, ".c"))
		return VD_LANG_C;
	if (!strcmp(dot, ".cpp") || !strcmp(dot, ".cc") || !strcmp(dot, ".cxx"))
		return VD_LANG_CPP;
	if (!strcmp(dot, ".py"))
		return VD_LANG_PYTHON;
	return -1;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	enum {
		O_LANG = 256,
		O_TESTS,
		O_STDIN,
		O_EXPECT,
		O_TIME,
		O_WALL,
		O_MEM,
		O_OUT,
		O_PROC,
		O_CHECKER,
		O_STOP,
		O_STATIC,
		O_NOCCACHE,
		O_COUNTER,
		O_CGROUP,
		O_PYSTART,
		O_JSON,
		O_HEAD,
		O_HELP,
	};
	static const struct option longopts[] = {
		{ "lang", required_argument, NULL, O_LANG },
		{ "tests", required_argument, NULL, O_TESTS },
		{ "stdin", required_argument, NULL, O_STDIN },
		{ "expect", required_argument, NULL, O_EXPECT },
		{ "time-limit", required_argument, NULL, O_TIME },
		{ "wall-limit", required_argument, NULL, O_WALL },
		{ "memory-limit", required_argument, NULL, O_MEM },
		{ "output-limit", required_argument, NULL, O_OUT },
		{ "processes", required_argument, NULL, O_PROC },
		{ "checker", required_argument, NULL, O_CHECKER },
		{ "stop-on-failure", no_argument, NULL, O_STOP },
		{ "static", no_argument, NULL, O_STATIC },
		{ "no-compile-cache", no_argument, NULL, O_NOCCACHE },
		{ "counter", required_argument, NULL, O_COUNTER },
		{ "cgroup", required_argument, NULL, O_CGROUP },
		{ "python-start", required_argument, NULL, O_PYSTART },
		{ "json", no_argument, NULL, O_JSON },
		{ "output-head", required_argument, NULL, O_HEAD },
		{ "help", no_argument, NULL, O_HELP },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t v;
	int c;

	memset(a, 0, sizeof(*a));
	a->lang = -1;
	vd_judge_opts_init(&a->opts);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case O_LANG:
			a->lang = vd_lang_parse(optarg);
			if (a->lang < 0) {
				fprintf(stderr,
					"verdict: --lang: '%s' is not c, cpp or python\n",
					optarg);
				return -1;
			}
			break;
		case O_TESTS:
			a->tests_dir = optarg;
			break;
		case O_STDIN:
			a->stdin_file = optarg;
			break;
		case O_EXPECT:
			a->expect_file = optarg;
			break;
		case O_TIME:
			if (vd_cli_parse_seconds("--time-limit", optarg,
						 &a->opts.limits.cpu_time_ms))
				return -1;
			break;
		case O_WALL:
			if (vd_cli_parse_seconds("--wall-limit", optarg,
						 &a->opts.limits.wall_time_ms))
				return -1;
			break;
		case O_MEM:
			if (vd_cli_parse_uint("--memory-limit", optarg,
					      1u << 20, &v))
				return -1;
			a->opts.limits.memory_kb = v * 1024u;
			break;
		case O_OUT:
			if (vd_cli_parse_uint("--output-limit", optarg,
					      1ull << 34,
					      &a->opts.limits.stdout_bytes))
				return -1;
			break;
		case O_HEAD:
			if (vd_cli_parse_uint("--output-head", optarg,
					      64u << 20, &v))
				return -1;
			a->opts.output_head_bytes = (uint32_t)v;
			break;
		case O_PROC:
			if (vd_cli_parse_uint("--processes", optarg, 100000,
					      &v))
				return -1;
			a->opts.limits.processes = (uint32_t)v;
			break;
		case O_CHECKER:
			a->opts.checker = optarg;
			if (vd_check_output(optarg, "", 0, "", 0, NULL, 0) <
			    0) {
				fprintf(stderr,
					"verdict: --checker: unknown checker '%s' (exact, lines, strip, tokens, float:EPS)\n",
					optarg);
				return -1;
			}
			break;
		case O_STOP:
			a->opts.flags |= VD_JUDGE_STOP_ON_FAILURE;
			break;
		case O_STATIC:
			a->opts.flags |= VD_JUDGE_STATIC;
			break;
		case O_NOCCACHE:
			a->opts.flags |= VD_JUDGE_NO_COMPILE_CACHE;
			break;
		case O_COUNTER:
			if (parse_counter(optarg, &a->opts.counter))
				return -1;
			break;
		case O_CGROUP:
			if (parse_cgroup(optarg, &a->cgroup_mode))
				return -1;
			break;
		case O_PYSTART:
			if (vd_cli_parse_python_start(optarg, &a->python_mode))
				return -1;
			break;
		case O_JSON:
			a->json = true;
			break;
		case O_HELP:
			run_usage(stdout);
			exit(0);
		default:
			run_usage(stderr);
			return -1;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr,
			"verdict run: expected exactly one program file\n");
		run_usage(stderr);
		return -1;
	}
	a->file = argv[optind];
	if (a->lang < 0)
		a->lang = lang_from_name(a->file);
	if (a->lang < 0) {
		fprintf(stderr,
			"verdict run: %s: give --lang (c, cpp or python); the file name does not say\n",
			a->file);
		return -1;
	}
	if (a->tests_dir && (a->stdin_file || a->expect_file)) {
		fprintf(stderr,
			"verdict run: --tests cannot be combined with --stdin or --expect\n");
		return -1;
	}
	return 0;
}

static int own(struct test_set *ts, char *s)
{
	char **p = realloc(ts->owned, (ts->n_owned + 1) * sizeof(*p));
	if (!p) {
		free(s);
		return -1;
	}
	ts->owned = p;
	ts->owned[ts->n_owned++] = s;
	return 0;
}

static int add_test(struct test_set *ts, const char *name, const char *in_path,
		    const char *out_path)
{
	struct vd_test *v = realloc(ts->v, (ts->n + 1) * sizeof(*v));
	struct vd_test *t;
	size_t len = 0;
	char *s;

	if (!v)
		return -1;
	ts->v = v;
	t = &ts->v[ts->n];
	memset(t, 0, sizeof(*t));
	s = strdup(name);
	if (!s || own(ts, s))
		return -1;
	t->name = s;
	if (in_path) {
		s = vd_cli_read_file(in_path, MAX_INPUT_BYTES, &len);
		if (!s || own(ts, s))
			return -1;
		t->input = s;
		t->input_len = len;
	}
	if (out_path) {
		s = vd_cli_read_file(out_path, MAX_INPUT_BYTES, &len);
		if (!s || own(ts, s))
			return -1;
		t->expected = s;
		t->expected_len = len;
	}
	ts->n++;
	return 0;
}

static int version_sort(const struct dirent **a, const struct dirent **b)
{
	return strverscmp((*a)->d_name, (*b)->d_name);
}

static int load_dir(const char *dir, struct test_set *ts)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, version_sort);
	int rc = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char in[4096], out[4096], name[256];
		size_t l = strlen(names[i]->d_name);
		FILE *probe;
		if (rc == 0 && l > 3 &&
		    !strcmp(names[i]->d_name + l - 3, ".in")) {
			snprintf(name, sizeof(name), "%.*s", (int)(l - 3),
				 names[i]->d_name);
			snprintf(in, sizeof(in), "%s/%s", dir,
				 names[i]->d_name);
			snprintf(out, sizeof(out), "%s/%s.out", dir, name);
			probe = fopen(out, "re");
			if (probe)
				fclose(probe);
			if (ts->n >= MAX_TESTS) {
				fprintf(stderr,
					"verdict: %s: more than %u tests\n",
					dir, MAX_TESTS);
				rc = -1;
			} else if (add_test(ts, name, in, probe ? out : NULL) <
				   0) {
				rc = -1;
			}
		}
		free(names[i]);
	}
	free(names);
	if (rc == 0 && ts->n == 0) {
		fprintf(stderr, "verdict: %s: no NAME.in files\n", dir);
		rc = -1;
	}
	return rc;
}

static void free_tests(struct test_set *ts)
{
	for (size_t i = 0; i < ts->n_owned; i++)
		free(ts->owned[i]);
	free(ts->owned);
	free(ts->v);
}

static void print_outcome(const char *label, const struct vd_outcome *o)
{
	printf("%-12s %-4s cpu %7.3f s  wall %7.3f s  mem %8llu KiB%s%s\n",
	       label, o->run ? vd_verdict_name(o->verdict) : "-",
	       (double)o->cpu_time_us / 1e6, (double)o->wall_time_us / 1e6,
	       (unsigned long long)o->peak_memory_kb, o->detail[0] ? "  " : "",
	       o->detail);
}

static void print_human(const struct vd_report *r, const char *file)
{
	struct vd_outcome o;
	uint32_t n = vd_report_test_count(r), passed = 0, ran = 0;

	if (vd_report_compile(r, &o) == 1) {
		print_outcome("compile", &o);
		if (o.verdict != VD_VERDICT_AC) {
			uint64_t len;
			const char *msg = vd_report_output(
				r, UINT32_MAX, VD_STREAM_STDERR, &len);
			fwrite(msg, 1, len > 2000 ? 2000 : len, stdout);
		}
	}
	for (uint32_t i = 0; i < n; i++) {
		char label[64];
		vd_report_test(r, i, &o);
		snprintf(label, sizeof(label), "test %u", i + 1);
		if (!o.run)
			continue;
		ran++;
		passed += o.verdict == VD_VERDICT_AC;
		print_outcome(label, &o);
	}
	printf("%s: %s (%u/%u tests passed)\n", file,
	       vd_verdict_name(vd_report_verdict(r)), passed, n);
	(void)ran;
}

int vd_cli_run(int argc, char **argv)
{
	struct run_args a;
	struct test_set ts = { 0 };
	struct vd_config cfg;
	struct vd_engine *e = NULL;
	struct vd_report *r = NULL;
	struct vd_error err = { 0 };
	struct vd_program prog;
	size_t src_len = 0;
	char *src = NULL;
	int rc = VD_CLI_USAGE;

	if (parse_args(argc, argv, &a) < 0)
		return VD_CLI_USAGE;
	src = vd_cli_read_file(a.file, MAX_SOURCE, &src_len);
	if (!src)
		goto out;
	if (a.tests_dir) {
		if (load_dir(a.tests_dir, &ts) < 0)
			goto out;
	} else if (add_test(&ts, "1", a.stdin_file, a.expect_file) < 0) {
		goto out;
	}
	vd_config_init(&cfg);
	cfg.cgroup_mode = a.cgroup_mode;
	cfg.python_mode = a.python_mode;
	rc = VD_CLI_USAGE;
	if (vd_cli_config_env(&cfg) < 0)
		goto out;
	rc = VD_CLI_SYSTEM;
	if (vd_engine_new(&cfg, &e, &err) < 0) {
		vd_cli_error("cannot start the sandbox (see `verdict doctor`)",
			     &err);
		goto out;
	}
	prog.lang = a.lang;
	prog.source = src;
	prog.source_len = src_len;
	if (vd_judge(e, &prog, ts.v, (uint32_t)ts.n, &a.opts, &r, &err) < 0) {
		vd_cli_error(a.file, &err);
		goto out;
	}
	if (a.json) {
		char *json;
		if (vd_report_json(r, &json, &err) < 0) {
			vd_cli_error("JSON report", &err);
			goto out;
		}
		puts(json);
		vd_free(json);
	} else {
		print_human(r, a.file);
	}
	rc = vd_report_verdict(r) == VD_VERDICT_SE ? VD_CLI_SYSTEM : VD_CLI_OK;
out:
	if (fflush(stdout) != 0 && rc == VD_CLI_OK) {
		perror("verdict: stdout");
		rc = VD_CLI_SYSTEM;
	}
	vd_report_free(r);
	vd_engine_free(e);
	free_tests(&ts);
	free(src);
	return rc;
}
