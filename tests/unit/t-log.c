/* Unit tests of log: the callback and its level filter. */
#include "harness.h"
#include "log.h"

struct seen {
	int n;
	int level;
	char msg[64];
};

static void record(void *ctx, int32_t level, const char *msg)
{
	struct seen *s = ctx;
	s->n++;
	s->level = level;
	snprintf(s->msg, sizeof(s->msg), "%s", msg);
}

TEST(filter_and_format)
{
	struct seen s = { 0 };
	struct vd_log log = { record, &s, VD_LOG_WARN };
	vd_log_msg(&log, VD_LOG_INFO, "dropped %d", 1);
	CHECK_EQ_INT(s.n, 0);
	vd_log_msg(&log, VD_LOG_ERROR, "kept %d", 2);
	CHECK_EQ_INT(s.n, 1);
	CHECK_EQ_INT(s.level, VD_LOG_ERROR);
	CHECK_STREQ(s.msg, "kept 2");
}

TEST(no_callback_is_silent)
{
	struct vd_log log = { NULL, NULL, VD_LOG_DEBUG };
	vd_log_msg(&log, VD_LOG_ERROR, "nobody listens");
	vd_log_msg(NULL, VD_LOG_ERROR, "nobody listens");
	CHECK(1);
}

int main(void)
{
	RUN(filter_and_format);
	RUN(no_callback_is_silent);
	return harness_done();
}
