/*
 * Unit tests of sandbox: a real slot (needs root), driven through the
 * module's API with /bin/sh and /usr/bin/python3 inside the box.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "engine.h"
#include "harness.h"
#include "lang.h"
#include "sandbox.h"

static struct vd_sandbox *sb;
static struct vd_slot *slot;

struct run {
	struct vd_exec x;
	struct vd_exec_result r;
	struct vd_buf out, err, fd3;
	int rc;
};

static void run_argv(struct run *t, const char *const *argv, const char *in)
{
	memset(&t->x, 0, sizeof(t->x));
	vd_buf_init(&t->out, 1 << 20);
	vd_buf_init(&t->err, 1 << 20);
	vd_buf_init(&t->fd3, 1 << 20);
	t->x.argv = argv;
	t->x.envp = vd_lang_env();
	t->x.exec_fd = -1;
	t->x.stdin_data = in;
	t->x.stdin_len = in ? strlen(in) : 0;
	t->x.out = &t->out;
	t->x.errout = &t->err;
	t->x.cpu_ns = 5000000000u;
	t->x.wall_ns = 10000000000u;
	t->x.memory_bytes = 256u << 20;
	t->x.processes = 32;
	t->x.open_files = 64;
	t->x.file_size = 16u << 20;
}

static void go(struct run *t)
{
	struct vd_error e;
	memset(&e, 0, sizeof(e));
	t->rc = vd_slot_exec(slot, &t->x, &t->r, &e);
	if (t->rc)
		printf("# exec: %s\n", e.msg);
}

static void done(struct run *t)
{
	if (t->r.collected_fd >= 0)
		close(t->r.collected_fd);
	vd_buf_release(&t->out);
	vd_buf_release(&t->err);
	vd_buf_release(&t->fd3);
}

static void sh(struct run *t, const char *script, const char *in)
{
	static const char *argv[4];
	argv[0] = "/bin/sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	run_argv(t, argv, in);
}

static int exited(const struct run *t, int code)
{
	return t->rc == 0 && t->r.status == VD_EXEC_RAN &&
	       WIFEXITED(t->r.wait_status) &&
	       WEXITSTATUS(t->r.wait_status) == code;
}

TEST(stdout_stdin_and_exit_code)
{
	struct run t;
	sh(&t, "read x; echo got $x; echo oops >&2; exit 7", "42\n");
	go(&t);
	CHECK(exited(&t, 7));
	CHECK_STREQ(t.out.data, "got 42\n");
	CHECK_STREQ(t.err.data, "oops\n");
	CHECK(t.r.wall_ns > 0);
	done(&t);
}

TEST(fd3_channel)
{
	struct run t;
	sh(&t, "echo result >&3; echo normal", NULL);
	t.x.fd3 = &t.fd3;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.fd3.data, "result\n");
	CHECK_STREQ(t.out.data, "normal\n");
	done(&t);
}

TEST(files_are_copied_into_tmp)
{
	static const char script[] = "#!/bin/sh\necho from-file\n";
	static const char *argv[] = { "/tmp/run.sh", NULL };
	struct vd_exec_file f = { "run.sh", script, sizeof(script) - 1, true };
	struct run t;
	run_argv(&t, argv, NULL);
	t.x.files = &f;
	t.x.nfiles = 1;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "from-file\n");
	done(&t);
}

TEST(collect_gives_back_a_file)
{
	struct run t;
	char buf[16] = { 0 };
	sh(&t, "printf data > /tmp/out.bin", NULL);
	t.x.collect = "out.bin";
	t.x.collect_max = 100;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK(t.r.collected_fd >= 0);
	if (t.r.collected_fd >= 0)
		CHECK_EQ_INT(pread(t.r.collected_fd, buf, sizeof(buf), 0), 4);
	CHECK_STREQ(buf, "data");
	done(&t);
}

TEST(collect_never_follows_a_symlink)
{
	struct run t;
	sh(&t, "ln -s /etc/ld.so.cache /tmp/out.bin", NULL);
	t.x.collect = "out.bin";
	t.x.collect_max = 1 << 30;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_EQ_INT(t.r.collected_fd, -1);
	CHECK(strstr(t.r.msg, "collect out.bin") != NULL);
	done(&t);
}

TEST(runs_as_the_slot_uid_with_nnp_and_seccomp)
{
	struct run t;
	char want[64];
	sh(&t,
	   "id -u; grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status; "
	   "hostname",
	   NULL);
	go(&t);
	CHECK(exited(&t, 0));
	snprintf(want, sizeof(want),
		 "%u\nNoNewPrivs:\t1\nSeccomp:\t2\nverdict\n",
		 vd_slot_uid(slot));
	CHECK_STREQ(t.out.data, want);
	done(&t);
}

TEST(box_sees_only_itself)
{
	struct run t;
	/* Only the shell itself is visible in /proc (the keeper, pid 1, is
	 * hidden by hidepid); no /home, /root or /sys; / is read-only. */
	sh(&t,
	   "set -- /proc/[0-9]*; echo $#; ls /home /root /sys 2>&1 | "
	   "grep -c 'No such'; touch /x 2>&1 | grep -c 'Read-only'",
	   NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "1\n3\n1\n");
	done(&t);
}

TEST(filter_refuses_the_dangerous_calls)
{
	/* Each line: name, then 0 (the call succeeded) or its errno. */
	static const char prog[] =
		"import ctypes, os\n"
		"libc = ctypes.CDLL(None, use_errno=True)\n"
		"def call(name, nr, *args):\n"
		"    r = libc.syscall(nr, *args)\n"
		"    print(name, 0 if r >= 0 else ctypes.get_errno())\n"
		"call('unshare', 272, 0x20000)\n"    /* CLONE_NEWNS */
		"call('ptrace', 101, 16, 1, 0, 0)\n" /* PTRACE_ATTACH 1 */
		"call('mount', 165, 0, 0, 0, 0, 0)\n"
		"call('personality', 135, 0x0040000)\n" /* ADDR_NO_RANDOMIZE */
		"call('personality_query', 135, 0xffffffff)\n"
		"call('socket_vsock', 41, 40, 1, 0)\n"
		"call('socket_netlink', 41, 16, 3, 0)\n"
		"call('io_uring_setup', 425, 1, 0)\n"
		"call('bpf', 321, 0, 0, 0)\n"
		"call('clone3', 435, 0, 0)\n"
		"call('keyctl', 250, 0, 0)\n"
		"call('userfaultfd', 323, 0)\n"
		"call('clone_newuser', 56, 0x10000000, 0, 0, 0, 0)\n"
		"call('ioctl_tiocsti', 16, 0, 0x5412, 0)\n";
	static const char *argv[] = { "/usr/bin/python3", "-S", "/tmp/p.py",
				      NULL };
	struct vd_exec_file f = { "p.py", prog, sizeof(prog) - 1, false };
	struct run t;
	run_argv(&t, argv, NULL);
	t.x.files = &f;
	t.x.nfiles = 1;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "unshare 1\n"
				"ptrace 1\n"
				"mount 1\n"
				"personality 1\n"
				"personality_query 0\n"
				"socket_vsock 97\n"
				"socket_netlink 97\n"
				"io_uring_setup 1\n"
				"bpf 1\n"
				"clone3 38\n"
				"keyctl 1\n"
				"userfaultfd 1\n"
				"clone_newuser 1\n"
				"ioctl_tiocsti 1\n");
	if (t.err.len)
		printf("# %s\n", t.err.data);
	done(&t);
}

TEST(foreign_abi_kills_the_process)
{
	/* x32 getpid (the x32 bit set in the number) and i386 getpid via
	 * int 0x80: both end the process with SIGSYS. */
	static const char prog[] = "import ctypes\n"
				   "libc = ctypes.CDLL(None)\n"
				   "libc.syscall(0x40000000 | 39)\n"
				   "print('survived')\n";
	static const char *argv[] = { "/usr/bin/python3", "-S", "/tmp/p.py",
				      NULL };
	struct vd_exec_file f = { "p.py", prog, sizeof(prog) - 1, false };
	struct run t;
	run_argv(&t, argv, NULL);
	t.x.files = &f;
	t.x.nfiles = 1;
	go(&t);
	CHECK(t.rc == 0 && WIFSIGNALED(t.r.wait_status) &&
	      WTERMSIG(t.r.wait_status) == SIGSYS);
	CHECK(strstr(t.out.data ? t.out.data : "", "survived") == NULL);
	done(&t);
}

TEST(no_network)
{
	static const char prog[] =
		"import socket\n"
		"s = socket.socket()\n"
		"try:\n"
		"    s.connect(('127.0.0.1', 22)); print('connected')\n"
		"except OSError as e:\n"
		"    print(e.errno)\n";
	static const char *argv[] = { "/usr/bin/python3", "-S", "/tmp/p.py",
				      NULL };
	struct vd_exec_file f = { "p.py", prog, sizeof(prog) - 1, false };
	struct run t;
	run_argv(&t, argv, NULL);
	t.x.files = &f;
	t.x.nfiles = 1;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "101\n"); /* ENETUNREACH: lo is down */
	done(&t);
}

TEST(missing_program_is_start_failure)
{
	static const char *argv[] = { "/usr/bin/no-such-interpreter", NULL };
	struct run t;
	run_argv(&t, argv, NULL);
	go(&t);
	CHECK_EQ_INT(t.rc, 0);
	CHECK_EQ_INT(t.r.status, VD_EXEC_START_FAILED);
	CHECK(strstr(t.r.msg, "/usr/bin/no-such-interpreter") != NULL);
	done(&t);
}

TEST(output_cap_stops_the_run)
{
	struct run t;
	sh(&t, "while :; do echo yyyyyyyyyyyyyyyyyyyyyyyyy; done", NULL);
	t.out.limit = 10000;
	go(&t);
	CHECK_EQ_INT(t.rc, 0);
	CHECK_EQ_INT(t.r.stopped_by, VD_LIMIT_STDOUT);
	CHECK_EQ_INT(t.out.len, 10000);
	CHECK(t.out.truncated);
	done(&t);
}

TEST(cpu_limit_polled_from_the_cgroup)
{
	struct run t;
	if (vd_cgroup_mode(vd_sandbox_cgroup(sb)) == VD_CGROUP_NONE) {
		printf("# skip: no cgroup on this host\n");
		return;
	}
	sh(&t, "while :; do :; done", NULL);
	t.x.cpu_ns = 300000000u;
	go(&t);
	CHECK_EQ_INT(t.r.stopped_by, VD_LIMIT_CPU);
	CHECK(t.r.user_ns + t.r.sys_ns >= 300000000u);
	CHECK(t.r.user_ns + t.r.sys_ns < 900000000u);
	done(&t);
}

TEST(memory_peak_and_oom)
{
	struct run t;
	sh(&t, "python3 -S -c 'x = bytearray(50 << 20)'", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	if (t.r.have_peak)
		CHECK(t.r.peak_bytes >= (50u << 20));
	CHECK(t.r.maxrss_kb >= 50u * 1024u);
	done(&t);
	if (vd_cgroup_mode(vd_sandbox_cgroup(sb)) == VD_CGROUP_NONE)
		return;
	sh(&t, "python3 -S -c 'x = bytearray(100 << 20)'", NULL);
	t.x.memory_bytes = 40u << 20;
	go(&t);
	CHECK(t.rc == 0 && t.r.oom_kills > 0);
	done(&t);
}

TEST(task_clock_counter_plumbing)
{
	struct run t;
	sh(&t, "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done", NULL);
	t.x.counter = VD_EXEC_COUNT_TASK_CLOCK;
	go(&t);
	CHECK(exited(&t, 0));
	CHECK(t.r.counter > 1000000); /* ns of task clock */
	done(&t);
}

TEST(slot_is_rebuilt_after_its_keeper_dies)
{
	struct run t;
	int pid = vd_slot_keeper_pid(slot);
	CHECK(pid > 0);
	kill(pid, SIGKILL);
	usleep(20000);
	sh(&t, "echo one", NULL);
	go(&t);
	/* The first run may fail (SE) or already run on a rebuilt slot. */
	done(&t);
	sh(&t, "echo two", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "two\n");
	CHECK(vd_slot_keeper_pid(slot) != pid);
	done(&t);
}

TEST(nothing_outlives_a_run)
{
	struct run t;
	char cmd[128];
	/* A detached background loop must be gone when the run ends. */
	sh(&t, "(setsid sh -c 'while :; do :; done' &) ; sleep 0.1; echo x",
	   NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK(t.r.leftovers >= 1);
	done(&t);
	snprintf(cmd, sizeof(cmd), "ps -u %u -o pid= | grep -q .",
		 vd_slot_uid(slot));
	CHECK(system(cmd) != 0);
}

/* ---- the zygote ---- */

static void script(struct run *t, const char *source, const char *in)
{
	static const char *const argv[] = { "script", "/tmp/main.py", NULL };
	static struct vd_exec_file file;
	run_argv(t, argv, in);
	file = (struct vd_exec_file){ "main.py", source, strlen(source),
				      false };
	t->x.files = &file;
	t->x.nfiles = 1;
	t->x.zygote = true;
}

/* Host pid of the slot's zygote: the keeper's child running --zygote. */
static int zygote_host_pid(void)
{
	char path[128], line[4096];
	int keeper = vd_slot_keeper_pid(slot), found = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", keeper,
		 keeper);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (found < 0 && fscanf(f, "%d", &keeper) == 1) {
		FILE *c;
		size_t n;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", keeper);
		c = fopen(path, "re");
		if (!c)
			continue;
		n = fread(line, 1, sizeof(line) - 1, c);
		fclose(c);
		for (size_t i = 0; i < n; i++)
			if (!line[i])
				line[i] = ' ';
		line[n] = '\0';
		if (strstr(line, "--zygote"))
			found = keeper;
	}
	fclose(f);
	return found;
}

TEST(zygote_runs_a_program_as_the_slot_uid)
{
	struct run t;
	char want[64];
	script(&t,
	       "import os, sys\n"
	       "caps = [l for l in open('/proc/self/status') if l.startswith('CapEff')]\n"
	       "print(input() * 2, os.getuid(), caps[0].split()[1])\n",
	       "ab\n");
	go(&t);
	CHECK(exited(&t, 0));
	snprintf(want, sizeof(want), "abab %u 0000000000000000\n",
		 vd_slot_uid(slot));
	CHECK_STREQ(t.out.data, want);
	CHECK(vd_slot_zygote_up(slot));
	CHECK(t.r.user_ns + t.r.sys_ns > 0);
	CHECK(t.r.wall_ns > 0);
	done(&t);
}

TEST(zygote_survives_plain_runs_and_is_reused)
{
	struct run t;
	int zpid = zygote_host_pid();
	CHECK(zpid > 0);
	sh(&t, "(setsid sh -c 'sleep 5' &) ; echo plain", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK(t.r.leftovers >= 1);
	done(&t);
	CHECK(vd_slot_zygote_up(slot));
	script(&t, "print('again')\n", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "again\n");
	done(&t);
	CHECK(zygote_host_pid() == zpid);
}

TEST(zygote_runs_obey_limits)
{
	struct run t;
	script(&t, "while True: pass\n", NULL);
	t.x.cpu_ns = 300000000u;
	go(&t);
	CHECK(t.rc == 0 && t.r.stopped_by == VD_LIMIT_CPU);
	done(&t);
	script(&t,
	       "x = bytearray(1 << 30)\nx[::4096] = b'1' * (len(x) // 4096)\n",
	       NULL);
	t.x.memory_bytes = 64u << 20;
	go(&t);
	CHECK(t.rc == 0 && WIFSIGNALED(t.r.wait_status));
	if (vd_cgroup_mode(vd_sandbox_cgroup(sb)) != VD_CGROUP_NONE)
		CHECK(t.r.oom_kills >= 1);
	done(&t);
	/* An OOM kill takes the run, not the zygote. */
	script(&t, "import os\nos.kill(os.getppid(), 9)\n", NULL);
	go(&t);
	CHECK(t.rc == 0 && t.r.status == VD_EXEC_RAN);
	CHECK(strstr(t.err.data, "PermissionError") != NULL);
	done(&t);
	CHECK(vd_slot_zygote_up(slot));
}

TEST(zygote_is_restarted_after_it_dies)
{
	struct run t;
	int zpid = zygote_host_pid();
	CHECK(zpid > 0);
	/* Between runs: the next run starts a new zygote, transparently. */
	kill(zpid, SIGKILL);
	usleep(20000);
	script(&t, "print('after')\n", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "after\n");
	done(&t);
	CHECK(zygote_host_pid() > 0 && zygote_host_pid() != zpid);
	/* During a run: that run is a sandbox failure, the next one works. */
	zpid = zygote_host_pid();
	script(&t, "import time\ntime.sleep(2)\n", NULL);
	if (fork() == 0) {
		usleep(300000);
		kill(zpid, SIGKILL);
		_exit(0);
	}
	go(&t);
	wait(NULL);
	CHECK(t.rc == 0 && t.r.status == VD_EXEC_SETUP_FAILED);
	CHECK(strstr(t.r.msg, "zygote") != NULL);
	done(&t);
	script(&t, "print('fine')\n", NULL);
	go(&t);
	CHECK(exited(&t, 0));
	CHECK_STREQ(t.out.data, "fine\n");
	done(&t);
}

int main(void)
{
	struct vd_sandbox_config cfg;
	struct vd_error e;

	if (geteuid() != 0) {
		printf("# skip: the sandbox needs root\n");
		return harness_done();
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.uid_base = VD_DEFAULT_UID_BASE + 500;
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
		cfg.zygote = &zs;
	}
	if (vd_sandbox_new(&cfg, &sb, &e) < 0 ||
	    vd_slot_new(sb, 3, &slot, &e) < 0) {
		printf("# setup: %s\n", e.msg);
		return 1;
	}
	RUN(stdout_stdin_and_exit_code);
	RUN(fd3_channel);
	RUN(files_are_copied_into_tmp);
	RUN(collect_gives_back_a_file);
	RUN(collect_never_follows_a_symlink);
	RUN(runs_as_the_slot_uid_with_nnp_and_seccomp);
	RUN(box_sees_only_itself);
	RUN(filter_refuses_the_dangerous_calls);
	RUN(foreign_abi_kills_the_process);
	RUN(no_network);
	RUN(missing_program_is_start_failure);
	RUN(output_cap_stops_the_run);
	RUN(cpu_limit_polled_from_the_cgroup);
	RUN(memory_peak_and_oom);
	RUN(task_clock_counter_plumbing);
	RUN(slot_is_rebuilt_after_its_keeper_dies);
	RUN(nothing_outlives_a_run);
	RUN(zygote_runs_a_program_as_the_slot_uid);
	RUN(zygote_survives_plain_runs_and_is_reused);
	RUN(zygote_runs_obey_limits);
	RUN(zygote_is_restarted_after_it_dies);
	vd_slot_free(slot);
	vd_sandbox_free(sb);
	return harness_done();
}
