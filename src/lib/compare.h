/*
 * compare: checkers that decide whether an output matches the expected one.
 *
 * They run in the engine, outside the sandbox, on untrusted bytes (fuzzed).
 * The checker is always named and recorded, because tools disagree
 * (formats.md 2.9):
 *   exact          byte for byte
 *   lines          line by line, ignoring trailing spaces/tabs/CR on each
 *                  line and trailing blank lines (the default)
 *   strip          verl: equal after removing trailing newlines only
 *   tokens         the sequences of whitespace-separated tokens are equal
 *   float:<eps>    tokens; two numeric tokens match if |a-b| <= eps or
 *                  |a-b| <= eps * |b|
 */
#ifndef VD_COMPARE_H
#define VD_COMPARE_H

#include <stddef.h>

enum vd_checker_kind {
	VD_CHECK_EXACT,
	VD_CHECK_LINES,
	VD_CHECK_STRIP,
	VD_CHECK_TOKENS,
	VD_CHECK_FLOAT,
};

struct vd_checker {
	int kind;
	double eps;
	char name[48]; /* canonical name, e.g. "float:1e-06" */
};

/* Parses a checker name (NULL = "lines"). 0 or VD_EINVAL. */
int vd_checker_parse(const char *name, struct vd_checker *c);

/* 1 if out matches expected, 0 if not; detail (if non-NULL) receives the
 * first difference, quoted and shortened. */
int vd_compare(const struct vd_checker *c, const char *out, size_t out_len,
	       const char *exp, size_t exp_len, char *detail,
	       size_t detail_len);

#endif
