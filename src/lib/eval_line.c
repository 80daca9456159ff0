/*
 * eval_line: the lines of the harness's result channel (fd 3,
 * docs/harness.md), one JSON object per line. The bytes come from the
 * candidate's process (the harness runs inside it), so they are untrusted:
 * a line is taken only if it is exactly one JSON object, and its members
 * are read as spans of the line (fuzzed by fuzz-json against
 * vd_json_parse_span). vd_eval_line_value reads the value shape without
 * scanning V; it is trusted only where V is known good: a candidate's V
 * equal byte for byte to the expected text, or a line kept by
 * vd_eval_line_keep (a reference's, after the full parse).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "eval_int.h"
#include "json.h"

/* One member of a result line: the spans of the keys the engine reads. */
static int line_member(struct vd_eval_line *l, const struct vd_json_span *k,
		       const struct vd_json_span *v)
{
	if (vd_json_key_is(k, "i")) {
		if (vd_json_int64(v, &l->i) < 0)
			return -1;
		l->has_i = true;
	} else if (vd_json_key_is(k, "t")) {
		if (vd_json_double(v, &l->t) < 0)
			l->t = 0;
	} else if (vd_json_key_is(k, "v")) {
		l->v = *v;
	} else if (vd_json_key_is(k, "exc")) {
		l->exc = *v;
	} else if (vd_json_key_is(k, "msg")) {
		l->msg = *v;
	} else if (vd_json_key_is(k, "timeout")) {
		l->timeout = v->type == VD_JSON_TRUE;
	} else if (vd_json_key_is(k, "ready")) {
		l->ready = *v;
	} else if (vd_json_key_is(k, "load_error")) {
		l->load_error = *v;
	} else if (vd_json_key_is(k, "end")) {
		l->end = *v;
	} else if (vd_json_key_is(k, "job_error")) {
		l->job_error = *v;
	}
	return 0;
}

/*
 * One pass over the line: each member's value is scanned (and validated)
 * once, where parsing the whole object and then iterating its members
 * would scan every value twice; a value can be tens of MiB.
 */
int vd_eval_line_parse(const char *p, size_t n, struct vd_eval_line *l)
{
	const char *q, *end = p + n;
	struct vd_json_span k, v;

	memset(l, 0, sizeof(*l));
	q = vd_json_skip_ws(p, end);
	if (q >= end || *q != '{')
		return -1;
	q = vd_json_skip_ws(q + 1, end);
	if (q < end && *q == '}') {
		q++;
	} else {
		for (;;) {
			if (vd_json_scan(&q, end, p, &k, NULL) < 0 ||
			    k.type != VD_JSON_STRING)
				return -1;
			q = vd_json_skip_ws(q, end);
			if (q >= end || *q != ':')
				return -1;
			q++;
			if (vd_json_scan(&q, end, p, &v, NULL) < 0 ||
			    line_member(l, &k, &v) < 0)
				return -1;
			q = vd_json_skip_ws(q, end);
			if (q < end && *q == ',') {
				q++;
				continue;
			}
			if (q < end && *q == '}') {
				q++;
				break;
			}
			return -1;
		}
	}
	return vd_json_skip_ws(q, end) == end ? 0 : -1;
}

void vd_eval_line_exc(const struct vd_eval_line *l, char *dst, size_t len)
{
	struct vd_buf b;
	vd_buf_init(&b, len > 1 ? len - 1 : 0);
	if (l->exc.p)
		vd_json_string(&l->exc, &b, true, NULL);
	if (l->msg.p && l->msg.n > 2) {
		vd_buf_puts(&b, ": ");
		vd_json_string(&l->msg, &b, true, NULL);
	}
	snprintf(dst, len, "%s", b.data ? b.data : "exception");
	vd_buf_release(&b);
}

/* Reads `prefix` then one JSON number at *q; 0 or -1. */
static int quick_number(const char **q, const char *base, const char *end,
			const char *prefix, struct vd_json_span *num)
{
	size_t k = strlen(prefix);
	if ((size_t)(end - *q) < k || memcmp(*q, prefix, k))
		return -1;
	*q += k;
	if (vd_json_scan(q, end, base, num, NULL) < 0 ||
	    num->type != VD_JSON_NUMBER)
		return -1;
	return 0;
}

/* The parts of a line in the harness's value shape, exactly
 * {"i": N, "t": T, "v": V} (docs/harness.md), V being everything up to the
 * closing brace, not scanned; false for any other line. */
bool vd_eval_line_value(const char *p, size_t n, int64_t *i, double *t,
			struct vd_span *v)
{
	const char *q = p, *end = p + n;
	struct vd_json_span num;

	if (n < 2 || p[n - 1] != '}' ||
	    quick_number(&q, p, end, "{\"i\": ", &num) < 0 ||
	    vd_json_int64(&num, i) < 0 ||
	    quick_number(&q, p, end, ", \"t\": ", &num) < 0 ||
	    vd_json_double(&num, t) < 0 || end - q <= 8 ||
	    memcmp(q, ", \"v\": ", 7))
		return false;
	v->p = q + 7;
	v->n = (size_t)(end - 1 - v->p);
	return true;
}

/* A reference's line as kept with its expected outputs. A value line is
 * kept in exactly the value shape, rewritten if it was not (members in
 * another order, or more of them), so that loading it needs no scan of V
 * (parse_expected in eval_call.c). */
int vd_eval_line_keep(struct vd_buf *b, const char *p, size_t n,
		      const struct vd_eval_line *l)
{
	int64_t i;
	double t;
	struct vd_span v;
	int rc;

	if (l->has_i && l->v.p &&
	    !(vd_eval_line_value(p, n, &i, &t, &v) && i == l->i &&
	      v.p == l->v.p && v.n == l->v.n)) {
		rc = vd_buf_printf(
			b, "{\"i\": %" PRId64 ", \"t\": %.17g, \"v\": ", l->i,
			isfinite(l->t) ? l->t : 0.0);
		if (rc == 0)
			rc = vd_buf_append(b, l->v.p, l->v.n);
		return rc ? rc : vd_buf_puts(b, "}\n");
	}
	rc = vd_buf_append(b, p, n);
	return rc ? rc : vd_buf_putc(b, '\n');
}
