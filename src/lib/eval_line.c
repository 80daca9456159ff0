/*
 * eval_line: the lines of the harness's result channel (fd 3,
 * docs/harness.md), one JSON object per line. The bytes come from the
 * candidate's process (the harness runs inside it), so they are untrusted:
 * a line is taken only if it is exactly one JSON object, and its members
 * are read as spans of the line (fuzzed by fuzz-json against
 * vd_json_parse_span).
 */
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
