#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

char *vd_cli_read_file(const char *path, size_t max, size_t *len)
{
	struct stat st;
	char *data;
	size_t off = 0, cap;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fprintf(stderr, "verdict: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		fprintf(stderr, "verdict: %s: %s\n", path,
			S_ISDIR(st.st_mode) ? "is a directory"
					    : strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		fprintf(stderr,
			"verdict: %s: %lld bytes, over the limit of %zu\n",
			path, (long long)st.st_size, max);
		close(fd);
		return NULL;
	}
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	data = malloc(cap);
	while (data) {
		ssize_t n;
		if (off + 1 >= cap) {
			char *p;
			if (cap > max) {
				fprintf(stderr,
					"verdict: %s: over the limit of %zu bytes\n",
					path, max);
				free(data);
				data = NULL;
				break;
			}
			p = realloc(data, cap * 2);
			if (!p) {
				free(data);
				data = NULL;
				break;
			}
			data = p;
			cap *= 2;
		}
		n = read(fd, data + off, cap - off - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "verdict: %s: %s\n", path,
				strerror(errno));
			free(data);
			data = NULL;
			break;
		}
		if (n == 0) {
			data[off] = '\0';
			break;
		}
		off += (size_t)n;
	}
	if (!data && errno == ENOMEM)
		fprintf(stderr, "verdict: %s: out of memory\n", path);
	close(fd);
	if (data && len)
		*len = off;
	return data;
}

int vd_cli_parse_seconds(const char *opt, const char *s, uint64_t *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > 86400.0) {
		fprintf(stderr,
			"verdict: %s: '%s' is not a number of seconds in (0, 86400]\n",
			opt, s);
		return -1;
	}
	*ms = (uint64_t)ceil(v * 1000.0);
	return 0;
}

int vd_cli_parse_uint(const char *opt, const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || x == 0 || x > max) {
		fprintf(stderr,
			"verdict: %s: '%s' is not a whole number in [1, %llu]\n",
			opt, s, (unsigned long long)max);
		return -1;
	}
	*v = x;
	return 0;
}

int vd_cli_config_env(struct vd_config *cfg)
{
	const char *s = getenv("VERDICT_UID_BASE");
	uint64_t v;

	if (!s || !*s)
		return 0;
	if (vd_cli_parse_uint("VERDICT_UID_BASE", s, 0xfff00000u, &v) < 0)
		return -1;
	if (v < 65536) {
		fprintf(stderr,
			"verdict: VERDICT_UID_BASE: %s is a uid real users may have (use 65536 or more)\n",
			s);
		return -1;
	}
	cfg->uid_base = (uint32_t)v;
	return 0;
}

int vd_cli_parse_python_start(const char *s, int32_t *mode)
{
	if (!strcmp(s, "zygote"))
		*mode = VD_PYTHON_ZYGOTE;
	else if (!strcmp(s, "fresh"))
		*mode = VD_PYTHON_FRESH;
	else {
		fprintf(stderr,
			"verdict: --python-start: '%s' is neither zygote nor fresh\n",
			s);
		return -1;
	}
	return 0;
}

void vd_cli_error(const char *what, const struct vd_error *err)
{
	fprintf(stderr, "verdict: %s: %s (%s)\n", what,
		err->msg[0] ? err->msg : vd_strerror(err->code),
		vd_strerror(err->code));
}
