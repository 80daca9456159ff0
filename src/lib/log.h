/*
 * log: diagnostics through the caller's callback, never to stdio.
 *
 * The engine keeps a struct vd_log built from its configuration; modules
 * call vd_log_msg with it. Without a callback, messages are dropped.
 */
#ifndef VD_LOG_H
#define VD_LOG_H

#include "verdict.h"

struct vd_log {
	void (*fn)(void *ctx, int32_t level, const char *msg);
	void *ctx;
	int min_level; /* enum vd_log_level */
};

void vd_log_msg(const struct vd_log *log, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
