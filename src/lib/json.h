/*
 * json: writing JSON, and reading it as spans.
 *
 * struct vd_jw is a streaming writer into a vd_buf: it tracks commas and
 * nesting so callers only say what comes next. Strings are written as
 * valid JSON whatever bytes they hold: control characters are escaped and
 * bytes that are not valid UTF-8 become U+FFFD, because program output is
 * arbitrary. Doubles are written with 17 significant digits (round-trip)
 * or as null when not finite. Errors (ENOMEM, the buffer's cap) are sticky
 * and reported by vd_jw_finish.
 */
#ifndef VD_JSON_H
#define VD_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "verdict.h"

#define VD_JW_MAX_DEPTH 64

struct vd_jw {
	struct vd_buf *out;
	int depth;
	bool first[VD_JW_MAX_DEPTH]; /* no member written yet at this level */
	bool after_key;
	int error;
	int indent;	     /* 0 = compact; n = spaces per level */
	bool python_spacing; /* compact, but ", " and ": " like json.dumps */
};

void vd_jw_init(struct vd_jw *w, struct vd_buf *out, int indent);
void vd_jw_object(struct vd_jw *w);
void vd_jw_object_end(struct vd_jw *w);
void vd_jw_array(struct vd_jw *w);
void vd_jw_array_end(struct vd_jw *w);
void vd_jw_key(struct vd_jw *w, const char *key);
void vd_jw_string(struct vd_jw *w, const char *s);
void vd_jw_string_n(struct vd_jw *w, const char *s, size_t n);
void vd_jw_int(struct vd_jw *w, int64_t v);
void vd_jw_uint(struct vd_jw *w, uint64_t v);
void vd_jw_double(struct vd_jw *w, double v);
void vd_jw_bool(struct vd_jw *w, bool v);
void vd_jw_null(struct vd_jw *w);
/* Inserts already-valid JSON text as a value. */
void vd_jw_raw(struct vd_jw *w, const char *json, size_t n);
/* 0, or the first error (VD_ENOMEM, VD_E2BIG, VD_EINVAL for bad nesting). */
int vd_jw_finish(struct vd_jw *w);

/* Appends s as a JSON string literal (with quotes) to b. */
int vd_json_quote(struct vd_buf *b, const char *s, size_t n);

/*
 * Reading. Benchmark files hold values no C JSON library keeps exactly
 * (integers beyond 64 bits, NaN and Infinity, \u0000; formats.md 1.3), and
 * the values of test inputs are Python values that only Python (in the
 * harness) or value.c need to understand. So the reader validates JSON and
 * hands out spans of the original text: a field's value can be passed on
 * byte for byte, and only the fields the engine needs (ids, prompts, code)
 * are decoded. It accepts NaN, Infinity and -Infinity as numbers, caps
 * nesting at VD_JSON_MAX_DEPTH and never reads past `end` (fuzzed).
 */
#define VD_JSON_MAX_DEPTH 256

enum vd_json_type {
	VD_JSON_OBJECT = 1,
	VD_JSON_ARRAY,
	VD_JSON_STRING,
	VD_JSON_NUMBER, /* including NaN, Infinity, -Infinity */
	VD_JSON_TRUE,
	VD_JSON_FALSE,
	VD_JSON_NULL,
};

struct vd_json_span {
	const char *p; /* first byte of the value (a quote for strings) */
	size_t n;
	int type; /* enum vd_json_type */
};

/* The first byte at or after p that is not JSON whitespace (or end). */
const char *vd_json_skip_ws(const char *p, const char *end);

/* Scans one value starting at *pos (leading whitespace skipped), fills v
 * and moves *pos past it. VD_EPARSE with the offset from `base` in err. */
int vd_json_scan(const char **pos, const char *end, const char *base,
		 struct vd_json_span *v, struct vd_error *err);

/* Scans a whole text that must be one value (surrounding whitespace ok). */
int vd_json_parse_span(const char *text, size_t len, struct vd_json_span *v,
		       struct vd_error *err);

struct vd_json_iter {
	const char *p, *end;
	int type;
	int count;
};

/* Iterates the members of an object span or the items of an array span
 * (which vd_json_scan already validated). */
void vd_json_iter_init(struct vd_json_iter *it, const struct vd_json_span *c);
/* 1 and the next member (key is NULL for arrays), or 0 at the end. */
int vd_json_next(struct vd_json_iter *it, struct vd_json_span *key,
		 struct vd_json_span *val);

/* Decodes a string span into UTF-8 (appended to out). Lone surrogates are
 * encoded as their code point (WTF-8). A NUL character is VD_EPARSE unless
 * allow_nul. */
int vd_json_string(const struct vd_json_span *s, struct vd_buf *out,
		   bool allow_nul, struct vd_error *err);
/* Same, into a new NUL-terminated string (vd_free_mem). */
int vd_json_string_dup(const struct vd_json_span *s, char **out,
		       struct vd_error *err);
/* Does the (undecoded) key equal name? Keys with escapes never match. */
bool vd_json_key_is(const struct vd_json_span *key, const char *name);
/* Numbers: finite doubles only (NaN/Infinity give VD_EPARSE). */
int vd_json_double(const struct vd_json_span *v, double *out);
int vd_json_int64(const struct vd_json_span *v, int64_t *out);

#endif
