/* Unit tests of the public API (include/verdict.h), as a front end uses it. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "verdict.h"

static struct vd_engine *engine;

TEST(names_round_trip)
{
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		CHECK_EQ_INT(vd_verdict_parse(vd_verdict_name(v)), v);
	CHECK_EQ_INT(vd_verdict_parse("XX"), -1);
	CHECK_STREQ(vd_verdict_name(99), "?");
	for (int l = 0; l < VD_LANG_COUNT; l++)
		CHECK_EQ_INT(vd_lang_parse(vd_lang_name(l)), l);
	CHECK_EQ_INT(vd_lang_parse("c++"), VD_LANG_CPP);
	CHECK_EQ_INT(vd_lang_parse("rust"), -1);
	CHECK_STREQ(vd_limit_name(VD_LIMIT_WALL), "wall");
	CHECK_STREQ(vd_strerror(VD_EPARSE), "malformed input");
	CHECK_STREQ(vd_version(), VD_VERSION_STRING);
}

TEST(defaults)
{
	struct vd_judge_opts o;
	vd_judge_opts_init(&o);
	CHECK_EQ_INT(o.limits.cpu_time_ms, 2000);
	CHECK_EQ_INT(o.limits.memory_kb, 262144);
	CHECK_EQ_INT(o.compile_limits.cpu_time_ms, 30000);
	CHECK(o.checker == NULL);
}

TEST(bad_arguments_are_einval_with_a_message)
{
	struct vd_program p = { VD_LANG_C, "int main(){}", 12 };
	struct vd_judge_opts o;
	struct vd_report *r = NULL;
	struct vd_error e;
	memset(&e, 0, sizeof(e));
	CHECK_EQ_INT(vd_judge(NULL, &p, NULL, 0, NULL, &r, &e), VD_EINVAL);
	CHECK(e.msg[0] != '\0');
	p.lang = 42;
	CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, NULL, &r, &e), VD_EINVAL);
	CHECK(strstr(e.msg, "language") != NULL);
	p.lang = VD_LANG_C;
	vd_judge_opts_init(&o);
	o.checker = "nonsense";
	CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, &o, &r, &e), VD_EINVAL);
	CHECK(strstr(e.msg, "nonsense") != NULL);
	vd_judge_opts_init(&o);
	o.limits.memory_kb = 0;
	CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, &o, &r, &e), VD_EINVAL);
	CHECK(r == NULL);
	/* a NULL error pointer is allowed */
	CHECK_EQ_INT(vd_judge(engine, NULL, NULL, 0, NULL, &r, NULL),
		     VD_EINVAL);
}

TEST(config_paths_must_be_absolute)
{
	struct vd_config c;
	struct vd_engine *e = NULL;
	struct vd_error err;
	vd_config_init(&c);
	c.python = "python3";
	CHECK_EQ_INT(vd_engine_new(&c, &e, &err), VD_ECONFIG);
	CHECK(strstr(err.msg, "python3") != NULL);
	CHECK(e == NULL);
}

TEST(judge_python_with_tests_and_report)
{
	static const char src[] =
		"import sys\nn = int(input())\nprint(n * 2)\n";
	struct vd_program p = { VD_LANG_PYTHON, src, sizeof(src) - 1 };
	struct vd_test t[3] = {
		{ "a", "2\n", 2, "4\n", 2 },
		{ NULL, "5\n", 2, "11\n", 3 },
		{ "c", "x\n", 2, NULL, 0 },
	};
	struct vd_report *r = NULL;
	struct vd_outcome o;
	struct vd_error e;
	uint64_t len;
	char *json = NULL;

	CHECK_EQ_INT(vd_judge(engine, &p, t, 3, NULL, &r, &e), 0);
	if (!r)
		return;
	CHECK_EQ_INT(vd_report_verdict(r), VD_VERDICT_WA);
	CHECK_EQ_INT(vd_report_compile(r, &o), 0);
	CHECK_EQ_INT(vd_report_test_count(r), 3);
	CHECK_EQ_INT(vd_report_test(r, 0, &o), 0);
	CHECK_EQ_INT(o.verdict, VD_VERDICT_AC);
	CHECK_EQ_INT(vd_report_test(r, 1, &o), 0);
	CHECK_EQ_INT(o.verdict, VD_VERDICT_WA);
	CHECK_EQ_INT(vd_report_test(r, 2, &o), 0);
	CHECK_EQ_INT(o.verdict, VD_VERDICT_RE);
	CHECK(strstr(vd_report_output(r, 2, VD_STREAM_STDERR, &len),
		     "ValueError") != NULL);
	CHECK_STREQ(vd_report_output(r, 0, VD_STREAM_STDOUT, &len), "4\n");
	CHECK_EQ_INT(len, 2);
	CHECK_EQ_INT(vd_report_test(r, 3, &o), VD_EINVAL);
	CHECK_EQ_INT(vd_report_json(r, &json, &e), 0);
	CHECK(json && strstr(json, "\"name\":\"2\"") != NULL);
	CHECK(json && strstr(json, "\"verdict\":\"WA\"") != NULL);
	vd_free(json);
	vd_report_free(r);
}

TEST(zero_tests_compile_only)
{
	static const char src[] = "int main(void) { return 0; }\n";
	struct vd_program p = { VD_LANG_C, src, sizeof(src) - 1 };
	struct vd_report *r = NULL;
	struct vd_outcome o;
	CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, NULL, &r, NULL), 0);
	CHECK_EQ_INT(vd_report_verdict(r), VD_VERDICT_AC);
	CHECK_EQ_INT(vd_report_compile(r, &o), 1);
	CHECK_EQ_INT(o.verdict, VD_VERDICT_AC);
	vd_report_free(r);
}

/* The second judge of the same C program takes its build from the compile
 * cache (and says so); a compile error is cached too; asking for no cache
 * compiles again. */
TEST(compile_cache_serves_repeated_builds)
{
	static const char src[] = "int main(void) { return 0; } /* cc */\n";
	static const char bad[] = "int main(void) { return nope; }\n";
	struct vd_program p = { VD_LANG_C, src, sizeof(src) - 1 };
	struct vd_program q = { VD_LANG_C, bad, sizeof(bad) - 1 };
	struct vd_judge_opts o;
	struct vd_report *r = NULL;
	char *json = NULL;

	for (int i = 0; i < 2; i++) {
		CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, NULL, &r, NULL), 0);
		CHECK_EQ_INT(vd_report_verdict(r), VD_VERDICT_AC);
		CHECK_EQ_INT(vd_report_json(r, &json, NULL), 0);
		CHECK(json && strstr(json, i ? "\"cached\":true"
					     : "\"cached\":false") != NULL);
		vd_free(json);
		vd_report_free(r);
	}
	for (int i = 0; i < 2; i++) {
		CHECK_EQ_INT(vd_judge(engine, &q, NULL, 0, NULL, &r, NULL), 0);
		CHECK_EQ_INT(vd_report_verdict(r), VD_VERDICT_CE);
		CHECK_EQ_INT(vd_report_json(r, &json, NULL), 0);
		CHECK(json && strstr(json, "nope") != NULL);
		CHECK(json && strstr(json, i ? "\"cached\":true"
					     : "\"cached\":false") != NULL);
		vd_free(json);
		vd_report_free(r);
	}
	vd_judge_opts_init(&o);
	o.flags |= VD_JUDGE_NO_COMPILE_CACHE;
	CHECK_EQ_INT(vd_judge(engine, &p, NULL, 0, &o, &r, NULL), 0);
	CHECK_EQ_INT(vd_report_json(r, &json, NULL), 0);
	CHECK(json && strstr(json, "\"cached\":false") != NULL);
	vd_free(json);
	vd_report_free(r);
}

TEST(engine_info_names_what_is_in_force)
{
	struct vd_engine_info in;
	CHECK_EQ_INT(vd_engine_info(engine, &in), 0);
	CHECK(strstr(in.isolation, "seccomp") != NULL);
	CHECK(strlen(in.cgroup) > 0);
	CHECK(strlen(in.instructions) > 0);
	CHECK_EQ_INT(in.slots, 1);
}

TEST(perf_measures_only_correct_programs)
{
	static const char src[] =
		"#include <stdio.h>\n"
		"int main(void) { long n, s = 0; if (scanf(\"%ld\", &n) != 1) return 1;\n"
		"  for (long i = 0; i < n; i++) s += i % 7; printf(\"%ld\\n\", s); }\n";
	struct vd_program p = { VD_LANG_C, src, sizeof(src) - 1 };
	struct vd_test t[2] = { { "small", "1000\n", 5, "2997\n", 5 },
				{ "big", "3000000\n", 8, "8999994\n", 8 } };
	struct vd_perf_opts o;
	struct vd_perf_stat st[2];
	struct vd_error e;
	int32_t v = -1;

	vd_perf_opts_init(&o);
	CHECK_EQ_INT(o.repeats, 10);
	o.repeats = 5;
	CHECK_EQ_INT(vd_perf_measure(engine, &p, t, 2, &o, &v, st, &e), 0);
	CHECK_EQ_INT(v, VD_VERDICT_AC);
	CHECK_EQ_INT(st[0].runs, 5);
	CHECK_EQ_INT(st[1].runs, 5);
	CHECK(st[0].min_s <= st[0].median_s && st[0].median_s <= st[0].max_s);
	CHECK(st[1].min_s <= st[1].hl_s && st[1].hl_s <= st[1].max_s);
	/* 3000x the work takes longer, whatever the noise */
	CHECK(st[1].median_s > st[0].median_s);
	CHECK(st[1].cv >= 0 && st[1].cv < 1);

	/* a wrong answer is not measured */
	t[1].expected = "1\n";
	t[1].expected_len = 2;
	memset(st, 0, sizeof(st));
	CHECK_EQ_INT(vd_perf_measure(engine, &p, t, 2, &o, &v, st, &e), 0);
	CHECK_EQ_INT(v, VD_VERDICT_WA);
	CHECK_EQ_INT(st[0].runs, 0);

	/* bad arguments */
	CHECK_EQ_INT(vd_perf_measure(engine, &p, t, 0, &o, &v, st, &e),
		     VD_EINVAL);
	o.repeats = 100000;
	CHECK_EQ_INT(vd_perf_measure(engine, &p, t, 2, &o, &v, st, &e),
		     VD_EINVAL);
	CHECK(strstr(e.msg, "runs") != NULL);
}

TEST(free_null_is_a_no_op)
{
	vd_engine_free(NULL);
	vd_report_free(NULL);
	vd_free(NULL);
	CHECK(1);
}

/* A judge with cfg: the report of a program with two tests, whose every
 * outcome must be SE with a detail naming `tool` (never CE, RE or a
 * verdict about the program). */
static void judge_without(const struct vd_config *cfg, int32_t lang,
			  const char *src, const char *tool)
{
	struct vd_program p = { lang, src, strlen(src) };
	struct vd_test t[2] = { { "a", "", 0, "1\n", 2 },
				{ "b", "", 0, "1\n", 2 } };
	struct vd_engine *e = NULL;
	struct vd_report *r = NULL;
	struct vd_outcome o;
	struct vd_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = vd_engine_new(cfg, &e, &err);
	if (rc < 0) {
		/* refusing the configuration is fine, if it says why */
		CHECK_EQ_INT(rc, VD_ECONFIG);
		CHECK(strstr(err.msg, tool) != NULL);
		return;
	}
	CHECK_EQ_INT(vd_judge(e, &p, t, 2, NULL, &r, &err), 0);
	if (r) {
		CHECK_EQ_INT(vd_report_verdict(r), VD_VERDICT_SE);
		if (vd_report_compile(r, &o) == 1) {
			CHECK_EQ_INT(o.verdict, VD_VERDICT_SE);
			CHECK(strstr(o.detail, tool) != NULL);
		}
		for (uint32_t i = 0; i < 2; i++) {
			CHECK_EQ_INT(vd_report_test(r, i, &o), 0);
			CHECK(!o.run || o.verdict == VD_VERDICT_SE);
			if (o.run && !strstr(o.detail, tool))
				FAIL_AT("test %u: '%s' does not name %s", i,
					o.detail, tool);
		}
	}
	vd_report_free(r);
	vd_engine_free(e);
}

TEST(missing_compiler_is_se_naming_it)
{
	struct vd_config c;
	vd_config_init(&c);
	c.cc = "/nonexistent/gcc";
	c.cxx = "/nonexistent/g++";
	judge_without(&c, VD_LANG_C, "int main(void) { return 0; }\n",
		      "/nonexistent/gcc");
	judge_without(&c, VD_LANG_CPP, "int main() { return 0; }\n",
		      "/nonexistent/g++");
}

TEST(missing_interpreter_is_se_naming_it)
{
	struct vd_config c;
	vd_config_init(&c);
	c.python = "/nonexistent/python3";
	c.python_mode = VD_PYTHON_ZYGOTE;
	judge_without(&c, VD_LANG_PYTHON, "print(1)\n", "/nonexistent/python3");
	c.python_mode = VD_PYTHON_FRESH;
	judge_without(&c, VD_LANG_PYTHON, "print(1)\n", "/nonexistent/python3");
}

int main(void)
{
	struct vd_error e;

	RUN(names_round_trip);
	RUN(defaults);
	RUN(config_paths_must_be_absolute);
	RUN(free_null_is_a_no_op);
	if (geteuid() != 0) {
		printf("# skip: engine tests need root\n");
		return harness_done();
	}
	if (vd_engine_new(NULL, &engine, &e) < 0) {
		printf("# engine: %s\n", e.msg);
		return 1;
	}
	RUN(bad_arguments_are_einval_with_a_message);
	RUN(judge_python_with_tests_and_report);
	RUN(zero_tests_compile_only);
	RUN(compile_cache_serves_repeated_builds);
	RUN(engine_info_names_what_is_in_force);
	RUN(missing_compiler_is_se_naming_it);
	RUN(missing_interpreter_is_se_naming_it);
	RUN(perf_measures_only_correct_programs);
	vd_engine_free(engine);
	return harness_done();
}
