/*
 * json: writing JSON (and, later, reading it through jansson).
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

#define VD_JW_MAX_DEPTH 64

struct vd_jw {
	struct vd_buf *out;
	int depth;
	bool first[VD_JW_MAX_DEPTH]; /* no member written yet at this level */
	bool after_key;
	int error;
	int indent; /* 0 = compact; n = spaces per level */
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

#endif
