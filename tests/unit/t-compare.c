/* Unit tests of compare: the output checkers (formats.md 2.9 cases). */
#include "alloc.h"
#include "compare.h"
#include "harness.h"
#include "verdict.h"

static int cmp(const char *checker, const char *out, const char *exp)
{
	struct vd_checker c;
	char detail[256];
	if (vd_checker_parse(checker, &c) < 0)
		return -1;
	return vd_compare(&c, out, strlen(out), exp, strlen(exp), detail,
			  sizeof(detail));
}

TEST(parse_names)
{
	struct vd_checker c;
	CHECK_EQ_INT(vd_checker_parse(NULL, &c), 0);
	CHECK_STREQ(c.name, "lines");
	CHECK_EQ_INT(vd_checker_parse("float:1e-3", &c), 0);
	CHECK_STREQ(c.name, "float:0.001");
	CHECK_EQ_INT(vd_checker_parse("float", &c), 0);
	CHECK_NEAR(c.eps, 1e-6, 1e-12);
	CHECK_EQ_INT(vd_checker_parse("float:", &c), VD_EINVAL);
	CHECK_EQ_INT(vd_checker_parse("float:-1", &c), VD_EINVAL);
	CHECK_EQ_INT(vd_checker_parse("float:nan", &c), VD_EINVAL);
	CHECK_EQ_INT(vd_checker_parse("float:1x", &c), VD_EINVAL);
	CHECK_EQ_INT(vd_checker_parse("floaty", &c), VD_EINVAL);
	CHECK_EQ_INT(vd_checker_parse("nope", &c), VD_EINVAL);
}

TEST(exact)
{
	CHECK_EQ_INT(cmp("exact", "3\n", "3\n"), 1);
	CHECK_EQ_INT(cmp("exact", "3", "3\n"), 0);
	CHECK_EQ_INT(cmp("exact", "", ""), 1);
}

/* The formats.md 2.9 table, for the checkers we name alike. */
TEST(table_of_formats_2_9)
{
	CHECK_EQ_INT(cmp("strip", "3\n", "3"), 1);
	CHECK_EQ_INT(cmp("lines", "3\n", "3"), 1);
	CHECK_EQ_INT(cmp("strip", "3 \n", "3\n"), 0);
	CHECK_EQ_INT(cmp("lines", "3 \n", "3\n"), 1);
	CHECK_EQ_INT(cmp("lines", "YES", "yes"), 0);
	CHECK_EQ_INT(cmp("tokens", "YES", "yes"), 0);
	CHECK_EQ_INT(cmp("lines", "1.000001", "1.0"), 0);
	CHECK_EQ_INT(cmp("float:1e-5", "1.000001", "1.0"), 1);
	CHECK_EQ_INT(cmp("lines", "3\n4\n5", "3\n4"), 0);
	CHECK_EQ_INT(cmp("strip", "3\n4\n5", "3\n4"), 0);
}

TEST(lines_rules)
{
	CHECK_EQ_INT(cmp("lines", "a\r\nb\t \n\n\n", "a\nb"), 1);
	CHECK_EQ_INT(cmp("lines", " a", "a"), 0); /* leading space counts */
	CHECK_EQ_INT(cmp("lines", "a\n\nb", "a\nb"), 0); /* inner blank */
	CHECK_EQ_INT(cmp("lines", "", "\n\n"), 1);
	CHECK_EQ_INT(cmp("lines", "a", ""), 0);
}

TEST(tokens_rules)
{
	CHECK_EQ_INT(cmp("tokens", "1  2\n3", "1 2 3\n"), 1);
	CHECK_EQ_INT(cmp("tokens", "1 2", "1 2 3"), 0);
	CHECK_EQ_INT(cmp("tokens", "", "   \n"), 1);
	CHECK_EQ_INT(cmp("tokens", "1.0", "1"), 0);
}

TEST(float_rules)
{
	CHECK_EQ_INT(cmp("float:1e-6", "1.0000001", "1"), 1);
	CHECK_EQ_INT(cmp("float:1e-6", "1.001", "1"), 0);
	CHECK_EQ_INT(cmp("float:1e-6", "1000000.5", "1000000"), 1); /* rel */
	CHECK_EQ_INT(cmp("float:1e-6", "abc 2", "abc 2.0000000001"), 1);
	CHECK_EQ_INT(cmp("float:1e-6", "nan", "nan"), 1);   /* same text */
	CHECK_EQ_INT(cmp("float:1e-6", "inf", "1e309"), 0); /* not finite */
	CHECK_EQ_INT(cmp("float:1e-6", "0x10", "16"), 0);   /* no hex */
	CHECK_EQ_INT(cmp("float:1e-6", "-0", "0"), 1);
}

TEST(detail_names_the_difference)
{
	struct vd_checker c;
	char d[256];
	vd_checker_parse("lines", &c);
	CHECK_EQ_INT(vd_compare(&c, "1\n2\n", 4, "1\n3\n", 4, d, sizeof(d)), 0);
	CHECK_STREQ(d, "line 2: expected '3', got '2'");
	CHECK_EQ_INT(vd_compare(&c, "1\n", 2, "1\n3\n", 4, d, sizeof(d)), 0);
	CHECK(strstr(d, "output ended") != NULL);
	CHECK_EQ_INT(vd_compare(&c, "\x01\xff", 2, "x", 1, d, sizeof(d)), 0);
	CHECK_STREQ(d, "line 1: expected 'x', got '\\x01\\xff'");
	vd_checker_parse("tokens", &c);
	CHECK_EQ_INT(vd_compare(&c, "1 2", 3, "1 2 3", 5, d, sizeof(d)), 0);
	CHECK_STREQ(d, "token 3: expected '3', got ''");
}

TEST(public_wrapper)
{
	CHECK_EQ_INT(vd_check_output("tokens", "1 2", 3, "1\n2", 3, NULL, 0),
		     1);
	CHECK_EQ_INT(vd_check_output("bogus", "", 0, "", 0, NULL, 0),
		     VD_EINVAL);
}

/* Checkers run on untrusted output and cannot fail: they never allocate,
 * so allocation failure from the first call on changes no answer. */
TEST(alloc_torture_no_allocation)
{
	static const char *const names[] = { "exact",  "lines",	     "strip",
					     "tokens", "float:1e-6", NULL };
	static const char *const pairs[][2] = {
		{ "1 2\n", "1 2\n" },
		{ "1 2  \r\n\n\n", "1 2" },
		{ "1.0000001 x\n", "1 x" },
		{ "abc\ndef\n", "abc\ndeg\n" },
		{ "", "\n" },
		{ "\xff\x00z", "\xff" },
	};
	char detail[64];
	int want, got, bad = 0;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		for (size_t j = 0; j < sizeof(pairs) / sizeof(pairs[0]); j++) {
			struct vd_checker c;
			const char *o = pairs[j][0], *x = pairs[j][1];
			size_t ol = strlen(o) + (j == 5), xl = strlen(x);
			CHECK_EQ_INT(vd_checker_parse(names[i], &c), 0);
			want = vd_compare(&c, o, ol, x, xl, detail,
					  sizeof(detail));
			vd_alloc_fail_after(0);
			CHECK_EQ_INT(vd_checker_parse(names[i], &c), 0);
			got = vd_compare(&c, o, ol, x, xl, detail,
					 sizeof(detail));
			got += 10 * vd_check_output(names[i], o, ol, x, xl,
						    detail, sizeof(detail));
			bad += vd_alloc_fail_after(-1) != 0;
			CHECK_EQ_INT(got, 11 * want);
		}
	}
	CHECK_EQ_INT(bad, 0);
}

int main(void)
{
	RUN(parse_names);
	RUN(exact);
	RUN(table_of_formats_2_9);
	RUN(lines_rules);
	RUN(tokens_rules);
	RUN(float_rules);
	RUN(detail_names_the_difference);
	RUN(public_wrapper);
	RUN(alloc_torture_no_allocation);
	return harness_done();
}
