/*
 * value: tagged JSON into Python value trees; ==, canonical keys, repr.
 *
 * Theory of operation
 *
 * Parsing. A recursive-descent parser (depth capped at
 * VD_VALUE_MAX_DEPTH containers, so the C stack is bounded) pushes every
 * finished node onto one value stack. When a container closes, its items
 * are the top n stack entries: they are copied into one array in the
 * arena and replaced by the container node. So a list of 10,000 ints costs
 * one arena array, not 10,000 allocations, and a node is 16 bytes. The
 * arena is a chain of chunks whose first chunk also holds the root node;
 * vd_value_free(root) finds the chain from the root. Small values need a
 * single malloc (the stack starts on the C stack).
 *
 * Numbers. Ints that fit int64_t are kept as such, others as their digits
 * (JSON forbids leading zeros; "-0" is 0), so equal ints have equal forms.
 * Floats use the exact fast path (<= 15 significant digits, |exp| <= 22)
 * and otherwise strtod_l in the "C" locale, which rounds correctly like
 * Python's float().
 *
 * Equality is structural recursion, except for sets and dicts: there each
 * element (key) gets a canonical key (see vd_value_key), the keys are
 * sorted, and the sorted sequences are compared, O(n log n).
 */
#include "value.h"

#include <locale.h>
#include <math.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "err.h"

/* ---- arena ---- */

struct chunk {
	struct chunk *next;
	size_t cap, used;
	max_align_t data[];
};

/* Lives at the start of the first chunk; the root must stay first. */
struct doc {
	struct vd_value root;
	struct chunk *chunks; /* newest first */
};

#define CHUNK_MAX   (4u << 20)
#define STACK_LOCAL 64

struct parser {
	const char *start, *cur, *end;
	unsigned flags;
	struct doc *doc;
	size_t next_cap; /* size of the next chunk */
	struct vd_value *stack;
	size_t sp, cap;
	bool stack_heap;
	locale_t c_locale; /* created on the first slow float */
	struct vd_error *err;
};

static void free_chunks(struct chunk *c)
{
	while (c) {
		struct chunk *next = c->next;
		vd_free_mem(c);
		c = next;
	}
}

static struct chunk *new_chunk(size_t cap)
{
	struct chunk *c = vd_malloc(sizeof(*c) + cap);
	if (!c)
		return NULL;
	c->next = NULL;
	c->cap = cap;
	c->used = 0;
	return c;
}

static void *arena_grow(struct parser *p, size_t n)
{
	size_t cap = n > p->next_cap ? n : p->next_cap;
	struct chunk *c = new_chunk(cap);

	if (!c)
		return NULL;
	if (p->next_cap < CHUNK_MAX)
		p->next_cap *= 2;
	c->used = n;
	if (n >= p->next_cap && p->doc->chunks) {
		/* A big block: keep the current chunk's free space in use. */
		c->next = p->doc->chunks->next;
		p->doc->chunks->next = c;
	} else {
		c->next = p->doc->chunks;
		p->doc->chunks = c;
	}
	return c->data;
}

/* n bytes aligned to align (a power of two, at most max_align_t's). */
static void *arena_alloc(struct parser *p, size_t n, size_t align)
{
	struct chunk *c = p->doc->chunks;
	size_t off = (c->used + align - 1) & ~(align - 1);

	if (off <= c->cap && n <= c->cap - off) {
		c->used = off + n;
		return (char *)c->data + off;
	}
	return arena_grow(p, n);
}

/* ---- errors and the value stack ---- */

static int perr(struct parser *p, const char *at, const char *what)
{
	return vd_error_set(p->err, VD_EPARSE, 0, "value: byte %zu: %s",
			    (size_t)(at - p->start), what);
}

static int nomem(struct parser *p)
{
	return vd_error_set(p->err, VD_ENOMEM, 0, "value: out of memory");
}

static int grow_stack(struct parser *p)
{
	size_t cap = p->cap * 2;
	struct vd_value *s;

	if (p->stack_heap) {
		s = vd_realloc(p->stack, cap * sizeof(*s));
	} else {
		s = vd_malloc(cap * sizeof(*s));
		if (s)
			memcpy(s, p->stack, p->sp * sizeof(*s));
	}
	if (!s)
		return nomem(p);
	p->stack = s;
	p->stack_heap = true;
	p->cap = cap;
	return 0;
}

static inline int push(struct parser *p, const struct vd_value *v)
{
	if (p->sp == p->cap && grow_stack(p))
		return VD_ENOMEM;
	p->stack[p->sp++] = *v;
	return 0;
}

static struct vd_value *top(struct parser *p)
{
	return &p->stack[p->sp - 1];
}

static void skip_ws(struct parser *p)
{
	while (p->cur < p->end && (*p->cur == ' ' || *p->cur == '\n' ||
				   *p->cur == '\r' || *p->cur == '\t'))
		p->cur++;
}

/* Skips whitespace and the expected character c, or fails. */
static int expect(struct parser *p, char c, const char *what)
{
	skip_ws(p);
	if (p->cur == p->end || *p->cur != c)
		return perr(p, p->cur, what);
	p->cur++;
	return 0;
}

/* ---- strings ---- */

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The 4 hex digits at s as a code unit, or -1. */
static long hex4(const char *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int d = hex_digit((unsigned char)s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static char *put_utf8(char *o, unsigned long cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* Length of the valid UTF-8 sequence (no surrogates, no overlongs) at
 * s[0 .. n), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t k;

	if (c >= 0xc2 && c <= 0xdf)
		k = 2;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n < k || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return k;
}

/* Decodes the escapes and checks the UTF-8 of s[0 .. e) into o; every
 * backslash in it is followed by at least one byte (the scan made sure). */
static int decode_string(struct parser *p, const char *s, const char *e,
			 char *o, size_t *n)
{
	char *o0 = o;

	while (s < e) {
		unsigned char c = (unsigned char)*s;
		long cp, lo;
		size_t k;

		if (c >= 0x80) {
			k = utf8_len((const unsigned char *)s, (size_t)(e - s));
			if (!k)
				return perr(p, s, "invalid UTF-8 in string");
			memcpy(o, s, k);
			o += k;
			s += k;
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			s++;
			continue;
		}
		switch (s[1]) {
		case '"':
		case '\\':
		case '/':
			*o++ = s[1];
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if (e - s < 6 || (cp = hex4(s + 2)) < 0)
				return perr(p, s, "invalid \\u escape");
			s += 6;
			if (cp >= 0xd800 && cp < 0xdc00 && e - s >= 6 &&
			    s[0] == '\\' && s[1] == 'u' &&
			    (lo = hex4(s + 2)) >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				s += 6;
			}
			o = put_utf8(o, (unsigned long)cp);
			continue;
		default:
			return perr(p, s, "invalid escape in string");
		}
		s += 2;
	}
	*n = (size_t)(o - o0);
	return 0;
}

/* Parses the string at p->cur (its opening quote) into the arena. */
static int parse_string(struct parser *p, char **out, uint32_t *len)
{
	const char *s = p->cur + 1, *q = s;
	bool plain = true;
	size_t n;
	char *dst;
	int rc;

	while (q < p->end && *q != '"') {
		unsigned char c = (unsigned char)*q;
		if (c == '\\') {
			plain = false;
			q += 2;
			continue;
		}
		if (c < 0x20)
			return perr(p, q, "control character in string");
		if (c >= 0x80)
			plain = false;
		q++;
	}
	if (q >= p->end)
		return perr(p, p->cur, "unterminated string");
	n = (size_t)(q - s);
	dst = arena_alloc(p, n + 1, 1);
	if (!dst)
		return nomem(p);
	if (plain) {
		memcpy(dst, s, n);
	} else {
		rc = decode_string(p, s, q, dst, &n);
		if (rc)
			return rc;
	}
	dst[n] = '\0';
	*out = dst;
	*len = (uint32_t)n;
	p->cur = q + 1;
	return 0;
}

/* Parses the string at p->cur into the str node *v. */
static int parse_str_node(struct parser *p, struct vd_value *v)
{
	char *s = NULL;
	int rc = parse_string(p, &s, &v->len);

	v->kind = VD_VALUE_STR;
	v->u.s = s;
	return rc;
}

static int parse_str_value(struct parser *p)
{
	struct vd_value v = { .kind = VD_VALUE_STR };
	int rc = parse_str_node(p, &v);
	return rc ? rc : push(p, &v);
}

/* ---- numbers ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A character that continues a number after its first digits. */
static bool is_num_char(char c)
{
	return is_digit(c) || c == '.' || c == 'e' || c == 'E';
}

static const double pow10_exact[] = { 1e0,  1e1,  1e2,	1e3,  1e4,  1e5,
				      1e6,  1e7,  1e8,	1e9,  1e10, 1e11,
				      1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
				      1e18, 1e19, 1e20, 1e21, 1e22 };

/*
 * The exact fast path: at most 15 significant digits (so the mantissa is
 * an exact double) scaled by an exact power of ten, one rounding. False if
 * the literal needs strtod.
 */
static bool fast_float(const char *s, const char *e, double *out)
{
	uint64_t m = 0;
	int sig = 0, frac = 0, exp = 0, esign = 1;
	bool neg = false, in_frac = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	for (; s < e && (is_digit(*s) || *s == '.'); s++) {
		if (*s == '.') {
			in_frac = true;
			continue;
		}
		if (in_frac)
			frac++;
		if (m == 0 && *s == '0')
			continue;
		if (++sig > 15)
			return false;
		m = m * 10 + (uint64_t)(*s - '0');
	}
	if (s < e) { /* exponent */
		s++;
		if (*s == '+' || *s == '-')
			esign = *s++ == '-' ? -1 : 1;
		for (; s < e; s++) {
			if (exp > 1000)
				return false;
			exp = exp * 10 + (*s - '0');
		}
	}
	exp = esign * exp - frac;
	if (m == 0)
		exp = 0; /* 0e999 is 0 */
	if (exp < -22 || exp > 22)
		return false;
	*out = exp < 0 ? (double)m / pow10_exact[-exp]
		       : (double)m * pow10_exact[exp];
	if (neg)
		*out = -*out;
	return true;
}

static int slow_float(struct parser *p, const char *s, const char *e,
		      double *out)
{
	char local[128], *buf = local, *endp;
	size_t n = (size_t)(e - s);

	if (!p->c_locale) {
		p->c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		if (!p->c_locale)
			return nomem(p);
	}
	if (n >= sizeof(local)) {
		buf = arena_alloc(p, n + 1, 1);
		if (!buf)
			return nomem(p);
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtod_l(buf, &endp, p->c_locale);
	if (endp != buf + n)
		return perr(p, s, "invalid number");
	return 0;
}

/* An int literal s[0 .. e) (grammar already checked). */
static int make_int(struct parser *p, const char *s, const char *e)
{
	struct vd_value v = { .kind = VD_VALUE_INT };
	bool neg = *s == '-';
	const char *d = s + neg;
	size_t nd = (size_t)(e - d);
	uint64_t m = 0;
	char *dst;

	if (nd <= 19) {
		for (const char *q = d; q < e; q++)
			m = m * 10 + (uint64_t)(*q - '0');
		if (!neg && m <= (uint64_t)INT64_MAX) {
			v.u.i = (int64_t)m;
			return push(p, &v);
		}
		if (neg && m <= (uint64_t)INT64_MAX + 1) {
			v.u.i = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN
							     : -(int64_t)m;
			return push(p, &v);
		}
	}
	dst = arena_alloc(p, nd + neg + 1, 1);
	if (!dst)
		return nomem(p);
	memcpy(dst, s, nd + neg);
	dst[nd + neg] = '\0';
	v.flags = VD_VALUE_F_BIGINT;
	v.u.s = dst;
	v.len = (uint32_t)(nd + neg);
	return push(p, &v);
}

static int parse_number(struct parser *p)
{
	const char *s = p->cur, *q = s, *e = p->end, *int_end, *d;
	bool is_float = false;
	size_t digits;
	struct vd_value v = { .kind = VD_VALUE_FLOAT };
	uint64_t m = 0;
	int rc;

	if (*q == '-')
		q++;
	/* The common case in one pass: an int of at most 18 digits. */
	for (d = q; d < e && d - q < 18 && is_digit(*d); d++)
		m = m * 10 + (uint64_t)(*d - '0');
	if (d > q && (d == e || !is_num_char(*d)) &&
	    (*q != '0' || d - q == 1)) {
		v.kind = VD_VALUE_INT;
		v.u.i = *s == '-' ? -(int64_t)m : (int64_t)m;
		p->cur = d;
		return push(p, &v);
	}
	if (q == e || !is_digit(*q))
		return perr(p, s, "invalid number");
	if (*q == '0') {
		if (++q < e && is_digit(*q))
			return perr(p, s, "leading zero in number");
	}
	while (q < e && is_digit(*q))
		q++;
	int_end = q;
	digits = (size_t)(q - s) - (*s == '-');
	if (q < e && *q == '.') {
		is_float = true;
		if (++q == e || !is_digit(*q))
			return perr(p, s, "invalid number");
		while (q < e && is_digit(*q))
			q++, digits++;
	}
	if (q < e && (*q == 'e' || *q == 'E')) {
		is_float = true;
		if (++q < e && (*q == '+' || *q == '-'))
			q++;
		if (q == e || !is_digit(*q))
			return perr(p, s, "invalid number");
		while (q < e && is_digit(*q))
			q++, digits++;
	}
	if (digits > VD_VALUE_MAX_DIGITS)
		return perr(p, s, "number too long");
	p->cur = q;
	if (!is_float)
		return make_int(p, s, int_end);
	if (!fast_float(s, q, &v.u.f)) {
		rc = slow_float(p, s, q, &v.u.f);
		if (rc)
			return rc;
	}
	return push(p, &v);
}

/* ---- literals ---- */

static int parse_word(struct parser *p)
{
	static const struct {
		const char *word;
		double f;
		uint8_t kind;
		bool b;
	} words[] = {
		{ "true", 0, VD_VALUE_BOOL, true },
		{ "false", 0, VD_VALUE_BOOL, false },
		{ "null", 0, VD_VALUE_NONE, false },
		{ "NaN", NAN, VD_VALUE_FLOAT, false },
		{ "Infinity", INFINITY, VD_VALUE_FLOAT, false },
		{ "-Infinity", -INFINITY, VD_VALUE_FLOAT, false },
	};
	size_t room = (size_t)(p->end - p->cur);

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);
		struct vd_value v = { .kind = words[i].kind };

		if (n > room || memcmp(p->cur, words[i].word, n) != 0)
			continue;
		if (v.kind == VD_VALUE_BOOL)
			v.u.b = words[i].b;
		if (v.kind == VD_VALUE_FLOAT) {
			v.u.f = words[i].f;
			if (isnan(v.u.f))
				v.flags = VD_VALUE_F_NAN;
		}
		p->cur += n;
		return push(p, &v);
	}
	return perr(p, p->cur, "unexpected character");
}

/* ---- containers ---- */

static int parse_value(struct parser *p, int depth);

/*
 * Replaces the stack entries from base up by one node of the given kind
 * whose items are those entries (copied into the arena). len is the item
 * count (pairs for a dict).
 */
static int make_container(struct parser *p, uint8_t kind, size_t base)
{
	size_t n = p->sp - base;
	struct vd_value v = { .kind = kind };
	struct vd_value *items = NULL;
	uint8_t inherit = 0;

	if (n) {
		items = arena_alloc(p, n * sizeof(*items),
				    alignof(struct vd_value));
		if (!items)
			return nomem(p);
		memcpy(items, p->stack + base, n * sizeof(*items));
	}
	for (size_t i = 0; i < n; i++)
		inherit |= items[i].flags;
	v.flags = inherit & (VD_VALUE_F_NAN | VD_VALUE_F_OPAQUE);
	switch (kind) {
	case VD_VALUE_TUPLE:
	case VD_VALUE_NP_SCALAR:
		v.flags |= inherit & VD_VALUE_F_UNHASHABLE;
		break;
	case VD_VALUE_FROZENSET:
	case VD_VALUE_COMPLEX:
	case VD_VALUE_OTHER:
		break;
	case VD_VALUE_NDARRAY:
		v.flags |= VD_VALUE_F_OPAQUE | VD_VALUE_F_UNHASHABLE;
		break;
	default: /* list, set, dict */
		v.flags |= VD_VALUE_F_UNHASHABLE;
		break;
	}
	if (kind == VD_VALUE_OTHER)
		v.flags |= VD_VALUE_F_OPAQUE;
	v.len = (uint32_t)(kind == VD_VALUE_DICT ? n / 2 : n);
	v.u.items = items;
	p->sp = base;
	return push(p, &v);
}

/* Parses one value at depth and, if hashable is set, checks that it is. */
static int parse_item(struct parser *p, int depth, bool hashable)
{
	const char *at;
	int rc;

	skip_ws(p);
	at = p->cur;
	rc = parse_value(p, depth);
	if (rc)
		return rc;
	if (hashable && (top(p)->flags & VD_VALUE_F_UNHASHABLE))
		return perr(p, at, "unhashable set element or dict key");
	return 0;
}

/* Parses "[v, ...]" at p->cur, pushing each item (at depth). */
static int parse_items(struct parser *p, int depth, bool hashable)
{
	int rc;

	p->cur++;
	skip_ws(p);
	if (p->cur < p->end && *p->cur == ']') {
		p->cur++;
		return 0;
	}
	for (;;) {
		rc = parse_item(p, depth, hashable);
		if (rc)
			return rc;
		skip_ws(p);
		if (p->cur < p->end && *p->cur == ',') {
			p->cur++;
			continue;
		}
		return expect(p, ']', "expected ',' or ']'");
	}
}

static int enter(struct parser *p, int depth)
{
	if (depth >= VD_VALUE_MAX_DEPTH)
		return perr(p, p->cur, "nesting too deep");
	return 0;
}

static int parse_list(struct parser *p, int depth)
{
	size_t base = p->sp;
	int rc = enter(p, depth);

	if (!rc)
		rc = parse_items(p, depth + 1, false);
	return rc ? rc : make_container(p, VD_VALUE_LIST, base);
}

/* A plain JSON object (dataset input): the first key is on the stack and
 * p->cur is past it. */
static int parse_plain_dict(struct parser *p, int depth, size_t base)
{
	struct vd_value key = { .kind = VD_VALUE_STR };
	int rc;

	for (;;) {
		rc = expect(p, ':', "expected ':'");
		if (!rc)
			rc = parse_item(p, depth + 1, false);
		if (rc)
			return rc;
		skip_ws(p);
		if (p->cur < p->end && *p->cur == '}') {
			p->cur++;
			return make_container(p, VD_VALUE_DICT, base);
		}
		rc = expect(p, ',', "expected ',' or '}'");
		if (!rc) {
			skip_ws(p);
			if (p->cur == p->end || *p->cur != '"')
				return perr(p, p->cur, "expected a key");
			rc = parse_str_node(p, &key);
		}
		if (!rc)
			rc = push(p, &key);
		if (rc)
			return rc;
	}
}

/* The payload of {"$dict": [[k, v], ...]}. */
static int parse_dict_pairs(struct parser *p, int depth)
{
	int rc = expect(p, '[', "expected '[' after \"$dict\"");

	skip_ws(p);
	if (!rc && p->cur < p->end && *p->cur == ']') {
		p->cur++;
		return 0;
	}
	while (!rc) {
		rc = expect(p, '[', "expected a [key, value] pair");
		if (!rc)
			rc = parse_item(p, depth, true);
		if (!rc)
			rc = expect(p, ',', "expected ',' in a pair");
		if (!rc)
			rc = parse_item(p, depth, false);
		if (!rc)
			rc = expect(p, ']', "expected ']' after a pair");
		if (rc)
			return rc;
		skip_ws(p);
		if (p->cur < p->end && *p->cur == ',') {
			p->cur++;
			continue;
		}
		return expect(p, ']', "expected ',' or ']'");
	}
	return rc;
}

enum tag {
	TAG_DIGEST,
	TAG_INT,
	TAG_FLOAT,
	TAG_BYTES,
	TAG_BYTEARRAY,
	TAG_TUPLE,
	TAG_SET,
	TAG_FROZENSET,
	TAG_DICT,
	TAG_COMPLEX,
	TAG_NP,
	TAG_NDARRAY,
	TAG_OTHER,
	TAG_NUMBERS,
	TAG_NONE,
};

static enum tag find_tag(const char *key, size_t len)
{
	static const char *const names[] = {
		[TAG_DIGEST] = "$digest",
		[TAG_INT] = "$int",
		[TAG_FLOAT] = "$float",
		[TAG_BYTES] = "$bytes",
		[TAG_BYTEARRAY] = "$bytearray",
		[TAG_TUPLE] = "$tuple",
		[TAG_SET] = "$set",
		[TAG_FROZENSET] = "$frozenset",
		[TAG_DICT] = "$dict",
		[TAG_COMPLEX] = "$complex",
		[TAG_NP] = "$np",
		[TAG_NDARRAY] = "$ndarray",
		[TAG_OTHER] = "$other",
		[TAG_NUMBERS] = "$numbers",
	};
	for (int t = 0; t < TAG_NONE; t++)
		if (strlen(names[t]) == len && !memcmp(names[t], key, len))
			return (enum tag)t;
	return TAG_NONE;
}

static int parse_special_float(struct parser *p)
{
	struct vd_value v = { .kind = VD_VALUE_FLOAT };
	const char *at;
	char *s;
	uint32_t n;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, at, "expected \"nan\", \"inf\" or \"-inf\"");
	rc = parse_string(p, &s, &n);
	if (rc)
		return rc;
	if (!strcmp(s, "nan")) {
		v.u.f = NAN;
		v.flags = VD_VALUE_F_NAN;
	} else if (!strcmp(s, "inf")) {
		v.u.f = INFINITY;
	} else if (!strcmp(s, "-inf")) {
		v.u.f = -INFINITY;
	} else {
		return perr(p, at, "expected \"nan\", \"inf\" or \"-inf\"");
	}
	return push(p, &v);
}

static int parse_hex_bytes(struct parser *p, uint8_t kind)
{
	struct vd_value v = { .kind = kind };
	const char *at;
	char *s;
	uint32_t n;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, at, "expected a hex string");
	rc = parse_string(p, &s, &n);
	if (rc)
		return rc;
	if (n % 2)
		return perr(p, at, "odd-length hex string");
	for (uint32_t i = 0; i < n; i += 2) { /* in place: s is ours */
		int hi = hex_digit((unsigned char)s[i]);
		int lo = hex_digit((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return perr(p, at, "invalid hex digit");
		s[i / 2] = (char)(hi * 16 + lo);
	}
	s[n / 2] = '\0';
	v.u.s = s;
	v.len = n / 2;
	if (kind == VD_VALUE_BYTEARRAY)
		v.flags = VD_VALUE_F_UNHASHABLE;
	return push(p, &v);
}

/*
 * {"$int": "-0x1f..."}: an int beyond 10,000 bits, which the harness writes
 * in hex because decimal conversion is quadratic in CPython. The digits are
 * kept as written ("0x" form, lower case, no leading zeros): decimal ints
 * never reach that size, so equal values have equal text and a hex int
 * equals no float.
 */
static int parse_hex_int(struct parser *p)
{
	struct vd_value v = { .kind = VD_VALUE_INT,
			      .flags = VD_VALUE_F_BIGINT };
	const char *at;
	char *s;
	uint32_t n, i;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, at, "expected a hex int string");
	rc = parse_string(p, &s, &n);
	if (rc)
		return rc;
	i = s[0] == '-';
	if (n < i + 3 || s[i] != '0' || s[i + 1] != 'x' || s[i + 2] == '0')
		return perr(p, at,
			    "expected [-]0x<hex digits>, no leading zero");
	for (i += 2; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return perr(p, at, "invalid hex digit");
	v.u.s = s;
	v.len = n;
	return push(p, &v);
}

/*
 * {"$digest": ["pyhash:<16 hex>" or "sha256:<64 hex>", length]}: a value
 * whose encoding passed 64 MiB, sent by the harness as a digest (see
 * docs/typed-values.md). Kept as the text "<digest>:<length>"; equal only
 * to an identical digest.
 */
static int parse_digest(struct parser *p)
{
	struct vd_value v = { .kind = VD_VALUE_DIGEST };
	const char *at;
	char *h, *s;
	uint32_t n;
	int rc;

	skip_ws(p);
	at = p->cur;
	rc = expect(p, '[', "expected '['");
	if (rc)
		return rc;
	skip_ws(p);
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, at, "expected a digest string");
	rc = parse_string(p, &h, &n);
	if (rc)
		return rc;
	if (!(n == 71 && !memcmp(h, "sha256:", 7)) &&
	    !(n == 23 && !memcmp(h, "pyhash:", 7)))
		return perr(
			p, at,
			"expected \"sha256:<64 hex>\" or \"pyhash:<16 hex>\"");
	for (uint32_t i = 7; i < n; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		      (h[i] >= 'a' && h[i] <= 'f')))
			return perr(p, at, "invalid hex digit");
	rc = expect(p, ',', "expected ','");
	if (rc)
		return rc;
	skip_ws(p);
	at = p->cur;
	while (p->cur < p->end && is_digit(*p->cur) && p->cur - at < 20)
		p->cur++;
	if (p->cur == at)
		return perr(p, at, "expected a length");
	s = arena_alloc(p, n + 1 + (size_t)(p->cur - at) + 1, 1);
	if (!s)
		return nomem(p);
	memcpy(s, h, n);
	s[n] = ':';
	memcpy(s + n + 1, at, (size_t)(p->cur - at));
	v.len = n + 1 + (uint32_t)(p->cur - at);
	s[v.len] = '\0';
	v.u.s = s;
	rc = expect(p, ']', "expected ']'");
	return rc ? rc : push(p, &v);
}

/* [a, b] payloads: $complex (floats), $np and $ndarray (str, any), $other
 * (str, str). */
static int parse_pair_payload(struct parser *p, int depth, uint8_t kind)
{
	size_t base = p->sp;
	const char *at;
	const struct vd_value *a, *b;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '[')
		return perr(p, at, "expected a two-item array");
	rc = parse_items(p, depth, false);
	if (rc)
		return rc;
	if (p->sp - base != 2)
		return perr(p, at, "expected a two-item array");
	a = &p->stack[base];
	b = &p->stack[base + 1];
	if (kind == VD_VALUE_COMPLEX &&
	    (a->kind != VD_VALUE_FLOAT || b->kind != VD_VALUE_FLOAT))
		return perr(p, at, "complex parts must be floats");
	if (kind != VD_VALUE_COMPLEX && a->kind != VD_VALUE_STR)
		return perr(p, at, "expected a type name string");
	if (kind == VD_VALUE_OTHER && b->kind != VD_VALUE_STR)
		return perr(p, at, "expected a repr string");
	return make_container(p, kind, base);
}

/* Decodes padded base64 (RFC 4648) s[0 .. n) in place; the decoded length,
 * or -1 if s is not base64. */
static long base64_decode(char *s, uint32_t n)
{
	/* the value of each base64 digit, -1 for other bytes */
	static const signed char digit[256] = {
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
		52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
		-1, 0,	1,  2,	3,  4,	5,  6,	7,  8,	9,  10, 11, 12, 13, 14,
		15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
		-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
		41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
		-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	};
	uint32_t out = 0, pad = 0;

	if (n % 4)
		return -1;
	if (n && s[n - 1] == '=')
		pad = n >= 2 && s[n - 2] == '=' ? 2 : 1;
	for (uint32_t i = 0; i < n; i += 4) {
		uint32_t quad = 0;
		for (uint32_t k = 0; k < 4; k++) {
			int d = digit[(unsigned char)s[i + k]];
			if (i + 4 == n && k >= 4 - pad) {
				quad <<= 6; /* a padding '=' */
				continue;
			}
			if (d < 0)
				return -1;
			quad = quad << 6 | (uint32_t)d;
		}
		s[out++] = (char)(quad >> 16);
		if (i + 4 < n || pad < 2)
			s[out++] = (char)(quad >> 8 & 0xff);
		if (i + 4 < n || pad < 1)
			s[out++] = (char)(quad & 0xff);
	}
	return (long)out;
}

/* One base64 string of a $numbers payload, decoded in place. */
static int parse_base64(struct parser *p, const char *what, char **out,
			uint32_t *len)
{
	const char *at;
	long n;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, at, what);
	rc = parse_string(p, out, len);
	if (rc)
		return rc;
	n = base64_decode(*out, *len);
	if (n < 0)
		return perr(p, at, "invalid base64");
	*len = (uint32_t)n;
	return 0;
}

/*
 * {"$numbers": [container, doubles, ints]}: a list or tuple of numbers in
 * binary (docs/typed-values.md). doubles holds the items as little-endian
 * IEEE 754 doubles, ints one byte per item (1: the item is an int, which
 * must then be integral and at most 2^53 in size; 0: a float), or nothing
 * when all are floats. The tree is the one the same items written out
 * would give.
 */
static int parse_numbers(struct parser *p, int depth)
{
	size_t base = p->sp;
	const char *at;
	char *name, *data, *ints;
	uint32_t name_len, n_data, n_ints, kind;
	int rc;

	skip_ws(p);
	at = p->cur;
	if (p->cur == p->end || *p->cur != '[')
		return perr(p, at, "expected a three-item array");
	p->cur++;
	skip_ws(p);
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, p->cur, "expected \"list\" or \"tuple\"");
	rc = parse_string(p, &name, &name_len);
	if (rc)
		return rc;
	if (name_len == 4 && !memcmp(name, "list", 4))
		kind = VD_VALUE_LIST;
	else if (name_len == 5 && !memcmp(name, "tuple", 5))
		kind = VD_VALUE_TUPLE;
	else
		return perr(p, at, "expected \"list\" or \"tuple\"");
	rc = expect(p, ',', "expected ','");
	if (!rc)
		rc = parse_base64(p, "expected the doubles", &data, &n_data);
	if (!rc)
		rc = expect(p, ',', "expected ','");
	if (!rc)
		rc = parse_base64(p, "expected the int flags", &ints, &n_ints);
	if (!rc)
		rc = expect(p, ']', "expected ']'");
	if (rc)
		return rc;
	if (n_data % 8 || (n_ints && n_ints != n_data / 8))
		return perr(p, at, "doubles and int flags do not match");
	rc = enter(p, depth);
	for (uint32_t i = 0; !rc && i < n_data / 8; i++) {
		struct vd_value v = { .kind = VD_VALUE_FLOAT };
		unsigned char b[8];
		uint64_t bits = 0;
		for (int k = 0; k < 8; k++)
			b[k] = (unsigned char)data[8 * i + (uint32_t)k];
		for (int k = 7; k >= 0; k--)
			bits = bits << 8 | b[k];
		memcpy(&v.u.f, &bits, sizeof(v.u.f));
		if (n_ints && ints[i] == 1) {
			double f = v.u.f;
			if (f != trunc(f) || fabs(f) > 9007199254740992.0)
				return perr(p, at,
					    "an int flag on a non-integral "
					    "or too large double");
			v.kind = VD_VALUE_INT;
			v.u.i = (int64_t)f;
		} else if (n_ints && ints[i] != 0) {
			return perr(p, at, "an int flag is neither 0 nor 1");
		} else if (isnan(v.u.f)) {
			v.flags = VD_VALUE_F_NAN;
		}
		rc = push(p, &v);
	}
	return rc ? rc : make_container(p, (uint8_t)kind, base);
}

/* The payload of a tagged object; depth is the object's own depth. */
static int parse_tagged(struct parser *p, int depth, enum tag tag)
{
	size_t base = p->sp;
	int rc;

	switch (tag) {
	case TAG_DIGEST:
		return parse_digest(p);
	case TAG_INT:
		return parse_hex_int(p);
	case TAG_FLOAT:
		return parse_special_float(p);
	case TAG_BYTES:
		return parse_hex_bytes(p, VD_VALUE_BYTES);
	case TAG_BYTEARRAY:
		return parse_hex_bytes(p, VD_VALUE_BYTEARRAY);
	case TAG_TUPLE:
	case TAG_SET:
	case TAG_FROZENSET:
		skip_ws(p);
		if (p->cur == p->end || *p->cur != '[')
			return perr(p, p->cur, "expected '['");
		rc = parse_items(p, depth + 1, tag != TAG_TUPLE);
		if (rc)
			return rc;
		return make_container(p,
				      tag == TAG_TUPLE ? VD_VALUE_TUPLE
				      : tag == TAG_SET ? VD_VALUE_SET
						       : VD_VALUE_FROZENSET,
				      base);
	case TAG_DICT:
		rc = parse_dict_pairs(p, depth + 1);
		return rc ? rc : make_container(p, VD_VALUE_DICT, base);
	case TAG_COMPLEX:
		return parse_pair_payload(p, depth + 1, VD_VALUE_COMPLEX);
	case TAG_NP:
		return parse_pair_payload(p, depth + 1, VD_VALUE_NP_SCALAR);
	case TAG_NDARRAY:
		return parse_pair_payload(p, depth + 1, VD_VALUE_NDARRAY);
	case TAG_OTHER:
		return parse_pair_payload(p, depth + 1, VD_VALUE_OTHER);
	case TAG_NUMBERS:
		return parse_numbers(p, depth + 1);
	default:
		return perr(p, p->cur, "unknown tag");
	}
}

/*
 * An object: a tagged value ({"$tag": payload}, exactly one key), or with
 * VD_VALUE_INPUT a plain dict with str keys. An object whose first key is
 * a known tag is always read as a tagged value.
 */
static int parse_object(struct parser *p, int depth)
{
	struct vd_value key = { .kind = VD_VALUE_STR };
	const char *open = p->cur;
	size_t base = p->sp;
	enum tag tag;
	int rc = enter(p, depth);

	if (rc)
		return rc;
	p->cur++;
	skip_ws(p);
	if (p->cur < p->end && *p->cur == '}' && (p->flags & VD_VALUE_INPUT)) {
		p->cur++;
		return make_container(p, VD_VALUE_DICT, base);
	}
	if (p->cur == p->end || *p->cur != '"')
		return perr(p, p->cur, "expected a key");
	rc = parse_str_node(p, &key);
	if (rc)
		return rc;
	tag = key.len && key.u.s[0] == '$' ? find_tag(key.u.s, key.len)
					   : TAG_NONE;
	if (tag == TAG_NONE) {
		if (!(p->flags & VD_VALUE_INPUT))
			return perr(p, open, "object is not a known $-tag");
		rc = push(p, &key);
		return rc ? rc : parse_plain_dict(p, depth, base);
	}
	rc = expect(p, ':', "expected ':'");
	if (!rc)
		rc = parse_tagged(p, depth, tag);
	if (!rc)
		rc = expect(p, '}', "a tagged object has exactly one key");
	return rc;
}

static int parse_value(struct parser *p, int depth)
{
	skip_ws(p);
	if (p->cur == p->end)
		return perr(p, p->cur, "unexpected end of input");
	switch (*p->cur) {
	case '"':
		return parse_str_value(p);
	case '[':
		return parse_list(p, depth);
	case '{':
		return parse_object(p, depth);
	case '-':
		if (p->end - p->cur > 1 && p->cur[1] == 'I')
			return parse_word(p);
		return parse_number(p);
	default:
		if (is_digit(*p->cur))
			return parse_number(p);
		return parse_word(p);
	}
}

int vd_value_parse(const char *text, size_t len, unsigned flags,
		   struct vd_value **out, struct vd_error *err)
{
	struct vd_value local[STACK_LOCAL];
	struct parser p = {
		.flags = flags,
		.stack = local,
		.cap = STACK_LOCAL,
		.err = err,
	};
	size_t first = len < 64 ? 256 : len < (1u << 20) ? 2 * len : 4u << 20;
	struct chunk *c;
	int rc;

	*out = NULL;
	if (!text && len)
		return vd_error_set(err, VD_EINVAL, 0, "value: no text");
	if (len > UINT32_MAX)
		return vd_error_set(err, VD_E2BIG, 0, "value: text too long");
	p.start = p.cur = text ? text : "";
	p.end = p.start + len;
	c = new_chunk(first + sizeof(struct doc));
	if (!c)
		return nomem(&p);
	p.doc = (struct doc *)(void *)c->data;
	p.doc->chunks = c;
	c->used = sizeof(struct doc);
	p.next_cap = first < 4096 ? 4096 : first;

	rc = parse_value(&p, 0);
	if (!rc) {
		skip_ws(&p);
		if (p.cur != p.end)
			rc = perr(&p, p.cur, "unexpected data after the value");
	}
	if (!rc)
		p.doc->root = p.stack[0];
	if (p.stack_heap)
		vd_free_mem(p.stack);
	if (p.c_locale)
		freelocale(p.c_locale);
	if (rc) {
		free_chunks(p.doc->chunks);
		return rc;
	}
	*out = &p.doc->root;
	return 0;
}

void vd_value_free(struct vd_value *v)
{
	if (v)
		free_chunks(((struct doc *)(void *)v)->chunks);
}

/* ---- accessors ---- */

enum vd_value_kind vd_value_kind(const struct vd_value *v)
{
	return (enum vd_value_kind)v->kind;
}

const char *vd_value_type_name(const struct vd_value *v)
{
	static const char *const names[] = {
		[VD_VALUE_NONE] = "NoneType",
		[VD_VALUE_BOOL] = "bool",
		[VD_VALUE_INT] = "int",
		[VD_VALUE_FLOAT] = "float",
		[VD_VALUE_COMPLEX] = "complex",
		[VD_VALUE_STR] = "str",
		[VD_VALUE_BYTES] = "bytes",
		[VD_VALUE_BYTEARRAY] = "bytearray",
		[VD_VALUE_LIST] = "list",
		[VD_VALUE_TUPLE] = "tuple",
		[VD_VALUE_SET] = "set",
		[VD_VALUE_FROZENSET] = "frozenset",
		[VD_VALUE_DICT] = "dict",
		[VD_VALUE_NP_SCALAR] = "numpy scalar",
		[VD_VALUE_NDARRAY] = "numpy.ndarray",
		[VD_VALUE_OTHER] = "object",
		[VD_VALUE_DIGEST] = "digest",
	};
	if (v->kind == VD_VALUE_NP_SCALAR || v->kind == VD_VALUE_OTHER)
		return v->u.items[0].u.s;
	return v->kind <= VD_VALUE_DIGEST ? names[v->kind] : "?";
}

static bool is_seq_kind(uint8_t kind)
{
	return kind == VD_VALUE_LIST || kind == VD_VALUE_TUPLE ||
	       kind == VD_VALUE_SET || kind == VD_VALUE_FROZENSET;
}

size_t vd_value_len(const struct vd_value *v)
{
	switch (v->kind) {
	case VD_VALUE_STR:
	case VD_VALUE_BYTES:
	case VD_VALUE_BYTEARRAY:
	case VD_VALUE_DICT:
		return v->len;
	default:
		return is_seq_kind(v->kind) ? v->len : 0;
	}
}

const struct vd_value *vd_value_item(const struct vd_value *v, size_t i)
{
	return is_seq_kind(v->kind) && i < v->len ? &v->u.items[i] : NULL;
}

const struct vd_value *vd_value_dict_key(const struct vd_value *v, size_t i)
{
	return v->kind == VD_VALUE_DICT && i < v->len ? &v->u.items[2 * i]
						      : NULL;
}

const struct vd_value *vd_value_dict_value(const struct vd_value *v, size_t i)
{
	return v->kind == VD_VALUE_DICT && i < v->len ? &v->u.items[2 * i + 1]
						      : NULL;
}

const char *vd_value_data(const struct vd_value *v, size_t *len)
{
	bool text = v->kind == VD_VALUE_STR || v->kind == VD_VALUE_BYTES ||
		    v->kind == VD_VALUE_BYTEARRAY ||
		    (v->kind == VD_VALUE_INT && (v->flags & VD_VALUE_F_BIGINT));
	if (len)
		*len = text ? v->len : 0;
	return text ? v->u.s : NULL;
}

const char *vd_value_dtype(const struct vd_value *v)
{
	bool tagged = v->kind == VD_VALUE_NP_SCALAR ||
		      v->kind == VD_VALUE_NDARRAY || v->kind == VD_VALUE_OTHER;
	return tagged ? v->u.items[0].u.s : NULL;
}

const struct vd_value *vd_value_inner(const struct vd_value *v)
{
	bool tagged = v->kind == VD_VALUE_NP_SCALAR ||
		      v->kind == VD_VALUE_NDARRAY || v->kind == VD_VALUE_OTHER;
	return tagged ? &v->u.items[1] : NULL;
}

const struct vd_value *vd_value_unwrap(const struct vd_value *v)
{
	while (v->kind == VD_VALUE_NP_SCALAR)
		v = &v->u.items[1];
	return v;
}

static bool is_num_kind(uint8_t kind)
{
	return kind == VD_VALUE_BOOL || kind == VD_VALUE_INT ||
	       kind == VD_VALUE_FLOAT || kind == VD_VALUE_COMPLEX;
}

bool vd_value_is_number(const struct vd_value *v)
{
	return is_num_kind(vd_value_unwrap(v)->kind);
}

int vd_value_real(const struct vd_value *v, double *d)
{
	v = vd_value_unwrap(v);
	switch (v->kind) {
	case VD_VALUE_BOOL:
		*d = v->u.b;
		return 0;
	case VD_VALUE_FLOAT:
		*d = v->u.f;
		return 0;
	case VD_VALUE_INT:
		if (!(v->flags & VD_VALUE_F_BIGINT)) {
			*d = (double)v->u.i;
			return 0;
		}
		/* Digits only: no locale dependence; rounds like float(). */
		*d = strtod(v->u.s, NULL);
		return isinf(*d) ? VD_E2BIG : 0;
	default:
		return VD_EINVAL;
	}
}

bool vd_value_int64(const struct vd_value *v, int64_t *i)
{
	v = vd_value_unwrap(v);
	if (v->kind == VD_VALUE_BOOL)
		*i = v->u.b;
	else if (v->kind == VD_VALUE_INT && !(v->flags & VD_VALUE_F_BIGINT))
		*i = v->u.i;
	else
		return false;
	return true;
}

bool vd_value_reflexive(const struct vd_value *v)
{
	return !(v->flags & (VD_VALUE_F_NAN | VD_VALUE_F_OPAQUE));
}

/* ---- numbers compared exactly ---- */

#define TWO63 9223372036854775808.0

static bool is_big(const struct vd_value *v)
{
	return v->kind == VD_VALUE_INT && (v->flags & VD_VALUE_F_BIGINT);
}

/* The int64 value of a bool or small int. */
static int64_t small_int(const struct vd_value *v)
{
	return v->kind == VD_VALUE_BOOL ? (int64_t)v->u.b : v->u.i;
}

/* True if the big int v (digits) is exactly the double d: glibc prints a
 * double's exact integer value with %.0f. */
static bool big_is_double(const struct vd_value *v, double d)
{
	char buf[400];
	int n;

	if (!isfinite(d) || fabs(d) < TWO63 || v->len > 320)
		return false;
	n = snprintf(buf, sizeof(buf), "%.0f", d);
	return n == (int)v->len && !memcmp(buf, v->u.s, v->len);
}

/* A bool or int equal to the float d. */
static bool int_float_eq(const struct vd_value *v, double d)
{
	if (!isfinite(d) || d != trunc(d))
		return false;
	if (is_big(v))
		return big_is_double(v, d);
	return d >= -TWO63 && d < TWO63 && (int64_t)d == small_int(v);
}

/* Bool, int or float nodes. */
static bool real_eq(const struct vd_value *a, const struct vd_value *b)
{
	if (a->kind == VD_VALUE_FLOAT && b->kind == VD_VALUE_FLOAT)
		return a->u.f == b->u.f;
	if (a->kind == VD_VALUE_FLOAT)
		return int_float_eq(b, a->u.f);
	if (b->kind == VD_VALUE_FLOAT)
		return int_float_eq(a, b->u.f);
	if (is_big(a) || is_big(b))
		return is_big(a) && is_big(b) && a->len == b->len &&
		       !memcmp(a->u.s, b->u.s, a->len);
	return small_int(a) == small_int(b);
}

static bool num_eq(const struct vd_value *a, const struct vd_value *b)
{
	const struct vd_value *c, *r;

	if (a->kind == VD_VALUE_COMPLEX && b->kind == VD_VALUE_COMPLEX)
		return a->u.items[0].u.f == b->u.items[0].u.f &&
		       a->u.items[1].u.f == b->u.items[1].u.f;
	if (a->kind != VD_VALUE_COMPLEX && b->kind != VD_VALUE_COMPLEX)
		return real_eq(a, b);
	c = a->kind == VD_VALUE_COMPLEX ? a : b;
	r = c == a ? b : a;
	return c->u.items[1].u.f == 0 && real_eq(&c->u.items[0], r);
}

/* ---- canonical keys ---- */

/*
 * Key grammar (each key is self-delimiting, so concatenations are
 * unambiguous):
 *   n                    None
 *   i<decimal>;          a number equal to an integer in [-2^63, 2^63)
 *   f<16 hex digits>;    any other non-NaN real exactly a double (its bits)
 *   I<digits>;           an int no double equals
 *   c<real key><real key>  a complex with a non-zero imaginary part
 *   s<len>:<bytes>       str (UTF-8)
 *   b<len>:<bytes>       bytes
 *   t<n>:<keys>          tuple
 *   z<n>:<sorted keys>   frozenset, duplicates removed
 * NumPy scalars take their value's key. A bool is an int, complex(x, 0) is
 * x, and a float with an integral value is that integer, as in Python.
 */
#define KEYS_CAP (1u << 30)

struct key {
	size_t off, len, idx;
};

struct keys {
	struct vd_buf buf;
	struct key *k;
	size_t n;
};

static int key_of(const struct vd_value *v, struct vd_buf *b);

/* Appends tag, the decimal n (negated if neg) and end: "i-12;", "s3:". */
static int put_num(struct vd_buf *b, char tag, uint64_t n, bool neg, char end)
{
	char buf[24], *o = buf + sizeof(buf);

	*--o = end;
	do {
		*--o = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	if (neg)
		*--o = '-';
	*--o = tag;
	return vd_buf_append(b, o, (size_t)(buf + sizeof(buf) - o));
}

static int int_key(struct vd_buf *b, int64_t i)
{
	return put_num(b, 'i', i < 0 ? 0 - (uint64_t)i : (uint64_t)i, i < 0,
		       ';');
}

static int double_key(struct vd_buf *b, double d)
{
	char buf[18];
	uint64_t bits;

	if (d == trunc(d) && d >= -TWO63 && d < TWO63)
		return int_key(b, (int64_t)d);
	memcpy(&bits, &d, sizeof(bits));
	buf[0] = 'f';
	for (int i = 16; i > 0; i--, bits >>= 4)
		buf[i] = "0123456789abcdef"[bits & 15];
	buf[17] = ';';
	return vd_buf_append(b, buf, sizeof(buf));
}

static int real_key(struct vd_buf *b, const struct vd_value *v)
{
	double d;

	if (v->kind == VD_VALUE_FLOAT)
		return double_key(b, v->u.f);
	if (!is_big(v))
		return int_key(b, small_int(v));
	d = strtod(v->u.s, NULL);
	if (big_is_double(v, d))
		return double_key(b, d);
	return vd_buf_printf(b, "I%s;", v->u.s);
}

static int bytes_key(struct vd_buf *b, char tag, const struct vd_value *v)
{
	int rc = put_num(b, tag, v->len, false, ':');
	return rc ? rc : vd_buf_append(b, v->u.s, v->len);
}

static void keys_release(struct keys *ks)
{
	vd_buf_release(&ks->buf);
	vd_free_mem(ks->k);
}

static int key_cmp(const void *x, const void *y, void *ctx)
{
	const struct key *a = x, *b = y;
	const char *base = ctx;
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(base + a->off, base + b->off, n);

	if (c)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static bool same_key(const struct keys *ks, size_t i, size_t j)
{
	const struct key *a = &ks->k[i], *b = &ks->k[j];
	return a->len == b->len &&
	       !memcmp(ks->buf.data + a->off, ks->buf.data + b->off, a->len);
}

/*
 * Keys of items[0], items[stride], ... (n of them), sorted; of equal keys
 * only the last written is kept (a dict's last value wins, a set keeps
 * one). Returns 0, or an error; ks must be released either way.
 */
static int keys_build(struct keys *ks, const struct vd_value *items, size_t n,
		      size_t stride)
{
	size_t m = 0;
	int rc;

	vd_buf_init(&ks->buf, KEYS_CAP);
	ks->n = 0;
	ks->k = vd_malloc((n ? n : 1) * sizeof(*ks->k));
	if (!ks->k)
		return VD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		size_t off = ks->buf.len;
		rc = key_of(&items[i * stride], &ks->buf);
		if (rc)
			return rc < 0 ? rc : VD_EINVAL;
		ks->k[i] = (struct key){ off, ks->buf.len - off, i };
	}
	if (n > 1)
		qsort_r(ks->k, n, sizeof(*ks->k), key_cmp, ks->buf.data);
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && same_key(ks, i, i + 1))
			continue;
		ks->k[m++] = ks->k[i];
	}
	ks->n = m;
	return 0;
}

static int frozenset_key(struct vd_buf *b, const struct vd_value *v)
{
	struct keys ks;
	int rc = keys_build(&ks, v->u.items, v->len, 1);

	if (!rc)
		rc = put_num(b, 'z', ks.n, false, ':');
	for (size_t i = 0; !rc && i < ks.n; i++)
		rc = vd_buf_append(b, ks.buf.data + ks.k[i].off, ks.k[i].len);
	keys_release(&ks);
	return rc;
}

/* 0, 1 (equal to nothing), VD_EINVAL (unhashable), or a buffer error. */
static int key_of(const struct vd_value *v, struct vd_buf *b)
{
	const struct vd_value *c;
	int rc;

	if (v->flags & VD_VALUE_F_UNHASHABLE)
		return VD_EINVAL;
	if (v->flags & (VD_VALUE_F_NAN | VD_VALUE_F_OPAQUE))
		return 1;
	v = vd_value_unwrap(v);
	switch (v->kind) {
	case VD_VALUE_NONE:
		return vd_buf_putc(b, 'n');
	case VD_VALUE_BOOL:
	case VD_VALUE_INT:
	case VD_VALUE_FLOAT:
		return real_key(b, v);
	case VD_VALUE_COMPLEX:
		c = v->u.items;
		if (c[1].u.f == 0)
			return double_key(b, c[0].u.f);
		rc = vd_buf_putc(b, 'c');
		if (!rc)
			rc = double_key(b, c[0].u.f);
		return rc ? rc : double_key(b, c[1].u.f);
	case VD_VALUE_STR:
		return bytes_key(b, 's', v);
	case VD_VALUE_DIGEST:
		return bytes_key(b, 'D', v);
	case VD_VALUE_BYTES:
		return bytes_key(b, 'b', v);
	case VD_VALUE_TUPLE:
		rc = put_num(b, 't', v->len, false, ':');
		for (uint32_t i = 0; !rc && i < v->len; i++)
			rc = key_of(&v->u.items[i], b);
		return rc;
	case VD_VALUE_FROZENSET:
		return frozenset_key(b, v);
	default:
		return VD_EINVAL;
	}
}

int vd_value_key(const struct vd_value *v, struct vd_buf *out)
{
	return key_of(v, out);
}

/* ---- equality ---- */

static int eq(const struct vd_value *a, const struct vd_value *b);

static int set_eq(const struct vd_value *a, const struct vd_value *b)
{
	struct keys ka, kb = { .k = NULL };
	int rc = keys_build(&ka, a->u.items, a->len, 1);

	if (!rc)
		rc = keys_build(&kb, b->u.items, b->len, 1);
	if (!rc) {
		rc = ka.n == kb.n;
		for (size_t i = 0; rc && i < ka.n; i++)
			rc = ka.k[i].len == kb.k[i].len &&
			     !memcmp(ka.buf.data + ka.k[i].off,
				     kb.buf.data + kb.k[i].off, ka.k[i].len);
	}
	keys_release(&kb);
	keys_release(&ka);
	return rc == VD_EINVAL ? 0 : rc;
}

static int dict_eq(const struct vd_value *a, const struct vd_value *b)
{
	struct keys ka, kb = { .k = NULL };
	int rc = keys_build(&ka, a->u.items, a->len, 2);

	if (!rc)
		rc = keys_build(&kb, b->u.items, b->len, 2);
	if (!rc) {
		rc = ka.n == kb.n;
		for (size_t i = 0; rc == 1 && i < ka.n; i++) {
			const struct key *x = &ka.k[i], *y = &kb.k[i];
			rc = x->len == y->len &&
			     !memcmp(ka.buf.data + x->off, kb.buf.data + y->off,
				     x->len);
			if (rc)
				rc = eq(&a->u.items[2 * x->idx + 1],
					&b->u.items[2 * y->idx + 1]);
		}
	}
	keys_release(&kb);
	keys_release(&ka);
	return rc == VD_EINVAL ? 0 : rc;
}

static bool same_bytes(const struct vd_value *a, const struct vd_value *b)
{
	return a->len == b->len && !memcmp(a->u.s, b->u.s, a->len);
}

static bool is_bytes_kind(uint8_t kind)
{
	return kind == VD_VALUE_BYTES || kind == VD_VALUE_BYTEARRAY;
}

static bool is_set_kind(uint8_t kind)
{
	return kind == VD_VALUE_SET || kind == VD_VALUE_FROZENSET;
}

/* Neither side holds a NaN or an opaque value (vd_value_equal checked). */
static int eq(const struct vd_value *a, const struct vd_value *b)
{
	int rc;

	a = vd_value_unwrap(a);
	b = vd_value_unwrap(b);
	if (is_num_kind(a->kind) || is_num_kind(b->kind))
		return is_num_kind(a->kind) && is_num_kind(b->kind) &&
		       num_eq(a, b);
	switch (a->kind) {
	case VD_VALUE_NONE:
		return b->kind == VD_VALUE_NONE;
	case VD_VALUE_STR:
		return b->kind == VD_VALUE_STR && same_bytes(a, b);
	case VD_VALUE_DIGEST:
		return b->kind == VD_VALUE_DIGEST && same_bytes(a, b);
	case VD_VALUE_BYTES:
	case VD_VALUE_BYTEARRAY:
		return is_bytes_kind(b->kind) && same_bytes(a, b);
	case VD_VALUE_LIST:
	case VD_VALUE_TUPLE:
		if (b->kind != a->kind || b->len != a->len)
			return 0;
		for (uint32_t i = 0; i < a->len; i++) {
			rc = eq(&a->u.items[i], &b->u.items[i]);
			if (rc != 1)
				return rc;
		}
		return 1;
	case VD_VALUE_SET:
	case VD_VALUE_FROZENSET:
		return is_set_kind(b->kind) ? set_eq(a, b) : 0;
	case VD_VALUE_DICT:
		return b->kind == VD_VALUE_DICT ? dict_eq(a, b) : 0;
	default:
		return 0;
	}
}

int vd_value_equal(const struct vd_value *a, const struct vd_value *b)
{
	/* A NaN or an opaque value anywhere makes a value equal to nothing:
	 * the matching part of the other value would have to equal it. */
	if ((a->flags | b->flags) & (VD_VALUE_F_NAN | VD_VALUE_F_OPAQUE))
		return 0;
	return eq(a, b);
}

bool vd_value_eq(const struct vd_value *a, const struct vd_value *b)
{
	return vd_value_equal(a, b) == 1;
}

/* ---- repr ---- */

struct repr {
	struct vd_buf *b;
	locale_t loc; /* "C", for checking float digits; may be 0 */
	int rc;
};

static void put(struct repr *r, const char *s, size_t n)
{
	if (!r->rc)
		r->rc = vd_buf_append(r->b, s, n);
}

static void puts_(struct repr *r, const char *s)
{
	put(r, s, strlen(s));
}

/*
 * Python's repr(float) into out (>= 40 bytes): the shortest digits that
 * read back as x, in fixed notation when the decimal exponent is in
 * [-4, 16) and in exponent notation otherwise. dot0 adds ".0" to
 * integral values (float repr; complex parts go without).
 */
static void float_repr(double x, bool dot0, locale_t loc, char *out)
{
	char tmp[48], dig[24], canon[48], *o = out;
	int nd = 0, e10 = 0, decpt;

	if (isnan(x) || isinf(x)) {
		snprintf(out, 5, "%s",
			 isnan(x) ? "nan"
			 : x > 0  ? "inf"
				  : "-inf");
		return;
	}
	if (signbit(x))
		*o++ = '-';
	if (x == 0) {
		snprintf(o, 4, "%s", dot0 ? "0.0" : "0");
		return;
	}
	for (int prec = 0; prec < 17; prec++) {
		const char *q = tmp;
		snprintf(tmp, sizeof(tmp), "%.*e", prec, fabs(x));
		for (nd = 0; *q && *q != 'e'; q++)
			if (is_digit(*q))
				dig[nd++] = *q;
		dig[nd] = '\0';
		e10 = (int)strtol(q + 1, NULL, 10);
		snprintf(canon, sizeof(canon), "%c.%se%d", dig[0], dig + 1,
			 e10);
		if (!loc || strtod_l(canon, NULL, loc) == fabs(x))
			break;
	}
	while (nd > 1 && dig[nd - 1] == '0')
		nd--;
	decpt = e10 + 1;
	if (decpt > -4 && decpt <= 16) {
		if (decpt <= 0) {
			o += snprintf(o, 24, "0.%.*s", -decpt, "000");
			memcpy(o, dig, (size_t)nd);
			o += nd;
		} else if (decpt >= nd) {
			memcpy(o, dig, (size_t)nd);
			o += nd;
			for (int i = nd; i < decpt; i++)
				*o++ = '0';
			if (dot0)
				o += snprintf(o, 3, ".0");
		} else {
			memcpy(o, dig, (size_t)decpt);
			o += decpt;
			*o++ = '.';
			memcpy(o, dig + decpt, (size_t)(nd - decpt));
			o += nd - decpt;
		}
		*o = '\0';
		return;
	}
	*o++ = dig[0];
	if (nd > 1) {
		*o++ = '.';
		memcpy(o, dig + 1, (size_t)nd - 1);
		o += nd - 1;
	}
	snprintf(o, 16, "e%c%02d", e10 < 0 ? '-' : '+', abs(e10));
}

static void repr_float(struct repr *r, double x, bool dot0)
{
	char buf[48];
	float_repr(x, dot0, r->loc, buf);
	puts_(r, buf);
}

static void repr_complex(struct repr *r, const struct vd_value *v)
{
	double re = v->u.items[0].u.f, im = v->u.items[1].u.f;
	bool bare = re == 0 && !signbit(re);

	if (!bare) {
		put(r, "(", 1);
		repr_float(r, re, false);
		if (!signbit(im) || isnan(im))
			put(r, "+", 1);
	}
	repr_float(r, im, false);
	puts_(r, bare ? "j" : "j)");
}

/* Code points Python's str.isprintable() rejects, for the common scripts
 * (controls, format characters, separators, surrogates, private use);
 * unassigned ones are not known here. */
static bool unprintable(unsigned long cp)
{
	static const unsigned long ranges[][2] = {
		{ 0x0, 0x1f },	       { 0x7f, 0xa0 },	   { 0xad, 0xad },
		{ 0x600, 0x605 },      { 0x61c, 0x61c },   { 0x6dd, 0x6dd },
		{ 0x70f, 0x70f },      { 0x1680, 0x1680 }, { 0x180e, 0x180e },
		{ 0x2000, 0x200f },    { 0x2028, 0x202f }, { 0x205f, 0x206f },
		{ 0x3000, 0x3000 },    { 0xd800, 0xf8ff }, { 0xfeff, 0xfeff },
		{ 0xfff0, 0xfffb },    { 0xfffe, 0xffff }, { 0xe0000, 0xe0fff },
		{ 0xf0000, 0x10ffff },
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i][0] && cp <= ranges[i][1])
			return true;
	return false;
}

/* A str (UTF-8/WTF-8, one code point at a time) or bytes literal. */
static void repr_str(struct repr *r, const char *s, size_t n, bool bytes)
{
	bool dq = memchr(s, '\'', n) && !memchr(s, '"', n);
	char q = dq ? '"' : '\'', esc[12];

	put(r, &q, 1);
	for (size_t i = 0; i < n && !r->rc;) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp = c;
		size_t k = 1;

		if (c >= 0x80 && !bytes) {
			k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			k = k < n - i ? k : n - i;
			cp = c & (0x3f >> (k - 1));
			for (size_t j = 1; j < k; j++)
				cp = cp << 6 | ((unsigned char)s[i + j] & 0x3f);
		}
		if (c == '\\' || c == (unsigned char)q) {
			esc[0] = '\\';
			esc[1] = (char)c;
			put(r, esc, 2);
		} else if (c == '\n' || c == '\r' || c == '\t') {
			esc[0] = '\\';
			esc[1] = (char)(c == '\n'   ? 'n'
					: c == '\r' ? 'r'
						    : 't');
			put(r, esc, 2);
		} else if (unprintable(cp) || (bytes && c > 0x7e)) {
			snprintf(esc, sizeof(esc),
				 cp < 0x100	? "\\x%02lx"
				 : cp < 0x10000 ? "\\u%04lx"
						: "\\U%08lx",
				 cp);
			puts_(r, esc);
		} else {
			put(r, s + i, k);
		}
		i += k;
	}
	put(r, &q, 1);
}

static void repr_value(struct repr *r, const struct vd_value *v);

static void repr_items(struct repr *r, const struct vd_value *items, uint32_t n,
		       const char *open, const char *close)
{
	puts_(r, open);
	for (uint32_t i = 0; i < n && !r->rc; i++) {
		if (i)
			put(r, ", ", 2);
		repr_value(r, &items[i]);
	}
	puts_(r, close);
}

static void repr_dict(struct repr *r, const struct vd_value *v)
{
	put(r, "{", 1);
	for (uint32_t i = 0; i < v->len && !r->rc; i++) {
		if (i)
			put(r, ", ", 2);
		repr_value(r, &v->u.items[2 * (size_t)i]);
		put(r, ": ", 2);
		repr_value(r, &v->u.items[2 * (size_t)i + 1]);
	}
	put(r, "}", 1);
}

static void repr_value(struct repr *r, const struct vd_value *v)
{
	const struct vd_value *it = v->u.items;
	char num[32];

	switch (v->kind) {
	case VD_VALUE_NONE:
		puts_(r, "None");
		break;
	case VD_VALUE_BOOL:
		puts_(r, v->u.b ? "True" : "False");
		break;
	case VD_VALUE_INT:
		if (!is_big(v))
			snprintf(num, sizeof(num), "%lld", (long long)v->u.i);
		puts_(r, is_big(v) ? v->u.s : num);
		break;
	case VD_VALUE_FLOAT:
		repr_float(r, v->u.f, true);
		break;
	case VD_VALUE_COMPLEX:
		repr_complex(r, v);
		break;
	case VD_VALUE_STR:
		repr_str(r, v->u.s, v->len, false);
		break;
	case VD_VALUE_BYTES:
	case VD_VALUE_BYTEARRAY:
		puts_(r, v->kind == VD_VALUE_BYTES ? "b" : "bytearray(b");
		repr_str(r, v->u.s, v->len, true);
		puts_(r, v->kind == VD_VALUE_BYTES ? "" : ")");
		break;
	case VD_VALUE_LIST:
		repr_items(r, it, v->len, "[", "]");
		break;
	case VD_VALUE_TUPLE:
		repr_items(r, it, v->len, "(", v->len == 1 ? ",)" : ")");
		break;
	case VD_VALUE_SET:
	case VD_VALUE_FROZENSET:
		if (!v->len)
			puts_(r, v->kind == VD_VALUE_SET ? "set()"
							 : "frozenset()");
		else if (v->kind == VD_VALUE_SET)
			repr_items(r, it, v->len, "{", "}");
		else
			repr_items(r, it, v->len, "frozenset({", "})");
		break;
	case VD_VALUE_DICT:
		repr_dict(r, v);
		break;
	case VD_VALUE_NP_SCALAR:
		puts_(r, "np.");
		puts_(r, it[0].u.s);
		repr_items(r, it + 1, 1, "(", ")");
		break;
	case VD_VALUE_NDARRAY:
		repr_items(r, it + 1, 1, "array(", ", dtype=");
		puts_(r, it[0].u.s);
		puts_(r, ")");
		break;
	case VD_VALUE_OTHER:
		put(r, it[1].u.s, it[1].len);
		break;
	case VD_VALUE_DIGEST:
		puts_(r, "<value of ");
		puts_(r, strrchr(v->u.s, ':') + 1);
		puts_(r, " items or bytes, ");
		put(r, v->u.s, (size_t)(strrchr(v->u.s, ':') - v->u.s));
		puts_(r, ">");
		break;
	}
}

int vd_value_repr(const struct vd_value *v, struct vd_buf *out)
{
	struct repr r = { .b = out };

	r.loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	repr_value(&r, v);
	if (r.loc)
		freelocale(r.loc);
	return r.rc;
}
