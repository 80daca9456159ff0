#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "err.h"

static int read_plain(int fd, const char *path, struct vd_buf *out,
		      struct vd_error *err)
{
	for (;;) {
		char *dst = vd_buf_reserve(out, 1 << 20);
		ssize_t n;
		if (!dst)
			return vd_error_set(err, VD_ENOMEM, 0,
					    "%s: out of memory", path);
		if (out->len >= out->limit) {
			char probe;
			n = read(fd, &probe, 1);
			if (n > 0)
				return vd_error_set(err, VD_E2BIG, 0,
						    "%s: larger than %zu bytes",
						    path, out->limit);
			return n < 0 ? vd_error_errno(err, VD_EIO, "%s", path)
				     : 0;
		}
		n = read(fd, dst,
			 (1 << 20) < out->limit - out->len
				 ? (1 << 20)
				 : out->limit - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return vd_error_errno(err, VD_EIO, "%s", path);
		if (n == 0)
			return 0;
		vd_buf_commit(out, (size_t)n);
	}
}

static int read_gzip(int fd, const char *path, struct vd_buf *out,
		     struct vd_error *err)
{
	gzFile gz = gzdopen(fd, "rb");
	int rc = 0;

	if (!gz)
		return vd_error_set(err, VD_ENOMEM, 0, "%s: gzdopen failed",
				    path);
	gzbuffer(gz, 1 << 17);
	for (;;) {
		char *dst = vd_buf_reserve(out, 1 << 20);
		size_t room = out->limit - out->len;
		int n;
		if (!dst) {
			rc = vd_error_set(err, VD_ENOMEM, 0,
					  "%s: out of memory", path);
			break;
		}
		if (room == 0) {
			char probe;
			if (gzread(gz, &probe, 1) > 0)
				rc = vd_error_set(
					err, VD_E2BIG, 0,
					"%s: inflates to more than %zu bytes",
					path, out->limit);
			break;
		}
		n = gzread(gz, dst,
			   (unsigned)(room < (1u << 20) ? room : (1u << 20)));
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			rc = vd_error_set(err, VD_EIO, 0,
					  "%s: corrupt gzip data (%s)", path,
					  msg ? msg : "?");
			break;
		}
		if (n == 0)
			break;
		vd_buf_commit(out, (size_t)n);
	}
	gzclose(gz); /* closes fd */
	return rc;
}

int vd_file_read(const char *path, size_t max, struct vd_buf *out,
		 struct vd_error *err)
{
	unsigned char magic[2] = { 0, 0 };
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return vd_error_errno(err, errno == ENOENT ? VD_ENOENT : VD_EIO,
				      "%s", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return vd_error_set(err, VD_EIO, 0, "%s: is a directory", path);
	}
	out->limit = max;
	if (pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		return read_gzip(fd, path, out, err);
	rc = read_plain(fd, path, out, err);
	close(fd);
	return rc;
}

static int fsync_dir(const char *path)
{
	char *copy = vd_strdup(path);
	int fd, rc = -1;
	if (!copy)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	vd_free_mem(copy);
	return rc;
}

int vd_file_write_atomic(const char *path, const void *data, size_t len,
			 struct vd_error *err)
{
	char tmp[4096];
	size_t off = 0;
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path,
			     (int)getpid()) >= sizeof(tmp))
		return vd_error_set(err, VD_EINVAL, 0, "%s: path too long",
				    path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return vd_error_errno(err, VD_EIO, "%s: cannot create %s", path,
				      tmp);
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int rc = vd_error_errno(err, VD_EIO, "%s: write", path);
			close(fd);
			unlink(tmp);
			return rc;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0) {
		int rc = vd_error_errno(err, VD_EIO, "%s: sync", path);
		close(fd);
		unlink(tmp);
		return rc;
	}
	if (close(fd) < 0) {
		int rc = vd_error_errno(err, VD_EIO, "%s: sync", path);
		unlink(tmp);
		return rc;
	}
	if (rename(tmp, path) < 0) {
		int rc = vd_error_errno(err, VD_EIO, "%s: rename", path);
		unlink(tmp);
		return rc;
	}
	fsync_dir(path);
	return 0;
}

int vd_file_mkdirs(const char *path, struct vd_error *err)
{
	char tmp[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(tmp))
		return vd_error_set(err, VD_EINVAL, 0, "bad directory '%s'",
				    path);
	memcpy(tmp, path, len + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return vd_error_errno(err, VD_EIO, "mkdir %s", tmp);
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return vd_error_errno(err, VD_EIO, "mkdir %s", tmp);
	return 0;
}
