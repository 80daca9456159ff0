/*
 * eval: vd_eval_run and friends (see eval_int.h for the module's parts).
 *
 * Phases: (1) expected outputs of the function-call problems that have
 * samples, (2) the samples. Each phase is a list of jobs consumed by one
 * worker thread per engine slot through an atomic counter (no lock on the
 * way to a job); results land in preallocated arrays and in the store.
 * The calling thread reports progress meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "err.h"
#include "eval_int.h"
#include "file.h"
#include "measure.h"
#include "metrics.h"

#define HARNESS_VERSION_TAG "harness-1"
#define SLOW_JOB_S	    20.0

void vd_eval_opts_init(struct vd_eval_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->min_time_limit_s = 4.0;
	o->gt_time_limit_factor = 4.0;
}

bool vd_eval_has_plus(const struct vd_eval *ev)
{
	if (ev->o.flags & VD_EVAL_BASE_ONLY)
		return false;
	for (uint32_t i = 0; i < ev->d->n; i++)
		if (ev->d->problems[i].kind == VD_PROBLEM_CALL &&
		    ev->d->problems[i].n_sections > 1)
			return true;
	return false;
}

void vd_eval_key(const struct vd_eval *ev, const char *kind,
		 const char *const *fields, size_t n, char out[VD_SHA256_HEX])
{
	struct vd_sha256 h;
	if (vd_sha256_init(&h) < 0) {
		memset(out, '0', VD_SHA256_HEX - 1);
		out[VD_SHA256_HEX - 1] = '\0';
		return;
	}
	vd_sha256_field_str(&h, kind);
	vd_sha256_field_str(&h, ev->env_key);
	for (size_t i = 0; i < n; i++)
		vd_sha256_field_str(&h, fields[i]);
	vd_sha256_final(&h, out);
}

void vd_eval_count(struct vd_eval *ev, const struct vd_eval_result *r)
{
	if (r->verdict >= 0 && r->verdict < VD_VERDICT_COUNT)
		atomic_fetch_add(&ev->verdicts[r->verdict], 1);
	if (r->cached)
		atomic_fetch_add(&ev->cached, 1);
}

/* ---- where things are ---- */

static int cache_dir(const struct vd_eval_opts *o, char **out,
		     struct vd_error *err)
{
	char path[4096];
	const char *v =
		o->cache_dir ? o->cache_dir : getenv("VERDICT_CACHE_DIR");
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int rc;

	if (v && *v)
		snprintf(path, sizeof(path), "%s", v);
	else if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/verdict", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.cache/verdict", home);
	else
		snprintf(path, sizeof(path), "/var/cache/verdict");
	if ((rc = vd_file_mkdirs(path, err)) < 0)
		return vd_error_wrap(err, rc, "cache directory");
	*out = vd_strdup(path);
	return *out ? 0 : vd_error_set(err, VD_ENOMEM, 0, "out of memory");
}

/* Files of the official releases, as EvalPlus names them. */
struct release {
	const char *dataset;
	const char *file;
	const char *url;
	const char *env; /* EvalPlus's override variable */
};

static const struct release releases[] = {
	{ "humaneval+", "HumanEvalPlus-v0.1.10.jsonl.gz",
	  "https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.10/HumanEvalPlus.jsonl.gz",
	  "HUMANEVAL_OVERRIDE_PATH" },
	{ "humaneval+mini", "HumanEvalPlus-Mini-v0.1.10.jsonl.gz",
	  "https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.10/HumanEvalPlus-Mini.jsonl.gz",
	  "HUMANEVAL_OVERRIDE_PATH" },
	{ "humaneval+noextreme", "HumanEvalPlus-NoExtreme-v0.1.10.jsonl.gz",
	  "https://github.com/evalplus/humanevalplus_release/releases/download/v0.1.10/HumanEvalPlus-NoExtreme.jsonl.gz",
	  "HUMANEVAL_OVERRIDE_PATH" },
	{ "mbpp+", "MbppPlus-v0.2.0.jsonl.gz",
	  "https://github.com/evalplus/mbppplus_release/releases/download/v0.2.0/MbppPlus.jsonl.gz",
	  "MBPP_OVERRIDE_PATH" },
	{ "mbpp+noextreme", "MbppPlus-NoExtreme-v0.2.0.jsonl.gz",
	  "https://github.com/evalplus/mbppplus_release/releases/download/v0.2.0/MbppPlus-NoExtreme.jsonl.gz",
	  "MBPP_OVERRIDE_PATH" },
	{ "humaneval", "HumanEval.jsonl.gz",
	  "https://github.com/openai/human-eval/raw/master/data/HumanEval.jsonl.gz",
	  NULL },
	{ "mbpp", "sanitized-mbpp.json",
	  "https://github.com/google-research/google-research/raw/master/mbpp/sanitized-mbpp.json",
	  NULL },
};

static const struct release *find_release(const char *name, uint32_t flags)
{
	char key[64];
	const char *base = name;

	if (!strcmp(name, "humanevalplus"))
		base = "humaneval+";
	else if (!strcmp(name, "mbppplus"))
		base = "mbpp+";
	snprintf(key, sizeof(key), "%s%s", base,
		 flags & VD_EVAL_MINI	     ? "mini"
		 : flags & VD_EVAL_NOEXTREME ? "noextreme"
					     : "");
	for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++)
		if (!strcmp(releases[i].dataset, key))
			return &releases[i];
	return NULL;
}

/* Downloads url into path with Python's urllib (file:// works too), into
 * a temporary file renamed when complete. VERDICT_DATASET_MIRROR replaces
 * "https://github.com" in the URL (for mirrors, and for tests). */
static int download(struct vd_eval *ev, const char *url, const char *path,
		    struct vd_error *err)
{
	static const char script[] =
		"import sys, urllib.request\n"
		"with urllib.request.urlopen(sys.argv[1], timeout=60) as r, "
		"open(sys.argv[2], 'wb') as f:\n"
		"    f.write(r.read())\n";
	const char *mirror = getenv("VERDICT_DATASET_MIRROR");
	char full[2048], tmp[4200];
	pid_t pid;
	int status = -1;

	if (mirror && !strncmp(url, "https://github.com", 18))
		snprintf(full, sizeof(full), "%s%s", mirror, url + 18);
	else
		snprintf(full, sizeof(full), "%s", url);
	snprintf(tmp, sizeof(tmp), "%s.part-%d", path, (int)getpid());
	pid = fork();
	if (pid == 0) {
		execl(ev->e->python, ev->e->python, "-s", "-c", script, full,
		      tmp, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		unlink(tmp);
		return vd_error_set(
			err, VD_EIO, 0,
			"downloading %s failed (no network? give --problems FILE)",
			full);
	}
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		return vd_error_errno(err, VD_EIO, "rename %s", tmp);
	}
	return 0;
}

static int resolve_dataset(struct vd_eval *ev, struct vd_error *err)
{
	const struct release *rel;
	char path[4200];
	struct stat st;
	const char *env;
	int rc;

	if (ev->o.problems) {
		ev->problems_path = vd_strdup(ev->o.problems);
		return ev->problems_path ? 0
					 : vd_error_set(err, VD_ENOMEM, 0,
							"out of memory");
	}
	if (!ev->o.dataset)
		return vd_error_set(err, VD_EINVAL, 0,
				    "give --dataset NAME or --problems FILE");
	rel = find_release(ev->o.dataset, ev->o.flags);
	if (!rel)
		return vd_error_set(
			err, VD_EINVAL, 0,
			"unknown dataset '%s' (humaneval, humaneval+, mbpp, mbpp+; or --problems FILE)",
			ev->o.dataset);
	env = rel->env ? getenv(rel->env) : NULL;
	if (env && *env) {
		ev->problems_path = vd_strdup(env);
		return ev->problems_path ? 0
					 : vd_error_set(err, VD_ENOMEM, 0,
							"out of memory");
	}
	snprintf(path, sizeof(path), "%s/datasets", ev->cache_dir);
	if ((rc = vd_file_mkdirs(path, err)) < 0)
		return vd_error_wrap(err, rc, "cache directory");
	snprintf(path, sizeof(path), "%s/datasets/%s", ev->cache_dir,
		 rel->file);
	if (stat(path, &st) < 0) {
		rc = download(ev, rel->url, path, err);
		if (rc)
			return rc;
	}
	ev->problems_path = vd_strdup(path);
	return ev->problems_path
		       ? 0
		       : vd_error_set(err, VD_ENOMEM, 0, "out of memory");
}

static int format_for(const char *dataset)
{
	int f;
	if (!dataset)
		return VD_FORMAT_AUTO;
	f = vd_dataset_format_parse(dataset);
	return f < 0 ? VD_FORMAT_AUTO : f;
}

/* Identity of the toolchain for cache keys: the interpreter's and the
 * compilers' resolved paths with size and mtime, the harness text, how
 * Python starts and the library version. */
static int make_env_key(struct vd_eval *ev)
{
	const char *tools[] = { ev->e->python, ev->e->cc, ev->e->cxx };
	struct vd_sha256 h;

	if (vd_sha256_init(&h) < 0)
		return VD_ENOMEM;
	vd_sha256_field_str(&h, VD_VERSION_STRING);
	vd_sha256_field_str(&h, HARNESS_VERSION_TAG);
	vd_sha256_field(&h, vd_harness_image,
			(size_t)(vd_harness_image_end - vd_harness_image));
	/* Verdicts do not depend on it, but figures do (a zygote's child is
	 * not charged for the interpreter it inherits). */
	vd_sha256_field_str(&h,
			    ev->e->zygote ? "python-zygote" : "python-fresh");
	for (size_t i = 0; i < 3; i++) {
		char real[4096], id[4200];
		struct stat st;
		if (!realpath(tools[i], real))
			snprintf(real, sizeof(real), "%s", tools[i]);
		if (stat(real, &st) == 0)
			snprintf(id, sizeof(id), "%s %lld %lld", real,
				 (long long)st.st_size, (long long)st.st_mtime);
		else
			snprintf(id, sizeof(id), "%s missing", real);
		vd_sha256_field_str(&h, id);
	}
	vd_sha256_final(&h, ev->env_key);
	return 0;
}

/* "Python 3.11.2", from the interpreter itself (outside the sandbox: it
 * runs no untrusted code). */
static void python_version(struct vd_eval *ev)
{
	int fd[2];
	pid_t pid;
	ssize_t n = 0;

	snprintf(ev->python_version, sizeof(ev->python_version), "unknown");
	if (pipe2(fd, O_CLOEXEC) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		execl(ev->e->python, ev->e->python, "-V", (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	if (pid > 0) {
		char buf[64];
		n = read(fd[0], buf, sizeof(buf) - 1);
		if (n > 0) {
			buf[n] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			snprintf(ev->python_version, sizeof(ev->python_version),
				 "%s", buf);
		}
		waitpid(pid, NULL, 0);
	}
	close(fd[0]);
}

static void set_date(struct vd_eval *ev)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	time_t t =
		epoch && *epoch ? (time_t)strtoll(epoch, NULL, 10) : time(NULL);
	struct tm tm;
	if (epoch && *epoch)
		gmtime_r(&t, &tm);
	else
		localtime_r(&t, &tm);
	strftime(ev->date, sizeof(ev->date), "%Y-%m-%d %H:%M", &tm);
}

/* ---- the worker pool ---- */

struct pipeline;

struct pool {
	struct vd_eval *ev;
	int (*job)(struct vd_eval *ev, struct vd_slot *slot, uint32_t i,
		   struct vd_error *err);
	uint32_t *jobs;
	uint32_t n;
	_Atomic uint32_t next;
	_Atomic uint32_t finished; /* jobs done */
	_Atomic int failed;
	struct vd_error err; /* the first failure */
	pthread_mutex_t err_lock;
	struct pipeline *pipe; /* NULL: jobs[] in order */
	/* Workers still running; the last to leave wakes run_pool at once
	 * rather than at its next progress report. */
	uint32_t running;
	pthread_mutex_t exit_lock;
	pthread_cond_t exited;
};

/*
 * Expected outputs and samples as one pool (phases()): the references go
 * first, in dataset order; once they have all been handed out, the samples
 * follow, those of the problems whose expected outputs are known first,
 * heaviest reference first, then the others as their references finish.
 * A worker never idles while the last references run (one of MBPP+'s takes
 * 14 s), and the reference's weight, unknown before it ran, still orders
 * the samples. Job values: j < problems is problem j's reference, else
 * sample j - problems (as job_name reads them).
 */
struct pipeline {
	pthread_mutex_t lock;
	pthread_cond_t finished; /* a reference finished, or the pool failed */
	uint32_t n_refs;	 /* pool jobs[0, n_refs) are the references */
	bool *done;		 /* per problem: its reference has finished */
	double *weight;		 /* per problem, once done */
	uint32_t n_done;	 /* references finished */
	uint32_t sorted_at;	 /* n_done when samples[next..] was last sorted,
			       UINT32_MAX before the first sort */
	uint32_t *samples;	 /* sample indices; [0, next) handed out */
	double *key; /* per sample: its problem's weight, -1 if not done */
	uint32_t n_samples, next;
};

struct worker_arg {
	struct pool *pool;
	struct vd_eval_worker *w;
};

/* Sorts the samples not yet handed out: done problems first, heaviest
 * reference first, then by index (a stable, repeatable order). */
static int cmp_key(const void *a, const void *b, void *ctx)
{
	const double *key = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (key[x] != key[y])
		return key[x] > key[y] ? -1 : 1;
	return (x > y) - (x < y);
}

static void pipe_sort(struct pipeline *q, const struct vd_eval *ev)
{
	for (uint32_t k = q->next; k < q->n_samples; k++) {
		uint32_t i = q->samples[k], p = ev->s->v[i].problem;
		q->key[i] = q->done[p] ? q->weight[p] : -1.0;
	}
	qsort_r(q->samples + q->next, q->n_samples - q->next,
		sizeof(*q->samples), cmp_key, q->key);
	q->sorted_at = q->n_done;
}

/* The next job of a pipeline pool; false when none is left (or the pool
 * failed). A sample whose reference still runs waits for it. */
static bool pipe_pick(struct pool *pl, uint32_t *job)
{
	struct pipeline *q = pl->pipe;
	const struct vd_eval *ev = pl->ev;
	uint32_t k = atomic_fetch_add(&pl->next, 1);
	bool got = false;

	if (k < q->n_refs) {
		*job = pl->jobs[k];
		return true;
	}
	pthread_mutex_lock(&q->lock);
	while (!atomic_load(&pl->failed) && q->next < q->n_samples) {
		uint32_t i;
		if (q->sorted_at != q->n_done)
			pipe_sort(q, ev);
		i = q->samples[q->next];
		if (q->done[ev->s->v[i].problem]) {
			q->next++;
			*job = ev->d->n + i;
			got = true;
			break;
		}
		/* sorted: no sample left has its expected outputs yet */
		pthread_cond_wait(&q->finished, &q->lock);
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}

/* Problem p's reference finished (UINT32_MAX: a worker left the pool). */
static void pipe_finished(struct pool *pl, uint32_t p)
{
	struct pipeline *q = pl->pipe;
	const struct vd_expected *x;

	pthread_mutex_lock(&q->lock);
	if (p != UINT32_MAX && !q->done[p]) {
		x = &pl->ev->exp[p];
		q->weight[p] = 0;
		for (uint32_t s = 0; x->ready && s < VD_MAX_SECTIONS; s++)
			for (uint32_t i = 0; i < x->sec[s].n; i++)
				q->weight[p] += x->sec[s].cpu[i];
		q->done[p] = true;
		q->n_done++;
	}
	pthread_cond_broadcast(&q->finished);
	pthread_mutex_unlock(&q->lock);
}

static void *worker_main(void *arg)
{
	struct worker_arg *a = arg;
	struct pool *pl = a->pool;

	while (!atomic_load(&pl->failed)) {
		uint32_t job;
		struct vd_error e;
		bool is_ref;
		int rc;
		if (pl->pipe) {
			if (!pipe_pick(pl, &job))
				break;
		} else {
			uint32_t k = atomic_fetch_add(&pl->next, 1);
			if (k >= pl->n)
				break;
			job = pl->jobs[k];
		}
		atomic_store(&a->w->started, vd_measure_now_ns());
		atomic_store(&a->w->job, (int64_t)job);
		memset(&e, 0, sizeof(e));
		rc = pl->job(pl->ev, a->w->slot, job, &e);
		atomic_store(&a->w->job, (int64_t)-1);
		if (rc < 0) {
			pthread_mutex_lock(&pl->err_lock);
			if (!atomic_load(&pl->failed))
				pl->err = e;
			atomic_store(&pl->failed, 1);
			pthread_mutex_unlock(&pl->err_lock);
		}
		is_ref = pl->pipe && job < pl->ev->d->n;
		if (is_ref)
			pipe_finished(pl, job);
		if (rc < 0)
			break;
		if (is_ref)
			atomic_fetch_add(&pl->ev->ref_done, 1);
		else
			atomic_fetch_add(&pl->ev->done, 1);
		atomic_fetch_add(&pl->finished, 1);
	}
	if (pl->pipe)
		pipe_finished(pl,
			      UINT32_MAX); /* wakes a waiter to see failed */
	pthread_mutex_lock(&pl->exit_lock);
	pl->running--;
	pthread_cond_signal(&pl->exited);
	pthread_mutex_unlock(&pl->exit_lock);
	return NULL;
}

/* What a pool's job value names: j < problems is problem j's reference,
 * else sample j - problems (both pools use this numbering). */
static const char *job_name(const struct vd_eval *ev, int64_t j, char *buf,
			    size_t len)
{
	if (j >= (int64_t)ev->d->n) {
		const struct vd_sample *s = &ev->s->v[j - ev->d->n];
		snprintf(buf, len, "%s #%u (%s)",
			 ev->d->problems[s->problem].task_id, s->index,
			 s->origin);
	} else {
		snprintf(buf, len, "%s (reference)",
			 ev->d->problems[j].task_id);
	}
	return buf;
}

static void report(struct vd_eval *ev)
{
	struct vd_eval_progress p;
	uint64_t now = vd_measure_now_ns();
	char name[512];

	if (!ev->o.progress)
		return;
	memset(&p, 0, sizeof(p));
	p.phase = ev->phase;
	p.done = atomic_load(&ev->done);
	p.total = ev->total;
	p.cached = atomic_load(&ev->cached);
	if (atomic_load(&ev->ref_done) < ev->ref_total) {
		p.phase = "expected outputs";
		p.done = atomic_load(&ev->ref_done);
		p.total = ev->ref_total;
		p.cached = atomic_load(&ev->ref_cached);
	}
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		p.verdicts[v] = atomic_load(&ev->verdicts[v]);
	p.elapsed_s = (double)(now - ev->phase_start_ns) / 1e9;
	for (uint32_t i = 0; i < ev->n_workers; i++) {
		int64_t j = atomic_load(&ev->workers[i].job);
		double age =
			(double)(now - atomic_load(&ev->workers[i].started)) /
			1e9;
		if (j >= 0 && age > SLOW_JOB_S && age > p.slow_s) {
			p.slow = job_name(ev, j, name, sizeof(name));
			p.slow_s = age;
		}
	}
	ev->o.progress(ev->o.progress_ctx, &p);
}

static int run_pool(struct vd_eval *ev, const char *phase, uint32_t *jobs,
		    uint32_t n,
		    int (*job)(struct vd_eval *, struct vd_slot *, uint32_t,
			       struct vd_error *),
		    struct pipeline *pipe, struct vd_error *err)
{
	struct pool pl;
	pthread_t *th = vd_calloc(ev->n_workers, sizeof(*th));
	struct worker_arg *args = vd_calloc(ev->n_workers, sizeof(*args));
	pthread_condattr_t monotonic;
	uint32_t started = 0;
	int rc = 0;

	if (!th || !args) {
		vd_free_mem(th);
		vd_free_mem(args);
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	memset(&pl, 0, sizeof(pl));
	pl.ev = ev;
	pl.job = job;
	pl.jobs = jobs;
	pl.n = n;
	pl.pipe = pipe;
	pthread_mutex_init(&pl.err_lock, NULL);
	pthread_mutex_init(&pl.exit_lock, NULL);
	pthread_condattr_init(&monotonic);
	pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
	pthread_cond_init(&pl.exited, &monotonic);
	pthread_condattr_destroy(&monotonic);
	pl.running = ev->n_workers;
	ev->phase = phase;
	ev->total = pipe ? n - pipe->n_refs : n;
	ev->ref_total = pipe ? pipe->n_refs : 0;
	atomic_store(&ev->done, 0);
	atomic_store(&ev->cached, 0);
	atomic_store(&ev->ref_done, 0);
	atomic_store(&ev->ref_cached, 0);
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		atomic_store(&ev->verdicts[v], 0);
	ev->phase_start_ns = vd_measure_now_ns();
	for (uint32_t i = 0; i < ev->n_workers; i++) {
		args[i].pool = &pl;
		args[i].w = &ev->workers[i];
		if (pthread_create(&th[i], NULL, worker_main, &args[i]) != 0) {
			atomic_store(&pl.failed, 1);
			rc = vd_error_set(err, VD_ESYS, errno,
					  "cannot start worker threads");
			break;
		}
		started++;
	}
	/* Progress every 200 ms until the last worker has left. */
	pthread_mutex_lock(&pl.exit_lock);
	pl.running -= ev->n_workers - started; /* those never started */
	while (pl.running > 0) {
		struct timespec until;
		pthread_mutex_unlock(&pl.exit_lock);
		report(ev);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += 200000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&pl.exit_lock);
		if (pl.running > 0)
			pthread_cond_timedwait(&pl.exited, &pl.exit_lock,
					       &until);
	}
	pthread_mutex_unlock(&pl.exit_lock);
	for (uint32_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	report(ev);
	if (rc == 0 && atomic_load(&pl.failed)) {
		*err = pl.err;
		rc = pl.err.code ? pl.err.code : VD_ESANDBOX;
	}
	pthread_cond_destroy(&pl.exited);
	pthread_mutex_destroy(&pl.exit_lock);
	pthread_mutex_destroy(&pl.err_lock);
	vd_free_mem(th);
	vd_free_mem(args);
	return rc;
}

int vd_eval_pool(struct vd_eval *ev, const char *phase, uint32_t *jobs,
		 uint32_t n,
		 int (*job)(struct vd_eval *, struct vd_slot *, uint32_t,
			    struct vd_error *),
		 struct vd_error *err)
{
	return run_pool(ev, phase, jobs, n, job, NULL, err);
}

static int sample_job(struct vd_eval *ev, struct vd_slot *slot, uint32_t i,
		      struct vd_error *err)
{
	const struct vd_problem *p = &ev->d->problems[ev->s->v[i].problem];
	int rc = p->kind == VD_PROBLEM_CALL ? vd_eval_call(ev, slot, i, err)
					    : vd_eval_program(ev, slot, i, err);
	if (rc == 0)
		vd_eval_count(ev, &ev->res[i]);
	return rc;
}

/* A job of the pipeline: j < problems is problem j's reference. */
static int pipeline_job(struct vd_eval *ev, struct vd_slot *slot, uint32_t j,
			struct vd_error *err)
{
	if (j < ev->d->n)
		return vd_eval_expected(ev, slot, j, err);
	return sample_job(ev, slot, j - ev->d->n, err);
}

static int phases(struct vd_eval *ev, struct vd_error *err)
{
	struct pipeline q;
	uint32_t *refs = vd_calloc(ev->d->n + 1, sizeof(*refs));
	int rc = VD_ENOMEM;

	memset(&q, 0, sizeof(q));
	q.sorted_at = UINT32_MAX;
	q.done = vd_calloc(ev->d->n + 1, sizeof(*q.done));
	q.weight = vd_calloc(ev->d->n + 1, sizeof(*q.weight));
	q.samples = vd_calloc(ev->s->n + 1, sizeof(*q.samples));
	q.key = vd_calloc(ev->s->n + 1, sizeof(*q.key));
	if (refs && q.done && q.weight && q.samples && q.key) {
		for (uint32_t i = 0; i < ev->d->n; i++) {
			if (ev->d->problems[i].kind == VD_PROBLEM_CALL &&
			    ev->s->per_task[i])
				refs[q.n_refs++] = i;
			else
				q.done[i] = true; /* nothing to compute */
		}
		for (uint32_t i = 0; i < ev->s->n; i++)
			q.samples[i] = i;
		q.n_samples = ev->s->n;
		pthread_mutex_init(&q.lock, NULL);
		pthread_cond_init(&q.finished, NULL);
		rc = run_pool(ev, "samples", refs, q.n_refs + q.n_samples,
			      pipeline_job, &q, err);
		pthread_cond_destroy(&q.finished);
		pthread_mutex_destroy(&q.lock);
	} else {
		vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	vd_free_mem(refs);
	vd_free_mem(q.done);
	vd_free_mem(q.weight);
	vd_free_mem(q.samples);
	vd_free_mem(q.key);
	return rc;
}

static int check_opts(const struct vd_eval_opts *o, struct vd_error *err)
{
	if (!o->samples)
		return vd_error_set(err, VD_EINVAL, 0, "no samples given");
	if (!(o->min_time_limit_s > 0) || o->min_time_limit_s > 3600 ||
	    !(o->gt_time_limit_factor > 0) || o->gt_time_limit_factor > 1000)
		return vd_error_set(
			err, VD_EINVAL, 0,
			"time limits: --min-time-limit must be in (0, 3600] and --gt-time-limit-factor in (0, 1000]");
	if (o->time_limit_s < 0 || o->time_limit_s > 3600)
		return vd_error_set(err, VD_EINVAL, 0,
				    "--time-limit must be in (0, 3600]");
	if (o->memory_limit_mb > (1u << 20))
		return vd_error_set(err, VD_EINVAL, 0,
				    "--memory-limit too large");
	if (o->perf_repeats > 1000 || o->perf_inputs > 1000 ||
	    (o->perf_warmup > 1000 && o->perf_warmup != UINT32_MAX))
		return vd_error_set(err, VD_EINVAL, 0,
				    "--repeats, --warmup and --perf-inputs "
				    "must be at most 1000");
	return 0;
}

int vd_eval_run(struct vd_engine *e, const struct vd_eval_opts *o,
		struct vd_eval **out, struct vd_error *err)
{
	struct vd_eval *ev;
	char path[4200];
	int rc;

	if (!e || !o || !out)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_eval_run: NULL argument");
	rc = check_opts(o, err);
	if (rc)
		return rc;
	ev = vd_calloc(1, sizeof(*ev));
	if (!ev)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	ev->e = e;
	ev->o = *o;
	ev->memory_kb =
		(o->memory_limit_mb ? o->memory_limit_mb : 4096) * 1024u;
	set_date(ev);
	rc = cache_dir(o, &ev->cache_dir, err);
	if (rc == 0)
		rc = resolve_dataset(ev, err);
	if (rc == 0)
		rc = vd_dataset_load(ev->problems_path, format_for(o->dataset),
				     NULL, &ev->d, err);
	if (rc == 0)
		rc = vd_samples_load(o->samples, ev->d, 1, &ev->s, err);
	for (uint32_t i = 0; rc == 0 && i < ev->s->n_warnings; i++)
		vd_log_msg(&e->log, VD_LOG_WARN, "%s", ev->s->warnings[i]);
	if (rc == 0 && make_env_key(ev) < 0)
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (rc == 0)
		python_version(ev);
	if (rc == 0) {
		snprintf(path, sizeof(path), "%s/results.sqlite",
			 ev->cache_dir);
		rc = vd_store_open(path, &ev->store, err);
	}
	if (rc)
		goto fail;
	ev->exp = vd_calloc(ev->d->n, sizeof(*ev->exp));
	ev->res = vd_calloc(ev->s->n, sizeof(*ev->res));
	ev->n_workers = e->n_slots;
	ev->workers = vd_calloc(ev->n_workers, sizeof(*ev->workers));
	if (!ev->exp || !ev->res || !ev->workers) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto fail;
	}
	for (uint32_t i = 0; i < ev->n_workers; i++) {
		ev->workers[i].index = i;
		ev->workers[i].slot = e->slots[i];
		atomic_store(&ev->workers[i].job, (int64_t)-1);
	}
	rc = phases(ev, err);
	if (rc == 0 && o->perf_repeats) {
		if (o->reference)
			rc = vd_samples_load(o->reference, ev->d, 0, &ev->ref_s,
					     err);
		if (rc == 0)
			rc = vd_eval_perf_phase(ev, err);
	}
	if (rc)
		goto fail;
	*out = ev;
	return 0;
fail:
	vd_eval_free(ev);
	return rc;
}

void vd_eval_free(struct vd_eval *ev)
{
	if (!ev)
		return;
	for (uint32_t i = 0; ev->exp && i < ev->d->n; i++)
		vd_expected_release(&ev->exp[i]);
	for (uint32_t i = 0; ev->res && i < ev->s->n; i++)
		for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++)
			vd_free_mem(ev->res[i].sec[s].failed);
	vd_eval_perf_release(ev);
	vd_samples_free(ev->ref_s);
	vd_free_mem(ev->exp);
	vd_free_mem(ev->res);
	vd_free_mem(ev->workers);
	vd_store_close(ev->store);
	vd_samples_free(ev->s);
	vd_dataset_free(ev->d);
	vd_free_mem(ev->problems_path);
	vd_free_mem(ev->samples_path);
	vd_free_mem(ev->cache_dir);
	vd_free_mem(ev);
}

/* ---- pass@k ---- */

static bool sample_passes(const struct vd_eval *ev, uint32_t i, int suite)
{
	const struct vd_eval_result *r = &ev->res[i];
	const struct vd_problem *p = &ev->d->problems[ev->s->v[i].problem];
	if (p->kind != VD_PROBLEM_CALL)
		return r->verdict == VD_VERDICT_AC;
	if (r->sec[0].status != VD_ST_PASS)
		return false;
	if (suite == VD_SUITE_BASE || p->n_sections < 2)
		return true;
	return r->sec[1].status == VD_ST_PASS;
}

void vd_eval_verdict_counts(const struct vd_eval *ev,
			    uint64_t counts[VD_VERDICT_COUNT])
{
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		counts[v] = 0;
	for (uint32_t i = 0; ev && i < ev->s->n; i++)
		if (ev->res[i].verdict >= 0 &&
		    ev->res[i].verdict < VD_VERDICT_COUNT)
			counts[ev->res[i].verdict]++;
}

/* vd_pass_at_k_mean over the tasks, without its count arrays: samples are
 * sorted by task (dataset order), so each task is one run of them. Nothing
 * is allocated, so a result file never silently lacks a pass@k. */
double vd_eval_pass_at_k(const struct vd_eval *ev, int32_t suite, uint32_t k)
{
	double sum = 0.0;
	uint32_t t = 0, j;

	if (!ev || k == 0 || (suite == VD_SUITE_PLUS && !vd_eval_has_plus(ev)))
		return -1;
	for (uint32_t i = 0; i < ev->s->n; i = j, t++) {
		uint64_t n = 0, c = 0;
		for (j = i;
		     j < ev->s->n && ev->s->v[j].problem == ev->s->v[i].problem;
		     j++) {
			n++;
			c += sample_passes(ev, j, suite);
		}
		if (n < k)
			return -1; /* EvalPlus omits it */
		sum += vd_pass_at_k(n, c, k);
	}
	return t ? sum / (double)t : -1;
}
