/*
 * alloc: every allocation of libverdict goes through here.
 *
 * The wrappers behave like their libc namesakes. Test builds can make the
 * N-th allocation from now on fail (vd_alloc_fail_after), which the unit
 * tests use to check that every failure path is handled without a crash or
 * a leak ("torture" loops, as in curl and sqlite).
 */
#ifndef VD_ALLOC_H
#define VD_ALLOC_H

#include <stddef.h>

void *vd_malloc(size_t size);
void *vd_calloc(size_t n, size_t size);
void *vd_realloc(void *p, size_t size);
char *vd_strdup(const char *s);
char *vd_strndup(const char *s, size_t n);
void *vd_memdup(const void *p, size_t n);
void vd_free_mem(void *p);

/*
 * Fault injection: after n more successful allocations, every allocation
 * fails until vd_alloc_fail_after(-1) turns injection off. Returns the
 * number of allocations that failed since the previous call. The counter is
 * the one piece of process-wide mutable state in the library; it is only
 * ever set by tests.
 */
long vd_alloc_fail_after(long n);

#endif
