/*
 * doctor: what isolation and measurement this host allows, and how to get
 * what is missing (vd_doctor in verdict.h). Every probe is harmless: it
 * creates nothing outside the engine's own cgroup and removes what it made.
 */
#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "cgroup.h"
#include "err.h"
#include "filter.h"
#include "measure.h"
#include "verdict.h"

struct checks {
	struct vd_check *v;
	uint32_t max, n;
};

static struct vd_check *add(struct checks *c, const char *name, int ok)
{
	struct vd_check *k;
	if (c->n >= c->max)
		return NULL;
	k = &c->v[c->n++];
	memset(k, 0, sizeof(*k));
	snprintf(k->name, sizeof(k->name), "%s", name);
	k->ok = ok;
	return k;
}

static void say(char *dst, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *dst, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, len, fmt, ap);
	va_end(ap);
}

/* Can a child be created in every namespace the sandbox uses? */
static int probe_namespaces(int *err_out)
{
	struct clone_args ca;
	int status;
	long pid;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS |
		   CLONE_NEWNET | CLONE_NEWCGROUP;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(0);
	if (pid < 0) {
		*err_out = errno;
		return 0;
	}
	waitpid((pid_t)pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int probe_userns(void)
{
	struct clone_args ca;
	int status;
	long pid;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_NEWUSER;
	ca.exit_signal = SIGCHLD;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return 0;
	waitpid((pid_t)pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void check_cgroup(struct checks *c, int mode, const char *name,
			 const char *remedy)
{
	struct vd_cgroup *cg = NULL;
	struct vd_error e;
	struct vd_check *k;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = vd_cgroup_open(mode, &cg, &e);
	k = add(c, name, rc == 0);
	if (!k) {
		vd_cgroup_close(cg);
		return;
	}
	if (rc == 0)
		say(k->detail, sizeof(k->detail), "%s", vd_cgroup_reason(cg));
	else {
		say(k->detail, sizeof(k->detail), "%s", e.msg);
		say(k->remedy, sizeof(k->remedy), "%s", remedy);
	}
	vd_cgroup_close(cg);
}

static void check_file(struct checks *c, const char *name, const char *path,
		       const char *remedy)
{
	struct vd_check *k = add(c, name, access(path, X_OK) == 0);
	if (!k)
		return;
	if (k->ok)
		say(k->detail, sizeof(k->detail), "%s", path);
	else {
		say(k->detail, sizeof(k->detail), "%s: %s", path,
		    strerror(errno));
		say(k->remedy, sizeof(k->remedy), "%s", remedy);
	}
}

/* End to end: an engine runs a tiny C program and a Python one. */
static void check_end_to_end(struct checks *c, const struct vd_config *cfg)
{
	static const char c_src[] =
		"#include <stdio.h>\nint main(void){puts(\"ok\");return 0;}\n";
	static const char py_src[] = "print('ok')\n";
	const struct {
		const char *name;
		int lang;
		const char *src;
	} progs[] = { { "sandboxed C run", VD_LANG_C, c_src },
		      { "sandboxed Python run", VD_LANG_PYTHON, py_src } };
	struct vd_engine *e = NULL;
	struct vd_error err;
	struct vd_check *k;

	memset(&err, 0, sizeof(err));
	if (vd_engine_new(cfg, &e, &err) < 0) {
		k = add(c, "engine start", 0);
		if (k) {
			say(k->detail, sizeof(k->detail), "%s", err.msg);
			say(k->remedy, sizeof(k->remedy),
			    "see the failed checks above");
		}
		return;
	}
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct vd_program p = { progs[i].lang, progs[i].src,
					strlen(progs[i].src) };
		struct vd_test t = { "t", "", 0, "ok\n", 3 };
		struct vd_report *r = NULL;
		struct vd_outcome o;
		int rc = vd_judge(e, &p, &t, 1, NULL, &r, &err);
		k = add(c, progs[i].name,
			rc == 0 && vd_report_verdict(r) == VD_VERDICT_AC);
		if (k && rc < 0)
			say(k->detail, sizeof(k->detail), "%s", err.msg);
		else if (k) {
			vd_report_test(r, 0, &o);
			if (vd_report_verdict(r) == VD_VERDICT_CE ||
			    vd_report_verdict(r) == VD_VERDICT_SE)
				vd_report_compile(r, &o);
			say(k->detail, sizeof(k->detail),
			    "verdict %s, %.1f ms CPU, %.1f ms wall%s%s",
			    vd_verdict_name(vd_report_verdict(r)),
			    (double)o.cpu_time_us / 1000.0,
			    (double)o.wall_time_us / 1000.0,
			    o.detail[0] ? ": " : "", o.detail);
			if (!k->ok)
				say(k->remedy, sizeof(k->remedy),
				    "install the toolchain (scripts/install-deps.sh) or set its path");
		}
		vd_report_free(r);
	}
	vd_engine_free(e);
}

int vd_doctor(const struct vd_config *cfg_in, struct vd_check *checks,
	      uint32_t max, uint32_t *n, struct vd_error *err)
{
	struct checks c = { checks, max, 0 };
	struct vd_config defaults;
	const struct vd_config *cfg = cfg_in;
	struct vd_counter_probe probe;
	struct vd_check *k;
	unsigned char *bpf = NULL;
	size_t bpf_len = 0;
	int ns_errno = 0, ok;

	if (!checks || !n)
		return vd_error_set(err, VD_EINVAL, 0,
				    "vd_doctor: NULL output");
	if (!cfg) {
		vd_config_init(&defaults);
		cfg = &defaults;
	}
	k = add(&c, "root", geteuid() == 0);
	if (k) {
		say(k->detail, sizeof(k->detail), "effective uid %d",
		    (int)geteuid());
		if (!k->ok)
			say(k->remedy, sizeof(k->remedy),
			    "run verdict as root: the sandbox mounts, switches uid per slot and manages cgroups");
	}
	ok = probe_namespaces(&ns_errno);
	k = add(&c, "namespaces", ok);
	if (k) {
		if (ok)
			say(k->detail, sizeof(k->detail),
			    "pid, mount, network, ipc, uts and cgroup namespaces can be created");
		else {
			say(k->detail, sizeof(k->detail), "clone3: %s",
			    strerror(ns_errno));
			say(k->remedy, sizeof(k->remedy),
			    "run as root outside a restrictive container (or give the container CAP_SYS_ADMIN)");
		}
	}
	ok = probe_userns();
	k = add(&c, "user namespaces", ok);
	if (k) {
		say(k->detail, sizeof(k->detail), "%s",
		    ok ? "available (not needed when running as root)"
		       : "not available");
		if (!ok)
			say(k->remedy, sizeof(k->remedy),
			    "sysctl kernel.unprivileged_userns_clone=1 (only matters for a future rootless mode)");
	}
	ok = vd_filter_build(&bpf, &bpf_len, NULL) == 0;
	k = add(&c, "seccomp", ok && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0);
	if (k) {
		if (k->ok)
			say(k->detail, sizeof(k->detail),
			    "libseccomp filter built: %zu BPF instructions, loaded in every sandboxed process",
			    bpf_len / 8);
		else {
			say(k->detail, sizeof(k->detail),
			    "cannot build or load a seccomp filter");
			say(k->remedy, sizeof(k->remedy),
			    "a kernel with CONFIG_SECCOMP_FILTER and libseccomp2");
		}
	}
	vd_free_mem(bpf);
	check_cgroup(
		&c, VD_CGROUP_V2, "cgroup v2",
		"delegate a cgroup v2 subtree with memory and pids controllers (systemd: Delegate=yes) and start verdict in it");
	check_cgroup(
		&c, VD_CGROUP_V1, "cgroup v1",
		"mount the v1 memory, pids and cpuacct hierarchies (only needed where v2 is unavailable)");
	{
		struct vd_cgroup *cg = NULL;
		k = NULL;
		if (vd_cgroup_open(cfg->cgroup_mode, &cg, NULL) == 0) {
			int mode = vd_cgroup_mode(cg);
			k = add(&c, "cgroup in use", mode != VD_CGROUP_NONE);
			if (k) {
				say(k->detail, sizeof(k->detail), "%s: %s",
				    mode == VD_CGROUP_V2   ? "v2"
				    : mode == VD_CGROUP_V1 ? "v1"
							   : "none",
				    vd_cgroup_reason(cg));
				if (mode == VD_CGROUP_NONE)
					say(k->remedy, sizeof(k->remedy),
					    "without a cgroup, memory is limited by RLIMIT_DATA, detached processes are not accounted live, and results say so");
			}
			vd_cgroup_close(cg);
		}
	}
	vd_measure_probe_hw(&probe);
	k = add(&c, "hardware instruction counter", probe.hw_ok);
	if (k) {
		say(k->detail, sizeof(k->detail), "%s", probe.detail);
		say(k->remedy, sizeof(k->remedy), "%s", probe.remedy);
	}
	check_file(&c, "software counter (valgrind)", "/usr/bin/valgrind",
		   "apt-get install valgrind (used by --counter sw)");
	check_file(&c, "python", cfg->python ? cfg->python : "/usr/bin/python3",
		   "apt-get install python3, or set the interpreter path");
	check_file(&c, "C compiler", cfg->cc ? cfg->cc : "/usr/bin/gcc",
		   "apt-get install gcc");
	check_file(&c, "C++ compiler", cfg->cxx ? cfg->cxx : "/usr/bin/g++",
		   "apt-get install g++");
	check_end_to_end(&c, cfg);
	*n = c.n;
	return 0;
}
