/*
 * fuzz-value: libFuzzer target for value (tagged JSON decoding, ==, keys,
 * repr) and oracle (EvalPlus rules) on untrusted bytes.
 *
 * The input is one value, or two separated by a NUL byte (never valid
 * inside JSON). Each part is parsed in both modes (output and dataset
 * input). Beyond "no crash, no leak, no UB", it checks:
 *   - a value without NaN, ndarray or $other equals a second parse of
 *     itself, and equal values have equal keys (and only they do);
 *   - what parses as output also parses as input, to an equal value;
 *   - == is symmetric;
 *   - every oracle returns 1 or 0, and 1 whenever out == exp without a
 *     special oracle.
 *
 *   clang -std=c17 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
 *     -Iinclude -Isrc/lib tests/fuzz/fuzz-value.c src/lib/value.c \
 *     src/lib/oracle.c src/lib/alloc.c src/lib/err.c src/lib/buf.c -lm \
 *     -o fuzz-value && ./fuzz-value tests/fuzz/corpus/value
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "oracle.h"
#include "value.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
	if (!ok)
		abort();
}

static struct vd_value *parse(const char *text, size_t len, unsigned flags)
{
	struct vd_value *v = NULL;
	struct vd_error err;
	int rc = vd_value_parse(text, len, flags, &v, &err);

	require(rc == 0 || rc == VD_EPARSE);
	require((rc == 0) == (v != NULL));
	return v;
}

/* vd_value_key into b (emptied first). */
static int key(const struct vd_value *v, struct vd_buf *b)
{
	vd_buf_clear(b);
	return vd_value_key(v, b);
}

static bool same_buf(const struct vd_buf *a, const struct vd_buf *b)
{
	return a->len == b->len &&
	       (!a->len || !memcmp(a->data, b->data, a->len));
}

/* Checks on one value; again is a second parse of the same text. */
static void check_one(const struct vd_value *v, const struct vd_value *again)
{
	struct vd_buf r, k1, k2;
	int rc;

	vd_buf_init(&r, 512);
	rc = vd_value_repr(v, &r);
	require(rc == 0 || rc == VD_E2BIG);
	vd_buf_release(&r);

	vd_buf_init(&k1, VD_BUF_UNLIMITED);
	vd_buf_init(&k2, VD_BUF_UNLIMITED);
	if (vd_value_reflexive(v)) {
		require(vd_value_equal(v, again) == 1);
		require(vd_value_equal(v, v) == 1);
	} else {
		require(vd_value_equal(v, again) == 0);
	}
	rc = key(v, &k1);
	require(rc == key(again, &k2));
	require(rc == 0 || rc == 1 || rc == VD_EINVAL);
	if (rc == 0)
		require(same_buf(&k1, &k2));
	vd_buf_release(&k1);
	vd_buf_release(&k2);
}

static void check_oracles(const struct vd_value *out,
			  const struct vd_value *exp,
			  const struct vd_value *args, uint8_t pick)
{
	static const struct {
		int dataset;
		const char *entry;
	} tasks[] = {
		{ VD_ORACLE_PLAIN, "f" },
		{ VD_ORACLE_MBPP, "are_equivalent" },
		{ VD_ORACLE_MBPP, "sum_div" },
		{ VD_ORACLE_MBPP, "surface_Area" },
		{ VD_ORACLE_MBPP, "digit_distance_nums" },
		{ VD_ORACLE_MBPP, "similar_elements" },
		{ VD_ORACLE_MBPP, "check_str" },
		{ VD_ORACLE_HUMANEVAL, "find_zero" },
	};
	static const double atols[] = { 0, 1e-6, 1e-4, 0.5 };
	int exact = vd_value_equal(out, exp);
	char detail[200];

	for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++) {
		struct vd_oracle o;
		int rc;

		vd_oracle_init(&o, tasks[i].dataset, tasks[i].entry,
			       atols[pick % 4]);
		for (int k = 0; k < 2; k++) { /* twice: atol may change */
			rc = vd_oracle_check(&o, out, exp, args, detail,
					     sizeof(detail));
			require(rc == 0 || rc == 1);
			require(strlen(detail) < sizeof(detail));
			if (o.special == VD_ORACLE_NONE && exact == 1)
				require(rc == 1);
		}
		rc = vd_oracle_check(&o, out, exp, NULL, NULL, 0);
		require(rc == 0 || rc == 1);
	}
}

static void check_pair(const struct vd_value *a, const struct vd_value *b,
		       uint8_t pick)
{
	struct vd_buf ka, kb;
	int e = vd_value_equal(a, b), ra, rb;

	require(e == 0 || e == 1);
	require(e == vd_value_equal(b, a));
	vd_buf_init(&ka, VD_BUF_UNLIMITED);
	vd_buf_init(&kb, VD_BUF_UNLIMITED);
	ra = key(a, &ka);
	rb = key(b, &kb);
	if (ra == 0 && rb == 0)
		require(same_buf(&ka, &kb) == (e == 1));
	vd_buf_release(&ka);
	vd_buf_release(&kb);
	check_oracles(a, b, a, pick);
	check_oracles(b, a, b, pick);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *sep = memchr(text, '\0', size);
	size_t na = sep ? (size_t)(sep - text) : size;
	const char *tb = sep ? sep + 1 : text;
	size_t nb = sep ? size - na - 1 : size;
	uint8_t pick = size ? data[size - 1] : 0;
	struct vd_value *a[2], *again, *b;

	for (int m = 0; m < 2; m++) {
		unsigned flags = m ? VD_VALUE_INPUT : 0;

		a[m] = parse(text, na, flags);
		if (!a[m])
			continue;
		again = parse(text, na, flags);
		require(again != NULL);
		check_one(a[m], again);
		vd_value_free(again);
		b = parse(tb, nb, flags);
		if (b)
			check_pair(a[m], b, pick);
		vd_value_free(b);
	}
	if (a[0]) { /* output syntax is a subset of input syntax */
		require(a[1] != NULL);
		if (vd_value_reflexive(a[0]))
			require(vd_value_equal(a[0], a[1]) == 1);
	}
	vd_value_free(a[0]);
	vd_value_free(a[1]);
	return 0;
}
