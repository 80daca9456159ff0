/* Unit tests of ccache: the shared compile cache. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ccache.h"
#include "harness.h"

static void key_of(int i, char key[VD_SHA256_HEX])
{
	snprintf(key, VD_SHA256_HEX, "%064d", i);
}

/* An entry with a memfd of `bytes` bytes and a message. */
static struct vd_ccache_entry entry(uint64_t bytes, const char *msg)
{
	struct vd_ccache_entry e;
	memset(&e, 0, sizeof(e));
	e.outcome.verdict = VD_VERDICT_AC;
	e.exec_fd = memfd_create("bin", MFD_CLOEXEC);
	if (e.exec_fd >= 0 && bytes)
		(void)!ftruncate(e.exec_fd, (off_t)bytes);
	e.binary_bytes = bytes;
	e.err = strdup(msg);
	e.err_len = strlen(msg);
	e.out = strdup("");
	return e;
}

TEST(miss_then_hit_with_a_copy)
{
	struct vd_ccache *c;
	struct vd_ccache_entry e, got;
	struct vd_ccache_stats st;
	char k[VD_SHA256_HEX];

	CHECK_EQ_INT(vd_ccache_new(1 << 20, &c, NULL), 0);
	key_of(1, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
	e = entry(100, "warning: x");
	vd_ccache_put(c, k, &e);
	vd_ccache_entry_release(&e); /* the cache holds its own copy */
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_HIT);
	CHECK(got.exec_fd >= 0);
	CHECK_EQ_INT(got.err_len, 10);
	CHECK(got.err && !memcmp(got.err, "warning: x", 10));
	CHECK_EQ_INT(lseek(got.exec_fd, 0, SEEK_END), 100);
	vd_ccache_entry_release(&got);
	vd_ccache_stats(c, &st);
	CHECK_EQ_INT(st.hits, 1);
	CHECK_EQ_INT(st.misses, 1);
	CHECK_EQ_INT(st.entries, 1);
	vd_ccache_free(c);
}

TEST(least_recently_used_go_first)
{
	struct vd_ccache *c;
	struct vd_ccache_entry e, got;
	struct vd_ccache_stats st;
	char k[VD_SHA256_HEX];

	/* Room for about two entries of 400 KB. */
	CHECK_EQ_INT(vd_ccache_new(900000, &c, NULL), 0);
	for (int i = 0; i < 2; i++) {
		key_of(i, k);
		CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
		e = entry(400000, "");
		vd_ccache_put(c, k, &e);
		vd_ccache_entry_release(&e);
	}
	key_of(0, k); /* 0 used again: 1 is now the oldest */
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_HIT);
	vd_ccache_entry_release(&got);
	key_of(2, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
	e = entry(400000, "");
	vd_ccache_put(c, k, &e);
	vd_ccache_entry_release(&e);
	vd_ccache_stats(c, &st);
	CHECK_EQ_INT(st.evictions, 1);
	CHECK(st.bytes <= 900000);
	key_of(1, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
	vd_ccache_abandon(c, k);
	key_of(0, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_HIT);
	vd_ccache_entry_release(&got);
	/* Bigger than the whole cache: served to no one later. */
	key_of(3, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
	e = entry(2000000, "");
	vd_ccache_put(c, k, &e);
	vd_ccache_entry_release(&e);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &got), VD_CCACHE_MINE);
	vd_ccache_abandon(c, k);
	vd_ccache_free(c);
}

struct waiter {
	struct vd_ccache *c;
	int result;
	struct vd_ccache_entry got;
};

static void *wait_for(void *arg)
{
	struct waiter *w = arg;
	char k[VD_SHA256_HEX];
	key_of(7, k);
	w->result = vd_ccache_begin(w->c, k, &w->got);
	if (w->result == VD_CCACHE_MINE)
		vd_ccache_abandon(w->c, k);
	return NULL;
}

/* Two workers, one build: the second waits for the first's result. When
 * the first gives up, a waiter compiles instead. */
TEST(concurrent_requests_compile_once)
{
	struct vd_ccache *c;
	struct vd_ccache_entry e, mine;
	struct vd_ccache_stats st;
	struct waiter w[3];
	pthread_t t[3];
	char k[VD_SHA256_HEX];

	CHECK_EQ_INT(vd_ccache_new(1 << 20, &c, NULL), 0);
	key_of(7, k);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &mine), VD_CCACHE_MINE);
	for (int i = 0; i < 3; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].c = c;
		pthread_create(&t[i], NULL, wait_for, &w[i]);
	}
	usleep(100000); /* let them block */
	e = entry(10, "");
	vd_ccache_put(c, k, &e);
	vd_ccache_entry_release(&e);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		CHECK_EQ_INT(w[i].result, VD_CCACHE_HIT);
		CHECK(w[i].got.exec_fd >= 0);
		vd_ccache_entry_release(&w[i].got);
	}
	vd_ccache_stats(c, &st);
	CHECK_EQ_INT(st.misses, 1);
	CHECK_EQ_INT(st.hits, 3);
	CHECK(st.waits >= 1);
	vd_ccache_free(c);

	CHECK_EQ_INT(vd_ccache_new(1 << 20, &c, NULL), 0);
	CHECK_EQ_INT(vd_ccache_begin(c, k, &mine), VD_CCACHE_MINE);
	memset(&w[0], 0, sizeof(w[0]));
	w[0].c = c;
	pthread_create(&t[0], NULL, wait_for, &w[0]);
	usleep(50000);
	vd_ccache_abandon(c, k);
	pthread_join(t[0], NULL);
	CHECK_EQ_INT(w[0].result, VD_CCACHE_MINE);
	vd_ccache_free(c);
}

int main(void)
{
	RUN(miss_then_hit_with_a_copy);
	RUN(least_recently_used_go_first);
	RUN(concurrent_requests_compile_once);
	return harness_done();
}
