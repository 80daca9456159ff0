/* Unit tests of value: tagged JSON decoding, Python ==, keys and repr
 * (docs/typed-values.md), plus every dataset input of HumanEval+ and
 * MBPP+ when ../shared/data is there. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "harness.h"
#include "value.h"
#include "verdict.h"

/* Parsed values of the running test, freed by release(). */
static struct vd_value *pool[512];
static int npool;

static struct vd_value *parse_f(const char *text, unsigned flags)
{
	struct vd_value *v = NULL;
	struct vd_error err = { 0 };

	if (vd_value_parse(text, strlen(text), flags, &v, &err)) {
		printf("# parse failed: %s: %s\n", text, err.msg);
		return NULL;
	}
	if (npool < (int)(sizeof(pool) / sizeof(pool[0])))
		pool[npool++] = v;
	return v;
}

static struct vd_value *P(const char *text)
{
	return parse_f(text, 0);
}

static void release(void)
{
	while (npool)
		vd_value_free(pool[--npool]);
}

/* vd_value_equal of two texts; -100 if either does not parse. */
static int eqs(const char *a, const char *b)
{
	struct vd_value *x = P(a), *y = P(b);
	int r = x && y ? vd_value_equal(x, y) : -100;
	int s = x && y ? vd_value_equal(y, x) : -100;

	if (r != s)
		printf("# asymmetric: %s vs %s\n", a, b);
	release();
	return r == s ? r : -200;
}

/* The byte offset in a parse error of text, or -1. */
static long err_offset(const char *text, unsigned flags)
{
	struct vd_value *v = NULL;
	struct vd_error err = { 0 };
	const char *at;
	int rc = vd_value_parse(text, strlen(text), flags, &v, &err);

	if (rc != VD_EPARSE || v)
		return rc == 0 ? (vd_value_free(v), -2) : -3;
	at = strstr(err.msg, "byte ");
	return at ? strtol(at + 5, NULL, 10) : -1;
}

static char *repr_of(const char *text, char *out, size_t n)
{
	struct vd_value *v = P(text);
	struct vd_buf b;

	snprintf(out, n, "(parse error)");
	if (!v)
		return out;
	vd_buf_init(&b, 4096);
	if (vd_value_repr(v, &b) == 0)
		snprintf(out, n, "%s", b.data ? b.data : "");
	vd_buf_release(&b);
	release();
	return out;
}

TEST(scalars)
{
	struct vd_value *v;
	int64_t i;
	double d;

	v = P("null");
	CHECK(v && vd_value_kind(v) == VD_VALUE_NONE);
	v = P(" true ");
	CHECK(v && v->kind == VD_VALUE_BOOL && v->u.b);
	v = P("\t\r\n-0");
	CHECK(v && v->kind == VD_VALUE_INT && v->u.i == 0 && !v->flags);
	v = P("-0.0");
	CHECK(v && v->kind == VD_VALUE_FLOAT && v->u.f == 0 && signbit(v->u.f));
	v = P("9223372036854775807");
	CHECK(v && vd_value_int64(v, &i) && i == INT64_MAX);
	v = P("-9223372036854775808");
	CHECK(v && vd_value_int64(v, &i) && i == INT64_MIN);
	v = P("9223372036854775808");
	CHECK(v && (v->flags & VD_VALUE_F_BIGINT) && !vd_value_int64(v, &i));
	CHECK(v && !strcmp(vd_value_data(v, NULL), "9223372036854775808"));
	v = P("-123456789012345678901234567890");
	CHECK(v && v->len == 31 && v->u.s[0] == '-');
	CHECK(v && vd_value_real(v, &d) == 0 && d == -1.2345678901234568e29);
	v = P("1" /* 400 digits: too large for a float */
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "0000000000000000000000000000000000000000000000000000000000000"
	      "000000000000000000000000000000000");
	CHECK(v && vd_value_real(v, &d) == VD_E2BIG);
	v = P("1E2");
	CHECK(v && v->kind == VD_VALUE_FLOAT && v->u.f == 100.0);
	v = P("2e400");
	CHECK(v && isinf(v->u.f) && v->u.f > 0);
	v = P("1e-400");
	CHECK(v && v->u.f == 0);
	v = P("NaN");
	CHECK(v && isnan(v->u.f) && (v->flags & VD_VALUE_F_NAN));
	v = P("-Infinity");
	CHECK(v && isinf(v->u.f) && v->u.f < 0);
	v = P("Infinity");
	CHECK(v && isinf(v->u.f) && v->u.f > 0 && vd_value_reflexive(v));
	v = P("0.1");
	CHECK(v && v->u.f == 0.1);
	v = P("4.35000000000000000000000000000001");
	CHECK(v && v->u.f == 4.35);
	v = P("123456789012345678e-5");
	CHECK(v && v->u.f == 1234567890123.45678);
	release();
}

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Floats read back bit for bit: %.17g of random doubles and random short
 * decimals (the fast path) against strtod. */
TEST(floats_round_trip)
{
	char text[64];
	int bad = 0;

	for (int k = 0; k < 100000 && bad < 5; k++) {
		uint64_t bits = rng();
		double d, want;
		struct vd_value *v;

		memcpy(&d, &bits, sizeof(d));
		if (!isfinite(d))
			continue;
		if (k % 2) {
			snprintf(text, sizeof(text), "%.17e", d);
			want = d;
		} else {
			snprintf(text, sizeof(text), "%s%llu.%llue%d",
				 bits & 1 ? "-" : "",
				 (unsigned long long)(rng() % 100000),
				 (unsigned long long)(rng() % 10000000),
				 (int)(rng() % 60) - 30);
			want = strtod(text, NULL);
		}
		v = P(text);
		if (!v || v->kind != VD_VALUE_FLOAT ||
		    memcmp(&v->u.f, &want, sizeof(want))) {
			printf("# %s: got %.17g\n", text, v ? v->u.f : 0.0);
			bad++;
		}
		release();
	}
	CHECK_EQ_INT(bad, 0);
}

TEST(strings)
{
	struct vd_value *v, *w;
	size_t n;

	v = P("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"");
	CHECK(v && !strcmp(vd_value_data(v, &n), "a\"b\\c/d\b\f\n\r\t"));
	v = P("\"\\u0000x\""); /* Mbpp/269 has \u0000 */
	CHECK(v && vd_value_len(v) == 2 && !memcmp(v->u.s, "\0x", 2));
	/* A pair is one code point, equal to the literal UTF-8. */
	v = P("\"\\ud83d\\ude00\"");
	w = P("\"\xf0\x9f\x98\x80\"");
	CHECK(v && w && v->len == 4 && vd_value_eq(v, w));
	CHECK(v && !memcmp(v->u.s, "\xf0\x9f\x98\x80", 4));
	/* Lone surrogates are kept, as 3-byte sequences. */
	v = P("\"\\ud800\"");
	CHECK(v && v->len == 3 && !memcmp(v->u.s, "\xed\xa0\x80", 3));
	v = P("\"\\ude00\\ud83d\""); /* reversed: two lone surrogates */
	CHECK(v && v->len == 6 && !vd_value_eq(v, w));
	v = P("\"\\ud800\\ud83d\\ude00\""); /* lone high, then a pair */
	CHECK(v && v->len == 7 && !memcmp(v->u.s + 3, w->u.s, 4));
	v = P("\"\\u00e9\"");
	w = P("\"\xc3\xa9\"");
	CHECK(v && w && vd_value_eq(v, w));
	CHECK_EQ_INT(err_offset("\"\xc3\"", 0), 1);	    /* truncated */
	CHECK_EQ_INT(err_offset("\"\xed\xa0\x80\"", 0), 1); /* raw surrogate */
	CHECK_EQ_INT(err_offset("\"\xc0\xaf\"", 0), 1);	    /* overlong */
	CHECK_EQ_INT(err_offset("\"a\x01\"", 0), 2);	    /* control */
	CHECK_EQ_INT(err_offset("\"\\u12g4\"", 0), 1);
	CHECK_EQ_INT(err_offset("\"\\u12\"", 0), 1);
	CHECK_EQ_INT(err_offset("\"abc", 0), 0);
	CHECK_EQ_INT(err_offset("\"abc\\\"", 0), 0);
	release();
}

TEST(tags)
{
	struct vd_value *v;

	v = P("{\"$float\": \"nan\"}");
	CHECK(v && v->kind == VD_VALUE_FLOAT && isnan(v->u.f));
	v = P("{ \"$float\" : \"-inf\" }");
	CHECK(v && isinf(v->u.f) && v->u.f < 0);
	v = P("{\"$bytes\": \"68656c6c6f00\"}");
	CHECK(v && v->kind == VD_VALUE_BYTES && v->len == 6 &&
	      !memcmp(v->u.s, "hello\0", 6));
	v = P("{\"$bytearray\": \"FF\"}");
	CHECK(v && v->kind == VD_VALUE_BYTEARRAY && v->len == 1 &&
	      (unsigned char)v->u.s[0] == 0xff);
	v = P("{\"$tuple\": [1, [2]]}");
	CHECK(v && v->kind == VD_VALUE_TUPLE && vd_value_len(v) == 2 &&
	      (v->flags & VD_VALUE_F_UNHASHABLE));
	CHECK(v && vd_value_item(v, 1)->kind == VD_VALUE_LIST);
	CHECK(v && vd_value_item(v, 2) == NULL);
	v = P("{\"$set\": [1, {\"$tuple\": [2]}]}");
	CHECK(v && v->kind == VD_VALUE_SET && v->len == 2);
	v = P("{\"$frozenset\": []}");
	CHECK(v && v->kind == VD_VALUE_FROZENSET && !v->len &&
	      !(v->flags & VD_VALUE_F_UNHASHABLE));
	v = P("{\"$dict\": [[\"a\", [1]], [{\"$tuple\": [1]}, null]]}");
	CHECK(v && v->kind == VD_VALUE_DICT && vd_value_len(v) == 2);
	CHECK(v && vd_value_dict_key(v, 1)->kind == VD_VALUE_TUPLE);
	CHECK(v && vd_value_dict_value(v, 0)->kind == VD_VALUE_LIST);
	CHECK(v && !vd_value_dict_value(v, 2));
	v = P("{\"$complex\": [1.5, {\"$float\": \"-inf\"}]}");
	CHECK(v && v->kind == VD_VALUE_COMPLEX && v->u.items[0].u.f == 1.5);
	v = P("{\"$np\": [\"float32\", 0.5]}");
	CHECK(v && v->kind == VD_VALUE_NP_SCALAR &&
	      !strcmp(vd_value_dtype(v), "float32") &&
	      vd_value_inner(v)->u.f == 0.5 && vd_value_is_number(v));
	CHECK(v && !strcmp(vd_value_type_name(v), "float32"));
	v = P("{\"$ndarray\": [\"int64\", [[1, 2], [3, 4]]]}");
	CHECK(v && v->kind == VD_VALUE_NDARRAY &&
	      (v->flags & VD_VALUE_F_OPAQUE) && !vd_value_reflexive(v));
	v = P("{\"$other\": [\"fractions.Fraction\", \"Fraction(1, 3)\"]}");
	CHECK(v && v->kind == VD_VALUE_OTHER &&
	      !strcmp(vd_value_type_name(v), "fractions.Fraction"));

	/* Malformed tagged values. */
	CHECK_EQ_INT(err_offset("{\"$float\": \"NaN\"}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$float\": 1.0}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$bytes\": \"abc\"}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$bytes\": \"zz\"}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$tuple\": 5}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$tuple\": [], \"x\": 1}", 0), 13);
	CHECK_EQ_INT(err_offset("{\"$set\": [[1]]}", 0), 10);
	CHECK_EQ_INT(err_offset("{\"$set\": [{\"$tuple\": [[]]}]}", 0), 10);
	CHECK_EQ_INT(err_offset("{\"$frozenset\": [{\"$set\": []}]}", 0), 16);
	CHECK_EQ_INT(err_offset("{\"$dict\": [[[1], 2]]}", 0), 12);
	CHECK_EQ_INT(err_offset("{\"$dict\": [[1]]}", 0), 13);
	CHECK_EQ_INT(err_offset("{\"$dict\": [1]}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$complex\": [1, 2.0]}", 0), 13);
	CHECK_EQ_INT(err_offset("{\"$complex\": [1.0]}", 0), 13);
	CHECK_EQ_INT(err_offset("{\"$np\": [1, 2]}", 0), 8);
	CHECK_EQ_INT(err_offset("{\"$other\": [\"t\", 2]}", 0), 11);
	CHECK_EQ_INT(err_offset("{\"$nope\": 1}", 0), 0);
	CHECK_EQ_INT(err_offset("{\"a\": 1}", 0), 0);
	CHECK_EQ_INT(err_offset("{}", 0), 1);
	release();
}

TEST(input_mode)
{
	struct vd_value *v;

	v = parse_f("{\"b\": 1, \"a\": [1, {}]}", VD_VALUE_INPUT);
	CHECK(v && v->kind == VD_VALUE_DICT && v->len == 2);
	CHECK(v && !strcmp(vd_value_dict_key(v, 1)->u.s, "a"));
	CHECK(v && vd_value_item(vd_value_dict_value(v, 1), 1)->kind ==
			   VD_VALUE_DICT);
	v = parse_f("{}", VD_VALUE_INPUT);
	CHECK(v && v->kind == VD_VALUE_DICT && v->len == 0);
	v = parse_f("{\"$x\": 1}", VD_VALUE_INPUT); /* not a known tag */
	CHECK(v && v->kind == VD_VALUE_DICT);
	v = parse_f("{\"$tuple\": [1]}", VD_VALUE_INPUT);
	CHECK(v && v->kind == VD_VALUE_TUPLE);
	/* Mbpp/722-like input: a str-keyed object. */
	v = parse_f("[{\"Cierra Vega\": [6.2, 70], \"Alden Cantrell\": [5.9, "
		    "65]}, 6.0, 70]",
		    VD_VALUE_INPUT);
	CHECK(v && v->len == 3 && v->u.items[0].kind == VD_VALUE_DICT);
	/* Python's json keeps the last of duplicate keys. */
	CHECK(eqs("{\"$dict\": [[\"a\", 1], [\"a\", 2]]}",
		  "{\"$dict\": [[\"a\", 2]]}") == 1);
	CHECK_EQ_INT(err_offset("{\"a\" 1}", VD_VALUE_INPUT), 5);
	CHECK_EQ_INT(err_offset("{\"a\": 1,}", VD_VALUE_INPUT), 8);
	CHECK_EQ_INT(err_offset("{1: 2}", VD_VALUE_INPUT), 1);
	release();
}

TEST(parse_errors)
{
	static const struct {
		const char *text;
		long at;
	} cases[] = {
		{ "", 0 },	    { "   ", 3 },
		{ "[1, 2", 5 },	    { "[1 2]", 3 },
		{ "[1,]", 3 },	    { "01", 0 },
		{ "-", 0 },	    { "1.", 0 },
		{ "1e", 0 },	    { ".5", 0 },
		{ "+1", 0 },	    { "1 2", 2 },
		{ "tru", 0 },	    { "nul", 0 },
		{ "nan", 0 },	    { "-NaN", 0 },
		{ "[1] x", 4 },	    { "\"a\"\"b\"", 3 },
		{ "[\"a\":1]", 4 }, { "{\"$set\" [1]}", 8 },
	};
	struct vd_value *v = NULL;
	struct vd_error err = { 0 };

	CHECK_EQ_INT(vd_value_parse(NULL, 0, 0, &v, &err), VD_EPARSE);
	CHECK(v == NULL && strstr(err.msg, "byte 0") != NULL);
	CHECK_EQ_INT(vd_value_parse(NULL, 3, 0, &v, NULL), VD_EINVAL);
	CHECK_EQ_INT(vd_value_parse("[1]xyz", 3, 0, &v, NULL), 0); /* no NUL */
	CHECK(v && v->len == 1);
	vd_value_free(v);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long at = err_offset(cases[i].text, VD_VALUE_INPUT);
		if (at != cases[i].at)
			FAIL_AT("'%s': offset %ld, want %ld", cases[i].text, at,
				cases[i].at);
	}
}

/* Nested lists n deep. */
static char *nested(int n, const char *open, const char *close)
{
	size_t lo = strlen(open), lc = strlen(close);
	char *s = malloc((size_t)n * (lo + lc) + 2), *o = s;

	for (int i = 0; i < n; i++, o += lo)
		memcpy(o, open, lo);
	*o++ = '1';
	for (int i = 0; i < n; i++, o += lc)
		memcpy(o, close, lc);
	*o = '\0';
	return s;
}

TEST(caps)
{
	char *s;
	char *num;
	struct vd_value *v;

	s = nested(256, "[", "]");
	CHECK(P(s) != NULL);
	free(s);
	s = nested(257, "[", "]");
	CHECK_EQ_INT(err_offset(s, 0), 256);
	free(s);
	s = nested(300, "[", "]");
	CHECK_EQ_INT(err_offset(s, 0), 256);
	free(s);
	s = nested(256, "{\"$tuple\": [", "]}");
	CHECK(P(s) != NULL);
	free(s);
	s = nested(257, "{\"$np\": [\"O\", ", "]}");
	CHECK(err_offset(s, 0) > 0);
	free(s);
	s = nested(100000, "[", "]");
	CHECK(err_offset(s, 0) == 256);
	free(s);

	num = malloc(100010);
	memset(num, '7', 100005);
	num[0] = '-';
	num[100001] = '\0'; /* 100,000 digits */
	v = P(num);
	CHECK(v && (v->flags & VD_VALUE_F_BIGINT) && v->len == 100001);
	num[100001] = '7'; /* 100,001 */
	num[100002] = '\0';
	CHECK_EQ_INT(err_offset(num, 0), 0);
	num[50000] = '.'; /* a float of 100,001 digits */
	num[100002] = '7';
	num[100003] = '\0';
	CHECK_EQ_INT(err_offset(num, 0), 0);
	num[100002] = '\0'; /* 100,000 */
	v = P(num);
	CHECK(v && v->kind == VD_VALUE_FLOAT && v->u.f == -INFINITY);
	free(num);
	release();
}

TEST(eq_numbers)
{
	CHECK_EQ_INT(eqs("true", "1"), 1);
	CHECK_EQ_INT(eqs("true", "1.0"), 1);
	CHECK_EQ_INT(eqs("1", "{\"$complex\": [1.0, 0.0]}"), 1);
	CHECK_EQ_INT(eqs("true", "{\"$complex\": [1.0, -0.0]}"), 1);
	CHECK_EQ_INT(eqs("1", "{\"$complex\": [1.0, 1e-300]}"), 0);
	CHECK_EQ_INT(eqs("false", "0"), 1);
	CHECK_EQ_INT(eqs("false", "-0.0"), 1);
	CHECK_EQ_INT(eqs("0.0", "-0.0"), 1);
	CHECK_EQ_INT(eqs("2", "true"), 0);
	CHECK_EQ_INT(eqs("0.1", "0.1"), 1);
	CHECK_EQ_INT(eqs("0.30000000000000004", "0.3"), 0);
	/* 2**100 == float(2**100); 2**53 + 1 != 2.0**53. */
	CHECK_EQ_INT(
		eqs("1267650600228229401496703205376", "1.2676506002282294e30"),
		1);
	CHECK_EQ_INT(
		eqs("1267650600228229401496703205377", "1.2676506002282294e30"),
		0);
	CHECK_EQ_INT(eqs("9007199254740993", "9007199254740992.0"), 0);
	CHECK_EQ_INT(eqs("9007199254740992", "9007199254740992.0"), 1);
	CHECK_EQ_INT(eqs("9223372036854775808", "9.223372036854775808e18"), 1);
	CHECK_EQ_INT(eqs("9223372036854775807", "9.223372036854775807e18"), 0);
	CHECK_EQ_INT(eqs("-9223372036854775808", "-9.223372036854775808e18"),
		     1);
	CHECK_EQ_INT(eqs("-1267650600228229401496703205376",
			 "-1.2676506002282294e30"),
		     1);
	CHECK_EQ_INT(eqs("123456789012345678901234567890",
			 "123456789012345678901234567890"),
		     1);
	CHECK_EQ_INT(eqs("123456789012345678901234567890",
			 "-123456789012345678901234567890"),
		     0);
	CHECK_EQ_INT(eqs("123456789012345678901234567890", "1"), 0);
	CHECK_EQ_INT(eqs("1.5", "1"), 0);
	CHECK_EQ_INT(eqs("1e308", "1e308"), 1);
	CHECK_EQ_INT(eqs("Infinity", "{\"$float\": \"inf\"}"), 1);
	CHECK_EQ_INT(eqs("Infinity", "-Infinity"), 0);
	CHECK_EQ_INT(eqs("Infinity", "123456789012345678901234567890"), 0);
	CHECK_EQ_INT(eqs("NaN", "NaN"), 0);
	CHECK_EQ_INT(eqs("[NaN]", "[NaN]"), 0);
	CHECK_EQ_INT(eqs("{\"$complex\": [NaN, 0.0]}", "NaN"), 0);
	CHECK_EQ_INT(
		eqs("{\"$complex\": [1.0, 2.0]}", "{\"$complex\": [1.0, 2.0]}"),
		1);
	CHECK_EQ_INT(eqs("{\"$complex\": [1.0, 2.0]}",
			 "{\"$complex\": [1.0, -2.0]}"),
		     0);
	/* NumPy scalars compare like what they hold. */
	CHECK_EQ_INT(eqs("{\"$np\": [\"int64\", 3]}", "3.0"), 1);
	CHECK_EQ_INT(eqs("{\"$np\": [\"bool\", true]}", "1"), 1);
	CHECK_EQ_INT(eqs("{\"$np\": [\"float64\", 0.5]}",
			 "{\"$np\": [\"float32\", 0.5]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$np\": [\"<U1\", \"a\"]}", "\"a\""), 1);
	CHECK_EQ_INT(eqs("{\"$np\": [\"float64\", NaN]}",
			 "{\"$np\": [\"float64\", NaN]}"),
		     0);
	CHECK_EQ_INT(eqs("[1, 2.0, true]", "[1.0, 2, 1]"), 1);
}

TEST(eq_containers)
{
	CHECK_EQ_INT(eqs("null", "null"), 1);
	CHECK_EQ_INT(eqs("null", "0"), 0);
	CHECK_EQ_INT(eqs("\"a\"", "\"a\""), 1);
	CHECK_EQ_INT(eqs("\"a\"", "\"b\""), 0);
	CHECK_EQ_INT(eqs("\"a\"", "{\"$bytes\": \"61\"}"), 0);
	CHECK_EQ_INT(eqs("{\"$bytes\": \"61\"}", "{\"$bytearray\": \"61\"}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$bytes\": \"\"}", "{\"$bytes\": \"00\"}"), 0);
	CHECK_EQ_INT(eqs("[]", "[]"), 1);
	CHECK_EQ_INT(eqs("[1, 2]", "{\"$tuple\": [1, 2]}"), 0);
	CHECK_EQ_INT(eqs("{\"$tuple\": [1, 2]}", "{\"$tuple\": [1.0, 2]}"), 1);
	CHECK_EQ_INT(eqs("[1, 2]", "[1, 2, 3]"), 0);
	CHECK_EQ_INT(eqs("[[1], [2, [3]]]", "[[1], [2, [3]]]"), 1);
	CHECK_EQ_INT(eqs("[[1], [2, [3]]]", "[[1], [2, [4]]]"), 0);
	/* Sets: any order, 1 == 1.0 == True, set == frozenset. */
	CHECK_EQ_INT(eqs("{\"$set\": [1, \"a\", 2.5]}",
			 "{\"$set\": [2.5, 1, \"a\"]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$set\": [1]}", "{\"$set\": [1.0, true]}"), 1);
	CHECK_EQ_INT(eqs("{\"$set\": [1, 2]}", "{\"$frozenset\": [2, 1]}"), 1);
	CHECK_EQ_INT(eqs("{\"$set\": [1, 2]}", "{\"$set\": [1, 3]}"), 0);
	CHECK_EQ_INT(eqs("{\"$set\": [1, 2]}", "{\"$set\": [1]}"), 0);
	CHECK_EQ_INT(eqs("{\"$set\": []}", "{\"$frozenset\": []}"), 1);
	CHECK_EQ_INT(eqs("{\"$set\": []}", "[]"), 0);
	CHECK_EQ_INT(eqs("{\"$set\": [NaN]}", "{\"$set\": [NaN]}"), 0);
	CHECK_EQ_INT(eqs("{\"$set\": [{\"$frozenset\": [1, 2]}, 3]}",
			 "{\"$set\": [3, {\"$frozenset\": [2.0, true]}]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$set\": [{\"$tuple\": [1, \"x\"]}]}",
			 "{\"$set\": [{\"$tuple\": [true, \"x\"]}]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$set\": [{\"$bytes\": \"61\"}]}",
			 "{\"$set\": [\"a\"]}"),
		     0);
	/* Dicts: tuple keys in different orders, values by ==. */
	CHECK_EQ_INT(eqs("{\"$dict\": [[{\"$tuple\": [1, 2]}, \"a\"], "
			 "[{\"$tuple\": [3, 4]}, [1.0]]]}",
			 "{\"$dict\": [[{\"$tuple\": [3, 4.0]}, [1]], "
			 "[{\"$tuple\": [1, 2]}, \"a\"]]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$dict\": [[1, \"a\"], [2, \"b\"]]}",
			 "{\"$dict\": [[1, \"a\"], [2, \"c\"]]}"),
		     0);
	CHECK_EQ_INT(eqs("{\"$dict\": [[1, \"a\"]]}",
			 "{\"$dict\": [[1, \"a\"], [2, \"b\"]]}"),
		     0);
	CHECK_EQ_INT(eqs("{\"$dict\": [[1, \"a\"]]}",
			 "{\"$dict\": [[true, \"a\"]]}"),
		     1);
	CHECK_EQ_INT(eqs("{\"$dict\": []}", "{\"$dict\": []}"), 1);
	CHECK_EQ_INT(eqs("{\"$dict\": [[1, NaN]]}", "{\"$dict\": [[1, NaN]]}"),
		     0);
	CHECK_EQ_INT(eqs("{\"$dict\": [[1, [1, 2]]]}",
			 "{\"$dict\": [[1, {\"$tuple\": [1, 2]}]]}"),
		     0);
	/* ndarray and $other equal nothing. */
	CHECK_EQ_INT(eqs("{\"$ndarray\": [\"int64\", [1]]}",
			 "{\"$ndarray\": [\"int64\", [1]]}"),
		     0);
	CHECK_EQ_INT(eqs("{\"$other\": [\"a.B\", \"B()\"]}",
			 "{\"$other\": [\"a.B\", \"B()\"]}"),
		     0);
	CHECK_EQ_INT(eqs("[{\"$other\": [\"a.B\", \"B()\"]}]", "[1]"), 0);
}

/* Keys are equal exactly when the values are. */
TEST(keys)
{
	static const char *const texts[] = {
		"null",
		"true",
		"false",
		"0",
		"1",
		"1.0",
		"-0.0",
		"0.5",
		"2",
		"-1",
		"{\"$complex\": [1.0, 0.0]}",
		"{\"$complex\": [1.0, 1.0]}",
		"{\"$complex\": [0.5, -0.0]}",
		"{\"$complex\": [0.0, 1.0]}",
		"9223372036854775807",
		"9223372036854775808",
		"9.223372036854775808e18",
		"1267650600228229401496703205376",
		"1.2676506002282294e30",
		"1267650600228229401496703205377",
		"-9223372036854775809",
		"1e308",
		"Infinity",
		"-Infinity",
		"5e-324",
		"\"\"",
		"\"a\"",
		"\"1\"",
		"\"\\ud83d\\ude00\"",
		"\"\xf0\x9f\x98\x80\"",
		"\"\\ud83d\"",
		"{\"$bytes\": \"\"}",
		"{\"$bytes\": \"61\"}",
		"{\"$tuple\": []}",
		"{\"$tuple\": [1, \"a\"]}",
		"{\"$tuple\": [1.0, \"a\"]}",
		"{\"$tuple\": [\"a\", 1]}",
		"{\"$tuple\": [{\"$tuple\": [1]}]}",
		"{\"$frozenset\": []}",
		"{\"$frozenset\": [1, 2]}",
		"{\"$frozenset\": [2.0, 1, 2]}",
		"{\"$frozenset\": [{\"$frozenset\": [1]}, 2]}",
		"{\"$np\": [\"int64\", 1]}",
		"{\"$np\": [\"float64\", 0.5]}",
	};
	enum { N = sizeof(texts) / sizeof(texts[0]) };
	struct vd_buf k[N];
	struct vd_value *v[N];
	struct vd_buf b;

	for (int i = 0; i < N; i++) {
		vd_buf_init(&k[i], 1 << 20);
		v[i] = P(texts[i]);
		CHECK(v[i] && vd_value_key(v[i], &k[i]) == 0);
	}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			bool same = k[i].len == k[j].len &&
				    !memcmp(k[i].data, k[j].data, k[i].len);
			if (v[i] && v[j] && same != vd_value_eq(v[i], v[j]))
				FAIL_AT("%s vs %s: key %d, eq %d", texts[i],
					texts[j], same,
					vd_value_eq(v[i], v[j]));
		}
	for (int i = 0; i < N; i++)
		vd_buf_release(&k[i]);
	vd_buf_init(&b, 1000);
	CHECK_EQ_INT(vd_value_key(P("[1]"), &b), VD_EINVAL);
	CHECK_EQ_INT(vd_value_key(P("{\"$tuple\": [[1]]}"), &b), VD_EINVAL);
	CHECK_EQ_INT(vd_value_key(P("{\"$set\": [1]}"), &b), VD_EINVAL);
	CHECK_EQ_INT(vd_value_key(P("{\"$bytearray\": \"\"}"), &b), VD_EINVAL);
	CHECK_EQ_INT(vd_value_key(P("{\"$dict\": []}"), &b), VD_EINVAL);
	CHECK_EQ_INT(vd_value_key(P("NaN"), &b), 1);
	CHECK_EQ_INT(vd_value_key(P("{\"$tuple\": [1, NaN]}"), &b), 1);
	CHECK_EQ_INT(vd_value_key(P("{\"$other\": [\"t\", \"r\"]}"), &b), 1);
	CHECK_EQ_INT(b.len, 0);
	vd_buf_release(&b);
	release();
}

TEST(repr)
{
	static const char *const cases[][2] = {
		{ "null", "None" },
		{ "[true, false]", "[True, False]" },
		{ "-12", "-12" },
		{ "-123456789012345678901234567890",
		  "-123456789012345678901234567890" },
		{ "1.0", "1.0" },
		{ "-0.0", "-0.0" },
		{ "0.1", "0.1" },
		{ "0.30000000000000004", "0.30000000000000004" },
		{ "1e16", "1e+16" },
		{ "1e15", "1000000000000000.0" },
		{ "123.456", "123.456" },
		{ "0.0001", "0.0001" },
		{ "0.00001", "1e-05" },
		{ "1.5e-07", "1.5e-07" },
		{ "5e-324", "5e-324" },
		{ "1.7976931348623157e308", "1.7976931348623157e+308" },
		{ "1e100", "1e+100" },
		{ "NaN", "nan" },
		{ "-Infinity", "-inf" },
		{ "{\"$complex\": [1.0, 2.0]}", "(1+2j)" },
		{ "{\"$complex\": [0.0, 1.5]}", "1.5j" },
		{ "{\"$complex\": [-0.0, -1.0]}", "(-0-1j)" },
		{ "{\"$complex\": [1.5, NaN]}", "(1.5+nanj)" },
		{ "\"a\"", "'a'" },
		{ "\"it's\"", "\"it's\"" },
		{ "\"'\\\"\"", "'\\'\"'" },
		{ "\"a\\\\b\\n\\t\\u0001\\u007f\"",
		  "'a\\\\b\\n\\t\\x01\\x7f'" },
		{ "\"\\u00e9\\u0085\\u00a0\"", "'\xc3\xa9\\x85\\xa0'" },
		{ "\"\\ud800x\"", "'\\ud800x'" },
		{ "{\"$bytes\": \"6869270a\"}", "b\"hi'\\n\"" },
		{ "{\"$bytearray\": \"00ff\"}", "bytearray(b'\\x00\\xff')" },
		{ "{\"$tuple\": []}", "()" },
		{ "{\"$tuple\": [1]}", "(1,)" },
		{ "{\"$tuple\": [1, \"a\"]}", "(1, 'a')" },
		{ "{\"$set\": []}", "set()" },
		{ "{\"$set\": [1]}", "{1}" },
		{ "{\"$frozenset\": []}", "frozenset()" },
		{ "{\"$frozenset\": [2]}", "frozenset({2})" },
		{ "{\"$dict\": [[1, [2]], [\"k\", null]]}",
		  "{1: [2], 'k': None}" },
		{ "{\"$np\": [\"int64\", 3]}", "np.int64(3)" },
		{ "{\"$ndarray\": [\"float64\", [1.5]]}",
		  "array([1.5], dtype=float64)" },
		{ "{\"$other\": [\"m.T\", \"<T at 0x1>\"]}", "<T at 0x1>" },
	};
	char out[256];
	struct vd_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		repr_of(cases[i][0], out, sizeof(out));
		if (strcmp(out, cases[i][1]))
			FAIL_AT("repr(%s) = %s, want %s", cases[i][0], out,
				cases[i][1]);
	}
	/* Capped: a prefix and VD_E2BIG. */
	vd_buf_init(&b, 10);
	CHECK_EQ_INT(vd_value_repr(P("[1000, 2000, 3000, 4000]"), &b),
		     VD_E2BIG);
	CHECK_STREQ(b.data, "[1000, 200");
	vd_buf_release(&b);
	release();
}

/* Every float reprs to digits that read back to it. */
TEST(repr_round_trip)
{
	char text[64];
	int bad = 0;

	for (int k = 0; k < 20000 && bad < 5; k++) {
		uint64_t bits = rng();
		struct vd_value *v, *w;
		struct vd_buf b;
		double d;

		memcpy(&d, &bits, sizeof(d));
		if (!isfinite(d))
			continue;
		snprintf(text, sizeof(text), "%.17g", d);
		if (!strpbrk(text, ".e"))
			continue;
		v = P(text);
		vd_buf_init(&b, 64);
		if (v)
			vd_value_repr(v, &b);
		w = b.data ? P(b.data) : NULL;
		if (!v || !w || w->kind != VD_VALUE_FLOAT || w->u.f != d) {
			printf("# %s -> %s\n", text, b.data ? b.data : "");
			bad++;
		}
		vd_buf_release(&b);
		release();
	}
	CHECK_EQ_INT(bad, 0);
}

TEST(accessors)
{
	struct vd_value *v = P("[\"ab\", {\"$bytes\": \"00\"}, 3, 2.5, null]");
	size_t n;
	double d;

	CHECK(v && vd_value_len(v) == 5);
	CHECK(v && !strcmp(vd_value_type_name(v), "list"));
	CHECK(v && !strcmp(vd_value_data(vd_value_item(v, 0), &n), "ab") &&
	      n == 2);
	CHECK(v && vd_value_len(vd_value_item(v, 1)) == 1);
	CHECK(v && !vd_value_data(vd_value_item(v, 2), &n) && n == 0);
	CHECK(v && vd_value_real(vd_value_item(v, 3), &d) == 0 && d == 2.5);
	CHECK(v && vd_value_real(vd_value_item(v, 0), &d) == VD_EINVAL);
	CHECK(v && vd_value_len(vd_value_item(v, 4)) == 0);
	CHECK(v && !vd_value_item(vd_value_item(v, 0), 0));
	CHECK(v && !vd_value_dtype(v) && !vd_value_inner(v));
	CHECK(v && !vd_value_dict_key(v, 0));
	CHECK(v && vd_value_unwrap(v) == v);
	CHECK(v && vd_value_reflexive(v) && vd_value_eq(v, v));
	vd_value_free(NULL);
	release();
}

static const char medium[] =
	"[1, -2, 3.5, NaN, \"caf\\u00e9 \\ud83d\\ude00\", null, true, "
	"{\"$tuple\": [1, [2, 3], {\"$set\": [4, 5.5, \"x\"]}]}, "
	"{\"$dict\": [[{\"$frozenset\": [1, 2]}, {\"$bytes\": \"0001ff\"}], "
	"[\"k\", {\"$complex\": [1.0, {\"$float\": \"-inf\"}]}]]}, "
	"{\"$np\": [\"int64\", 7]}, {\"$ndarray\": [\"int64\", [[1, 2]]]}, "
	"{\"$other\": [\"m.T\", \"T()\"]}, 123456789012345678901234567890, "
	"[[[[[[[[[[1]]]]]]]]]], 1e300, {\"$bytearray\": \"41\"}";

/* Allocation failure at every point: VD_ENOMEM or success, no crash, no
 * leak (LeakSanitizer checks the clang build). */
TEST(alloc_torture)
{
	struct vd_buf text;
	struct vd_value *v, *a, *b;
	struct vd_buf r;
	long n, failed;
	int rc, bad = 0;

	/* A medium value: 400 items (the value stack spills to the heap)
	 * and a 20 KB string (a second arena chunk). */
	vd_buf_init(&text, VD_BUF_UNLIMITED);
	vd_buf_puts(&text, medium);
	for (int i = 0; i < 400; i++)
		vd_buf_printf(&text, ", %d", i);
	vd_buf_puts(&text, ", \"");
	for (int i = 0; i < 2000; i++)
		vd_buf_puts(&text, "0123456789");
	vd_buf_puts(&text, "\"]");
	for (n = 0;; n++) {
		v = NULL;
		vd_alloc_fail_after(n);
		rc = vd_value_parse(text.data, text.len, 0, &v, NULL);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		if (rc != 0 && v)
			bad++;
		vd_value_free(v);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(rc == 0 && n >= 3);
	printf("# parse: %ld allocations\n", n);
	vd_buf_release(&text);

	a = P("{\"$dict\": [[{\"$frozenset\": [1, {\"$tuple\": [2, 3]}]}, "
	      "{\"$set\": [1, 2, 3]}], [\"x\", 1]]}");
	b = P("{\"$dict\": [[\"x\", 1.0], [{\"$frozenset\": [{\"$tuple\": "
	      "[2, 3]}, true]}, {\"$frozenset\": [3, 2, 1]}]]}");
	for (n = 0;; n++) {
		vd_alloc_fail_after(n);
		rc = vd_value_equal(a, b);
		failed = vd_alloc_fail_after(-1);
		if (rc != 1 && rc != VD_ENOMEM)
			bad++;
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 1);
	for (n = 0;; n++) {
		vd_buf_init(&r, 1 << 16);
		vd_alloc_fail_after(n);
		rc = vd_value_repr(a, &r);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		vd_buf_release(&r);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	release();
}

/* ---- real data ---- */

struct span {
	const char *p;
	size_t n;
};

/* The end of the JSON value at s (a container, string or scalar), or
 * NULL if it does not end before e. */
static const char *value_end(const char *s, const char *e)
{
	int depth = 0;

	for (; s < e; s++) {
		if (*s == '"') {
			for (s++; s < e && *s != '"'; s++)
				if (*s == '\\')
					s++;
			if (!depth)
				return s + 1;
		} else if (*s == '[' || *s == '{') {
			depth++;
		} else if (*s == ']' || *s == '}') {
			if (--depth <= 0)
				return depth < 0 ? s : s + 1;
		} else if (!depth && (*s == ',' || *s == '\n')) {
			return s;
		}
	}
	return NULL;
}

/* The value of "key" in the JSON record line. */
static bool find_field(const char *line, const char *end, const char *key,
		       struct span *out)
{
	char pat[64];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = memmem(line, (size_t)(end - line), pat, strlen(pat));
	if (!p)
		return false;
	p += strlen(pat);
	q = value_end(p, end);
	if (!q)
		return false;
	out->p = p;
	out->n = (size_t)(q - p);
	return true;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct tally {
	long inputs, nan, bad;
	double parse_s, eq_s;
	size_t bytes;
};

/* Parses each item of the array span as one input, twice, and compares
 * the two trees. */
static void check_inputs(struct span arr, struct tally *t)
{
	const char *s = arr.p + 1, *e = arr.p + arr.n - 1;

	while (s < e) {
		const char *q;
		struct vd_value *v = NULL, *w = NULL;
		struct vd_error err = { 0 };
		double t0, t1, t2;
		int rc;

		while (s < e && (*s == ' ' || *s == ','))
			s++;
		if (s >= e)
			break;
		q = value_end(s, e);
		if (!q)
			q = e;
		t0 = now_s();
		rc = vd_value_parse(s, (size_t)(q - s), VD_VALUE_INPUT, &v,
				    &err);
		t1 = now_s();
		if (!rc)
			rc = vd_value_parse(s, (size_t)(q - s), VD_VALUE_INPUT,
					    &w, &err);
		t2 = now_s();
		t->parse_s += t1 - t0;
		t->bytes += (size_t)(q - s);
		t->inputs++;
		if (rc) {
			if (t->bad++ < 5)
				printf("# %.60s: %s\n", s, err.msg);
		} else if (!vd_value_reflexive(v)) {
			t->nan++;
		} else if (v->kind != VD_VALUE_LIST || !vd_value_eq(v, w) ||
			   !vd_value_eq(w, v)) {
			if (t->bad++ < 5)
				printf("# not equal to itself: %.60s\n", s);
		}
		t->eq_s += now_s() - t2;
		vd_value_free(v);
		vd_value_free(w);
		s = q;
	}
}

static int read_dataset(const char *gz, struct tally *t, long *records)
{
	char path[128], cmd[512];
	FILE *f;
	char *data;
	long size;
	int rc;

	snprintf(path, sizeof(path), "/tmp/t-value-%d.jsonl", (int)getpid());
	snprintf(cmd, sizeof(cmd), "gzip -dc '%s' > '%s'", gz, path);
	rc = system(cmd);
	f = rc == 0 ? fopen(path, "rb") : NULL;
	if (!f) {
		unlink(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc((size_t)size + 1);
	if (fread(data, 1, (size_t)size, f) != (size_t)size)
		size = 0;
	data[size] = '\0';
	fclose(f);
	unlink(path);
	for (char *line = data, *nl; line < data + size; line = nl + 1) {
		struct span base, plus;
		nl = memchr(line, '\n', (size_t)(data + size - line));
		if (!nl)
			nl = data + size;
		if (nl == line)
			continue;
		(*records)++;
		if (!find_field(line, nl, "base_input", &base) ||
		    !find_field(line, nl, "plus_input", &plus)) {
			t->bad++;
			continue;
		}
		check_inputs(base, t);
		check_inputs(plus, t);
	}
	free(data);
	return 0;
}

TEST(real_data)
{
	static const char *const files[] = {
		"../shared/data/humanevalplus/HumanEvalPlus.jsonl.gz",
		"../shared/data/mbppplus/MbppPlus.jsonl.gz",
	};
	static const long want_inputs[] = { 1570 + 122683, 1174 + 39841 };

	for (int i = 0; i < 2; i++) {
		struct tally t = { 0 };
		long records = 0;

		if (access(files[i], R_OK)) {
			printf("# skip: ../shared/data not found (%s)\n",
			       files[i]);
			continue;
		}
		CHECK_EQ_INT(read_dataset(files[i], &t, &records), 0);
		CHECK_EQ_INT(t.bad, 0);
		CHECK_EQ_INT(t.inputs, want_inputs[i]);
		printf("# %s: %ld records, %ld inputs (%ld with NaN), %.1f MB; "
		       "parse %.3f s (%.2f us/input, %.0f MB/s), "
		       "2nd parse + eq %.3f s\n",
		       files[i], records, t.inputs, t.nan,
		       (double)t.bytes / 1e6, t.parse_s,
		       t.parse_s * 1e6 / (double)(t.inputs ? t.inputs : 1),
		       (double)t.bytes / 1e6 / (t.parse_s > 0 ? t.parse_s : 1),
		       t.eq_s);
	}
}

/* Ints beyond 10,000 bits arrive as {"$int": "0x..."} (docs/typed-values.md). */
TEST(hex_big_ints)
{
	CHECK(P("{\"$int\": \"0x1f0000000000000000000000000000000000000000\"}") !=
	      NULL);
	CHECK_EQ_INT(eqs("{\"$int\": \"0xabc\"}", "{\"$int\": \"0xabc\"}"), 1);
	CHECK_EQ_INT(eqs("{\"$int\": \"-0xabc\"}", "{\"$int\": \"0xabc\"}"), 0);
	CHECK_EQ_INT(eqs("{\"$int\": \"0xabc\"}", "1e300"), 0);
	CHECK_EQ_INT(eqs("{\"$set\": [{\"$int\": \"0xabc\"}, 1]}",
			 "{\"$set\": [1, {\"$int\": \"0xabc\"}]}"),
		     1);
	CHECK(err_offset("{\"$int\": \"0x0abc\"}", 0) >= 0);
	CHECK(err_offset("{\"$int\": \"0xABC\"}", 0) >= 0);
	CHECK(err_offset("{\"$int\": \"abc\"}", 0) >= 0);
	CHECK(err_offset("{\"$int\": 12}", 0) >= 0);
	release();
}

/* Values over 64 MiB arrive as {"$digest": ["sha256:...", length]}. */
TEST(digests)
{
	const char *a =
		"{\"$digest\": [\"sha256:"
		"0000000000000000000000000000000000000000000000000000000000000001\", 70000000]}";
	const char *b =
		"{\"$digest\": [\"sha256:"
		"0000000000000000000000000000000000000000000000000000000000000002\", 70000000]}";
	char r[200];
	CHECK_EQ_INT(eqs(a, a), 1);
	CHECK_EQ_INT(eqs(a, b), 0);
	CHECK_EQ_INT(eqs(a, "\"x\""), 0);
	CHECK(strstr(repr_of(a, r, sizeof(r)),
		     "value of 70000000 items or bytes") != NULL);
	CHECK(err_offset("{\"$digest\": [\"sha256:12\", 3]}", 0) >= 0);
	CHECK(err_offset("{\"$digest\": [\"md5:0\", 3]}", 0) >= 0);
	release();
}

/* {"$numbers": [container, doubles, ints]}: the same tree as the items
 * written out; every malformed payload refused. */
TEST(numbers)
{
	const char *mixed = "{\"$numbers\": [\"list\", "
			    "\"AAAAAAAA8D8AAAAAAAAEQAAAAAAAAAjA\", \"AQAA\"]}";
	const char *tuple = "{\"$numbers\": [\"tuple\", "
			    "\"AAAAAAAA8D8AAAAAAAAEQAAAAAAAAAjA\", \"\"]}";
	const char *nan = "{\"$numbers\": [\"list\", "
			  "\"AAAAAAAA+D8AAAAAAAD4fw==\", \"\"]}";
	static const char *const bad[] = {
		"{\"$numbers\": [\"set\", \"AAAAAAAA4D8=\", \"\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAA4D8\", \"\"]}",
		"{\"$numbers\": [\"list\", \"AAAA*AAA4D8=\", \"\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAA==\", \"\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAA4D8=\", \"AQAA\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAABEA=\", \"Ag==\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAABEA=\", \"AQ==\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAAsEM=\", \"AQ==\"]}",
		"{\"$numbers\": [\"list\", \"AAAAAAAA4D8=\"]}",
		"{\"$numbers\": [\"list\", 1, \"\"]}",
		"{\"$numbers\": \"list\"}",
	};
	char r[200];
	struct vd_value *v;

	CHECK_EQ_INT(eqs(mixed, "[1, 2.5, -3.0]"), 1);
	CHECK_EQ_INT(eqs(tuple, "{\"$tuple\": [1.0, 2.5, -3.0]}"), 1);
	CHECK_EQ_INT(eqs(tuple, "[1.0, 2.5, -3.0]"),
		     0); /* a tuple is no list */
	CHECK_EQ_INT(eqs(mixed, "[1, 2.5, -3.5]"), 0);
	CHECK_STREQ(repr_of(mixed, r, sizeof(r)), "[1, 2.5, -3.0]");
	CHECK_STREQ(repr_of(tuple, r, sizeof(r)), "(1.0, 2.5, -3.0)");
	v = P(mixed);
	CHECK(v && v->kind == VD_VALUE_LIST && v->len == 3 &&
	      v->u.items[0].kind == VD_VALUE_INT && v->u.items[0].u.i == 1 &&
	      v->u.items[1].kind == VD_VALUE_FLOAT);
	v = P(nan);
	CHECK(v && (v->flags & VD_VALUE_F_NAN));
	CHECK_EQ_INT(eqs(nan, nan), 0); /* NaN equals nothing */
	CHECK_EQ_INT(eqs("{\"$numbers\": [\"list\", \"\", \"\"]}", "[]"), 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (err_offset(bad[i], 0) < 0) {
			printf("# accepted: %s\n", bad[i]);
			CHECK(0);
		}
	}
	release();
}

int main(void)
{
	RUN(numbers);
	RUN(scalars);
	RUN(hex_big_ints);
	RUN(digests);
	RUN(floats_round_trip);
	RUN(strings);
	RUN(tags);
	RUN(input_mode);
	RUN(parse_errors);
	RUN(caps);
	RUN(eq_numbers);
	RUN(eq_containers);
	RUN(keys);
	RUN(repr);
	RUN(repr_round_trip);
	RUN(accessors);
	RUN(alloc_torture);
	RUN(real_data);
	return harness_done();
}
