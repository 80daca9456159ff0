#include "dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "err.h"
#include "file.h"
#include "json.h"
#include "oracle.h"

#define MAX_DATASET_BYTES (2048ull << 20)
#define MAX_INPUTS	  1000000u

/* Entry points of MBPP+'s not-None tasks (EvalPlus _special_oracle.py). */
static const char *const not_none_tasks[] = { "check_str", "text_match_three",
					      "text_starta_endb" };

/* Where a record came from, for error messages. */
struct where {
	const char *path;
	size_t line;
	bool array; /* item of a JSON array rather than a line */
};

/* `detail` may be err->msg itself (the inner error, wrapped with the
 * place): it is copied first, as the message is written over it. */
static int fail(struct vd_error *err, const struct where *w, int code,
		const char *what, const char *detail)
{
	char inner[sizeof(err->msg)];
	snprintf(inner, sizeof(inner), "%s", detail ? detail : "");
	return vd_error_set(err, code, 0, "%s:%s%zu: %s%s%s", w->path,
			    w->array ? " item " : "", w->line, what,
			    detail ? ": " : "", inner);
}

/* The fields of one record, as spans. */
struct record {
	struct vd_json_span task_id, prompt, entry_point, canonical, test,
		base_input, plus_input, atol, test_list, test_imports, code,
		input_output, language, kind, tests, checker, time_limit,
		memory_limit, reference, question_id, problem_id, public_tests,
		private_tests, outputs, perf_input, perf_level, perf_hardness,
		strict_type, oracle;
};

static void collect(const struct vd_json_span *obj, struct record *r)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
#define K(name, field) { name, offsetof(struct record, field) }
		K("task_id", task_id),
		K("prompt", prompt),
		K("entry_point", entry_point),
		K("canonical_solution", canonical),
		K("test", test),
		K("base_input", base_input),
		K("plus_input", plus_input),
		K("atol", atol),
		K("test_list", test_list),
		K("test_imports", test_imports),
		K("code", code),
		K("input_output", input_output),
		K("language", language),
		K("kind", kind),
		K("tests", tests),
		K("checker", checker),
		K("time_limit_s", time_limit),
		K("memory_limit_mb", memory_limit),
		K("reference_solution", reference),
		K("perf_input", perf_input),
		K("perf_level", perf_level),
		K("perf_hardness", perf_hardness),
		K("strict_type", strict_type),
		K("oracle", oracle),
		K("question_id", question_id),
		K("problem_id", problem_id),
		K("public_test_cases", public_tests),
		K("private_test_cases", private_tests),
		K("outputs", outputs),
#undef K
	};
	struct vd_json_iter it;
	struct vd_json_span k, v;

	memset(r, 0, sizeof(*r));
	vd_json_iter_init(&it, obj);
	while (vd_json_next(&it, &k, &v)) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if (vd_json_key_is(&k, keys[i].key)) {
				memcpy((char *)r + keys[i].off, &v, sizeof(v));
				break;
			}
		}
	}
}

static bool present(const struct vd_json_span *s)
{
	return s->p != NULL;
}

static int get_string(const struct vd_json_span *s, const struct where *w,
		      const char *field, bool required, char **out,
		      struct vd_error *err)
{
	char msg[64];
	*out = NULL;
	if (!present(s) || s->type == VD_JSON_NULL) {
		if (!required)
			return 0;
		snprintf(msg, sizeof(msg), "missing field '%s'", field);
		return fail(err, w, VD_EPARSE, msg, NULL);
	}
	if (s->type != VD_JSON_STRING) {
		snprintf(msg, sizeof(msg), "field '%s' is not a string", field);
		return fail(err, w, VD_EPARSE, msg, NULL);
	}
	if (vd_json_string_dup(s, out, err) < 0) {
		snprintf(msg, sizeof(msg), "field '%s'", field);
		return fail(err, w, err ? err->code : VD_EPARSE, msg,
			    err ? err->msg : NULL);
	}
	return 0;
}

static char *concat(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
	char *p = vd_malloc(la + lb + lc + 1);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	memcpy(p + la, b, lb);
	if (lc)
		memcpy(p + la + lb, c, lc);
	p[la + lb + lc] = '\0';
	return p;
}

static uint32_t count_items(const struct vd_json_span *arr)
{
	struct vd_json_iter it;
	struct vd_json_span v;
	uint32_t n = 0;
	vd_json_iter_init(&it, arr);
	while (vd_json_next(&it, NULL, &v))
		n++;
	return n;
}

/* Fills a section from a JSON array of argument arrays. */
static int load_section(struct vd_section *sec, const char *name,
			const struct vd_json_span *arr, const struct where *w,
			struct vd_error *err)
{
	struct vd_json_iter it;
	struct vd_json_span v;
	uint32_t n = 0;

	snprintf(sec->name, sizeof(sec->name), "%s", name);
	/* MBPP+ writes an empty suite as {} (Mbpp/793); EvalPlus iterates it
	 * as nothing. */
	if (present(arr) && arr->type == VD_JSON_OBJECT && arr->n >= 2 &&
	    count_items(arr) == 0) {
		sec->inputs = vd_calloc(1, sizeof(*sec->inputs));
		return sec->inputs
			       ? 0
			       : fail(err, w, VD_ENOMEM, "out of memory", NULL);
	}
	if (!present(arr) || arr->type != VD_JSON_ARRAY)
		return fail(err, w, VD_EPARSE, "inputs are not an array", name);
	vd_json_iter_init(&it, arr);
	while (vd_json_next(&it, NULL, &v))
		n++;
	if (n > MAX_INPUTS)
		return fail(err, w, VD_E2BIG, "too many inputs", name);
	sec->inputs = vd_calloc(n ? n : 1, sizeof(*sec->inputs));
	if (!sec->inputs)
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	vd_json_iter_init(&it, arr);
	for (uint32_t i = 0; vd_json_next(&it, NULL, &v); i++) {
		if (v.type != VD_JSON_ARRAY) {
			char msg[80];
			snprintf(msg, sizeof(msg),
				 "%s input %u is not an argument list", name,
				 i);
			return fail(err, w, VD_EPARSE, msg, NULL);
		}
		sec->inputs[i].p = v.p;
		sec->inputs[i].n = v.n;
	}
	sec->n = n;
	return 0;
}

static int numeric_task_id(const char *task_id)
{
	const char *slash = strrchr(task_id, '/');
	return slash ? (int)strtol(slash + 1, NULL, 10) : -1;
}

static int load_evalplus(struct vd_problem *p, const struct record *r,
			 const struct where *w, bool mbpp, struct vd_error *err)
{
	char *canonical = NULL;
	int rc;

	p->kind = VD_PROBLEM_CALL;
	p->lang = VD_LANG_PYTHON;
	p->oracle = mbpp ? VD_ORACLE_MBPP : VD_ORACLE_HUMANEVAL;
	p->mbpp_typing = mbpp;
	rc = get_string(&r->prompt, w, "prompt", true, &p->prompt, err);
	if (rc == 0)
		rc = get_string(&r->entry_point, w, "entry_point", true,
				&p->entry_point, err);
	if (rc == 0)
		rc = get_string(&r->canonical, w, "canonical_solution", true,
				&canonical, err);
	if (rc)
		return rc;
	p->reference = concat(p->prompt, canonical, NULL);
	vd_free_mem(canonical);
	if (!p->reference)
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	if (present(&r->atol) && vd_json_double(&r->atol, &p->atol) < 0)
		return fail(err, w, VD_EPARSE, "field 'atol' is not a number",
			    NULL);
	for (size_t i = 0;
	     mbpp && i < sizeof(not_none_tasks) / sizeof(*not_none_tasks); i++)
		if (!strcmp(p->entry_point, not_none_tasks[i]))
			p->output_not_none = true;
	rc = load_section(&p->sections[0], "base", &r->base_input, w, err);
	if (rc == 0)
		rc = load_section(&p->sections[1], "plus", &r->plus_input, w,
				  err);
	if (rc == 0)
		p->n_sections = 2;
	(void)numeric_task_id;
	return rc;
}

static int load_humaneval(struct vd_problem *p, const struct record *r,
			  const struct where *w, struct vd_error *err)
{
	char *canonical = NULL;
	int rc;

	p->kind = VD_PROBLEM_ASSERT;
	p->lang = VD_LANG_PYTHON;
	rc = get_string(&r->prompt, w, "prompt", true, &p->prompt, err);
	if (rc == 0)
		rc = get_string(&r->entry_point, w, "entry_point", true,
				&p->entry_point, err);
	if (rc == 0)
		rc = get_string(&r->test, w, "test", true, &p->test, err);
	if (rc == 0)
		rc = get_string(&r->canonical, w, "canonical_solution", false,
				&canonical, err);
	if (rc)
		return rc;
	if (canonical) {
		p->reference = concat(p->prompt, canonical, NULL);
		vd_free_mem(canonical);
		if (!p->reference)
			return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	}
	return 0;
}

/* Appends a string span and a newline to t. */
static int put_line(struct vd_buf *t, const struct vd_json_span *v,
		    const struct where *w, struct vd_error *err)
{
	int rc = vd_json_string(v, t, false, err);
	if (rc)
		return fail(err, w, rc, "a test line", err ? err->msg : NULL);
	if (vd_buf_putc(t, '\n') != 0)
		rc = fail(err, w, VD_ENOMEM, "out of memory", NULL);
	return rc;
}

/* Sanitized MBPP: the test is test_imports + asserts, the reference is
 * `code`. */
static int load_mbpp(struct vd_problem *p, const struct record *r,
		     const struct where *w, struct vd_error *err)
{
	struct vd_buf t;
	struct vd_json_iter it;
	struct vd_json_span v;
	int rc;

	p->kind = VD_PROBLEM_ASSERT;
	p->lang = VD_LANG_PYTHON;
	rc = get_string(&r->prompt, w, "prompt", false, &p->prompt, err);
	if (rc == 0)
		rc = get_string(&r->code, w, "code", false, &p->reference, err);
	if (rc)
		return rc;
	if (!p->prompt && !(p->prompt = vd_strdup("")))
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	if (!present(&r->test_list) || r->test_list.type != VD_JSON_ARRAY)
		return fail(err, w, VD_EPARSE,
			    "field 'test_list' is not a list", NULL);
	vd_buf_init(&t, VD_BUF_UNLIMITED);
	if (present(&r->test_imports) &&
	    r->test_imports.type == VD_JSON_ARRAY) {
		vd_json_iter_init(&it, &r->test_imports);
		while (rc == 0 && vd_json_next(&it, NULL, &v))
			rc = put_line(&t, &v, w, err);
	}
	if (rc == 0 && vd_buf_putc(&t, '\n') != 0)
		rc = fail(err, w, VD_ENOMEM, "out of memory", NULL);
	vd_json_iter_init(&it, &r->test_list);
	while (rc == 0 && vd_json_next(&it, NULL, &v)) {
		if (v.type != VD_JSON_STRING) {
			rc = fail(err, w, VD_EPARSE,
				  "an assert is not a string", NULL);
			break;
		}
		rc = put_line(&t, &v, w, err);
	}
	if (rc) {
		vd_buf_release(&t);
		return rc;
	}
	p->test = vd_buf_detach(&t, NULL);
	return p->test ? 0 : fail(err, w, VD_ENOMEM, "out of memory", NULL);
}

/* Decodes a JSON string span holding a JSON document into *doc (owned,
 * NUL-terminated) and scans it. */
static int nested_json(const struct vd_json_span *s, const struct where *w,
		       const char *field, char **doc, struct vd_json_span *out,
		       struct vd_error *err)
{
	int rc;
	if (s->type != VD_JSON_STRING)
		return fail(err, w, VD_EPARSE, "field is not a JSON string",
			    field);
	rc = vd_json_string_dup(s, doc, err);
	if (rc == 0)
		rc = vd_json_parse_span(*doc, strlen(*doc), out, err);
	if (rc)
		return fail(err, w, rc, field, err ? err->msg : NULL);
	return 0;
}

static int add_stdio_test(struct vd_problem *p, const struct vd_json_span *in,
			  const struct vd_json_span *out, uint32_t cap,
			  const struct where *w, struct vd_error *err)
{
	struct vd_test *t;
	char name[16];
	char *a = NULL, *b = NULL;
	int rc;

	if (p->n_tests >= cap)
		return fail(err, w, VD_E2BIG, "too many tests", NULL);
	if (in->type != VD_JSON_STRING || out->type != VD_JSON_STRING)
		return fail(err, w, VD_EPARSE,
			    "test input and output must be strings", NULL);
	if ((rc = vd_json_string_dup(in, &a, err)) < 0 ||
	    (rc = vd_json_string_dup(out, &b, err)) < 0) {
		vd_free_mem(a);
		return fail(err, w, rc, "test", err ? err->msg : NULL);
	}
	t = &p->tests[p->n_tests];
	snprintf(name, sizeof(name), "%u", p->n_tests + 1);
	t->name = vd_strdup(name);
	t->input = a;
	t->input_len = strlen(a);
	t->expected = b;
	t->expected_len = strlen(b);
	p->n_tests++;
	return t->name ? 0 : fail(err, w, VD_ENOMEM, "out of memory", NULL);
}

/* APPS / TACO / verl: input_output = {"inputs": [...], "outputs": [...]}. */
static int load_apps(struct vd_problem *p, const struct record *r,
		     const struct where *w, struct vd_error *err)
{
	struct vd_json_span doc, k, v, ins = { 0 }, outs = { 0 }, fn = { 0 };
	struct vd_json_iter it, ii, oi;
	char *text = NULL;
	uint32_t n;
	int rc;

	p->kind = VD_PROBLEM_STDIO;
	p->lang = VD_LANG_PYTHON;
	rc = nested_json(&r->input_output, w, "input_output", &text, &doc, err);
	if (rc)
		goto out;
	vd_json_iter_init(&it, &doc);
	while (vd_json_next(&it, &k, &v)) {
		if (vd_json_key_is(&k, "inputs"))
			ins = v;
		else if (vd_json_key_is(&k, "outputs"))
			outs = v;
		else if (vd_json_key_is(&k, "fn_name"))
			fn = v;
	}
	if (fn.p && fn.type == VD_JSON_STRING) {
		rc = fail(
			err, w, VD_ENOTSUP,
			"call-based (fn_name) problems are not supported in this format",
			NULL);
		goto out;
	}
	if (ins.type != VD_JSON_ARRAY || outs.type != VD_JSON_ARRAY ||
	    count_items(&ins) != count_items(&outs)) {
		rc = fail(
			err, w, VD_EPARSE,
			"input_output needs equally long 'inputs' and 'outputs' lists",
			NULL);
		goto out;
	}
	n = count_items(&ins);
	p->tests = vd_calloc(n ? n : 1, sizeof(*p->tests));
	if (!p->tests) {
		rc = fail(err, w, VD_ENOMEM, "out of memory", NULL);
		goto out;
	}
	vd_json_iter_init(&ii, &ins);
	vd_json_iter_init(&oi, &outs);
	while (rc == 0 && vd_json_next(&ii, NULL, &v) &&
	       vd_json_next(&oi, NULL, &k))
		rc = add_stdio_test(p, &v, &k, n, w, err);
	if (rc == 0 && !(p->prompt = vd_strdup("")))
		rc = fail(err, w, VD_ENOMEM, "out of memory", NULL);
out:
	vd_free_mem(text);
	return rc;
}

static int parse_lang(const struct vd_json_span *s, const struct where *w,
		      int *lang, struct vd_error *err)
{
	char *name = NULL;
	int rc = get_string(s, w, "language", false, &name, err);
	if (rc)
		return rc;
	*lang = name ? vd_lang_parse(name) : VD_LANG_PYTHON;
	if (*lang < 0) {
		rc = fail(err, w, VD_EPARSE, "unknown language", name);
		*lang = VD_LANG_PYTHON;
	}
	vd_free_mem(name);
	return rc;
}

/* Native stdio tests: [{"stdin": ..., "expected_stdout": ...}]. */
static int native_stdio(struct vd_problem *p, const struct record *r,
			const struct where *w, struct vd_error *err)
{
	struct vd_json_iter it, f;
	struct vd_json_span t, k, v, in, out;
	uint32_t n;
	int rc = 0;

	if (!present(&r->tests) || r->tests.type != VD_JSON_ARRAY)
		return fail(err, w, VD_EPARSE, "field 'tests' is not a list",
			    NULL);
	n = count_items(&r->tests);
	p->tests = vd_calloc(n ? n : 1, sizeof(*p->tests));
	if (!p->tests)
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	vd_json_iter_init(&it, &r->tests);
	while (rc == 0 && vd_json_next(&it, NULL, &t)) {
		memset(&in, 0, sizeof(in));
		memset(&out, 0, sizeof(out));
		if (t.type != VD_JSON_OBJECT)
			return fail(err, w, VD_EPARSE,
				    "a test is not an object", NULL);
		vd_json_iter_init(&f, &t);
		while (vd_json_next(&f, &k, &v)) {
			if (vd_json_key_is(&k, "stdin") ||
			    vd_json_key_is(&k, "input"))
				in = v;
			else if (vd_json_key_is(&k, "expected_stdout") ||
				 vd_json_key_is(&k, "output"))
				out = v;
		}
		if (!in.p || !out.p)
			return fail(
				err, w, VD_EPARSE,
				"a test needs 'stdin' and 'expected_stdout'",
				NULL);
		rc = add_stdio_test(p, &in, &out, n, w, err);
	}
	return rc;
}

/* Native call tests: {"input": [args], "output": typed} items, or
 * base_input (+ plus_input) with expected values from the reference. */
static int native_call_tests(struct vd_problem *p, const struct record *r,
			     const struct where *w, struct vd_error *err)
{
	struct vd_json_iter it, f;
	struct vd_json_span t, k, v;
	struct vd_section *sec = &p->sections[0];
	uint32_t n, i = 0;
	int rc;

	rc = get_string(&r->entry_point, w, "entry_point", true,
			&p->entry_point, err);
	if (rc)
		return rc;
	if (present(&r->base_input)) {
		rc = load_section(sec, "base", &r->base_input, w, err);
		p->n_sections = 1;
		if (rc == 0 && present(&r->plus_input)) {
			rc = load_section(&p->sections[1], "plus",
					  &r->plus_input, w, err);
			p->n_sections = 2;
		}
		if (rc == 0 && !p->reference)
			rc = fail(
				err, w, VD_EPARSE,
				"inputs without outputs need a reference_solution",
				NULL);
		return rc;
	}
	if (!present(&r->tests) || r->tests.type != VD_JSON_ARRAY)
		return fail(err, w, VD_EPARSE,
			    "a call problem needs 'tests' or 'base_input'",
			    NULL);
	n = count_items(&r->tests);
	snprintf(sec->name, sizeof(sec->name), "base");
	sec->inputs = vd_calloc(n ? n : 1, sizeof(*sec->inputs));
	sec->expected = vd_calloc(n ? n : 1, sizeof(*sec->expected));
	if (!sec->inputs || !sec->expected)
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	p->n_sections = 1;
	vd_json_iter_init(&it, &r->tests);
	while (vd_json_next(&it, NULL, &t)) {
		if (t.type != VD_JSON_OBJECT)
			return fail(err, w, VD_EPARSE,
				    "a test is not an object", NULL);
		vd_json_iter_init(&f, &t);
		while (vd_json_next(&f, &k, &v)) {
			if (vd_json_key_is(&k, "input")) {
				if (v.type != VD_JSON_ARRAY)
					return fail(
						err, w, VD_EPARSE,
						"a test's 'input' is not an argument list",
						NULL);
				sec->inputs[i].p = v.p;
				sec->inputs[i].n = v.n;
			} else if (vd_json_key_is(&k, "output")) {
				sec->expected[i].p = v.p;
				sec->expected[i].n = v.n;
			}
		}
		if (!sec->inputs[i].p || !sec->expected[i].p)
			return fail(err, w, VD_EPARSE,
				    "a test needs 'input' and 'output'", NULL);
		i++;
	}
	sec->n = i;
	return 0;
}

/* A native call problem: its tests, then the optional `perf_input` (lists
 * of arguments that `verdict perf` measures on). */
static int native_levels(struct vd_problem *p, const struct record *r,
			 const struct where *w, struct vd_error *err)
{
	struct vd_json_iter it;
	struct vd_json_span v;
	uint32_t n = 0;
	double d, sum = 0;

	if (!present(&r->perf_level) && !present(&r->perf_hardness))
		return 0;
	if (!present(&r->perf_level) || !present(&r->perf_hardness) ||
	    !present(&r->perf_input))
		return fail(err, w, VD_EPARSE,
			    "perf_level and perf_hardness go together, with "
			    "perf_input",
			    NULL);
	if (r->perf_hardness.type != VD_JSON_ARRAY)
		return fail(err, w, VD_EPARSE, "perf_hardness is not an array",
			    NULL);
	vd_json_iter_init(&it, &r->perf_hardness);
	while (vd_json_next(&it, NULL, &v)) {
		if (n == VD_PERF_MAX_LEVELS)
			return fail(err, w, VD_EPARSE,
				    "perf_hardness has more than 8 levels",
				    NULL);
		if (vd_json_double(&v, &d) < 0 || !(d >= 0) || d > 1e6)
			return fail(err, w, VD_EPARSE,
				    "a perf_hardness weight is not a number "
				    "in [0, 1e6]",
				    NULL);
		p->level_hardness[n++] = d;
		sum += d;
	}
	if (!(sum > 0))
		return fail(err, w, VD_EPARSE,
			    "perf_hardness has no level of weight > 0", NULL);
	p->n_levels = n;
	if (r->perf_level.type != VD_JSON_ARRAY ||
	    count_items(&r->perf_level) != p->perf.n)
		return fail(err, w, VD_EPARSE,
			    "perf_level is not an array as long as perf_input",
			    NULL);
	p->perf_level = vd_calloc(p->perf.n ? p->perf.n : 1, 1);
	if (!p->perf_level)
		return fail(err, w, VD_ENOMEM, "out of memory", NULL);
	vd_json_iter_init(&it, &r->perf_level);
	for (uint32_t i = 0; vd_json_next(&it, NULL, &v); i++) {
		if (vd_json_double(&v, &d) < 0 || d != (double)(uint32_t)d ||
		    d < 1 || d > n)
			return fail(err, w, VD_EPARSE,
				    "a perf_level is not a level of "
				    "perf_hardness (1, 2, ...)",
				    NULL);
		p->perf_level[i] = (uint8_t)d;
	}
	return 0;
}

static int native_call(struct vd_problem *p, const struct record *r,
		       const struct where *w, struct vd_error *err)
{
	int rc = native_call_tests(p, r, w, err);
	if (rc == 0 && present(&r->perf_input) &&
	    r->perf_input.type == VD_JSON_STRING) {
		/* "plus_input": the same inputs, not written twice */
		if (!vd_json_key_is(&r->perf_input, "plus_input") ||
		    p->n_sections < 2)
			return fail(err, w, VD_EPARSE,
				    "perf_input is a string other than "
				    "\"plus_input\" (with a plus_input)",
				    NULL);
		rc = load_section(&p->perf, "perf", &r->plus_input, w, err);
	} else if (rc == 0 && present(&r->perf_input)) {
		rc = load_section(&p->perf, "perf", &r->perf_input, w, err);
	}
	if (rc == 0)
		rc = native_levels(p, r, w, err);
	if (rc == 0 && present(&r->strict_type)) {
		if (r->strict_type.type != VD_JSON_TRUE &&
		    r->strict_type.type != VD_JSON_FALSE)
			return fail(err, w, VD_EPARSE,
				    "strict_type is not true or false", NULL);
		p->strict_type = r->strict_type.type == VD_JSON_TRUE;
	}
	if (rc == 0 && present(&r->oracle)) {
		/* EvalPlus's special oracles by entry point (oracle.h) */
		if (vd_json_key_is(&r->oracle, "humaneval"))
			p->oracle = VD_ORACLE_HUMANEVAL;
		else if (vd_json_key_is(&r->oracle, "mbpp+"))
			p->oracle = VD_ORACLE_MBPP;
		else if (!vd_json_key_is(&r->oracle, "plain"))
			return fail(err, w, VD_EPARSE,
				    "oracle is not plain, humaneval or mbpp+",
				    NULL);
	}
	return rc;
}

static int load_native(struct vd_problem *p, const struct record *r,
		       const struct where *w, struct vd_error *err)
{
	char *kind = NULL;
	double d;
	int rc;

	rc = parse_lang(&r->language, w, &p->lang, err);
	if (rc == 0)
		rc = get_string(&r->kind, w, "kind", true, &kind, err);
	if (rc == 0)
		rc = get_string(&r->prompt, w, "prompt", false, &p->prompt,
				err);
	if (rc == 0)
		rc = get_string(&r->reference, w, "reference_solution", false,
				&p->reference, err);
	if (rc == 0)
		rc = get_string(&r->checker, w, "checker", false, &p->checker,
				err);
	if (rc)
		goto out;
	if (!p->prompt && !(p->prompt = vd_strdup(""))) {
		rc = fail(err, w, VD_ENOMEM, "out of memory", NULL);
		goto out;
	}
	if (present(&r->time_limit)) {
		if (vd_json_double(&r->time_limit, &d) < 0 || !(d > 0) ||
		    d > 3600) {
			rc = fail(err, w, VD_EPARSE,
				  "time_limit_s must be a number in (0, 3600]",
				  NULL);
			goto out;
		}
		p->time_limit_ms = (uint64_t)(d * 1000.0 + 0.5);
	}
	if (present(&r->memory_limit)) {
		if (vd_json_double(&r->memory_limit, &d) < 0 || !(d >= 1) ||
		    d > 1048576) {
			rc = fail(
				err, w, VD_EPARSE,
				"memory_limit_mb must be a number in [1, 1048576]",
				NULL);
			goto out;
		}
		p->memory_limit_kb = (uint64_t)(d * 1024.0);
	}
	if (present(&r->atol) && vd_json_double(&r->atol, &p->atol) < 0) {
		rc = fail(err, w, VD_EPARSE, "field 'atol' is not a number",
			  NULL);
		goto out;
	}
	if (!strcmp(kind, "stdio")) {
		p->kind = VD_PROBLEM_STDIO;
		rc = native_stdio(p, r, w, err);
	} else if (!strcmp(kind, "call")) {
		p->kind = VD_PROBLEM_CALL;
		p->typed_args = true;
		if (p->lang != VD_LANG_PYTHON)
			rc = fail(err, w, VD_EPARSE,
				  "call problems are Python only", NULL);
		else
			rc = native_call(p, r, w, err);
	} else if (!strcmp(kind, "assert")) {
		p->kind = VD_PROBLEM_ASSERT;
		rc = get_string(&r->test, w, "test", true, &p->test, err);
		if (rc == 0)
			rc = get_string(&r->entry_point, w, "entry_point",
					false, &p->entry_point, err);
	} else {
		rc = fail(err, w, VD_EPARSE,
			  "kind must be stdio, call or assert", kind);
	}
out:
	vd_free_mem(kind);
	return rc;
}

static int detect(const struct record *r, const char *task_id)
{
	if (present(&r->base_input) && present(&r->plus_input) &&
	    present(&r->canonical))
		return task_id && !strncmp(task_id, "Mbpp/", 5)
			       ? VD_FORMAT_EVALPLUS_MBPP
			       : VD_FORMAT_EVALPLUS_HUMANEVAL;
	if (present(&r->kind))
		return VD_FORMAT_NATIVE;
	if (present(&r->test_list))
		return VD_FORMAT_MBPP;
	if (present(&r->input_output))
		return VD_FORMAT_APPS;
	if (present(&r->test) && present(&r->entry_point))
		return VD_FORMAT_HUMANEVAL;
	return -1;
}

static int record_id(const struct record *r, const struct where *w, char **out,
		     struct vd_error *err)
{
	const struct vd_json_span *s = present(&r->task_id) ? &r->task_id
				       : present(&r->question_id)
					       ? &r->question_id
					       : &r->problem_id;
	char num[32];

	if (present(s) && s->type == VD_JSON_NUMBER && s->n < sizeof(num)) {
		memcpy(num, s->p, s->n);
		num[s->n] = '\0';
		*out = vd_strdup(num);
		return *out ? 0
			    : fail(err, w, VD_ENOMEM, "out of memory", NULL);
	}
	return get_string(s, w, "task_id", true, out, err);
}

static int load_record(struct vd_dataset *d, const struct vd_json_span *obj,
		       const struct where *w, struct vd_error *err)
{
	struct vd_problem *p = &d->problems[d->n];
	struct record r;
	int fmt, rc;

	if (obj->type != VD_JSON_OBJECT)
		return fail(err, w, VD_EPARSE, "a record is not a JSON object",
			    NULL);
	collect(obj, &r);
	memset(p, 0, sizeof(*p));
	rc = record_id(&r, w, &p->task_id, err);
	if (rc)
		return rc;
	fmt = d->format ? d->format : detect(&r, p->task_id);
	if (fmt < 0) {
		vd_free_mem(p->task_id);
		return fail(err, w, VD_EPARSE,
			    "cannot tell the dataset format from this record",
			    NULL);
	}
	d->format = fmt;
	d->n++; /* owned now: freed with the dataset even on error */
	switch (fmt) {
	case VD_FORMAT_EVALPLUS_HUMANEVAL:
	case VD_FORMAT_EVALPLUS_MBPP:
		return load_evalplus(p, &r, w, fmt == VD_FORMAT_EVALPLUS_MBPP,
				     err);
	case VD_FORMAT_HUMANEVAL:
		return load_humaneval(p, &r, w, err);
	case VD_FORMAT_MBPP:
		return load_mbpp(p, &r, w, err);
	case VD_FORMAT_APPS:
		return load_apps(p, &r, w, err);
	default:
		return load_native(p, &r, w, err);
	}
}

static int grow(struct vd_dataset *d, uint32_t *cap)
{
	struct vd_problem *np;
	if (d->n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 256;
	np = vd_realloc(d->problems, *cap * sizeof(*np));
	if (!np)
		return VD_ENOMEM;
	d->problems = np;
	return 0;
}

static int load_lines(struct vd_dataset *d, const char *path,
		      struct vd_error *err)
{
	const char *p = d->text.data, *end = p + d->text.len;
	struct where w = { path, 0, false };
	uint32_t cap = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct vd_json_span obj;
		const char *q = p;
		int rc;

		w.line++;
		while (q < le && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q < le) {
			if (grow(d, &cap) < 0)
				return fail(err, &w, VD_ENOMEM, "out of memory",
					    NULL);
			rc = vd_json_parse_span(q, (size_t)(le - q), &obj, err);
			if (rc)
				return fail(err, &w, VD_EPARSE, "broken JSON",
					    err ? err->msg : NULL);
			rc = load_record(d, &obj, &w, err);
			if (rc)
				return rc;
		}
		p = le + 1;
	}
	return 0;
}

static int load_array(struct vd_dataset *d, const char *path,
		      struct vd_error *err)
{
	struct vd_json_span all, item;
	struct vd_json_iter it;
	struct where w = { path, 0, true };
	uint32_t cap = 0;
	int rc;

	rc = vd_json_parse_span(d->text.data, d->text.len, &all, err);
	if (rc)
		return vd_error_wrap(err, rc, "%s", path);
	vd_json_iter_init(&it, &all);
	while (vd_json_next(&it, NULL, &item)) {
		w.line++;
		if (grow(d, &cap) < 0)
			return fail(err, &w, VD_ENOMEM, "out of memory", NULL);
		rc = load_record(d, &item, &w, err);
		if (rc)
			return rc;
	}
	return 0;
}

static int cmp_order(const void *a, const void *b, void *ctx)
{
	const struct vd_dataset *d = ctx;
	return strcmp(d->problems[*(const uint32_t *)a].task_id,
		      d->problems[*(const uint32_t *)b].task_id);
}

static int build_index(struct vd_dataset *d, const char *path,
		       struct vd_error *err)
{
	d->order = vd_calloc(d->n ? d->n : 1, sizeof(*d->order));
	if (!d->order)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	for (uint32_t i = 0; i < d->n; i++)
		d->order[i] = i;
	qsort_r(d->order, d->n, sizeof(*d->order), cmp_order, d);
	for (uint32_t i = 1; i < d->n; i++)
		if (!strcmp(d->problems[d->order[i]].task_id,
			    d->problems[d->order[i - 1]].task_id))
			return vd_error_set(err, VD_EPARSE, 0,
					    "%s: task id '%s' appears twice",
					    path,
					    d->problems[d->order[i]].task_id);
	return 0;
}

static const char *format_name(int f)
{
	switch (f) {
	case VD_FORMAT_HUMANEVAL:
		return "humaneval";
	case VD_FORMAT_EVALPLUS_HUMANEVAL:
		return "humaneval+";
	case VD_FORMAT_EVALPLUS_MBPP:
		return "mbpp+";
	case VD_FORMAT_MBPP:
		return "mbpp";
	case VD_FORMAT_APPS:
		return "apps";
	default:
		return "native";
	}
}

int vd_dataset_format_parse(const char *name)
{
	static const struct {
		const char *name;
		int format;
	} names[] = {
		{ "auto", VD_FORMAT_AUTO },
		{ "humaneval", VD_FORMAT_HUMANEVAL },
		{ "humaneval+", VD_FORMAT_EVALPLUS_HUMANEVAL },
		{ "humanevalplus", VD_FORMAT_EVALPLUS_HUMANEVAL },
		{ "mbpp+", VD_FORMAT_EVALPLUS_MBPP },
		{ "mbppplus", VD_FORMAT_EVALPLUS_MBPP },
		{ "mbpp", VD_FORMAT_MBPP },
		{ "apps", VD_FORMAT_APPS },
		{ "lcb", VD_FORMAT_APPS },
		{ "native", VD_FORMAT_NATIVE },
	};
	for (size_t i = 0; name && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name))
			return names[i].format;
	return -1;
}

int vd_dataset_load(const char *path, int format, const char *name,
		    struct vd_dataset **out, struct vd_error *err)
{
	struct vd_dataset *d = vd_calloc(1, sizeof(*d));
	const char *first;
	int rc;

	if (!d)
		return vd_error_set(err, VD_ENOMEM, 0, "out of memory");
	d->format = format;
	vd_buf_init(&d->text, MAX_DATASET_BYTES);
	rc = vd_file_read(path, MAX_DATASET_BYTES, &d->text, err);
	if (rc)
		goto fail;
	if (!d->text.data || d->text.len == 0) {
		rc = vd_error_set(err, VD_EPARSE, 0, "%s: empty file", path);
		goto fail;
	}
	if (vd_md5_hex(d->text.data, d->text.len, d->md5) < 0 ||
	    vd_sha256_hex(d->text.data, d->text.len, d->sha256) < 0) {
		rc = vd_error_set(err, VD_ENOMEM, 0, "out of memory");
		goto fail;
	}
	first = d->text.data;
	while (*first == ' ' || *first == '\n' || *first == '\t' ||
	       *first == '\r')
		first++;
	rc = *first == '[' ? load_array(d, path, err)
			   : load_lines(d, path, err);
	if (rc)
		goto fail;
	if (d->n == 0) {
		rc = vd_error_set(err, VD_EPARSE, 0, "%s: no problems", path);
		goto fail;
	}
	rc = build_index(d, path, err);
	if (rc)
		goto fail;
	snprintf(d->name, sizeof(d->name), "%s",
		 name ? name : format_name(d->format));
	*out = d;
	return 0;
fail:
	vd_dataset_free(d);
	return rc;
}

static void free_problem(struct vd_problem *p)
{
	vd_free_mem(p->task_id);
	vd_free_mem(p->prompt);
	vd_free_mem(p->entry_point);
	vd_free_mem(p->reference);
	vd_free_mem(p->test);
	vd_free_mem(p->checker);
	for (uint32_t s = 0; s < VD_MAX_SECTIONS; s++) {
		vd_free_mem(p->sections[s].inputs);
		vd_free_mem(p->sections[s].expected);
	}
	vd_free_mem(p->perf.inputs);
	vd_free_mem(p->perf_level);
	for (uint32_t i = 0; i < p->n_tests; i++) {
		vd_free_mem((void *)(uintptr_t)p->tests[i].name);
		vd_free_mem((void *)(uintptr_t)p->tests[i].input);
		vd_free_mem((void *)(uintptr_t)p->tests[i].expected);
	}
	vd_free_mem(p->tests);
}

void vd_dataset_free(struct vd_dataset *d)
{
	if (!d)
		return;
	for (uint32_t i = 0; i < d->n; i++)
		free_problem(&d->problems[i]);
	vd_free_mem(d->problems);
	vd_free_mem(d->order);
	vd_buf_release(&d->text);
	vd_free_mem(d);
}

int64_t vd_dataset_index(const struct vd_dataset *d, const char *task_id)
{
	uint32_t lo = 0, hi = d->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->problems[d->order[mid]].task_id, task_id);
		if (c == 0)
			return d->order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

const struct vd_problem *vd_dataset_find(const struct vd_dataset *d,
					 const char *task_id)
{
	int64_t i = vd_dataset_index(d, task_id);
	return i < 0 ? NULL : &d->problems[i];
}
