/* Unit tests of dataset: the loaders, their errors, and the real files. */
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "alloc.h"
#include "dataset.h"
#include "harness.h"
#include "oracle.h"

static char dir[] = "/tmp/verdict-t-dataset-XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char p[256];
	FILE *f;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
	return p;
}

static int load(const char *name, const char *text, struct vd_dataset **d,
		struct vd_error *e)
{
	return vd_dataset_load(write_file(name, text), VD_FORMAT_AUTO, NULL, d,
			       e);
}

TEST(evalplus_record)
{
	struct vd_dataset *d = NULL;
	struct vd_error e;
	const struct vd_problem *p;
	CHECK_EQ_INT(
		load("he.jsonl",
		     "{\"task_id\": \"HumanEval/1\", \"prompt\": \"def f(x):\\n\", "
		     "\"entry_point\": \"f\", \"canonical_solution\": \"    return x\\n\", "
		     "\"base_input\": [[1], [123456789012345678901234567890]], "
		     "\"plus_input\": [[Infinity], [NaN]], \"atol\": 1e-06}\n",
		     &d, &e),
		0);
	if (!d)
		return;
	CHECK_STREQ(d->name, "humaneval+");
	p = vd_dataset_find(d, "HumanEval/1");
	CHECK(p != NULL && p->kind == VD_PROBLEM_CALL);
	CHECK_STREQ(p->reference, "def f(x):\n    return x\n");
	CHECK_EQ_INT(p->n_sections, 2);
	CHECK_EQ_INT(p->sections[0].n, 2);
	CHECK(p->sections[0].inputs[1].n == 32 &&
	      !memcmp(p->sections[0].inputs[1].p,
		      "[123456789012345678901234567890]", 32));
	CHECK(!memcmp(p->sections[1].inputs[0].p, "[Infinity]", 10));
	CHECK_NEAR(p->atol, 1e-6, 1e-12);
	CHECK(vd_dataset_find(d, "HumanEval/2") == NULL);
	vd_dataset_free(d);
}

TEST(mbpp_typing_and_empty_suite)
{
	struct vd_dataset *d = NULL;
	struct vd_error e;
	const struct vd_problem *p;
	CHECK_EQ_INT(
		load("mbpp.jsonl",
		     "{\"task_id\": \"Mbpp/793\", \"prompt\": \"\", \"entry_point\": \"check_str\", "
		     "\"canonical_solution\": \"def check_str(s):\\n    return s\\n\", "
		     "\"base_input\": [[\"a\"]], \"plus_input\": {}, \"atol\": 0}\n",
		     &d, &e),
		0);
	if (!d)
		return;
	p = &d->problems[0];
	CHECK(p->mbpp_typing);
	CHECK(p->output_not_none);
	CHECK_EQ_INT(p->sections[1].n, 0);
	CHECK_STREQ(d->name, "mbpp+");
	vd_dataset_free(d);
}

TEST(other_formats)
{
	struct vd_dataset *d = NULL;
	struct vd_error e;
	CHECK_EQ_INT(
		load("humaneval.jsonl",
		     "{\"task_id\": \"HumanEval/0\", \"prompt\": \"p\", \"entry_point\": \"f\", "
		     "\"canonical_solution\": \"c\", \"test\": \"def check(f): pass\"}\n",
		     &d, &e),
		0);
	CHECK(d && d->problems[0].kind == VD_PROBLEM_ASSERT);
	vd_dataset_free(d);
	CHECK_EQ_INT(
		load("mbpp.json",
		     "[{\"task_id\": 2, \"prompt\": \"p\", \"code\": \"def f(): pass\", "
		     "\"test_imports\": [\"import math\"], \"test_list\": [\"assert f() is None\"]}]",
		     &d, &e),
		0);
	CHECK(d && d->problems[0].kind == VD_PROBLEM_ASSERT);
	CHECK(d && !strcmp(d->problems[0].task_id, "2"));
	CHECK(d && strstr(d->problems[0].test, "import math\n") &&
	      strstr(d->problems[0].test, "assert f() is None\n"));
	vd_dataset_free(d);
	CHECK_EQ_INT(
		load("apps.jsonl",
		     "{\"problem_id\": 7, \"input_output\": \"{\\\"inputs\\\": [\\\"1 2\\\\n\\\"], \\\"outputs\\\": [\\\"3\\\\n\\\"]}\"}\n",
		     &d, &e),
		0);
	CHECK(d && d->problems[0].kind == VD_PROBLEM_STDIO &&
	      d->problems[0].n_tests == 1);
	CHECK(d && !strcmp(d->problems[0].tests[0].input, "1 2\n"));
	vd_dataset_free(d);
	CHECK_EQ_INT(
		load("native.jsonl",
		     "{\"task_id\": \"n/1\", \"kind\": \"stdio\", \"language\": \"cpp\", "
		     "\"time_limit_s\": 1.5, \"memory_limit_mb\": 64, \"checker\": \"tokens\", "
		     "\"tests\": [{\"stdin\": \"x\", \"expected_stdout\": \"y\"}]}\n"
		     "{\"task_id\": \"n/2\", \"kind\": \"call\", \"entry_point\": \"f\", "
		     "\"tests\": [{\"input\": [1], \"output\": {\"$tuple\": [1]}}]}\n",
		     &d, &e),
		0);
	if (d) {
		CHECK_EQ_INT(d->problems[0].lang, VD_LANG_CPP);
		CHECK_EQ_INT(d->problems[0].time_limit_ms, 1500);
		CHECK_EQ_INT(d->problems[0].memory_limit_kb, 65536);
		CHECK_STREQ(d->problems[0].checker, "tokens");
		CHECK(d->problems[1].sections[0].expected != NULL);
	}
	vd_dataset_free(d);
}

TEST(errors_name_file_and_line)
{
	struct vd_dataset *d = NULL;
	struct vd_error e;
	CHECK_EQ_INT(
		load("bad.jsonl",
		     "{\"task_id\": \"a\", \"kind\": \"stdio\", \"tests\": []}\n{oops\n",
		     &d, &e),
		VD_EPARSE);
	CHECK(strstr(e.msg, "bad.jsonl:2: broken JSON") != NULL);
	CHECK_EQ_INT(
		load("dup.jsonl",
		     "{\"task_id\": \"a\", \"kind\": \"stdio\", \"tests\": []}\n"
		     "{\"task_id\": \"a\", \"kind\": \"stdio\", \"tests\": []}\n",
		     &d, &e),
		VD_EPARSE);
	CHECK(strstr(e.msg, "'a' appears twice") != NULL);
	CHECK_EQ_INT(load("kind.jsonl",
			  "{\"task_id\": \"a\", \"kind\": \"quiz\"}\n", &d, &e),
		     VD_EPARSE);
	CHECK(strstr(e.msg, "kind.jsonl:1: kind must be") != NULL);
	CHECK_EQ_INT(load("noid.jsonl", "{\"prompt\": \"x\"}\n", &d, &e),
		     VD_EPARSE);
	CHECK(strstr(e.msg, "noid.jsonl:1:") != NULL);
	CHECK_EQ_INT(load("empty.jsonl", "\n\n", &d, &e), VD_EPARSE);
	CHECK_EQ_INT(
		load("limit.jsonl",
		     "{\"task_id\": \"a\", \"kind\": \"stdio\", \"time_limit_s\": -1, \"tests\": []}\n",
		     &d, &e),
		VD_EPARSE);
	CHECK(strstr(e.msg, "time_limit_s") != NULL);
	CHECK(d == NULL);
}

/* The ENAMEL fields of a native call problem (docs/formats.md). */
TEST(native_levels)
{
#define LV_HEAD                                                             \
	"{\"task_id\": \"l\", \"kind\": \"call\", \"entry_point\": \"f\", " \
	"\"reference_solution\": \"def f(x): return x\", "                  \
	"\"base_input\": [[1]], \"plus_input\": [[2], [3], [4]]"
	static const struct {
		const char *tail, *error;
	} bad[] = {
		{ ", \"perf_input\": \"plus_input\", \"perf_level\": [1, 2, 3]}",
		  "perf_level and perf_hardness go together" },
		{ ", \"perf_input\": [[5]], \"perf_level\": [1], \"perf_hardness\": [0, 0]}",
		  "no level of weight > 0" },
		{ ", \"perf_input\": [[5]], \"perf_level\": [3], \"perf_hardness\": [1, 1]}",
		  "not a level of perf_hardness" },
		{ ", \"perf_input\": [[5]], \"perf_level\": [1, 1], \"perf_hardness\": [1]}",
		  "as long as perf_input" },
		{ ", \"perf_input\": [[5]], \"perf_level\": [1.5], \"perf_hardness\": [1, 1]}",
		  "not a level" },
		{ ", \"perf_input\": [[5]], \"perf_level\": [1], \"perf_hardness\": [1, 1, 1, 1, 1, 1, 1, 1, 1]}",
		  "more than 8 levels" },
		{ ", \"perf_input\": \"base_input\"}",
		  "other than \"plus_input\"" },
		{ ", \"strict_type\": 1}", "strict_type is not true or false" },
		{ ", \"oracle\": \"mbpp\"}",
		  "oracle is not plain, humaneval or mbpp+" },
	};
	struct vd_dataset *d = NULL;
	struct vd_error e;
	char text[512];

	CHECK_EQ_INT(load("levels.jsonl",
			  LV_HEAD
			  ", \"perf_input\": \"plus_input\", \"perf_level\": "
			  "[1, 2, 2], \"perf_hardness\": [3, 4], "
			  "\"strict_type\": true, \"oracle\": \"humaneval\"}\n",
			  &d, &e),
		     0);
	if (d) {
		const struct vd_problem *p = &d->problems[0];
		CHECK_EQ_INT(p->perf.n, 3);
		/* the perf inputs are the plus inputs, not a copy */
		CHECK(p->perf.inputs[2].p == p->sections[1].inputs[2].p);
		CHECK_EQ_INT(p->n_levels, 2);
		CHECK_EQ_INT(p->perf_level[0], 1);
		CHECK_EQ_INT(p->perf_level[2], 2);
		CHECK(p->level_hardness[1] == 4.0);
		CHECK(p->strict_type);
		CHECK_EQ_INT(p->oracle, VD_ORACLE_HUMANEVAL);
	}
	vd_dataset_free(d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = NULL;
		snprintf(text, sizeof(text), "%s%s\n", LV_HEAD, bad[i].tail);
		CHECK_EQ_INT(load("levels.jsonl", text, &d, &e), VD_EPARSE);
		CHECK(d == NULL);
		if (!strstr(e.msg, bad[i].error) ||
		    !strstr(e.msg, "levels.jsonl:1:"))
			printf("# case %zu: %s\n", i, e.msg);
		CHECK(strstr(e.msg, bad[i].error) != NULL);
		CHECK(strstr(e.msg, "levels.jsonl:1:") != NULL);
	}
#undef LV_HEAD
}

static void real(const char *path, const char *name, uint32_t n,
		 uint64_t inputs)
{
	struct vd_dataset *d = NULL;
	struct vd_error e;
	uint64_t k = 0;
	if (access(path, R_OK) != 0) {
		printf("# skip: %s not found (../shared/data is absent)\n",
		       path);
		return;
	}
	CHECK_EQ_INT(vd_dataset_load(path, VD_FORMAT_AUTO, NULL, &d, &e), 0);
	if (!d)
		return;
	CHECK_STREQ(d->name, name);
	CHECK_EQ_INT(d->n, n);
	for (uint32_t i = 0; i < d->n; i++)
		for (uint32_t s = 0; s < d->problems[i].n_sections; s++)
			k += d->problems[i].sections[s].n;
	CHECK_EQ_INT(k, inputs);
	vd_dataset_free(d);
}

TEST(real_datasets)
{
	real("../shared/data/humanevalplus/HumanEvalPlus.jsonl.gz",
	     "humaneval+", 164, 1570 + 122683);
	real("../shared/data/mbppplus/MbppPlus.jsonl.gz", "mbpp+", 378,
	     1174 + 39841);
	real("../shared/data/humaneval/HumanEval.jsonl.gz", "humaneval", 164,
	     0);
	real("../shared/data/mbpp/sanitized-mbpp.json.gz", "mbpp", 427, 0);
}

/*
 * Allocation failure at every point of a load: VD_ENOMEM with a message
 * and no dataset, or the whole dataset; never a crash or a leak (ASan).
 */
static void torture(const char *path, int format, uint32_t want_n)
{
	struct vd_dataset *d;
	struct vd_error e;
	long n, failed;
	int rc, bad = 0;

	for (n = 0;; n++) {
		d = NULL;
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_dataset_load(path, format, NULL, &d, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc == 0 && (!d || d->n != want_n))
			bad++;
		if (rc != 0 && (d || rc != VD_ENOMEM || e.code != rc ||
				!strstr(e.msg, "out of memory"))) {
			if (bad++ < 3)
				printf("# %s, allocation %ld: %d %s\n", path, n,
				       rc, e.msg);
		}
		vd_dataset_free(rc == 0 ? d : NULL);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	printf("# %s: %ld allocations\n", strrchr(path, '/') + 1, n);
}

TEST(alloc_torture_every_format)
{
	static const char *const files[][2] = {
		{ "t-he+.jsonl",
		  "{\"task_id\": \"HumanEval/1\", \"prompt\": \"def f(x):\\n\", "
		  "\"entry_point\": \"f\", \"canonical_solution\": \"    return x\\n\", "
		  "\"base_input\": [[1], [2]], \"plus_input\": [[Infinity], [NaN]], \"atol\": 0}\n"
		  "{\"task_id\": \"HumanEval/2\", \"prompt\": \"\", "
		  "\"entry_point\": \"g\", \"canonical_solution\": \"def g(): pass\\n\", "
		  "\"base_input\": [[]], \"plus_input\": [], \"atol\": 1e-6}\n" },
		{ "t-mbpp+.jsonl",
		  "{\"task_id\": \"Mbpp/793\", \"prompt\": \"\", \"entry_point\": \"check_str\", "
		  "\"canonical_solution\": \"def check_str(s):\\n    return s\\n\", "
		  "\"base_input\": [[\"a\"]], \"plus_input\": {}, \"atol\": 0}\n" },
		{ "t-he.jsonl",
		  "{\"task_id\": \"HumanEval/0\", \"prompt\": \"p\", \"entry_point\": \"f\", "
		  "\"canonical_solution\": \"c\", \"test\": \"def check(f): pass\"}\n"
		  "{\"task_id\": \"HumanEval/1\", \"prompt\": \"p\", \"entry_point\": \"f\", "
		  "\"test\": \"def check(f): pass\"}\n" },
		{ "t-mbpp.json",
		  "[{\"task_id\": 2, \"prompt\": \"p\", \"code\": \"def f(): pass\", "
		  "\"test_imports\": [\"import math\", \"import re\"], "
		  "\"test_list\": [\"assert f() is None\", \"assert True\"]}, "
		  "{\"task_id\": 3, \"code\": \"x = 1\", \"test_list\": []}, "
		  /* 63 bytes: the newline after it grows the buffer */
		  "{\"task_id\": 4, \"code\": \"x = 1\", \"test_imports\": "
		  "[\"import a0123456789012345678901234567890123456789012345678901234\"], "
		  "\"test_list\": [\"assert x\"]}]" },
		{ "t-apps.jsonl",
		  "{\"problem_id\": 7, \"input_output\": \"{\\\"inputs\\\": [\\\"1 2\\\\n\\\", \\\"3 4\\\\n\\\"], "
		  "\\\"outputs\\\": [\\\"3\\\\n\\\", \\\"7\\\\n\\\"]}\"}\n" },
		{ "t-native.jsonl",
		  "{\"task_id\": \"n/1\", \"kind\": \"stdio\", \"language\": \"cpp\", "
		  "\"time_limit_s\": 1.5, \"memory_limit_mb\": 64, \"checker\": \"tokens\", "
		  "\"tests\": [{\"stdin\": \"x\", \"expected_stdout\": \"y\"}, "
		  "{\"input\": \"\", \"output\": \"\\u00e9\"}]}\n"
		  "{\"task_id\": \"n/2\", \"kind\": \"call\", \"entry_point\": \"f\", "
		  "\"tests\": [{\"input\": [1], \"output\": {\"$tuple\": [1]}}]}\n"
		  "{\"task_id\": \"n/3\", \"kind\": \"call\", \"entry_point\": \"f\", "
		  "\"reference_solution\": \"def f(x): return x\", "
		  "\"base_input\": [[1]], \"plus_input\": [[2], [3]], "
		  "\"perf_input\": \"plus_input\", \"perf_level\": [1, 2], "
		  "\"perf_hardness\": [1, 2], \"strict_type\": true}\n"
		  "{\"task_id\": \"n/4\", \"kind\": \"assert\", \"prompt\": \"p\", "
		  "\"entry_point\": \"f\", \"test\": \"assert f()\"}\n" },
	};
	static const uint32_t want[] = { 2, 1, 2, 3, 1, 4 };
	char gz[300];
	gzFile f;
	char *big;
	size_t len = 0;

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = strdup(write_file(files[i][0], files[i][1]));
		torture(p, VD_FORMAT_AUTO, want[i]);
		free(p);
	}
	/* gzip, and more records than the first array of problems holds */
	big = malloc(300 * 80);
	for (int i = 0; i < 300; i++)
		len += (size_t)snprintf(big + len, 300 * 80 - len,
					"{\"task_id\": \"s/%d\", \"kind\": "
					"\"assert\", \"test\": \"t\"}\n",
					i);
	snprintf(gz, sizeof(gz), "%s/t-many.jsonl.gz", dir);
	f = gzopen(gz, "wb");
	gzwrite(f, big, (unsigned)len);
	gzclose(f);
	torture(gz, VD_FORMAT_NATIVE, 300);
	free(big);
}

int main(void)
{
	char cmd[300];
	if (!mkdtemp(dir))
		return 1;
	RUN(evalplus_record);
	RUN(mbpp_typing_and_empty_suite);
	RUN(other_formats);
	RUN(errors_name_file_and_line);
	RUN(native_levels);
	RUN(real_datasets);
	RUN(alloc_torture_every_format);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return harness_done();
}
