/*
 * The attack battery (tests/attacks/, checklist of docs/sandbox.md in
 * tests/attacks/README.md), driven through the public API as a front end
 * uses it.
 *
 * Engine A (one slot) judges every attack program in turn, against the
 * verdict (and, where given, the stdout) its header expects. After each
 * attack the driver checks that the host and the judge were unaffected:
 *   - no process left running under engine A's slot uid;
 *   - no file named *verdict-attack* left in the host's shared places;
 *   - the same slot judges tests/fixtures/progs/slate.py, which touches
 *     96 MiB (no carried-over memory limit) and reports every trace of an
 *     earlier run it can see: it must print "clean", fast, with a peak that
 *     does not carry over;
 *   - the host's decoys (a secret in the driver's environment and in a
 *     host file, a SysV segment, a loopback TCP listener, an abstract unix
 *     socket, a /dev/shm file) were there to be found: the attacks that
 *     look for them print what they saw and must see nothing.
 * Meanwhile engine B (another uid range) judges benign programs in a
 * thread whose tests carry the secret; every one of them must be AC.
 *
 * Attack header lines (the first lines of each program, after "// " or
 * "# "):
 *   attack: ITEMS WHAT      checklist item numbers, then a description
 *   expect: V[|V...]        accepted verdicts
 *   stdout: TEXT            expected stdout (one line), checker "lines"
 *   stdin: TEXT             stdin (one line); "{port}" is replaced by the
 *                           loopback decoy's TCP port
 *   args: --time-limit S --wall-limit S --memory-limit MB --processes N
 *         --output-limit BYTES --compile-time-limit S
 *         --compile-memory-limit MB --compile-file-limit MB
 * Shell attacks (.sh) run as /bin/sh -c SCRIPT from a Python program.
 *
 * VD_ATTACKS=GLOB runs only the matching attacks.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "verdict.h"

#define ATTACK_DIR    "tests/attacks"
#define SLATE_PROGRAM "tests/fixtures/progs/slate.py"
#define UID_A	      (VD_DEFAULT_UID_BASE + 600)
#define UID_B	      (VD_DEFAULT_UID_BASE + 700)
#define MAX_ATTACKS   256
#define SYSV_KEY      0x76646101
#define ABSTRACT_NAME "verdict-battery-host"

struct attack {
	char file[256];
	char what[256];
	char expect[64];
	char stdout_line[256];
	char stdin_line[256];
	char args[256];
	int has_stdout;
	int has_stdin;
};

static struct vd_engine *engine_a, *engine_b;
static char secret[64];
static char secret_file[128];
static char shm_decoy[128];
static int decoy_port;
static char *slate_source;
static size_t slate_len;

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Copies the value of header key `key` from the first lines of `src`. */
static int header_value(const char *src, const char *key, char *out,
			size_t out_size)
{
	const char *line = src;
	for (int i = 0; i < 40 && *line; i++) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *p = line;
		if (!strncmp(p, "// ", 3))
			p += 3;
		else if (!strncmp(p, "# ", 2))
			p += 2;
		else
			p = NULL;
		size_t klen = strlen(key);
		if (p && !strncmp(p, key, klen) && p[klen] == ':') {
			const char *v = p + klen + 1;
			while (*v == ' ')
				v++;
			size_t vlen = len - (size_t)(v - line);
			if (vlen >= out_size)
				vlen = out_size - 1;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 1;
		}
		if (!end)
			break;
		line = end + 1;
	}
	return 0;
}

static double arg_number(const char *args, const char *name, double dflt)
{
	const char *p = strstr(args, name);
	if (!p)
		return dflt;
	p += strlen(name);
	char *end;
	double v = strtod(p, &end);
	return end == p ? dflt : v;
}

static int apply_args(const char *args, struct vd_judge_opts *o)
{
	/* Every word starting with "--" must be one we know. */
	static const char *known[] = {
		"--time-limit",		  "--wall-limit",
		"--memory-limit",	  "--processes",
		"--output-limit",	  "--compile-time-limit",
		"--compile-memory-limit", "--compile-file-limit"
	};
	for (const char *p = strstr(args, "--"); p; p = strstr(p + 2, "--")) {
		size_t len = strcspn(p, " ");
		int ok = 0;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			if (strlen(known[i]) == len &&
			    !strncmp(p, known[i], len))
				ok = 1;
		if (!ok)
			return -1;
	}
	o->limits.cpu_time_ms =
		(uint64_t)(arg_number(args, "--time-limit ", 2.0) * 1000);
	o->limits.wall_time_ms =
		(uint64_t)(arg_number(args, "--wall-limit ", 0) * 1000);
	o->limits.memory_kb =
		(uint64_t)arg_number(args, "--memory-limit ", 256) * 1024;
	o->limits.processes =
		(uint32_t)arg_number(args, "--processes ", o->limits.processes);
	o->limits.stdout_bytes = (uint64_t)arg_number(
		args, "--output-limit ", (double)o->limits.stdout_bytes);
	o->limits.stderr_bytes = (uint64_t)arg_number(
		args, "--output-limit ", (double)o->limits.stderr_bytes);
	o->compile_limits.cpu_time_ms =
		(uint64_t)(arg_number(args, "--compile-time-limit ", 30.0) *
			   1000);
	o->compile_limits.memory_kb =
		(uint64_t)arg_number(args, "--compile-memory-limit ", 2048) *
		1024;
	o->compile_limits.file_size_bytes =
		(uint64_t)arg_number(args, "--compile-file-limit ", 256) << 20;
	return 0;
}

/* A shell attack becomes a Python program exec'ing /bin/sh -c SCRIPT. */
static char *shell_wrapper(const char *script, size_t len, size_t *out_len)
{
	static const char head[] = "import os, binascii\n"
				   "os.execv('/bin/sh', ['sh', '-c', "
				   "binascii.unhexlify('";
	static const char tail[] = "').decode()])\n";
	size_t n = sizeof(head) - 1 + 2 * len + sizeof(tail);
	char *p = malloc(n);
	if (!p)
		return NULL;
	size_t o = 0;
	memcpy(p, head, sizeof(head) - 1);
	o += sizeof(head) - 1;
	for (size_t i = 0; i < len; i++) {
		static const char hex[] = "0123456789abcdef";
		p[o++] = hex[(unsigned char)script[i] >> 4];
		p[o++] = hex[(unsigned char)script[i] & 15];
	}
	memcpy(p + o, tail, sizeof(tail));
	*out_len = o + sizeof(tail) - 1;
	return p;
}

/* Processes whose real uid is in [base, base + n). */
static int processes_of_uids(uint32_t base, uint32_t n, char *which,
			     size_t which_size)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int count = 0;
	which[0] = '\0';
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[300], line[256];
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			unsigned long uid;
			if (sscanf(line, "Uid: %lu", &uid) == 1) {
				if (uid >= base && uid < base + n) {
					count++;
					size_t l = strlen(which);
					snprintf(which + l, which_size - l,
						 " %s", de->d_name);
				}
				break;
			}
		}
		fclose(f);
	}
	closedir(d);
	return count;
}

/* Host files an attack could have left behind: it names them
 * verdict-attack-*. */
static int host_traces(char *which, size_t which_size)
{
	static const char *dirs[] = { "/tmp",	   "/dev/shm", "/var/tmp",
				      "/run/lock", "/",	       "/run" };
	int count = 0;
	which[0] = '\0';
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (!strstr(de->d_name, "verdict-attack"))
				continue;
			count++;
			size_t l = strlen(which);
			snprintf(which + l, which_size - l, " %s/%s", dirs[i],
				 de->d_name);
		}
		closedir(d);
	}
	return count;
}

/* ---- the benign runs of engine B ---- */

static atomic_int benign_stop;
static atomic_int benign_runs, benign_bad;
static char benign_last_bad[256];

static void *benign_loop(void *arg)
{
	(void)arg;
	static const char c_src[] =
		"#include <stdio.h>\n"
		"int main(void) { char s[128]; long n = 0;\n"
		"  if (scanf(\"%127s\", s) != 1) return 1;\n"
		"  for (long i = 0; i < 3000000; i++) n += i % 7;\n"
		"  printf(\"%s %ld\\n\", s, n); return 0; }\n";
	static const char py_src[] =
		"import sys\n"
		"s = sys.stdin.read().split()[0]\n"
		"print(s, sum(i % 7 for i in range(3000)))\n";
	char input[128], expect_c[160], expect_py[160];
	snprintf(input, sizeof(input), "%s\n", secret);
	{
		long n = 0;
		for (long i = 0; i < 3000000; i++)
			n += i % 7;
		snprintf(expect_c, sizeof(expect_c), "%s %ld\n", secret, n);
		n = 0;
		for (long i = 0; i < 3000; i++)
			n += i % 7;
		snprintf(expect_py, sizeof(expect_py), "%s %ld\n", secret, n);
	}
	for (int i = 0; !atomic_load(&benign_stop); i++) {
		struct vd_program p;
		struct vd_test t = { "benign", input, strlen(input), NULL, 0 };
		struct vd_report *r = NULL;
		struct vd_error e;
		if (i % 2) {
			p = (struct vd_program){ VD_LANG_C, c_src,
						 sizeof(c_src) - 1 };
			t.expected = expect_c;
		} else {
			p = (struct vd_program){ VD_LANG_PYTHON, py_src,
						 sizeof(py_src) - 1 };
			t.expected = expect_py;
		}
		t.expected_len = strlen(t.expected);
		int rc = vd_judge(engine_b, &p, &t, 1, NULL, &r, &e);
		atomic_fetch_add(&benign_runs, 1);
		if (rc < 0 || vd_report_verdict(r) != VD_VERDICT_AC) {
			struct vd_outcome o;
			memset(&o, 0, sizeof(o));
			if (rc == 0)
				vd_report_test(r, 0, &o);
			snprintf(benign_last_bad, sizeof(benign_last_bad),
				 "%s: %s %s", i % 2 ? "C" : "Python",
				 rc < 0 ? e.msg
					: vd_verdict_name(vd_report_verdict(r)),
				 o.detail);
			atomic_fetch_add(&benign_bad, 1);
		}
		vd_report_free(r);
	}
	return NULL;
}

/* ---- host decoys ---- */

static int decoy_tcp = -1, decoy_unix = -1, decoy_shm = -1;

static int decoys_up(void)
{
	struct sockaddr_in in;
	struct sockaddr_un un;
	socklen_t len = sizeof(in);
	FILE *f;

	snprintf(secret_file, sizeof(secret_file), "/tmp/vd-battery-%d",
		 (int)getpid());
	f = fopen(secret_file, "w");
	if (!f)
		return -1;
	fprintf(f, "%s\n", secret);
	fclose(f);
	snprintf(shm_decoy, sizeof(shm_decoy), "/dev/shm/vd-battery-%d",
		 (int)getpid());
	f = fopen(shm_decoy, "w");
	if (f) {
		fprintf(f, "%s\n", secret);
		fclose(f);
	}

	decoy_tcp = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&in, 0, sizeof(in));
	in.sin_family = AF_INET;
	in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (decoy_tcp < 0 ||
	    bind(decoy_tcp, (struct sockaddr *)&in, sizeof(in)) < 0 ||
	    listen(decoy_tcp, 16) < 0 ||
	    getsockname(decoy_tcp, (struct sockaddr *)&in, &len) < 0)
		return -1;
	decoy_port = ntohs(in.sin_port);

	decoy_unix = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	memset(&un, 0, sizeof(un));
	un.sun_family = AF_UNIX;
	memcpy(un.sun_path + 1, ABSTRACT_NAME, strlen(ABSTRACT_NAME));
	if (decoy_unix < 0 ||
	    bind(decoy_unix, (struct sockaddr *)&un,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
			     strlen(ABSTRACT_NAME))) < 0 ||
	    listen(decoy_unix, 16) < 0)
		return -1;

	decoy_shm = shmget(SYSV_KEY, 4096, IPC_CREAT | 0666);
	return 0;
}

static void decoys_down(void)
{
	unlink(secret_file);
	unlink(shm_decoy);
	if (decoy_tcp >= 0)
		close(decoy_tcp);
	if (decoy_unix >= 0)
		close(decoy_unix);
	if (decoy_shm >= 0)
		shmctl(decoy_shm, IPC_RMID, NULL);
}

/* Nobody may have connected to the host's listeners. */
static int decoy_connections(void)
{
	int n = 0;
	for (int i = 0; i < 2; i++) {
		int fd = i ? decoy_unix : decoy_tcp;
		int fl = fcntl(fd, F_GETFL);
		fcntl(fd, F_SETFL, fl | O_NONBLOCK);
		int c;
		while ((c = accept(fd, NULL, NULL)) >= 0) {
			close(c);
			n++;
		}
		fcntl(fd, F_SETFL, fl);
	}
	return n;
}

/* ---- one attack ---- */

static int parse_attack(const char *file, const char *src, struct attack *a)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->file, sizeof(a->file), "%s", file);
	if (!header_value(src, "attack", a->what, sizeof(a->what)) ||
	    !header_value(src, "expect", a->expect, sizeof(a->expect)))
		return -1;
	a->has_stdout = header_value(src, "stdout", a->stdout_line,
				     sizeof(a->stdout_line));
	a->has_stdin = header_value(src, "stdin", a->stdin_line,
				    sizeof(a->stdin_line));
	header_value(src, "args", a->args, sizeof(a->args));
	return 0;
}

static int verdict_expected(const char *expect, int32_t v)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s", expect);
	for (char *save = NULL, *tok = strtok_r(buf, "|", &save); tok;
	     tok = strtok_r(NULL, "|", &save))
		if (vd_verdict_parse(tok) == v)
			return 1;
	return 0;
}

static void show_outcome(const char *what, const struct vd_report *r,
			 uint32_t i)
{
	struct vd_outcome o;
	uint64_t len = 0;
	const char *out;
	if (i == UINT32_MAX) {
		if (!vd_report_compile(r, &o))
			return;
	} else if (vd_report_test(r, i, &o) < 0) {
		return;
	}
	printf("#   %s: %s (%s) cpu %.3f s wall %.3f s peak %llu KiB\n", what,
	       vd_verdict_name(o.verdict), o.detail, o.cpu_time_us / 1e6,
	       o.wall_time_us / 1e6, (unsigned long long)o.peak_memory_kb);
	out = vd_report_output(r, i, VD_STREAM_STDOUT, &len);
	if (out && len)
		printf("#   stdout: %.*s\n", (int)(len > 200 ? 200 : len), out);
	out = vd_report_output(r, i, VD_STREAM_STDERR, &len);
	if (out && len)
		printf("#   stderr: %.*s\n", (int)(len > 300 ? 300 : len), out);
}

static void run_attack(const struct attack *a, const char *src, size_t src_len)
{
	struct vd_program p;
	struct vd_judge_opts o;
	struct vd_test t;
	struct vd_report *r = NULL;
	struct vd_error e;
	char input[512], expected[300], which[1024];
	char *wrapped = NULL;
	const char *ext = strrchr(a->file, '.');

	memset(&t, 0, sizeof(t));
	vd_judge_opts_init(&o);
	if (apply_args(a->args, &o) < 0) {
		FAIL_AT("%s: unknown option in args: %s", a->file, a->args);
		return;
	}
	if (!strcmp(ext, ".c")) {
		p = (struct vd_program){ VD_LANG_C, src, src_len };
	} else if (!strcmp(ext, ".cpp")) {
		p = (struct vd_program){ VD_LANG_CPP, src, src_len };
	} else if (!strcmp(ext, ".py")) {
		p = (struct vd_program){ VD_LANG_PYTHON, src, src_len };
	} else {
		size_t n;
		wrapped = shell_wrapper(src, src_len, &n);
		if (!wrapped) {
			FAIL_AT("out of memory");
			return;
		}
		p = (struct vd_program){ VD_LANG_PYTHON, wrapped, n };
	}
	t.name = "attack";
	if (a->has_stdin) {
		const char *port = strstr(a->stdin_line, "{port}");
		if (port)
			snprintf(input, sizeof(input), "%.*s%d%s\n",
				 (int)(port - a->stdin_line), a->stdin_line,
				 decoy_port, port + 6);
		else
			snprintf(input, sizeof(input), "%s\n", a->stdin_line);
		t.input = input;
		t.input_len = strlen(input);
	}
	if (a->has_stdout) {
		snprintf(expected, sizeof(expected), "%s\n", a->stdout_line);
		t.expected = expected;
		t.expected_len = strlen(expected);
	}

	if (vd_judge(engine_a, &p, &t, 1, &o, &r, &e) < 0) {
		FAIL_AT("%s: the judge failed: %s", a->file, e.msg);
		free(wrapped);
		return;
	}
	int32_t v = vd_report_verdict(r);
	if (!verdict_expected(a->expect, v)) {
		FAIL_AT("%s: verdict %s, expected %s", a->file,
			vd_verdict_name(v), a->expect);
		show_outcome("compile", r, UINT32_MAX);
		show_outcome("run", r, 0);
	} else if (getenv("VD_ATTACKS_VERBOSE")) {
		show_outcome("run", r, 0);
	}
	vd_report_free(r);
	free(wrapped);

	/* Nothing of the run is left on the host. */
	if (processes_of_uids(UID_A, 1, which, sizeof(which)) != 0)
		FAIL_AT("%s: processes left under the slot uid:%s", a->file,
			which);
	if (host_traces(which, sizeof(which)) != 0)
		FAIL_AT("%s: files left on the host:%s", a->file, which);
	if (decoy_connections() != 0)
		FAIL_AT("%s: something in the box reached a host listener",
			a->file);

	/* The same slot is clean and responsive; the memory limit of the
	 * attack did not carry over (the check touches 96 MiB). */
	static const char slate_in[] = "check-memory\n";
	static const char slate_out[] = "clean\n";
	struct vd_test st = { "slate", slate_in, sizeof(slate_in) - 1,
			      slate_out, sizeof(slate_out) - 1 };
	struct vd_program sp = { VD_LANG_PYTHON, slate_source, slate_len };
	vd_judge_opts_init(&o);
	if (vd_judge(engine_a, &sp, &st, 1, &o, &r, &e) < 0) {
		FAIL_AT("%s: the next run failed: %s", a->file, e.msg);
		return;
	}
	struct vd_outcome so;
	vd_report_test(r, 0, &so);
	if (so.verdict != VD_VERDICT_AC || so.cpu_time_us > 1000000 ||
	    so.peak_memory_kb > 200 * 1024) {
		FAIL_AT("%s: the next run in the slot was not clean", a->file);
		show_outcome("slate", r, 0);
	}
	vd_report_free(r);
}

static struct attack attacks[MAX_ATTACKS];
static int n_attacks;

static int by_name(const void *x, const void *y)
{
	return strcmp(((const struct attack *)x)->file,
		      ((const struct attack *)y)->file);
}

static int load_attacks(void)
{
	DIR *d = opendir(ATTACK_DIR);
	struct dirent *de;
	const char *only = getenv("VD_ATTACKS");
	if (!d)
		return -1;
	while ((de = readdir(d)) && n_attacks < MAX_ATTACKS) {
		const char *ext = strrchr(de->d_name, '.');
		if (!ext || (strcmp(ext, ".c") && strcmp(ext, ".cpp") &&
			     strcmp(ext, ".py") && strcmp(ext, ".sh")))
			continue;
		if (only && fnmatch(only, de->d_name, 0))
			continue;
		snprintf(attacks[n_attacks++].file, sizeof(attacks[0].file),
			 "%s", de->d_name);
	}
	closedir(d);
	qsort(attacks, (size_t)n_attacks, sizeof(attacks[0]), by_name);
	return n_attacks;
}

static void run_one(int i)
{
	char path[512];
	size_t len = 0;
	struct attack *a = &attacks[i];
	snprintf(path, sizeof(path), ATTACK_DIR "/%s", a->file);
	char *src = read_whole(path, &len);
	if (!src) {
		FAIL_AT("%s: unreadable", path);
		return;
	}
	char file[256];
	snprintf(file, sizeof(file), "%s", a->file);
	if (parse_attack(file, src, a) < 0)
		FAIL_AT("%s: no attack: or expect: header", path);
	else
		run_attack(a, src, len);
	free(src);
}

static struct vd_engine *start_engine(uint32_t uid_base)
{
	struct vd_config c;
	struct vd_engine *e = NULL;
	struct vd_error err;
	vd_config_init(&c);
	c.slots = 1;
	c.uid_base = uid_base;
	if (vd_engine_new(&c, &e, &err) < 0) {
		printf("# engine: %s\n", err.msg);
		return NULL;
	}
	return e;
}

int main(void)
{
	pthread_t benign;
	struct timespec ts;

	if (geteuid() != 0) {
		printf("# skip: the sandbox needs root\n");
		return harness_done();
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(secret, sizeof(secret), "VDSECRET-%lx%lx",
		 (unsigned long)ts.tv_nsec, (unsigned long)getpid());
	setenv("VD_BATTERY_SECRET", secret, 1);
	slate_source = read_whole(SLATE_PROGRAM, &slate_len);
	if (!slate_source || load_attacks() <= 0 || decoys_up() < 0) {
		printf("# setup: %s, the attacks or the decoys missing\n",
		       SLATE_PROGRAM);
		decoys_down();
		return 1;
	}
	engine_a = start_engine(UID_A);
	engine_b = start_engine(UID_B);
	if (!engine_a || !engine_b)
		return 1;
	if (pthread_create(&benign, NULL, benign_loop, NULL) != 0)
		return 1;

	for (int i = 0; i < n_attacks; i++) {
		harness_state.current_failed = 0;
		run_one(i);
		harness_state.run++;
		if (harness_state.current_failed) {
			harness_state.failed++;
			printf("not ok %d - %s: %s\n", harness_state.run,
			       attacks[i].file, attacks[i].what);
		} else {
			harness_state.passed++;
			printf("ok %d - %s: %s\n", harness_state.run,
			       attacks[i].file, attacks[i].what);
		}
		fflush(stdout);
	}

	atomic_store(&benign_stop, 1);
	pthread_join(benign, NULL);
	harness_state.current_failed = 0;
	printf("# benign runs beside the attacks: %d, not AC: %d\n",
	       atomic_load(&benign_runs), atomic_load(&benign_bad));
	if (atomic_load(&benign_bad))
		FAIL_AT("a benign run was affected: %s", benign_last_bad);
	CHECK(atomic_load(&benign_runs) > 0);
	harness_state.run++;
	if (harness_state.current_failed) {
		harness_state.failed++;
		printf("not ok %d - concurrent benign runs all AC\n",
		       harness_state.run);
	} else {
		harness_state.passed++;
		printf("ok %d - concurrent benign runs all AC\n",
		       harness_state.run);
	}

	vd_engine_free(engine_a);
	vd_engine_free(engine_b);
	decoys_down();
	free(slate_source);
	return harness_done();
}
