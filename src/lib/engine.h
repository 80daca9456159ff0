/*
 * engine: the state behind a struct vd_engine (the public handle), shared
 * by the modules that implement public entry points (api.c, eval.c).
 *
 * An engine owns the sandbox (filter, cgroups, keeper image) and a fixed
 * pool of slots. vd_judge borrows one slot per call (acquire/release under
 * a mutex); an evaluation binds one worker thread to each slot for its
 * whole duration, so its hot path takes no engine lock.
 */
#ifndef VD_ENGINE_H
#define VD_ENGINE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ccache.h"
#include "lang.h"
#include "log.h"
#include "measure.h"
#include "sandbox.h"
#include "verdict.h"

struct vd_engine {
	char *python, *cc, *cxx, *extra_paths;
	struct vd_toolchain tc;
	struct vd_log log;
	struct vd_sandbox *sb;
	struct vd_slot **slots;
	bool *busy;
	uint32_t n_slots;
	pthread_mutex_t lock;
	pthread_cond_t free_slot;
	int counter_default; /* enum vd_counter actually usable */
	bool zygote;	     /* Python runs fork from each slot's zygote */
	struct vd_ccache *ccache;
	char cc_id[4200], cxx_id[4200]; /* compiler identities (cache keys) */
	struct vd_counter_probe probe;
	struct vd_engine_info info;
};

/* The harness (harness/verdict_harness.py), embedded by harness_image.S:
 * the function-call harness and the Python zygote. */
extern const unsigned char vd_harness_image[];
extern const unsigned char vd_harness_image_end[];

/* The counter a run gets for `requested` (enum vd_counter): AUTO is the
 * engine's default; HW without a PMU and SW without valgrind become NONE.
 * label receives the software counter's description, or why it is
 * missing (left alone otherwise). */
int vd_engine_counter(const struct vd_engine *e, int32_t requested, char *label,
		      size_t label_len);
/* The runner's view of the engine for one slot and counter. */
struct vd_runner_env;
void vd_engine_runner_env(const struct vd_engine *e, struct vd_slot *slot,
			  int counter, struct vd_runner_env *env);

/* Borrows a free slot (waits for one) and gives it back. */
uint32_t vd_engine_acquire(struct vd_engine *e);
void vd_engine_release(struct vd_engine *e, uint32_t slot);

#endif
