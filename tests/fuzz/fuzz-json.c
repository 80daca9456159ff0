/*
 * fuzz-json: libFuzzer target for json: the reader (vd_json_scan,
 * vd_json_parse_span, iteration, string and number decoding) and the
 * writer (vd_jw_*, vd_json_quote) on untrusted bytes.
 *
 * The input is a text, not NUL-terminated. Beyond "no crash, no leak, no
 * UB, no read past the end", it checks:
 *   - a parsed value is a span of the text, starting at its first
 *     non-blank byte, whose type agrees with that byte; vd_json_scan finds
 *     the same span, and scanning the text as a stream of values (JSONL)
 *     always moves forward inside the text;
 *   - iterating a container yields string keys (objects only) and values
 *     inside it, and stops exactly at its closing bracket;
 *   - every string span decodes; without allow_nul it fails exactly when
 *     the decoding holds a NUL; a key matches vd_json_key_is(decoding)
 *     exactly when it has no escape;
 *   - an integer span of at most 18 digits reads as int64 and prints back
 *     as itself (except "-0"); a double read is finite and vd_jw_double
 *     prints it back exactly;
 *   - re-written with the writer (compact, indented, Python spacing) a
 *     value reads again as the same tree: same types, same number text,
 *     strings equal (invalid UTF-8 bytes as U+FFFD, keys cut at a NUL);
 *     the writer refuses nesting deeper than VD_JW_MAX_DEPTH - 1 with
 *     VD_EINVAL and a capped buffer with VD_E2BIG, never writing past it;
 *   - vd_eval_line_parse (the harness's result lines, untrusted) takes a
 *     text exactly when vd_json_parse_span finds one object (whose "i" is
 *     an int64), with the same member spans as iterating it; a line kept
 *     by vd_eval_line_keep reads again as the same i and value text, by
 *     the full parse and by the value shape.
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -fno-sanitize-recover=undefined -Iinclude -Isrc/lib \
 *     tests/fuzz/fuzz-json.c src/lib/json.c src/lib/eval_line.c \
 *     src/lib/alloc.c src/lib/err.c src/lib/buf.c -lm -o fuzz-json && ./fuzz-json tests/fuzz/corpus/json
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "eval_int.h"
#include "json.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && is_blank(*p))
		p++;
	return p;
}

static bool inside(const struct vd_json_span *v, const char *lo, const char *hi)
{
	return v->p >= lo && v->n <= (size_t)(hi - v->p) && v->n > 0;
}

/* Length of the valid UTF-8 sequence (RFC 3629) at s, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp, min;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1fu, min = 0x80;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0fu, min = 0x800;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* What the writer should make of the bytes s: each byte outside a valid
 * UTF-8 sequence becomes U+FFFD. */
static void sanitize(const char *s, size_t n, struct vd_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t l = utf8_seq(u + i, n - i);
		if (l) {
			require(vd_buf_append(out, s + i, l) == 0);
			i += l;
		} else {
			require(vd_buf_puts(out, "\xef\xbf\xbd") == 0);
			i++;
		}
	}
}

static bool valid_utf8(const char *s, size_t n)
{
	for (size_t i = 0, l; i < n; i += l)
		if (!(l = utf8_seq((const unsigned char *)s + i, n - i)))
			return false;
	return true;
}

/* Decodes a string span (NUL allowed) into out, emptied first. */
static void decode(const struct vd_json_span *s, struct vd_buf *out)
{
	struct vd_error err;
	vd_buf_clear(out);
	require(vd_json_string(s, out, true, &err) == 0);
}

static void check_string(const struct vd_json_span *s, bool is_key)
{
	struct vd_buf all, strict;
	struct vd_error err;
	char *dup = NULL;
	bool has_nul;
	int rc;

	vd_buf_init(&all, VD_BUF_UNLIMITED);
	vd_buf_init(&strict, VD_BUF_UNLIMITED);
	decode(s, &all);
	has_nul = all.len && memchr(all.data, '\0', all.len);
	rc = vd_json_string(s, &strict, false, &err);
	require(rc == (has_nul ? VD_EPARSE : 0));
	if (rc == 0)
		require(strict.len == all.len &&
			(!all.len || !memcmp(strict.data, all.data, all.len)));
	rc = vd_json_string_dup(s, &dup, &err);
	require(rc == (has_nul ? VD_EPARSE : 0));
	require((rc == 0) == (dup != NULL));
	if (dup)
		require(strlen(dup) == all.len &&
			!memcmp(dup, all.len ? all.data : "", all.len));
	free(dup);
	if (is_key && !has_nul)
		require(vd_json_key_is(s, all.len ? all.data : "") ==
			!memchr(s->p, '\\', s->n));
	vd_buf_release(&all);
	vd_buf_release(&strict);
}

static bool is_integer_text(const char *p, size_t n)
{
	size_t i = n && p[0] == '-';
	if (i == n)
		return false;
	for (; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static void check_number(const struct vd_json_span *v)
{
	struct vd_buf b;
	struct vd_jw w;
	int64_t i;
	double d;
	bool integer = is_integer_text(v->p, v->n);
	int rc = vd_json_int64(v, &i);

	vd_buf_init(&b, VD_BUF_UNLIMITED);
	if (integer && v->n <= 18 + (v->p[0] == '-'))
		require(rc == 0);
	if (rc == 0) {
		require(integer);
		vd_jw_init(&w, &b, 0);
		vd_jw_int(&w, i);
		require(vd_jw_finish(&w) == 0);
		if (!(v->n == 2 && !memcmp(v->p, "-0", 2)))
			require(b.len == v->n && !memcmp(b.data, v->p, v->n));
	}
	rc = vd_json_double(v, &d);
	require(rc == 0 || rc == VD_EPARSE);
	if (integer && v->n <= 18 + (v->p[0] == '-'))
		require(rc == 0);
	if (rc == 0) {
		require(isfinite(d));
		vd_buf_clear(&b);
		vd_jw_init(&w, &b, 0);
		vd_jw_double(&w, d);
		require(vd_jw_finish(&w) == 0);
		require(strtod(b.data, NULL) == d);
	}
	vd_buf_release(&b);
}

/* Checks a value and what iteration finds in it; returns its nesting
 * depth (1 for a container of scalars). */
static int walk(const struct vd_json_span *v)
{
	struct vd_json_iter it;
	struct vd_json_span k, m;
	const char *close;
	int depth = 0, count = 0;

	switch (v->type) {
	case VD_JSON_STRING:
		require(v->n >= 2 && v->p[0] == '"' && v->p[v->n - 1] == '"');
		check_string(v, false);
		return 0;
	case VD_JSON_NUMBER:
		check_number(v);
		return 0;
	case VD_JSON_TRUE:
		require(v->n == 4 && !memcmp(v->p, "true", 4));
		return 0;
	case VD_JSON_FALSE:
		require(v->n == 5 && !memcmp(v->p, "false", 5));
		return 0;
	case VD_JSON_NULL:
		require(v->n == 4 && !memcmp(v->p, "null", 4));
		return 0;
	case VD_JSON_OBJECT:
	case VD_JSON_ARRAY:
		break;
	default:
		abort();
	}
	close = v->p + v->n - 1;
	require(v->n >= 2 && *close == (v->type == VD_JSON_OBJECT ? '}' : ']'));
	vd_json_iter_init(&it, v);
	while (vd_json_next(&it, &k, &m)) {
		int d;
		count++;
		if (v->type == VD_JSON_OBJECT) {
			require(k.type == VD_JSON_STRING &&
				inside(&k, v->p + 1, close));
			check_string(&k, true);
		} else {
			require(k.p == NULL);
		}
		require(inside(&m, v->p + 1, close));
		d = walk(&m);
		if (d > depth)
			depth = d;
	}
	require(it.count == count);
	require(skip_blank(it.p, close) == close);
	return depth + 1;
}

/* Writes v with the writer, as the engine re-emits dataset fields. */
static void emit(struct vd_jw *w, const struct vd_json_span *v)
{
	struct vd_json_iter it;
	struct vd_json_span k, m;
	struct vd_buf s;

	vd_buf_init(&s, VD_BUF_UNLIMITED);
	switch (v->type) {
	case VD_JSON_OBJECT:
	case VD_JSON_ARRAY:
		if (v->type == VD_JSON_OBJECT)
			vd_jw_object(w);
		else
			vd_jw_array(w);
		vd_json_iter_init(&it, v);
		while (vd_json_next(&it, &k, &m)) {
			if (v->type == VD_JSON_OBJECT) {
				decode(&k, &s);
				vd_jw_key(w, s.data ? s.data : "");
			}
			emit(w, &m);
		}
		if (v->type == VD_JSON_OBJECT)
			vd_jw_object_end(w);
		else
			vd_jw_array_end(w);
		break;
	case VD_JSON_STRING:
		decode(v, &s);
		vd_jw_string_n(w, s.data, s.len);
		break;
	case VD_JSON_NUMBER:
		vd_jw_raw(w, v->p, v->n);
		break;
	case VD_JSON_TRUE:
	case VD_JSON_FALSE:
		vd_jw_bool(w, v->type == VD_JSON_TRUE);
		break;
	default:
		vd_jw_null(w);
	}
	vd_buf_release(&s);
}

/* Is the re-read string b what the writer should make of a? Keys are
 * written as C strings, so they end at the first NUL. */
static void same_string(const struct vd_json_span *a,
			const struct vd_json_span *b, bool is_key)
{
	struct vd_buf da, db, want;
	size_t n;

	require(b->type == VD_JSON_STRING);
	vd_buf_init(&da, VD_BUF_UNLIMITED);
	vd_buf_init(&db, VD_BUF_UNLIMITED);
	vd_buf_init(&want, VD_BUF_UNLIMITED);
	decode(a, &da);
	decode(b, &db);
	n = is_key && da.len ? strlen(da.data) : da.len;
	sanitize(da.data, n, &want);
	require(valid_utf8(db.data, db.len));
	require(db.len == want.len &&
		(!db.len || !memcmp(db.data, want.data, db.len)));
	vd_buf_release(&da);
	vd_buf_release(&db);
	vd_buf_release(&want);
}

/* Is b (re-read from the writer's output) the same tree as a? */
static void same(const struct vd_json_span *a, const struct vd_json_span *b)
{
	struct vd_json_iter ia, ib;
	struct vd_json_span ka, va, kb, vb;

	require(a->type == b->type);
	switch (a->type) {
	case VD_JSON_OBJECT:
	case VD_JSON_ARRAY:
		vd_json_iter_init(&ia, a);
		vd_json_iter_init(&ib, b);
		while (vd_json_next(&ia, &ka, &va)) {
			require(vd_json_next(&ib, &kb, &vb) == 1);
			if (a->type == VD_JSON_OBJECT)
				same_string(&ka, &kb, true);
			same(&va, &vb);
		}
		require(vd_json_next(&ib, &kb, &vb) == 0);
		break;
	case VD_JSON_STRING:
		same_string(a, b, false);
		break;
	case VD_JSON_NUMBER:
		require(a->n == b->n && !memcmp(a->p, b->p, a->n));
		break;
	default:
		break;
	}
}

static void check_rewrite(const struct vd_json_span *v, int depth)
{
	static const struct {
		int indent;
		bool python;
	} modes[] = { { 0, false }, { 2, false }, { 0, true } };
	struct vd_json_span again;
	struct vd_error err;
	struct vd_buf out, capped;
	struct vd_jw w;
	int rc;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		vd_buf_init(&out, VD_BUF_UNLIMITED);
		vd_jw_init(&w, &out, modes[i].indent);
		w.python_spacing = modes[i].python;
		emit(&w, v);
		rc = vd_jw_finish(&w);
		if (depth >= VD_JW_MAX_DEPTH) {
			require(rc == VD_EINVAL);
		} else {
			require(rc == 0);
			require(vd_json_parse_span(out.data, out.len, &again,
						   &err) == 0);
			require(again.p == out.data && again.n == out.len);
			same(v, &again);
		}
		if (rc == 0 && out.len > 0) {
			/* The same output into a buffer half as large. */
			vd_buf_init(&capped, out.len / 2);
			vd_jw_init(&w, &capped, modes[i].indent);
			w.python_spacing = modes[i].python;
			emit(&w, v);
			require(vd_jw_finish(&w) == VD_E2BIG);
			require(capped.len <= out.len / 2 &&
				(!capped.len ||
				 !memcmp(capped.data, out.data, capped.len)));
			vd_buf_release(&capped);
		}
		vd_buf_release(&out);
	}
}

/* The text as a stream of values, as JSONL readers see a line. */
static void check_stream(const char *text, size_t size)
{
	const char *p = text, *end = text + size;
	struct vd_json_span v;
	struct vd_error err;

	for (int n = 0; n < 64; n++) {
		const char *before = p;
		int rc = vd_json_scan(&p, end, text, &v, &err);
		if (rc) {
			require(rc == VD_EPARSE && err.code == VD_EPARSE);
			require(strnlen(err.msg, sizeof(err.msg)) <
				sizeof(err.msg));
			require(p == before);
			return;
		}
		require(p > before && p <= end);
		require(v.p >= before && v.p + v.n == p);
		require(v.p == skip_blank(before, end));
	}
}

static bool same_span(const struct vd_json_span *a,
		      const struct vd_json_span *b)
{
	return a->p == b->p && a->n == b->n && (!a->p || a->type == b->type);
}

/*
 * vd_eval_line_keep: a kept line reads again as the same i and value text,
 * both by the full parse and by the value shape (vd_eval_line_value,
 * which the expected outputs' load trusts for kept value lines).
 */
static void check_kept(const char *text, size_t size,
		       const struct vd_eval_line *l)
{
	struct vd_eval_line back;
	struct vd_buf b;
	struct vd_span v;
	int64_t i;
	double t;

	vd_buf_init(&b, VD_BUF_UNLIMITED);
	if (vd_eval_line_keep(&b, text, size, l) != 0) {
		vd_buf_release(&b); /* out of memory only */
		return;
	}
	require(b.len > 0 && b.data[b.len - 1] == '\n');
	require(vd_eval_line_parse(b.data, b.len - 1, &back) == 0);
	require(back.has_i == l->has_i && (!l->has_i || back.i == l->i));
	if (l->has_i && l->v.p) {
		require(back.v.n == l->v.n &&
			!memcmp(back.v.p, l->v.p, l->v.n));
		require(vd_eval_line_value(b.data, b.len - 1, &i, &t, &v));
		require(i == l->i && v.p == back.v.p && v.n == back.v.n);
	}
	vd_buf_release(&b);
}

/*
 * vd_eval_line_parse (the harness's result lines, eval_line.c) against
 * vd_json_parse_span and iteration: it takes a text exactly when that is
 * one JSON object whose "i" members are int64s (one nesting level more is
 * allowed: its members are scanned from depth 0), and its spans are the
 * last member of each key, as iteration finds them.
 */
static void check_line(const char *text, size_t size)
{
	struct vd_eval_line l, want;
	struct vd_json_span obj, k, v;
	struct vd_json_iter it;
	struct vd_error err;
	int got = vd_eval_line_parse(text, size, &l);
	bool ok = true;

	if (vd_json_parse_span(text, size, &obj, &err) != 0 ||
	    obj.type != VD_JSON_OBJECT) {
		require(got == -1 || strstr(err.msg, "nesting too deep"));
		return;
	}
	memset(&want, 0, sizeof(want));
	vd_json_iter_init(&it, &obj);
	while (vd_json_next(&it, &k, &v)) {
		if (vd_json_key_is(&k, "i")) {
			ok = ok && vd_json_int64(&v, &want.i) == 0;
			want.has_i = true;
		} else if (vd_json_key_is(&k, "t")) {
			if (vd_json_double(&v, &want.t) < 0)
				want.t = 0;
		} else if (vd_json_key_is(&k, "v")) {
			want.v = v;
		} else if (vd_json_key_is(&k, "exc")) {
			want.exc = v;
		} else if (vd_json_key_is(&k, "end")) {
			want.end = v;
		} else if (vd_json_key_is(&k, "timeout")) {
			want.timeout = v.type == VD_JSON_TRUE;
		}
	}
	require(got == (ok ? 0 : -1));
	if (!ok)
		return;
	require(l.has_i == want.has_i && (!l.has_i || l.i == want.i));
	require(l.t == want.t || (l.t != l.t && want.t != want.t));
	require(same_span(&l.v, &want.v) && same_span(&l.exc, &want.exc) &&
		same_span(&l.end, &want.end) && l.timeout == want.timeout);
	check_kept(text, size, &l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *first = skip_blank(text, text + size);
	const char *pos = text;
	struct vd_json_span v, s;
	struct vd_error err;
	int rc, depth;

	check_stream(text, size);
	check_line(text, size);
	rc = vd_json_parse_span(text, size, &v, &err);
	if (rc) {
		require(rc == VD_EPARSE && err.code == VD_EPARSE);
		return 0;
	}
	require(v.p == first && inside(&v, text, text + size));
	require(skip_blank(v.p + v.n, text + size) == text + size);
	switch (*first) {
	case '{':
		require(v.type == VD_JSON_OBJECT);
		break;
	case '[':
		require(v.type == VD_JSON_ARRAY);
		break;
	case '"':
		require(v.type == VD_JSON_STRING);
		break;
	case 't':
	case 'f':
	case 'n':
		require(v.type != VD_JSON_NUMBER && v.type != VD_JSON_STRING);
		break;
	default:
		require(v.type == VD_JSON_NUMBER);
	}
	require(vd_json_scan(&pos, text + size, text, &s, &err) == 0);
	require(s.p == v.p && s.n == v.n && s.type == v.type);
	depth = walk(&v);
	check_rewrite(&v, depth);
	return 0;
}
