/* Unit tests of lang: the build and run plans. */
#include "harness.h"
#include "lang.h"
#include "verdict.h"

static const struct vd_toolchain tc = { "/usr/bin/python3", "/usr/bin/gcc",
					"/usr/bin/g++" };

TEST(c_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_C, &tc, &p), 0);
	CHECK(p.compiled);
	CHECK_STREQ(p.compile_argv[0], "/usr/bin/gcc");
	CHECK_STREQ(p.source_name, "main.c");
	CHECK_STREQ(p.binary_name, "prog");
	CHECK_STREQ(p.flags, "-O2 -std=c17 -lm");
}

TEST(cpp_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_CPP, &tc, &p), 0);
	CHECK_STREQ(p.compile_argv[0], "/usr/bin/g++");
	CHECK_STREQ(p.compile_argv[2], "-std=c++17");
}

TEST(python_plan)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(VD_LANG_PYTHON, &tc, &p), 0);
	CHECK(!p.compiled);
	CHECK_STREQ(p.run_argv[0], "/usr/bin/python3");
	CHECK_STREQ(p.run_argv[2], "/tmp/main.py");
	CHECK(p.run_argv[3] == NULL);
}

TEST(unknown_language)
{
	struct vd_lang_plan p;
	CHECK_EQ_INT(vd_lang_plan(17, &tc, &p), VD_EINVAL);
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
	RUN(python_plan);
	RUN(unknown_language);
	RUN(environment_is_fixed_and_small);
	return harness_done();
}
