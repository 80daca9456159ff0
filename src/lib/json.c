#include "json.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "verdict.h"

void vd_jw_init(struct vd_jw *w, struct vd_buf *out, int indent)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
	w->indent = indent;
}

static void put(struct vd_jw *w, const char *s, size_t n)
{
	int rc;
	if (w->error)
		return;
	rc = vd_buf_append(w->out, s, n);
	if (rc)
		w->error = rc;
}

static void newline(struct vd_jw *w)
{
	if (!w->indent)
		return;
	put(w, "\n", 1);
	for (int i = 0; i < w->depth * w->indent; i++)
		put(w, " ", 1);
}

/* Comma and indentation before a value or key. */
static void before_value(struct vd_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth])
			put(w, w->python_spacing ? ", " : ",",
			    w->python_spacing ? 2 : 1);
		newline(w);
	}
	w->first[w->depth] = false;
}

static void open_level(struct vd_jw *w, char c)
{
	before_value(w);
	put(w, &c, 1);
	if (w->depth + 1 >= VD_JW_MAX_DEPTH) {
		w->error = VD_EINVAL;
		return;
	}
	w->depth++;
	w->first[w->depth] = true;
}

static void close_level(struct vd_jw *w, char c)
{
	bool empty;
	if (w->depth <= 0) {
		w->error = VD_EINVAL;
		return;
	}
	empty = w->first[w->depth];
	w->depth--;
	if (!empty)
		newline(w);
	put(w, &c, 1);
}

void vd_jw_object(struct vd_jw *w)
{
	open_level(w, '{');
}

void vd_jw_object_end(struct vd_jw *w)
{
	close_level(w, '}');
}

void vd_jw_array(struct vd_jw *w)
{
	open_level(w, '[');
}

void vd_jw_array_end(struct vd_jw *w)
{
	close_level(w, ']');
}

/* Length of a valid UTF-8 sequence starting at s (max n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07u;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

int vd_json_quote(struct vd_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc = vd_buf_putc(b, '"');

	while (rc == 0 && i < n) {
		unsigned char c = p[i];
		size_t l = c >= 0x20 && c != '"' && c != '\\'
				   ? utf8_len(p + i, n - i)
				   : 0;
		char esc[8];
		if (l) {
			i += l;
			run += l;
			continue;
		}
		if (run)
			rc = vd_buf_append(b, s + i - run, run);
		run = 0;
		if (rc)
			break;
		switch (c) {
		case '"':
			rc = vd_buf_puts(b, "\\\"");
			break;
		case '\\':
			rc = vd_buf_puts(b, "\\\\");
			break;
		case '\n':
			rc = vd_buf_puts(b, "\\n");
			break;
		case '\t':
			rc = vd_buf_puts(b, "\\t");
			break;
		case '\r':
			rc = vd_buf_puts(b, "\\r");
			break;
		default:
			if (c < 0x20)
				snprintf(esc, sizeof(esc), "\\u%04x", c);
			else
				snprintf(esc, sizeof(esc), "\\ufffd");
			rc = vd_buf_puts(b, esc);
		}
		i++;
	}
	if (rc == 0 && run)
		rc = vd_buf_append(b, s + i - run, run);
	if (rc == 0)
		rc = vd_buf_putc(b, '"');
	return rc;
}

void vd_jw_key(struct vd_jw *w, const char *key)
{
	int rc;
	before_value(w);
	if (w->error)
		return;
	rc = vd_json_quote(w->out, key, strlen(key));
	if (rc)
		w->error = rc;
	put(w, w->indent || w->python_spacing ? ": " : ":",
	    w->indent || w->python_spacing ? 2 : 1);
	w->after_key = true;
}

void vd_jw_string_n(struct vd_jw *w, const char *s, size_t n)
{
	int rc;
	before_value(w);
	if (w->error)
		return;
	rc = vd_json_quote(w->out, s ? s : "", s ? n : 0);
	if (rc)
		w->error = rc;
}

void vd_jw_string(struct vd_jw *w, const char *s)
{
	vd_jw_string_n(w, s, s ? strlen(s) : 0);
}

void vd_jw_int(struct vd_jw *w, int64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	before_value(w);
	put(w, tmp, (size_t)n);
}

void vd_jw_uint(struct vd_jw *w, uint64_t v)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	before_value(w);
	put(w, tmp, (size_t)n);
}

void vd_jw_double(struct vd_jw *w, double v)
{
	char tmp[40];
	int n;
	if (!isfinite(v)) {
		vd_jw_null(w);
		return;
	}
	/* The shortest form that reads back exactly (as Python's repr). */
	for (int prec = 1; prec <= 17; prec++) {
		n = snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	before_value(w);
	put(w, tmp, (size_t)n);
}

void vd_jw_bool(struct vd_jw *w, bool v)
{
	before_value(w);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void vd_jw_null(struct vd_jw *w)
{
	before_value(w);
	put(w, "null", 4);
}

void vd_jw_raw(struct vd_jw *w, const char *json, size_t n)
{
	before_value(w);
	put(w, json, n);
}

int vd_jw_finish(struct vd_jw *w)
{
	if (!w->error && w->depth != 0)
		w->error = VD_EINVAL;
	return w->error;
}

/* ---- reading ---- */

static int parse_error(struct vd_error *err, const char *base, const char *at,
		       const char *what)
{
	return vd_error_set(err, VD_EPARSE, 0, "%s at byte %zu", what,
			    (size_t)(at - base));
}

const char *vd_json_skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static bool has_word(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) >= n && !memcmp(p, w, n);
}

/* Eight bytes at a time: does word w hold a '"', a '\\' or a control
 * character (below 0x20)? Each test is the classic "has a zero byte" one,
 * (x - 0x01..) & ~x & 0x80.., on w XOR the byte, or for "below 0x20" on w
 * itself with 0x20..; it never misses a byte, and the byte loop after it
 * decides. */
static bool word_needs_look(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t quote = w ^ (ones * '"'), slash = w ^ (ones * '\\');

	return (((quote - ones) & ~quote) | ((slash - ones) & ~slash) |
		((w - ones * 0x20) & ~w)) &
	       highs;
}

static int scan_string(const char **pos, const char *end, const char *base,
		       struct vd_error *err)
{
	const char *p = *pos + 1;
	while (p < end) {
		unsigned char c;
		uint64_t w;
		/* Long plain runs (base64, long words) a word at a time. */
		while (end - p >= 8) {
			memcpy(&w, p, sizeof(w));
			if (word_needs_look(w))
				break;
			p += 8;
		}
		if (p >= end)
			break;
		c = (unsigned char)*p;
		if (c == '"') {
			*pos = p + 1;
			return 0;
		}
		if (c < 0x20)
			return parse_error(err, base, p,
					   "control character in string");
		if (c == '\\') {
			if (p + 1 >= end)
				break;
			switch (p[1]) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				p += 2;
				continue;
			case 'u':
				if (end - p < 6)
					return parse_error(err, base, p,
							   "short \\u escape");
				for (int i = 2; i < 6; i++)
					if (!isxdigit((unsigned char)p[i]))
						return parse_error(
							err, base, p,
							"bad \\u escape");
				p += 6;
				continue;
			default:
				return parse_error(err, base, p, "bad escape");
			}
		}
		p++;
	}
	return parse_error(err, base, *pos, "unterminated string");
}

static int scan_number(const char **pos, const char *end, const char *base,
		       struct vd_error *err)
{
	const char *p = *pos;
	if (p < end && *p == '-')
		p++;
	if (has_word(p, end, "Infinity")) {
		*pos = p + 8;
		return 0;
	}
	if (p >= end || !isdigit((unsigned char)*p))
		return parse_error(err, base, *pos, "bad number");
	if (*p == '0')
		p++;
	else
		while (p < end && isdigit((unsigned char)*p))
			p++;
	if (p < end && *p == '.') {
		p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return parse_error(err, base, p, "bad fraction");
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !isdigit((unsigned char)*p))
			return parse_error(err, base, p, "bad exponent");
		while (p < end && isdigit((unsigned char)*p))
			p++;
	}
	*pos = p;
	return 0;
}

static int scan_value(const char **pos, const char *end, const char *base,
		      int depth, struct vd_json_span *v, struct vd_error *err);

static int scan_container(const char **pos, const char *end, const char *base,
			  int depth, bool object, struct vd_error *err)
{
	const char *p = vd_json_skip_ws(*pos + 1, end);
	char close = object ? '}' : ']';
	struct vd_json_span tmp;
	int rc;

	if (depth >= VD_JSON_MAX_DEPTH)
		return parse_error(err, base, *pos, "nesting too deep");
	if (p < end && *p == close) {
		*pos = p + 1;
		return 0;
	}
	for (;;) {
		if (object) {
			p = vd_json_skip_ws(p, end);
			if (p >= end || *p != '"')
				return parse_error(err, base, p,
						   "expected a key");
			rc = scan_string(&p, end, base, err);
			if (rc)
				return rc;
			p = vd_json_skip_ws(p, end);
			if (p >= end || *p != ':')
				return parse_error(err, base, p,
						   "expected ':'");
			p++;
		}
		rc = scan_value(&p, end, base, depth + 1, &tmp, err);
		if (rc)
			return rc;
		p = vd_json_skip_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == close) {
			*pos = p + 1;
			return 0;
		}
		return parse_error(err, base, p,
				   object ? "expected ',' or '}'"
					  : "expected ',' or ']'");
	}
}

static int scan_value(const char **pos, const char *end, const char *base,
		      int depth, struct vd_json_span *v, struct vd_error *err)
{
	const char *p = vd_json_skip_ws(*pos, end);
	const char *start = p;
	int rc = 0;

	if (p >= end)
		return parse_error(err, base, p, "expected a value");
	switch (*p) {
	case '{':
	case '[':
		v->type = *p == '{' ? VD_JSON_OBJECT : VD_JSON_ARRAY;
		rc = scan_container(&p, end, base, depth, *p == '{', err);
		break;
	case '"':
		v->type = VD_JSON_STRING;
		rc = scan_string(&p, end, base, err);
		break;
	case 't':
	case 'f':
	case 'n':
		if (has_word(p, end, "true")) {
			v->type = VD_JSON_TRUE;
			p += 4;
		} else if (has_word(p, end, "false")) {
			v->type = VD_JSON_FALSE;
			p += 5;
		} else if (has_word(p, end, "null")) {
			v->type = VD_JSON_NULL;
			p += 4;
		} else {
			rc = parse_error(err, base, p, "unexpected token");
		}
		break;
	case 'N':
		if (!has_word(p, end, "NaN"))
			return parse_error(err, base, p, "unexpected token");
		v->type = VD_JSON_NUMBER;
		p += 3;
		break;
	default:
		v->type = VD_JSON_NUMBER;
		rc = scan_number(&p, end, base, err);
	}
	if (rc)
		return rc;
	v->p = start;
	v->n = (size_t)(p - start);
	*pos = p;
	return 0;
}

int vd_json_scan(const char **pos, const char *end, const char *base,
		 struct vd_json_span *v, struct vd_error *err)
{
	return scan_value(pos, end, base, 0, v, err);
}

int vd_json_parse_span(const char *text, size_t len, struct vd_json_span *v,
		       struct vd_error *err)
{
	const char *p = text, *end = text + len;
	int rc = scan_value(&p, end, text, 0, v, err);
	if (rc)
		return rc;
	p = vd_json_skip_ws(p, end);
	if (p != end)
		return parse_error(err, text, p, "trailing characters");
	return 0;
}

void vd_json_iter_init(struct vd_json_iter *it, const struct vd_json_span *c)
{
	it->p = c->p + 1;
	it->end = c->p + c->n - 1;
	it->type = c->type;
	it->count = 0;
}

int vd_json_next(struct vd_json_iter *it, struct vd_json_span *key,
		 struct vd_json_span *val)
{
	const char *p = vd_json_skip_ws(it->p, it->end);
	struct vd_json_span k;

	if (it->type != VD_JSON_OBJECT && it->type != VD_JSON_ARRAY)
		return 0;
	if (it->count > 0) {
		if (p >= it->end || *p != ',')
			return 0;
		p++;
	}
	p = vd_json_skip_ws(p, it->end);
	if (p >= it->end)
		return 0;
	/* The span was validated: these scans cannot fail. */
	if (it->type == VD_JSON_OBJECT) {
		if (scan_value(&p, it->end, p, 0, &k, NULL))
			return 0;
		if (key)
			*key = k;
		p = vd_json_skip_ws(p, it->end) + 1; /* ':' */
	} else if (key) {
		key->p = NULL;
		key->n = 0;
		key->type = 0;
	}
	if (scan_value(&p, it->end, p, 0, val, NULL))
		return 0;
	it->p = p;
	it->count++;
	return 1;
}

static unsigned hex4(const char *p)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v = v * 16u + (unsigned)(isdigit((unsigned char)c)
						 ? c - '0'
						 : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static int put_utf8(struct vd_buf *out, uint32_t cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return vd_buf_append(out, b, n);
}

int vd_json_string(const struct vd_json_span *s, struct vd_buf *out,
		   bool allow_nul, struct vd_error *err)
{
	const char *p = s->p + 1, *end = s->p + s->n - 1;
	int rc = 0;

	if (s->type != VD_JSON_STRING || s->n < 2)
		return vd_error_set(err, VD_EPARSE, 0, "not a string");
	while (p < end && rc == 0) {
		const char *run = p;
		uint32_t cp;
		while (p < end && *p != '\\')
			p++;
		if (p > run)
			rc = vd_buf_append(out, run, (size_t)(p - run));
		if (p >= end || rc)
			break;
		switch (p[1]) {
		case 'b':
			rc = vd_buf_putc(out, '\b');
			break;
		case 'f':
			rc = vd_buf_putc(out, '\f');
			break;
		case 'n':
			rc = vd_buf_putc(out, '\n');
			break;
		case 'r':
			rc = vd_buf_putc(out, '\r');
			break;
		case 't':
			rc = vd_buf_putc(out, '\t');
			break;
		case 'u':
			cp = hex4(p + 2);
			if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 12 &&
			    p[6] == '\\' && p[7] == 'u') {
				uint32_t lo = hex4(p + 8);
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					p += 6;
				}
			}
			if (cp == 0 && !allow_nul)
				return vd_error_set(
					err, VD_EPARSE, 0,
					"string holds a NUL character");
			rc = put_utf8(out, cp);
			p += 6;
			continue;
		default: /* " \ / */
			rc = vd_buf_putc(out, p[1]);
		}
		p += 2;
	}
	if (rc)
		return vd_error_set(err, rc, 0, "decoding a string: %s",
				    vd_strerror(rc));
	return 0;
}

int vd_json_string_dup(const struct vd_json_span *s, char **out,
		       struct vd_error *err)
{
	struct vd_buf b;
	int rc;

	vd_buf_init(&b, VD_BUF_UNLIMITED);
	rc = vd_json_string(s, &b, false, err);
	if (rc) {
		vd_buf_release(&b);
		return rc;
	}
	*out = vd_buf_detach(&b, NULL);
	if (!*out)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	return 0;
}

bool vd_json_key_is(const struct vd_json_span *key, const char *name)
{
	size_t n = strlen(name);
	return key && key->p && key->n == n + 2 && !memcmp(key->p + 1, name, n);
}

int vd_json_double(const struct vd_json_span *v, double *out)
{
	char tmp[64];
	char *end;
	if (v->type != VD_JSON_NUMBER || v->n >= sizeof(tmp))
		return VD_EPARSE;
	memcpy(tmp, v->p, v->n);
	tmp[v->n] = '\0';
	if (!strcmp(tmp, "NaN") || strstr(tmp, "Infinity"))
		return VD_EPARSE;
	*out = strtod(tmp, &end);
	if (*end || !isfinite(*out))
		return VD_EPARSE;
	return 0;
}

int vd_json_int64(const struct vd_json_span *v, int64_t *out)
{
	char tmp[32];
	char *end;
	long long x;
	if (v->type != VD_JSON_NUMBER || v->n >= sizeof(tmp))
		return VD_EPARSE;
	memcpy(tmp, v->p, v->n);
	tmp[v->n] = '\0';
	errno = 0;
	x = strtoll(tmp, &end, 10);
	if (*end || errno)
		return VD_EPARSE;
	*out = x;
	return 0;
}
