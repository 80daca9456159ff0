#include "ccache.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "err.h"

#define N_BUCKETS 1024

struct node {
	struct node *next; /* in its bucket */
	char key[VD_SHA256_HEX];
	bool ready; /* false: a worker is compiling it */
	struct vd_ccache_entry e;
	uint64_t bytes;
	uint64_t last_used;
};

struct vd_ccache {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct node *buckets[N_BUCKETS];
	uint64_t max_bytes;
	uint64_t tick;
	struct vd_ccache_stats st;
};

int vd_ccache_new(uint64_t max_bytes, struct vd_ccache **out,
		  struct vd_error *err)
{
	struct vd_ccache *c = vd_calloc(1, sizeof(*c));
	if (!c)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->changed, NULL);
	c->max_bytes = max_bytes;
	*out = c;
	return 0;
}

void vd_ccache_entry_release(struct vd_ccache_entry *e)
{
	if (!e)
		return;
	vd_free_mem(e->out);
	vd_free_mem(e->err);
	if (e->exec_fd >= 0)
		close(e->exec_fd);
	memset(e, 0, sizeof(*e));
	e->exec_fd = -1;
}

static void free_node(struct node *n)
{
	vd_ccache_entry_release(&n->e);
	vd_free_mem(n);
}

void vd_ccache_free(struct vd_ccache *c)
{
	if (!c)
		return;
	for (size_t b = 0; b < N_BUCKETS; b++) {
		struct node *n = c->buckets[b];
		while (n) {
			struct node *next = n->next;
			free_node(n);
			n = next;
		}
	}
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->changed);
	vd_free_mem(c);
}

static size_t bucket_of(const char *key)
{
	size_t h = 0;
	for (int i = 0; i < 8 && key[i]; i++)
		h = h * 16 + (size_t)(key[i] <= '9'
					      ? key[i] - '0'
					      : (key[i] | 0x20) - 'a' + 10);
	return h % N_BUCKETS;
}

static struct node *find(struct vd_ccache *c, const char *key)
{
	for (struct node *n = c->buckets[bucket_of(key)]; n; n = n->next)
		if (!strcmp(n->key, key))
			return n;
	return NULL;
}

static void unlink_node(struct vd_ccache *c, struct node *target)
{
	struct node **p = &c->buckets[bucket_of(target->key)];
	while (*p && *p != target)
		p = &(*p)->next;
	if (*p)
		*p = target->next;
}

/* A deep copy: the strings duplicated, the descriptor too. */
static int copy_entry(struct vd_ccache_entry *dst,
		      const struct vd_ccache_entry *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->exec_fd = -1;
	dst->outcome = src->outcome;
	dst->binary_bytes = src->binary_bytes;
	dst->out = vd_memdup(src->out ? src->out : "", src->out_len);
	dst->err = vd_memdup(src->err ? src->err : "", src->err_len);
	dst->out_len = src->out_len;
	dst->err_len = src->err_len;
	if (src->exec_fd >= 0)
		dst->exec_fd = fcntl(src->exec_fd, F_DUPFD_CLOEXEC, 0);
	if (!dst->out || !dst->err || (src->exec_fd >= 0 && dst->exec_fd < 0)) {
		vd_ccache_entry_release(dst);
		return VD_ENOMEM;
	}
	return 0;
}

int vd_ccache_begin(struct vd_ccache *c, const char key[VD_SHA256_HEX],
		    struct vd_ccache_entry *e)
{
	struct node *n;
	bool waited = false;
	int rc;

	pthread_mutex_lock(&c->lock);
	for (;;) {
		n = find(c, key);
		if (!n || n->ready)
			break;
		waited = true;
		pthread_cond_wait(&c->changed, &c->lock);
	}
	if (waited)
		c->st.waits++;
	if (n) {
		n->last_used = ++c->tick;
		rc = copy_entry(e, &n->e);
		if (rc == 0)
			c->st.hits++;
		pthread_mutex_unlock(&c->lock);
		return rc == 0 ? VD_CCACHE_HIT : rc;
	}
	n = vd_calloc(1, sizeof(*n));
	if (!n) {
		pthread_mutex_unlock(&c->lock);
		return VD_ENOMEM;
	}
	memcpy(n->key, key, VD_SHA256_HEX);
	n->key[VD_SHA256_HEX - 1] = '\0';
	n->e.exec_fd = -1;
	n->next = c->buckets[bucket_of(n->key)];
	c->buckets[bucket_of(n->key)] = n;
	c->st.misses++;
	pthread_mutex_unlock(&c->lock);
	return VD_CCACHE_MINE;
}

/* Drops least recently used ready entries until the cache fits, sparing
 * `keep`. Called with the lock held. */
static void evict(struct vd_ccache *c, const struct node *keep)
{
	while (c->st.bytes > c->max_bytes) {
		struct node *oldest = NULL;
		for (size_t b = 0; b < N_BUCKETS; b++)
			for (struct node *n = c->buckets[b]; n; n = n->next)
				if (n->ready && n != keep &&
				    (!oldest ||
				     n->last_used < oldest->last_used))
					oldest = n;
		if (!oldest)
			return;
		unlink_node(c, oldest);
		c->st.bytes -= oldest->bytes;
		c->st.entries--;
		c->st.evictions++;
		free_node(oldest);
	}
}

void vd_ccache_put(struct vd_ccache *c, const char key[VD_SHA256_HEX],
		   const struct vd_ccache_entry *e)
{
	struct node *n;

	pthread_mutex_lock(&c->lock);
	n = find(c, key);
	if (n && !n->ready) {
		if (copy_entry(&n->e, e) == 0) {
			n->ready = true;
			n->bytes = sizeof(*n) + e->out_len + e->err_len +
				   e->binary_bytes;
			n->last_used = ++c->tick;
			c->st.bytes += n->bytes;
			c->st.entries++;
			evict(c, n);
			/* An entry larger than the whole cache is not kept. */
			if (c->st.bytes > c->max_bytes) {
				unlink_node(c, n);
				c->st.bytes -= n->bytes;
				c->st.entries--;
				c->st.evictions++;
				free_node(n);
			}
		} else {
			unlink_node(c, n);
			free_node(n);
		}
	}
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
}

void vd_ccache_abandon(struct vd_ccache *c, const char key[VD_SHA256_HEX])
{
	struct node *n;

	pthread_mutex_lock(&c->lock);
	n = find(c, key);
	if (n && !n->ready) {
		unlink_node(c, n);
		free_node(n);
	}
	pthread_cond_broadcast(&c->changed);
	pthread_mutex_unlock(&c->lock);
}

void vd_ccache_stats(struct vd_ccache *c, struct vd_ccache_stats *s)
{
	pthread_mutex_lock(&c->lock);
	*s = c->st;
	pthread_mutex_unlock(&c->lock);
}
