/*
 * eval_prog: problems judged as whole programs.
 *
 *   STDIO   the sample is compiled once (C, C++) and run on each test's
 *           stdin; its stdout is compared outside the sandbox with the
 *           problem's checker (runner.c does the work).
 *   ASSERT  human-eval and MBPP: program = code + test (+ check(entry)).
 *           It passes only if it exits 0 *and* reaches its end: a last
 *           line writes a random token to fd 3, which the program cannot
 *           know, so sys.exit(0) or os._exit(0) before the asserts is not
 *           a pass.
 */
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "alloc.h"
#include "err.h"
#include "eval_int.h"
#include "json.h"
#include "lang.h"
#include "runner.h"

#define CAPTURE_CAP (1u << 20)

static double time_limit(const struct vd_eval *ev, const struct vd_problem *p)
{
	if (ev->o.time_limit_s > 0)
		return ev->o.time_limit_s;
	if (p->time_limit_ms)
		return (double)p->time_limit_ms / 1000.0;
	return 3.0;
}

static uint64_t memory_kb(const struct vd_eval *ev, const struct vd_problem *p)
{
	return p->memory_limit_kb && !ev->o.memory_limit_mb ? p->memory_limit_kb
							    : ev->memory_kb;
}

static void prog_key(const struct vd_eval *ev, const char *kind,
		     const struct vd_problem *p, const struct vd_sample *s,
		     char key[VD_SHA256_HEX])
{
	char limits[160];
	const char *fields[5];
	snprintf(limits, sizeof(limits), "%.6g %llu %d %s %d",
		 time_limit(ev, p), (unsigned long long)memory_kb(ev, p),
		 !(ev->o.flags & VD_EVAL_TEST_DETAILS),
		 p->checker ? p->checker : "lines", s->lang);
	fields[0] = ev->d->sha256;
	fields[1] = p->task_id;
	fields[2] = limits;
	fields[3] = s->code;
	fields[4] = vd_lang_name(s->lang);
	vd_eval_key(ev, kind, fields, 5, key);
}

static int save(struct vd_eval *ev, const char *key,
		const struct vd_eval_result *r, struct vd_error *err)
{
	struct vd_buf b;
	int rc;

	if (r->verdict == VD_VERDICT_SE)
		return 0; /* a judge fault is retried next time */
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	rc = vd_buf_printf(
		&b,
		"{\"verdict\": %d, \"n_tests\": %u, \"n_passed\": %u, \"cpu\": %.9g, \"peak\": %llu, \"detail\": ",
		r->verdict, r->n_tests, r->n_passed, r->cpu_s,
		(unsigned long long)r->peak_kb);
	if (rc == 0)
		rc = vd_json_quote(&b, r->detail, strlen(r->detail));
	if (rc == 0)
		rc = vd_buf_putc(&b, '}');
	if (rc == 0)
		rc = vd_store_put(ev->store, VD_STORE_RESULTS, key, b.data,
				  b.len, err);
	else
		rc = vd_error_set(err, rc, 0, "out of memory");
	vd_buf_release(&b);
	return rc;
}

static bool load(struct vd_eval *ev, const char *key, struct vd_eval_result *r)
{
	struct vd_json_span obj, k, v;
	struct vd_json_iter it;
	struct vd_buf b;
	bool ok = false;

	if (ev->o.flags & VD_EVAL_NO_CACHE)
		return false;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	if (vd_store_get(ev->store, VD_STORE_RESULTS, key, &b, NULL) == 1 &&
	    vd_json_parse_span(b.data, b.len, &obj, NULL) == 0) {
		vd_json_iter_init(&it, &obj);
		while (vd_json_next(&it, &k, &v)) {
			int64_t n = 0;
			double d = 0;
			if (vd_json_key_is(&k, "verdict") &&
			    vd_json_int64(&v, &n) == 0)
				r->verdict = (int8_t)n;
			else if (vd_json_key_is(&k, "n_tests") &&
				 vd_json_int64(&v, &n) == 0)
				r->n_tests = (uint32_t)n;
			else if (vd_json_key_is(&k, "n_passed") &&
				 vd_json_int64(&v, &n) == 0)
				r->n_passed = (uint32_t)n;
			else if (vd_json_key_is(&k, "cpu") &&
				 vd_json_double(&v, &d) == 0)
				r->cpu_s = d;
			else if (vd_json_key_is(&k, "peak") &&
				 vd_json_int64(&v, &n) == 0)
				r->peak_kb = (uint64_t)n;
			else if (vd_json_key_is(&k, "detail")) {
				struct vd_buf t;
				vd_buf_init(&t, sizeof(r->detail) - 1);
				vd_json_string(&v, &t, true, NULL);
				snprintf(r->detail, sizeof(r->detail), "%s",
					 t.data ? t.data : "");
				vd_buf_release(&t);
			}
		}
		ok = true;
	}
	vd_buf_release(&b);
	return ok;
}

/* The last non-empty line of a traceback: "NameError: name 'x' ...". */
static void last_line(const char *s, size_t n, char *dst, size_t len)
{
	size_t end = n, start;
	while (end && (s[end - 1] == '\n' || s[end - 1] == ' '))
		end--;
	start = end;
	while (start && s[start - 1] != '\n')
		start--;
	snprintf(dst, len, "%.*s", (int)(end - start), s + start);
}

static int run_assert(struct vd_eval *ev, struct vd_slot *slot,
		      const struct vd_problem *p, const struct vd_sample *sm,
		      struct vd_eval_result *r, struct vd_error *err)
{
	unsigned char raw[16];
	char token[40], tail[256];
	const char *argv[] = { ev->e->python, "-s", "/tmp/main.py", NULL };
	const char *zygote_argv[] = { "script", "/tmp/main.py", NULL };
	struct vd_buf prog, out, errout, fd3;
	struct vd_exec_file file;
	struct vd_exec_result res;
	struct vd_limits lim;
	struct vd_outcome o;
	struct vd_exec x;
	int v, rc;

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return vd_error_errno(err, VD_ESYS, "getrandom");
	for (size_t i = 0; i < sizeof(raw); i++)
		snprintf(token + 2 * i, 3, "%02x", raw[i]);
	vd_buf_init(&prog, VD_BUF_UNLIMITED);
	vd_buf_init(&out, CAPTURE_CAP);
	vd_buf_init(&errout, CAPTURE_CAP);
	vd_buf_init(&fd3, 256);
	rc = vd_buf_printf(&prog, "%s\n%s\n", sm->code, p->test ? p->test : "");
	if (rc == 0 && ev->d->format == VD_FORMAT_HUMANEVAL && p->entry_point)
		rc = vd_buf_printf(&prog, "check(%s)\n", p->entry_point);
	if (rc == 0)
		rc = vd_buf_printf(
			&prog,
			"import os as _verdict_os\n_verdict_os.write(3, b'%s')\n",
			token);
	if (rc) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto out;
	}
	vd_limits_default(&lim);
	lim.cpu_time_ms = (uint64_t)(time_limit(ev, p) * 1000.0 + 0.5);
	lim.memory_kb = memory_kb(ev, p);
	lim.stdout_bytes = CAPTURE_CAP;
	lim.stderr_bytes = CAPTURE_CAP;
	file = (struct vd_exec_file){ "main.py", prog.data, prog.len, false };
	memset(&x, 0, sizeof(x));
	x.argv = argv;
	x.envp = vd_lang_env();
	x.exec_fd = -1;
	x.files = &file;
	x.nfiles = 1;
	if (ev->e->zygote) {
		x.argv = zygote_argv;
		x.zygote = true;
	}
	x.out = &out;
	x.errout = &errout;
	x.fd3 = &fd3;
	x.cpu_ns = lim.cpu_time_ms * 1000000u;
	x.wall_ns = vd_runner_wall_ms(&lim) * 1000000u;
	x.memory_bytes = lim.memory_kb * 1024u;
	x.processes = lim.processes;
	x.open_files = lim.open_files;
	x.file_size = lim.file_size_bytes;
	x.stack_bytes = 256u << 20;
	rc = vd_slot_exec(slot, &x, &res, err);
	if (rc == VD_ENOMEM)
		goto out;
	if (rc < 0) {
		memset(&res, 0, sizeof(res));
		res.status = VD_EXEC_SETUP_FAILED;
		snprintf(res.msg, sizeof(res.msg), "%s", err ? err->msg : "");
		rc = 0;
	}
	memset(&o, 0, sizeof(o));
	v = vd_runner_classify(&res, &lim, false, &o);
	if (v < 0) {
		bool reached = fd3.len == strlen(token) &&
			       !memcmp(fd3.data, token, fd3.len);
		v = reached ? VD_VERDICT_AC : VD_VERDICT_WA;
		if (!reached)
			snprintf(o.detail, sizeof(o.detail),
				 "exit code 0 before the end of the tests");
	} else if (v == VD_VERDICT_RE && errout.len) {
		last_line(errout.data, errout.len, tail, sizeof(tail));
		snprintf(o.detail, sizeof(o.detail), "%s", tail);
		/* A failed assert of the tests is a wrong answer; any other
		 * exception is a runtime error. */
		if (!strncmp(tail, "AssertionError", 14))
			v = VD_VERDICT_WA;
	}
	r->verdict = (int8_t)v;
	r->n_tests = 1;
	r->n_passed = v == VD_VERDICT_AC;
	r->cpu_s = (double)o.cpu_time_us / 1e6;
	r->peak_kb = o.peak_memory_kb;
	snprintf(r->detail, sizeof(r->detail), "%s", o.detail);
out:
	vd_buf_release(&prog);
	vd_buf_release(&out);
	vd_buf_release(&errout);
	vd_buf_release(&fd3);
	return rc;
}

static int run_stdio(struct vd_eval *ev, struct vd_slot *slot,
		     const struct vd_problem *p, const struct vd_sample *sm,
		     struct vd_eval_result *r, struct vd_error *err)
{
	struct vd_runner_env env;
	struct vd_program prog = { sm->lang, sm->code, strlen(sm->code) };
	struct vd_judge_opts o;
	struct vd_report rep;
	int rc;

	vd_engine_runner_env(ev->e, slot, VD_COUNTER_NONE, &env);
	vd_judge_opts_init(&o);
	o.limits.cpu_time_ms = (uint64_t)(time_limit(ev, p) * 1000.0 + 0.5);
	o.limits.memory_kb = memory_kb(ev, p);
	o.checker = p->checker;
	if (!(ev->o.flags & VD_EVAL_TEST_DETAILS))
		o.flags |= VD_JUDGE_STOP_ON_FAILURE;
	o.output_head_bytes = 1;
	memset(&rep, 0, sizeof(rep));
	rep.info = ev->e->info;
	if (vd_checker_parse(p->checker, &rep.checker) < 0)
		return vd_error_set(err, VD_EINVAL, 0,
				    "%s: unknown checker '%s'", p->task_id,
				    p->checker);
	rc = vd_runner_judge(&env, &prog, p->tests, p->n_tests, &o, &rep, err);
	if (rc) {
		vd_report_release(&rep);
		return rc;
	}
	r->verdict = (int8_t)rep.verdict;
	r->n_tests = rep.n_tests;
	if (rep.has_compile && rep.compile.verdict != VD_VERDICT_AC)
		snprintf(r->detail, sizeof(r->detail), "compile: %s",
			 rep.compile.detail);
	for (uint32_t i = 0; i < rep.n_tests; i++) {
		const struct vd_outcome *t = &rep.tests[i].o;
		r->n_passed += t->run && t->verdict == VD_VERDICT_AC;
		r->cpu_s += (double)t->cpu_time_us / 1e6;
		if (t->peak_memory_kb > r->peak_kb)
			r->peak_kb = t->peak_memory_kb;
		if (!r->detail[0] && t->run && t->verdict != VD_VERDICT_AC)
			snprintf(r->detail, sizeof(r->detail), "test %u: %s %s",
				 i + 1, vd_verdict_name(t->verdict), t->detail);
	}
	vd_report_release(&rep);
	return 0;
}

int vd_eval_program(struct vd_eval *ev, struct vd_slot *slot, uint32_t sample,
		    struct vd_error *err)
{
	const struct vd_sample *sm = &ev->s->v[sample];
	const struct vd_problem *p = &ev->d->problems[sm->problem];
	struct vd_eval_result *r = &ev->res[sample];
	bool assert_kind = p->kind == VD_PROBLEM_ASSERT;
	char key[VD_SHA256_HEX];
	int rc;

	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++)
		r->sec[s].status = VD_ST_NONE;
	prog_key(ev, assert_kind ? "assert-v1" : "stdio-v1", p, sm, key);
	if (load(ev, key, r)) {
		r->cached = true;
		r->done = true;
		return 0;
	}
	rc = assert_kind ? run_assert(ev, slot, p, sm, r, err)
			 : run_stdio(ev, slot, p, sm, r, err);
	if (rc == 0)
		rc = save(ev, key, r, err);
	r->done = rc == 0;
	return rc;
}
