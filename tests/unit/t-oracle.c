/* Unit tests of oracle: EvalPlus's rules (formats.md 2.2,
 * docs/typed-values.md) with real MBPP+ and HumanEval+ inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "harness.h"
#include "oracle.h"
#include "value.h"
#include "verdict.h"

static char detail[256];

static struct vd_value *parse(const char *text, unsigned flags)
{
	struct vd_value *v = NULL;
	struct vd_error err = { 0 };

	if (text && vd_value_parse(text, strlen(text), flags, &v, &err))
		printf("# parse failed: %s: %s\n", text, err.msg);
	return v;
}

/* vd_oracle_check on texts (args may be NULL); -100 on a parse error. */
static int chk(struct vd_oracle *o, const char *out, const char *exp,
	       const char *args)
{
	struct vd_value *v = parse(out, 0), *e = parse(exp, 0);
	struct vd_value *a = parse(args, VD_VALUE_INPUT);
	int rc = -100;

	if (v && e && (a || !args))
		rc = vd_oracle_check(o, v, e, a, detail, sizeof(detail));
	vd_value_free(v);
	vd_value_free(e);
	vd_value_free(a);
	return rc;
}

/* One input judged by a fresh oracle. */
static int once(int dataset, const char *entry, double atol, const char *out,
		const char *exp, const char *args)
{
	struct vd_oracle o;
	vd_oracle_init(&o, dataset, entry, atol);
	return chk(&o, out, exp, args);
}

static int plain(const char *out, const char *exp)
{
	return once(VD_ORACLE_PLAIN, "f", 0, out, exp, "[]");
}

TEST(init)
{
	struct vd_oracle o;
	char longname[300];

	vd_oracle_init(&o, VD_ORACLE_MBPP, "surface_Area", 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_SURFACE_AREA);
	CHECK_STREQ(o.entry_point, "surface_Area");
	vd_oracle_init(&o, VD_ORACLE_MBPP, "Diff", 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_SET_EQ);
	vd_oracle_init(&o, VD_ORACLE_MBPP, "find_zero", 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_NONE);
	vd_oracle_init(&o, VD_ORACLE_HUMANEVAL, "find_zero", 1e-4);
	CHECK_EQ_INT(o.special, VD_ORACLE_FIND_ZERO);
	CHECK(o.atol == 1e-4);
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "are_equivalent", 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_NONE);
	vd_oracle_init(&o, VD_ORACLE_MBPP, NULL, 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_NONE);
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	vd_oracle_init(&o, VD_ORACLE_MBPP, longname, 0);
	CHECK_EQ_INT(o.special, VD_ORACLE_NONE);
}

/* The examples of formats.md 2.2 and docs/typed-values.md. */
TEST(formats_examples)
{
	CHECK_EQ_INT(plain("1", "1.0"), 1);
	CHECK_EQ_INT(plain("true", "1"), 1);
	CHECK_EQ_INT(plain("0.30000000000000004", "0.3"), 1);
	CHECK_EQ_INT(plain("0.3000015", "0.3"), 0);
	CHECK_EQ_INT(plain("[1.0, 2.0000001]", "[1.0, 2.0]"), 1);
	CHECK_EQ_INT(plain("[0.1, 0.2]", "{\"$tuple\": [0.1, 0.2]}"), 0);
	CHECK(strstr(detail, "type differs") != NULL);
	CHECK_EQ_INT(plain("NaN", "NaN"), 0);
	CHECK_EQ_INT(plain("{\"$float\": \"nan\"}", "{\"$float\": \"nan\"}"),
		     0);
	CHECK_EQ_INT(plain("[NaN]", "[NaN]"), 0);
	CHECK_EQ_INT(plain("Infinity", "Infinity"), 1);
	CHECK_EQ_INT(plain("[Infinity, 1.0]", "[Infinity, 1.0000001]"), 1);
	CHECK_EQ_INT(plain("[-Infinity, 1.0]", "[Infinity, 1.0000001]"), 0);
	CHECK_EQ_INT(plain("[1e308, 1.0]", "[Infinity, 1.0000001]"), 0);
	CHECK_EQ_INT(plain("-0.0", "0.0"), 1);
	CHECK_EQ_INT(plain("3", "4"), 0);
	CHECK(strstr(detail, "expected 4, got 3") != NULL);
	CHECK_EQ_INT(plain("\"a\"", "\"a\""), 1);
	CHECK_EQ_INT(plain("{\"$set\": [1, 2]}", "{\"$set\": [2, 1]}"), 1);
	CHECK_EQ_INT(plain("[1, 2]", "[2, 1]"), 0);
	/* An int is not close to a float expected value: type(out). */
	CHECK_EQ_INT(plain("2", "1.9999999"), 0);
	CHECK_EQ_INT(plain("2", "2.0"), 1);
	/* A NumPy float64 is a float for is_floats, not for type(). */
	CHECK_EQ_INT(
		plain("{\"$np\": [\"float64\", 0.30000000000000004]}", "0.3"),
		0);
	CHECK_EQ_INT(plain("{\"$np\": [\"float64\", 0.30000000000000004]}",
			   "{\"$np\": [\"float64\", 0.3]}"),
		     1);
	CHECK_EQ_INT(plain("{\"$np\": [\"float32\", 0.30000000000000004]}",
			   "{\"$np\": [\"float64\", 0.3]}"),
		     0);
	CHECK_EQ_INT(plain("{\"$np\": [\"float64\", 3.0]}", "3"), 1);
	/* ndarray and $other equal nothing; allclose on them fails. */
	CHECK_EQ_INT(plain("{\"$ndarray\": [\"int64\", [1, 2]]}",
			   "{\"$ndarray\": [\"int64\", [1, 2]]}"),
		     0);
	CHECK_EQ_INT(plain("{\"$ndarray\": [\"float64\", [1.0, 2.0]]}",
			   "{\"$ndarray\": [\"float64\", [1.0, 2.0000001]]}"),
		     1);
	CHECK_EQ_INT(plain("{\"$other\": [\"m.T\", \"T()\"]}",
			   "{\"$other\": [\"m.T\", \"T()\"]}"),
		     0);
}

static int tol(const char *out, const char *exp)
{
	return once(VD_ORACLE_PLAIN, "f", 1e-6, out, exp, NULL);
}

TEST(allclose_rules)
{
	/* Nested lists are not is_floats: atol stays 0, == decides. */
	CHECK_EQ_INT(plain("[[1.0, 2.0]]", "[[1.0, 2.0000001]]"), 0);
	CHECK_EQ_INT(plain("[1.0, 2]", "[1.0000001, 2]"), 0);
	/* With an atol: nested lists and tuples of numbers, equally shaped. */
	CHECK_EQ_INT(tol("[[1.0, 2.0], [3.0, 4.0]]",
			 "[[1.0, 2.0000001], [3.0, 4.0]]"),
		     1);
	CHECK_EQ_INT(tol("[[1.0, 2.0], {\"$tuple\": [3.0, 4.0]}]",
			 "[[1.0, 2.0000001], [3.0, 4.0]]"),
		     1);
	CHECK_EQ_INT(tol("[[1.0, 2.0], [3.0]]", "[[1.0, 2.0000001], [3.0]]"),
		     0); /* ragged: NumPy raises */
	/* NumPy broadcasting: a dimension of 1 stretches, missing ones are
	 * added on the left. */
	CHECK_EQ_INT(tol("[[1.0], [2.0]]", "[[1.0, 1.0], [2.0, 2.0000001]]"),
		     1);
	CHECK_EQ_INT(tol("[[1.0], [2.0]]", "[[1.0, 1.0], [2.0, 2.1]]"), 0);
	CHECK_EQ_INT(tol("[[[0.5, 1.0]]]", "[[0.5, 1.0000001]]"), 1);
	CHECK_EQ_INT(plain("[[-0.0]]", "[-1e-7]"), 1);
	CHECK_EQ_INT(tol("[[[]]]", "[[1.0]]"), 1); /* shape (1, 1, 0) */
	CHECK_EQ_INT(tol("[[1.0, 2.0]]", "[[1.0, 2.0, 3.0]]"), 0);
	CHECK_EQ_INT(tol("[[], []]", "[[], []]"), 1);
	CHECK_EQ_INT(plain("[1.0, 2.0]", "[1.0]"), 0);
	CHECK(strstr(detail, "length differs") != NULL);
	CHECK_EQ_INT(tol("[1.0, \"a\"]", "[1.0000001, \"a\"]"), 0);
	CHECK_EQ_INT(tol("[1.0, null]", "[1.0000001, null]"), 0);
	CHECK_EQ_INT(tol("[1.0, [2.0]]", "[1.0000001, [2.0]]"), 0);
	/* Bools and ints count as numbers. */
	CHECK_EQ_INT(plain("[true, 0.5]", "[1.0000001, 0.5]"), 1);
	CHECK_EQ_INT(plain("[1, 0.5]", "[1.0000001, 0.5]"), 1);
	CHECK_EQ_INT(tol("[true, 2]", "[1.0000001, 2]"), 1);
	/* rtol 1e-7 relative to exp, atol 1e-6. */
	CHECK_EQ_INT(plain("1000000.1", "1000000.0"), 1);
	CHECK_EQ_INT(plain("1000000.2", "1000000.0"), 0);
	CHECK_EQ_INT(plain("1.0000012", "1.0"), 0);
	CHECK_EQ_INT(plain("1.0000009", "1.0"), 1);
	CHECK_EQ_INT(plain("0.0", "1e-6"), 1);
	CHECK_EQ_INT(plain("1e-6", "0.0"), 1);
	/* Complex numbers are numbers to NumPy. */
	CHECK_EQ_INT(tol("[{\"$complex\": [1.0, 1.0]}, 1.0]",
			 "[{\"$complex\": [1.0, 1.0000001]}, 1.0000001]"),
		     1);
	CHECK_EQ_INT(
		tol("{\"$complex\": [1.0, 1.0]}", "{\"$complex\": [1.0, 1.1]}"),
		0);
	/* Ints beyond 64 bits make an object array. */
	CHECK_EQ_INT(tol("[1.0, 100000000000000000000]",
			 "[1.0000001, 100000000000000000000]"),
		     0);
	CHECK_EQ_INT(tol("[1.0, 10000000000000000000]",
			 "[1.0000001, 10000000000000000000]"),
		     1);
	/* Strings, None, dicts, sets: not close once inexact. */
	CHECK_EQ_INT(tol("\"a\"", "\"b\""), 0);
	CHECK_EQ_INT(tol("null", "0"), 0);
	CHECK_EQ_INT(tol("{\"$set\": [1.0]}", "{\"$set\": [1.0000001]}"), 0);
	CHECK_EQ_INT(
		tol("{\"$dict\": [[1, 1.0]]}", "{\"$dict\": [[1, 1.0000001]]}"),
		0);
	/* With an atol, ints compare approximately too. */
	CHECK_EQ_INT(tol("100000001", "100000000"), 1);
	CHECK_EQ_INT(tol("1000001", "1000000"), 0);
	CHECK_EQ_INT(
		once(VD_ORACLE_PLAIN, "f", 0, "100000001", "100000000", NULL),
		0);
	CHECK_EQ_INT(tol("true", "false"), 0);
	CHECK_EQ_INT(
		once(VD_ORACLE_PLAIN, "f", 1e-4, "[1.00005]", "[1.0]", NULL),
		1);
}

/* atol = 1e-6 set by a float expected value stays for the sample's later
 * inputs, even for int values; a new section starts over. */
TEST(atol_persists)
{
	struct vd_oracle o;

	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "100000001", "100000000", NULL), 0);
	CHECK(o.atol == 0);
	CHECK_EQ_INT(chk(&o, "2.5", "2.5", NULL), 1); /* exact, but float */
	CHECK(o.atol == 1e-6);
	CHECK_EQ_INT(chk(&o, "100000001", "100000000", NULL), 1);
	CHECK_EQ_INT(chk(&o, "[1, 2]", "[1, 2]", NULL), 1);
	CHECK(o.atol == 1e-6);

	/* is_floats: a list of only floats; not ints, not empty. */
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "[1.0, 2]", "[1.0, 2]", NULL), 1);
	CHECK(o.atol == 0);
	CHECK_EQ_INT(chk(&o, "[]", "[]", NULL), 1);
	CHECK(o.atol == 0);
	CHECK_EQ_INT(chk(&o, "[[1.0]]", "[[1.0]]", NULL), 1);
	CHECK(o.atol == 0);
	CHECK_EQ_INT(chk(&o, "{\"$tuple\": [1.0, 2.5]}",
			 "{\"$tuple\": [1.0, 2.5]}", NULL),
		     1);
	CHECK(o.atol == 1e-6);

	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "1", "{\"$np\": [\"float64\", 1.0]}", NULL), 1);
	CHECK(o.atol == 1e-6);
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "1", "{\"$np\": [\"float32\", 1.0]}", NULL), 1);
	CHECK(o.atol == 0);
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "1", "{\"$ndarray\": [\"float32\", [1.0]]}", NULL),
		     0);
	CHECK(o.atol == 1e-6);
	/* A failing input still sets it. */
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	CHECK_EQ_INT(chk(&o, "\"x\"", "0.5", NULL), 0);
	CHECK(o.atol == 1e-6);
	/* A task atol is never replaced. */
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 1e-4);
	CHECK_EQ_INT(chk(&o, "0.5", "0.5", NULL), 1);
	CHECK(o.atol == 1e-4);
}

TEST(are_equivalent_and_sum_div)
{
	int m = VD_ORACLE_MBPP;

	CHECK_EQ_INT(once(m, "are_equivalent", 0, "false", "true", "[36, 57]"),
		     1);
	CHECK_EQ_INT(once(m, "are_equivalent", 0, "\"x\"", "true", NULL), 1);
	CHECK_EQ_INT(once(VD_ORACLE_PLAIN, "are_equivalent", 0, "false", "true",
			  NULL),
		     0);
	CHECK_EQ_INT(once(m, "sum_div", 0, "0", "7", "[8]"), 1);
	CHECK_EQ_INT(once(m, "sum_div", 0, "0.0", "7", "[8]"), 1);
	CHECK_EQ_INT(once(m, "sum_div", 0, "false", "7", "[8]"), 1);
	CHECK_EQ_INT(once(m, "sum_div", 0, "7", "7", "[8]"), 1);
	CHECK_EQ_INT(once(m, "sum_div", 0, "6", "7", "[8]"), 0);
	CHECK_EQ_INT(once(m, "sum_div", 0, "null", "7", "[8]"), 0);
	CHECK_EQ_INT(once(m, "sum_div", 0, "[]", "7", "[8]"), 0);
}

/* Mbpp/581 inputs (base and plus) and Python's _surface_Area values. */
TEST(surface_area)
{
	static const struct {
		const char *args;
		const char *value;
	} cases[] = {
		{ "[3, 4]", "35" },
		{ "[4, 5]", "59" },
		{ "[1, 2]", "5" },
		{ "[10, 20]", "512" },
		{ "[100, 50]", "24142" },
		{ "[1000, 200]", "2077033" },
		{ "[100, 49]", "24001" },
		{ "[200, 49]", "84544" },
		{ "[999, 1000]", "3231386" },
		{ "[998, 1000]", "3226708" },
		{ "[999, 100]", "2015806" },
		{ "[100, 998]", "209850" },
		{ "[1000, 1000]", "3236068" },
		{ "[true, true]", "3" },
		{ "[20, true]", "802" },
		{ "[99, true]", "19604" },
		{ "[10000000000.0, 3.5]", "200000000000000000000" },
		{ "[123456789, 987654321]", "259582676077263648" },
		{ "[1099511627776, 3]", "2417851639229258349412352" },
		{ "[0.5, 0]", "0" },  /* round(0.5) == 0 */
		{ "[1.5, 0]", "4" },  /* round(4.5) == 4 */
		{ "[2.5, 0]", "12" }, /* round(12.5) == 12 */
		{ "[0.1, 0.2]", "0" },
		{ "[3220000495, 4]", "20736806375600488448" }, /* fuzz */
		{ "[4294967295, 4294967295]", "59694917758267883520" },
		{ "[-3220000495, 5]", "0" },
	};
	int m = VD_ORACLE_MBPP;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *a = cases[i].args, *s = cases[i].value;
		char off[64], f[64];

		/* The reference formula's value passes; one off fails. */
		if (once(m, "surface_Area", 0, s, "-1", a) != 1)
			FAIL_AT("surface_Area(%s) = %s: %s", a, s, detail);
		snprintf(off, sizeof(off), "%s1", strcmp(s, "0") ? s : "");
		if (once(m, "surface_Area", 0, off, "-1", a) != 0)
			FAIL_AT("surface_Area(%s) != %s", a, off);
		snprintf(f, sizeof(f), "%s.0", s);
		if (once(m, "surface_Area", 0, f, "-1", a) != 1)
			FAIL_AT("surface_Area(%s) = %s: %s", a, f, detail);
	}
	/* Mbpp/581's reference (2 * b * s + b ** 2) gives 33 for (3, 4). */
	CHECK_EQ_INT(once(m, "surface_Area", 0, "33", "33", "[3, 4]"), 1);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "34", "33", "[3, 4]"), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "34.999", "33", "[3, 4]"), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0.01, "34.999", "33", "[3, 4]"),
		     1);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "{\"$complex\": [35.0, 0.0]}",
			  "33", "[3, 4]"),
		     1);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "{\"$np\": [\"int64\", 35]}",
			  "33", "[3, 4]"),
		     1);
	/* Exceptions: out not a number, bad arguments. */
	CHECK_EQ_INT(once(m, "surface_Area", 0, "\"35\"", "33", "[3, 4]"), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "35", "33", "[3]"), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "35", "33", "[\"3\", 4]"), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "35", "33", NULL), 0);
	CHECK_EQ_INT(once(m, "surface_Area", 0, "0", "0", "[Infinity, 1]"),
		     1); /* exact: the oracle is not called */
	CHECK_EQ_INT(once(m, "surface_Area", 0, "1", "0", "[Infinity, 1]"), 0);
}

/* An exception in a special oracle fails the input before atol changes. */
TEST(exception_keeps_atol)
{
	struct vd_oracle o;

	vd_oracle_init(&o, VD_ORACLE_MBPP, "surface_Area", 0);
	CHECK_EQ_INT(chk(&o, "\"x\"", "0.5", "[1, 2]"), 0);
	CHECK(o.atol == 0);
	CHECK_EQ_INT(chk(&o, "1.5", "0.5", "[1, 2]"), 0);
	CHECK(o.atol == 1e-6);
}

/* Mbpp/558: the reference zips digits without padding; the oracle pads. */
TEST(digit_distance_nums)
{
	int m = VD_ORACLE_MBPP;

	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "7", "7", "[123, 256]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "1", "1", "[1, 2]"), 1);
	/* 12345 vs 00009: 1 + 2 + 3 + 4 + 4; the reference says 8. */
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "14", "8", "[12345, 9]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "8", "8", "[12345, 9]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "13", "8", "[12345, 9]"),
		     0);
	CHECK_EQ_INT(
		once(m, "digit_distance_nums", 0, "14.0", "8", "[12345, 9]"),
		1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "42", "0",
			  "[123456789, 987654321]"),
		     0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "40", "0",
			  "[123456789, 987654321]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "9", "1",
			  "[9876543210, 123]"),
		     0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "47", "1",
			  "[9876543210, 123]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "95", "0",
			  "[12345678901234567890123, 1]"),
		     1);
	CHECK_EQ_INT(
		once(m, "digit_distance_nums", 0, "2", "0", "[\"13\", \"31\"]"),
		0);
	CHECK_EQ_INT(
		once(m, "digit_distance_nums", 0, "4", "0", "[\"13\", \"31\"]"),
		1);
	/* int('-'), int('T'), int('.'): exceptions, so only exact passes. */
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "3", "0", "[-12, 5]"),
		     0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "3", "3", "[-12, 5]"),
		     1);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "0", "1", "[true, 1]"),
		     0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "0", "1", "[1.0, 1]"),
		     0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "0", "1", "[1]"), 0);
	CHECK_EQ_INT(once(m, "digit_distance_nums", 0, "\"1\"", "1", "[1, 2]"),
		     0);
}

TEST(set_equality)
{
	int m = VD_ORACLE_MBPP;
	const char *se = "similar_elements";

	CHECK_EQ_INT(once(m, se, 0, "{\"$tuple\": [4, 5]}",
			  "{\"$tuple\": [5, 4]}", "[]"),
		     1);
	CHECK_EQ_INT(once(m, se, 0, "[4, 5, 5]", "{\"$tuple\": [5, 4]}", "[]"),
		     1);
	CHECK_EQ_INT(once(m, se, 0, "{\"$set\": [4, 5]}", "[5, 4]", "[]"), 1);
	CHECK_EQ_INT(once(m, se, 0, "[4]", "[5, 4]", "[]"), 0);
	CHECK_EQ_INT(once(m, se, 0, "[1, true, 1.0]", "[1]", "[]"), 1);
	CHECK_EQ_INT(
		once(m, "find_char_long", 0, "\"ab\"", "[\"b\", \"a\"]", "[]"),
		1);
	CHECK_EQ_INT(once(m, "find_char_long", 0, "\"\\u00e9\\ud83d\\ude00\"",
			  "[\"\\ud83d\\ude00\", \"\\u00e9\"]", "[]"),
		     1);
	CHECK_EQ_INT(once(m, "Diff", 0, "{\"$dict\": [[1, \"a\"], [2, \"b\"]]}",
			  "[2, 1]", "[]"),
		     1);
	CHECK_EQ_INT(
		once(m, "Diff", 0, "{\"$bytes\": \"0102\"}", "[2, 1]", "[]"),
		1);
	CHECK_EQ_INT(once(m, "Diff", 0,
			  "{\"$ndarray\": [\"int64\", [2, 1, 2]]}", "[2, 1]",
			  "[]"),
		     1);
	CHECK_EQ_INT(once(m, "Diff", 0, "{\"$np\": [\"<U2\", \"ab\"]}",
			  "[\"a\", \"b\"]", "[]"),
		     1);
	CHECK_EQ_INT(once(m, "Diff", 0, "[]", "[]", "[]"), 1);
	/* Not iterable, or unhashable items: TypeError. */
	CHECK_EQ_INT(once(m, "Diff", 0, "5", "[5]", "[]"), 0);
	CHECK_EQ_INT(once(m, "Diff", 0, "null", "[5]", "[]"), 0);
	CHECK_EQ_INT(once(m, "Diff", 0, "[[1]]", "[[1]]", "[]"), 0);
	CHECK_EQ_INT(once(m, "Diff", 0, "[{\"$tuple\": [[1]]}]",
			  "[{\"$tuple\": [[1]]}]", "[]"),
		     0);
	CHECK_EQ_INT(once(m, "Diff", 0, "[{\"$bytearray\": \"01\"}]",
			  "[{\"$bytearray\": \"01\"}]", "[]"),
		     0);
	CHECK_EQ_INT(once(m, "Diff", 0,
			  "{\"$ndarray\": [\"int64\", [[1], [2]]]}",
			  "[[1], [2]]", "[]"),
		     0);
	CHECK_EQ_INT(once(m, "Diff", 0, "[NaN]", "[NaN]", "[]"), 0);
	CHECK_EQ_INT(once(m, "Diff", 0,
			  "{\"$other\": [\"builtins.map\", "
			  "\"<map object>\"]}",
			  "[1]", "[]"),
		     0);
	/* The exact result replaces ==, and atol still follows. */
	CHECK_EQ_INT(once(m, "Diff", 0, "[1.0, 2.0]", "[1.0000001, 2.0]", "[]"),
		     1);
	CHECK_EQ_INT(once(m, "Diff", 0, "[1.0, 2.0]", "[2.0, 1.0000001]", "[]"),
		     0);
}

TEST(not_none)
{
	int m = VD_ORACLE_MBPP;

	CHECK_EQ_INT(once(m, "check_str", 0, "true", "true", "[\"annie\"]"), 1);
	CHECK_EQ_INT(once(m, "check_str", 0, "false", "true", "[\"annie\"]"),
		     0);
	CHECK_EQ_INT(once(m, "check_str", 0,
			  "{\"$other\": [\"re.Match\", \"<re.Match>\"]}",
			  "true", "[\"annie\"]"),
		     1);
	CHECK_EQ_INT(
		once(m, "text_match_three", 0, "null", "false", "[\"ac\"]"), 1);
	CHECK_EQ_INT(once(m, "text_match_three", 0, "null", "true", "[\"ac\"]"),
		     0);
	CHECK_EQ_INT(once(m, "text_starta_endb", 0, "\"\"", "true", "[\"ab\"]"),
		     1);
	CHECK_EQ_INT(once(m, "text_starta_endb", 0, "0", "false", "[\"ab\"]"),
		     0);
	/* numpy.bool_ is not a bool: it is "not None". */
	CHECK_EQ_INT(once(m, "check_str", 0, "{\"$np\": [\"bool\", false]}",
			  "true", "[\"x\"]"),
		     1);
}

/* HumanEval/32: |poly(xs, out)| <= atol, with Python's float arithmetic
 * (values from running EvalPlus's _poly on the reference's outputs). */
TEST(find_zero)
{
	int h = VD_ORACLE_HUMANEVAL;

	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "-5.000000000058208", "0",
			  "[[-10, -2]]"),
		     1);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "-5", "0", "[[-10, -2]]"), 1);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "-4.9", "-5.0", "[[-10, -2]]"),
		     0);
	CHECK(strstr(detail, "find_zero") != NULL);
	/* Bit-exact: atol exactly |poly| passes, one ulp less fails. */
	CHECK_EQ_INT(once(h, "find_zero", 3.671771081625863e-10,
			  "-0.4350009201443754", "0", "[[5, 10, -3, 1]]"),
		     1);
	CHECK_EQ_INT(once(h, "find_zero", 3.6717710816258626e-10,
			  "-0.4350009201443754", "0", "[[5, 10, -3, 1]]"),
		     0);
	CHECK_EQ_INT(once(h, "find_zero", 1.5798937576624221e-10,
			  "0.08765125944046304", "0",
			  "[[1, -20, 156, -864, 2667, -4392, 3744, -1440]]"),
		     1);
	CHECK_EQ_INT(once(h, "find_zero", 1.579893757662422e-10,
			  "0.08765125944046304", "0",
			  "[[1, -20, 156, -864, 2667, -4392, 3744, -1440]]"),
		     0);
	CHECK_EQ_INT(once(h, "find_zero", 9.76619674020185e-10,
			  "1.6679422343731858", "0", "[[-3, -6, -7, 7]]"),
		     1);
	CHECK_EQ_INT(once(h, "find_zero", 5.820766091346741e-11,
			  "-2.666666666686069", "0", "[[8, 3]]"),
		     1);
	/* Nothing else is checked: no equality, no atol change. */
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "true", "[1]", "[[1, -1]]"), 1);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "\"x\"", "1", "[[]]"), 1);
	/* Exceptions: out not a float, overflow, bad arguments. */
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "\"x\"", "1", "[[1, -1]]"), 0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "null", "1", "[[1, -1]]"), 0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "{\"$complex\": [1.0, 0.0]}",
			  "1", "[[1, -1]]"),
		     0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "1e200", "1", "[[0, 0, 1]]"),
		     0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "1", "1", "[[1, -1], 2]"), 0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "1", "1", "[[1, \"a\"]]"), 0);
	CHECK_EQ_INT(once(h, "find_zero", 1e-4, "1", "1", NULL), 0);
	/* Without the HumanEval dataset, find_zero is an ordinary task. */
	CHECK_EQ_INT(once(VD_ORACLE_PLAIN, "find_zero", 1e-4, "-5", "-5.00001",
			  "[[-10, -2]]"),
		     0);
}

TEST(detail_messages)
{
	struct vd_oracle o;
	char small[16];
	struct vd_value *v, *e;

	CHECK_EQ_INT(plain("[1, 2]", "[1, 3]"), 0);
	CHECK_STREQ(detail, "not equal: expected [1, 3], got [1, 2]");
	CHECK_EQ_INT(plain("0.5", "0.25"), 0);
	CHECK_STREQ(detail, "not close (atol 1e-06): expected 0.25, got 0.5");
	vd_oracle_init(&o, VD_ORACLE_PLAIN, "f", 0);
	v = parse("\"a long string value that will not fit\"", 0);
	e = parse("\"b\"", 0);
	CHECK_EQ_INT(vd_oracle_check(&o, v, e, NULL, small, sizeof(small)), 0);
	CHECK(strlen(small) == sizeof(small) - 1);
	CHECK_EQ_INT(vd_oracle_check(&o, v, e, NULL, NULL, 0), 0);
	CHECK_EQ_INT(vd_oracle_check(&o, v, v, NULL, small, sizeof(small)), 1);
	CHECK_STREQ(small, "");
	vd_value_free(v);
	vd_value_free(e);
}

/* Allocation failures: pass or VD_ENOMEM, never a wrong verdict. */
TEST(alloc_torture)
{
	struct vd_oracle o;
	struct vd_value *v = parse("[{\"$tuple\": [1, 2]}, 3, \"ab\"]", 0);
	struct vd_value *e = parse("{\"$set\": [\"ab\", 3.0, {\"$tuple\": "
				   "[1, 2]}]}",
				   0);
	long n, failed;
	int rc, bad = 0;

	for (n = 0;; n++) {
		vd_oracle_init(&o, VD_ORACLE_MBPP, "Diff", 0);
		vd_alloc_fail_after(n);
		rc = vd_oracle_check(&o, v, e, NULL, detail, sizeof(detail));
		failed = vd_alloc_fail_after(-1);
		if (rc != 1 && rc != VD_ENOMEM)
			bad++;
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 1);
	CHECK(n > 2);
	vd_value_free(v);
	vd_value_free(e);
}

/* The text reading of is_floats agrees with the value one. */
TEST(text_is_floats_agrees)
{
	static const char *const texts[] = {
		"1.5",
		"-0.0",
		"1e+16",
		"3",
		"-7",
		"true",
		"\"1.5\"",
		"null",
		"[]",
		"[1.0]",
		"[1.0, 2.5, -3e-05]",
		"[1.0, 2]",
		"[1, 2.0]",
		"[[1.0]]",
		"[1.0, \"x\"]",
		"{\"$float\": \"nan\"}",
		"[1.0, {\"$float\": \"inf\"}]",
		"{\"$tuple\": [1.0, 2.0]}",
		"{\"$tuple\": []}",
		"{\"$tuple\": [1.0, 2]}",
		"{\"$set\": [1.0]}",
		"[true, 1.0]",
		"[null]",
		"{\"$complex\": [1.0, 2.0]}",
		"[{\"$tuple\": [1.0]}]",
		"{\"$int\": \"0x1f\"}",
		"[-1.5e-300]",
		/* {"$numbers": ...}: [1.0]; (1.0, 2.0) with zero int flags;
		 * [1.0, 2] (an int flag set); [] */
		"{\"$numbers\": [\"list\", \"AAAAAAAA8D8=\", \"\"]}",
		"{\"$numbers\": [\"tuple\", \"AAAAAAAA8D8AAAAAAAAAQA==\", \"AAA=\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAA8D8AAAAAAAAAQA==\", \"AAE=\"]}",
		"{\"$numbers\": [\"list\", \"\", \"\"]}",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct vd_value *v = NULL;
		CHECK_EQ_INT(
			vd_value_parse(texts[i], strlen(texts[i]), 0, &v, NULL),
			0);
		if (!v)
			continue;
		if (vd_oracle_is_floats(v) !=
		    vd_oracle_text_is_floats(texts[i], strlen(texts[i])))
			FAIL_AT("disagree on %s", texts[i]);
		vd_value_free(v);
	}
}

int main(void)
{
	RUN(text_is_floats_agrees);
	RUN(init);
	RUN(formats_examples);
	RUN(allclose_rules);
	RUN(atol_persists);
	RUN(are_equivalent_and_sum_div);
	RUN(surface_area);
	RUN(exception_keeps_atol);
	RUN(digit_distance_nums);
	RUN(set_equality);
	RUN(not_none);
	RUN(find_zero);
	RUN(detail_messages);
	RUN(alloc_torture);
	return harness_done();
}
