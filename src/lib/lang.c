#include "lang.h"

#include <stdio.h>
#include <string.h>

#include "verdict.h"

static const char *const box_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin",
	"HOME=/tmp",
	"TMPDIR=/tmp",
	"LANG=C.UTF-8",
	"LC_ALL=C.UTF-8",
	"PYTHONHASHSEED=0",
	"PYTHONDONTWRITEBYTECODE=1",
	NULL,
};

const char *const *vd_lang_env(void)
{
	return box_env;
}

static void set_argv(const char **dst, const char *const *src)
{
	size_t i = 0;
	for (; src[i] && i < VD_LANG_MAX_ARGS - 1; i++)
		dst[i] = src[i];
	dst[i] = NULL;
}

int vd_lang_plan(int lang, const struct vd_toolchain *tc, bool link_static,
		 struct vd_lang_plan *plan)
{
	/* With -static last, so that plain builds keep their usual argv. */
	const char *st = link_static ? "-static" : NULL;

	memset(plan, 0, sizeof(*plan));
	switch (lang) {
	case VD_LANG_C: {
		const char *cc[] = { tc->cc,   "-O2", "-std=c17", "-o", "prog",
				     "main.c", "-lm", st,	  NULL };
		const char *run[] = { "prog", NULL };
		plan->compiled = true;
		plan->source_name = "main.c";
		plan->binary_name = "prog";
		set_argv(plan->compile_argv, cc);
		set_argv(plan->run_argv, run);
		snprintf(plan->flags, sizeof(plan->flags), "-O2 -std=c17 -lm%s",
			 st ? " -static" : "");
		return 0;
	}
	case VD_LANG_CPP: {
		const char *cxx[] = { tc->cxx, "-O2",	   "-std=c++17", "-o",
				      "prog",  "main.cpp", st,		 NULL };
		const char *run[] = { "prog", NULL };
		plan->compiled = true;
		plan->source_name = "main.cpp";
		plan->binary_name = "prog";
		set_argv(plan->compile_argv, cxx);
		set_argv(plan->run_argv, run);
		snprintf(plan->flags, sizeof(plan->flags), "-O2 -std=c++17%s",
			 st ? " -static" : "");
		return 0;
	}
	case VD_LANG_PYTHON: {
		const char *run[] = { tc->python, "-s", "/tmp/main.py", NULL };
		const char *zygote[] = { "script", "/tmp/main.py", NULL };
		plan->compiled = false;
		plan->source_name = "main.py";
		set_argv(plan->run_argv, run);
		set_argv(plan->zygote_argv, zygote);
		snprintf(plan->flags, sizeof(plan->flags), "-s");
		return 0;
	}
	default:
		return VD_EINVAL;
	}
}

/* The public names of the languages (verdict.h); here, beside the plans,
 * so that the loaders need not link the engine. */
const char *vd_lang_name(int32_t lang)
{
	switch (lang) {
	case VD_LANG_C:
		return "c";
	case VD_LANG_CPP:
		return "cpp";
	case VD_LANG_PYTHON:
		return "python";
	default:
		return "?";
	}
}

int32_t vd_lang_parse(const char *name)
{
	static const struct {
		const char *name;
		int32_t lang;
	} names[] = {
		{ "c", VD_LANG_C },	      { "cpp", VD_LANG_CPP },
		{ "c++", VD_LANG_CPP },	      { "cxx", VD_LANG_CPP },
		{ "python", VD_LANG_PYTHON }, { "python3", VD_LANG_PYTHON },
		{ "py", VD_LANG_PYTHON },
	};
	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name))
			return names[i].lang;
	return -1;
}
