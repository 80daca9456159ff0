/*
 * lang: how each language is built and run inside the box.
 *
 *   C       gcc -O2 -std=c17 -o prog main.c -lm      run: the binary
 *   C++     g++ -O2 -std=c++17 -o prog main.cpp      run: the binary
 *           (both with -static on request: about 1 ms less per run)
 *   Python  (no build step)                          run: python3 -s main.py,
 *           or the zygote's job "script /tmp/main.py" (the same, forked
 *           from the slot's warm interpreter)
 *
 * Compilers run in the sandbox like any program, with the compile limits.
 * The built binary comes back to the engine as a descriptor and is executed
 * from a sealed memfd (execveat), so it never needs a path in the box.
 * Every process gets the same small, fixed environment (reproducible
 * counts, no leaked secrets): see vd_lang_env.
 */
#ifndef VD_LANG_H
#define VD_LANG_H

#include <stdbool.h>
#include <stddef.h>

#define VD_LANG_MAX_ARGS 16

struct vd_toolchain {
	const char *python; /* absolute paths, borrowed from the config */
	const char *cc;
	const char *cxx;
	/* identities for cache keys: resolved path, size and mtime */
	const char *cc_id;
	const char *cxx_id;
};

struct vd_lang_plan {
	bool compiled;
	const char *source_name;		    /* file in /tmp */
	const char *compile_argv[VD_LANG_MAX_ARGS]; /* if compiled */
	const char *binary_name;		/* what the compiler writes */
	const char *run_argv[VD_LANG_MAX_ARGS]; /* argv[0] is a display
						      name if compiled */
	const char *zygote_argv[VD_LANG_MAX_ARGS]; /* the zygote's job for
						   the same run, or empty */
	char flags[64];				   /* recorded in reports */
};

/* Fills the plan for lang (enum vd_lang); link_static adds -static to C
 * and C++ builds. Returns 0 or VD_EINVAL. */
int vd_lang_plan(int lang, const struct vd_toolchain *tc, bool link_static,
		 struct vd_lang_plan *plan);

/* NULL-terminated fixed environment for every sandboxed process. */
const char *const *vd_lang_env(void);

#endif
