/*
 * harness: the in-house unit-test harness (TAP output).
 *
 *   TEST(name) { CHECK(x); CHECK_EQ_INT(a, b); ... }
 *   int main(void) { RUN(name); ...; return harness_done(); }
 *
 * Each RUN prints "ok N - name" or "not ok N - name" after the test's
 * failed checks ("# file:line: ..."). harness_done prints the plan and the
 * final line "N passed, N failed", which CI and humans read, and returns
 * the exit status (non-zero if anything failed). tests/run-unit.sh runs
 * each test program in its own process with a timeout.
 */
#ifndef VD_TEST_HARNESS_H
#define VD_TEST_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <string.h>

struct harness {
	int run, passed, failed;
	int current_failed;
};

static struct harness harness_state;

#define TEST(name) static void test_##name(void)

#define RUN(name)                                                             \
	do {                                                                  \
		harness_state.current_failed = 0;                             \
		test_##name();                                                \
		harness_state.run++;                                          \
		if (harness_state.current_failed) {                           \
			harness_state.failed++;                               \
			printf("not ok %d - %s\n", harness_state.run, #name); \
		} else {                                                      \
			harness_state.passed++;                               \
			printf("ok %d - %s\n", harness_state.run, #name);     \
		}                                                             \
		fflush(stdout);                                               \
	} while (0)

#define FAIL_AT(...)                                     \
	do {                                             \
		printf("# %s:%d: ", __FILE__, __LINE__); \
		printf(__VA_ARGS__);                     \
		printf("\n");                            \
		harness_state.current_failed++;          \
	} while (0)

#define CHECK(cond)                                         \
	do {                                                \
		if (!(cond))                                \
			FAIL_AT("CHECK(%s) failed", #cond); \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                 \
	do {                                                               \
		long long a_ = (long long)(a), b_ = (long long)(b);        \
		if (a_ != b_)                                              \
			FAIL_AT("%s == %s: %lld != %lld", #a, #b, a_, b_); \
	} while (0)

#define CHECK_STREQ(a, b)                                                \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (!a_ || !b_ || strcmp(a_, b_))                        \
			FAIL_AT("%s == %s: \"%s\" != \"%s\"", #a, #b,    \
				a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
	} while (0)

/* Relative tolerance tol (absolute near zero). */
#define CHECK_NEAR(a, b, tol)                                                \
	do {                                                                 \
		double a_ = (double)(a), b_ = (double)(b);                   \
		double s_ = fabs(b_) > 1.0 ? fabs(b_) : 1.0;                 \
		if (!(fabs(a_ - b_) <= (tol)*s_))                            \
			FAIL_AT("%s ~= %s: %.12g != %.12g", #a, #b, a_, b_); \
	} while (0)

static inline int harness_done(void)
{
	printf("1..%d\n", harness_state.run);
	printf("%d passed, %d failed\n", harness_state.passed,
	       harness_state.failed);
	return harness_state.failed ? 1 : 0;
}

/* Writes text to DIR/NAME; returns the path (a static buffer, valid until
 * the next call), or NULL if the file cannot be written. */
static inline const char *harness_put_file(const char *dir, const char *name,
					   const char *text)
{
	static char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return NULL;
	fputs(text, f);
	return fclose(f) == 0 ? path : NULL;
}

#endif
