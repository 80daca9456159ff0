/* Unit tests of alloc: the wrappers and fault injection. */
#include "alloc.h"
#include "harness.h"

TEST(wrappers)
{
	char *s = vd_strdup("hello");
	char *n = vd_strndup("abcdef", 3);
	char *m = vd_memdup("a\0b", 3);
	int *z = vd_calloc(4, sizeof(int));
	CHECK_STREQ(s, "hello");
	CHECK_STREQ(n, "abc");
	CHECK(m && m[1] == '\0' && m[2] == 'b' && m[3] == '\0');
	CHECK(z && z[0] == 0 && z[3] == 0);
	z = vd_realloc(z, 100 * sizeof(int));
	CHECK(z != NULL);
	vd_free_mem(s);
	vd_free_mem(n);
	vd_free_mem(m);
	vd_free_mem(z);
	vd_free_mem(NULL);
}

TEST(fail_after_n)
{
	void *a, *b, *c;
	vd_alloc_fail_after(2);
	a = vd_malloc(8);
	b = vd_malloc(8);
	c = vd_malloc(8);
	CHECK(a && b && !c);
	CHECK(vd_strdup("x") == NULL);
	CHECK_EQ_INT(vd_alloc_fail_after(-1), 2); /* two failures counted */
	c = vd_malloc(8);
	CHECK(c != NULL);
	vd_free_mem(a);
	vd_free_mem(b);
	vd_free_mem(c);
}

int main(void)
{
	RUN(wrappers);
	RUN(fail_after_n);
	return harness_done();
}
