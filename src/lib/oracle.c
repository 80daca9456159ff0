/*
 * oracle: EvalPlus's comparison rules and special oracles on value trees.
 *
 * Theory of operation
 *
 * vd_oracle_check follows unsafe_execute line by line (see oracle.h).
 * Python evaluates the special oracles with floats and ints; here the same
 * operations are done in the same order on doubles, so results agree bit
 * for bit where the operands are doubles or ints of up to 2^53 (2^32 for
 * squares), which covers every dataset input. Where Python would raise,
 * the check returns "fail" without touching atol, as the exception in
 * unsafe_execute skips the rest of the input's code.
 *
 * Approximations (each can only matter for values no dataset holds):
 *   - ints beyond int64 in the surface_Area oracle, the squares of ints of
 *     2^32 or more, and ints beyond int64 in abs(out - oracle) are
 *     computed in doubles;
 *   - np.allclose (with NumPy's broadcasting) counts ints outside
 *     [-2^63, 2^64) as non-numbers (NumPy makes them objects, which
 *     isfinite rejects), does all arithmetic in float64, fails broadcasts
 *     of more than 2^24 elements, and, like NumPy 2, finds a complex
 *     infinity close to itself (NumPy 1.x turns it into inf+nanj first);
 *   - `out == exp` is vd_value_equal: a NumPy scalar compares like its
 *     value even against a list, where NumPy would compare element-wise
 *     and the truth test of the array could raise;
 *   - _poly and _surface_Area take real numbers only (Python would also
 *     take complex ones), _poly's xs must be a list or tuple, and sum()
 *     adds left to right (Python >= 3.12 compensates float sums);
 *   - _digit_distance_nums accepts ASCII digits only (Python's int() also
 *     reads other Unicode digits) and treats an $other as non-numeric;
 *   - set(out) of an $other fails (it might be an iterable in Python);
 *     set() of an ndarray iterates its first axis.
 */
#include "oracle.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "verdict.h"

#define RTOL 1e-7

/* Special oracles; the MBPP ones apply with VD_ORACLE_MBPP only. */
static const struct {
	const char *name;
	int dataset;
	int special;
} specials[] = {
	{ "are_equivalent", VD_ORACLE_MBPP, VD_ORACLE_ARE_EQUIVALENT },
	{ "sum_div", VD_ORACLE_MBPP, VD_ORACLE_SUM_DIV },
	{ "surface_Area", VD_ORACLE_MBPP, VD_ORACLE_SURFACE_AREA },
	{ "digit_distance_nums", VD_ORACLE_MBPP, VD_ORACLE_DIGIT_DISTANCE },
	{ "similar_elements", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "find_char_long", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "common_in_nested_lists", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "extract_singly", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "larg_nnum", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "intersection_array", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "find_dissimilar", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "Diff", VD_ORACLE_MBPP, VD_ORACLE_SET_EQ },
	{ "check_str", VD_ORACLE_MBPP, VD_ORACLE_NOT_NONE },
	{ "text_match_three", VD_ORACLE_MBPP, VD_ORACLE_NOT_NONE },
	{ "text_starta_endb", VD_ORACLE_MBPP, VD_ORACLE_NOT_NONE },
	{ "find_zero", VD_ORACLE_HUMANEVAL, VD_ORACLE_FIND_ZERO },
};

void vd_oracle_init(struct vd_oracle *o, int dataset, const char *entry_point,
		    double atol)
{
	size_t n = entry_point ? strlen(entry_point) : 0;

	memset(o, 0, sizeof(*o));
	o->dataset = dataset;
	o->atol = atol;
	if (n >= sizeof(o->entry_point))
		return; /* no special oracle has so long a name */
	if (n)
		memcpy(o->entry_point, entry_point, n);
	for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (specials[i].dataset == dataset &&
		    !strcmp(specials[i].name, o->entry_point))
			o->special = specials[i].special;
}

/* ---- failure reasons ---- */

struct why {
	char *s;
	size_t n;
};

static int failf(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes the reason (if wanted) and returns 0, "fail". */
static int failf(struct why *w, const char *fmt, ...)
{
	va_list ap;

	if (w->s && w->n) {
		va_start(ap, fmt);
		vsnprintf(w->s, w->n, fmt, ap);
		va_end(ap);
	}
	return 0;
}

/* What a helper returns where Python would raise; the input then fails. A
 * distinct value from every VD_E* code. */
#define RAISES (-1000)

static int raisef(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Writes the reason (if wanted) and returns RAISES. */
static int raisef(struct why *w, const char *fmt, ...)
{
	va_list ap;

	if (w->s && w->n) {
		va_start(ap, fmt);
		vsnprintf(w->s, w->n, fmt, ap);
		va_end(ap);
	}
	return RAISES;
}

/* "<what>: expected <exp>, got <out>", both reprs shortened. */
static int fail_values(struct why *w, const char *what,
		       const struct vd_value *out, const struct vd_value *exp)
{
	struct vd_buf e, g;
	size_t cap = w->n > 80 ? (w->n - 40) / 2 : 20;

	if (!w->s || !w->n)
		return 0;
	vd_buf_init(&e, cap);
	vd_buf_init(&g, cap);
	vd_value_repr(exp, &e);
	vd_value_repr(out, &g);
	failf(w, "%s: expected %s%s, got %s%s", what, e.data ? e.data : "",
	      e.truncated ? "..." : "", g.data ? g.data : "",
	      g.truncated ? "..." : "");
	vd_buf_release(&e);
	vd_buf_release(&g);
	return 0;
}

/* ---- Python arithmetic on doubles ---- */

/* The positional arguments args[0 .. n) of a call f(*args), or NULL if
 * args is not a list or tuple of exactly n items (a TypeError). */
static const struct vd_value *call_args(const struct vd_value *args, size_t n)
{
	if (!args ||
	    (args->kind != VD_VALUE_LIST && args->kind != VD_VALUE_TUPLE) ||
	    args->len != n)
		return NULL;
	return args->u.items;
}

static bool is_intlike(const struct vd_value *v)
{
	v = vd_value_unwrap(v);
	return v->kind == VD_VALUE_BOOL || v->kind == VD_VALUE_INT;
}

/* Python's x ** 2 for an int or float x, as a float: ints are squared
 * exactly and then rounded once (as int + float does), floats use pow
 * (whose overflow raises OverflowError). 0 or RAISES. */
static int square(const struct vd_value *x, double xd, double *out)
{
	int64_t i;
	uint64_t u;

	if (is_intlike(x) && vd_value_int64(x, &i) && i > -(1LL << 32) &&
	    i < (1LL << 32)) {
		u = (uint64_t)(i < 0 ? -i : i);
		*out = (double)(u * u); /* < 2^64: exact, then one rounding */
		return 0;
	}
	*out = is_intlike(x) ? xd * xd : pow(xd, 2.0);
	return isinf(*out) && isfinite(xd) ? RAISES : 0;
}

/* Python's round(x) for a float: half to even. */
static double round_half_even(double x)
{
	double r = round(x);
	if (fabs(x - r) == 0.5)
		r = 2.0 * round(x / 2.0);
	return r;
}

/* _surface_Area(base_edge, height): 0 and the rounded area, or RAISES. */
static int surface_area(const struct vd_value *args, double *area,
			struct why *w)
{
	const struct vd_value *a = call_args(args, 2);
	double b, h, half2, h2, slant, base, lateral, total;

	if (!a)
		return raisef(w, "_surface_Area: needs 2 arguments");
	if (vd_value_real(&a[0], &b) || vd_value_real(&a[1], &h))
		return raisef(w, "_surface_Area: arguments not real numbers");
	half2 = pow(b / 2, 2.0);
	if ((isinf(half2) && isfinite(b)) || square(&a[1], h, &h2) ||
	    square(&a[0], b, &base))
		return raisef(w, "_surface_Area: overflow");
	slant = sqrt(half2 + h2);
	lateral = 4 * (b * slant) / 2;
	total = base + lateral;
	if (!isfinite(total))
		return raisef(w, "_surface_Area: round() of %g", total);
	*area = round_half_even(total);
	return 0;
}

/* abs(out - s) <= atol for an int-valued float s; RAISES where Python raises
 * (out is not a number). */
static int abs_diff_le(const struct vd_value *out, double s, double atol)
{
	const struct vd_value *v = vd_value_unwrap(out);
	struct vd_value sv = { .kind = VD_VALUE_FLOAT, .u.f = s };
	int64_t i, d;
	double x;

	if (v->kind == VD_VALUE_COMPLEX)
		return hypot(v->u.items[0].u.f - s, v->u.items[1].u.f) <= atol;
	if (is_intlike(v) && vd_value_int64(v, &i) && fabs(s) < 9.2e18) {
		if (__builtin_sub_overflow(i, (int64_t)s, &d) || d == INT64_MIN)
			return 0;
		return (double)(d < 0 ? -d : d) <= atol;
	}
	if (is_intlike(v) && vd_value_eq(v, &sv))
		return 0 <= atol;
	if (vd_value_real(v, &x) == VD_EINVAL)
		return RAISES;
	if (is_intlike(v)) /* unequal ints differ by 1 at least */
		return fmax(fabs(x - s), 1.0) <= atol;
	return fabs(x - s) <= atol;
}

/* The digits str(v) would give for _digit_distance_nums, or false if
 * str(v) has a character int() rejects. */
static bool digit_text(const struct vd_value *v, char *buf, size_t cap,
		       const char **s, size_t *n)
{
	int64_t i;

	v = vd_value_unwrap(v);
	if (v->kind == VD_VALUE_INT && vd_value_int64(v, &i)) {
		*n = (size_t)snprintf(buf, cap, "%lld", (long long)i);
		*s = buf;
	} else if (v->kind == VD_VALUE_INT || v->kind == VD_VALUE_STR) {
		*s = vd_value_data(v, n);
	} else {
		return false; /* True, 1.0, None, [..]: a non-digit */
	}
	for (size_t k = 0; k < *n; k++)
		if ((*s)[k] < '0' || (*s)[k] > '9')
			return false;
	return true;
}

/* _digit_distance_nums(num1, num2): 0 and the sum, or RAISES. */
static int digit_distance(const struct vd_value *args, int64_t *sum,
			  struct why *w)
{
	const struct vd_value *a = call_args(args, 2);
	char b1[24], b2[24];
	const char *s1, *s2;
	size_t n1, n2, n;

	if (!a)
		return raisef(w, "_digit_distance_nums: needs 2 arguments");
	if (!digit_text(&a[0], b1, sizeof(b1), &s1, &n1) ||
	    !digit_text(&a[1], b2, sizeof(b2), &s2, &n2))
		return raisef(w, "_digit_distance_nums: int() of a non-digit");
	n = n1 > n2 ? n1 : n2;
	*sum = 0;
	for (size_t k = 0; k < n; k++) { /* zfill: pad on the left */
		int d1 = k < n - n1 ? 0 : s1[k - (n - n1)] - '0';
		int d2 = k < n - n2 ? 0 : s2[k - (n - n2)] - '0';
		*sum += d1 > d2 ? d1 - d2 : d2 - d1;
	}
	return 0;
}

/* math.pow(x, y) for finite integral y: RAISES where Python raises. */
static int py_pow(double x, double y, double *r)
{
	*r = pow(x, y);
	if (isfinite(x) && !isfinite(*r))
		return RAISES; /* OverflowError; ValueError for 0 ** -n */
	return 0;
}

/* abs(_poly(*args, out)) <= atol: 1, 0, or RAISES where Python raises. */
static int poly_check(const struct vd_value *args, const struct vd_value *out,
		      double atol, struct why *w)
{
	const struct vd_value *a = call_args(args, 1), *xs;
	double x, c, p, sum = 0.0;

	if (!a)
		return raisef(w, "_poly: needs 1 argument besides x");
	xs = vd_value_unwrap(a);
	if (xs->kind != VD_VALUE_LIST && xs->kind != VD_VALUE_TUPLE)
		return raisef(w, "_poly: coefficients not a list");
	if (xs->len && vd_value_real(out, &x))
		return raisef(w, "find_zero: math.pow() of a non-float");
	for (uint32_t i = 0; i < xs->len; i++) {
		if (vd_value_real(&xs->u.items[i], &c) ||
		    py_pow(x, (double)i, &p))
			return raisef(w, "_poly: bad term %u", (unsigned)i);
		sum += c * p;
	}
	if (fabs(sum) <= atol)
		return 1;
	return failf(w, "find_zero: |poly(x)| = %.17g > atol %g", fabs(sum),
		     atol);
}

/* ---- set(out) ---- */

/*
 * Builds set(v) as a set node over *store (freed by the caller): the items
 * of a list, tuple, set or frozenset, the keys of a dict, the characters
 * of a str, the bytes (ints) of bytes, the first axis of an ndarray.
 * Returns 0, RAISES where Python raises (not iterable, unhashable item), or
 * VD_ENOMEM.
 */
static int as_set(const struct vd_value *v, struct vd_value *set,
		  struct vd_value **store)
{
	const struct vd_value *u = vd_value_unwrap(v);
	struct vd_value *items;
	size_t n = 0, stride = 1;
	uint8_t flags = 0;

	*store = NULL;
	if (u->kind == VD_VALUE_NDARRAY)
		u = &u->u.items[1];
	switch (u->kind) {
	case VD_VALUE_LIST:
	case VD_VALUE_TUPLE:
	case VD_VALUE_SET:
	case VD_VALUE_FROZENSET:
	case VD_VALUE_DICT:
		stride = u->kind == VD_VALUE_DICT ? 2 : 1;
		n = u->len;
		break;
	case VD_VALUE_STR:
	case VD_VALUE_BYTES:
	case VD_VALUE_BYTEARRAY:
		n = u->len; /* at most; characters counted below */
		break;
	default:
		return RAISES;
	}
	items = vd_malloc((n ? n : 1) * sizeof(*items));
	if (!items)
		return VD_ENOMEM;
	if (u->kind == VD_VALUE_STR) {
		size_t k = 0;
		n = 0;
		while (k < u->len) { /* one code point per item */
			size_t m = 1;
			while (k + m < u->len && (u->u.s[k + m] & 0xc0) == 0x80)
				m++;
			items[n++] = (struct vd_value){ .kind = VD_VALUE_STR,
							.len = (uint32_t)m,
							.u.s = u->u.s + k };
			k += m;
		}
	} else if (u->kind == VD_VALUE_BYTES || u->kind == VD_VALUE_BYTEARRAY) {
		for (size_t k = 0; k < n; k++)
			items[k] = (struct vd_value){
				.kind = VD_VALUE_INT,
				.u.i = (unsigned char)u->u.s[k]
			};
	} else {
		for (size_t k = 0; k < n; k++)
			items[k] = u->u.items[k * stride];
	}
	*store = items;
	for (size_t k = 0; k < n; k++)
		flags |= items[k].flags;
	if (flags & VD_VALUE_F_UNHASHABLE)
		return RAISES;
	*set = (struct vd_value){ .kind = VD_VALUE_SET,
				  .flags = (uint8_t)(flags |
						     VD_VALUE_F_UNHASHABLE),
				  .len = (uint32_t)n,
				  .u.items = items };
	return 0;
}

/* set(out) == set(exp): 1, 0, RAISES where Python raises, or an error. */
static int set_equal(const struct vd_value *out, const struct vd_value *exp,
		     struct why *w)
{
	struct vd_value so, se;
	struct vd_value *mo, *me = NULL;
	int rc = as_set(out, &so, &mo);

	if (!rc)
		rc = as_set(exp, &se, &me);
	if (!rc)
		rc = vd_value_equal(&so, &se);
	else if (rc == RAISES)
		raisef(w, "set() of a non-iterable or of unhashable items");
	vd_free_mem(mo);
	vd_free_mem(me);
	return rc;
}

/* ---- np.allclose ---- */

/* A number np.allclose accepts, as a complex (re, im). */
static bool leaf_number(const struct vd_value *v, double *re, double *im)
{
	size_t n;
	const char *d;

	v = vd_value_unwrap(v);
	*re = *im = 0;
	if (v->kind == VD_VALUE_COMPLEX) {
		*re = v->u.items[0].u.f;
		*im = v->u.items[1].u.f;
		return true;
	}
	d = vd_value_data(v, &n);
	if (d && (d[0] == '-' || n > 20 ||
		  (n == 20 && strcmp(d, "18446744073709551615") > 0)))
		return false; /* NumPy would make an object array */
	return vd_value_real(v, re) == 0;
}

/* The list behind an ndarray, or v itself. */
static const struct vd_value *array_view(const struct vd_value *v)
{
	v = vd_value_unwrap(v);
	return v->kind == VD_VALUE_NDARRAY ? vd_value_unwrap(&v->u.items[1])
					   : v;
}

static bool is_seq(const struct vd_value *v)
{
	return v->kind == VD_VALUE_LIST || v->kind == VD_VALUE_TUPLE;
}

/* An array shape: nd dimensions. */
struct shape {
	int nd;
	uint32_t d[VD_VALUE_MAX_DEPTH + 1];
};

/* Broadcast results larger than this fail (NumPy would need gigabytes);
 * it bounds the time an adversarial pair of shapes can cost. */
#define BROADCAST_MAX (1u << 24)

/* True if v has shape s from level lvl on, with numbers as leaves. */
static bool conforms(const struct vd_value *v, const struct shape *s, int lvl)
{
	double re, im;

	v = array_view(v);
	if (lvl == s->nd)
		return leaf_number(v, &re, &im);
	if (!is_seq(v) || v->len != s->d[lvl])
		return false;
	for (uint32_t i = 0; i < v->len; i++)
		if (!conforms(&v->u.items[i], s, lvl + 1))
			return false;
	return true;
}

/* np.asanyarray(v).shape (read along first items), or false if NumPy
 * would raise (ragged) or make an object array (non-numbers). */
static bool array_shape(const struct vd_value *v, struct shape *s)
{
	const struct vd_value *u = array_view(v);

	for (s->nd = 0; is_seq(u) && s->nd <= VD_VALUE_MAX_DEPTH;) {
		s->d[s->nd++] = u->len;
		if (!u->len)
			break;
		u = array_view(&u->u.items[0]);
	}
	return conforms(v, s, 0);
}

/* NumPy broadcasting of a and b into r (aligned on the right, a dimension
 * of 1 stretches); false if incompatible or too large. */
static bool broadcast(const struct shape *a, const struct shape *b,
		      struct shape *r)
{
	uint64_t size = 1;

	r->nd = a->nd > b->nd ? a->nd : b->nd;
	for (int i = 0; i < r->nd; i++) {
		int ia = i - (r->nd - a->nd), ib = i - (r->nd - b->nd);
		uint32_t da = ia < 0 ? 1 : a->d[ia], db = ib < 0 ? 1 : b->d[ib];

		if (da != db && da != 1 && db != 1)
			return false;
		r->d[i] = da == 1 ? db : da;
		size = size * r->d[i];
		if (size > BROADCAST_MAX)
			size = BROADCAST_MAX + 1;
	}
	return size <= BROADCAST_MAX;
}

/* np.isclose for two numbers, equal_nan=False. */
static bool isclose(const struct vd_value *a, const struct vd_value *b,
		    double atol)
{
	double ar, ai, br, bi;

	leaf_number(a, &ar, &ai);
	leaf_number(b, &br, &bi);
	if (!isfinite(ar) || !isfinite(ai) || !isfinite(br) || !isfinite(bi))
		return ar == br && ai == bi;
	return hypot(ar - br, ai - bi) <= atol + RTOL * hypot(br, bi);
}

/* The element of array a (shape s) for index i of dimension lvl of the
 * broadcast shape r: a itself where a lacks that dimension, its item 0
 * where the dimension is stretched. */
static const struct vd_value *bc_item(const struct vd_value *a,
				      const struct shape *s,
				      const struct shape *r, int lvl,
				      uint32_t i)
{
	int k = lvl - (r->nd - s->nd);

	if (k < 0)
		return a;
	return &array_view(a)->u.items[s->d[k] == 1 ? 0 : i];
}

static bool bc_close(const struct vd_value *a, const struct shape *sa,
		     const struct vd_value *b, const struct shape *sb,
		     const struct shape *r, int lvl, double atol)
{
	if (lvl == r->nd)
		return isclose(a, b, atol);
	for (uint32_t i = 0; i < r->d[lvl]; i++)
		if (!bc_close(bc_item(a, sa, r, lvl, i), sa,
			      bc_item(b, sb, r, lvl, i), sb, r, lvl + 1, atol))
			return false;
	return true;
}

/* np.allclose(out, exp, rtol=1e-07, atol=atol); false where NumPy
 * raises. */
static bool allclose(const struct vd_value *out, const struct vd_value *exp,
		     double atol)
{
	struct shape so, se, r;

	if (!array_shape(out, &so) || !array_shape(exp, &se) ||
	    !broadcast(&so, &se, &r))
		return false;
	return bc_close(out, &so, exp, &se, &r, 0, atol);
}

/* ---- the rules ---- */

/* isinstance(v, float): float, or np.float64 (a float subclass). */
static bool is_float_obj(const struct vd_value *v)
{
	return v->kind == VD_VALUE_FLOAT ||
	       (v->kind == VD_VALUE_NP_SCALAR &&
		!strcmp(vd_value_dtype(v), "float64"));
}

/* EvalPlus is_floats(exp). */
bool vd_oracle_is_floats(const struct vd_value *v)
{
	const char *dt;

	if (is_float_obj(v))
		return true;
	if ((v->kind == VD_VALUE_LIST || v->kind == VD_VALUE_TUPLE) && v->len) {
		for (uint32_t i = 0; i < v->len; i++)
			if (!is_float_obj(&v->u.items[i]))
				return false;
		return true;
	}
	if (v->kind != VD_VALUE_NDARRAY)
		return false;
	dt = vd_value_dtype(v);
	return !strcmp(dt, "float64") || !strcmp(dt, "float32");
}

/* type(a) == type(b). */
static bool same_type(const struct vd_value *a, const struct vd_value *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == VD_VALUE_NP_SCALAR || a->kind == VD_VALUE_OTHER)
		return !strcmp(vd_value_dtype(a), vd_value_dtype(b));
	return true;
}

/* Step 2 for the MBPP oracles: updates *exact; 0, RAISES or an error. */
static int mbpp_special(const struct vd_oracle *o, const struct vd_value *out,
			const struct vd_value *exp, const struct vd_value *args,
			int *exact, struct why *w)
{
	struct vd_value num = { .kind = VD_VALUE_INT };
	double area = 0;
	int64_t sum = 0;
	int rc;

	switch (o->special) {
	case VD_ORACLE_ARE_EQUIVALENT:
		*exact = 1;
		return 0;
	case VD_ORACLE_SUM_DIV:
		if (!*exact)
			*exact = vd_value_equal(out, &num);
		return *exact < 0 ? *exact : 0;
	case VD_ORACLE_SURFACE_AREA:
		if (*exact)
			return 0;
		if (surface_area(args, &area, w))
			return RAISES;
		rc = abs_diff_le(out, area, o->atol);
		if (rc == RAISES)
			return raisef(w, "abs(out - _surface_Area()): %s",
				      "out is not a number");
		*exact = rc;
		return 0;
	case VD_ORACLE_DIGIT_DISTANCE:
		if (*exact)
			return 0;
		if (digit_distance(args, &sum, w))
			return RAISES;
		num.u.i = sum;
		*exact = vd_value_equal(out, &num);
		return *exact < 0 ? *exact : 0;
	case VD_ORACLE_SET_EQ:
		*exact = set_equal(out, exp, w);
		return *exact < 0 ? *exact : 0;
	case VD_ORACLE_NOT_NONE:
		if (out->kind != VD_VALUE_BOOL) {
			num.kind = VD_VALUE_BOOL;
			num.u.b = out->kind != VD_VALUE_NONE;
			*exact = vd_value_equal(exp, &num);
		}
		return *exact < 0 ? *exact : 0;
	default:
		return 0;
	}
}

int vd_oracle_check(struct vd_oracle *o, const struct vd_value *out,
		    const struct vd_value *exp, const struct vd_value *args,
		    char *detail, size_t detail_len)
{
	struct why w = { detail, detail_len };
	int exact, rc;

	if (detail && detail_len)
		detail[0] = '\0';
	if (o->special == VD_ORACLE_FIND_ZERO) {
		rc = poly_check(args, out, o->atol, &w);
		return rc > 0;
	}
	exact = vd_value_equal(out, exp);
	if (exact < 0)
		return exact;
	rc = mbpp_special(o, out, exp, args, &exact, &w);
	if (rc == RAISES)
		return 0; /* the exception fails the input, atol unchanged */
	if (rc < 0)
		return rc;
	if (o->atol == 0 && vd_oracle_is_floats(exp))
		o->atol = 1e-6;
	if (exact || o->atol == 0)
		return exact ? 1 : fail_values(&w, "not equal", out, exp);
	if (!same_type(out, exp))
		return fail_values(&w, "type differs", out, exp);
	if ((exp->kind == VD_VALUE_LIST || exp->kind == VD_VALUE_TUPLE) &&
	    out->len != exp->len)
		return fail_values(&w, "length differs", out, exp);
	if (!allclose(out, exp, o->atol)) {
		char what[64];
		snprintf(what, sizeof(what), "not close (atol %g)", o->atol);
		return fail_values(&w, what, out, exp);
	}
	return 1;
}

/* A {"$numbers": ["list" or "tuple", "DOUBLES", "FLAGS"]} text as the
 * harness writes it: only floats when it has doubles and no int flag is set
 * (FLAGS empty, or the base64 of zero bytes, all 'A' and '='). */
static bool numbers_text_is_floats(const char *p, const char *end)
{
	static const char list[] = "{\"$numbers\": [\"list\", \"";
	static const char tuple[] = "{\"$numbers\": [\"tuple\", \"";
	const char *doubles, *flags;

	if ((size_t)(end - p) > sizeof(list) - 1 &&
	    !memcmp(p, list, sizeof(list) - 1))
		doubles = p + sizeof(list) - 1;
	else if ((size_t)(end - p) > sizeof(tuple) - 1 &&
		 !memcmp(p, tuple, sizeof(tuple) - 1))
		doubles = p + sizeof(tuple) - 1;
	else
		return false;
	flags = memchr(doubles, '"', (size_t)(end - doubles));
	if (!flags || flags == doubles || end - flags < 7 ||
	    memcmp(flags, "\", \"", 4) || memcmp(end - 3, "\"]}", 3))
		return false;
	for (flags += 4; flags < end - 3; flags++)
		if (*flags != 'A' && *flags != '=')
			return false;
	return true;
}

/* Is text (a typed value) a float, or a flat non-empty list or tuple of
 * only floats? EvalPlus's is_floats, read off the text. */
bool vd_oracle_text_is_floats(const char *p, size_t n)
{
	const char *end = p + n, *q;
	bool any = false;

	if (n > 11 && !memcmp(p, "{\"$numbers\"", 11))
		return numbers_text_is_floats(p, end);
	if (n > 12 && !memcmp(p, "{\"$tuple\": [", 12))
		p += 12;
	else if (*p == '[')
		p++;
	else if (n >= 9 && !memcmp(p, "{\"$float\"", 9))
		return true;
	else {
		for (q = p; q < end; q++)
			if (*q == '.' || *q == 'e' || *q == 'E')
				return *p == '-' || (*p >= '0' && *p <= '9');
		return false;
	}
	while (p < end) {
		bool is_float = false;
		while (p < end && (*p == ' ' || *p == ','))
			p++;
		if (p >= end || *p == ']')
			break;
		if (*p == '{') {
			if ((size_t)(end - p) < 9 ||
			    memcmp(p, "{\"$float\"", 9))
				return false;
			q = memchr(p, '}', (size_t)(end - p));
			if (!q)
				return false;
			p = q + 1;
			any = true;
			continue;
		}
		if (!(*p == '-' || (*p >= '0' && *p <= '9')))
			return false;
		for (; p < end && *p != ',' && *p != ']'; p++)
			if (*p == '.' || *p == 'e' || *p == 'E')
				is_float = true;
		if (!is_float)
			return false;
		any = true;
	}
	return any;
}
