/* Unit tests of runner: turning raw observations into verdicts. */
#include <signal.h>
#include <sys/wait.h>

#include "harness.h"
#include "runner.h"

static struct vd_limits limits(void)
{
	struct vd_limits l;
	vd_limits_default(&l);
	l.cpu_time_ms = 1000;
	l.memory_kb = 65536;
	return l;
}

static struct vd_exec_result ran(int wait_status)
{
	struct vd_exec_result r;
	memset(&r, 0, sizeof(r));
	r.status = VD_EXEC_RAN;
	r.wait_status = wait_status;
	r.counter = -1;
	r.collected_fd = -1;
	r.user_ns = 1000000;
	r.wall_ns = 2000000;
	return r;
}

#define EXITED(code) ((code) << 8)

TEST(clean_exit_defers_to_output)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(EXITED(0));
	struct vd_outcome o;
	memset(&o, 0, sizeof(o));
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), -1);
	CHECK_EQ_INT(o.exit_code, 0);
	CHECK_EQ_INT(o.cpu_time_us, 1000);
	CHECK_EQ_INT(o.wall_time_us, 2000);
	CHECK_EQ_INT(o.instructions, -1);
}

TEST(exit_code_and_signal_are_re)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(EXITED(3));
	struct vd_outcome o;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_RE);
	CHECK_STREQ(o.detail, "exit code 3");
	r = ran(SIGSEGV);
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_RE);
	CHECK_EQ_INT(o.signal, SIGSEGV);
	CHECK_EQ_INT(o.exit_code, -1);
	CHECK(strstr(o.detail, "SIGSEGV") != NULL);
}

TEST(cpu_limit_is_tle_even_when_it_finished)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(EXITED(0));
	struct vd_outcome o;
	r.user_ns = 1000001000; /* 1.000001 s */
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_TLE);
	CHECK_EQ_INT(o.limit, VD_LIMIT_CPU);
	r = ran(SIGKILL);
	r.stopped_by = VD_LIMIT_CPU;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_TLE);
	r = ran(SIGXCPU);
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_TLE);
}

TEST(wall_backstop_is_tle_wall)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(SIGKILL);
	struct vd_outcome o;
	r.stopped_by = VD_LIMIT_WALL;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_TLE);
	CHECK_EQ_INT(o.limit, VD_LIMIT_WALL);
	CHECK_EQ_INT(vd_runner_wall_ms(&l), 3000);
	l.wall_time_ms = 500;
	CHECK_EQ_INT(vd_runner_wall_ms(&l), 500);
}

TEST(oom_kill_is_mle_before_anything_else)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(SIGKILL);
	struct vd_outcome o;
	r.oom_kills = 1;
	r.user_ns = 5000000000u; /* also over the CPU limit */
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_MLE);
	CHECK_EQ_INT(o.limit, VD_LIMIT_MEMORY);
}

TEST(rlimit_only_mle_heuristic)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(SIGSEGV);
	struct vd_outcome o;
	r.maxrss_kb = 65000;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, true, &o), VD_VERDICT_MLE);
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_RE);
	r.maxrss_kb = 1000;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, true, &o), VD_VERDICT_RE);
}

TEST(output_cap_is_ole)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(SIGKILL);
	struct vd_outcome o;
	r.stopped_by = VD_LIMIT_STDOUT;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_OLE);
	r = ran(SIGXFSZ);
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_OLE);
	CHECK_EQ_INT(o.limit, VD_LIMIT_FILE_SIZE);
}

TEST(process_limit_is_re)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(SIGKILL);
	struct vd_outcome o;
	r.pids_denied = 7;
	r.stopped_by = VD_LIMIT_CPU;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_RE);
	CHECK_EQ_INT(o.limit, VD_LIMIT_PROCESSES);
	/* refused forks that the program survived do not change a pass */
	r = ran(EXITED(0));
	r.pids_denied = 7;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), -1);
}

TEST(sandbox_failure_is_se_never_a_program_verdict)
{
	struct vd_limits l = limits();
	struct vd_exec_result r = ran(0);
	struct vd_outcome o;
	r.status = VD_EXEC_SETUP_FAILED;
	snprintf(r.msg, sizeof(r.msg), "mount /tmp: No space left");
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_SE);
	CHECK(strstr(o.detail, "mount /tmp") != NULL);
	CHECK_EQ_INT(o.run, 0);
	r.status = VD_EXEC_START_FAILED;
	CHECK_EQ_INT(vd_runner_classify(&r, &l, false, &o), VD_VERDICT_SE);
}

int main(void)
{
	RUN(clean_exit_defers_to_output);
	RUN(exit_code_and_signal_are_re);
	RUN(cpu_limit_is_tle_even_when_it_finished);
	RUN(wall_backstop_is_tle_wall);
	RUN(oom_kill_is_mle_before_anything_else);
	RUN(rlimit_only_mle_heuristic);
	RUN(output_cap_is_ole);
	RUN(process_limit_is_re);
	RUN(sandbox_failure_is_se_never_a_program_verdict);
	return harness_done();
}
