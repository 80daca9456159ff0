#include "alloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * Fault-injection state: -1 = off; otherwise the number of allocations still
 * allowed to succeed. Tests only (see alloc.h).
 */
static _Atomic long fail_countdown = -1;
static _Atomic long failed_count;

static int should_fail(void)
{
	long n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
	if (n < 0)
		return 0;
	if (n == 0) {
		atomic_fetch_add(&failed_count, 1);
		return 1;
	}
	atomic_fetch_sub(&fail_countdown, 1);
	return 0;
}

long vd_alloc_fail_after(long n)
{
	atomic_store(&fail_countdown, n);
	return atomic_exchange(&failed_count, 0);
}

void *vd_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *vd_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *vd_realloc(void *p, size_t size)
{
	if (should_fail())
		return NULL;
	return realloc(p, size ? size : 1);
}

void *vd_memdup(const void *p, size_t n)
{
	void *q = vd_malloc(n + 1);
	if (!q)
		return NULL;
	if (n)
		memcpy(q, p, n);
	((char *)q)[n] = '\0';
	return q;
}

char *vd_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	return vd_memdup(s, len);
}

char *vd_strdup(const char *s)
{
	return vd_memdup(s, strlen(s));
}

void vd_free_mem(void *p)
{
	free(p);
}
