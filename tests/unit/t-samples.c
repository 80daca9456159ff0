/* Unit tests of samples: the four sample shapes and their errors. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "harness.h"
#include "samples.h"

static char dir[] = "/tmp/verdict-t-samples-XXXXXX";
static struct vd_dataset *d;

/* A file NAME in the test's folder holding text; the path lives until the
 * next call. */
static const char *put(const char *name, const char *text)
{
	return harness_put_file(dir, name, text);
}

TEST(jsonl_solution_and_completion)
{
	struct vd_samples *s = NULL;
	struct vd_error e;
	const char *p = put(
		"s.jsonl",
		"{\"task_id\": \"t/1\", \"completion\": \"    return 1\\n\"}\n"
		"\n"
		"{\"task_id\": \"t/0\", \"solution\": \"A\", \"completion\": \"ignored\"}\n"
		"{\"task_id\": \"t/0\", \"solution\": \"B\", \"language\": \"c\"}\n");
	CHECK_EQ_INT(vd_samples_load(p, d, 1, &s, &e), 0);
	if (!s)
		return;
	CHECK_EQ_INT(s->n, 3);
	/* sorted by task (dataset order), then completion id */
	CHECK_STREQ(s->v[0].code, "A");
	CHECK_EQ_INT(s->v[0].index, 0);
	CHECK_STREQ(s->v[1].code, "B");
	CHECK_EQ_INT(s->v[1].lang, VD_LANG_C);
	CHECK_EQ_INT(s->v[1].index, 1);
	CHECK_STREQ(s->v[2].code, "def one():\n    return 1\n");
	CHECK_EQ_INT(s->v[2].prompt_len, strlen("def one():\n"));
	CHECK(strstr(s->v[2].origin, "s.jsonl:1") != NULL);
	vd_samples_free(s);
}

TEST(bigcode_and_lcb)
{
	struct vd_samples *s = NULL;
	struct vd_error e;
	CHECK_EQ_INT(vd_samples_load(put("b.json", "[[\"x\", \"y\"], [\"z\"]]"),
				     d, 1, &s, &e),
		     0);
	CHECK(s && s->n == 3 && s->v[0].problem == 0 && s->v[2].problem == 1);
	vd_samples_free(s);
	CHECK_EQ_INT(
		vd_samples_load(
			put("l.json",
			    "[{\"question_id\": \"t/1\", \"code_list\": [\"q\"]}, "
			    "{\"question_id\": \"t/0\", \"code_list\": [\"p\", \"r\"]}]"),
			d, 1, &s, &e),
		0);
	CHECK(s && s->n == 3 && !strcmp(s->v[0].code, "p"));
	vd_samples_free(s);
}

TEST(directory_in_numeric_order)
{
	struct vd_samples *s = NULL;
	struct vd_error e;
	char p[300];
	snprintf(p, sizeof(p), "%s/dir", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/dir/t_0", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/dir/t_1", dir);
	mkdir(p, 0755);
	put("dir/t_0/10.py", "ten");
	put("dir/t_0/9.py", "nine");
	put("dir/t_0/notes.txt", "ignored");
	put("dir/t_1/0.py", "zero");
	snprintf(p, sizeof(p), "%s/dir", dir);
	CHECK_EQ_INT(vd_samples_load(p, d, 1, &s, &e), 0);
	if (!s)
		return;
	CHECK_EQ_INT(s->n, 3);
	CHECK_STREQ(s->v[0].code, "nine");
	CHECK_STREQ(s->v[1].code, "ten");
	CHECK_STREQ(s->v[2].code, "zero");
	vd_samples_free(s);
}

TEST(errors_and_warnings)
{
	struct vd_samples *s = NULL;
	struct vd_error e;
	CHECK_EQ_INT(
		vd_samples_load(
			put("m.jsonl",
			    "{\"task_id\": \"t/0\", \"solution\": \"x\"}\n"),
			d, 1, &s, &e),
		VD_EPARSE);
	CHECK(strstr(e.msg, "1 of 2 tasks have no sample (t/1)") != NULL);
	CHECK_EQ_INT(
		vd_samples_load(
			put("x.jsonl",
			    "{\"task_id\": \"t/0\", \"solution\": \"x\"}\n{]\n"),
			d, 1, &s, &e),
		VD_EPARSE);
	CHECK(strstr(e.msg, "x.jsonl:2: broken JSON") != NULL);
	CHECK_EQ_INT(vd_samples_load(
			     put("n.jsonl",
				 "{\"task_id\": \"t/0\", \"answer\": \"x\"}\n"),
			     d, 1, &s, &e),
		     VD_EPARSE);
	CHECK(strstr(e.msg, "n.jsonl:1: no string 'solution'") != NULL);
	CHECK_EQ_INT(
		vd_samples_load(
			put("q.json",
			    "[{\"question_id\": \"t/0\", \"code_list\": []}, "
			    "{\"question_id\": \"t/0\", \"code_list\": []}]"),
			d, 0, &s, &e),
		VD_EPARSE);
	CHECK_EQ_INT(vd_samples_load("/nonexistent.jsonl", d, 1, &s, &e),
		     VD_ENOENT);
	CHECK_EQ_INT(
		vd_samples_load(
			put("u.jsonl",
			    "{\"task_id\": \"t/0\", \"solution\": \"x\"}\n"
			    "{\"task_id\": \"t/1\", \"solution\": \"y\"}\n"
			    "{\"task_id\": \"zz\", \"solution\": \"z\"}\n"),
			d, 1, &s, &e),
		0);
	CHECK(s && s->n == 2 && s->n_warnings == 1 &&
	      strstr(s->warnings[0], "task zz") != NULL);
	vd_samples_free(s);
}

/*
 * Allocation failure at every point of a load: VD_ENOMEM with a message
 * and no samples, or all of them; never a crash or a leak (ASan).
 */
static void torture(const char *path, uint32_t want_n, uint32_t want_warnings)
{
	struct vd_samples *s;
	struct vd_error e;
	long n, failed;
	int rc, bad = 0;

	for (n = 0;; n++) {
		s = NULL;
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_samples_load(path, d, 1, &s, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc == 0 &&
		    (!s || s->n != want_n || s->n_warnings != want_warnings))
			bad++;
		if (rc != 0 && (s || rc != VD_ENOMEM || e.code != rc ||
				!strstr(e.msg, "out of memory"))) {
			if (bad++ < 3)
				printf("# %s, allocation %ld: %d '%s'\n", path,
				       n, rc, e.msg);
		}
		vd_samples_free(rc == 0 ? s : NULL);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	printf("# %s: %ld allocations\n", strrchr(path, '/') + 1, n);
}

TEST(alloc_torture_every_shape)
{
	char p[300];

	snprintf(
		p, sizeof(p), "%s",
		put("tj.jsonl",
		    "{\"task_id\": \"t/1\", \"completion\": \"    return 1\\n\"}\n"
		    "\n"
		    "{\"task_id\": \"zz\", \"solution\": \"z\"}\n"
		    "{\"task_id\": \"t/0\", \"solution\": \"A\\u00e9\", \"language\": \"c\"}\n"
		    "{\"task_id\": \"t/0\", \"solution\": \"\"}\n"));
	torture(p, 3, 1);
	snprintf(p, sizeof(p), "%s",
		 put("tb.json", "[[\"x\", \"\"], [\"z\"]]"));
	torture(p, 3, 0);
	snprintf(
		p, sizeof(p), "%s",
		put("tl.json",
		    "[{\"question_id\": \"t/1\", \"code_list\": [\"q\"]}, "
		    "{\"question_id\": \"nope\", \"code_list\": [\"n\"]}, "
		    "{\"question_id\": \"t/0\", \"code_list\": [\"p\", \"\"]}]"));
	torture(p, 3, 1);
	snprintf(p, sizeof(p), "%s/td", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/td/t_0", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/td/t_1", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/td/zz", dir);
	mkdir(p, 0755);
	put("td/t_0/1.py", "one");
	put("td/t_0/0.py", "");
	put("td/t_1/0.py", "zero");
	put("td/zz/0.py", "unknown");
	snprintf(p, sizeof(p), "%s/td", dir);
	torture(p, 3, 1);
}

int main(void)
{
	struct vd_error e;
	char cmd[300];
	if (!mkdtemp(dir))
		return 1;
	if (vd_dataset_load(
		    put("d.jsonl",
			"{\"task_id\": \"t/0\", \"kind\": \"stdio\", \"tests\": []}\n"
			"{\"task_id\": \"t/1\", \"kind\": \"assert\", \"prompt\": \"def one():\\n\", \"test\": \"\"}\n"),
		    VD_FORMAT_AUTO, NULL, &d, &e) < 0) {
		printf("# %s\n", e.msg);
		return 1;
	}
	RUN(jsonl_solution_and_completion);
	RUN(bigcode_and_lcb);
	RUN(directory_in_numeric_order);
	RUN(errors_and_warnings);
	RUN(alloc_torture_every_shape);
	vd_dataset_free(d);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
