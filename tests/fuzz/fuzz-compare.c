/*
 * fuzz-compare: libFuzzer target for compare (vd_checker_parse and the
 * output checkers of vd_compare) on untrusted bytes.
 *
 * The input is a choice byte, then the output, a NUL byte and the expected
 * text (no NUL: the whole rest is the output, compared with itself). The
 * choice byte picks the checker name from a table, the detail buffer's
 * size, and whether the name is instead the output's bytes up to its first
 * NUL (dataset files name checkers). Beyond "no crash, no leak, no UB, no
 * read past either text", it checks:
 *   - a parsed checker has a name that parses to itself, the same kind
 *     and (for float) about the same eps; a refused name is VD_EINVAL;
 *   - vd_compare returns 1 or 0, never depends on the detail buffer, fills
 *     it (NUL-terminated, within its size) with "" on a match and with a
 *     description on a mismatch when there is room;
 *   - every checker matches a text with itself, and with the same text
 *     plus trailing newlines except exact;
 *   - exact => strip => lines => tokens => float:<any eps>, on the pair;
 *   - exact, strip, lines and tokens are symmetric (float is not: its
 *     relative tolerance is taken from the expected value);
 *   - float with a larger eps matches whatever a smaller one matches.
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -Iinclude -Isrc/lib \
 *     tests/fuzz/fuzz-compare.c src/lib/compare.c -lm -o fuzz-compare && \
 *     ./fuzz-compare tests/fuzz/corpus/compare
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

static const char *const names[] = {
	NULL,		"lines",	"exact",     "strip",
	"tokens",	"float",	"float:0",   "float:1e-9",
	"float:1e-3",	"float:0.5",	"float:100", "float:1e300",
	"float:",	"float:-1",	"float:nan", "float:inf",
	"floaty",	"LINES",	"",	     "float:1e-6x",
	"float:0x1p-3", "float:1e-400", "float: 1",  "tokens ",
};

static const size_t detail_sizes[] = { 0, 1, 2, 8, 16, 64, 200, 512 };

/* A copy of n bytes in a block of exactly n bytes, so that ASan sees any
 * read past the text. */
static char *copy(const char *p, size_t n)
{
	char *c = malloc(n ? n : 1);
	require(c != NULL);
	if (n)
		memcpy(c, p, n);
	return c;
}

/* vd_compare, checking the detail contract, with several detail sizes. */
static int compare(const struct vd_checker *c, const char *out, size_t on,
		   const char *exp, size_t en, size_t dl)
{
	char detail[512 + 1];
	int r;

	memset(detail, 'x', sizeof(detail));
	r = vd_compare(c, out, on, exp, en, detail, dl);
	require(r == 0 || r == 1);
	require(detail[dl] == 'x'); /* nothing written past it */
	if (dl) {
		require(strnlen(detail, dl) < dl);
		if (r == 1)
			require(detail[0] == '\0');
		else if (dl >= 64)
			require(detail[0] != '\0');
	}
	require(vd_compare(c, out, on, exp, en, NULL, 0) == r);
	return r;
}

static void parse_checker(const char *name, struct vd_checker *c, bool *ok)
{
	struct vd_checker again;
	int rc = vd_checker_parse(name, c);

	require(rc == 0 || rc == VD_EINVAL);
	*ok = rc == 0;
	if (rc)
		return;
	require(c->kind >= VD_CHECK_EXACT && c->kind <= VD_CHECK_FLOAT);
	require(strnlen(c->name, sizeof(c->name)) < sizeof(c->name));
	require(vd_checker_parse(c->name, &again) == 0);
	require(again.kind == c->kind && !strcmp(again.name, c->name));
	if (c->kind == VD_CHECK_FLOAT) {
		require(c->eps >= 0 && isfinite(c->eps));
		/* %g keeps 6 digits */
		require(fabs(again.eps - c->eps) <= 1e-5 * c->eps);
	}
}

static int kind_of(const char *name)
{
	struct vd_checker c;
	require(vd_checker_parse(name, &c) == 0);
	return c.kind;
}

/* The invariants that hold between the checkers on one pair. */
static void check_pair(const char *out, size_t on, const char *exp, size_t en,
		       size_t dl)
{
	static const char *const chain[] = { "exact", "strip", "lines",
					     "tokens", "float:0" };
	static const char *const epsilons[] = { "float:0", "float:1e-9",
						"float:1e-3", "float:0.5",
						"float:1e300" };
	struct vd_checker c;
	int prev = 0, r;

	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++) {
		require(vd_checker_parse(chain[i], &c) == 0);
		r = compare(&c, out, on, exp, en, dl);
		require(r >= prev);
		prev = r;
		if (c.kind != VD_CHECK_FLOAT)
			require(compare(&c, exp, en, out, on, dl) == r);
	}
	prev = 0;
	for (size_t i = 0; i < sizeof(epsilons) / sizeof(epsilons[0]); i++) {
		require(vd_checker_parse(epsilons[i], &c) == 0);
		r = compare(&c, out, on, exp, en, dl);
		require(r >= prev);
		prev = r;
	}
}

/* A text matches itself, and with trailing newlines added. */
static void check_self(const struct vd_checker *c, const char *t, size_t n,
		       size_t dl)
{
	char *more = malloc(n + 3);

	require(more != NULL);
	require(compare(c, t, n, t, n, dl) == 1);
	if (n)
		memcpy(more, t, n);
	memcpy(more + n, "\n\n\n", 3);
	if (c->kind != VD_CHECK_EXACT) {
		require(compare(c, more, n + 1, t, n, dl) == 1);
		require(compare(c, t, n, more, n + 3, dl) == 1);
	}
	free(more);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data + 1;
	const char *sep;
	size_t n = size ? size - 1 : 0, on, en, dl;
	uint8_t pick = size ? data[0] : 0;
	struct vd_checker c;
	char name[64];
	char *out, *exp;
	bool ok;

	sep = memchr(text, '\0', n);
	on = sep ? (size_t)(sep - text) : n;
	en = sep ? n - on - 1 : on;
	out = copy(text, on);
	exp = copy(sep ? sep + 1 : text, en);
	dl = detail_sizes[(pick >> 4) & 7];
	if (pick & 0x80 && on < sizeof(name)) {
		/* The output's bytes as a checker name. */
		memcpy(name, out, on);
		name[on] = '\0';
		parse_checker(name, &c, &ok);
	} else {
		parse_checker(names[pick % (sizeof(names) / sizeof(names[0]))],
			      &c, &ok);
	}
	if (ok) {
		check_self(&c, out, on, dl);
		check_self(&c, exp, en, dl);
		compare(&c, out, on, exp, en, dl);
	}
	require(kind_of(NULL) == VD_CHECK_LINES);
	check_pair(out, on, exp, en, dl);
	free(out);
	free(exp);
	return 0;
}
