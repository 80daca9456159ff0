/*
 * bench-rl: an RL-shaped batch. PROGRAMS programs (half Python, half C++;
 * four in five correct; a fifth of the C++ programs are copies of others,
 * as when a policy samples the same answer twice) x TESTS stdin/stdout tests
 * each, judged through the public API by WORKERS threads on an engine of
 * WORKERS slots. Prints programs/s, tests/s, tests/s per worker, the
 * verdicts, and how many C++ builds ran (there must be exactly one per
 * distinct C++ program: the rest come from the compile cache).
 *
 * Baseline, measured in the same run on a subset (BASELINE programs of each
 * language, the same worker count): what SandboxFusion's model costs
 * without its HTTP and its sandbox, i.e. a fresh `python3` per test, and a
 * `g++` compile plus a run per test (one request per test).
 *
 *   build/gcc/bench/bench-rl [WORKERS [PROGRAMS [TESTS [BASELINE]]]]
 *       defaults: the number of CPUs, 1000, 10, 20; needs root.
 * Environment: VERDICT_BENCH_STATIC=1 links C++ statically.
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure.h"
#include "verdict.h"

struct prog {
	int lang;
	char *src;
	bool correct;
	int distinct_cpp; /* index of the distinct C++ source, or -1 */
};

struct batch {
	struct vd_engine *e;
	struct prog *progs;
	int n;
	int *order; /* the programs of the current phase */
	int n_order;
	struct vd_test *tests;
	int n_tests;
	struct vd_judge_opts opts;
	atomic_int next;
	atomic_int verdicts[VD_VERDICT_COUNT];
	atomic_int builds, cached_builds, wrong_verdicts, errors;
};

static char *fmt(const char *f, int a, int b)
{
	char *s = NULL;
	if (asprintf(&s, f, a, b) < 0)
		exit(1);
	return s;
}

/* Sum of the numbers after the first; variant 4 is wrong (drops the last). */
static char *python_src(int id, int variant)
{
	static const char *const v[] = {
		"# %d/%d\nimport sys\nd = sys.stdin.read().split()\nn = int(d[0])\nprint(sum(map(int, d[1:1 + n])))\n",
		"# %d/%d\nn = int(input())\nxs = list(map(int, input().split()))\nprint(sum(xs))\n",
		"# %d/%d\nimport sys\ndata = list(map(int, sys.stdin.buffer.read().split()))\ntotal = 0\nfor x in data[1:]:\n    total += x\nprint(total)\n",
		"# %d/%d\nfrom functools import reduce\nimport sys\nd = [int(t) for t in sys.stdin.read().split()]\nprint(reduce(lambda a, b: a + b, d[1:], 0))\n",
		"# %d/%d\nimport sys\nd = sys.stdin.read().split()\nprint(sum(map(int, d[1:-1])))\n",
	};
	return fmt(v[variant], id, variant);
}

static char *cpp_src(int id, int variant)
{
	static const char *const v[] = {
		"// %d/%d\n#include <cstdio>\nint main(){long n,s=0,x;if(scanf(\"%%ld\",&n)!=1)return 1;for(long i=0;i<n;i++){scanf(\"%%ld\",&x);s+=x;}printf(\"%%ld\\n\",s);}\n",
		"// %d/%d\n#include <iostream>\n#include <vector>\nint main(){std::ios::sync_with_stdio(false);long n;std::cin>>n;std::vector<long> v(n);long s=0;for(auto&x:v){std::cin>>x;s+=x;}std::cout<<s<<\"\\n\";}\n",
		"// %d/%d\n#include <bits/stdc++.h>\nusing namespace std;\nint main(){long n;cin>>n;vector<long> v(n);for(auto&x:v)cin>>x;cout<<accumulate(v.begin(),v.end(),0L)<<endl;}\n",
		"// %d/%d\n#include <cstdio>\n#include <numeric>\n#include <vector>\nint main(){int n;if(scanf(\"%%d\",&n)!=1)return 1;std::vector<long> v(n);for(auto&x:v)scanf(\"%%ld\",&x);printf(\"%%ld\\n\",std::accumulate(v.begin(),v.end(),0L));}\n",
		"// %d/%d\n#include <cstdio>\nint main(){long n,s=0,x;if(scanf(\"%%ld\",&n)!=1)return 1;for(long i=0;i+1<n;i++){scanf(\"%%ld\",&x);s+=x;}printf(\"%%ld\\n\",s);}\n",
	};
	return fmt(v[variant], id, variant);
}

static void make_tests(struct batch *b)
{
	b->tests = calloc((size_t)b->n_tests, sizeof(*b->tests));
	for (int t = 0; t < b->n_tests; t++) {
		int k = 5 + t * 3;
		long sum = 0;
		size_t cap = 32 + (size_t)k * 12, off;
		char *in = malloc(cap), *out = malloc(32);
		off = (size_t)snprintf(in, cap, "%d\n", k);
		for (int i = 0; i < k; i++) {
			long x = (long)((t * 7919 + i * 104729) % 2001) - 1000;
			sum += x;
			off += (size_t)snprintf(in + off, cap - off, "%ld%c", x,
						i + 1 < k ? ' ' : '\n');
		}
		snprintf(out, 32, "%ld\n", sum);
		b->tests[t].input = in;
		b->tests[t].input_len = (uint32_t)off;
		b->tests[t].expected = out;
		b->tests[t].expected_len = (uint32_t)strlen(out);
	}
}

static void make_programs(struct batch *b, int *distinct_cpp)
{
	int n_cpp = (b->n + 1) / 2, distinct = n_cpp - n_cpp / 5;
	b->progs = calloc((size_t)b->n, sizeof(*b->progs));
	for (int i = 0; i < b->n; i++) {
		struct prog *p = &b->progs[i];
		int j = i / 2;
		if (i % 2 == 0) {
			/* C++ j; the last fifth repeat earlier ones */
			int id = j < distinct ? j : j % distinct;
			p->lang = VD_LANG_CPP;
			p->src = cpp_src(id, id % 5);
			p->correct = id % 5 != 4;
			p->distinct_cpp = id;
		} else {
			p->lang = VD_LANG_PYTHON;
			p->src = python_src(j, j % 5);
			p->correct = j % 5 != 4;
			p->distinct_cpp = -1;
		}
	}
	*distinct_cpp = distinct < n_cpp ? distinct : n_cpp;
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	for (;;) {
		int k = atomic_fetch_add(&b->next, 1);
		struct prog *p;
		struct vd_program vp;
		struct vd_report *r = NULL;
		struct vd_outcome c;
		int v;

		if (k >= b->n_order)
			return NULL;
		p = &b->progs[b->order[k]];
		vp.lang = p->lang;
		vp.source = p->src;
		vp.source_len = (uint32_t)strlen(p->src);
		if (vd_judge(b->e, &vp, b->tests, (uint32_t)b->n_tests,
			     &b->opts, &r, NULL) < 0) {
			atomic_fetch_add(&b->errors, 1);
			continue;
		}
		v = vd_report_verdict(r);
		atomic_fetch_add(&b->verdicts[v], 1);
		if ((v == VD_VERDICT_AC) != p->correct)
			atomic_fetch_add(&b->wrong_verdicts, 1);
		if (vd_report_compile(r, &c) == 1) {
			char *json = NULL;
			if (vd_report_json(r, &json, NULL) == 0 && json &&
			    strstr(json, "\"cached\":true"))
				atomic_fetch_add(&b->cached_builds, 1);
			else
				atomic_fetch_add(&b->builds, 1);
			vd_free(json);
		}
		vd_report_free(r);
	}
}

/* ---- baseline: no sandbox, a fresh process per test ---- */

struct base {
	struct batch *b;
	int n;	  /* programs: the first n of the language */
	int lang; /* of this phase */
	atomic_int next;
	atomic_int wrong;
	int workers;
	char dir[64];
};

/* Runs argv with stdin = in; returns its stdout (malloc'd) or NULL. */
static char *bare(const char *const *argv, const char *in, size_t in_len)
{
	int pin[2], pout[2], st;
	char *out = malloc(1 << 16);
	size_t len = 0;
	pid_t pid;

	if (!out || pipe(pin) < 0 || pipe(pout) < 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(null, 2); /* compiler warnings */
		close(pin[1]);
		close(pout[0]);
		execv(argv[0], (char *const *)(uintptr_t)argv);
		_exit(127);
	}
	close(pin[0]);
	close(pout[1]);
	if (in_len && write(pin[1], in, in_len) != (ssize_t)in_len)
		len = 0;
	close(pin[1]);
	for (;;) {
		ssize_t n = read(pout[0], out + len, (1 << 16) - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	out[len] = '\0';
	close(pout[0]);
	waitpid(pid, &st, 0);
	return out;
}

static void *base_worker(void *arg)
{
	struct base *s = arg;
	struct batch *b = s->b;
	for (;;) {
		int k = atomic_fetch_add(&s->next, 1), i;
		char src[128], bin[128];
		struct prog *p;
		bool ok = true;
		FILE *f;

		if (k >= s->n)
			return NULL;
		/* programs alternate C++, Python */
		i = 2 * k + (s->lang == VD_LANG_PYTHON);
		p = &b->progs[i];
		snprintf(src, sizeof(src), "%s/p%d.%s", s->dir, i,
			 p->lang == VD_LANG_CPP ? "cpp" : "py");
		snprintf(bin, sizeof(bin), "%s/p%d", s->dir, i);
		f = fopen(src, "w");
		if (!f || fputs(p->src, f) < 0 || fclose(f) != 0)
			exit(1);
		for (int t = 0; t < b->n_tests; t++) {
			char *out;
			if (p->lang == VD_LANG_CPP) {
				const char *cc[] = { "/usr/bin/g++",
						     "-O2",
						     "-std=c++17",
						     "-o",
						     bin,
						     src,
						     NULL };
				free(bare(cc, "", 0));
				{
					const char *run[] = { bin, NULL };
					out = bare(run, b->tests[t].input,
						   b->tests[t].input_len);
				}
			} else {
				const char *py[] = { "/usr/bin/python3", "-s",
						     src, NULL };
				out = bare(py, b->tests[t].input,
					   b->tests[t].input_len);
			}
			ok = ok && !strcmp(out, b->tests[t].expected);
			free(out);
		}
		if (ok != p->correct)
			atomic_fetch_add(&s->wrong, 1);
	}
}

/* Removes the baseline's scratch folder (flat: sources and binaries). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[512];

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

static double run_threads(int n, void *(*fn)(void *), void *arg)
{
	pthread_t *t = calloc((size_t)n, sizeof(*t));
	uint64_t t0 = vd_measure_now_ns();
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, fn, arg);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
	return (double)(vd_measure_now_ns() - t0) / 1e9;
}

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int workers = argc > 1 ? (int)strtol(argv[1], NULL, 10) : (int)ncpu;
	struct batch b;
	struct base s;
	struct vd_config cfg;
	struct vd_error err;
	int distinct_cpp;
	double bsecs, py_rate = 0, cpp_rate = 0;

	memset(&b, 0, sizeof(b));
	b.n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 1000;
	b.n_tests = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 10;
	memset(&s, 0, sizeof(s));
	s.n = argc > 4 ? (int)strtol(argv[4], NULL, 10) : 20;
	if (workers < 1 || b.n < 2 || b.n_tests < 1 || s.n < 0 ||
	    2 * s.n > b.n - 1) {
		fprintf(stderr, "usage: bench-rl [WORKERS [PROGRAMS [TESTS "
				"[BASELINE]]]]\n");
		return 2;
	}
	make_tests(&b);
	make_programs(&b, &distinct_cpp);
	vd_config_init(&cfg);
	cfg.slots = (uint32_t)workers;
	if (vd_engine_new(&cfg, &b.e, &err) < 0) {
		fprintf(stderr, "engine: %s\n", err.msg);
		return 1;
	}
	vd_judge_opts_init(&b.opts);
	b.opts.limits.cpu_time_ms = 2000;
	b.opts.limits.memory_kb = 256 * 1024;
	if (getenv("VERDICT_BENCH_STATIC"))
		b.opts.flags |= VD_JUDGE_STATIC;
	printf("bench-rl: %d programs (%d Python, %d C++ of which %d distinct)"
	       " x %d tests, %d workers, %ld CPUs%s\n\n",
	       b.n, b.n / 2, (b.n + 1) / 2, distinct_cpp, b.n_tests, workers,
	       ncpu, (b.opts.flags & VD_JUDGE_STATIC) ? ", C++ -static" : "");
	b.order = calloc((size_t)b.n, sizeof(int));

	for (int phase = 0; phase < 3; phase++) {
		static const char *const names[] = {
			"verdict: Python programs", "verdict: C++ programs",
			"verdict: both, interleaved"
		};
		double t;
		int np;
		b.n_order = 0;
		for (int i = 0; i < b.n; i++)
			if (phase == 2 ||
			    (b.progs[i].lang == VD_LANG_PYTHON) == (phase == 0))
				b.order[b.n_order++] = i;
		if (phase == 2) {
			/* a fresh engine: nothing cached from phase 1 */
			vd_engine_free(b.e);
			if (vd_engine_new(&cfg, &b.e, &err) < 0)
				return 1;
			memset(b.verdicts, 0, sizeof(b.verdicts));
			b.builds = b.cached_builds = 0;
			b.wrong_verdicts = b.errors = 0;
		}
		atomic_store(&b.next, 0);
		t = run_threads(workers, worker, &b);
		np = b.n_order;
		printf("%-34s %8.2f s %8.1f programs/s %8.0f tests/s %7.0f tests/s/worker\n",
		       names[phase], t, np / t, (double)np * b.n_tests / t,
		       (double)np * b.n_tests / t / workers);
		if (phase == 0)
			py_rate = (double)np * b.n_tests / t;
		if (phase == 1)
			cpp_rate = (double)np * b.n_tests / t;
	}
	printf("  verdicts:");
	for (int v = 0; v < VD_VERDICT_COUNT; v++)
		if (b.verdicts[v])
			printf(" %s %d", vd_verdict_name(v), b.verdicts[v]);
	printf("; unexpected %d; errors %d\n", b.wrong_verdicts, b.errors);
	printf("  C++ builds: %d compiled, %d from the cache (distinct: %d) %s\n",
	       b.builds, b.cached_builds, distinct_cpp,
	       b.builds == distinct_cpp ? "ok" : "MISMATCH");
	if (s.n > 0) {
		s.b = &b;
		s.workers = workers;
		snprintf(s.dir, sizeof(s.dir), "/tmp/verdict-bench-rl.XXXXXX");
		if (!mkdtemp(s.dir))
			return 1;
		for (int phase = 0; phase < 2; phase++) {
			s.lang = phase ? VD_LANG_CPP : VD_LANG_PYTHON;
			atomic_store(&s.next, 0);
			bsecs = run_threads(workers, base_worker, &s);
			printf("%-34s %8.2f s %8.1f programs/s %8.0f tests/s   (%d programs; unexpected %d) verdict x%.1f\n",
			       phase ? "baseline C++: g++ + run per test"
				     : "baseline Python: python3 per test",
			       bsecs, s.n / bsecs,
			       (double)s.n * b.n_tests / bsecs, s.n, s.wrong,
			       phase ? cpp_rate / (s.n * b.n_tests / bsecs)
				     : py_rate / (s.n * b.n_tests / bsecs));
		}
		remove_dir(s.dir);
	}
	vd_engine_free(b.e);
	return b.wrong_verdicts || b.errors || b.builds != distinct_cpp;
}
