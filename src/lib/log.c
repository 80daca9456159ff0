#include "log.h"

#include <stdarg.h>
#include <stdio.h>

void vd_log_msg(const struct vd_log *log, int level, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	if (!log || !log->fn || level < log->min_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log->fn(log->ctx, level, msg);
}
