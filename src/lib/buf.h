/*
 * buf: a growable byte buffer with a hard cap.
 *
 * Every buffer fed by a sandboxed program or an untrusted file is a vd_buf
 * with a limit. Appending past the limit keeps the first `limit` bytes, sets
 * `truncated`, counts the bytes offered in `offered` and returns VD_E2BIG; it
 * never grows past the limit. The data is always NUL-terminated (the NUL is
 * not counted in len), so text can be used as a C string.
 *
 * Life cycle: vd_buf_init (no allocation) ... vd_buf_release. A released
 * buffer is empty and may be reused after another vd_buf_init.
 */
#ifndef VD_BUF_H
#define VD_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vd_buf {
	char *data;	  /* NULL until the first append */
	size_t len;	  /* bytes held */
	size_t alloc;	  /* bytes allocated */
	size_t limit;	  /* hard cap on len */
	uint64_t offered; /* bytes ever appended or offered, kept or not */
	bool truncated;	  /* an append hit the limit */
};

#define VD_BUF_UNLIMITED ((size_t)-1 / 2)

void vd_buf_init(struct vd_buf *b, size_t limit);
void vd_buf_release(struct vd_buf *b);
/* Empties the buffer, keeping its memory and limit. */
void vd_buf_clear(struct vd_buf *b);

/* 0, VD_E2BIG (kept what fit) or VD_ENOMEM (nothing appended). */
int vd_buf_append(struct vd_buf *b, const void *data, size_t n);
int vd_buf_puts(struct vd_buf *b, const char *s);
int vd_buf_putc(struct vd_buf *b, char c);
int vd_buf_printf(struct vd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Makes room for n more bytes and returns where to write them (or NULL);
 * vd_buf_commit(b, k) then adds k <= n written bytes. For read(2) loops. */
char *vd_buf_reserve(struct vd_buf *b, size_t n);
void vd_buf_commit(struct vd_buf *b, size_t k);

/* Hands the data to the caller (free with vd_free_mem) and empties b.
 * Returns an empty allocated string if b held nothing; NULL on ENOMEM. */
char *vd_buf_detach(struct vd_buf *b, size_t *len);

#endif
