/* Unit tests of store: the SQLite results cache. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "alloc.h"
#include "harness.h"
#include "store.h"

static char dir[] = "/tmp/verdict-t-store-XXXXXX";
static char path[256];

TEST(put_get_and_persistence)
{
	struct vd_store *s;
	struct vd_buf b;
	struct vd_error e;
	CHECK_EQ_INT(vd_store_open(path, &s, &e), 0);
	vd_buf_init(&b, 1000);
	CHECK_EQ_INT(vd_store_get(s, VD_STORE_RESULTS, "k1", &b, &e), 0);
	CHECK_EQ_INT(vd_store_put(s, VD_STORE_RESULTS, "k1", "v1", 2, &e), 0);
	CHECK_EQ_INT(vd_store_put(s, VD_STORE_EXPECTED, "k1", "x", 1, &e), 0);
	CHECK_EQ_INT(vd_store_get(s, VD_STORE_RESULTS, "k1", &b, &e), 1);
	CHECK_STREQ(b.data, "v1");
	vd_store_close(s);
	/* reopened: still there; the tables are separate */
	CHECK_EQ_INT(vd_store_open(path, &s, &e), 0);
	vd_buf_clear(&b);
	CHECK_EQ_INT(vd_store_get(s, VD_STORE_EXPECTED, "k1", &b, &e), 1);
	CHECK_STREQ(b.data, "x");
	CHECK_EQ_INT(vd_store_count(s, VD_STORE_RESULTS), 1);
	/* replace */
	CHECK_EQ_INT(vd_store_put(s, VD_STORE_RESULTS, "k1", "v2", 2, &e), 0);
	vd_buf_clear(&b);
	CHECK_EQ_INT(vd_store_get(s, VD_STORE_RESULTS, "k1", &b, &e), 1);
	CHECK_STREQ(b.data, "v2");
	vd_buf_release(&b);
	vd_store_close(s);
}

static _Atomic int writers_started;

static void *writer(void *arg)
{
	struct vd_store *s = arg;
	int w = atomic_fetch_add(&writers_started, 1);
	for (int i = 0; i < 200; i++) {
		char key[32];
		snprintf(key, sizeof(key), "t%d-%d", w, i);
		if (vd_store_put(s, VD_STORE_RESULTS, key, "v", 1, NULL) != 0)
			return (void *)1;
	}
	return NULL;
}

TEST(threads_share_one_store)
{
	struct vd_store *s;
	pthread_t t[4];
	void *r;
	int bad = 0;
	CHECK_EQ_INT(vd_store_open(path, &s, NULL), 0);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, writer, s);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], &r);
		bad += r != NULL;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(vd_store_count(s, VD_STORE_RESULTS), 801);
	vd_store_close(s);
}

#define BIG_VALUE (1 << 20)

static void *reader_thread(void *arg)
{
	struct vd_store *s = arg;
	struct vd_buf b;
	intptr_t bad = 0;

	vd_buf_init(&b, VD_BUF_UNLIMITED);
	for (int i = 0; i < 40; i++) {
		vd_buf_clear(&b);
		if (vd_store_get(s, VD_STORE_EXPECTED, "big", &b, NULL) != 1 ||
		    b.len != BIG_VALUE)
			bad++;
		for (size_t k = 0; k < b.len; k += 4093)
			bad += b.data[k] != (char)('a' + k % 26);
	}
	vd_buf_release(&b);
	return (void *)bad;
}

/* Reads run on connections of their own, opened as needed, beside the
 * writes of the first: every read sees the whole value, every write
 * lands. */
TEST(readers_and_writers_share_one_store)
{
	struct vd_store *s;
	pthread_t t[6];
	char *big = malloc(BIG_VALUE);
	void *r;
	int bad = 0;

	CHECK(big != NULL);
	for (size_t k = 0; k < BIG_VALUE; k++)
		big[k] = (char)('a' + k % 26);
	CHECK_EQ_INT(vd_store_open(path, &s, NULL), 0);
	CHECK_EQ_INT(
		vd_store_put(s, VD_STORE_EXPECTED, "big", big, BIG_VALUE, NULL),
		0);
	long before = vd_store_count(s, VD_STORE_RESULTS);
	for (int i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, i < 4 ? reader_thread : writer, s);
	for (int i = 0; i < 6; i++) {
		pthread_join(t[i], &r);
		bad += r != NULL;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(vd_store_count(s, VD_STORE_RESULTS), before + 400);
	vd_store_close(s);
	free(big);
}

TEST(unopenable_store_names_the_path)
{
	struct vd_store *s = NULL;
	struct vd_error e;
	CHECK(vd_store_open("/nonexistent/dir/results.sqlite", &s, &e) < 0);
	CHECK(s == NULL);
	CHECK(strstr(e.msg, "/nonexistent/dir/results.sqlite") != NULL);
}

/*
 * SQLite's own allocations go through vd_malloc here, so that fault
 * injection reaches them as well as the store's. Each block keeps its
 * size in the 8 bytes in front of it (SQLite needs 8-byte alignment).
 */
static void *sq_malloc(int n)
{
	sqlite3_int64 *p = vd_malloc((size_t)n + 8);
	if (!p)
		return NULL;
	p[0] = n;
	return p + 1;
}

static void sq_free(void *p)
{
	if (p)
		vd_free_mem((sqlite3_int64 *)p - 1);
}

static void *sq_realloc(void *p, int n)
{
	sqlite3_int64 *q = vd_realloc((sqlite3_int64 *)p - 1, (size_t)n + 8);
	if (!q)
		return NULL;
	q[0] = n;
	return q + 1;
}

static int sq_size(void *p)
{
	return p ? (int)((sqlite3_int64 *)p)[-1] : 0;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *ctx)
{
	(void)ctx;
	return 0;
}

static void sq_shutdown(void *ctx)
{
	(void)ctx;
}

static int route_sqlite_allocations(void)
{
	static const sqlite3_mem_methods m = { sq_malloc,   sq_free,
					       sq_realloc,  sq_size,
					       sq_roundup,  sq_init,
					       sq_shutdown, NULL };
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

/* The database file passes SQLite's own check. */
static int integrity_ok(const char *file)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0;
	if (sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL) ==
		    SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) ==
		    SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

static int bad_error(int rc, const struct vd_error *e)
{
	if (rc == VD_ENOMEM && e->code == rc && strstr(e->msg, "out of memory"))
		return 0;
	printf("# %d: %s\n", rc, e->msg);
	return 1;
}

/*
 * Allocation failure at every point of open, put and get, SQLite's
 * allocations included (each in a loop of its own, so that every call
 * meets every failure): each call succeeds or fails with VD_ENOMEM and a
 * message, nothing leaks (ASan), and what was stored is read back intact
 * by the next run from a database that passes SQLite's check.
 */
TEST(alloc_torture)
{
	char file[300], key[32], value[64];
	struct vd_store *s;
	struct vd_error e;
	struct vd_buf b;
	long n, failed, n_put;
	int rc, bad = 0, stored = 0;

	snprintf(file, sizeof(file), "%s/torture.sqlite", dir);
	for (n = 0;; n++) {
		s = NULL;
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_store_open(file, &s, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && (s || !failed || bad_error(rc, &e)))
			bad++;
		vd_store_close(s);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	printf("# open: %ld allocations\n", n);
	CHECK_EQ_INT(vd_store_open(file, &s, &e), 0);
	for (n = 0;; n++) {
		snprintf(key, sizeof(key), "k%ld", n);
		snprintf(value, sizeof(value), "value %ld", n);
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_store_put(s, VD_STORE_RESULTS, key, value,
				  strlen(value), &e);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && (!failed || bad_error(rc, &e)))
			bad++;
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	n_put = n;
	printf("# put: %ld allocations\n", n);
	snprintf(key, sizeof(key), "k%ld", n_put);
	snprintf(value, sizeof(value), "value %ld", n_put);
	for (n = 0;; n++) {
		vd_buf_init(&b, 1000);
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_store_get(s, VD_STORE_RESULTS, key, &b, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc < 0 && (!failed || bad_error(rc, &e)))
			bad++;
		if (rc == 0 || (rc == 1 && strcmp(b.data, value)))
			bad++;
		vd_buf_release(&b);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 1);
	CHECK(n >= 1);
	printf("# get: %ld allocations\n", n);
	vd_store_close(s);
	CHECK(integrity_ok(file));
	/* a put that succeeded is there; one that failed left nothing */
	CHECK_EQ_INT(vd_store_open(file, &s, &e), 0);
	for (long i = 0; i <= n_put; i++) {
		snprintf(key, sizeof(key), "k%ld", i);
		snprintf(value, sizeof(value), "value %ld", i);
		vd_buf_init(&b, 1000);
		rc = vd_store_get(s, VD_STORE_RESULTS, key, &b, &e);
		if (rc < 0 || (rc == 1 && strcmp(b.data, value)))
			bad++;
		stored += rc == 1;
		vd_buf_release(&b);
	}
	vd_store_close(s);
	CHECK_EQ_INT(bad, 0);
	CHECK(stored >= 1);
}

int main(void)
{
	char cmd[300];
	if (route_sqlite_allocations() != SQLITE_OK)
		return 1;
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/results.sqlite", dir);
	RUN(put_get_and_persistence);
	RUN(threads_share_one_store);
	RUN(readers_and_writers_share_one_store);
	RUN(unopenable_store_names_the_path);
	RUN(alloc_torture);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
