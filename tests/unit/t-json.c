/* Unit tests of json: the streaming writer and string quoting. */
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

int main(void)
{
	RUN(quote_escapes);
	RUN(quote_utf8_kept_invalid_replaced);
	RUN(writer_nesting_and_commas);
	RUN(doubles_round_trip_and_nonfinite_is_null);
	RUN(unbalanced_is_an_error);
	RUN(cap_is_reported);
	RUN(indent);
	return harness_done();
}
