/* Unit tests of lang: the build and run plans. */
#include "harness.h"
#include "lang.h"
#include "verdict.h"

static const struct vd_toolchain tc = { "/usr/bin/python3", "/usr/bin/gcc",
					"/usr/bin/g++", "gcc", "g++" };

TEST(c_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_C, &tc, false, &p), 0);
	CHECK(p.compiled);
	CHECK_STREQ(p.compile_argv[0], "/usr/bin/gcc");
	CHECK_STREQ(p.source_name, "main.c");
	CHECK_STREQ(p.binary_name, "prog");
	CHECK_STREQ(p.flags, "-O2 -std=c17 -lm");
}

TEST(cpp_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_CPP, &tc, false, &p), 0);
	CHECK_STREQ(p.compile_argv[0], "/usr/bin/g++");
	CHECK_STREQ(p.compile_argv[2], "-std=c++17");
}

TEST(static_plans_add_static_last)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_CPP, &tc, true, &p), 0);
	CHECK_STREQ(p.compile_argv[6], "-static");
	CHECK(p.compile_argv[7] == NULL);
	CHECK_STREQ(p.flags, "-O2 -std=c++17 -static");
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_C, &tc, true, &p), 0);
	CHECK_STREQ(p.compile_argv[7], "-static");
	CHECK_STREQ(p.flags, "-O2 -std=c17 -lm -static");
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_C, &tc, false, &p), 0);
	CHECK(p.compile_argv[7] == NULL);
}

TEST(python_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_PYTHON, &tc, false, &p), 0);
	CHECK(!p.compiled);
	CHECK_STREQ(p.run_argv[0], "/usr/bin/python3");
	CHECK_STREQ(p.run_argv[2], "/tmp/main.py");
	CHECK(p.run_argv[3] == NULL);
}

TEST(unknown_language)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(17, &tc, false, &p), VD_EINVAL);
}

TEST(environment_is_fixed_and_small)
{
	const char *const *env = vd_lang_env();
	int n = 0, hashseed = 0;
	for (; env[n]; n++)
		hashseed |= !strcmp(env[n], "PYTHONHASHSEED=0");
	CHECK(n > 0 && n < 16);
	CHECK(hashseed);
}

int main(void)
{
	RUN(c_plan);
	RUN(cpp_plan);
	RUN(static_plans_add_static_last);
	RUN(python_plan);
	RUN(unknown_language);
	RUN(environment_is_fixed_and_small);
	return harness_done();
}
