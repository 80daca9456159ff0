/*
 * err: filling the caller's struct vd_error.
 *
 * Engine failures are negative VD_E* codes (include/verdict.h); the optional
 * struct vd_error carries the errno and a message naming the input and the
 * problem. A NULL error pointer is allowed everywhere.
 */
#ifndef VD_ERR_H
#define VD_ERR_H

#include "verdict.h"

/* Fills *err (if non-NULL) and returns code, so callers can write
 * `return vd_error_set(err, VD_EINVAL, 0, "...")`. */
int vd_error_set(struct vd_error *err, int code, int sys_errno, const char *fmt,
		 ...) __attribute__((format(printf, 4, 5)));

/* Same, with errno as the system error and ": strerror" appended. */
int vd_error_errno(struct vd_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefixes the existing message with context ("loading X: <old msg>") and
 * returns code (the failed call's: err may be NULL, then code is all that
 * is left of the error). */
int vd_error_wrap(struct vd_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
