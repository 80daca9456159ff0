/* Unit tests of filter: the compiled seccomp program (its behaviour in a
 * box is tested in t-sandbox). */
#include <linux/audit.h>
#include <linux/filter.h>
#include <stddef.h>

#include "alloc.h"
#include "filter.h"
#include "harness.h"

TEST(builds_a_checked_program)
{
	unsigned char *bpf = NULL;
	size_t len = 0;
	struct vd_error e;
	const struct sock_filter *f;
	int arch_check = 0;

	CHECK_EQ_INT(vd_filter_build(&bpf, &len, &e), 0);
	CHECK(len > 0 && len % sizeof(struct sock_filter) == 0);
	CHECK(len / sizeof(struct sock_filter) < 4096);
	f = (const struct sock_filter *)(const void *)bpf;
	/* The program checks the architecture before anything else. */
	for (size_t i = 0; i < 4 && i < len / sizeof(*f); i++)
		if (f[i].k == AUDIT_ARCH_X86_64)
			arch_check = 1;
	CHECK(arch_check);
	vd_free_mem(bpf);
}

TEST(allocation_failure_is_reported)
{
	unsigned char *bpf = NULL;
	size_t len = 0;
	int rc;
	vd_alloc_fail_after(0);
	rc = vd_filter_build(&bpf, &len, NULL);
	vd_alloc_fail_after(-1);
	CHECK_EQ_INT(rc, VD_ENOMEM);
	CHECK(bpf == NULL);
}

int main(void)
{
	RUN(builds_a_checked_program);
	RUN(allocation_failure_is_reported);
	return harness_done();
}
