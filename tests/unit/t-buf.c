/* Unit tests of buf: the capped buffer. */
#include "alloc.h"
#include "buf.h"
#include "harness.h"
#include "verdict.h"

TEST(append_and_terminate)
{
	struct vd_buf b;
	vd_buf_init(&b, 100);
	CHECK_EQ_INT(vd_buf_puts(&b, "abc"), 0);
	CHECK_EQ_INT(vd_buf_append(&b, "de", 2), 0);
	CHECK_EQ_INT(b.len, 5);
	CHECK_STREQ(b.data, "abcde");
	CHECK(!b.truncated);
	vd_buf_release(&b);
	CHECK(b.data == NULL);
}

TEST(cap_keeps_prefix_and_counts_offered)
{
	struct vd_buf b;
	vd_buf_init(&b, 4);
	CHECK_EQ_INT(vd_buf_puts(&b, "ab"), 0);
	CHECK_EQ_INT(vd_buf_puts(&b, "cdef"), VD_E2BIG);
	CHECK_STREQ(b.data, "abcd");
	CHECK(b.truncated);
	CHECK_EQ_INT(b.offered, 6);
	CHECK_EQ_INT(vd_buf_putc(&b, 'x'), VD_E2BIG);
	CHECK_EQ_INT(b.len, 4);
	vd_buf_release(&b);
}

TEST(printf_small_and_large)
{
	struct vd_buf b;
	char big[1000];
	vd_buf_init(&b, VD_BUF_UNLIMITED);
	CHECK_EQ_INT(vd_buf_printf(&b, "%d-%s", 42, "x"), 0);
	CHECK_STREQ(b.data, "42-x");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ_INT(vd_buf_printf(&b, "%s", big), 0);
	CHECK_EQ_INT(b.len, 4 + 999);
	vd_buf_release(&b);
}

TEST(reserve_commit_respects_cap)
{
	struct vd_buf b;
	char *p;
	vd_buf_init(&b, 10);
	p = vd_buf_reserve(&b, 100);
	CHECK(p != NULL);
	memcpy(p, "0123456789", 10);
	vd_buf_commit(&b, 10);
	CHECK_STREQ(b.data, "0123456789");
	vd_buf_release(&b);
}

TEST(detach_hands_over)
{
	struct vd_buf b;
	size_t len = 99;
	char *s;
	vd_buf_init(&b, 100);
	s = vd_buf_detach(&b, &len);
	CHECK(s && s[0] == '\0' && len == 0);
	vd_free_mem(s);
	vd_buf_puts(&b, "hello");
	s = vd_buf_detach(&b, &len);
	CHECK_STREQ(s, "hello");
	CHECK_EQ_INT(len, 5);
	CHECK(b.data == NULL && b.len == 0);
	vd_free_mem(s);
}

TEST(clear_keeps_limit)
{
	struct vd_buf b;
	vd_buf_init(&b, 3);
	vd_buf_puts(&b, "abcdef");
	vd_buf_clear(&b);
	CHECK_EQ_INT(b.len, 0);
	CHECK(!b.truncated);
	CHECK_EQ_INT(vd_buf_puts(&b, "xyz"), 0);
	CHECK_STREQ(b.data, "xyz");
	vd_buf_release(&b);
}

/* Every allocation failing in turn: an error, never a crash or a leak. */
TEST(allocation_failures)
{
	for (long n = 0; n < 20; n++) {
		struct vd_buf b;
		int rc = 0;
		vd_buf_init(&b, VD_BUF_UNLIMITED);
		vd_alloc_fail_after(n);
		for (int i = 0; i < 50 && rc == 0; i++)
			rc = vd_buf_puts(&b, "0123456789abcdef");
		vd_alloc_fail_after(-1);
		CHECK(rc == 0 || rc == VD_ENOMEM);
		CHECK(b.len % 16 == 0);
		vd_buf_release(&b);
	}
}

int main(void)
{
	RUN(append_and_terminate);
	RUN(cap_keeps_prefix_and_counts_offered);
	RUN(printf_small_and_large);
	RUN(reserve_commit_respects_cap);
	RUN(detach_hands_over);
	RUN(clear_keeps_limit);
	RUN(allocation_failures);
	return harness_done();
}
