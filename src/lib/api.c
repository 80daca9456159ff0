/*
 * api: the public entry points (include/verdict.h): argument checks, the
 * engine and its pool of sandbox slots, names and defaults, report access.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "cgroup.h"
#include "compare.h"
#include "engine.h"
#include "err.h"
#include "lang.h"
#include "log.h"
#include "measure.h"
#include "report.h"
#include "runner.h"
#include "sandbox.h"
#include "verdict.h"

/* ---- names and defaults ---- */

static const char *const verdict_names[VD_VERDICT_COUNT] = {
	"AC", "WA", "TLE", "MLE", "RE", "OLE", "CE", "SE",
};

const char *vd_verdict_name(int32_t v)
{
	if (v < 0 || v >= VD_VERDICT_COUNT)
		return "?";
	return verdict_names[v];
}

int32_t vd_verdict_parse(const char *name)
{
	for (int32_t i = 0; name && i < VD_VERDICT_COUNT; i++)
		if (!strcmp(name, verdict_names[i]))
			return i;
	return -1;
}

const char *vd_limit_name(int32_t kind)
{
	static const char *const names[] = {
		"",	  "cpu",    "wall",	 "memory",     "processes",
		"stdout", "stderr", "file_size", "open_files",
	};
	if (kind < 0 || kind >= (int32_t)(sizeof(names) / sizeof(names[0])))
		return "?";
	return names[kind];
}

const char *vd_version(void)
{
	return VD_VERSION_STRING;
}

void vd_free(void *p)
{
	vd_free_mem(p);
}

void vd_limits_default(struct vd_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->cpu_time_ms = 2000;
	l->memory_kb = 256u * 1024u;
	l->stdout_bytes = 64u << 20;
	l->stderr_bytes = 1u << 20;
	l->file_size_bytes = 64u << 20;
	l->processes = 64;
	l->open_files = 256;
}

void vd_limits_compile_default(struct vd_limits *l)
{
	memset(l, 0, sizeof(*l));
	l->cpu_time_ms = 30000;
	l->memory_kb = 2u * 1024u * 1024u;
	l->stdout_bytes = 1u << 20;
	l->stderr_bytes = 1u << 20;
	l->file_size_bytes = 256u << 20;
	l->processes = 64;
	l->open_files = 256;
	l->stack_kb = 64u * 1024u;
}

void vd_config_init(struct vd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->slots = 1;
	cfg->cgroup_mode = VD_CGROUP_AUTO;
	cfg->counter = VD_COUNTER_AUTO;
	cfg->log_level = VD_LOG_WARN;
}

void vd_judge_opts_init(struct vd_judge_opts *o)
{
	memset(o, 0, sizeof(*o));
	vd_limits_default(&o->limits);
	vd_limits_compile_default(&o->compile_limits);
	o->counter = VD_COUNTER_AUTO;
}

int vd_check_output(const char *checker, const char *out, uint64_t out_len,
		    const char *expected, uint64_t expected_len, char *detail,
		    uint32_t detail_len)
{
	struct vd_checker c;
	if (vd_checker_parse(checker, &c) < 0)
		return VD_EINVAL;
	return vd_compare(&c, out, (size_t)out_len, expected,
			  (size_t)expected_len, detail, detail_len);
}

/* ---- the engine ---- */

static void describe(struct vd_engine *e)
{
	struct vd_engine_info *in = &e->info;
	struct vd_cgroup *cg = vd_sandbox_cgroup(e->sb);
	int mode = vd_cgroup_mode(cg);

	memset(in, 0, sizeof(*in));
	snprintf(in->isolation, sizeof(in->isolation), "%s",
		 vd_sandbox_isolation(e->sb));
	snprintf(in->cgroup, sizeof(in->cgroup), "%s",
		 mode == VD_CGROUP_V2	? "v2"
		 : mode == VD_CGROUP_V1 ? "v1"
					: "none");
	snprintf(in->cgroup_detail, sizeof(in->cgroup_detail), "%s",
		 vd_cgroup_reason(cg));
	snprintf(
		in->cpu_time, sizeof(in->cpu_time), "%s",
		mode == VD_CGROUP_V2
			? "rusage of every process (keeper reaps all); limit polled from cgroup v2 cpu.stat"
		: mode == VD_CGROUP_V1
			? "rusage of every process (keeper reaps all); limit polled from cgroup v1 cpuacct.usage"
			: "rusage of every process; limit by RLIMIT_CPU per process only");
	if (e->n_slots && vd_slot_cpu(e->slots[0]) >= 0) {
		size_t len = strlen(in->cpu_time);
		snprintf(in->cpu_time + len, sizeof(in->cpu_time) - len,
			 "; slot i bound to CPU %d - i",
			 vd_slot_cpu(e->slots[0]));
	}
	snprintf(
		in->memory, sizeof(in->memory), "%s",
		mode == VD_CGROUP_V2
			? "cgroup v2 memory.peak of the run's group"
		: mode == VD_CGROUP_V1
			? "cgroup v1 memory.max_usage_in_bytes minus the keeper's base"
			: "largest single process's ru_maxrss (no cgroup)");
	if (e->probe.hw_ok)
		snprintf(
			in->instructions, sizeof(in->instructions),
			"hardware: perf_event_open instructions:u, whole process tree");
	else
		snprintf(in->instructions, sizeof(in->instructions),
			 "unavailable: %s", e->probe.detail);
	in->slots = e->n_slots;
}

/* A compiler's identity for cache keys: resolved path, size and mtime (a
 * new compiler version is a new file). */
static void tool_identity(const char *path, char *out, size_t len)
{
	char real[4096];
	struct stat st;

	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	if (stat(real, &st) == 0)
		snprintf(out, len, "%s %lld %lld", real, (long long)st.st_size,
			 (long long)st.st_mtime);
	else
		snprintf(out, len, "%s missing", real);
}

static int dup_string(char **dst, const char *src, const char *def)
{
	*dst = vd_strdup(src ? src : def);
	return *dst ? 0 : VD_ENOMEM;
}

int vd_engine_new(const struct vd_config *cfg_in, struct vd_engine **out,
		  struct vd_error *err)
{
	struct vd_config defaults;
	const struct vd_config *cfg = cfg_in;
	struct vd_sandbox_config sc;
	struct vd_engine *e;
	int rc;

	if (!out)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_engine_new: out is NULL");
	if (!cfg) {
		vd_config_init(&defaults);
		cfg = &defaults;
	}
	if (cfg->slots > 1024)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_engine_new: %u slots is too many",
				    cfg->slots);
	e = vd_calloc(1, sizeof(*e));
	if (!e)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->free_slot, NULL);
	e->log.fn = cfg->log_fn;
	e->log.ctx = cfg->log_ctx;
	e->log.min_level = cfg->log_level;
	if (dup_string(&e->python, cfg->python, "/usr/bin/python3") ||
	    dup_string(&e->cc, cfg->cc, "/usr/bin/gcc") ||
	    dup_string(&e->cxx, cfg->cxx, "/usr/bin/g++") ||
	    dup_string(&e->extra_paths, cfg->extra_paths, "")) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto fail;
	}
	if (e->python[0] != '/' || e->cc[0] != '/' || e->cxx[0] != '/') {
		rc = vd_error_set(
			err, VD_ECONFIG, 0,
			"interpreter and compiler paths must be absolute (python %s, cc %s, c++ %s)",
			e->python, e->cc, e->cxx);
		goto fail;
	}
	e->tc.python = e->python;
	e->tc.cc = e->cc;
	e->tc.cxx = e->cxx;
	tool_identity(e->cc, e->cc_id, sizeof(e->cc_id));
	tool_identity(e->cxx, e->cxx_id, sizeof(e->cxx_id));
	e->tc.cc_id = e->cc_id;
	e->tc.cxx_id = e->cxx_id;
	rc = vd_ccache_new(
		(uint64_t)(cfg->compile_cache_mb ? cfg->compile_cache_mb : 256)
			<< 20,
		&e->ccache, err);
	if (rc < 0)
		goto fail;
	memset(&sc, 0, sizeof(sc));
	sc.uid_base = cfg->uid_base ? cfg->uid_base : VD_DEFAULT_UID_BASE;
	sc.cgroup_mode = cfg->cgroup_mode;
	sc.extra_paths = e->extra_paths[0] ? e->extra_paths : NULL;
	sc.log = &e->log;
	sc.pin_cpus = cfg->pin_cpus != 0;
	if (cfg->python_mode != VD_PYTHON_ZYGOTE &&
	    cfg->python_mode != VD_PYTHON_FRESH) {
		rc = vd_error_set(err, VD_EINVAL, 0,
				  "vd_engine_new: unknown python_mode %d",
				  (int)cfg->python_mode);
		goto fail;
	}
	e->zygote = cfg->python_mode == VD_PYTHON_ZYGOTE;
	{
		const char *zargv[] = { e->python, "-s", "/proc/self/fd/4",
					"--zygote", NULL };
		struct vd_zygote_spec zs = {
			zargv, vd_lang_env(), vd_harness_image,
			(size_t)(vd_harness_image_end - vd_harness_image)
		};
		if (e->zygote)
			sc.zygote = &zs;
		rc = vd_sandbox_new(&sc, &e->sb, err);
	}
	if (rc < 0)
		goto fail;
	vd_measure_probe_hw(&e->probe);
	e->counter_default = e->probe.hw_ok ? VD_COUNTER_HW : VD_COUNTER_NONE;
	if (cfg->counter == VD_COUNTER_NONE)
		e->counter_default = VD_COUNTER_NONE;
	e->n_slots = cfg->slots ? cfg->slots : 1;
	e->slots = vd_calloc(e->n_slots, sizeof(*e->slots));
	e->busy = vd_calloc(e->n_slots, sizeof(*e->busy));
	if (!e->slots || !e->busy) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto fail;
	}
	for (uint32_t i = 0; i < e->n_slots; i++) {
		rc = vd_slot_new(e->sb, i, &e->slots[i], err);
		if (rc < 0)
			goto fail;
	}
	describe(e);
	*out = e;
	return 0;
fail:
	vd_engine_free(e);
	return rc;
}

void vd_engine_free(struct vd_engine *e)
{
	if (!e)
		return;
	for (uint32_t i = 0; e->slots && i < e->n_slots; i++)
		vd_slot_free(e->slots[i]);
	vd_free_mem(e->slots);
	vd_free_mem(e->busy);
	vd_sandbox_free(e->sb);
	vd_ccache_free(e->ccache);
	vd_free_mem(e->python);
	vd_free_mem(e->cc);
	vd_free_mem(e->cxx);
	vd_free_mem(e->extra_paths);
	pthread_mutex_destroy(&e->lock);
	pthread_cond_destroy(&e->free_slot);
	vd_free_mem(e);
}

int vd_engine_info(struct vd_engine *e, struct vd_engine_info *info)
{
	if (!e || !info)
		return VD_EINVAL;
	*info = e->info;
	return 0;
}

uint32_t vd_engine_acquire(struct vd_engine *e)
{
	uint32_t i;
	pthread_mutex_lock(&e->lock);
	for (;;) {
		for (i = 0; i < e->n_slots; i++)
			if (!e->busy[i])
				break;
		if (i < e->n_slots)
			break;
		pthread_cond_wait(&e->free_slot, &e->lock);
	}
	e->busy[i] = true;
	pthread_mutex_unlock(&e->lock);
	return i;
}

void vd_engine_release(struct vd_engine *e, uint32_t i)
{
	pthread_mutex_lock(&e->lock);
	e->busy[i] = false;
	pthread_cond_signal(&e->free_slot);
	pthread_mutex_unlock(&e->lock);
}

static int check_limits(const struct vd_limits *l, const char *what,
			struct vd_error *err)
{
	if (!l->cpu_time_ms || !l->memory_kb || !l->processes ||
	    !l->stdout_bytes || !l->stderr_bytes || !l->open_files)
		return vd_error_set(
			err, VD_EINVAL, 0,
			"%s: CPU time, memory, processes, output caps and open files must be non-zero",
			what);
	if (l->cpu_time_ms > 24u * 3600u * 1000u ||
	    l->memory_kb > (1ull << 40) / 1024u)
		return vd_error_set(err, VD_EINVAL, 0,
				    "%s: CPU time or memory limit too large",
				    what);
	return 0;
}

static const char *counter_label(int c)
{
	switch (c) {
	case VD_COUNTER_HW:
		return "hw";
	case VD_COUNTER_SW:
		return "sw";
	default:
		return "none";
	}
}

int vd_engine_counter(const struct vd_engine *e, int32_t requested, char *label,
		      size_t label_len)
{
	int counter =
		requested == VD_COUNTER_AUTO ? e->counter_default : requested;
	if (counter == VD_COUNTER_HW && !e->probe.hw_ok)
		counter = VD_COUNTER_NONE;
	if (counter == VD_COUNTER_SW) {
		if (access(VD_SW_COUNTER_PATH, X_OK) == 0) {
			snprintf(label, label_len, "%s", VD_SW_COUNTER_LABEL);
		} else {
			snprintf(label, label_len,
				 "software counter unavailable: no %s "
				 "(apt install valgrind)",
				 VD_SW_COUNTER_PATH);
			counter = VD_COUNTER_NONE;
		}
	}
	return counter;
}

void vd_engine_runner_env(const struct vd_engine *e, struct vd_slot *slot,
			  int counter, struct vd_runner_env *env)
{
	memset(env, 0, sizeof(*env));
	env->slot = slot;
	env->tc = &e->tc;
	env->counter = counter == VD_COUNTER_HW ? VD_EXEC_COUNT_INSNS
						: VD_EXEC_COUNT_NONE;
	env->count_sw = counter == VD_COUNTER_SW;
	env->python_zygote = e->zygote;
	env->ccache = e->ccache;
}

int vd_judge(struct vd_engine *e, const struct vd_program *prog,
	     const struct vd_test *tests, uint32_t n_tests,
	     const struct vd_judge_opts *opts_in, struct vd_report **out,
	     struct vd_error *err)
{
	struct vd_judge_opts defaults;
	const struct vd_judge_opts *opts = opts_in;
	struct vd_runner_env env;
	struct vd_report *rep;
	uint32_t slot;
	int rc, counter;

	if (!e || !prog || !out || (n_tests && !tests))
		return vd_error_set(
			err, VD_EINVAL, 0,
			"vd_judge: NULL engine, program, tests or out");
	if (prog->lang < 0 || prog->lang >= VD_LANG_COUNT)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_judge: unknown language %d",
				    prog->lang);
	if (!prog->source)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_judge: program has no source");
	if (!opts) {
		vd_judge_opts_init(&defaults);
		opts = &defaults;
	}
	rc = check_limits(&opts->limits, "test limits", err);
	if (rc == 0)
		rc = check_limits(&opts->compile_limits, "compile limits", err);
	if (rc < 0)
		return rc;
	rep = vd_calloc(1, sizeof(*rep));
	if (!rep)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	if (vd_checker_parse(opts->checker, &rep->checker) < 0) {
		vd_free_mem(rep);
		return vd_error_set(
			err, VD_EINVAL, 0,
			"unknown checker '%s' (exact, lines, strip, tokens, float:<eps>)",
			opts->checker);
	}
	rep->info = e->info;
	counter = vd_engine_counter(e, opts->counter, rep->info.instructions,
				    sizeof(rep->info.instructions));
	snprintf(rep->counter, sizeof(rep->counter), "%s",
		 counter_label(counter));
	slot = vd_engine_acquire(e);
	vd_engine_runner_env(e, e->slots[slot], counter, &env);
	rc = vd_runner_judge(&env, prog, tests, n_tests, opts, rep, err);
	vd_engine_release(e, slot);
	if (rc < 0) {
		vd_report_free(rep);
		return rc;
	}
	*out = rep;
	return 0;
}

void vd_report_free(struct vd_report *r)
{
	if (!r)
		return;
	vd_report_release(r);
	vd_free_mem(r);
}

int32_t vd_report_verdict(const struct vd_report *r)
{
	return r ? r->verdict : VD_VERDICT_SE;
}

int vd_report_compile(const struct vd_report *r, struct vd_outcome *out)
{
	if (!r || !out)
		return VD_EINVAL;
	if (!r->has_compile) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	*out = r->compile;
	return 1;
}

uint32_t vd_report_test_count(const struct vd_report *r)
{
	return r ? r->n_tests : 0;
}

int vd_report_test(const struct vd_report *r, uint32_t i,
		   struct vd_outcome *out)
{
	if (!r || !out || i >= r->n_tests)
		return VD_EINVAL;
	*out = r->tests[i].o;
	return 0;
}

const char *vd_report_output(const struct vd_report *r, uint32_t i,
			     int32_t stream, uint64_t *len)
{
	const char *p = NULL;
	size_t n = 0;

	if (r && i == UINT32_MAX) {
		p = stream == VD_STREAM_STDOUT ? r->compile_out
					       : r->compile_err;
		n = stream == VD_STREAM_STDOUT ? r->compile_out_len
					       : r->compile_err_len;
	} else if (r && i < r->n_tests) {
		p = stream == VD_STREAM_STDOUT ? r->tests[i].out_head
					       : r->tests[i].err_head;
		n = stream == VD_STREAM_STDOUT ? r->tests[i].out_len
					       : r->tests[i].err_len;
	}
	if (len)
		*len = p ? n : 0;
	return p ? p : "";
}

int vd_report_json(const struct vd_report *r, char **json, struct vd_error *err)
{
	struct vd_buf b;
	int rc;

	if (!r || !json)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_report_json: NULL argument");
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	rc = vd_report_write_json(r, &b, 0);
	if (rc < 0) {
		vd_buf_release(&b);
		return vd_error_set(err, rc, 0, "vd_report_json: %s",
				    vd_strerror(rc));
	}
	*json = vd_buf_detach(&b, NULL);
	if (!*json)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	return 0;
}
