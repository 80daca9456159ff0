/* Unit tests of err: filling struct vd_error. */
#include <errno.h>

#include "err.h"
#include "harness.h"

TEST(set_and_wrap)
{
	struct vd_error e;
	CHECK_EQ_INT(vd_error_set(&e, VD_EPARSE, 0, "%s:%d: bad", "f.jsonl", 3),
		     VD_EPARSE);
	CHECK_EQ_INT(e.code, VD_EPARSE);
	CHECK_STREQ(e.msg, "f.jsonl:3: bad");
	CHECK_EQ_INT(vd_error_wrap(&e, VD_EPARSE, "loading %s", "x"),
		     VD_EPARSE);
	CHECK_STREQ(e.msg, "loading x: f.jsonl:3: bad");
	/* without an error struct, the code survives */
	CHECK_EQ_INT(vd_error_wrap(NULL, VD_ENOMEM, "loading %s", "x"),
		     VD_ENOMEM);
}

TEST(errno_is_appended)
{
	struct vd_error e;
	errno = ENOENT;
	CHECK_EQ_INT(vd_error_errno(&e, VD_EIO, "open %s", "p"), VD_EIO);
	CHECK_EQ_INT(e.sys_errno, ENOENT);
	CHECK_STREQ(e.msg, "open p: No such file or directory");
	CHECK_EQ_INT(errno, ENOENT);
}

TEST(null_error_is_allowed)
{
	CHECK_EQ_INT(vd_error_set(NULL, VD_EINVAL, 0, "x"), VD_EINVAL);
	CHECK_EQ_INT(vd_error_errno(NULL, VD_EIO, "x"), VD_EIO);
}

TEST(long_messages_are_truncated)
{
	struct vd_error e;
	char big[600];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	vd_error_set(&e, VD_EINVAL, 0, "%s", big);
	CHECK_EQ_INT(strlen(e.msg), sizeof(e.msg) - 1);
}

int main(void)
{
	RUN(set_and_wrap);
	RUN(errno_is_appended);
	RUN(null_error_is_allowed);
	RUN(long_messages_are_truncated);
	return harness_done();
}
