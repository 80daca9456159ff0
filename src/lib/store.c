#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "err.h"

struct vd_store {
	sqlite3 *db;
	sqlite3_stmt *get[2];
	sqlite3_stmt *put[2];
	pthread_mutex_t lock;
	char path[1024];
};

static const char *const tables[2] = { "results", "expected" };

static int db_error(struct vd_store *s, struct vd_error *err, const char *what)
{
	int code = sqlite3_errcode(s->db);
	return vd_error_set(err,
			    code == SQLITE_NOMEM ? VD_ENOMEM
			    : code == SQLITE_FULL || code == SQLITE_IOERR ||
					    code == SQLITE_READONLY ||
					    code == SQLITE_CANTOPEN
				    ? VD_EIO
				    : VD_ESYS,
			    0, "result store %s: %s: %s", s->path, what,
			    sqlite3_errmsg(s->db));
}

int vd_store_open(const char *path, struct vd_store **out, struct vd_error *err)
{
	static const char schema[] =
		"PRAGMA journal_mode=WAL;"
		"PRAGMA synchronous=NORMAL;"
		"PRAGMA busy_timeout=10000;"
		"CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, "
		"value BLOB NOT NULL, created INTEGER NOT NULL);"
		"CREATE TABLE IF NOT EXISTS expected (key TEXT PRIMARY KEY, "
		"value BLOB NOT NULL, created INTEGER NOT NULL);";
	struct vd_store *s = vd_calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	snprintf(s->path, sizeof(s->path), "%s", path);
	pthread_mutex_init(&s->lock, NULL);
	if (sqlite3_open_v2(path, &s->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		rc = s->db ? db_error(s, err, "open")
			   : vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		vd_store_close(s);
		return rc;
	}
	if (sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(s, err, "create tables");
		vd_store_close(s);
		return rc;
	}
	for (int t = 0; t < 2; t++) {
		char sql[160];
		snprintf(sql, sizeof(sql), "SELECT value FROM %s WHERE key = ?",
			 tables[t]);
		if (sqlite3_prepare_v2(s->db, sql, -1, &s->get[t], NULL) !=
		    SQLITE_OK) {
			rc = db_error(s, err, "prepare");
			vd_store_close(s);
			return rc;
		}
		snprintf(sql, sizeof(sql),
			 "INSERT OR REPLACE INTO %s (key, value, created) "
			 "VALUES (?, ?, ?)",
			 tables[t]);
		if (sqlite3_prepare_v2(s->db, sql, -1, &s->put[t], NULL) !=
		    SQLITE_OK) {
			rc = db_error(s, err, "prepare");
			vd_store_close(s);
			return rc;
		}
	}
	*out = s;
	return 0;
}

void vd_store_close(struct vd_store *s)
{
	if (!s)
		return;
	for (int t = 0; t < 2; t++) {
		sqlite3_finalize(s->get[t]);
		sqlite3_finalize(s->put[t]);
	}
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	vd_free_mem(s);
}

int vd_store_get(struct vd_store *s, int table, const char *key,
		 struct vd_buf *out, struct vd_error *err)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (table < 0 || table > 1)
		return vd_error_set(err, VD_EINVAL, 0, "bad store table");
	pthread_mutex_lock(&s->lock);
	st = s->get[table];
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
		found = db_error(s, err, "read");
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	pthread_mutex_unlock(&s->lock);
	return found;
}

int vd_store_put(struct vd_store *s, int table, const char *key,
		 const void *value, size_t len, struct vd_error *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (table < 0 || table > 1)
		return vd_error_set(err, VD_EINVAL, 0, "bad store table");
	pthread_mutex_lock(&s->lock);
	st = s->put[table];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 2, value, len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_error(s, err, "write");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

long vd_store_count(struct vd_store *s, int table)
{
	sqlite3_stmt *st = NULL;
	char sql[64];
	long n = -1;

	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s",
		 tables[table ? 1 : 0]);
	pthread_mutex_lock(&s->lock);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->lock);
	return n;
}
