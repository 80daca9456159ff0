#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int vd_error_set(struct vd_error *err, int code, int sys_errno, const char *fmt,
		 ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->sys_errno = sys_errno;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int vd_error_errno(struct vd_error *err, int code, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	size_t len;

	if (!err)
		return code;
	err->code = code;
	err->sys_errno = saved;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	if (saved && len < sizeof(err->msg))
		snprintf(err->msg + len, sizeof(err->msg) - len, ": %s",
			 strerror(saved));
	errno = saved;
	return code;
}

int vd_error_wrap(struct vd_error *err, int code, const char *fmt, ...)
{
	char prefix[sizeof(err->msg)];
	char old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return code;
}

const char *vd_strerror(int code)
{
	switch (code) {
	case VD_OK:
		return "success";
	case VD_EINVAL:
		return "invalid argument";
	case VD_ENOMEM:
		return "out of memory";
	case VD_ESYS:
		return "system call failed";
	case VD_E2BIG:
		return "input over its size limit";
	case VD_ESANDBOX:
		return "sandbox failure";
	case VD_EPARSE:
		return "malformed input";
	case VD_ENOTSUP:
		return "not supported on this host";
	case VD_EIO:
		return "input/output error";
	case VD_ENOENT:
		return "not found";
	case VD_ECONFIG:
		return "configuration error";
	case VD_EINTR:
		return "interrupted";
	default:
		return "unknown error";
	}
}
