/*
 * ccache: the compile cache. One C or C++ build per distinct (source,
 * compiler identity, flags, compile limits), shared by every worker of an
 * engine, in memory and bounded in bytes (least recently used entries go
 * first).
 *
 * An entry is a compile outcome: a binary (as a sealed memfd that runs
 * share by duplicating its descriptor) or a compile error with the
 * compiler's messages. Sandbox failures are never cached.
 *
 * When two workers need the same build at once, the first compiles and the
 * other waits for it (vd_ccache_begin returns VD_CCACHE_MINE to exactly one
 * of them), so a batch with N copies of a program compiles it once.
 *
 * Thread-safe; the lock is held for lookups and insertions only, never
 * during a compile.
 */
#ifndef VD_CCACHE_H
#define VD_CCACHE_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"
#include "verdict.h"

struct vd_ccache;

/* A compile outcome. Owned strings; exec_fd < 0 for a compile error. */
struct vd_ccache_entry {
	struct vd_outcome outcome; /* verdict AC (binary) or CE */
	char *out;		   /* compiler stdout head */
	size_t out_len;
	char *err; /* compiler stderr head */
	size_t err_len;
	int exec_fd; /* sealed memfd of the binary, or -1 */
	uint64_t binary_bytes;
};

struct vd_ccache_stats {
	uint64_t hits, misses, waits, evictions;
	uint64_t entries, bytes;
};

int vd_ccache_new(uint64_t max_bytes, struct vd_ccache **out,
		  struct vd_error *err);
void vd_ccache_free(struct vd_ccache *c);

enum vd_ccache_begin_result {
	VD_CCACHE_HIT = 1,  /* *e is a copy the caller owns */
	VD_CCACHE_MINE = 0, /* not there: the caller compiles, then calls
			       vd_ccache_put or vd_ccache_abandon */
};

/* Looks key up, waiting while another worker compiles it. Returns a
 * vd_ccache_begin_result, or VD_ENOMEM. */
int vd_ccache_begin(struct vd_ccache *c, const char key[VD_SHA256_HEX],
		    struct vd_ccache_entry *e);
/* Stores the outcome of a compile begun with VD_CCACHE_MINE (copied; the
 * caller keeps e) and wakes the workers waiting for it. */
void vd_ccache_put(struct vd_ccache *c, const char key[VD_SHA256_HEX],
		   const struct vd_ccache_entry *e);
/* Gives up a compile begun with VD_CCACHE_MINE (a sandbox failure): one
 * waiting worker compiles instead. */
void vd_ccache_abandon(struct vd_ccache *c, const char key[VD_SHA256_HEX]);

/* Frees what an entry owns (closes its descriptor). */
void vd_ccache_entry_release(struct vd_ccache_entry *e);

void vd_ccache_stats(struct vd_ccache *c, struct vd_ccache_stats *s);

#endif
