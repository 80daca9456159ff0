/*
 * bench-stability: does verdict's efficiency figure move with machine load?
 *
 * Twenty solutions (ten C, ten Python; 20 ms or more of CPU each) are
 * measured in 5 rounds while another process keeps a core busy (a spinning
 * child, unpinned: on a 2-core host it takes the other core). Per round and
 * solution, the figure is what `verdict perf` reports: vd_perf_measure with
 * 1 warm-up and R timed runs (median and Hodges-Lehmann of CPU time).
 * Printed per solution: the coefficient of variation of the figure across
 * the 5 rounds; beside it, the baseline measured in the same rounds: the
 * CV of a single sandboxed run's CPU time (no protocol) and of a single
 * run's wall time (what EvalPlus-style harnesses time).
 *
 * Then the software counter: each solution counted 5 times under valgrind
 * (--counter sw); every count of a solution must be identical.
 *
 *   build/gcc/bench/bench-stability [--repeats R] [--rounds N]
 *                                   [--no-load] [--no-sw] [--no-pin]
 *
 * The slot is bound to one CPU (the last), as `verdict perf` binds its
 * workers; --no-pin measures unbound.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict.h"

struct solution {
	const char *name;
	int lang;
	const char *input;
	const char *source;
};

#define C_HEAD "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"

static const struct solution solutions[] = {
	{ "c-sieve", VD_LANG_C, "6000000",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;"
	  "char*s=calloc(n+1,1);int c=0;for(int i=2;i<=n;i++)if(!s[i]){c++;"
	  "for(long j=(long)i*i;j<=n;j+=i)s[j]=1;}printf(\"%d\\n\",c);return 0;}" },
	{ "c-qsort", VD_LANG_C, "300000",
	  C_HEAD
	  "static int cmp(const void*a,const void*b){unsigned x=*(const unsigned*)a,"
	  "y=*(const unsigned*)b;return x<y?-1:x>y;}int main(void){int n;"
	  "if(scanf(\"%d\",&n)!=1)return 1;unsigned*a=malloc(n*sizeof*a),x=1;"
	  "for(int i=0;i<n;i++){x^=x<<13;x^=x>>17;x^=x<<5;a[i]=x;}"
	  "qsort(a,n,sizeof*a,cmp);printf(\"%u\\n\",a[n/2]);return 0;}" },
	{ "c-matmul", VD_LANG_C, "300",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;"
	  "double*a=malloc(8.0*n*n),*b=malloc(8.0*n*n),*c=calloc(n*n,8);"
	  "for(int i=0;i<n*n;i++){a[i]=i%7;b[i]=i%5;}for(int i=0;i<n;i++)"
	  "for(int k=0;k<n;k++)for(int j=0;j<n;j++)c[i*n+j]+=a[i*n+k]*b[k*n+j];"
	  "printf(\"%.0f\\n\",c[n*n-1]);return 0;}" },
	{ "c-hash", VD_LANG_C, "1500000",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;unsigned m=1u<<22;"
	  "unsigned*t=calloc(m,4);unsigned x=7,hit=0;for(int i=0;i<n;i++){x=x*1103515245u+12345u;"
	  "unsigned k=(x>>8)|1,h=(k*2654435761u)&(m-1);while(t[h]&&t[h]!=k)h=(h+1)&(m-1);"
	  "if(t[h])hit++;else t[h]=k;}printf(\"%u\\n\",hit);return 0;}" },
	{ "c-lcs", VD_LANG_C, "5000",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;char*a=malloc(n),*b=malloc(n);"
	  "for(int i=0;i<n;i++){a[i]='a'+i*7%13;b[i]='a'+i*11%13;}int*p=calloc(n+1,4),*q=calloc(n+1,4);"
	  "for(int i=1;i<=n;i++){for(int j=1;j<=n;j++)q[j]=a[i-1]==b[j-1]?p[j-1]+1:"
	  "(p[j]>q[j-1]?p[j]:q[j-1]);int*t=p;p=q;q=t;}printf(\"%d\\n\",p[n]);return 0;}" },
	{ "c-collatz", VD_LANG_C, "250000",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;long best=0;"
	  "for(long i=1;i<n;i++){long x=i,s=0;while(x!=1){x=x&1?3*x+1:x/2;s++;}"
	  "if(s>best)best=s;}printf(\"%ld\\n\",best);return 0;}" },
	{ "c-strings", VD_LANG_C, "150000",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;char*s=malloc(n*8+1);"
	  "int l=0;for(int i=0;i<n;i++)l+=snprintf(s+l,8,\"%d,\",i%9973);int c=0;"
	  "for(int i=0;i<400;i++){char k[8];snprintf(k,8,\"%d,\",9000+i);"
	  "for(char*p=s;(p=strstr(p,k));p++)c++;}printf(\"%d\\n\",c);return 0;}" },
	{ "c-nbody", VD_LANG_C, "2000000",
	  C_HEAD
	  "#include <math.h>\nint main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;"
	  "double x=1,y=0,vx=0,vy=1;for(int i=0;i<n;i++){double r=sqrt(x*x+y*y),"
	  "a=1/(r*r*r);vx-=x*a*1e-3;vy-=y*a*1e-3;x+=vx*1e-3;y+=vy*1e-3;}"
	  "printf(\"%.3f\\n\",x);return 0;}" },
	{ "c-bfs", VD_LANG_C, "1400",
	  C_HEAD
	  "int main(void){int n;if(scanf(\"%d\",&n)!=1)return 1;int m=n*n;"
	  "int*d=malloc(m*4),*q=malloc(m*4);for(int i=0;i<m;i++)d[i]=-1;int h=0,t=0;"
	  "d[0]=0;q[t++]=0;while(h<t){int v=q[h++],r=v/n,c=v%n;int nb[4]={v-n,v+n,v-1,v+1};"
	  "int ok[4]={r>0,r<n-1,c>0,c<n-1};for(int k=0;k<4;k++)if(ok[k]&&d[nb[k]]<0&&"
	  "(nb[k]%3||nb[k]%7)){d[nb[k]]=d[v]+1;q[t++]=nb[k];}}printf(\"%d\\n\",d[m-1]);return 0;}" },
	{ "c-fib", VD_LANG_C, "34",
	  C_HEAD
	  "static long f(int n){return n<2?n:f(n-1)+f(n-2);}int main(void){int n;"
	  "if(scanf(\"%d\",&n)!=1)return 1;printf(\"%ld\\n\",f(n));return 0;}" },
	{ "py-sieve", VD_LANG_PYTHON, "150000",
	  "n = int(input())\ns = bytearray(n + 1)\nc = 0\nfor i in range(2, n + 1):\n"
	  "    if not s[i]:\n        c += 1\n        s[i*i::i] = bytes(len(range(i*i, n + 1, i)))\n"
	  "print(c)\n" },
	{ "py-sort", VD_LANG_PYTHON, "120000",
	  "n = int(input())\nx = 1\na = []\nfor i in range(n):\n"
	  "    x = (x * 1103515245 + 12345) % 2147483648\n    a.append(x)\n"
	  "a.sort()\nprint(a[n // 2])\n" },
	{ "py-dict", VD_LANG_PYTHON, "150000",
	  "n = int(input())\nd = {}\nfor i in range(n):\n    k = str(i * 7919 % 10007)\n"
	  "    d[k] = d.get(k, 0) + 1\nprint(max(d.values()))\n" },
	{ "py-lcs", VD_LANG_PYTHON, "300",
	  "n = int(input())\na = [i * 7 % 13 for i in range(n)]\nb = [i * 11 % 13 for i in range(n)]\n"
	  "p = [0] * (n + 1)\nfor i in range(1, n + 1):\n    q = [0] * (n + 1)\n"
	  "    for j in range(1, n + 1):\n"
	  "        q[j] = p[j - 1] + 1 if a[i - 1] == b[j - 1] else max(p[j], q[j - 1])\n"
	  "    p = q\nprint(p[n])\n" },
	{ "py-collatz", VD_LANG_PYTHON, "6000",
	  "n = int(input())\nbest = 0\nfor i in range(1, n):\n    x, s = i, 0\n"
	  "    while x != 1:\n        x = 3 * x + 1 if x & 1 else x // 2\n        s += 1\n"
	  "    best = max(best, s)\nprint(best)\n" },
	{ "py-fib", VD_LANG_PYTHON, "26",
	  "import sys\ndef f(n):\n    return n if n < 2 else f(n - 1) + f(n - 2)\n"
	  "print(f(int(sys.stdin.read())))\n" },
	{ "py-strings", VD_LANG_PYTHON, "60000",
	  "n = int(input())\ns = ','.join(str(i % 9973) for i in range(n))\n"
	  "print(sum(s.count(str(9000 + i)) for i in range(300)))\n" },
	{ "py-sets", VD_LANG_PYTHON, "80000",
	  "n = int(input())\na = set(range(0, n, 3))\nb = set(range(0, n, 5))\nc = 0\n"
	  "for k in range(20):\n    c += len((a | b) - (a & b))\n    a = {x + 1 for x in a}\nprint(c)\n" },
	{ "py-matmul", VD_LANG_PYTHON, "80",
	  "n = int(input())\na = [[(i * j) % 7 for j in range(n)] for i in range(n)]\n"
	  "c = [[sum(a[i][k] * a[k][j] for k in range(n)) for j in range(n)] for i in range(n)]\n"
	  "print(c[-1][-1])\n" },
	{ "py-heap", VD_LANG_PYTHON, "60000",
	  "import heapq\nn = int(input())\nh = []\nx = 1\nfor i in range(n):\n"
	  "    x = (x * 48271) % 2147483647\n    heapq.heappush(h, x)\n"
	  "print(sum(heapq.heappop(h) % 10 for _ in range(n // 2)))\n" },
};

#define N_SOL	   (sizeof(solutions) / sizeof(solutions[0]))
#define MAX_ROUNDS 20

/* The program and its one test (input: its stdin line, kept by the caller). */
static void as_case(const struct solution *so, char *input, size_t input_size,
		    struct vd_program *p, struct vd_test *t)
{
	snprintf(input, input_size, "%s\n", so->input);
	*p = (struct vd_program){ so->lang, so->source, strlen(so->source) };
	*t = (struct vd_test){ so->name, input, strlen(input), NULL, 0 };
}

static double cv_of(const double *v, int n)
{
	double s = 0, q = 0;
	for (int i = 0; i < n; i++)
		s += v[i];
	double m = s / n;
	for (int i = 0; i < n; i++)
		q += (v[i] - m) * (v[i] - m);
	return n > 1 && m > 0 ? sqrt(q / (n - 1)) / m : 0;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median_of(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	uint32_t repeats = 10;
	int rounds = 5, load = 1, sw = 1, pin = 1;
	struct vd_engine *e = NULL;
	struct vd_config cfg;
	struct vd_error err;
	static double med[N_SOL][MAX_ROUNDS], hl[N_SOL][MAX_ROUNDS],
		single_cpu[N_SOL][MAX_ROUNDS], single_wall[N_SOL][MAX_ROUNDS];
	pid_t spinner = -1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--repeats") && i + 1 < argc)
			repeats = (uint32_t)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
			rounds = (int)strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--no-load"))
			load = 0;
		else if (!strcmp(argv[i], "--no-sw"))
			sw = 0;
		else if (!strcmp(argv[i], "--no-pin"))
			pin = 0;
		else {
			fprintf(stderr, "usage: bench-stability [--repeats R] "
					"[--rounds N] [--no-load] [--no-sw] "
					"[--no-pin]\n");
			return 2;
		}
	}
	if (rounds < 2 || rounds > MAX_ROUNDS || repeats < 1) {
		fprintf(stderr, "bench-stability: 2..%d rounds, 1+ repeats\n",
			MAX_ROUNDS);
		return 2;
	}
	vd_config_init(&cfg);
	cfg.slots = 1;
	cfg.pin_cpus = pin; /* as verdict perf does */
	if (vd_engine_new(&cfg, &e, &err) < 0) {
		fprintf(stderr, "bench-stability: %s\n", err.msg);
		return 1;
	}
	if (load) {
		spinner = fork();
		if (spinner == 0) {
			for (volatile unsigned long i = 0;; i++)
				;
		}
	}
	printf("bench-stability: %zu solutions, %d rounds, 1 warm-up + %u "
	       "timed runs each, %s, %s\n",
	       N_SOL, rounds, repeats,
	       load ? "a spinning process beside (unpinned)" : "no extra load",
	       pin ? "the slot bound to one CPU" : "the slot unpinned");

	for (int r = 0; r < rounds; r++) {
		for (size_t s = 0; s < N_SOL; s++) {
			const struct solution *so = &solutions[s];
			char input[32];
			struct vd_program p;
			struct vd_test t;
			as_case(so, input, sizeof(input), &p, &t);
			struct vd_perf_opts o;
			struct vd_perf_stat st;
			int32_t v;
			vd_perf_opts_init(&o);
			o.repeats = repeats;
			if (vd_perf_measure(e, &p, &t, 1, &o, &v, &st, &err) <
				    0 ||
			    v != VD_VERDICT_AC) {
				fprintf(stderr, "%s: %s\n", so->name,
					v != VD_VERDICT_AC ? vd_verdict_name(v)
							   : err.msg);
				goto fail;
			}
			med[s][r] = st.median_s;
			hl[s][r] = st.hl_s;
			/* the baseline: one run, as a harness without a
			 * protocol would time it */
			struct vd_report *rep = NULL;
			struct vd_outcome out;
			if (vd_judge(e, &p, &t, 1, NULL, &rep, &err) < 0)
				goto fail;
			vd_report_test(rep, 0, &out);
			single_cpu[s][r] = out.cpu_time_us / 1e6;
			single_wall[s][r] = out.wall_time_us / 1e6;
			vd_report_free(rep);
		}
		fprintf(stderr, "round %d of %d done\n", r + 1, rounds);
	}

	printf("\n%-12s %9s  %8s %8s  %10s %11s\n", "solution", "median ms",
	       "CV med", "CV HL", "CV 1 run", "CV 1 wall");
	double cv_med[N_SOL], cv_hl[N_SOL], cv_one[N_SOL], cv_wall[N_SOL];
	for (size_t s = 0; s < N_SOL; s++) {
		double tmp[MAX_ROUNDS];
		memcpy(tmp, med[s], sizeof(double) * rounds);
		double m = median_of(tmp, rounds);
		cv_med[s] = cv_of(med[s], rounds);
		cv_hl[s] = cv_of(hl[s], rounds);
		cv_one[s] = cv_of(single_cpu[s], rounds);
		cv_wall[s] = cv_of(single_wall[s], rounds);
		printf("%-12s %9.1f  %7.2f%% %7.2f%%  %9.2f%% %10.2f%%\n",
		       solutions[s].name, m * 1e3, 100 * cv_med[s],
		       100 * cv_hl[s], 100 * cv_one[s], 100 * cv_wall[s]);
	}
	double a[N_SOL], b[N_SOL], c[N_SOL], d[N_SOL], mx = 0;
	int over = 0;
	for (size_t s = 0; s < N_SOL; s++) {
		a[s] = cv_med[s];
		b[s] = cv_hl[s];
		c[s] = cv_one[s];
		d[s] = cv_wall[s];
		mx = fmax(mx, cv_hl[s]);
		over += cv_hl[s] > 0.02;
	}
	printf("%-12s %9s  %7.2f%% %7.2f%%  %9.2f%% %10.2f%%   (medians)\n",
	       "all", "", 100 * median_of(a, N_SOL), 100 * median_of(b, N_SOL),
	       100 * median_of(c, N_SOL), 100 * median_of(d, N_SOL));
	printf("CV of the HL figure: max %.2f%%, %d of %zu solutions above the "
	       "2%% target\n",
	       100 * mx, over, N_SOL);

	if (sw) {
		int same = 0;
		printf("\nsoftware counter (valgrind), %d counts per solution:\n",
		       rounds);
		for (size_t s = 0; s < N_SOL; s++) {
			const struct solution *so = &solutions[s];
			char input[32];
			struct vd_program p;
			struct vd_test t;
			as_case(so, input, sizeof(input), &p, &t);
			struct vd_judge_opts o;
			int64_t first = -1;
			int identical = 1;
			vd_judge_opts_init(&o);
			o.counter = VD_COUNTER_SW;
			o.limits.cpu_time_ms = 10000;
			for (int r = 0; r < rounds; r++) {
				struct vd_report *rep = NULL;
				struct vd_outcome out;
				if (vd_judge(e, &p, &t, 1, &o, &rep, &err) < 0)
					goto fail;
				vd_report_test(rep, 0, &out);
				vd_report_free(rep);
				if (r == 0)
					first = out.instructions;
				else if (out.instructions != first)
					identical = 0;
				if (out.instructions < 0)
					identical = 0;
			}
			same += identical;
			printf("  %-12s %14lld  %s\n", so->name,
			       (long long)first,
			       identical ? "identical" : "DIFFERENT");
		}
		printf("software counts identical across %d runs: %d of %zu "
		       "solutions\n",
		       rounds, same, N_SOL);
	}
	if (spinner > 0) {
		kill(spinner, SIGKILL);
		waitpid(spinner, NULL, 0);
	}
	vd_engine_free(e);
	return 0;
fail:
	if (spinner > 0) {
		kill(spinner, SIGKILL);
		waitpid(spinner, NULL, 0);
	}
	vd_engine_free(e);
	return 1;
}
