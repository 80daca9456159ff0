/*
 * eval_call: function-call problems (HumanEval+, MBPP+, native "call").
 *
 * Theory of operation
 * -------------------
 * One sandboxed run of harness/verdict_harness.py (docs/harness.md) judges
 * one sample on one or more suites ("sections"): the candidate's code,
 * the job file (header + the dataset's raw input arrays) and the harness
 * go into /tmp; result lines come back on fd 3 and are consumed as they
 * arrive (on_fd3). Each returned value is compared right away, outside the
 * sandbox, with the expected value (value.c, oracle.c); expected values
 * never enter the box.
 *
 * Fail-fast (EvalPlus's default): the harness ends a suite itself at an
 * exception or a timeout; a wrong value is only known here, so the run is
 * ended and a new run starts with the suites left. The same happens when
 * the process dies (crash, memory, a suite's CPU budget): the suite in
 * flight fails with that verdict and the next run takes the rest.
 *
 * Limits (EvalPlus): per input max(min_time_limit, factor * reference CPU
 * time), enforced by the harness as a CPU timer; per suite a CPU budget of
 * min(60, sum of the input limits) + 1 s, enforced here through the
 * cgroup counter (its expiry is EvalPlus's "timeout" status).
 *
 * Expected outputs: the reference solution runs through the same harness
 * (not fail-fast, output_not_none where MBPP+ asks), once per dataset and
 * toolchain; its result lines are kept in the store and re-read as spans.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "err.h"
#include "eval_int.h"
#include "json.h"
#include "lang.h"
#include "measure.h"
#include "oracle.h"
#include "value.h"

#define SUITE_CAP_S	  60.0 /* EVALPLUS_TIMEOUT_PER_TASK default */
#define REF_INPUT_LIMIT_S 60.0
#define FD3_LINE_CAP	  (256u << 20)
#define CAPTURE_CAP	  (1u << 20)

/* ---- the job file ---- */

struct run_plan {
	uint32_t secs[VD_MAX_SECTIONS]; /* problem section indices, in order */
	uint32_t n_secs;
	double budget_s[VD_MAX_SECTIONS];
	bool reference;
	bool fast;
};

double vd_eval_input_limit(const struct vd_eval *ev, double ref_cpu_s)
{
	double t = ev->o.gt_time_limit_factor * ref_cpu_s;
	return t > ev->o.min_time_limit_s ? t : ev->o.min_time_limit_s;
}

/* Per-input CPU limit: a native problem's own time_limit_s, else the
 * EvalPlus rule on the reference's time. */
static double input_limit(const struct vd_eval *ev, const struct vd_problem *p,
			  const struct run_plan *pl,
			  const struct vd_expected_section *xs, uint32_t i)
{
	if (pl->reference)
		return REF_INPUT_LIMIT_S;
	if (p->time_limit_ms)
		return (double)p->time_limit_ms / 1000.0;
	if (!xs || !xs->cpu)
		return ev->o.min_time_limit_s;
	return vd_eval_input_limit(ev, xs->cpu[i]);
}

/* Appends an input span, with any newline (legal JSON whitespace) made a
 * space: the harness reads one input per line. */
int vd_eval_put_input(struct vd_buf *b, const struct vd_span *s)
{
	const char *p = s->p, *end = s->p + s->n;
	int rc = 0;
	while (rc == 0 && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		rc = vd_buf_append(b, p, (size_t)(stop - p));
		if (rc == 0 && nl)
			rc = vd_buf_putc(b, ' ');
		p = nl ? nl + 1 : end;
	}
	return rc ? rc : vd_buf_putc(b, '\n');
}

int vd_eval_job_head(struct vd_buf *job, const struct vd_problem *p)
{
	int rc = vd_buf_puts(job, "{\"v\": 1, \"task_id\": ");
	if (rc == 0)
		rc = vd_json_quote(job, p->task_id, strlen(p->task_id));
	if (rc == 0)
		rc = vd_buf_puts(job, ", \"entry_point\": ");
	if (rc == 0)
		rc = vd_json_quote(job, p->entry_point, strlen(p->entry_point));
	if (rc == 0)
		rc = vd_buf_printf(job, ", \"deserialize\": \"%s\"",
				   p->mbpp_typing  ? "mbpp"
				   : p->typed_args ? "typed"
						   : "none");
	return rc;
}

static int build_job(const struct vd_eval *ev, const struct vd_problem *p,
		     const struct vd_expected *x, struct run_plan *pl,
		     struct vd_buf *job)
{
	struct vd_oracle o;
	int rc;

	/* Candidates of the set-equality tasks are judged by set(out), which
	 * EvalPlus computes in the candidate's process: the harness must turn
	 * a returned generator (or other iterable) into a list for us. */
	vd_oracle_init(&o, p->oracle, p->entry_point, p->atol);
	rc = vd_eval_job_head(job, p);
	if (rc == 0)
		rc = vd_buf_printf(
			job,
			", \"output_not_none\": %s, \"as_set\": %s, \"fast\": %s, \"sections\": [",
			pl->reference && p->output_not_none ? "true" : "false",
			!pl->reference && o.special == VD_ORACLE_SET_EQ
				? "true"
				: "false",
			pl->fast ? "true" : "false");
	for (uint32_t k = 0; rc == 0 && k < pl->n_secs; k++) {
		const struct vd_section *sec = &p->sections[pl->secs[k]];
		const struct vd_expected_section *xs =
			x ? &x->sec[pl->secs[k]] : NULL;
		double sum = 0;
		rc = vd_buf_printf(
			job, "%s{\"name\": \"%s\", \"n\": %u, \"limits\": [",
			k ? ", " : "", sec->name, sec->n);
		for (uint32_t i = 0; rc == 0 && i < sec->n; i++) {
			double lim = input_limit(ev, p, pl, xs, i);
			sum += lim;
			rc = vd_buf_printf(job, "%s%.6g", i ? ", " : "", lim);
		}
		if (rc == 0)
			rc = vd_buf_puts(job, "]}");
		pl->budget_s[k] =
			(pl->reference ? sum : fmin(SUITE_CAP_S, sum)) + 1.0;
	}
	if (rc == 0)
		rc = vd_buf_puts(job, "]}\n");
	for (uint32_t k = 0; rc == 0 && k < pl->n_secs; k++) {
		const struct vd_section *sec = &p->sections[pl->secs[k]];
		for (uint32_t i = 0; rc == 0 && i < sec->n; i++)
			rc = vd_eval_put_input(job, &sec->inputs[i]);
	}
	return rc;
}

/* ---- the streaming consumer ---- */

struct call_run {
	struct vd_eval *ev;
	const struct vd_problem *p;
	const struct vd_expected *x; /* NULL in the reference run */
	struct run_plan *pl;
	struct vd_eval_section *out[VD_MAX_SECTIONS]; /* candidate results */
	struct vd_buf *ref_lines;		      /* reference run */
	uint32_t cur;  /* position in pl->secs; n_secs when all ended */
	bool started;  /* "ready" (or load_error) seen for cur */
	uint32_t next; /* next expected input index */
	struct vd_oracle oracle;
	bool stop;	/* ended the run (fail-fast on a wrong value) */
	bool protocol;	/* the harness said something malformed */
	size_t scanned; /* unconsumed bytes known to hold no newline */
	char protocol_msg[160];
};

static bool needs_args(const struct vd_problem *p)
{
	return p->entry_point &&
	       (!strcmp(p->entry_point, "surface_Area") ||
		!strcmp(p->entry_point, "digit_distance_nums") ||
		!strcmp(p->entry_point, "find_zero"));
}

static int add_failure(struct vd_eval_section *s, uint32_t i, int verdict,
		       const char *detail)
{
	uint32_t *f;
	if (s->n_failed == 0) {
		s->verdict = (int8_t)verdict;
		snprintf(s->detail, sizeof(s->detail), "input %u: %s", i,
			 detail);
	}
	f = vd_realloc(s->failed, (s->n_failed + 1) * sizeof(*f));
	if (!f)
		return VD_ENOMEM;
	s->failed = f;
	f[s->n_failed++] = i;
	s->status = VD_ST_FAIL;
	return 0;
}

/*
 * The fast path: a value whose text is identical to the expected text is
 * equal (the encoding is deterministic), unless it holds something that
 * equals nothing (NaN, an ndarray, an unknown object) or the task has a
 * special oracle. EvalPlus's atol rule still sees the expected value.
 */
static bool identical(struct call_run *c, const struct vd_expected_section *xs,
		      uint32_t i, const struct vd_eval_line *l)
{
	const struct vd_span *exp = &xs->val[i];

	if (l->v.n != exp->n || memcmp(l->v.p, exp->p, exp->n) ||
	    c->oracle.special != VD_ORACLE_NONE ||
	    (xs->flags[i] & VD_EXP_NO_IDENTITY))
		return false;
	if (c->oracle.atol == 0 && (xs->flags[i] & VD_EXP_FLOATS))
		c->oracle.atol = 1e-6;
	return true;
}

/* Does a typed value's text hold a NaN, an ndarray, a NumPy scalar or an
 * unknown object, whose equality is not that of their texts? One pass over
 * the '$' of the text (base64 and digits have none). */
static bool has_no_identity_tag(const char *p, size_t n)
{
	static const struct {
		const char *tag;
		size_t len;
	} tags[] = {
		{ "$float\": \"nan\"", 14 },
		{ "$ndarray\"", 9 },
		{ "$np\"", 4 },
		{ "$other\"", 7 },
	};
	const char *end = p + n, *q = p;

	while ((q = memchr(q, '$', (size_t)(end - q)))) {
		if (q > p && q[-1] == '"')
			for (size_t t = 0; t < sizeof(tags) / sizeof(tags[0]);
			     t++)
				if ((size_t)(end - q) >= tags[t].len &&
				    !memcmp(q, tags[t].tag, tags[t].len))
					return true;
		q++;
	}
	return false;
}

/* The flags of each expected value, read once when the values are loaded
 * rather than for every sample that returns the same text. */
static int classify_expected(struct vd_expected_section *xs)
{
	xs->flags = vd_calloc(xs->n + 1, 1);
	if (!xs->flags)
		return VD_ENOMEM;
	for (uint32_t i = 0; i < xs->n; i++) {
		const char *p = xs->val[i].p;
		size_t n = xs->val[i].n;
		if (!p)
			continue;
		if (has_no_identity_tag(p, n))
			xs->flags[i] |= VD_EXP_NO_IDENTITY;
		if (vd_oracle_text_is_floats(p, n))
			xs->flags[i] |= VD_EXP_FLOATS;
	}
	return 0;
}

/* Judges one returned value; 1 pass, 0 fail (detail filled). */
static int judge_value(struct call_run *c, uint32_t sec, uint32_t i,
		       const struct vd_eval_line *l, char *detail, size_t dlen)
{
	const struct vd_expected_section *xs = &c->x->sec[sec];
	struct vd_value *out = NULL, *exp = NULL, *args = NULL;
	struct vd_error e;
	int ok;

	if (xs->error && xs->error[i]) {
		snprintf(detail, dlen,
			 "the reference solution failed here (%s)",
			 xs->error[i]);
		return 0;
	}
	if (identical(c, xs, i, l))
		return 1;
	if (vd_value_parse(l->v.p, l->v.n, 0, &out, &e) < 0) {
		snprintf(detail, dlen, "unreadable value: %s", e.msg);
		return 0;
	}
	if (vd_value_parse(xs->val[i].p, xs->val[i].n, 0, &exp, &e) < 0) {
		vd_value_free(out);
		snprintf(detail, dlen, "unreadable expected value: %s", e.msg);
		return 0;
	}
	if (c->p->strict_type &&
	    (out->kind != exp->kind ||
	     strcmp(vd_value_type_name(out), vd_value_type_name(exp)))) {
		/* ENAMEL's checker: type(output) == type(answer) first */
		snprintf(detail, dlen, "type differs: expected %s, got %s",
			 vd_value_type_name(exp), vd_value_type_name(out));
		vd_value_free(out);
		vd_value_free(exp);
		return 0;
	}
	if (needs_args(c->p)) {
		const struct vd_span *in = &c->p->sections[sec].inputs[i];
		if (vd_value_parse(in->p, in->n, VD_VALUE_INPUT, &args, &e) < 0)
			args = NULL;
	}
	ok = vd_oracle_check(&c->oracle, out, exp, args, detail, dlen);
	vd_value_free(out);
	vd_value_free(exp);
	vd_value_free(args);
	return ok < 0 ? ok : ok == 1;
}

static void protocol_error(struct call_run *c, const char *msg)
{
	if (!c->protocol)
		snprintf(c->protocol_msg, sizeof(c->protocol_msg), "%s", msg);
	c->protocol = true;
	c->stop = true;
}

static void begin_section(struct call_run *c, int64_t cpu_ns, int64_t *deadline)
{
	uint32_t sec = c->pl->secs[c->cur];
	const struct vd_problem *p = c->p;
	c->started = true;
	c->next = 0;
	if (!c->pl->reference)
		vd_oracle_init(&c->oracle, p->oracle, p->entry_point, p->atol);
	if (cpu_ns >= 0)
		*deadline = cpu_ns + (int64_t)(c->pl->budget_s[c->cur] * 1e9);
	(void)sec;
}

static void end_section(struct call_run *c, int64_t *deadline)
{
	c->cur++;
	c->started = false;
	*deadline = 0;
}

/* One result line of the candidate run. */
static int on_result(struct call_run *c, const struct vd_eval_line *l)
{
	uint32_t sec = c->pl->secs[c->cur];
	struct vd_eval_section *s = c->out[c->cur];
	char detail[200];
	int verdict = -1, rc = 0;

	if (!c->started || l->i != (int64_t)c->next ||
	    c->next >= c->p->sections[sec].n) {
		protocol_error(c, "result out of order");
		return 0;
	}
	c->next++;
	s->n_run++;
	s->cpu_s += l->t;
	if (l->timeout) {
		verdict = VD_VERDICT_TLE;
		snprintf(detail, sizeof(detail),
			 "CPU time limit of %.3g s exceeded",
			 input_limit(c->ev, c->p, c->pl, &c->x->sec[sec],
				     (uint32_t)l->i));
	} else if (l->exc.p) {
		verdict = VD_VERDICT_RE;
		vd_eval_line_exc(l, detail, sizeof(detail));
	} else if (!l->v.p) {
		protocol_error(c, "result without a value");
		return 0;
	} else {
		int ok = judge_value(c, sec, (uint32_t)l->i, l, detail,
				     sizeof(detail));
		if (ok < 0)
			return ok; /* the judge ran out of memory: SE */
		if (!ok)
			verdict = VD_VERDICT_WA;
	}
	if (verdict >= 0) {
		rc = add_failure(s, (uint32_t)l->i, verdict, detail);
		/* A wrong value does not stop the harness: end the run. */
		if (c->pl->fast && verdict == VD_VERDICT_WA)
			c->stop = true;
	}
	return rc;
}

/*
 * The quick path for the common line: a line in the value shape whose N is
 * the input expected next and whose V is byte for byte the expected
 * value's text (validated when the reference's line was read) is that
 * object, and V needs no scan of its own, whatever its size (HumanEval/130
 * returns lists of a million numbers). Anything else goes through
 * vd_eval_line_parse.
 */
static bool quick_value_line(const struct call_run *c, const char *p, size_t n,
			     struct vd_eval_line *l)
{
	const struct vd_expected_section *xs;
	const struct vd_span *exp;
	struct vd_span v;

	if (c->ref_lines || !c->x || !c->started || c->cur >= c->pl->n_secs)
		return false;
	memset(l, 0, sizeof(*l));
	if (!vd_eval_line_value(p, n, &l->i, &l->t, &v) ||
	    l->i != (int64_t)c->next)
		return false;
	xs = &c->x->sec[c->pl->secs[c->cur]];
	if (c->next >= xs->n)
		return false;
	exp = &xs->val[c->next];
	if (!exp->p || v.n != exp->n || memcmp(v.p, exp->p, exp->n))
		return false;
	l->has_i = true;
	l->v.p = v.p; /* its type is never read: judging goes by the text */
	l->v.n = v.n;
	return true;
}

static int on_line(struct call_run *c, const char *p, size_t n, int64_t cpu_ns,
		   int64_t *deadline)
{
	struct vd_eval_line l;

	if (quick_value_line(c, p, n, &l))
		return on_result(c, &l);
	if (vd_eval_line_parse(p, n, &l) < 0) {
		protocol_error(c, "malformed line on fd 3");
		return 0;
	}
	if (c->cur >= c->pl->n_secs) {
		if (!l.job_error.p)
			protocol_error(c, "output after the last section");
		return 0;
	}
	if (c->ref_lines) {
		/* The reference run keeps its lines; they are parsed into
		 * struct vd_expected afterwards. */
		int rc = vd_eval_line_keep(&c->ref_lines[c->pl->secs[c->cur]],
					   p, n, &l);
		if (rc)
			return rc;
	}
	if (l.job_error.p) {
		protocol_error(c, "the harness refused the job");
		return 0;
	}
	if (l.ready.p) {
		begin_section(c, cpu_ns, deadline);
		return 0;
	}
	if (l.load_error.p) {
		if (c->out[c->cur]) {
			struct vd_eval_section *s = c->out[c->cur];
			s->status = VD_ST_FAIL;
			s->verdict = VD_VERDICT_RE;
			vd_eval_line_exc(&l, s->detail, sizeof(s->detail));
		}
		c->started = true;
		return 0;
	}
	if (l.end.p) {
		end_section(c, deadline);
		return 0;
	}
	if (l.has_i)
		return c->ref_lines ? 0 : on_result(c, &l);
	protocol_error(c, "unknown line on fd 3");
	return 0;
}

static long consume(void *ctx, const char *data, size_t len, int64_t cpu_ns,
		    int64_t *deadline)
{
	struct call_run *c = ctx;
	size_t used = 0, from = c->scanned < len ? c->scanned : 0;

	/* A line can be tens of MiB, arriving 64 KiB at a time: resume the
	 * search for its end where the last call stopped. */
	while (used < len && !c->stop) {
		const char *nl = memchr(data + from, '\n', len - from);
		if (!nl) {
			c->scanned = len - used;
			break;
		}
		if (on_line(c, data + used, (size_t)(nl - data - used), cpu_ns,
			    deadline) < 0) {
			protocol_error(c, "out of memory");
			break;
		}
		used = (size_t)(nl - data) + 1;
		from = used;
		c->scanned = 0;
	}
	return c->stop ? -1 : (long)used;
}

/* ---- one sandboxed run ---- */

static const char *const harness_argv[] = {
	NULL, "-s", "/tmp/harness.py", "/tmp/candidate.py", "/tmp/job.jsonl",
	NULL
};

/* The same job for the slot's zygote, which is this harness already. */
static const char *const zygote_argv[] = { "harness", "/tmp/candidate.py",
					   "/tmp/job.jsonl", NULL };

int vd_eval_harness_exec(struct vd_eval *ev, struct vd_slot *slot,
			 const struct vd_problem *p, const char *code,
			 const struct vd_buf *job, double cpu_s,
			 struct vd_exec *x, struct vd_exec_result *res,
			 struct vd_error *err)
{
	const char *argv[6];
	struct vd_exec_file files[3];

	memcpy(argv, harness_argv, sizeof(argv));
	argv[0] = ev->e->python;
	files[0] = (struct vd_exec_file){
		"harness.py", vd_harness_image,
		(size_t)(vd_harness_image_end - vd_harness_image), false
	};
	files[1] = (struct vd_exec_file){ "candidate.py", code, strlen(code),
					  false };
	files[2] = (struct vd_exec_file){ "job.jsonl", job->data, job->len,
					  false };
	x->argv = argv;
	x->envp = vd_lang_env();
	x->exec_fd = -1;
	x->files = files;
	x->nfiles = 3;
	if (ev->e->zygote) {
		x->argv = zygote_argv;
		x->zygote = true;
		x->files = files + 1; /* the zygote has the harness */
		x->nfiles = 2;
	}
	x->cpu_ns = (uint64_t)(cpu_s * 1e9);
	x->wall_ns = (uint64_t)((2.0 * cpu_s + 1.0) * 1e9);
	x->memory_bytes = (p->memory_limit_kb && !ev->o.memory_limit_mb
				   ? p->memory_limit_kb
				   : ev->memory_kb) *
			  1024u;
	x->processes = 64;
	x->open_files = 256;
	x->file_size = 64u << 20;
	x->stack_bytes = 256u << 20;
	return vd_slot_exec(slot, x, res, err);
}

/* valgrind's log in the box, handed back after the run: fd 3 is the
 * harness's result channel, so the software counter cannot log there */
#define COUNT_LOG     "vd-count.log"
#define COUNT_LOG_CAP (1u << 20)
#define COUNT_FD3_CAP (64u << 20)

/* The collected file (fd, from its start) into b, up to b's cap. */
static int read_collected(int fd, struct vd_buf *b)
{
	char chunk[4096];
	off_t off = 0;
	for (;;) {
		ssize_t n = pread(fd, chunk, sizeof(chunk), off);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (vd_buf_append(b, chunk, (size_t)n) < 0)
			return -1;
		off += n;
	}
}

int vd_eval_harness_count(struct vd_eval *ev, struct vd_slot *slot,
			  const struct vd_problem *p, const char *code,
			  const struct vd_buf *job, double cpu_s, int counter,
			  int64_t *count, char *why, size_t why_len,
			  struct vd_error *err)
{
	const char *argv[VD_SW_COUNTER_ARGS + 8];
	struct vd_exec_file files[3] = {
		{ "harness.py", vd_harness_image,
		  (size_t)(vd_harness_image_end - vd_harness_image), false },
		{ "candidate.py", code, strlen(code), false },
		{ "job.jsonl", job->data, job->len, false },
	};
	struct vd_buf fd3, log;
	struct vd_exec x;
	struct vd_exec_result res;
	uint64_t cpu_ms = (uint64_t)(cpu_s * 1000.0);
	uint64_t mem_kb = p->memory_limit_kb && !ev->o.memory_limit_mb
				  ? p->memory_limit_kb
				  : ev->memory_kb;
	size_t n = 0;
	int rc;

	*count = -1;
	memset(&x, 0, sizeof(x));
	if (counter == VD_COUNTER_SW) {
		/* the prefix, with the harness's process only (a candidate's
		 * children are not counted) and the log in a file */
		for (size_t i = 0; i < VD_SW_COUNTER_ARGS; i++) {
			const char *a = vd_measure_sw_prefix[i];
			if (!strcmp(a, "--trace-children=yes"))
				a = "--trace-children=no";
			else if (!strcmp(a, "--log-fd=3"))
				a = "--log-file=/tmp/" COUNT_LOG;
			argv[n++] = a;
		}
		vd_measure_sw_limits(&cpu_ms, &mem_kb);
		x.collect = COUNT_LOG;
		x.collect_max = COUNT_LOG_CAP;
	} else {
		x.counter = VD_EXEC_COUNT_INSNS;
	}
	argv[n++] = ev->e->python;
	for (size_t i = 1; harness_argv[i]; i++)
		argv[n++] = harness_argv[i];
	argv[n] = NULL;
	vd_buf_init(&fd3, COUNT_FD3_CAP);
	vd_buf_init(&log, COUNT_LOG_CAP);
	memset(&res, 0, sizeof(res));
	res.collected_fd = -1;
	x.argv = argv;
	x.envp = vd_lang_env();
	x.exec_fd = -1;
	x.files = files;
	x.nfiles = 3;
	x.fd3 = &fd3;
	x.cpu_ns = cpu_ms * 1000000u;
	x.wall_ns = 2 * x.cpu_ns + 1000000000u;
	x.memory_bytes = mem_kb * 1024u;
	x.processes = 64;
	x.open_files = 256;
	x.file_size = 64u << 20;
	x.stack_bytes = 256u << 20;
	rc = vd_slot_exec(slot, &x, &res, err);
	if (rc < 0)
		goto out;
	if (res.status != VD_EXEC_RAN || res.stopped_by ||
	    !WIFEXITED(res.wait_status) || WEXITSTATUS(res.wait_status)) {
		snprintf(why, why_len, "the counted run failed%s%s",
			 res.stopped_by ? ": stopped by the " : "",
			 res.stopped_by ? vd_limit_name(res.stopped_by) : "");
	} else if (counter != VD_COUNTER_SW) {
		*count = res.counter;
		if (res.counter < 0)
			snprintf(why, why_len,
				 "the hardware counter gave nothing");
	} else if (res.collected_fd < 0 ||
		   read_collected(res.collected_fd, &log) < 0 ||
		   vd_measure_sw_parse(log.data ? log.data : "", log.len,
				       count) < 0) {
		*count = -1;
		snprintf(why, why_len, "no valgrind summary came back");
	}
out:
	if (res.collected_fd >= 0)
		close(res.collected_fd);
	vd_buf_release(&fd3);
	vd_buf_release(&log);
	return rc;
}

/* Runs the harness for pl->secs from position c->cur. Afterwards the
 * section at c->cur (if any) is the one the run stopped in. */
static int run_harness(struct vd_eval *ev, struct vd_slot *slot,
		       const char *code, struct call_run *c,
		       struct vd_exec_result *res, struct vd_error *err)
{
	struct vd_buf job, out, errout, fd3;
	struct vd_exec x;
	double cpu_s = 2.0;
	int rc;

	vd_buf_init(&job, VD_BUF_UNLIMITED);
	vd_buf_init(&out, CAPTURE_CAP);
	vd_buf_init(&errout, CAPTURE_CAP);
	vd_buf_init(&fd3, FD3_LINE_CAP);
	rc = build_job(ev, c->p, c->x, c->pl, &job);
	if (rc) {
		rc = vd_error_set(err, rc, 0, "building the job of %s",
				  c->p->task_id);
		goto out;
	}
	for (uint32_t k = 0; k < c->pl->n_secs; k++)
		cpu_s += c->pl->budget_s[k];
	memset(&x, 0, sizeof(x));
	x.out = &out;
	x.errout = &errout;
	x.fd3 = &fd3;
	x.on_fd3 = consume;
	x.on_fd3_ctx = c;
	rc = vd_eval_harness_exec(ev, slot, c->p, code, &job, cpu_s, &x, res,
				  err);
	if (rc == 0 && fd3.len && !c->stop)
		consume(c, fd3.data, fd3.len, -1, &(int64_t){ 0 });
out:
	if (res->collected_fd >= 0)
		res->collected_fd = -1;
	vd_buf_release(&job);
	vd_buf_release(&out);
	vd_buf_release(&errout);
	vd_buf_release(&fd3);
	return rc;
}

/* What ended a run inside a section, as (verdict, status, words). */
static void run_ended(const struct vd_exec_result *res, int *verdict,
		      int *status, char *why, size_t len)
{
	*status = VD_ST_FAIL;
	if (res->status != VD_EXEC_RAN) {
		*verdict = VD_VERDICT_SE;
		snprintf(why, len, "sandbox: %s", res->msg);
	} else if (res->oom_kills) {
		*verdict = VD_VERDICT_MLE;
		snprintf(why, len, "memory limit exceeded");
	} else if (res->stopped_by == VD_LIMIT_CPU) {
		*verdict = VD_VERDICT_TLE;
		*status = VD_ST_TIMEOUT;
		snprintf(why, len, "the suite's CPU budget was exhausted");
	} else if (res->stopped_by == VD_LIMIT_WALL) {
		*verdict = VD_VERDICT_TLE;
		*status = VD_ST_TIMEOUT;
		snprintf(why, len, "the wall-clock backstop was reached");
	} else if (res->stopped_by == VD_LIMIT_STDOUT ||
		   res->stopped_by == VD_LIMIT_STDERR) {
		*verdict = VD_VERDICT_OLE;
		snprintf(why, len, "output over its limit");
	} else if (WIFSIGNALED(res->wait_status)) {
		*verdict = VD_VERDICT_RE;
		snprintf(why, len, "the process was killed by signal %d",
			 WTERMSIG(res->wait_status));
	} else {
		*verdict = VD_VERDICT_RE;
		snprintf(why, len, "the process exited (status %d) mid-suite",
			 WIFEXITED(res->wait_status)
				 ? WEXITSTATUS(res->wait_status)
				 : -1);
	}
}

/* ---- expected outputs ---- */

void vd_expected_release(struct vd_expected *x)
{
	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++) {
		struct vd_expected_section *xs = &x->sec[s];
		for (uint32_t i = 0; xs->error && i < xs->n; i++)
			vd_free_mem(xs->error[i]);
		vd_free_mem(xs->error);
		vd_free_mem(xs->val);
		vd_free_mem(xs->cpu);
		vd_free_mem(xs->flags);
	}
	vd_free_mem(x->blob);
	memset(x, 0, sizeof(*x));
}

static int set_error(struct vd_expected_section *xs, uint32_t i,
		     const char *msg)
{
	if (!xs->error[i])
		xs->error[i] = vd_strdup(msg);
	return xs->error[i] ? 0 : VD_ENOMEM;
}

/*
 * Parses the stored reference lines: "== <section index>\n" headers, then
 * that section's lines. Inputs without a result line (the reference
 * crashed or ran out of time) get an error.
 */
static int parse_expected(const struct vd_problem *p, struct vd_expected *x)
{
	const char *q = x->blob, *end = x->blob + x->blob_len;
	struct vd_expected_section *xs = NULL;
	int rc = 0;

	for (uint32_t s = 0; s < p->n_sections; s++) {
		xs = &x->sec[s];
		xs->n = p->sections[s].n;
		xs->val = vd_calloc(xs->n + 1, sizeof(*xs->val));
		xs->cpu = vd_calloc(xs->n + 1, sizeof(*xs->cpu));
		xs->error = vd_calloc(xs->n + 1, sizeof(*xs->error));
		if (!xs->val || !xs->cpu || !xs->error)
			return VD_ENOMEM;
	}
	xs = NULL;
	while (q < end && rc == 0) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
		struct vd_eval_line l;
		struct vd_span v;
		int64_t i64;
		double t;
		if (n > 3 && !memcmp(q, "== ", 3)) {
			uint32_t s = (uint32_t)strtoul(q + 3, NULL, 10);
			xs = s < p->n_sections ? &x->sec[s] : NULL;
		} else if (xs && vd_eval_line_value(q, n, &i64, &t, &v)) {
			/* kept in this shape by vd_eval_line_keep */
			if (i64 >= 0 && (uint64_t)i64 < xs->n) {
				xs->cpu[i64] = t;
				xs->val[i64] = v;
			}
		} else if (xs && vd_eval_line_parse(q, n, &l) == 0 && l.has_i &&
			   l.i >= 0 && (uint64_t)l.i < xs->n) {
			uint32_t i = (uint32_t)l.i;
			xs->cpu[i] = l.t;
			if (l.v.p) {
				xs->val[i].p = l.v.p;
				xs->val[i].n = l.v.n;
			} else {
				char why[200];
				if (l.timeout)
					snprintf(why, sizeof(why),
						 "timed out after %.0f s",
						 REF_INPUT_LIMIT_S);
				else
					vd_eval_line_exc(&l, why, sizeof(why));
				rc = set_error(xs, i, why);
			}
		} else if (xs && vd_eval_line_parse(q, n, &l) == 0 &&
			   l.load_error.p) {
			char why[200];
			vd_eval_line_exc(&l, why, sizeof(why));
			for (uint32_t i = 0; rc == 0 && i < xs->n; i++)
				rc = set_error(xs, i, why);
		}
		q = nl ? nl + 1 : end;
	}
	for (uint32_t s = 0; rc == 0 && s < p->n_sections; s++) {
		xs = &x->sec[s];
		for (uint32_t i = 0; rc == 0 && i < xs->n; i++)
			if (!xs->val[i].p && !xs->error[i])
				rc = set_error(xs, i, "no result");
		if (rc == 0)
			rc = classify_expected(xs);
	}
	x->ready = rc == 0;
	return rc;
}

/* Expected values given by the dataset itself (native "outputs"). */
static int given_expected(const struct vd_problem *p, struct vd_expected *x)
{
	for (uint32_t s = 0; s < p->n_sections; s++) {
		struct vd_expected_section *xs = &x->sec[s];
		xs->n = p->sections[s].n;
		xs->val = vd_calloc(xs->n + 1, sizeof(*xs->val));
		if (xs->val && xs->n)
			memcpy(xs->val, p->sections[s].expected,
			       xs->n * sizeof(*xs->val));
		xs->cpu = vd_calloc(xs->n + 1, sizeof(*xs->cpu));
		xs->error = vd_calloc(xs->n + 1, sizeof(*xs->error));
		if (!xs->val || !xs->cpu || !xs->error ||
		    classify_expected(xs) < 0)
			return VD_ENOMEM;
	}
	x->ready = true;
	return 0;
}

/* A stored expected-outputs blob: "sha256 " HEX "\n", then the lines. */
#define BLOB_DIGEST_PREFIX "sha256 "
#define BLOB_HEADER	   (sizeof(BLOB_DIGEST_PREFIX) - 1 + VD_SHA256_HEX - 1 + 1)

/* x->blob_sha256 from the blob's first line, or computed if it has none
 * (it always has, but a digest costs less than a wrong key). */
static int blob_digest(struct vd_expected *x)
{
	const char *h = x->blob + strlen(BLOB_DIGEST_PREFIX);

	if (x->blob_len >= BLOB_HEADER &&
	    !memcmp(x->blob, BLOB_DIGEST_PREFIX, strlen(BLOB_DIGEST_PREFIX)) &&
	    x->blob[BLOB_HEADER - 1] == '\n' &&
	    strspn(h, "0123456789abcdef") == VD_SHA256_HEX - 1) {
		memcpy(x->blob_sha256, h, VD_SHA256_HEX - 1);
		x->blob_sha256[VD_SHA256_HEX - 1] = '\0';
		return 0;
	}
	return vd_sha256_hex(x->blob, x->blob_len, x->blob_sha256);
}

static void expected_key(const struct vd_eval *ev, const struct vd_problem *p,
			 char key[VD_SHA256_HEX])
{
	const char *fields[] = { ev->d->sha256, p->task_id };
	vd_eval_key(ev, "expected-v2", fields, 2, key);
}

int vd_eval_expected(struct vd_eval *ev, struct vd_slot *slot, uint32_t problem,
		     struct vd_error *err)
{
	const struct vd_problem *p = &ev->d->problems[problem];
	struct vd_expected *x = &ev->exp[problem];
	struct vd_buf lines[VD_MAX_SECTIONS], blob;
	struct run_plan pl;
	struct call_run c;
	char key[VD_SHA256_HEX];
	int rc = 0, found;

	if (p->kind != VD_PROBLEM_CALL || x->ready)
		return 0;
	if (p->sections[0].expected)
		return given_expected(p, x) ? vd_error_set(err, VD_ENOMEM, 0,
							   "out of memory")
					    : 0;
	if (!p->reference)
		return vd_error_set(
			err, VD_ECONFIG, 0,
			"%s: no reference solution to compute expected outputs",
			p->task_id);
	expected_key(ev, p, key);
	vd_buf_init(&blob, VD_BUF_UNLIMITED);
	found = vd_store_get(ev->store, VD_STORE_EXPECTED, key, &blob, err);
	if (found < 0) {
		vd_buf_release(&blob);
		return found;
	}
	if (found) {
		atomic_fetch_add(&ev->ref_cached, 1);
		goto parse;
	}
	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++)
		vd_buf_init(&lines[s], VD_BUF_UNLIMITED);
	memset(&pl, 0, sizeof(pl));
	pl.reference = true;
	for (uint32_t s = 0; s < p->n_sections; s++)
		pl.secs[pl.n_secs++] = s;
	memset(&c, 0, sizeof(c));
	c.ev = ev;
	c.p = p;
	c.pl = &pl;
	c.ref_lines = lines;
	/* A reference that crashes mid-suite loses that suite's rest; the
	 * next run starts with the following suite. */
	while (rc == 0 && c.cur < pl.n_secs) {
		struct vd_exec_result res;
		uint32_t before = c.cur;
		struct run_plan rest = pl;
		rest.n_secs = 0;
		for (uint32_t k = before; k < pl.n_secs; k++)
			rest.secs[rest.n_secs++] = pl.secs[k];
		c.pl = &rest;
		c.cur = 0;
		c.started = false;
		c.scanned = 0;
		rc = run_harness(ev, slot, p->reference, &c, &res, err);
		c.cur += before;
		c.pl = &pl;
		if (rc == 0 && c.protocol)
			rc = vd_error_set(err, VD_ESANDBOX, 0,
					  "%s: reference run: %s", p->task_id,
					  c.protocol_msg);
		if (rc == 0 && c.cur < pl.n_secs)
			c.cur++; /* that suite is over, whatever happened */
	}
	/* The blob starts with its own digest (of what follows), which the
	 * samples' result keys name it by (section_key): hashed here once,
	 * not at each load. */
	rc = vd_buf_printf(&blob, "%s%064d\n", BLOB_DIGEST_PREFIX,
			   0); /* zeros until the digest is known */
	for (uint32_t s = 0; rc == 0 && s < p->n_sections; s++) {
		rc = vd_buf_printf(&blob, "== %u\n", s);
		if (rc == 0 && lines[s].len)
			rc = vd_buf_append(&blob, lines[s].data, lines[s].len);
	}
	if (rc == 0 &&
	    vd_sha256_hex(blob.data + BLOB_HEADER, blob.len - BLOB_HEADER,
			  x->blob_sha256) < 0)
		rc = VD_ENOMEM;
	if (rc == 0)
		memcpy(blob.data + strlen(BLOB_DIGEST_PREFIX), x->blob_sha256,
		       VD_SHA256_HEX - 1);
	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++)
		vd_buf_release(&lines[s]);
	if (rc == 0)
		rc = vd_store_put(ev->store, VD_STORE_EXPECTED, key,
				  blob.data ? blob.data : "", blob.len, err);
	if (rc) {
		vd_buf_release(&blob);
		return rc;
	}
parse:
	x->blob_len = blob.len;
	x->blob = vd_buf_detach(&blob, NULL);
	if (!x->blob || blob_digest(x) < 0 || parse_expected(p, x) < 0)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	return 0;
}

/* ---- a candidate ---- */

static void section_key(const struct vd_eval *ev, const struct vd_problem *p,
			uint32_t s, const char *code, bool fast,
			char key[VD_SHA256_HEX])
{
	char limits[128];
	const char *fields[6];
	snprintf(limits, sizeof(limits), "%.6g %.6g %llu %d",
		 ev->o.min_time_limit_s, ev->o.gt_time_limit_factor,
		 (unsigned long long)ev->memory_kb, fast);
	fields[0] = ev->d->sha256;
	fields[1] = p->task_id;
	fields[2] = p->sections[s].name;
	fields[3] = limits;
	fields[4] = code;
	fields[5] = ev->exp[p - ev->d->problems].blob_sha256;
	vd_eval_key(ev, "call-v2", fields, 6, key);
}

static int save_section(struct vd_eval *ev, const char *key,
			const struct vd_eval_section *s, struct vd_error *err)
{
	struct vd_buf b;
	int rc;

	vd_buf_init(&b, VD_BUF_UNLIMITED);
	rc = vd_buf_printf(
		&b,
		"{\"status\": %d, \"verdict\": %d, \"n\": %u, \"run\": %u, \"cpu\": %.9g, \"detail\": ",
		s->status, s->verdict, s->n, s->n_run, s->cpu_s);
	if (rc == 0)
		rc = vd_json_quote(&b, s->detail, strlen(s->detail));
	if (rc == 0)
		rc = vd_buf_puts(&b, ", \"failed\": [");
	for (uint32_t i = 0; rc == 0 && i < s->n_failed; i++)
		rc = vd_buf_printf(&b, "%s%u", i ? ", " : "", s->failed[i]);
	if (rc == 0)
		rc = vd_buf_puts(&b, "]}");
	if (rc == 0)
		rc = vd_store_put(ev->store, VD_STORE_RESULTS, key, b.data,
				  b.len, err);
	else
		rc = vd_error_set(err, rc, 0, "out of memory");
	vd_buf_release(&b);
	return rc;
}

static int load_section(const struct vd_buf *b, struct vd_eval_section *s)
{
	struct vd_json_span obj, k, v, f;
	struct vd_json_iter it, fi;
	int64_t n;

	if (vd_json_parse_span(b->data, b->len, &obj, NULL) < 0)
		return -1;
	vd_json_iter_init(&it, &obj);
	while (vd_json_next(&it, &k, &v)) {
		double d = 0;
		if (vd_json_key_is(&k, "status") && vd_json_int64(&v, &n) == 0)
			s->status = (int8_t)n;
		else if (vd_json_key_is(&k, "verdict") &&
			 vd_json_int64(&v, &n) == 0)
			s->verdict = (int8_t)n;
		else if (vd_json_key_is(&k, "n") && vd_json_int64(&v, &n) == 0)
			s->n = (uint32_t)n;
		else if (vd_json_key_is(&k, "run") &&
			 vd_json_int64(&v, &n) == 0)
			s->n_run = (uint32_t)n;
		else if (vd_json_key_is(&k, "cpu") &&
			 vd_json_double(&v, &d) == 0)
			s->cpu_s = d;
		else if (vd_json_key_is(&k, "detail")) {
			struct vd_buf t;
			vd_buf_init(&t, sizeof(s->detail) - 1);
			vd_json_string(&v, &t, true, NULL);
			snprintf(s->detail, sizeof(s->detail), "%s",
				 t.data ? t.data : "");
			vd_buf_release(&t);
		} else if (vd_json_key_is(&k, "failed") &&
			   v.type == VD_JSON_ARRAY) {
			vd_json_iter_init(&fi, &v);
			while (vd_json_next(&fi, NULL, &f)) {
				uint32_t *nf;
				if (vd_json_int64(&f, &n) < 0)
					return -1;
				nf = vd_realloc(s->failed, (s->n_failed + 1) *
								   sizeof(*nf));
				if (!nf)
					return -1;
				s->failed = nf;
				nf[s->n_failed++] = (uint32_t)n;
			}
		}
	}
	return 0;
}

static void section_from_expected_error(const struct vd_expected *x,
					struct vd_eval_section *s)
{
	s->status = VD_ST_FAIL;
	s->verdict = VD_VERDICT_SE;
	snprintf(s->detail, sizeof(s->detail),
		 "expected outputs unavailable: %s", x->error);
}

int vd_eval_call(struct vd_eval *ev, struct vd_slot *slot, uint32_t sample,
		 struct vd_error *err)
{
	const struct vd_sample *sm = &ev->s->v[sample];
	const struct vd_problem *p = &ev->d->problems[sm->problem];
	const struct vd_expected *x = &ev->exp[sm->problem];
	struct vd_eval_result *r = &ev->res[sample];
	bool fast = !(ev->o.flags & VD_EVAL_TEST_DETAILS);
	uint32_t n_secs = ev->o.flags & VD_EVAL_BASE_ONLY ? 1 : p->n_sections;
	char keys[VD_MAX_SECTIONS][VD_SHA256_HEX];
	struct run_plan pl;
	struct call_run c;
	int rc = 0;
	bool all_cached = true;

	memset(&pl, 0, sizeof(pl));
	pl.fast = fast;
	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++)
		r->sec[s].status = VD_ST_NONE;
	for (uint32_t s = 0; s < n_secs; s++) {
		struct vd_eval_section *es = &r->sec[s];
		struct vd_buf b;
		es->n = p->sections[s].n;
		es->status = VD_ST_PASS;
		es->verdict = VD_VERDICT_AC;
		if (!x->ready) {
			section_from_expected_error(x, es);
			continue;
		}
		section_key(ev, p, s, sm->code, fast, keys[s]);
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		if (!(ev->o.flags & VD_EVAL_NO_CACHE) &&
		    vd_store_get(ev->store, VD_STORE_RESULTS, keys[s], &b,
				 NULL) == 1 &&
		    load_section(&b, es) == 0) {
			vd_buf_release(&b);
			continue;
		}
		vd_buf_release(&b);
		all_cached = false;
		pl.secs[pl.n_secs++] = s;
	}
	memset(&c, 0, sizeof(c));
	c.ev = ev;
	c.p = p;
	c.x = x;
	while (rc == 0 && c.cur < pl.n_secs) {
		struct vd_exec_result res;
		struct run_plan rest = pl;
		uint32_t before = c.cur;
		int verdict, status;
		char why[200];

		rest.n_secs = 0;
		for (uint32_t k = before; k < pl.n_secs; k++) {
			c.out[rest.n_secs] = &r->sec[pl.secs[k]];
			rest.secs[rest.n_secs++] = pl.secs[k];
		}
		c.pl = &rest;
		c.cur = 0;
		c.started = false;
		c.stop = false;
		c.scanned = 0;
		rc = run_harness(ev, slot, sm->code, &c, &res, err);
		if (rc)
			break;
		if (c.protocol) {
			res.status = VD_EXEC_SETUP_FAILED;
			snprintf(res.msg, sizeof(res.msg),
				 "harness protocol: %s", c.protocol_msg);
		}
		if (c.cur < rest.n_secs) {
			/* Ended inside a suite: a fail-fast stop already
			 * recorded its failure; otherwise what ended the
			 * process is the suite's verdict. */
			struct vd_eval_section *es = c.out[c.cur];
			if (!(res.stopped_by == VD_EXEC_STOPPED_BY_WATCH &&
			      !c.protocol)) {
				run_ended(&res, &verdict, &status, why,
					  sizeof(why));
				if (es->n_failed == 0 ||
				    verdict == VD_VERDICT_SE) {
					es->verdict = (int8_t)verdict;
					snprintf(es->detail, sizeof(es->detail),
						 "input %u: %s", c.next, why);
				}
				es->status = (int8_t)status;
			}
			c.cur++;
		}
		c.cur += before;
		c.pl = &pl;
		for (uint32_t k = 0; k < rest.n_secs; k++)
			c.out[k] = NULL;
	}
	if (rc)
		return rc;
	for (uint32_t k = 0; k < pl.n_secs; k++) {
		struct vd_eval_section *es = &r->sec[pl.secs[k]];
		if (es->status == VD_ST_PASS && es->n_run < es->n) {
			es->status = VD_ST_FAIL;
			if (es->verdict == VD_VERDICT_AC) {
				es->verdict = VD_VERDICT_SE;
				snprintf(es->detail, sizeof(es->detail),
					 "only %u of %u inputs ran", es->n_run,
					 es->n);
			}
		}
		/* A judge fault is not stored: the next run retries. */
		if (es->verdict != VD_VERDICT_SE) {
			rc = save_section(ev, keys[pl.secs[k]], es, err);
			if (rc)
				return rc;
		}
	}
	r->verdict = VD_VERDICT_AC;
	r->cpu_s = 0;
	for (uint32_t s = 0; s < n_secs; s++) {
		r->cpu_s += r->sec[s].cpu_s;
		if (r->verdict == VD_VERDICT_AC &&
		    r->sec[s].verdict != VD_VERDICT_AC) {
			r->verdict = r->sec[s].verdict;
			snprintf(r->detail, sizeof(r->detail), "%s: %s",
				 p->sections[s].name, r->sec[s].detail);
		}
	}
	r->cached = all_cached;
	r->done = true;
	return 0;
}
