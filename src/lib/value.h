/*
 * value: Python values decoded from tagged JSON (docs/typed-values.md).
 *
 * The harness in the sandbox writes each value a candidate function returns
 * as "tagged JSON"; dataset inputs are plain JSON (with NaN, Infinity and
 * big integers). vd_value_parse turns either into a tree of read-only
 * nodes, vd_value_eq is Python's `==` on such trees, vd_value_key gives
 * canonical keys (Python-equal hashable values have identical key bytes)
 * and vd_value_repr a Python-like repr for messages. The EvalPlus rules on
 * top of these are in oracle.h.
 *
 * Invariants of a parsed tree:
 *   - It is immutable and owned by its root: vd_value_free(root) frees every
 *     node and string of it at once. Inner nodes are borrowed; never free
 *     them. A tree may be read from several threads at once.
 *   - An int that fits int64_t is held in u.i; a larger one as its decimal
 *     digits ('-' first if negative, no leading zeros) with
 *     VD_VALUE_F_BIGINT set. So equal ints have equal representations.
 *   - A str is held as UTF-8, NUL-terminated (len excludes the NUL; the
 *     text may contain NULs). A lone surrogate is encoded like any other
 *     code point (3 bytes, "WTF-8"), a valid pair as one 4-byte character,
 *     so bytewise comparison is code point comparison.
 *   - A set's elements and a dict's keys are hashable (checked when
 *     parsing). Duplicates that Python would have merged are kept as they
 *     were written; equality treats them as Python would (a set keeps one,
 *     a dict keeps the last value).
 *   - Nesting is at most VD_VALUE_MAX_DEPTH containers deep.
 *
 * Thread safety: all functions are reentrant.
 */
#ifndef VD_VALUE_H
#define VD_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "verdict.h"

#define VD_VALUE_MAX_DEPTH  256
#define VD_VALUE_MAX_DIGITS 100000

enum vd_value_kind {
	VD_VALUE_NONE,
	VD_VALUE_BOOL,
	VD_VALUE_INT,
	VD_VALUE_FLOAT,
	VD_VALUE_COMPLEX,
	VD_VALUE_STR,
	VD_VALUE_BYTES,
	VD_VALUE_BYTEARRAY,
	VD_VALUE_LIST,
	VD_VALUE_TUPLE,
	VD_VALUE_SET,
	VD_VALUE_FROZENSET,
	VD_VALUE_DICT,
	VD_VALUE_NP_SCALAR,
	VD_VALUE_NDARRAY,
	VD_VALUE_OTHER,
	VD_VALUE_DIGEST, /* {"$digest": ["sha256:<hex>", length]}: a value over
			    64 MiB, equal only to the same digest */
};

/* Flags of vd_value_parse. */
enum vd_value_flags {
	/* Dataset input: a JSON object is a dict with str keys, unless its
	 * first key is a known $-tag (then it must be a tagged value, as
	 * without the flag). Without it, every object must be exactly one
	 * known $-tag. */
	VD_VALUE_INPUT = 1 << 0,
};

/* Node flags (struct vd_value.flags), set by the parser. */
enum vd_value_node_flags {
	VD_VALUE_F_BIGINT = 1 << 0,	/* INT held as digits in u.s */
	VD_VALUE_F_NAN = 1 << 1,	/* a NaN is in it (or it is one) */
	VD_VALUE_F_OPAQUE = 1 << 2,	/* an ndarray or $other is in it */
	VD_VALUE_F_UNHASHABLE = 1 << 3, /* hash() would raise TypeError */
};

/*
 * One node. Read it through the accessors below where possible; the layout
 * is public so that oracle.c and tests can build small nodes on the stack.
 *
 *   kind        len                  u
 *   NONE        0                    -
 *   BOOL        0                    b
 *   INT         0, or digit count    i, or s (VD_VALUE_F_BIGINT)
 *   FLOAT       0                    f
 *   STR/BYTES/  bytes                s (NUL-terminated)
 *    BYTEARRAY
 *   LIST/TUPLE/ items                items[0 .. len)
 *    SET/FROZENSET
 *   DICT        pairs                items[2k] key, items[2k + 1] value
 *   COMPLEX     2                    items: FLOAT real, FLOAT imag
 *   NP_SCALAR   2                    items: STR dtype, the .item() value
 *   NDARRAY     2                    items: STR dtype, the .tolist() value
 *   OTHER       2                    items: STR type name, STR repr
 */
struct vd_value {
	uint8_t kind;  /* enum vd_value_kind */
	uint8_t flags; /* enum vd_value_node_flags */
	uint32_t len;
	union {
		bool b;
		int64_t i;
		double f;
		const char *s;
		const struct vd_value *items;
	} u;
};

/*
 * Parses exactly one value (with optional surrounding JSON whitespace) from
 * text[0 .. len), which need not be NUL-terminated. flags: VD_VALUE_INPUT
 * or 0. Also accepts the tokens NaN, Infinity and -Infinity as floats.
 * On success *out is the root (free it with vd_value_free) and 0 is
 * returned. Otherwise *out is NULL and the result is VD_EPARSE (err->msg
 * says "value: byte N: what"), VD_E2BIG (text over 4 GiB) or VD_ENOMEM.
 */
int vd_value_parse(const char *text, size_t len, unsigned flags,
		   struct vd_value **out, struct vd_error *err);

/* Frees a tree returned by vd_value_parse (never an inner node). NULL is a
 * no-op. */
void vd_value_free(struct vd_value *v);

/*
 * Python `a == b` for two values that are distinct objects (so a NaN equals
 * nothing, not even itself): 1 if equal, 0 if not, VD_ENOMEM (or VD_E2BIG
 * past a 1 GiB cap) if a set or dict comparison could not build its keys.
 * Numbers compare by exact value across bool, int, float, complex and
 * NumPy scalars; NumPy scalars compare like the Python value they hold
 * (also against a list, where NumPy would compare element-wise); ndarray
 * and $other values equal nothing. Sets and dicts cost O(n log n).
 */
int vd_value_equal(const struct vd_value *a, const struct vd_value *b);

/* vd_value_equal(a, b) == 1; an allocation failure reads as "not equal". */
bool vd_value_eq(const struct vd_value *a, const struct vd_value *b);

/* True if v contains no NaN, ndarray or $other, so that v equals a copy of
 * itself. */
bool vd_value_reflexive(const struct vd_value *v);

/*
 * Appends v's canonical key to out: Python-equal hashable values get
 * identical bytes, unequal ones different bytes. Returns 0 (key appended),
 * 1 if v is hashable but equal to nothing (it holds a NaN or an $other;
 * nothing appended), VD_EINVAL if v is unhashable (list, dict, set,
 * bytearray, ndarray, or a tuple holding one), or VD_ENOMEM / VD_E2BIG from
 * the buffer (which then holds a partial key).
 */
int vd_value_key(const struct vd_value *v, struct vd_buf *out);

/*
 * Appends a Python-like repr of v to out (repr(float) digits, str quoting
 * and escapes, "set()", "(1,)", NumPy scalars as "np.int64(3)"). Stops
 * early once out's cap is reached. Returns 0, VD_E2BIG (out holds a
 * prefix) or VD_ENOMEM.
 */
int vd_value_repr(const struct vd_value *v, struct vd_buf *out);

/* ---- accessors ---- */

enum vd_value_kind vd_value_kind(const struct vd_value *v);

/* Python's type name: "int", "list", ...; for a NumPy scalar its dtype
 * ("float64"), for an ndarray "numpy.ndarray", for $other its type name. */
const char *vd_value_type_name(const struct vd_value *v);

/* Items of a list, tuple, set or frozenset; pairs of a dict; bytes of a
 * str, bytes or bytearray; 0 for anything else. */
size_t vd_value_len(const struct vd_value *v);

/* Item i of a list, tuple, set or frozenset (in written order); NULL if v
 * is not one of these or i is out of range. */
const struct vd_value *vd_value_item(const struct vd_value *v, size_t i);

/* Key or value of pair i of a dict (in written order); NULL otherwise. */
const struct vd_value *vd_value_dict_key(const struct vd_value *v, size_t i);
const struct vd_value *vd_value_dict_value(const struct vd_value *v, size_t i);

/* Contents of a str (UTF-8), bytes or bytearray, or the digits of a big
 * int, NUL-terminated, with the length in *len (may be NULL); NULL for any
 * other value. */
const char *vd_value_data(const struct vd_value *v, size_t *len);

/* The dtype of a NumPy scalar or ndarray, the type name of an $other;
 * NULL otherwise. */
const char *vd_value_dtype(const struct vd_value *v);

/* The value a NumPy scalar holds (.item()), an ndarray's .tolist(), an
 * $other's repr string; NULL otherwise. */
const struct vd_value *vd_value_inner(const struct vd_value *v);

/* Strips NumPy scalar wrappers: the Python value v stands for. */
const struct vd_value *vd_value_unwrap(const struct vd_value *v);

/* True for bool, int, float and complex values, and NumPy scalars holding
 * one. */
bool vd_value_is_number(const struct vd_value *v);

/*
 * Python float(v) of a bool, int or float (or a NumPy scalar holding one),
 * correctly rounded: 0, VD_EINVAL (not a real number) or VD_E2BIG (an int
 * too large for a float: Python's OverflowError).
 */
int vd_value_real(const struct vd_value *v, double *d);

/* True if v is a bool or an int (or NumPy scalar of one) that fits *i. */
bool vd_value_int64(const struct vd_value *v, int64_t *i);

#endif
