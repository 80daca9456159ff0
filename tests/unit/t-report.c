/* Unit tests of report: the JSON form of a report, built by hand. */
#include "alloc.h"
#include "harness.h"
#include "report.h"

static void make(struct vd_report *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = VD_VERDICT_TLE;
	r->lang = VD_LANG_PYTHON;
	vd_checker_parse("tokens", &r->checker);
	vd_limits_default(&r->limits);
	r->n_tests = 2;
	r->tests = vd_calloc(2, sizeof(*r->tests));
	r->tests[0].name = vd_strdup("a");
	r->tests[0].o.run = 1;
	r->tests[0].o.verdict = VD_VERDICT_TLE;
	r->tests[0].o.limit = VD_LIMIT_CPU;
	r->tests[0].o.cpu_time_us = 2001000;
	r->tests[0].o.instructions = -1;
	r->tests[0].o.exit_code = -1;
	r->tests[0].o.signal = 9;
	r->tests[0].out_head = vd_memdup("x\xff", 2);
	r->tests[0].out_len = 2;
	r->tests[0].err_head = vd_strdup("");
	r->tests[1].name = vd_strdup("b");
	r->tests[1].o.exit_code = -1;
	r->tests[1].o.instructions = -1;
	snprintf(r->info.cgroup, sizeof(r->info.cgroup), "v1");
	snprintf(r->counter, sizeof(r->counter), "none");
}

TEST(shape)
{
	struct vd_report r;
	struct vd_buf b;
	make(&r);
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	CHECK_EQ_INT(vd_report_write_json(&r, &b, 0), 0);
	CHECK(strstr(b.data, "\"verdict\":\"TLE\",\"language\":\"python\"") !=
	      NULL);
	CHECK(strstr(b.data, "\"checker\":\"tokens\"") != NULL);
	CHECK(strstr(b.data, "\"compile\":null") != NULL);
	CHECK(strstr(b.data, "\"limit\":\"cpu\"") != NULL);
	CHECK(strstr(b.data, "\"cpu_s\":2.001") != NULL);
	CHECK(strstr(b.data, "\"signal\":9") != NULL);
	CHECK(strstr(b.data, "\"instructions\":null") != NULL);
	CHECK(strstr(b.data, "\"stdout_head\":\"x\\ufffd\"") != NULL);
	/* the test that did not run has a null verdict */
	CHECK(strstr(b.data, "{\"name\":\"b\",\"verdict\":null") != NULL);
	CHECK(strstr(b.data, "\"cgroup\":\"v1\"") != NULL);
	vd_buf_release(&b);
	vd_report_release(&r);
}

TEST(cap_is_an_error_not_a_truncated_file)
{
	struct vd_report r;
	struct vd_buf b;
	make(&r);
	vd_buf_init(&b, 100);
	CHECK_EQ_INT(vd_report_write_json(&r, &b, 0), VD_E2BIG);
	vd_buf_release(&b);
	vd_report_release(&r);
}

/* Allocation failure at every point: VD_ENOMEM (with a message through
 * the API) and nothing returned, or the same text as without failures. */
TEST(alloc_torture)
{
	struct vd_report r;
	struct vd_buf b, want;
	struct vd_error e;
	char *json;
	long n, failed;
	int rc, bad = 0;

	make(&r);
	vd_buf_init(&want, VD_BUF_UNLIMITED);
	CHECK_EQ_INT(vd_report_write_json(&r, &want, 2), 0);
	for (n = 0;; n++) {
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		vd_alloc_fail_after(n);
		rc = vd_report_write_json(&r, &b, 2);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		if (rc == 0 && (!b.data || strcmp(b.data, want.data)))
			bad++;
		vd_buf_release(&b);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	for (n = 0;; n++) {
		json = NULL;
		memset(&e, 0, sizeof(e));
		vd_alloc_fail_after(n);
		rc = vd_report_json(&r, &json, &e);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && (rc != VD_ENOMEM || json || e.code != rc ||
				!strstr(e.msg, "out of memory")))
			bad++;
		if (rc == 0 && !json)
			bad++;
		vd_free(json);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	vd_buf_release(&want);
	vd_report_release(&r);
}

int main(void)
{
	RUN(shape);
	RUN(cap_is_an_error_not_a_truncated_file);
	RUN(alloc_torture);
	return harness_done();
}
