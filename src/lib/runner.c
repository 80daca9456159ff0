#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "err.h"
#include "measure.h"

#define DEFAULT_HEAD_BYTES 4096
#define MAX_BINARY_BYTES   (256u << 20)

uint64_t vd_runner_wall_ms(const struct vd_limits *lim)
{
	if (lim->wall_time_ms)
		return lim->wall_time_ms;
	return 2 * lim->cpu_time_ms + 1000;
}

static const char *signal_name(int sig)
{
	const char *s = sigabbrev_np(sig);
	return s ? s : "?";
}

static void fill_figures(const struct vd_exec_result *res, struct vd_outcome *o)
{
	o->run = 1;
	o->user_time_us = res->user_ns / 1000;
	o->sys_time_us = res->sys_ns / 1000;
	o->cpu_time_us = o->user_time_us + o->sys_time_us;
	o->wall_time_us = res->wall_ns / 1000;
	o->max_rss_kb = res->maxrss_kb;
	o->peak_memory_kb =
		res->have_peak ? res->peak_bytes / 1024 : res->maxrss_kb;
	o->instructions = res->counter;
	o->leftovers = res->leftovers;
	o->memory_time_mb_s = res->mem_time_byte_s / 1048576.0;
	o->exit_code = -1;
	o->signal = 0;
	if (WIFEXITED(res->wait_status))
		o->exit_code = WEXITSTATUS(res->wait_status);
	else if (WIFSIGNALED(res->wait_status))
		o->signal = WTERMSIG(res->wait_status);
}

int vd_runner_classify(const struct vd_exec_result *res,
		       const struct vd_limits *lim, bool rlimit_only,
		       struct vd_outcome *o)
{
	uint64_t cpu_limit_us = lim->cpu_time_ms * 1000;
	bool failed;

	o->limit = VD_LIMIT_NONE;
	o->detail[0] = '\0';
	if (res->status != VD_EXEC_RAN) {
		o->run = 0;
		o->exit_code = -1;
		o->instructions = -1;
		snprintf(o->detail, sizeof(o->detail), "sandbox: %s", res->msg);
		return VD_VERDICT_SE;
	}
	fill_figures(res, o);
	failed = o->signal || o->exit_code != 0;
	if (res->stopped_by == VD_LIMIT_STDOUT ||
	    res->stopped_by == VD_LIMIT_STDERR) {
		o->limit = res->stopped_by;
		snprintf(o->detail, sizeof(o->detail),
			 "%s over its limit of %llu bytes",
			 res->stopped_by == VD_LIMIT_STDOUT ? "output"
							    : "error output",
			 (unsigned long long)(res->stopped_by == VD_LIMIT_STDOUT
						      ? lim->stdout_bytes
						      : lim->stderr_bytes));
		return VD_VERDICT_OLE;
	}
	if (res->oom_kills || (rlimit_only && failed && lim->memory_kb &&
			       res->maxrss_kb * 10 >= lim->memory_kb * 9)) {
		o->limit = VD_LIMIT_MEMORY;
		snprintf(o->detail, sizeof(o->detail),
			 "memory limit of %llu KiB exceeded%s",
			 (unsigned long long)lim->memory_kb,
			 res->oom_kills ? " (killed by the OOM killer)" : "");
		return VD_VERDICT_MLE;
	}
	if (res->pids_denied && (failed || res->stopped_by != VD_LIMIT_NONE)) {
		o->limit = VD_LIMIT_PROCESSES;
		snprintf(o->detail, sizeof(o->detail),
			 "process limit of %u reached (%u forks refused)%s",
			 lim->processes, res->pids_denied,
			 res->stopped_by == VD_LIMIT_CPU
				 ? ", then the CPU limit"
				 : "");
		return VD_VERDICT_RE;
	}
	if (res->stopped_by == VD_LIMIT_CPU || o->cpu_time_us > cpu_limit_us ||
	    o->signal == SIGXCPU) {
		o->limit = VD_LIMIT_CPU;
		snprintf(o->detail, sizeof(o->detail),
			 "CPU time limit of %.3f s exceeded",
			 (double)lim->cpu_time_ms / 1000.0);
		return VD_VERDICT_TLE;
	}
	if (res->stopped_by == VD_LIMIT_WALL) {
		o->limit = VD_LIMIT_WALL;
		snprintf(
			o->detail, sizeof(o->detail),
			"wall-clock backstop of %.3f s reached with %.3f s of CPU (sleeping or blocked)",
			(double)vd_runner_wall_ms(lim) / 1000.0,
			(double)o->cpu_time_us / 1e6);
		return VD_VERDICT_TLE;
	}
	if (o->signal == SIGXFSZ) {
		o->limit = VD_LIMIT_FILE_SIZE;
		snprintf(o->detail, sizeof(o->detail),
			 "file size limit of %llu bytes exceeded (SIGXFSZ)",
			 (unsigned long long)lim->file_size_bytes);
		return VD_VERDICT_OLE;
	}
	if (o->signal) {
		snprintf(o->detail, sizeof(o->detail),
			 "killed by signal %d (SIG%s)%s", o->signal,
			 signal_name(o->signal),
			 o->signal == SIGSEGV
				 ? ": invalid memory access or stack overflow"
				 : "");
		return VD_VERDICT_RE;
	}
	if (o->exit_code != 0) {
		snprintf(o->detail, sizeof(o->detail), "exit code %d",
			 o->exit_code);
		return VD_VERDICT_RE;
	}
	return -1;
}

static void exec_limits(struct vd_exec *x, const struct vd_limits *lim)
{
	x->cpu_ns = lim->cpu_time_ms * 1000000u;
	x->wall_ns = vd_runner_wall_ms(lim) * 1000000u;
	x->memory_bytes = lim->memory_kb * 1024u;
	x->processes = lim->processes;
	x->open_files = lim->open_files;
	x->file_size = lim->file_size_bytes;
	x->stack_bytes =
		(lim->stack_kb ? lim->stack_kb : lim->memory_kb) * 1024u;
}

static char *head_copy(const struct vd_buf *b, size_t keep, size_t *len)
{
	size_t n = b->len < keep ? b->len : keep;
	*len = n;
	return vd_memdup(b->data ? b->data : "", n);
}

/* Reads the compiler's output file into a sealed memfd for execveat. */
static int seal_binary(int fd, int *exec_fd, char *msg, size_t msg_len)
{
	struct stat st;
	char *data;
	size_t off = 0;
	int memfd;

	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    (uint64_t)st.st_size > MAX_BINARY_BYTES) {
		snprintf(msg, msg_len, "compiled binary is empty or too big");
		return -1;
	}
	data = vd_malloc((size_t)st.st_size);
	if (!data) {
		snprintf(msg, msg_len, "out of memory reading the binary");
		return -1;
	}
	while (off < (size_t)st.st_size) {
		ssize_t n = pread(fd, data + off, (size_t)st.st_size - off,
				  (off_t)off);
		if (n <= 0) {
			vd_free_mem(data);
			snprintf(msg, msg_len, "reading the binary: %s",
				 n < 0 ? strerror(errno) : "short read");
			return -1;
		}
		off += (size_t)n;
	}
	memfd = memfd_create("prog", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (memfd < 0 || write(memfd, data, off) != (ssize_t)off ||
	    fcntl(memfd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) <
		    0) {
		snprintf(msg, msg_len, "sealing the binary: %s",
			 strerror(errno));
		if (memfd >= 0)
			close(memfd);
		vd_free_mem(data);
		return -1;
	}
	vd_free_mem(data);
	{
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
		*exec_fd = open(path, O_RDONLY | O_CLOEXEC);
		close(memfd);
	}
	if (*exec_fd < 0) {
		snprintf(msg, msg_len, "reopening the binary: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* The compile cache's key: everything that decides a build's outcome. */
static int compile_key(const struct vd_runner_env *env,
		       const struct vd_lang_plan *plan,
		       const struct vd_program *prog, const struct vd_limits *l,
		       char key[VD_SHA256_HEX])
{
	struct vd_sha256 h;
	char lim[200];

	if (vd_sha256_init(&h) < 0)
		return -1;
	vd_sha256_field_str(&h, "verdict-compile-1");
	vd_sha256_field_str(&h, prog->lang == VD_LANG_C ? env->tc->cc_id
							: env->tc->cxx_id);
	for (size_t i = 0; plan->compile_argv[i]; i++)
		vd_sha256_field_str(&h, plan->compile_argv[i]);
	snprintf(lim, sizeof(lim), "%llu %llu %llu %llu %llu %llu %u",
		 (unsigned long long)l->cpu_time_ms,
		 (unsigned long long)l->wall_time_ms,
		 (unsigned long long)l->memory_kb,
		 (unsigned long long)l->stdout_bytes,
		 (unsigned long long)l->stderr_bytes,
		 (unsigned long long)l->file_size_bytes, l->processes);
	vd_sha256_field_str(&h, lim);
	vd_sha256_field(&h, prog->source, (size_t)prog->source_len);
	vd_sha256_final(&h, key);
	return 0;
}

/* A cached build into the report; takes what e owns. */
static void take_cached(struct vd_report *rep, struct vd_ccache_entry *e,
			int *exec_fd)
{
	rep->has_compile = true;
	rep->compile_cached = true;
	rep->compile = e->outcome;
	rep->compile_out = e->out;
	rep->compile_out_len = e->out_len;
	rep->compile_err = e->err;
	rep->compile_err_len = e->err_len;
	*exec_fd = e->exec_fd;
	e->out = e->err = NULL;
	e->exec_fd = -1;
}

static int compile_now(const struct vd_runner_env *env,
		       const struct vd_lang_plan *plan,
		       const struct vd_program *prog,
		       const struct vd_judge_opts *opts, struct vd_report *rep,
		       int *exec_fd, struct vd_error *err);

static int compile(const struct vd_runner_env *env,
		   const struct vd_lang_plan *plan,
		   const struct vd_program *prog,
		   const struct vd_judge_opts *opts, struct vd_report *rep,
		   int *exec_fd, struct vd_error *err)
{
	struct vd_ccache_entry e;
	char key[VD_SHA256_HEX];
	int rc;

	if (!env->ccache || (opts->flags & VD_JUDGE_NO_COMPILE_CACHE) ||
	    compile_key(env, plan, prog, &opts->compile_limits, key) < 0)
		return compile_now(env, plan, prog, opts, rep, exec_fd, err);
	memset(&e, 0, sizeof(e));
	rc = vd_ccache_begin(env->ccache, key, &e);
	if (rc == VD_CCACHE_HIT) {
		take_cached(rep, &e, exec_fd);
		vd_ccache_entry_release(&e);
		return 0;
	}
	if (rc < 0)
		return compile_now(env, plan, prog, opts, rep, exec_fd, err);
	rc = compile_now(env, plan, prog, opts, rep, exec_fd, err);
	if (rc == 0 && (rep->compile.verdict == VD_VERDICT_AC ||
			rep->compile.verdict == VD_VERDICT_CE)) {
		struct stat st;
		e.outcome = rep->compile;
		e.out = rep->compile_out;
		e.out_len = rep->compile_out_len;
		e.err = rep->compile_err;
		e.err_len = rep->compile_err_len;
		e.exec_fd = *exec_fd;
		e.binary_bytes = *exec_fd >= 0 && fstat(*exec_fd, &st) == 0
					 ? (uint64_t)st.st_size
					 : 0;
		vd_ccache_put(env->ccache, key, &e); /* copies */
	} else {
		vd_ccache_abandon(env->ccache, key);
	}
	return rc;
}

static int compile_now(const struct vd_runner_env *env,
		       const struct vd_lang_plan *plan,
		       const struct vd_program *prog,
		       const struct vd_judge_opts *opts, struct vd_report *rep,
		       int *exec_fd, struct vd_error *err)
{
	struct vd_exec x;
	struct vd_exec_result res;
	struct vd_exec_file src = { plan->source_name, prog->source,
				    (size_t)prog->source_len, false };
	struct vd_buf out, errout;
	struct vd_outcome *o = &rep->compile;
	struct vd_error sub;
	int v, rc;

	memset(&x, 0, sizeof(x));
	memset(&sub, 0, sizeof(sub));
	vd_buf_init(&out, opts->compile_limits.stdout_bytes);
	vd_buf_init(&errout, opts->compile_limits.stderr_bytes);
	x.argv = plan->compile_argv;
	x.envp = vd_lang_env();
	x.exec_fd = -1;
	x.files = &src;
	x.nfiles = 1;
	x.collect = plan->binary_name;
	x.collect_max = MAX_BINARY_BYTES;
	x.out = &out;
	x.errout = &errout;
	exec_limits(&x, &opts->compile_limits);
	rep->has_compile = true;
	rc = vd_slot_exec(env->slot, &x, &res, &sub);
	if (rc == VD_ENOMEM) {
		*err = sub;
		goto out;
	}
	if (rc < 0) {
		memset(&res, 0, sizeof(res));
		res.status = VD_EXEC_SETUP_FAILED;
		res.collected_fd = -1;
		snprintf(res.msg, sizeof(res.msg), "%s", sub.msg);
	}
	v = vd_runner_classify(&res, &opts->compile_limits, false, o);
	if (v == VD_VERDICT_SE) {
		o->verdict = VD_VERDICT_SE;
		if (res.status == VD_EXEC_START_FAILED)
			snprintf(o->detail, sizeof(o->detail),
				 "compiler could not start: %s", res.msg);
	} else if (v >= 0) {
		o->verdict = VD_VERDICT_CE;
		{
			char why[200];
			snprintf(why, sizeof(why), "%s", o->detail);
			snprintf(o->detail, sizeof(o->detail),
				 "compiler failed: %s", why);
		}
	} else if (res.collected_fd < 0 ||
		   seal_binary(res.collected_fd, exec_fd, o->detail,
			       sizeof(o->detail)) < 0) {
		o->verdict = VD_VERDICT_SE;
		if (res.collected_fd < 0)
			snprintf(o->detail, sizeof(o->detail),
				 "no binary came back: %s", res.msg);
	} else {
		o->verdict = VD_VERDICT_AC;
	}
	o->stdout_bytes = out.offered;
	o->stderr_bytes = errout.offered;
	rep->compile_out = head_copy(&out, out.len, &rep->compile_out_len);
	rep->compile_err =
		head_copy(&errout, errout.len, &rep->compile_err_len);
	if (res.collected_fd >= 0)
		close(res.collected_fd);
	rc = (!rep->compile_out || !rep->compile_err)
		     ? vd_error_set(err, VD_ENOMEM, 0, "out of memory")
		     : 0;
out:
	vd_buf_release(&out);
	vd_buf_release(&errout);
	return rc;
}

/* valgrind's log of one run: a few lines per process. */
#define SW_LOG_CAP     (64u << 10)
#define SW_BINARY_NAME "prog"

/* Reads a sealed binary (for valgrind, which needs a path) into memory. */
static int read_binary(int fd, struct vd_exec_file *f, char **mem,
		       struct vd_error *err)
{
	struct stat st;
	char *data;
	size_t done = 0;

	if (fstat(fd, &st) < 0)
		return vd_error_errno(err, VD_ESYS, "software counter: fstat");
	data = vd_malloc((size_t)st.st_size + 1);
	if (!data)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	while (done < (size_t)st.st_size) {
		ssize_t n = pread(fd, data + done, (size_t)st.st_size - done,
				  (off_t)done);
		if (n <= 0) {
			vd_free_mem(data);
			return vd_error_errno(err, VD_ESYS,
					      "software counter: reading the "
					      "binary");
		}
		done += (size_t)n;
	}
	*mem = data;
	f->name = SW_BINARY_NAME;
	f->data = data;
	f->len = done;
	f->executable = true;
	return 0;
}

/* Prefixes the run's argv with valgrind's; a compiled program is copied
 * into the box's /tmp, since valgrind cannot run a descriptor. */
static int sw_counter_setup(const struct vd_lang_plan *plan, int exec_fd,
			    struct vd_exec *x, const char **argv,
			    struct vd_exec_file *binary, char **mem,
			    struct vd_error *err)
{
	size_t n = 0, i;

	for (i = 0; i < VD_SW_COUNTER_ARGS; i++)
		argv[n++] = vd_measure_sw_prefix[i];
	if (plan->compiled) {
		int rc = read_binary(exec_fd, binary, mem, err);
		if (rc < 0)
			return rc;
		x->files = binary;
		x->nfiles = 1;
		x->exec_fd = -1;
		argv[n++] = "/tmp/" SW_BINARY_NAME;
		i = 1;
	} else {
		i = 0;
	}
	for (; i < VD_LANG_MAX_ARGS && plan->run_argv[i]; i++)
		argv[n++] = plan->run_argv[i];
	argv[n] = NULL;
	x->argv = argv;
	return 0;
}

static int run_test(const struct vd_runner_env *env,
		    const struct vd_lang_plan *plan,
		    const struct vd_program *prog, int exec_fd,
		    const struct vd_test *t, const struct vd_judge_opts *opts,
		    struct vd_report *rep, struct vd_report_test *rt,
		    struct vd_error *err)
{
	struct vd_exec x;
	struct vd_exec_result res;
	struct vd_exec_file src = { plan->source_name, prog->source,
				    (size_t)prog->source_len, false };
	struct vd_buf out, errout, sw_log;
	struct vd_error sub;
	struct vd_limits lim = opts->limits;
	struct vd_exec_file binary = { NULL, NULL, 0, true };
	char *binary_mem = NULL;
	const char *sw_argv[VD_SW_COUNTER_ARGS + VD_LANG_MAX_ARGS + 1];
	size_t head = opts->output_head_bytes ? opts->output_head_bytes
					      : DEFAULT_HEAD_BYTES;
	bool rlimit_only = rep->info.cgroup[0] == 'n';
	int v, rc = 0;

	memset(&x, 0, sizeof(x));
	memset(&sub, 0, sizeof(sub));
	vd_buf_init(&out, opts->limits.stdout_bytes);
	vd_buf_init(&errout, opts->limits.stderr_bytes);
	vd_buf_init(&sw_log, SW_LOG_CAP);
	x.argv = plan->run_argv;
	x.envp = vd_lang_env();
	x.exec_fd = exec_fd;
	if (env->python_zygote && plan->zygote_argv[0] &&
	    env->counter == VD_EXEC_COUNT_NONE && !env->count_sw) {
		x.argv = plan->zygote_argv;
		x.zygote = true;
	}
	if (!plan->compiled) {
		x.files = &src;
		x.nfiles = 1;
	}
	if (env->count_sw) {
		rc = sw_counter_setup(plan, exec_fd, &x, sw_argv, &binary,
				      &binary_mem, &sub);
		if (rc == VD_ENOMEM) {
			*err = sub;
			goto out;
		}
		vd_measure_sw_limits(&lim.cpu_time_ms, &lim.memory_kb);
		if (lim.wall_time_ms)
			lim.wall_time_ms = lim.wall_time_ms * 40 + 5000;
		x.fd3 = &sw_log;
	}
	x.stdin_data = t->input;
	x.stdin_len = t->input ? (size_t)t->input_len : 0;
	x.out = &out;
	x.errout = &errout;
	x.counter = env->counter;
	exec_limits(&x, &lim);
	x.mem_sample_ns = (uint64_t)opts->memory_sample_us * 1000u;
	if (rc == 0)
		rc = vd_slot_exec(env->slot, &x, &res, &sub);
	/* else the software counter could not be set up (an unreadable
	 * binary): an SE run, below */
	if (rc == VD_ENOMEM) {
		*err = sub;
		goto out;
	}
	if (rc < 0) {
		memset(&res, 0, sizeof(res));
		res.status = VD_EXEC_SETUP_FAILED;
		res.collected_fd = -1;
		snprintf(res.msg, sizeof(res.msg), "%s", sub.msg);
		rc = 0;
	}
	v = vd_runner_classify(&res, &lim, rlimit_only, &rt->o);
	if (env->count_sw) {
		int64_t count;
		rt->o.instructions =
			vd_measure_sw_parse(sw_log.data ? sw_log.data : "",
					    sw_log.len, &count) == 0
				? count
				: -1;
	}
	if (v == VD_VERDICT_SE && res.status == VD_EXEC_START_FAILED)
		snprintf(rt->o.detail, sizeof(rt->o.detail),
			 "program could not start: %s", res.msg);
	if (v < 0) {
		if (!t->expected) {
			v = VD_VERDICT_AC;
			snprintf(rt->o.detail, sizeof(rt->o.detail),
				 "exit code 0 (no expected output)");
		} else if (vd_compare(&rep->checker, out.data, out.len,
				      t->expected, (size_t)t->expected_len,
				      rt->o.detail, sizeof(rt->o.detail))) {
			v = VD_VERDICT_AC;
		} else {
			v = VD_VERDICT_WA;
		}
	}
	rt->o.verdict = v;
	rt->o.stdout_bytes = out.offered;
	rt->o.stderr_bytes = errout.offered;
	rt->out_head = head_copy(&out, head, &rt->out_len);
	rt->err_head = head_copy(&errout, head, &rt->err_len);
	if (!rt->out_head || !rt->err_head)
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
out:
	vd_buf_release(&out);
	vd_buf_release(&errout);
	vd_buf_release(&sw_log);
	vd_free_mem(binary_mem);
	return rc;
}

static int test_name(struct vd_report_test *rt, const struct vd_test *t,
		     uint32_t i)
{
	char num[16];
	snprintf(num, sizeof(num), "%u", i + 1);
	rt->name = vd_strdup(t->name ? t->name : num);
	return rt->name ? 0 : VD_ENOMEM;
}

int vd_runner_judge(const struct vd_runner_env *env,
		    const struct vd_program *prog, const struct vd_test *tests,
		    uint32_t n_tests, const struct vd_judge_opts *opts,
		    struct vd_report *rep, struct vd_error *err)
{
	struct vd_lang_plan plan;
	int exec_fd = -1, rc = 0;
	bool stop = false;

	rep->lang = prog->lang;
	rep->limits = opts->limits;
	rep->verdict = VD_VERDICT_AC;
	if (vd_lang_plan(prog->lang, env->tc, opts->flags & VD_JUDGE_STATIC,
			 &plan) < 0)
		return vd_error_set(err, VD_EINVAL, 0, "unknown language %d",
				    prog->lang);
	snprintf(rep->flags, sizeof(rep->flags), "%s", plan.flags);
	rep->tests = vd_calloc(n_tests ? n_tests : 1, sizeof(*rep->tests));
	if (!rep->tests)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	rep->n_tests = n_tests;
	for (uint32_t i = 0; i < n_tests; i++) {
		rep->tests[i].o.exit_code = -1;
		rep->tests[i].o.instructions = -1;
		if (test_name(&rep->tests[i], &tests[i], i) < 0)
			return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	}
	if (plan.compiled) {
		rc = compile(env, &plan, prog, opts, rep, &exec_fd, err);
		if (rc < 0)
			return rc;
		if (rep->compile.verdict != VD_VERDICT_AC) {
			rep->verdict = rep->compile.verdict;
			return 0;
		}
	}
	for (uint32_t i = 0; i < n_tests && !stop; i++) {
		struct vd_report_test *rt = &rep->tests[i];
		rc = run_test(env, &plan, prog, exec_fd, &tests[i], opts, rep,
			      rt, err);
		if (rc < 0)
			break;
		if (rt->o.verdict != VD_VERDICT_AC) {
			if (rep->verdict == VD_VERDICT_AC ||
			    rt->o.verdict == VD_VERDICT_SE)
				rep->verdict = rt->o.verdict;
			if (opts->flags & VD_JUDGE_STOP_ON_FAILURE)
				stop = true;
		}
	}
	if (exec_fd >= 0)
		close(exec_fd);
	return rc;
}

void vd_report_release(struct vd_report *rep)
{
	if (!rep)
		return;
	for (uint32_t i = 0; rep->tests && i < rep->n_tests; i++) {
		vd_free_mem(rep->tests[i].name);
		vd_free_mem(rep->tests[i].out_head);
		vd_free_mem(rep->tests[i].err_head);
	}
	vd_free_mem(rep->tests);
	vd_free_mem(rep->compile_out);
	vd_free_mem(rep->compile_err);
	memset(rep, 0, sizeof(*rep));
}
