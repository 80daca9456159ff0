/*
 * Unit tests of eval's result writers (eval_out.c) on an evaluation built
 * by hand (no sandbox): under allocation failure at every point, each
 * writer gives the same bytes as without failures or VD_ENOMEM, and
 * vd_eval_write leaves no file, whole or partial, when it fails.
 */
#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "eval_int.h"
#include "file.h"
#include "harness.h"

static char dir[] = "/tmp/verdict-t-eval-XXXXXX";
static struct vd_engine engine;
static char python[] = "/usr/bin/python3", cc[] = "/usr/bin/gcc",
	    cxx[] = "/usr/bin/g++";
static struct vd_eval *ev;

/* A file NAME in the test's folder holding text; the path lives until the
 * next call. */
static const char *put(const char *name, const char *text)
{
	return harness_put_file(dir, name, text);
}

static void set_section(struct vd_eval_section *s, int status, int verdict,
			uint32_t n, uint32_t n_failed)
{
	s->status = (int8_t)status;
	s->verdict = (int8_t)verdict;
	s->n = n;
	s->n_run = n;
	s->n_failed = n_failed;
	s->failed = vd_calloc(n_failed ? n_failed : 1, sizeof(*s->failed));
	for (uint32_t i = 0; i < n_failed; i++)
		s->failed[i] = i;
	s->cpu_s = 0.125 * n;
	snprintf(s->detail, sizeof(s->detail), "%s",
		 n_failed ? "input 0: not equal" : "");
}

/* Two call problems (base and plus inputs) and a stdio problem, three
 * samples each with every kind of outcome. */
static int build(void)
{
	struct vd_error e;
	const char *p;
	int rc;

	ev = vd_calloc(1, sizeof(*ev));
	ev->e = &engine;
	engine.python = python;
	engine.cc = cc;
	engine.cxx = cxx;
	snprintf(engine.info.isolation, sizeof(engine.info.isolation), "none");
	snprintf(engine.info.cgroup, sizeof(engine.info.cgroup), "none");
	vd_eval_opts_init(&ev->o);
	ev->memory_kb = 4096u * 1024u;
	ev->n_workers = 2;
	snprintf(ev->date, sizeof(ev->date), "2024-01-01 00:00");
	snprintf(ev->python_version, sizeof(ev->python_version), "3.11.2");
	p = put("d.jsonl",
		"{\"task_id\": \"T/0\", \"kind\": \"call\", \"entry_point\": \"f\", "
		"\"reference_solution\": \"def f(x): return x\", "
		"\"base_input\": [[1], [\"a\\u00e9\"]], \"plus_input\": [[2], [3], [[4, 5]]]}\n"
		"{\"task_id\": \"T/1\", \"kind\": \"call\", \"entry_point\": \"g\", "
		"\"reference_solution\": \"def g(x): return x\", "
		"\"base_input\": [[1]], \"plus_input\": [[1e308]]}\n"
		"{\"task_id\": \"T/2\", \"kind\": \"stdio\", "
		"\"tests\": [{\"stdin\": \"1\", \"expected_stdout\": \"1\"}]}\n");
	rc = vd_dataset_load(p, VD_FORMAT_AUTO, NULL, &ev->d, &e);
	if (rc == 0) {
		char *text = malloc(9 * 200);
		size_t len = 0;
		for (int t = 0; t < 3; t++)
			for (int i = 0; i < 3; i++)
				len += (size_t)snprintf(
					text + len, 9 * 200 - len,
					"{\"task_id\": \"T/%d\", \"solution\": "
					"\"def %c(x):\\n    return x + %d  # \\u00e9\\n\"}\n",
					t, t == 1 ? 'g' : 'f', i);
		p = put("s.jsonl", text);
		free(text);
		rc = vd_samples_load(p, ev->d, 1, &ev->s, &e);
	}
	if (rc) {
		printf("# %s\n", e.msg);
		return rc;
	}
	ev->res = vd_calloc(ev->s->n, sizeof(*ev->res));
	for (uint32_t i = 0; i < ev->s->n; i++) {
		struct vd_eval_result *r = &ev->res[i];
		const struct vd_problem *pb =
			&ev->d->problems[ev->s->v[i].problem];
		uint32_t k = i % 3;
		r->done = true;
		r->cpu_s = 0.001 * i;
		if (pb->kind == VD_PROBLEM_CALL) {
			static const int8_t v[3] = { VD_VERDICT_AC,
						     VD_VERDICT_WA,
						     VD_VERDICT_TLE };
			set_section(&r->sec[0],
				    k == 2   ? VD_ST_TIMEOUT
				    : k == 1 ? VD_ST_FAIL
					     : VD_ST_PASS,
				    v[k], pb->sections[0].n, k == 1);
			set_section(&r->sec[1], k ? VD_ST_FAIL : VD_ST_PASS,
				    k ? VD_VERDICT_WA : VD_VERDICT_AC,
				    pb->sections[1].n,
				    k ? pb->sections[1].n : 0);
			r->verdict = v[k];
		} else {
			r->verdict = k == 0 ? VD_VERDICT_AC : VD_VERDICT_RE;
			r->n_tests = 1;
			r->n_passed = k == 0;
			r->peak_kb = 1024;
		}
		snprintf(r->detail, sizeof(r->detail), "%s",
			 r->verdict == VD_VERDICT_AC ? "" : "failed \xff here");
	}
	return 0;
}

typedef int (*writer_fn)(const struct vd_eval *, struct vd_buf *);

static void torture_writer(const char *name, writer_fn fn)
{
	struct vd_buf want, b;
	long n, failed;
	int rc, bad = 0;

	vd_buf_init(&want, VD_BUF_UNLIMITED);
	CHECK_EQ_INT(fn(ev, &want), 0);
	for (n = 0;; n++) {
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		vd_alloc_fail_after(n);
		rc = fn(ev, &b);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		if (rc == 0 &&
		    (b.len != want.len || memcmp(b.data, want.data, b.len))) {
			if (bad++ < 2)
				printf("# %s, allocation %ld: got\n# %s\n",
				       name, n, b.data);
		}
		vd_buf_release(&b);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	printf("# %s: %ld allocations\n", name, n);
	vd_buf_release(&want);
}

TEST(writers_alloc_torture)
{
	torture_writer("evalplus", vd_eval_write_evalplus);
	torture_writer("humaneval", vd_eval_write_humaneval);
	torture_writer("native", vd_eval_write_native);
	torture_writer("summary", vd_eval_write_summary);
}

/* Files in dir other than the inputs (d.jsonl, s.jsonl). */
static int stray_files(const char *keep)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.' && strcmp(de->d_name, "d.jsonl") &&
		    strcmp(de->d_name, "s.jsonl") &&
		    (!keep || strcmp(de->d_name, keep)))
			n++;
	if (d)
		closedir(d);
	return n;
}

/* The public writer: the file appears whole, or not at all (and no
 * temporary file stays behind); a failure says why. */
TEST(write_file_alloc_torture)
{
	static const int32_t formats[] = { VD_EVAL_FORMAT_EVALPLUS,
					   VD_EVAL_FORMAT_HUMANEVAL,
					   VD_EVAL_FORMAT_NATIVE,
					   VD_EVAL_FORMAT_SUMMARY };
	char path[300];
	struct vd_error e;
	struct vd_buf want, got;
	long n, failed;
	int rc, bad = 0;

	snprintf(path, sizeof(path), "%s/r.json", dir);
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		vd_buf_init(&want, VD_BUF_UNLIMITED);
		CHECK_EQ_INT(vd_eval_write(ev, formats[f], path, &e), 0);
		CHECK_EQ_INT(vd_file_read(path, 1 << 20, &want, &e), 0);
		for (n = 0;; n++) {
			unlink(path);
			memset(&e, 0, sizeof(e));
			vd_alloc_fail_after(n);
			rc = vd_eval_write(ev, formats[f], path, &e);
			failed = vd_alloc_fail_after(-1);
			if (rc != 0 &&
			    (rc != VD_ENOMEM || e.code != rc ||
			     !strstr(e.msg, path) || access(path, F_OK) == 0))
				bad++;
			if (rc == 0) {
				vd_buf_init(&got, VD_BUF_UNLIMITED);
				if (vd_file_read(path, 1 << 20, &got, &e) ||
				    got.len != want.len ||
				    memcmp(got.data, want.data, got.len))
					bad++;
				vd_buf_release(&got);
			}
			bad += stray_files("r.json");
			if (!failed)
				break;
		}
		CHECK_EQ_INT(bad, 0);
		CHECK_EQ_INT(rc, 0);
		vd_buf_release(&want);
	}
	unlink(path);
	CHECK_EQ_INT(stray_files(NULL), 0);
}

/* The terminal summary: the same text or VD_ENOMEM with a message. */
TEST(summary_alloc_torture)
{
	static const uint32_t ks[] = { 1, 2, 3 };
	struct vd_error e;
	char *want = NULL, *text;
	long n, failed;
	int rc, bad = 0;

	CHECK_EQ_INT(vd_eval_summary(ev, ks, 3, &want, &e), 0);
	CHECK(want && strstr(want, "pass@3:") != NULL);
	for (n = 0;; n++) {
		text = NULL;
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_eval_summary(ev, ks, 3, &text, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 &&
		    (rc != VD_ENOMEM || text || e.code != rc || !e.msg[0]))
			bad++;
		if (rc == 0 && (!text || strcmp(text, want))) {
			if (bad++ < 2)
				printf("# allocation %ld: got\n# %s\n", n,
				       text);
		}
		vd_free(text);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	vd_free(want);
}

static bool span_is(const struct vd_json_span *s, const char *text)
{
	return s->p && s->n == strlen(text) && !memcmp(s->p, text, s->n);
}

/* The harness's result lines (docs/harness.md): each member read once, and
 * anything that is not one JSON object refused. */
/* The value shape {"i": N, "t": T, "v": V}, read without scanning V. */
TEST(line_value_shape)
{
	static const char *const not_shape[] = {
		"{\"i\": 3, \"t\": 0.1, \"exc\": \"E\", \"msg\": \"\"}",
		"{\"t\": 0.1, \"i\": 3, \"v\": 1}",
		"{\"i\": 3, \"t\": 0.1, \"v\": }",
		"{\"i\": 3, \"t\": 0.1, \"v\": 1",
		"{\"i\": x, \"t\": 0.1, \"v\": 1}",
		"{\"i\": 1.5, \"t\": 0.1, \"v\": 1}",
		"{\"i\": 3,\"t\": 0.1, \"v\": 1}",
		"{\"i\": 3, \"t\": \"0.1\", \"v\": 1}",
		"{\"ready\": \"base\", \"t\": 0.1}",
		"",
	};
	const char *ok = "{\"i\": 3, \"t\": 2.5e-05, \"v\": [1, {\"$x\": 2}]}";
	struct vd_span v;
	int64_t i;
	double t;

	CHECK(vd_eval_line_value(ok, strlen(ok), &i, &t, &v));
	CHECK_EQ_INT(i, 3);
	CHECK_NEAR(t, 2.5e-05, 1e-12);
	CHECK(v.n == strlen("[1, {\"$x\": 2}]") && !memcmp(v.p, "[1, {", 5));
	for (size_t k = 0; k < sizeof(not_shape) / sizeof(not_shape[0]); k++)
		if (vd_eval_line_value(not_shape[k], strlen(not_shape[k]), &i,
				       &t, &v)) {
			printf("# taken as a value line: %s\n", not_shape[k]);
			CHECK(0);
		}
}

/* A reference's lines are kept in the value shape: as they are when they
 * have it, rewritten when they do not (the load then reads V by the
 * shape, and must find what the full parse found). */
TEST(line_keep)
{
	static const struct {
		const char *line, *kept;
	} cases[] = {
		{ "{\"i\": 3, \"t\": 0.5, \"v\": [1, 2]}",
		  "{\"i\": 3, \"t\": 0.5, \"v\": [1, 2]}\n" },
		{ "{\"t\": 0.5, \"i\": 2, \"v\": [1, 2], \"zz\": null}",
		  "{\"i\": 2, \"t\": 0.5, \"v\": [1, 2]}\n" },
		{ "{\"i\": 1, \"t\": 0.25, \"v\": 5, \"v2\": 6}",
		  "{\"i\": 1, \"t\": 0.25, \"v\": 5}\n" },
		{ "{\"i\": 1, \"t\": 0.25,  \"v\": \"}\"}",
		  "{\"i\": 1, \"t\": 0.25, \"v\": \"}\"}\n" },
		{ "{\"ready\": \"base\", \"t\": 0.1}",
		  "{\"ready\": \"base\", \"t\": 0.1}\n" },
		{ "{\"i\": 4, \"t\": 0.1, \"exc\": \"E\", \"msg\": \"m\"}",
		  "{\"i\": 4, \"t\": 0.1, \"exc\": \"E\", \"msg\": \"m\"}\n" },
	};
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		struct vd_eval_line l, back;
		struct vd_buf b;
		struct vd_span v;
		int64_t i;
		double t;

		vd_buf_init(&b, VD_BUF_UNLIMITED);
		CHECK_EQ_INT(vd_eval_line_parse(cases[k].line,
						strlen(cases[k].line), &l),
			     0);
		CHECK_EQ_INT(vd_eval_line_keep(&b, cases[k].line,
					       strlen(cases[k].line), &l),
			     0);
		CHECK_STREQ(b.data, cases[k].kept);
		if (l.v.p) {
			/* the shape reading of the kept line agrees */
			CHECK(vd_eval_line_value(b.data, b.len - 1, &i, &t,
						 &v));
			CHECK(vd_eval_line_parse(b.data, b.len - 1, &back) ==
				      0 &&
			      back.i == i && back.v.n == v.n &&
			      back.v.p == v.p);
		}
		vd_buf_release(&b);
	}
}

TEST(line_parse)
{
	static const char *const bad[] = {
		"",
		"   ",
		"[1, 2]",
		"{",
		"{\"i\": 3,}",
		"{\"i\" 3}",
		"{\"i\": 3} x",
		"{\"i\": 3}}",
		"{3: 4}",
		"{\"i\": \"three\"}",
		"{\"i\": 1.5}",
		"{\"i\": 0, \"v\": [1, }",
		"{\"i\": 0, \"v\": [1, 2]",
		"{\"i\": 0, \"v\": \"unterminated}",
		"{\"i\": 0 \"v\": 1}",
	};
	struct vd_eval_line l;
	const char *ok = " {\"i\": 3, \"t\": 2.5e-05, \"v\": [1, {\"$tuple\": "
			 "[\"a}\", 2.0]}], \"zz\": null}\t";

	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok), &l), 0);
	CHECK(l.has_i);
	CHECK_EQ_INT(l.i, 3);
	CHECK_NEAR(l.t, 2.5e-05, 1e-12);
	CHECK(span_is(&l.v, "[1, {\"$tuple\": [\"a}\", 2.0]}]"));
	CHECK_EQ_INT(l.v.type, VD_JSON_ARRAY);
	CHECK(!l.exc.p && !l.timeout && !l.end.p);
	ok = "{\"i\": 7, \"t\": 0.1, \"timeout\": true}";
	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok), &l), 0);
	CHECK(l.timeout && !l.v.p);
	ok = "{\"i\": 1, \"exc\": \"ValueError\", \"msg\": \"x\", "
	     "\"i\": 2}";
	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok), &l), 0);
	CHECK_EQ_INT(l.i, 2); /* a repeated key: the last one counts */
	CHECK(span_is(&l.exc, "\"ValueError\""));
	ok = "{\"end\": \"plus\"}";
	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok), &l), 0);
	CHECK(span_is(&l.end, "\"plus\"") && !l.has_i);
	ok = "{ }";
	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok), &l), 0);
	CHECK(!l.has_i && !l.v.p);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (vd_eval_line_parse(bad[i], strlen(bad[i]), &l) != -1) {
			printf("# accepted: %s\n", bad[i]);
			CHECK(0);
		}
	}
	/* a length cuts the text: the object must end inside it */
	ok = "{\"i\": 1}";
	CHECK_EQ_INT(vd_eval_line_parse(ok, strlen(ok) - 1, &l), -1);
}

int main(void)
{
	char cmd[300];
	int rc;

	if (!mkdtemp(dir))
		return 1;
	if (build() != 0)
		return 1;
	RUN(writers_alloc_torture);
	RUN(write_file_alloc_torture);
	RUN(summary_alloc_torture);
	RUN(line_value_shape);
	RUN(line_keep);
	RUN(line_parse);
	vd_eval_free(ev);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	rc = system(cmd);
	return rc != 0 ? 1 : harness_done();
}
