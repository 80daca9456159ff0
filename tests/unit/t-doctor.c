/* Unit tests of doctor: every check has a name and says why. */
#include "harness.h"
#include "verdict.h"

TEST(checks_are_named_and_explained)
{
	struct vd_check c[32];
	uint32_t n = 0;
	int have_seccomp = 0, have_counter = 0;
	CHECK_EQ_INT(vd_doctor(NULL, c, 32, &n, NULL), 0);
	CHECK(n >= 10);
	for (uint32_t i = 0; i < n; i++) {
		CHECK(c[i].name[0] != '\0');
		CHECK(c[i].detail[0] != '\0');
		if (!c[i].ok)
			CHECK(c[i].remedy[0] != '\0');
		have_seccomp |= !strcmp(c[i].name, "seccomp");
		have_counter |=
			!strcmp(c[i].name, "hardware instruction counter");
	}
	CHECK(have_seccomp && have_counter);
}

TEST(small_array_is_filled_not_overrun)
{
	struct vd_check c[3];
	uint32_t n = 0;
	CHECK_EQ_INT(vd_doctor(NULL, c, 3, &n, NULL), 0);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(vd_doctor(NULL, NULL, 3, &n, NULL), VD_EINVAL);
}

int main(void)
{
	RUN(checks_are_named_and_explained);
	RUN(small_array_is_filled_not_overrun);
	return harness_done();
}
