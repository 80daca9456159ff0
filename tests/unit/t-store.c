/* Unit tests of store: the SQLite results cache. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

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

static void *writer(void *arg)
{
	struct vd_store *s = arg;
	for (int i = 0; i < 200; i++) {
		char key[32];
		snprintf(key, sizeof(key), "t%p-%d", (void *)pthread_self(), i);
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

TEST(unopenable_store_names_the_path)
{
	struct vd_store *s = NULL;
	struct vd_error e;
	CHECK(vd_store_open("/nonexistent/dir/results.sqlite", &s, &e) < 0);
	CHECK(s == NULL);
	CHECK(strstr(e.msg, "/nonexistent/dir/results.sqlite") != NULL);
}

int main(void)
{
	char cmd[300];
	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof(path), "%s/results.sqlite", dir);
	RUN(put_get_and_persistence);
	RUN(threads_share_one_store);
	RUN(unopenable_store_names_the_path);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
