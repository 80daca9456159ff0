#include "compare.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"

int vd_checker_parse(const char *name, struct vd_checker *c)
{
	memset(c, 0, sizeof(*c));
	if (!name || !strcmp(name, "lines")) {
		c->kind = VD_CHECK_LINES;
	} else if (!strcmp(name, "exact")) {
		c->kind = VD_CHECK_EXACT;
	} else if (!strcmp(name, "strip")) {
		c->kind = VD_CHECK_STRIP;
	} else if (!strcmp(name, "tokens")) {
		c->kind = VD_CHECK_TOKENS;
	} else if (!strncmp(name, "float", 5) &&
		   (name[5] == '\0' || name[5] == ':')) {
		char *end;
		c->kind = VD_CHECK_FLOAT;
		c->eps = 1e-6;
		if (name[5] == ':') {
			errno = 0;
			c->eps = strtod(name + 6, &end);
			if (errno || end == name + 6 || *end ||
			    !(c->eps >= 0) || isinf(c->eps))
				return VD_EINVAL;
		}
		snprintf(c->name, sizeof(c->name), "float:%g", c->eps);
		return 0;
	} else {
		return VD_EINVAL;
	}
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "lines");
	return 0;
}

/* A span of the output or of the expected text. */
struct span {
	const char *p;
	size_t n;
};

/* Writes `s` quoted, escaping control bytes, at most max bytes of it. */
static size_t quote(char *dst, size_t cap, struct span s)
{
	size_t o = 0, max = 40;
	if (cap < 8)
		return 0;
	dst[o++] = '\'';
	for (size_t i = 0; i < s.n && i < max && o + 6 < cap; i++) {
		unsigned char ch = (unsigned char)s.p[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '\\' && ch != '\'')
			dst[o++] = (char)ch;
		else
			o += (size_t)snprintf(dst + o, cap - o, "\\x%02x", ch);
	}
	if (s.n > max && o + 4 < cap) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	if (o + 1 < cap)
		dst[o++] = '\'';
	dst[o] = '\0';
	return o;
}

static void describe(char *detail, size_t len, const char *what, size_t index,
		     struct span exp, struct span got)
{
	char e[200], g[200];
	if (!detail || !len)
		return;
	quote(e, sizeof(e), exp);
	quote(g, sizeof(g), got);
	snprintf(detail, len, "%s %zu: expected %s, got %s", what, index, e, g);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Next line of [*p, end): the line without its '\n' and trailing blanks. */
static bool next_line(const char **p, const char *end, struct span *line)
{
	const char *s = *p, *nl;
	size_t n;
	if (s >= end)
		return false;
	nl = memchr(s, '\n', (size_t)(end - s));
	n = nl ? (size_t)(nl - s) : (size_t)(end - s);
	*p = nl ? nl + 1 : end;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	line->p = s;
	line->n = n;
	return true;
}

/* Length without trailing whitespace-only lines. */
static size_t trim_trailing_blank(const char *s, size_t n)
{
	while (n && is_space(s[n - 1]))
		n--;
	return n;
}

static int compare_lines(const char *out, size_t on, const char *exp, size_t en,
			 char *detail, size_t dl)
{
	const char *o = out, *oe = out + trim_trailing_blank(out, on);
	const char *e = exp, *ee = exp + trim_trailing_blank(exp, en);
	struct span lo, le;
	size_t index = 1;

	for (;; index++) {
		bool ho = next_line(&o, oe, &lo), he = next_line(&e, ee, &le);
		if (!ho && !he)
			return 1;
		if (!ho) {
			lo.p = "";
			lo.n = 0;
			describe(detail, dl, "line", index, le, lo);
			if (detail && dl)
				strncat(detail, " (output ended)",
					dl - strlen(detail) - 1);
			return 0;
		}
		if (!he) {
			le.p = "";
			le.n = 0;
			describe(detail, dl, "line", index, le, lo);
			if (detail && dl)
				strncat(detail, " (extra output)",
					dl - strlen(detail) - 1);
			return 0;
		}
		if (lo.n != le.n || memcmp(lo.p, le.p, lo.n)) {
			describe(detail, dl, "line", index, le, lo);
			return 0;
		}
	}
}

static bool next_token(const char **p, const char *end, struct span *tok)
{
	const char *s = *p;
	while (s < end && is_space(*s))
		s++;
	if (s >= end) {
		*p = end;
		return false;
	}
	tok->p = s;
	while (s < end && !is_space(*s))
		s++;
	tok->n = (size_t)(s - tok->p);
	*p = s;
	return true;
}

/* Parses a whole token as a finite number. */
static bool token_number(struct span t, double *v)
{
	char buf[128];
	char *end;
	if (t.n == 0 || t.n >= sizeof(buf))
		return false;
	memcpy(buf, t.p, t.n);
	buf[t.n] = '\0';
	/* strtod also takes hex floats, "inf" and "nan": only decimal
	 * numbers count here. */
	for (size_t i = 0; i < t.n; i++) {
		char c = buf[i];
		if (!(isdigit((unsigned char)c) || c == '.' || c == '-' ||
		      c == '+' || c == 'e' || c == 'E'))
			return false;
	}
	errno = 0;
	*v = strtod(buf, &end);
	return *end == '\0' && errno != ERANGE && isfinite(*v);
}

static bool float_equal(double a, double b, double eps)
{
	double d = fabs(a - b);
	return d <= eps || d <= eps * fabs(b);
}

static int compare_tokens(const struct vd_checker *c, const char *out,
			  size_t on, const char *exp, size_t en, char *detail,
			  size_t dl)
{
	const char *o = out, *oe = out + on, *e = exp, *ee = exp + en;
	struct span to, te;
	size_t index = 1;

	for (;; index++) {
		bool ho = next_token(&o, oe, &to), he = next_token(&e, ee, &te);
		double a, b;
		if (!ho && !he)
			return 1;
		if (!ho || !he) {
			if (!ho) {
				to.p = "";
				to.n = 0;
			}
			if (!he) {
				te.p = "";
				te.n = 0;
			}
			describe(detail, dl, "token", index, te, to);
			return 0;
		}
		if (to.n == te.n && !memcmp(to.p, te.p, to.n))
			continue;
		if (c->kind == VD_CHECK_FLOAT && token_number(to, &a) &&
		    token_number(te, &b) && float_equal(a, b, c->eps))
			continue;
		describe(detail, dl, "token", index, te, to);
		return 0;
	}
}

static size_t strip_newlines(const char *s, size_t n)
{
	while (n && s[n - 1] == '\n')
		n--;
	return n;
}

/* First differing byte, for exact and strip. */
static int compare_bytes(const char *out, size_t on, const char *exp, size_t en,
			 char *detail, size_t dl)
{
	size_t i = 0, start;
	struct span so, se;

	if (on == en && !memcmp(out, exp, on))
		return 1;
	while (i < on && i < en && out[i] == exp[i])
		i++;
	start = i > 10 ? i - 10 : 0;
	so.p = out + start;
	so.n = on - start;
	se.p = exp + start;
	se.n = en - start;
	describe(detail, dl, "byte", i, se, so);
	return 0;
}

int vd_compare(const struct vd_checker *c, const char *out, size_t out_len,
	       const char *exp, size_t exp_len, char *detail, size_t detail_len)
{
	if (detail && detail_len)
		detail[0] = '\0';
	if (!out)
		out = "";
	if (!exp)
		exp = "";
	switch (c->kind) {
	case VD_CHECK_EXACT:
		return compare_bytes(out, out_len, exp, exp_len, detail,
				     detail_len);
	case VD_CHECK_STRIP:
		return compare_bytes(out, strip_newlines(out, out_len), exp,
				     strip_newlines(exp, exp_len), detail,
				     detail_len);
	case VD_CHECK_TOKENS:
	case VD_CHECK_FLOAT:
		return compare_tokens(c, out, out_len, exp, exp_len, detail,
				      detail_len);
	default:
		return compare_lines(out, out_len, exp, exp_len, detail,
				     detail_len);
	}
}
