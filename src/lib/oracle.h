/*
 * oracle: EvalPlus's decision whether a returned value is correct.
 *
 * Exactly the rules of `evalplus/evalplus @26d6d00 :
 * evalplus/eval/__init__.py` (unsafe_execute) and `_special_oracle.py`,
 * applied to value trees (value.h); docs/typed-values.md "EvalPlus rules"
 * lists them. In short, for each input in order:
 *   1. exact = (out == exp), Python's ==;
 *   2. MBPP+ special oracles by entry point (are_equivalent, sum_div,
 *      surface_Area, digit_distance_nums, the set-equality tasks, the
 *      not-None tasks), HumanEval find_zero (|poly(xs, out)| <= atol,
 *      nothing else checked);
 *   3. if atol == 0 and exp is a float or a non-empty list/tuple of floats,
 *      atol becomes 1e-6 for this and every later input;
 *   4. if not exact and atol != 0: type(out) == type(exp), equal lengths
 *      for lists/tuples and np.allclose(out, exp, rtol=1e-07, atol=atol)
 *      decide; otherwise exact does.
 * An exception Python would raise while checking (a special oracle given a
 * string, set() of an unhashable item, ...) fails the input, and then the
 * atol of step 3 is not changed.
 *
 * Because of step 3, a struct vd_oracle carries state: use one per sample
 * and per section (EvalPlus checks the base and the plus inputs in two
 * separate processes, each starting from the task's atol), and feed it the
 * inputs in order. Approximations, where an exact imitation would need
 * arbitrary-precision floats or objects we cannot see, are listed in
 * oracle.c.
 */
#ifndef VD_ORACLE_H
#define VD_ORACLE_H

#include <stddef.h>

#include "value.h"

enum vd_oracle_dataset {
	VD_ORACLE_PLAIN,     /* no special oracles */
	VD_ORACLE_HUMANEVAL, /* HumanEval+: find_zero */
	VD_ORACLE_MBPP,	     /* MBPP+: the MBPP special oracles */
};

/* Which special oracle applies (chosen by vd_oracle_init). */
enum vd_oracle_special {
	VD_ORACLE_NONE,
	VD_ORACLE_ARE_EQUIVALENT, /* Mbpp/164: always passes */
	VD_ORACLE_SUM_DIV,	  /* Mbpp/295: also passes if out == 0 */
	VD_ORACLE_SURFACE_AREA,	  /* Mbpp/581 */
	VD_ORACLE_DIGIT_DISTANCE, /* Mbpp/558 */
	VD_ORACLE_SET_EQ,	  /* set(out) == set(exp) */
	VD_ORACLE_NOT_NONE,	  /* check_str, text_match_three, ... */
	VD_ORACLE_FIND_ZERO,	  /* HumanEval/32 */
};

struct vd_oracle {
	int dataset;	       /* enum vd_oracle_dataset */
	int special;	       /* enum vd_oracle_special */
	char entry_point[128]; /* the task's function name */
	double atol;	       /* current tolerance: may become 1e-6 and stay */
};

/* Sets up *o for one sample's section of inputs. entry_point may be NULL
 * (no special oracle); atol is the task's (>= 0). */
void vd_oracle_init(struct vd_oracle *o, int dataset, const char *entry_point,
		    double atol);

/*
 * Judges one input: out is the candidate's value, exp the reference's, args
 * the input's positional arguments (a list, parsed with VD_VALUE_INPUT;
 * only the special oracles read it; may be NULL, which fails those).
 * Returns 1 (pass), 0 (fail; detail, if non-NULL, gets a short reason with
 * both values' reprs, truncated to detail_len) or VD_ENOMEM / VD_E2BIG
 * when a set or dict comparison could not allocate. May update o->atol.
 */
int vd_oracle_check(struct vd_oracle *o, const struct vd_value *out,
		    const struct vd_value *exp, const struct vd_value *args,
		    char *detail, size_t detail_len);

/* EvalPlus's is_floats(exp): a float, or a non-empty list or tuple of only
 * floats (NumPy float scalars count as floats). */
bool vd_oracle_is_floats(const struct vd_value *v);
/* The same, read off the text of a typed value without parsing it, for
 * values without $np tags (the engine's fast path for identical texts). */
bool vd_oracle_text_is_floats(const char *text, size_t len);

#endif
