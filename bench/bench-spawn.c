/*
 * bench-spawn: the cost of one sandboxed run against a bare fork+exec+wait
 * of the same program, measured in the same process, interleaved.
 *
 *   build/gcc/bench/bench-spawn [RUNS]        (default 300, needs root)
 *
 * Programs: a tiny static C binary (`int main(void){return 0;}`, built with
 * gcc -static at start-up) and `python3 -c pass`. For each, per round:
 * one bare run (fork, execve, waitpid) and one sandboxed run (vd_slot_exec
 * in a warm slot: fresh /tmp, seccomp, rlimits, cgroup accounting and
 * limits, capture of stdout/stderr). Reported: median, p10 and p90 of the
 * wall time in microseconds as seen by the caller, and the ratio of the
 * medians. A third row per program measures the per-test cost through the
 * public API (vd_judge of one program against RUNS tests, compile
 * excluded), which adds the stdin memfd, comparison and report.
 *
 * Python has more rows: a program forked from the slot's zygote (the
 * default way Python runs), set against its own baseline measured in the
 * same rounds, a bare fork of a warm python3 that has loaded what the
 * zygote loads (no sandbox: fork, compile and exec an empty program, wait);
 * the per-test cost through vd_judge (after one judge that starts the
 * engine's zygote); the function-call harness forked from the zygote with
 * one trivial input per run, and the same harness run with 1000 inputs
 * (cost per input). Each is also set against the bare fork+exec+wait of the
 * static C binary and against bare `python3 -c pass`.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "lang.h"
#include "measure.h"
#include "sandbox.h"
#include "verdict.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof(double), cmp_double);
	return v[(int)(p * (n - 1) + 0.5)];
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

/* gcc -O2 -static a do-nothing program into path. */
static int build_static_true(const char *path)
{
	static const char src[] = "int main(void){return 0;}\n";
	const char *const cc[] = { "/usr/bin/gcc",
				   "-O2",
				   "-static",
				   "-o",
				   path,
				   "/tmp/verdict-bench-true.c",
				   NULL };
	FILE *f = fopen("/tmp/verdict-bench-true.c", "w");
	pid_t pid;
	int st;

	if (!f || fputs(src, f) < 0 || fclose(f) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		execv(cc[0], (char *const *)(uintptr_t)cc);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return -1;
	unlink("/tmp/verdict-bench-true.c");
	return 0;
}

static double bare_run(const char *const *argv)
{
	uint64_t t0 = vd_measure_now_ns();
	pid_t pid = fork();
	int st;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "bare run of %s failed\n", argv[0]);
		exit(1);
	}
	return (double)(vd_measure_now_ns() - t0) / 1000.0;
}

/*
 * The baseline for the zygote rows: a bare fork of a warm interpreter. A
 * helper python3 loads the harness image (written to a file) and what the
 * zygote preloads, then per byte read on its stdin forks a child that runs
 * an empty program as the zygote's child would (compile and exec), waits
 * for it and answers one byte. No sandbox, no descriptors passed, no
 * limits, no uid change: what is left of the zygote row is verdict's cost.
 */
static const char warm_fork_py[] =
	"import gc, os, sys\n"
	"sys.argv = ['h']\n"
	"g = {'__name__': 'verdict_harness'}\n"
	"exec(compile(open(os.environ['VD_BENCH_HARNESS'], 'rb').read(), "
	"'h', 'exec'), g)\n"
	"for m in g['_PRELOAD'] + ('atexit', 'types', 'ctypes', 'socket', "
	"'struct', 'fcntl', 'resource'):\n"
	"    __import__(m)\n"
	"exec(compile(b'pass\\n', '<warm>', 'exec'), {})\n"
	"gc.collect()\n"
	"gc.freeze()\n"
	"while os.read(0, 1):\n"
	"    pid = os.fork()\n"
	"    if pid == 0:\n"
	"        exec(compile(b'pass\\n', '/tmp/main.py', 'exec'), "
	"{'__name__': '__main__'})\n"
	"        os._exit(0)\n"
	"    os.waitpid(pid, 0)\n"
	"    os.write(1, b'k')\n";

struct warm_fork {
	pid_t pid;
	int to, from;
};

static int warm_fork_start(struct warm_fork *w, const char *harness_path)
{
	int in[2], out[2];

	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	w->pid = fork();
	if (w->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		setenv("VD_BENCH_HARNESS", harness_path, 1);
		execl("/usr/bin/python3", "python3", "-s", "-c", warm_fork_py,
		      (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	w->to = in[1];
	w->from = out[0];
	return w->pid < 0 ? -1 : 0;
}

static double warm_fork_run(struct warm_fork *w)
{
	uint64_t t0 = vd_measure_now_ns();
	char c;
	if (write(w->to, "r", 1) != 1 || read(w->from, &c, 1) != 1) {
		fprintf(stderr, "warm-fork helper failed\n");
		exit(1);
	}
	return (double)(vd_measure_now_ns() - t0) / 1000.0;
}

static void warm_fork_stop(struct warm_fork *w)
{
	close(w->to);
	close(w->from);
	waitpid(w->pid, NULL, 0);
}

static double box_run_files(struct vd_slot *slot, const char *const *argv,
			    int exec_fd, const struct vd_exec_file *files,
			    size_t nfiles, bool zygote, bool fd3)
{
	struct vd_exec x;
	struct vd_exec_result r;
	struct vd_buf out, err, chan;
	struct vd_error e;
	uint64_t t0;

	memset(&x, 0, sizeof(x));
	vd_buf_init(&out, 1 << 20);
	vd_buf_init(&err, 1 << 20);
	vd_buf_init(&chan, 1 << 24);
	x.argv = argv;
	x.envp = vd_lang_env();
	x.exec_fd = exec_fd;
	x.out = &out;
	x.errout = &err;
	x.files = files;
	x.nfiles = nfiles;
	x.zygote = zygote;
	x.fd3 = fd3 ? &chan : NULL;
	x.cpu_ns = 2000000000u;
	x.wall_ns = 5000000000u;
	x.memory_bytes = 256u << 20;
	x.processes = 64;
	x.open_files = 256;
	x.file_size = 64u << 20;
	x.stack_bytes = 256u << 20;
	t0 = vd_measure_now_ns();
	if (vd_slot_exec(slot, &x, &r, &e) < 0 || r.status != VD_EXEC_RAN ||
	    !WIFEXITED(r.wait_status) || WEXITSTATUS(r.wait_status) != 0) {
		fprintf(stderr, "sandboxed run of %s failed: %s %s\n", argv[0],
			e.msg, r.msg);
		exit(1);
	}
	t0 = vd_measure_now_ns() - t0;
	if (fd3 && !strstr(chan.data ? chan.data : "", "{\"end\": \"base\"}")) {
		fprintf(stderr, "harness run gave no result: %.300s %.300s\n",
			chan.data ? chan.data : "", err.data ? err.data : "");
		exit(1);
	}
	vd_buf_release(&out);
	vd_buf_release(&err);
	vd_buf_release(&chan);
	return (double)t0 / 1000.0;
}

static double box_run(struct vd_slot *slot, const char *const *argv,
		      int exec_fd)
{
	return box_run_files(slot, argv, exec_fd, NULL, 0, false, false);
}

/* A harness job: entry point f, n inputs [i]. */
static char *harness_job(int n)
{
	size_t cap = 256 + (size_t)n * 24;
	char *job = malloc(cap);
	size_t off;

	if (!job)
		exit(1);
	off = (size_t)snprintf(
		job, cap,
		"{\"v\": 1, \"task_id\": \"bench/0\", \"entry_point\": \"f\", "
		"\"deserialize\": \"none\", \"output_not_none\": false, "
		"\"fast\": true, \"sections\": [{\"name\": \"base\", \"n\": %d, "
		"\"limits\": [",
		n);
	for (int i = 0; i < n; i++)
		off += (size_t)snprintf(job + off, cap - off, "%s4.0",
					i ? ", " : "");
	off += (size_t)snprintf(job + off, cap - off, "]}]}\n");
	for (int i = 0; i < n; i++)
		off += (size_t)snprintf(job + off, cap - off, "[%d]\n", i);
	return job;
}

static void row(const char *name, double *v, int n, double base)
{
	double med = pct(v, n, 0.5);
	printf("%-36s %9.0f %9.0f %9.0f   %s%.2f\n", name, med, pct(v, n, 0.1),
	       pct(v, n, 0.9), base > 0 ? "x" : "", base > 0 ? med / base : 0);
}

/* Per-test cost through vd_judge: one program, n tests, minus compile. */
static double judge_per_test(struct vd_engine *e, int lang, const char *src,
			     int n)
{
	struct vd_program p = { lang, src, strlen(src) };
	struct vd_test *t = calloc((size_t)n, sizeof(*t));
	struct vd_judge_opts o;
	struct vd_report *r = NULL;
	struct vd_outcome c;
	struct vd_error err;
	uint64_t t0, total, comp = 0;

	for (int i = 0; i < n; i++) {
		t[i].input = "";
		t[i].expected = "";
	}
	vd_judge_opts_init(&o);
	t0 = vd_measure_now_ns();
	if (vd_judge(e, &p, t, (uint32_t)n, &o, &r, &err) < 0 ||
	    vd_report_verdict(r) != VD_VERDICT_AC) {
		fprintf(stderr, "judge failed: %s\n", err.msg);
		exit(1);
	}
	total = vd_measure_now_ns() - t0;
	if (vd_report_compile(r, &c) == 1) {
		/* A build from the compile cache cost nothing here. */
		char *json = NULL;
		if (vd_report_json(r, &json, NULL) == 0 && json &&
		    strstr(json, "\"cached\":false"))
			comp = c.wall_time_us * 1000;
		vd_free(json);
	}
	vd_report_free(r);
	free(t);
	return (double)(total - comp) / n / 1000.0;
}

int main(int argc, char **argv)
{
	const char *const c_bare[] = { "/tmp/verdict-bench-true", NULL };
	const char *const c_box[] = { "true", NULL };
	const char *const py[] = { "/usr/bin/python3", "-c", "pass", NULL };
	int runs = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 300;
	double *a = calloc((size_t)runs, sizeof(double));
	double *b = calloc((size_t)runs, sizeof(double));
	double *c = calloc((size_t)runs, sizeof(double));
	const char *harness_path = "/tmp/verdict-bench-harness.py";
	struct vd_sandbox_config sc;
	struct vd_sandbox *sb;
	struct vd_slot *slot;
	struct vd_engine *engine, *fresh;
	struct vd_sandbox *zsb;
	struct vd_slot *zslot;
	struct vd_config fresh_cfg;
	struct vd_error e;
	double base;
	int exec_fd;

	if (runs < 10 || !a || !b || !c) {
		fprintf(stderr, "usage: bench-spawn [RUNS >= 10]\n");
		return 2;
	}
	if (build_static_true(c_bare[0]) < 0) {
		fprintf(stderr, "cannot build %s with gcc -static\n",
			c_bare[0]);
		return 1;
	}
	exec_fd = open(c_bare[0], O_RDONLY | O_CLOEXEC);
	memset(&sc, 0, sizeof(sc));
	sc.uid_base = VD_DEFAULT_UID_BASE;
	vd_config_init(&fresh_cfg);
	fresh_cfg.python_mode = VD_PYTHON_FRESH;
	fresh_cfg.uid_base = VD_DEFAULT_UID_BASE + 8;
	if (vd_sandbox_new(&sc, &sb, &e) < 0 ||
	    vd_slot_new(sb, 0, &slot, &e) < 0 ||
	    vd_engine_new(NULL, &engine, &e) < 0 ||
	    vd_engine_new(&fresh_cfg, &fresh, &e) < 0) {
		fprintf(stderr, "sandbox: %s\n", e.msg);
		return 1;
	}
	{
		static const char *zargv[] = { "/usr/bin/python3", "-s",
					       "/proc/self/fd/4", "--zygote",
					       NULL };
		static struct vd_zygote_spec zs;
		zs.argv = zargv;
		zs.envp = vd_lang_env();
		zs.program = vd_harness_image;
		zs.program_len =
			(size_t)(vd_harness_image_end - vd_harness_image);
		sc.zygote = &zs;
		sc.uid_base = VD_DEFAULT_UID_BASE + 16;
		if (vd_sandbox_new(&sc, &zsb, &e) < 0 ||
		    vd_slot_new(zsb, 0, &zslot, &e) < 0) {
			fprintf(stderr, "sandbox: %s\n", e.msg);
			return 1;
		}
	}
	printf("bench-spawn: %d runs each, interleaved; wall time per run as "
	       "seen by the caller (us)\n\n",
	       runs);
	printf("%-36s %9s %9s %9s   %s\n", "", "median", "p10", "p90",
	       "vs bare");
	for (int i = 0; i < 10; i++) {
		bare_run(c_bare);
		box_run(slot, c_box, exec_fd);
	}
	for (int i = 0; i < runs; i++) {
		a[i] = bare_run(c_bare);
		b[i] = box_run(slot, c_box, exec_fd);
	}
	base = pct(a, runs, 0.5);
	row("static C: bare fork+exec+wait", a, runs, 0);
	row("static C: sandboxed (warm slot)", b, runs, base);
	for (int i = 0; i < runs; i++)
		b[i] = judge_per_test(engine, VD_LANG_C,
				      "int main(void){return 0;}", 1);
	row("static C: vd_judge, 1 test, no compile", b, runs, base);
	printf("%-36s %9.0f\n", "dynamic C: vd_judge per test (x200)",
	       judge_per_test(engine, VD_LANG_C, "int main(void){return 0;}",
			      200));
	for (int i = 0; i < 5; i++) {
		bare_run(py);
		box_run(slot, py, -1);
	}
	for (int i = 0; i < runs; i++) {
		a[i] = bare_run(py);
		b[i] = box_run(slot, py, -1);
	}
	base = pct(a, runs, 0.5);
	printf("\n");
	row("python3 -c pass: bare", a, runs, 0);
	row("python3 -c pass: sandboxed", b, runs, base);
	printf("%-36s %9.0f\n", "python: vd_judge per test, fresh (x200)",
	       judge_per_test(fresh, VD_LANG_PYTHON, "pass\n", 200));
	{
		static const char *const zscript[] = { "script", "/tmp/main.py",
						       NULL };
		static const char *const zharness[] = {
			"harness", "/tmp/candidate.py", "/tmp/job.jsonl", NULL
		};
		static const char cand[] = "def f(x):\n    return x + 1\n";
		char *job1 = harness_job(1), *job1000 = harness_job(1000);
		struct vd_exec_file prog = { "main.py", "pass\n", 5, false };
		struct vd_exec_file h1[2] = {
			{ "candidate.py", cand, sizeof(cand) - 1, false },
			{ "job.jsonl", job1, strlen(job1), false },
		};
		struct vd_exec_file h1000[2] = {
			{ "candidate.py", cand, sizeof(cand) - 1, false },
			{ "job.jsonl", job1000, strlen(job1000), false },
		};
		double pybase = base, warm;
		struct warm_fork wf;
		if (write_file(harness_path, vd_harness_image,
			       (size_t)(vd_harness_image_end -
					vd_harness_image)) < 0 ||
		    warm_fork_start(&wf, harness_path) < 0) {
			fprintf(stderr, "cannot start the warm-fork helper\n");
			return 1;
		}
		for (int i = 0; i < 10; i++) {
			warm_fork_run(&wf);
			box_run_files(zslot, zscript, -1, &prog, 1, true,
				      false);
		}
		for (int i = 0; i < runs; i++) {
			a[i] = bare_run(c_bare);
			b[i] = box_run_files(zslot, zscript, -1, &prog, 1, true,
					     false);
			c[i] = warm_fork_run(&wf);
		}
		warm_fork_stop(&wf);
		unlink(harness_path);
		base = pct(a, runs, 0.5);
		warm = pct(c, runs, 0.5);
		printf("\n");
		row("static C: bare fork+exec+wait", a, runs, 0);
		row("python: bare fork of a warm python3", c, runs, base);
		row("python program: zygote (warm slot)", b, runs, base);
		printf("%-36s %9s %9s %9s   x%.2f vs python3 -c pass, x%.2f vs "
		       "warm fork\n",
		       "", "", "", "", pct(b, runs, 0.5) / pybase,
		       pct(b, runs, 0.5) / warm);
		/* one judge first: the engine's zygote starts once, not per
		 * test */
		judge_per_test(engine, VD_LANG_PYTHON, "pass\n", 1);
		printf("%-36s %9.0f\n",
		       "python: vd_judge per test, zygote (x200)",
		       judge_per_test(engine, VD_LANG_PYTHON, "pass\n", 200));
		for (int i = 0; i < runs; i++)
			b[i] = box_run_files(zslot, zharness, -1, h1, 2, true,
					     true);
		row("function call: 1 input per run", b, runs, base);
		printf("%-36s %9s %9s %9s   x%.2f vs python3 -c pass\n", "", "",
		       "", "", pct(b, runs, 0.5) / pybase);
		for (int i = 0; i < 20; i++)
			b[i] = box_run_files(zslot, zharness, -1, h1000, 2,
					     true, true) /
			       1000.0;
		row("function call: per input (x1000/run)", b, 20, base);
		free(job1);
		free(job1000);
	}
	vd_engine_free(engine);
	vd_engine_free(fresh);
	vd_slot_free(zslot);
	vd_sandbox_free(zsb);
	vd_slot_free(slot);
	vd_sandbox_free(sb);
	close(exec_fd);
	unlink(c_bare[0]);
	free(a);
	free(b);
	free(c);
	return 0;
}
