#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "verdict.h"

void vd_buf_init(struct vd_buf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit;
}

void vd_buf_release(struct vd_buf *b)
{
	vd_free_mem(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->offered = 0;
	b->truncated = false;
}

void vd_buf_clear(struct vd_buf *b)
{
	b->len = 0;
	b->offered = 0;
	b->truncated = false;
	if (b->data)
		b->data[0] = '\0';
}

/* Ensures room for `want` bytes plus the NUL. */
static int grow(struct vd_buf *b, size_t want)
{
	size_t n;
	char *p;

	if (want + 1 <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < want + 1)
		n = n * 2;
	p = vd_realloc(b->data, n);
	if (!p)
		return VD_ENOMEM;
	b->data = p;
	b->alloc = n;
	return 0;
}

int vd_buf_append(struct vd_buf *b, const void *data, size_t n)
{
	size_t room = b->limit > b->len ? b->limit - b->len : 0;
	size_t take = n < room ? n : room;
	int rc;

	rc = grow(b, b->len + take);
	if (rc)
		return rc;
	b->offered += n;
	if (take)
		memcpy(b->data + b->len, data, take);
	b->len += take;
	b->data[b->len] = '\0';
	if (take < n) {
		b->truncated = true;
		return VD_E2BIG;
	}
	return 0;
}

int vd_buf_puts(struct vd_buf *b, const char *s)
{
	return vd_buf_append(b, s, strlen(s));
}

int vd_buf_putc(struct vd_buf *b, char c)
{
	return vd_buf_append(b, &c, 1);
}

int vd_buf_printf(struct vd_buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;
	char *big;
	int rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return VD_EINVAL;
	if ((size_t)n < sizeof(small))
		return vd_buf_append(b, small, (size_t)n);
	big = vd_malloc((size_t)n + 1);
	if (!big)
		return VD_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = vd_buf_append(b, big, (size_t)n);
	vd_free_mem(big);
	return rc;
}

char *vd_buf_reserve(struct vd_buf *b, size_t n)
{
	size_t room = b->limit > b->len ? b->limit - b->len : 0;
	if (n > room)
		n = room;
	if (grow(b, b->len + n))
		return NULL;
	return b->data + b->len;
}

void vd_buf_commit(struct vd_buf *b, size_t k)
{
	b->len += k;
	b->offered += k;
	b->data[b->len] = '\0';
}

char *vd_buf_detach(struct vd_buf *b, size_t *len)
{
	char *p;

	if (!b->data) {
		if (grow(b, 0))
			return NULL;
		b->data[0] = '\0';
	}
	p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->offered = 0;
	b->truncated = false;
	return p;
}
