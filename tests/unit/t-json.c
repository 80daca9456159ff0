/* Unit tests of json: the streaming writer, string quoting and the span
 * reader, each also under allocation failure. */
#include "alloc.h"
#include "harness.h"
#include "json.h"
#include "verdict.h"

static void quote(const char *in, size_t n, const char *want)
{
	struct vd_buf b;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	CHECK_EQ_INT(vd_json_quote(&b, in, n), 0);
	CHECK_STREQ(b.data, want);
	vd_buf_release(&b);
}

TEST(quote_escapes)
{
	quote("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	quote("l1\nl2\t\r", 7, "\"l1\\nl2\\t\\r\"");
	quote("\x01", 1, "\"\\u0001\"");
	quote("nul\0x", 5, "\"nul\\u0000x\"");
}

TEST(quote_utf8_kept_invalid_replaced)
{
	quote("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");
	quote("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
	quote("\xff", 1, "\"\\ufffd\"");
	quote("\xc3", 1, "\"\\ufffd\""); /* truncated sequence */
	quote("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
	quote("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");	       /* overlong */
}

TEST(writer_nesting_and_commas)
{
	struct vd_buf b;
	struct vd_jw w;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	vd_jw_init(&w, &b, 0);
	vd_jw_object(&w);
	vd_jw_key(&w, "a");
	vd_jw_int(&w, -3);
	vd_jw_key(&w, "b");
	vd_jw_array(&w);
	vd_jw_uint(&w, 1);
	vd_jw_bool(&w, true);
	vd_jw_null(&w);
	vd_jw_string(&w, "s");
	vd_jw_object(&w);
	vd_jw_object_end(&w);
	vd_jw_array_end(&w);
	vd_jw_key(&w, "c");
	vd_jw_double(&w, 0.1);
	vd_jw_object_end(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), 0);
	CHECK_STREQ(b.data,
		    "{\"a\":-3,\"b\":[1,true,null,\"s\",{}],\"c\":0.1}");
	vd_buf_release(&b);
}

TEST(doubles_round_trip_and_nonfinite_is_null)
{
	struct vd_buf b;
	struct vd_jw w;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	vd_jw_init(&w, &b, 0);
	vd_jw_array(&w);
	vd_jw_double(&w, 1.0 / 3.0);
	vd_jw_double(&w, 1e300 * 1e10);
	vd_jw_double(&w, 2.5);
	vd_jw_array_end(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), 0);
	CHECK_STREQ(b.data, "[0.3333333333333333,null,2.5]");
	vd_buf_release(&b);
}

TEST(unbalanced_is_an_error)
{
	struct vd_buf b;
	struct vd_jw w;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	vd_jw_init(&w, &b, 0);
	vd_jw_object(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), VD_EINVAL);
	vd_jw_init(&w, &b, 0);
	vd_jw_array_end(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), VD_EINVAL);
	vd_buf_release(&b);
}

TEST(cap_is_reported)
{
	struct vd_buf b;
	struct vd_jw w;
	vd_buf_init(&b, 8);
	vd_jw_init(&w, &b, 0);
	vd_jw_array(&w);
	vd_jw_string(&w, "a long string that does not fit");
	vd_jw_array_end(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), VD_E2BIG);
	vd_buf_release(&b);
}

TEST(indent)
{
	struct vd_buf b;
	struct vd_jw w;
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	vd_jw_init(&w, &b, 2);
	vd_jw_object(&w);
	vd_jw_key(&w, "k");
	vd_jw_array(&w);
	vd_jw_int(&w, 1);
	vd_jw_array_end(&w);
	vd_jw_object_end(&w);
	CHECK_EQ_INT(vd_jw_finish(&w), 0);
	CHECK_STREQ(b.data, "{\n  \"k\": [\n    1\n  ]\n}");
	vd_buf_release(&b);
}

/* A document with every kind of value, escapes that decode to one to four
 * UTF-8 bytes, and strings long enough to make the buffers grow a few
 * times. */
static void torture_text(struct vd_buf *t)
{
	vd_buf_init(t, VD_BUF_UNLIMITED);
	vd_buf_puts(t, "{\"id\": \"T/1\", \"esc\": \"a\\n\\t\\\"\\\\\\/\\u00e9"
		       "\\u20ac\\ud83d\\ude00\\ud800x\", \"n\": [1, -2.5e3, "
		       "NaN, -Infinity, 123456789012345678901234567890], "
		       "\"t\": true, \"f\": false, \"z\": null, \"long\": \"");
	for (int i = 0; i < 300; i++)
		vd_buf_puts(t, "0123456789\\u00e9");
	vd_buf_puts(t, "\", \"nested\": {\"a\": [[], {}, [\"\\u0041\"]]}}");
}

/* Scanning and iterating never allocate; decoding is VD_ENOMEM with a
 * message, the output untouched, or the decoded text. */
TEST(reader_alloc_torture)
{
	struct vd_json_span doc, k, v;
	struct vd_json_iter it;
	struct vd_error e;
	struct vd_buf t, b;
	char *s;
	long n, failed;
	int rc = 0, bad = 0, strings = 0;

	torture_text(&t);
	vd_alloc_fail_after(0);
	rc = vd_json_parse_span(t.data, t.len, &doc, NULL);
	vd_json_iter_init(&it, &doc);
	while (vd_json_next(&it, &k, &v))
		strings += v.type == VD_JSON_STRING;
	CHECK_EQ_INT(vd_alloc_fail_after(-1), 0);
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(strings, 3);
	for (n = 0;; n++) {
		failed = 0;
		vd_json_iter_init(&it, &doc);
		while (vd_json_next(&it, &k, &v)) {
			if (v.type != VD_JSON_STRING)
				continue;
			s = NULL;
			memset(&e, 0, sizeof(e));
			vd_alloc_fail_after(n);
			rc = vd_json_string_dup(&v, &s, &e);
			failed += vd_alloc_fail_after(-1);
			if (rc == 0 && !s)
				bad++;
			if (rc != 0 && (rc != VD_ENOMEM || s ||
					e.code != VD_ENOMEM || !e.msg[0]))
				bad++;
			vd_free_mem(s);
			vd_buf_init(&b, VD_BUF_UNLIMITED);
			memset(&e, 0, sizeof(e));
			vd_alloc_fail_after(n);
			rc = vd_json_string(&v, &b, true, &e);
			failed += vd_alloc_fail_after(-1);
			if (rc != 0 && (rc != VD_ENOMEM ||
					e.code != VD_ENOMEM || !e.msg[0]))
				bad++;
			vd_buf_release(&b);
		}
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK(n >= 3);
	printf("# reader: %ld allocations\n", n);
	vd_buf_release(&t);
}

/* Writing a document under allocation failure: vd_jw_finish says
 * VD_ENOMEM (sticky), never a truncated document reported as whole. */
TEST(writer_alloc_torture)
{
	struct vd_buf b;
	struct vd_jw w;
	long n, failed;
	int rc, bad = 0;
	size_t want = 0;

	for (n = 0;; n++) {
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		vd_alloc_fail_after(n);
		vd_jw_init(&w, &b, n % 2 ? 2 : 0);
		vd_jw_object(&w);
		vd_jw_key(&w, "list");
		vd_jw_array(&w);
		for (int i = 0; i < 200; i++) {
			vd_jw_object(&w);
			vd_jw_key(&w, "i");
			vd_jw_int(&w, -i);
			vd_jw_key(&w, "u");
			vd_jw_uint(&w, (uint64_t)i << 40);
			vd_jw_key(&w, "d");
			vd_jw_double(&w, i / 7.0);
			vd_jw_key(&w, "s");
			vd_jw_string(&w, "caf\xc3\xa9 \xff\n");
			vd_jw_key(&w, "raw");
			vd_jw_raw(&w, "[1, {\"x\": null}]", 16);
			vd_jw_key(&w, "b");
			vd_jw_bool(&w, i % 2);
			vd_jw_key(&w, "z");
			vd_jw_null(&w);
			vd_jw_object_end(&w);
		}
		vd_jw_array_end(&w);
		vd_jw_object_end(&w);
		rc = vd_jw_finish(&w);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		if (rc == 0 && n % 2 == 0) {
			if (want && b.len != want)
				bad++;
			want = b.len;
		}
		vd_buf_release(&b);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
	CHECK(n >= 3);
	for (n = 0;; n++) {
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		vd_alloc_fail_after(n);
		rc = vd_json_quote(&b, "x\x01\xc3\xa9\xff", 5);
		failed = vd_alloc_fail_after(-1);
		if (rc != 0 && rc != VD_ENOMEM)
			bad++;
		vd_buf_release(&b);
		if (!failed)
			break;
	}
	CHECK_EQ_INT(bad, 0);
	CHECK_EQ_INT(rc, 0);
}

/* The string scanner reads plain runs eight bytes at a time: a quote, an
 * escape or a control character at any offset of a word is still seen,
 * and bytes of 0x80 and above are taken as plain. */
TEST(string_scan_every_offset)
{
	static const struct {
		const char *mid;
		int ok;	     /* 1 scanned, 0 VD_EPARSE */
		int ends_at; /* 1: the value ends right after mid */
	} cases[] = {
		{ "", 1, 0 },	      { "\\\"", 1, 0 },	    { "\\u00e9", 1, 0 },
		{ "\xc3\xa9", 1, 0 }, { "\xff\x80", 1, 0 }, { "\x01", 0, 0 },
		{ "\x1f", 0, 0 },     { "\n", 0, 0 },	    { "\\q", 0, 0 },
		{ "\"", 1, 1 },
	};
	char text[128];
	int bad = 0;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (size_t pre = 0; pre < 20; pre++)
			for (size_t post = 0; post < 12; post++) {
				struct vd_json_span v;
				const char *pos = text;
				size_t n = 0, mid_end;
				int rc;
				text[n++] = '"';
				memset(text + n, 'a', pre);
				n += pre;
				memcpy(text + n, cases[c].mid,
				       strlen(cases[c].mid));
				n += strlen(cases[c].mid);
				mid_end = n;
				memset(text + n, 'b', post);
				n += post;
				text[n++] = '"';
				rc = vd_json_scan(&pos, text + n, text, &v,
						  NULL);
				if (cases[c].ok ? rc != 0 : rc != VD_EPARSE)
					bad++;
				else if (rc == 0 &&
					 pos != text + (cases[c].ends_at
								? mid_end
								: n))
					bad++;
			}
	CHECK_EQ_INT(bad, 0);
	/* No closing quote after a long plain run. */
	{
		const char open[] = "\"abcdefghijklmnopqrstuvwxyz";
		const char *pos = open;
		struct vd_json_span v;
		CHECK_EQ_INT(vd_json_scan(&pos, open + sizeof(open) - 1, open,
					  &v, NULL),
			     VD_EPARSE);
	}
}

int main(void)
{
	RUN(quote_escapes);
	RUN(quote_utf8_kept_invalid_replaced);
	RUN(writer_nesting_and_commas);
	RUN(doubles_round_trip_and_nonfinite_is_null);
	RUN(unbalanced_is_an_error);
	RUN(cap_is_reported);
	RUN(indent);
	RUN(string_scan_every_offset);
	RUN(reader_alloc_torture);
	RUN(writer_alloc_torture);
	return harness_done();
}
