#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "err.h"

/* Connections at most: the first, which also does every write, and readers
 * opened when a read finds every open one busy, so that a worker reading a
 * 100 MB value (HumanEval/130's expected outputs) holds up no other read. */
#define STORE_CONNS 8

struct store_conn {
	sqlite3 *db;
	sqlite3_stmt *get[2];
	sqlite3_stmt *put[2]; /* connection 0 only: it does every write */
	pthread_mutex_t lock;
};

struct vd_store {
	struct store_conn c[STORE_CONNS];
	_Atomic int n_open;   /* c[0, n_open) are open */
	pthread_mutex_t grow; /* opening c[n_open] */
	char path[1024];
};

static const char *const tables[2] = { "results", "expected" };

static int db_error(struct vd_store *s, sqlite3 *db, struct vd_error *err,
		    const char *what)
{
	int code = sqlite3_errcode(db);
	return vd_error_set(err,
			    code == SQLITE_NOMEM ? VD_ENOMEM
			    : code == SQLITE_FULL || code == SQLITE_IOERR ||
					    code == SQLITE_READONLY ||
					    code == SQLITE_CANTOPEN
				    ? VD_EIO
				    : VD_ESYS,
			    0, "result store %s: %s: %s", s->path, what,
			    sqlite3_errmsg(db));
}

static void conn_close(struct store_conn *c)
{
	for (int t = 0; t < 2; t++) {
		sqlite3_finalize(c->get[t]);
		sqlite3_finalize(c->put[t]);
	}
	sqlite3_close(c->db);
	c->db = NULL;
	memset(c->get, 0, sizeof(c->get));
	memset(c->put, 0, sizeof(c->put));
}

/* Opens connection c; the first one creates the tables and prepares the
 * writes as well. */
static int conn_open(struct vd_store *s, struct store_conn *c, bool first,
		     struct vd_error *err)
{
	static const char schema[] =
		"PRAGMA journal_mode=WAL;"
		"CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, "
		"value BLOB NOT NULL, created INTEGER NOT NULL);"
		"CREATE TABLE IF NOT EXISTS expected (key TEXT PRIMARY KEY, "
		"value BLOB NOT NULL, created INTEGER NOT NULL);";
	static const char settings[] = "PRAGMA synchronous=NORMAL;"
				       "PRAGMA busy_timeout=10000;";
	int rc;

	if (sqlite3_open_v2(s->path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = c->db ? db_error(s, c->db, err, "open")
			   : vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		conn_close(c);
		return rc;
	}
	if (sqlite3_exec(c->db, settings, NULL, NULL, NULL) != SQLITE_OK ||
	    (first &&
	     sqlite3_exec(c->db, schema, NULL, NULL, NULL) != SQLITE_OK)) {
		rc = db_error(s, c->db, err, "create tables");
		conn_close(c);
		return rc;
	}
	for (int t = 0; t < 2; t++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT value FROM %s WHERE key = ?",
			 tables[t]);
		if (sqlite3_prepare_v2(c->db, sql, -1, &c->get[t], NULL) !=
		    SQLITE_OK)
			goto prepare_failed;
		if (!first)
			continue;
		snprintf(sql, sizeof(sql),
			 "INSERT OR REPLACE INTO %s (key, value, created) "
			 "VALUES (?, ?, ?)",
			 tables[t]);
		if (sqlite3_prepare_v2(c->db, sql, -1, &c->put[t], NULL) !=
		    SQLITE_OK)
			goto prepare_failed;
	}
	return 0;
prepare_failed:
	rc = db_error(s, c->db, err, "prepare");
	conn_close(c);
	return rc;
}

int vd_store_open(const char *path, struct vd_store **out, struct vd_error *err)
{
	struct vd_store *s = vd_calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	snprintf(s->path, sizeof(s->path), "%s", path);
	pthread_mutex_init(&s->grow, NULL);
	for (int i = 0; i < STORE_CONNS; i++)
		pthread_mutex_init(&s->c[i].lock, NULL);
	rc = conn_open(s, &s->c[0], true, err);
	if (rc) {
		vd_store_close(s);
		return rc;
	}
	atomic_store(&s->n_open, 1);
	*out = s;
	return 0;
}

void vd_store_close(struct vd_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < STORE_CONNS; i++) {
		if (i < atomic_load(&s->n_open))
			conn_close(&s->c[i]);
		pthread_mutex_destroy(&s->c[i].lock);
	}
	pthread_mutex_destroy(&s->grow);
	vd_free_mem(s);
}

/* A connection for a read, locked: an idle open one, else a new one, else
 * (all STORE_CONNS busy, or opening failed) the first, waited for. */
static struct store_conn *reader(struct vd_store *s)
{
	int n = atomic_load(&s->n_open);

	for (int i = 0; i < n; i++)
		if (pthread_mutex_trylock(&s->c[i].lock) == 0)
			return &s->c[i];
	if (n < STORE_CONNS) {
		struct store_conn *c = NULL;
		pthread_mutex_lock(&s->grow);
		n = atomic_load(&s->n_open);
		if (n < STORE_CONNS &&
		    conn_open(s, &s->c[n], false, NULL) == 0) {
			c = &s->c[n];
			pthread_mutex_lock(&c->lock);
			atomic_store(&s->n_open, n + 1);
		}
		pthread_mutex_unlock(&s->grow);
		if (c)
			return c;
	}
	pthread_mutex_lock(&s->c[0].lock);
	return &s->c[0];
}

int vd_store_get(struct vd_store *s, int table, const char *key,
		 struct vd_buf *out, struct vd_error *err)
{
	struct store_conn *c;
	sqlite3_stmt *st;
	int rc, found = 0;

	if (table < 0 || table > 1)
		return vd_error_set(err, VD_EINVAL, 0, "bad store table");
	c = reader(s);
	st = c->get[table];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *v = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		found = 1;
		rc = n > 0 ? vd_buf_append(out, v, (size_t)n) : 0;
		if (rc)
			found = vd_error_set(err, rc, 0, "result store: %s",
					     rc == VD_E2BIG ? "value too large"
							    : "out of memory");
	} else if (rc != SQLITE_DONE) {
		found = db_error(s, c->db, err, "read");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	pthread_mutex_unlock(&c->lock);
	return found;
}

int vd_store_put(struct vd_store *s, int table, const char *key,
		 const void *value, size_t len, struct vd_error *err)
{
	struct store_conn *c = &s->c[0];
	sqlite3_stmt *st;
	int rc = 0;

	if (table < 0 || table > 1)
		return vd_error_set(err, VD_EINVAL, 0, "bad store table");
	pthread_mutex_lock(&c->lock);
	st = c->put[table];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, value, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(s, c->db, err, "write");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	pthread_mutex_unlock(&c->lock);
	return rc;
}

long vd_store_count(struct vd_store *s, int table)
{
	sqlite3_stmt *st = NULL;
	char sql[64];
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s",
		 tables[table ? 1 : 0]);
	pthread_mutex_lock(&s->c[0].lock);
	if (sqlite3_prepare_v2(s->c[0].db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->c[0].lock);
	return n;
}
