#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
			put(w, ",", 1);
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
	put(w, w->indent ? ": " : ":", w->indent ? 2 : 1);
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
	/* Shortest of %.15g / %.17g that reads back exactly. */
	n = snprintf(tmp, sizeof(tmp), "%.15g", v);
	if (strtod(tmp, NULL) != v)
		n = snprintf(tmp, sizeof(tmp), "%.17g", v);
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
