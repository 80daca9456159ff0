/*
 * store: the content-addressed cache of results and expected outputs
 * (SQLite, WAL mode).
 *
 * A key is the SHA-256 of everything that decides a value (code, tests,
 * limits, toolchain, harness and verdict versions); a value is opaque bytes
 * (JSON text). Values are written as soon as they are computed, one short
 * transaction each, so a run killed at any moment loses at most the jobs in
 * flight; running the same command again finds what was done.
 *
 * Callers may use it from any thread. Writes go through one connection,
 * serialised by its mutex; reads take any idle connection, opening more
 * (up to 8) when all are busy, so that a long read holds up no other.
 */
#ifndef VD_STORE_H
#define VD_STORE_H

#include <stddef.h>

#include "buf.h"
#include "verdict.h"

struct vd_store;

enum vd_store_table {
	VD_STORE_RESULTS = 0,
	VD_STORE_EXPECTED = 1,
};

/* Opens (creating) the database file. */
int vd_store_open(const char *path, struct vd_store **out,
		  struct vd_error *err);
void vd_store_close(struct vd_store *s);

/* 1 and the value appended to out, 0 if absent, or a VD_E* error. */
int vd_store_get(struct vd_store *s, int table, const char *key,
		 struct vd_buf *out, struct vd_error *err);
int vd_store_put(struct vd_store *s, int table, const char *key,
		 const void *value, size_t len, struct vd_error *err);
/* Rows in a table (tests and reports). */
long vd_store_count(struct vd_store *s, int table);

#endif
