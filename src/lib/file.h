/*
 * file: whole-file reads (gzip-aware, capped) and atomic writes.
 *
 * Datasets and sample files are read whole: files ending in .gz or starting
 * with the gzip magic are inflated with zlib. Every read has a hard cap on
 * the (inflated) size; crossing it is VD_E2BIG naming the file.
 *
 * Result files are written atomically: data goes to a temporary file in the
 * same directory, which is fsync'ed and renamed over the target, and the
 * directory is fsync'ed; a crash or a full disk leaves either the old file
 * or the new one, never a partial file under the final name.
 */
#ifndef VD_FILE_H
#define VD_FILE_H

#include <stddef.h>

#include "buf.h"
#include "verdict.h"

/* Reads path into out (whose limit is raised to max). */
int vd_file_read(const char *path, size_t max, struct vd_buf *out,
		 struct vd_error *err);

/* Writes data to path atomically (mode 0644). */
int vd_file_write_atomic(const char *path, const void *data, size_t len,
			 struct vd_error *err);

/* mkdir -p with mode 0755. */
int vd_file_mkdirs(const char *path, struct vd_error *err);

#endif
