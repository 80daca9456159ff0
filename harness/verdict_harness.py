"""verdict's Python harness: call a candidate function on each input, in the sandbox.

Usage (docs/harness.md):

    python3 -s verdict_harness.py CANDIDATE.py JOB.jsonl

The job file's first line is a JSON header (entry point, deserialization, sections,
per-input CPU limits); then one JSON array of positional arguments per line, section
after section. For each section the candidate is exec'd in a fresh globals dict,
then the entry point is called on each input under a CPU-time timer. One JSON line
per event goes to file descriptor 3 (the result channel); returned values are
written as tagged JSON (docs/typed-values.md). Expected outputs never come here:
the engine compares outside the sandbox.

Exit status: 0 when the protocol completed (whatever the candidate did), 2 after a
{"job_error": ...} line for a malformed job, 3 when the result channel broke, 1 on
an internal error of the harness (traceback on fd 2).

Python 3.9+ standard library only. NumPy is never imported here: NumPy values are
recognised through the numpy module the candidate itself imported.
"""

HARNESS_VERSION = "1"

import array
import binascii
import hashlib
import io
import itertools
import json
import json.encoder
import json.scanner
import math
import operator
import os
import signal
import sys
import time
import traceback

# ---------------------------------------------------------------------------
# Everything the harness uses after candidate code has run is bound here, at
# import time. The candidate shares this interpreter: it may rebind builtins
# (builtins.len = ...), module attributes (os.write = None, json.dumps = ...),
# sys.modules entries or sys.stdout. Names in this module's globals are found
# before builtins, so these private names keep pointing at the originals.
# Methods of built-in types ("".join, bytes.decode, dict.items) cannot be
# replaced, so they are used directly.
# ---------------------------------------------------------------------------

_type = type
_len = len
_id = id
_isinstance = isinstance
_issubclass = issubclass
_repr = repr
_getattr = getattr
_map = map
_all = all
_sum = sum
_min = min
_max = max
_hex = hex
_range = range
_hash = hash
_islice = itertools.islice
_enumerate = enumerate
_sha256 = hashlib.sha256
_memoryview = memoryview
_compile = compile
_exec = exec

_NoneType = type(None)
_bool = bool
_int = int
_float = float
_complex = complex
_str = str
_bytes = bytes
_bytearray = bytearray
_list = list
_hasattr = hasattr
_tuple = tuple
_dict = dict
_set = set
_frozenset = frozenset

_BaseException = BaseException
_ValueError = ValueError
_TypeError = TypeError
_KeyError = KeyError
_OSError = OSError
_RecursionError = RecursionError
_StopIteration = StopIteration

# Text forms of the base types; they also accept instances of subclasses and
# then ignore any __repr__ the subclass defines.
_int_repr = int.__repr__
_float_repr = float.__repr__
# Exact-type copies of subclass instances: int.__int__(IntEnum.X) is a plain int.
_int_exact = int.__int__
_float_exact = float.__float__
_complex_exact = complex.__pos__
_str_exact = str.__str__

_os_write = os.write
_os_exit = os._exit
_getpid = os.getpid
_process_time = time.process_time
_thread_time = time.thread_time
_monotonic = time.monotonic
_setitimer = signal.setitimer
_signal = signal.signal
_ITIMER_PROF = signal.ITIMER_PROF
_SIGPROF = signal.SIGPROF
_isfinite = math.isfinite
_array = array.array
_b64 = binascii.b2a_base64
_is = operator.is_
_repeat = itertools.repeat
_compress = itertools.compress
_LITTLE_ENDIAN = sys.byteorder == "little"
_format_exc = traceback.format_exc
# The C string escaper of the json module: ASCII output, \uXXXX escapes,
# lone surrogates kept as \udXXX.
_esc = json.encoder.encode_basestring_ascii
# The JSON scanner of a decoder of our own (the C one when available): json.loads
# and JSONDecoder.decode are Python code that looks up len and module globals
# at call time, which the candidate can rebind. Accepts NaN and +-Infinity.
_scan_json = json.scanner.make_scanner(json.JSONDecoder())

_sys = sys
_modules = sys.modules  # the interpreter's own dict, even if sys.modules is rebound
_REAL_STDIN = sys.stdin
_REAL_STDOUT = sys.stdout
_REAL_STDERR = sys.stderr
# Python >= 3.11 (and late 3.9/3.10 patch releases) refuse int <-> str
# conversions of more than 4300 digits by default (the candidate may lower that
# to 640); the harness lifts the limit for its own conversions only
# (_without_digit_limit).
_get_digits = getattr(sys, "get_int_max_str_digits", None)
_set_digits = getattr(sys, "set_int_max_str_digits", None)

# ---------------------------------------------------------------------------
# Constants of the protocol (docs/harness.md, docs/typed-values.md).
# ---------------------------------------------------------------------------

_RESULT_FD = 3
_HARNESS_PID = os.getpid()
_FLUSH_BYTES = 32 * 1024  # flush when this much is pending ...
_FLUSH_SECONDS = 0.020  # ... or when this long has passed since the last flush
_MAX_MSG = 300  # characters of an exception message
_MAX_REPR = 200  # characters of the repr in {"$other": ...}
# JSON nesting of an encoded value: arrays and objects, tags included. The
# engine reads each whole line with a JSON reader that allows 256 levels, and
# the line's own object is one of them.
_MAX_DEPTH = 255
# Ints of more bits than this are written in hex, as {"$int": "-0x1f..."}:
# CPython converts ints to decimal in quadratic time, to hex in linear time.
_DECIMAL_INT_BITS = 10000
_BIG_INT = 1 << _DECIMAL_INT_BITS  # the smallest int of more bits
_MAX_TEXT = 64 * 1024 * 1024  # characters (= bytes, it is ASCII) of an encoded value
# Every element of a container takes at least one character plus ", ", so a
# container with more elements than this cannot be encoded within _MAX_TEXT.
_MAX_ITEMS = _MAX_TEXT // 3
# The size of the text written so far is measured every this many new parts,
# so that a huge value fails early instead of filling memory first.
_PARTS_PER_MEASURE = 4096
# After the CPU limit, the timer fires again every this many CPU seconds, in
# case the candidate swallowed the first signal with a bare "except:".
_REFIRE_SECONDS = 0.1
_MIN_LIMIT = 1e-6  # setitimer(0) would disarm the timer instead of arming it


class _JobError(Exception):
    """The job file (or the invocation) is malformed: exit 2."""


class _EncodeError(Exception):
    """A value that cannot be written as tagged JSON (reported as VerdictEncodeError)."""


class _Timeout(BaseException):
    """Raised by the SIGPROF handler when an input exceeds its CPU limit.

    A BaseException, so that candidate code catching Exception does not swallow it.
    """


# ---------------------------------------------------------------------------
# Tagged-JSON encoder (docs/typed-values.md). The output is exactly what
# json.dumps(<tagged structure>, ensure_ascii=True, allow_nan=False) would
# write, default separators included, but written directly: floats by repr,
# NaN and infinities as {"$float": ...}, and every Python type JSON cannot say
# as a one-key object.
#
# `depth` counts the JSON arrays and objects already open around a value; a
# value must not open one beyond _MAX_DEPTH (tags count: a tuple is an object
# and an array). `seen` holds the ids of the containers being encoded, to
# report a self-containing structure rather than recurse into it.
# ---------------------------------------------------------------------------

_BOOL_TEXT = {True: "true", False: "false"}
_NUMBER = object()  # pseudo-type of a container holding ints and floats
_NUMBER_KINDS = {int, float}
# A list or tuple of at least this many numbers with a float among them goes
# as {"$numbers": ...} (_numbers_text): binary, where each number's repr
# would cost more than the call (HumanEval/130 returns 10^6 of them).
_NUMBERS_MIN = 1024
_EXACT_INT = 1 << 53  # ints up to this size are exact as doubles
# A str of more characters than this, alone or as an item of a container of
# mixed types, goes as its {"$digest": ...}.
_DIGEST_STR = 1 << 20

# Running size of the value being encoded: the first _measured parts of the
# list of text parts hold _measured_size characters (reset by _encode_once).
_measured = 0
_measured_size = 0
_CHUNK = 65536  # items (or characters) encoded per step of a huge value


class _TooBig(Exception):
    """The encoding passed _MAX_TEXT: the value is sent as a digest."""


def _measure(parts):
    """Add the parts written since the last measure to the running size, and
    give up on the tagged encoding once it is past _MAX_TEXT."""
    global _measured, _measured_size
    _measured_size += _sum(_map(_len, parts[_measured:]))
    _measured = _len(parts)
    if _measured_size > _MAX_TEXT:
        raise _TooBig()


def _repr_digest(value):
    """{"$digest": [<digest>, <length>]} of a value too big to send.

    First choice, "pyhash:<16 hex>": Python's own hash of the value with its
    containers made hashable and tagged by type (a list as ("list", tuple)),
    at C speed; equal values have equal hashes by Python's rules (1 == 1.0,
    sets in any order), and PYTHONHASHSEED is fixed in the sandbox, so the
    reference and the candidate hash alike. When an element is unhashable,
    "sha256:<64 hex>" of the repr, _CHUNK items at a time. Either way the
    reference went through this same function (docs/typed-values.md)."""
    t = _type(value)
    n = _len(value) if t in (_list, _tuple, _set, _frozenset, _dict, _str, _bytes) else 0
    try:
        if t is _list:
            h = _hash(("list", _tuple(value)))
        elif t is _tuple:
            h = _hash(("tuple", value))
        elif t is _set or t is _frozenset:
            h = _hash(("set", _frozenset(value)))
        elif t is _dict:
            h = _hash(("dict", _frozenset(value.items())))
        elif t is _str or t is _bytes:
            h = _hash((t.__name__, value))
        else:
            raise _TypeError()
        return '{"$digest": ["pyhash:%016x", %d]}' % (h & 0xFFFFFFFFFFFFFFFF, n)
    except _TypeError:
        pass
    h = _sha256()
    n = 0
    if t is _list or t is _tuple:
        head = ("list %d:" if t is _list else "tuple %d:") % _len(value)
        h.update(head.encode("ascii"))
        n += _len(head)
        for start in _range(0, _len(value), _CHUNK):
            data = _repr(value[start:start + _CHUNK]).encode("utf-8", "surrogatepass")
            h.update(data)
            n += _len(data)
    else:
        data = _repr(value).encode("utf-8", "surrogatepass")
        h.update(data)
        n = _len(data)
    return '{"$digest": ["sha256:%s", %d]}' % (h.hexdigest(), n)


def _nest(depth, levels):
    """Return depth + levels, or raise if that is deeper than allowed."""
    depth += levels
    if depth > _MAX_DEPTH:
        raise _EncodeError("nesting deeper than %d" % _MAX_DEPTH)
    return depth


def _int_text(n, depth):
    """An exact int: decimal up to 10,000 bits, else {"$int": hex(n)}."""
    if -_BIG_INT < n < _BIG_INT:
        try:
            return _int_repr(n)
        except _ValueError:  # the candidate lowered the int digit limit
            return _without_digit_limit(_int_repr, n)
    _nest(depth, 1)
    return '{"$int": "' + _hex(n) + '"}'


def _float_text(x, depth):
    """An exact float: repr if finite, else a $float object."""
    if _isfinite(x):
        return _float_repr(x)
    _nest(depth, 1)
    if x != x:
        return '{"$float": "nan"}'
    return '{"$float": "inf"}' if x > 0 else '{"$float": "-inf"}'


def _uniform_items(kind, items):
    """The array body of items that all have exact type `kind`, written in one
    C-level pass, or None when that type needs the general path."""
    if kind is _int:
        if _min(items) <= -_BIG_INT or _max(items) >= _BIG_INT:
            return None  # some need {"$int": ...}
        try:
            return ", ".join(_map(_int_repr, items))
        except _ValueError:  # the candidate lowered the int digit limit
            return None
    if kind is _str:
        return ", ".join(_map(_esc, items))
    if kind is _float:
        if _all(_map(_isfinite, items)):
            return ", ".join(_map(_float_repr, items))
        return None
    if kind is _NUMBER:  # repr of a small int or a finite float is its JSON
        if _min(items) <= -_BIG_INT or _max(items) >= _BIG_INT:
            return None
        if _all(_map(_isfinite, items)):
            return ", ".join(_map(_repr, items))
        return None
    if kind is _bool:
        return ", ".join(_map(_BOOL_TEXT.__getitem__, items))
    if kind is _NoneType:
        return ", ".join(["null"] * _len(items))
    return None


def _numbers_text(head, items, kind, depth):
    """{"$numbers": [container, doubles, ints]} for a list or tuple of finite
    floats, or of ints and finite floats whose ints are exact as doubles;
    None for anything else. doubles: base64 of the items as little-endian
    IEEE 754 doubles; ints: base64 of one byte per item, 1 where the item is
    an int ("" when none is). Equal values of equal types give equal text,
    as the reference's does (docs/typed-values.md)."""
    t = _type(items)
    if t is not _list and t is not _tuple:
        return None
    if head == "[":
        name = '"list"'
    elif head == '{"$tuple": [':  # a tuple, or the items of a tuple subclass
        name = '"tuple"'
    else:
        return None
    if kind is _NUMBER:
        ints = _bytes(_map(_is, _map(_type, items), _repeat(_int)))
        whole = _list(_compress(items, ints))  # the ints alone: exact bounds
        if _min(whole) < -_EXACT_INT or _max(whole) > _EXACT_INT:
            return None
    else:
        ints = b""
    data = _array("d", items)
    # A sum of finite doubles is finite unless it overflows: only then is
    # each item looked at.
    if not _isfinite(_sum(data)) and not _all(_map(_isfinite, data)):
        return None
    _nest(depth, 1)  # the tag's array, inside the container's own level
    if not _LITTLE_ENDIAN:
        data.byteswap()
    # One copy of the (possibly 10^7-character) text: joined, not added up.
    return "".join((
        '{"$numbers": [', name, ', "', _b64(data, newline=False).decode("ascii"),
        '", "', _b64(ints, newline=False).decode("ascii"), '"]}',
    ))


def _enc_uniform_chunks(head, kind, seq, tail, depth, parts, seen):
    """A huge container of one type, _CHUNK items at a time so that its text
    can go through the digest; chunks the fast path declines (a big int, a
    NaN) are encoded item by item."""
    parts.append(head)
    for start in _range(0, _len(seq), _CHUNK):
        chunk = seq[start:start + _CHUNK]
        if start:
            parts.append(", ")
        text = _uniform_items(kind, chunk)
        if text is not None:
            parts.append(text)
        else:
            for k, x in _enumerate(chunk):
                if k:
                    parts.append(", ")
                _enc(x, depth, parts, seen)
        _measure(parts)
    parts.append(tail)


def _enc_items(head, items, tail, depth, parts, seen):
    """Encode the elements of a list, tuple, set or frozenset between head and
    tail; `depth` is the nesting of the elements themselves."""
    n = _len(items)
    if n == 0:
        parts.append(head + tail)
        return
    # A container whose text will clearly pass _MAX_TEXT (its first _CHUNK
    # items' repr, scaled up) goes straight to the digest, at C speed,
    # instead of being half encoded item by item first.
    if n > _CHUNK:
        sample = items[:1024] if _type(items) in (_list, _tuple) else _list(_islice(items, 1024))
        if _len(_repr(sample)) * (n / 1024) > _MAX_TEXT:
            raise _TooBig()
    # Fast path: a container of only ints, only strs, ... (the common case),
    # in chunks so that a huge one can go through the digest.
    kinds = _set(_map(_type, items))
    if kinds == _NUMBER_KINDS:  # ints and floats mixed (e.g. HumanEval/130)
        kinds = {_NUMBER}
    if _len(kinds) == 1:
        kind = kinds.pop()
        if n >= _NUMBERS_MIN and (kind is _float or kind is _NUMBER):
            text = _numbers_text(head, items, kind, depth)
            if text is not None:
                parts.append(text)
                _measure(parts)
                return
        if n <= _CHUNK:
            text = _uniform_items(kind, items)
            if text is not None:
                parts.append(head + text + tail)
                if _len(text) > _MAX_TEXT // 64:
                    _measure(parts)
                return
        else:
            seq = items if _type(items) in (_list, _tuple) else _list(items)
            _enc_uniform_chunks(head, kind, seq, tail, depth, parts, seen)
            return
    key = _id(items)
    if key in seen:
        raise _EncodeError("recursive structure")
    seen.add(key)
    parts.append(head)
    first = True
    for x in items:
        if not first:
            parts.append(", ")
        first = False
        _enc(x, depth, parts, seen)
        if _len(parts) - _measured > _PARTS_PER_MEASURE:
            _measure(parts)
    parts.append(tail)
    seen.discard(key)


def _enc_dict(container, pairs, depth, parts, seen):
    """{"$dict": [[key, value], ...]} in iteration (insertion) order."""
    n = _len(pairs)
    if n == 0:
        _nest(depth, 2)
        parts.append('{"$dict": []}')
        return
    inner = _nest(depth, 3)  # object, array of pairs, pair
    key = _id(container)
    if key in seen:
        raise _EncodeError("recursive structure")
    seen.add(key)
    parts.append('{"$dict": [')
    first = True
    for k, v in pairs:
        parts.append("[" if first else ", [")
        first = False
        _enc(k, inner, parts, seen)
        parts.append(", ")
        _enc(v, inner, parts, seen)
        parts.append("]")
        if _len(parts) - _measured > _PARTS_PER_MEASURE:
            _measure(parts)
    parts.append("]}")
    seen.discard(key)


def _enc_complex(z, depth, parts):
    """{"$complex": [real, imag]}, both written as floats."""
    inner = _nest(depth, 2)
    parts.append(
        '{"$complex": ['
        + _float_text(z.real, inner)
        + ", "
        + _float_text(z.imag, inner)
        + "]}"
    )


def _enc_hex(tag, data, to_hex, depth, parts):
    """{"$bytes": "..."} or {"$bytearray": "..."}: lower-case hex; to_hex is
    bytes.hex or bytearray.hex (they also take subclass instances)."""
    _nest(depth, 1)
    if _len(data) <= _CHUNK * 16:
        parts.append('{"' + tag + '": "' + to_hex(data) + '"}')
        return
    parts.append('{"' + tag + '": "')
    for start in _range(0, _len(data), _CHUNK * 16):
        parts.append(to_hex(data[start:start + _CHUNK * 16]))
        _measure(parts)
    parts.append('"}')


def _enc_numpy(v, depth, parts, seen):
    """{"$np": [dtype, .item()]} or {"$ndarray": [dtype, .tolist()]}; False when
    v is not a NumPy scalar or array after all. NumPy is looked up among the
    modules already imported (by the candidate), never imported here."""
    np = _modules.get("numpy")
    if np is None:
        return False
    ndarray = _getattr(np, "ndarray", None)
    generic = _getattr(np, "generic", None)
    if ndarray is not None and _isinstance(v, ndarray):
        tag = "$ndarray"
        inner_value = v.tolist()
    elif generic is not None and _isinstance(v, generic):
        tag = "$np"
        inner_value = v.item()
        if _type(inner_value) is _type(v):
            return False  # e.g. longdouble: .item() has no Python equivalent
    else:
        return False
    dtype = v.dtype.name
    if _type(dtype) is not _str:
        dtype = _str(dtype)
    inner = _nest(depth, 2)
    parts.append('{"' + tag + '": [' + _esc(dtype) + ", ")
    _enc(inner_value, inner, parts, seen)
    parts.append("]}")
    return True


def _enc_subclass(v, t, depth, parts, seen):
    """Instances of subclasses of the built-in types are encoded as their base
    type (EvalPlus compares with ==, where an int subclass acts as an int).
    Returns False when t subclasses none of them."""
    if _issubclass(t, _int):  # bool cannot be subclassed
        parts.append(_int_text(_int_exact(v), depth))
    elif _issubclass(t, _float):
        parts.append(_float_text(_float_exact(v), depth))
    elif _issubclass(t, _str):
        _enc(_str_exact(v), depth, parts, seen)
    elif _issubclass(t, _list):
        _enc_items("[", _list.copy(v), "]", _nest(depth, 1), parts, seen)
    elif _issubclass(t, _tuple):
        items = _list(_tuple.__iter__(v))
        _enc_items('{"$tuple": [', items, "]}", _nest(depth, 2), parts, seen)
    elif _issubclass(t, _dict):
        _enc_dict(v, _list(_dict.items(v)), depth, parts, seen)
    elif _issubclass(t, _set):
        items = _list(_set.__iter__(v))
        _enc_items('{"$set": [', items, "]}", _nest(depth, 2), parts, seen)
    elif _issubclass(t, _frozenset):
        items = _list(_frozenset.__iter__(v))
        _enc_items('{"$frozenset": [', items, "]}", _nest(depth, 2), parts, seen)
    elif _issubclass(t, _complex):
        _enc_complex(_complex_exact(v), depth, parts)
    elif _issubclass(t, _bytes):
        _enc_hex("$bytes", v, _bytes.hex, depth, parts)
    elif _issubclass(t, _bytearray):
        _enc_hex("$bytearray", v, _bytearray.hex, depth, parts)
    else:
        return False
    return True


def _enc_other(v, t, depth, parts):
    """{"$other": ["module.qualname", "repr, at most 200 characters"]}."""
    _nest(depth, 2)
    name = _str(_getattr(t, "__module__", "?")) + "." + _str(_getattr(t, "__qualname__", "?"))
    text = _str_exact(_repr(v))[:_MAX_REPR]
    parts.append('{"$other": [' + _esc(name) + ", " + _esc(text) + "]}")


def _enc(v, depth, parts, seen):
    """Append the tagged-JSON text of v to parts. Exact types come first, most
    frequent first; bool is tested by exact type, so never taken for an int."""
    t = _type(v)
    if t is _int:
        parts.append(_int_text(v, depth))
    elif t is _str:
        if _len(v) <= _DIGEST_STR:
            parts.append(_esc(v))
        else:
            # Compared only for equality (no oracle looks into a str), so
            # its digest says as much as its text, and the reference's
            # takes the same path (HumanEval/15 returns 147 MB of text).
            parts.append(_repr_digest(v))
    elif t is _list:
        _enc_items("[", v, "]", _nest(depth, 1), parts, seen)
    elif t is _float:
        parts.append(_float_text(v, depth))
    elif t is _bool:
        parts.append("true" if v else "false")
    elif t is _NoneType:
        parts.append("null")
    elif t is _tuple:
        _enc_items('{"$tuple": [', v, "]}", _nest(depth, 2), parts, seen)
    elif t is _dict:
        _enc_dict(v, _dict.items(v), depth, parts, seen)
    elif t is _set:
        _enc_items('{"$set": [', v, "]}", _nest(depth, 2), parts, seen)
    elif t is _frozenset:
        _enc_items('{"$frozenset": [', v, "]}", _nest(depth, 2), parts, seen)
    elif t is _complex:
        _enc_complex(v, depth, parts)
    elif t is _bytes:
        _enc_hex("$bytes", v, _bytes.hex, depth, parts)
    elif t is _bytearray:
        _enc_hex("$bytearray", v, _bytearray.hex, depth, parts)
    else:
        module = _getattr(t, "__module__", None)
        if _type(module) is _str and (module == "numpy" or module.startswith("numpy.")):
            if _enc_numpy(v, depth, parts, seen):
                return
        if not _enc_subclass(v, t, depth, parts, seen):
            _enc_other(v, t, depth, parts)


def _encode_once(value):
    """The tagged-JSON text of value (may raise anything)."""
    t = _type(value)
    if t is _int:  # the most common result, without the list below
        return _int_text(value, 0)
    global _measured, _measured_size
    _measured = 0
    _measured_size = 0
    parts = []
    try:
        _enc(value, 0, parts, _set())
        _measure(parts)
    except _TooBig:
        del parts[:]
        return _repr_digest(value)
    return "".join(parts)


def _encode(value):
    """The tagged-JSON text of value, or _EncodeError with a short reason."""
    try:
        return _encode_once(value)
    except _EncodeError:
        raise
    except _RecursionError:
        raise _EncodeError("nesting too deep for the interpreter's stack") from None
    except _BaseException as exc:
        raise _EncodeError(_exc_name(_type(exc)) + " while encoding: " + _exc_msg(exc)) from None


def _digit_limit_active():
    """True when this interpreter limits int <-> str conversions to N digits."""
    return _get_digits is not None and _get_digits() != 0


def _without_digit_limit(func, arg):
    """func(arg) with the int digit limit lifted (restored afterwards, so the
    candidate keeps the interpreter's default behaviour)."""
    saved = _get_digits()
    _set_digits(0)
    try:
        return func(arg)
    finally:
        _set_digits(saved)


def _exc_name(cls):
    """Name of an exception class, as written in "exc"."""
    name = _getattr(cls, "__name__", "?")
    return name if _type(name) is _str else "?"


def _exc_msg(exc):
    """str(exc), at most _MAX_MSG characters; the candidate's __str__ may fail."""
    try:
        return _str_exact(_str(exc))[:_MAX_MSG]
    except _BaseException:
        return "<str() of the exception failed>"


# ---------------------------------------------------------------------------
# MBPP+ argument typing: EvalPlus stores tuples, sets and complex numbers as
# JSON lists and strings, and rebuilds them per task after loading
# (evalplus/data/mbpp.py, mbpp_deserialize_inputs; docs/formats.md §1.3).
# Each function takes the decoded argument list of one input and returns the
# arguments the candidate receives, with EvalPlus's quirks: some rows keep only
# the first one, two or three arguments, task 115 turns an empty list into an
# empty dict, and 124 and 580/615/791 return a tuple of arguments.
# ---------------------------------------------------------------------------


def _each_to_tuple(args):
    """Every argument -> tuple."""
    return [_tuple(a) for a in args]


def _inner_to_tuple(args):
    """Every argument is a list of lists: its elements -> tuples."""
    return [[_tuple(x) for x in a] for a in args]


def _inner_then_each_to_tuple(args):
    """As _inner_to_tuple, then every argument -> tuple (tuple of tuples)."""
    return _each_to_tuple(_inner_to_tuple(args))


def _first_inner_to_tuple(args):
    """Argument 0: its elements -> tuples; arguments 0 and 1 are kept."""
    return [[_tuple(x) for x in args[0]], args[1]]


def _first_to_tuple(args):
    """Argument 0 -> tuple; arguments 0 and 1 are kept."""
    return [_tuple(args[0]), args[1]]


def _second_to_tuple(args):
    """Argument 1 -> tuple; arguments 0 and 1 are kept."""
    return [args[0], _tuple(args[1])]


def _first_to_tuple_of_three(args):
    """Argument 0 -> tuple; arguments 0, 1 and 2 are kept."""
    return [_tuple(args[0]), args[1], args[2]]


def _task_278(args):
    """Argument 0: its list elements -> tuples, then itself -> tuple; only it is kept."""
    first = [_tuple(x) if _isinstance(x, _list) else x for x in args[0]]
    return [_tuple(first)]


def _task_722(args):
    """Argument 0 is an object: each value -> tuple; other arguments unchanged."""
    return [{k: _tuple(v) for k, v in args[0].items()}] + args[1:]


def _task_115(args):
    """Argument 0: each non-empty list -> set, anything else -> {} (an empty
    dict, EvalPlus's quirk); only argument 0 is kept."""
    return [[_set(x) if _isinstance(x, _list) and _len(x) else {} for x in args[0]]]


def _task_124(args):
    """(float(argument 0), complex(argument 1)), both stored as strings."""
    return (_float(args[0]), _complex(args[1]))


def _task_252(args):
    """(complex(argument 0),), stored as a string."""
    return [_complex(args[0])]


def _all_lists_to_tuples(value):
    """Every list at any depth -> tuple, the argument list itself included."""
    if _isinstance(value, _list):
        return _tuple([_all_lists_to_tuples(x) for x in value])
    return value


_MBPP_ROWS = (
    (
        (2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579,
         596, 616, 630, 726, 740, 744, 809),
        _each_to_tuple,
    ),
    (
        (63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780),
        _inner_to_tuple,
    ),
    ((259, 401, 445), _inner_then_each_to_tuple),
    ((75, 413, 444, 753), _first_inner_to_tuple),
    ((250, 405, 446, 617, 720, 763, 808), _first_to_tuple),
    ((106, 750), _second_to_tuple),
    ((307,), _first_to_tuple_of_three),
    ((278,), _task_278),
    ((722,), _task_722),
    ((115,), _task_115),
    ((124,), _task_124),
    ((252,), _task_252),
    ((580, 615, 791), _all_lists_to_tuples),
)

# MBPP+ task number -> conversion of its arguments.
MBPP_CONVERSIONS = {}
for _ids, _conversion in _MBPP_ROWS:
    for _task in _ids:
        MBPP_CONVERSIONS[_task] = _conversion


# ---------------------------------------------------------------------------
# The job file.
# ---------------------------------------------------------------------------


class _Job:
    """The parsed header plus the raw input lines (decoded one at a time)."""

    def __init__(self):
        self.entry_point = ""
        self.convert = None  # MBPP conversion of the arguments, or None
        self.output_not_none = False
        self.as_set = False
        self.fast = False
        self.repeat = 1  # calls per input (verdict perf); results i * repeat + r
        self.sections = []  # (name, limits, index of its first input line)
        self.lines = []  # raw input lines (bytes), all sections in order


def _header_field(header, key, valid, what):
    """header[key], which must satisfy valid(value)."""
    if key not in header:
        raise _JobError("header: missing %r" % key)
    value = header[key]
    if not valid(value):
        raise _JobError("header: %r must be %s" % (key, what))
    return value


def _is_count(x):
    return _type(x) is _int and x >= 0


def _is_limit(x):
    """A CPU limit in seconds: positive, at most 1e9 (so not NaN nor infinite)."""
    return (_type(x) is _int or _type(x) is _float) and 0 < x <= 1e9


def _parse_sections(raw):
    """[(name, n, limits)] from the header's "sections"."""
    if _type(raw) is not _list:
        raise _JobError("header: 'sections' must be a list")
    sections = []
    for k, section in enumerate(raw):
        if _type(section) is not _dict:
            raise _JobError("header: section %d is not an object" % k)
        name = _header_field(section, "name", lambda x: _type(x) is _str, "a string")
        n = _header_field(section, "n", _is_count, "a count")
        limits = _header_field(
            section,
            "limits",
            lambda x: _type(x) is _list and _all(_map(_is_limit, x)),
            "a list of positive finite numbers",
        )
        if _len(limits) != n:
            raise _JobError("header: section %r has n=%d but %d limits" % (name, n, _len(limits)))
        sections.append((name, n, [max(_float(x), _MIN_LIMIT) for x in limits]))
    return sections


def _untag(tag, x):
    """One tagged value of the encoding (docs/typed-values.md) -> Python."""
    if tag == "$tuple":
        return _tuple([_typed(e) for e in x])
    if tag == "$set":
        return _set([_typed(e) for e in x])
    if tag == "$frozenset":
        return _frozenset([_typed(e) for e in x])
    if tag == "$dict":
        return _dict([(_typed(k), _typed(v)) for k, v in x])
    if tag == "$bytes" and _type(x) is _str:
        return _bytes.fromhex(x)
    if tag == "$bytearray" and _type(x) is _str:
        return _bytearray.fromhex(x)
    if tag == "$complex":
        return _complex(_typed(x[0]), _typed(x[1]))
    if tag == "$float" and x in ("nan", "inf", "-inf"):
        return _float(x)
    if tag == "$int" and _type(x) is _str:
        return _int(x, 16)
    raise _ValueError("%s is not a tagged value an argument can hold" % tag)


def _typed(v):
    """An argument in the tagged encoding -> the Python value: an object with
    exactly one key starting with "$" is a tagged value, any other object a
    dict with string keys."""
    t = _type(v)
    if t is _list:
        return [_typed(e) for e in v]
    if t is not _dict:
        return v
    if _len(v) == 1:
        for key, x in v.items():
            if key[:1] == "$":
                return _untag(key, x)
    return {k: _typed(x) for k, x in v.items()}


def _typed_args(args):
    """deserialize "typed": every argument decoded from the tagged encoding."""
    return [_typed(a) for a in args]


def _mbpp_conversion(task_id):
    """The MBPP+ conversion for task_id ("Mbpp/2"), or None."""
    try:
        number = _int(task_id.rsplit("/", 1)[-1])
    except _ValueError:
        raise _JobError("header: task_id %r has no MBPP task number" % task_id) from None
    return MBPP_CONVERSIONS.get(number)


def _parse_job(data):
    """A _Job from the bytes of the job file."""
    global _counting
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the final newline
    if not lines:
        raise _JobError("empty job file")
    try:
        header = _decode_json(lines[0].decode("utf-8"))
    except (_ValueError, UnicodeDecodeError) as exc:
        raise _JobError("header: not JSON: %s" % exc) from None
    if _type(header) is not _dict:
        raise _JobError("header: not a JSON object")
    _header_field(header, "v", lambda x: _type(x) is _int and x == 1, "1")
    job = _Job()
    task_id = _header_field(header, "task_id", lambda x: _type(x) is _str, "a string")
    job.entry_point = _header_field(
        header, "entry_point", lambda x: _type(x) is _str and x != "", "a non-empty string"
    )
    mode = _header_field(
        header, "deserialize", lambda x: x in ("mbpp", "typed", "none"), '"mbpp", "typed" or "none"'
    )
    if mode == "mbpp":
        job.convert = _mbpp_conversion(task_id)
    elif mode == "typed":
        job.convert = _typed_args
    job.output_not_none = _header_field(
        header, "output_not_none", lambda x: _type(x) is _bool, "true or false"
    )
    job.fast = _header_field(header, "fast", lambda x: _type(x) is _bool, "true or false")
    if "as_set" in header:
        job.as_set = _header_field(header, "as_set", lambda x: _type(x) is _bool, "true or false")
    if "counting" in header:
        _counting = _header_field(header, "counting", lambda x: _type(x) is _bool, "true or false")
    if "repeat" in header:
        job.repeat = _header_field(
            header, "repeat", lambda x: _type(x) is _int and 1 <= x <= 1000, "an integer in 1..1000"
        )
    first = 0
    raw_sections = _header_field(header, "sections", lambda x: True, "")
    for name, n, limits in _parse_sections(raw_sections):
        job.sections.append((name, limits, first))
        first += n
    if first != _len(lines) - 1:
        raise _JobError("the header announces %d inputs, the file has %d" % (first, _len(lines) - 1))
    job.lines = lines[1:]
    return job


def _decode_json(text):
    """The one JSON value in text, surrounded by optional whitespace."""
    text = text.strip(" \t\n\r")
    try:
        value, end = _scan_json(text, 0)
    except _StopIteration as stop:
        raise _ValueError("invalid JSON at character %d" % stop.value) from None
    if end != _len(text):
        raise _ValueError("extra data after the JSON value at character %d" % end)
    return value


def _decode_args(raw, convert, index, section):
    """The positional arguments of input `index` of `section`, typed for the
    candidate."""
    try:
        text = raw.decode("utf-8")
        try:
            args = _decode_json(text)
        except _ValueError:
            if not _digit_limit_active():
                raise
            args = _without_digit_limit(_decode_json, text)
        if _type(args) is not _list:
            raise _JobError("input %d of section %r: not a JSON array" % (index, section))
        if convert is not None:
            args = convert(args)
        return args
    except _JobError:
        raise
    except _BaseException as exc:
        raise _JobError(
            "input %d of section %r: %s: %s" % (index, section, _exc_name(_type(exc)), _exc_msg(exc))
        ) from None


# ---------------------------------------------------------------------------
# The result channel (fd 3).
# ---------------------------------------------------------------------------


class _Channel:
    """Result lines to the engine, buffered: flushed when 32 KiB are pending,
    when a line is added 20 ms or more after the last flush, and on demand (end
    of a section), so the engine sees failures promptly without one write per
    input. A line of 32 KiB or more is written alone, at once."""

    def __init__(self, fd):
        self.fd = fd
        self.pending = []
        self.size = 0
        self.last = _monotonic()

    def add(self, line):
        if _len(line) >= _FLUSH_BYTES:
            # A long line goes out as it is, not joined with what is pending.
            self.flush()
            self._write(line.encode("ascii"))
            self.last = _monotonic()
            return
        self.pending.append(line)
        self.size += _len(line)
        if self.size >= _FLUSH_BYTES or _monotonic() - self.last >= _FLUSH_SECONDS:
            self.flush()

    def flush(self):
        if self.pending:
            data = "".join(self.pending).encode("ascii")
            self.pending = []
            self.size = 0
            self._write(data)
        self.last = _monotonic()

    def _write(self, data):
        view = _memoryview(data)
        while _len(view):  # a pipe may take less than all of it
            view = view[_os_write(self.fd, view):]


def _open_channel():
    """A private duplicate of fd 3; fd 3 itself is closed, so neither the
    candidate closing or writing to fd 3 nor its child processes (the duplicate
    is close-on-exec) touch the channel."""
    fd = os.dup(_RESULT_FD)
    os.close(_RESULT_FD)
    try:
        os.set_blocking(fd, True)
    except _OSError:
        pass
    return fd


# ---------------------------------------------------------------------------
# The candidate's standard streams (EvalPlus swallow_io).
# ---------------------------------------------------------------------------


class _DiscardingIO(io.StringIO):
    """sys.stdout, sys.stderr and sys.stdin of the candidate: text written is
    dropped (EvalPlus keeps it in a StringIO; dropping it keeps memory flat),
    reading raises OSError (IOError), as in EvalPlus's WriteOnlyStringIO."""

    def write(self, s):
        if self.closed:
            raise _ValueError("I/O operation on closed file.")
        if not _isinstance(s, _str):
            raise _TypeError("string argument expected, got '%s'" % _type(s).__name__)
        return _len(s)

    def read(self, *args, **kwargs):
        raise _OSError

    def readline(self, *args, **kwargs):
        raise _OSError

    def readlines(self, *args, **kwargs):
        raise _OSError

    def readable(self, *args, **kwargs):
        return False


_sink = None  # the current sink; replaced when the candidate closed it


def _swallow_io():
    """The sink as the candidate's stdin, stdout and stderr, installed again
    around the load and around each call, as EvalPlus's swallow_io does (so a
    candidate that put the real sys.stdout back still prints nowhere). EvalPlus
    makes a new stream each time; reusing one that discards everything looks
    the same to the candidate, unless it closed it."""
    global _sink
    if _sink is None or _sink.closed:
        _sink = _DiscardingIO()
    _sys.stdout = _sink
    _sys.stderr = _sink
    _sys.stdin = _sink


def _restore_io():
    _sys.stdin = _REAL_STDIN
    _sys.stdout = _REAL_STDOUT
    _sys.stderr = _REAL_STDERR


# ---------------------------------------------------------------------------
# Calling the candidate under the CPU timer.
# ---------------------------------------------------------------------------

_armed = False  # the timer handler raises only while a call is in progress
_fired = False  # the current call exceeded its CPU limit
_counting = False  # job field "counting": times are written as 0.0


def _on_timer(signum, frame):
    """SIGPROF handler: the input ran out of CPU time."""
    global _fired
    if _armed:
        _fired = True
        raise _Timeout()


def _cpu_now():
    """time.process_time(), precise even just after a CPU timer was armed.

    While a process-wide CPU timer is (or was, until the next scheduler tick)
    armed, Linux answers CLOCK_PROCESS_CPUTIME_ID from per-process counters
    that are brought up to date only at ticks and context switches, so a short
    call would read as 0.0. Reading this thread's clock first brings the
    counters up to date for the calling thread (the kernel accounts its
    pending run time), which makes the process clock exact for it again.
    """
    _thread_time()
    return _process_time()


def _call(fn, args, limit):
    """fn(*args) under a CPU limit of `limit` seconds.

    Returns (result, raised, cpu_seconds); result is the exception when raised.
    The caller checks _fired for a timeout: it wins even when the candidate
    caught _Timeout and went on to return a value.

    The CPU time is time.process_time() read before arming and after disarming
    the timer, through _cpu_now.
    """
    global _armed, _fired
    _fired = False
    result = None
    raised = False
    _swallow_io()
    t0 = _cpu_now()
    try:
        _armed = True
        _setitimer(_ITIMER_PROF, limit, _REFIRE_SECONDS)
        try:
            result = fn(*args)
        except _BaseException as exc:  # SystemExit, KeyboardInterrupt, _Timeout, ...
            result = exc
            raised = True
        _armed = False
    except _Timeout:
        # The timer fired in the few lines of the harness around the call.
        _armed = False
        raised = True
    _setitimer(_ITIMER_PROF, 0.0, 0.0)
    t1 = _cpu_now()
    return result, raised, t1 - t0


# Values that set(out) takes as they are; any other iterable a set-equality
# task returns (a generator, map, range, dict view...) is listed first.
_SET_READY = (list, tuple, set, frozenset, dict, str, bytes, bytearray)


def _listed(value, limit):
    """list(value) under the CPU timer, as EvalPlus's set(out) would iterate
    it; (value, raised)."""
    if _isinstance(value, _SET_READY) or not _hasattr(value, "__iter__"):
        return value, False
    return _call(_list, (value,), limit)[:2]


def _result_line(index, fn, args, limit, output_not_none, as_set=False):
    """Run one input; return (its line for fd 3, whether it returned a value)."""
    result, raised, seconds = _call(fn, args, limit)
    if as_set and not raised and not _fired:
        result, raised = _listed(result, limit)
    if _getpid() != _HARNESS_PID:
        # A child the candidate forked returned into the harness: it must not
        # write results of its own.
        _os_exit(0)
    # a counted run writes no times: their digits would move the count
    head = '{"i": ' + _int_repr(index) + ', "t": ' + _float_repr(0.0 if _counting else seconds)
    if _fired:
        return head + ', "timeout": true}\n', False
    if raised:
        return _exception_line(head, _exc_name(_type(result)), _exc_msg(result)), False
    if output_not_none:
        result = result is not None  # EvalPlus trusted_exec(output_not_none=True)
    try:
        text = _encode(result)
    except _EncodeError as exc:
        return _exception_line(head, "VerdictEncodeError", _exc_msg(exc)), False
    return "".join((head, ', "v": ', text, "}\n")), True  # one copy, however long


def _exception_line(head, name, msg):
    return head + ', "exc": ' + _esc(name) + ', "msg": ' + _esc(msg[:_MAX_MSG]) + "}\n"


# ---------------------------------------------------------------------------
# Sections and main.
# ---------------------------------------------------------------------------


def _load(source, entry_point, globals_):
    """Compile and exec the candidate in globals_; return its entry point."""
    code = _compile(source.decode("utf-8"), "candidate.py", "exec", 0, True)
    _exec(code, globals_)
    if entry_point not in globals_:
        # What EvalPlus's exec_globals[entry_point] raises: KeyError: 'name'.
        raise _KeyError(entry_point)
    return globals_[entry_point]


def _run_section(job, source, section, chan):
    """Load the candidate afresh and run the section's inputs."""
    name, limits, first = section
    name_json = _esc(name)
    globals_ = {}  # like EvalPlus's exec(code, {}): __name__ is not "__main__"
    _swallow_io()
    t0 = _cpu_now()
    try:
        fn = _load(source, job.entry_point, globals_)
    except _BaseException as exc:
        chan.add(
            '{"load_error": ' + name_json
            + ', "exc": ' + _esc(_exc_name(_type(exc)))
            + ', "msg": ' + _esc(_exc_msg(exc)) + "}\n"
        )
        fn = None
    else:
        seconds = _cpu_now() - t0
        chan.add('{"ready": ' + name_json + ', "t": ' + _float_repr(0.0 if _counting else seconds) + "}\n")
    chan.flush()
    if fn is not None:
        # The candidate may have installed its own SIGPROF handler while loading.
        _signal(_SIGPROF, _on_timer)
        ok = True
        for i in _range(_len(limits)):
            for r in _range(job.repeat):
                # Decoded afresh for every call: a call may change its
                # arguments (sort a list in place) for the next one.
                args = _decode_args(job.lines[first + i], job.convert, i, name)
                line, ok = _result_line(
                    i * job.repeat + r, fn, args, limits[i], job.output_not_none, job.as_set
                )
                chan.add(line)
                if job.fast and not ok:
                    break
            if job.fast and not ok:
                break
        fn = None
    globals_.clear()  # candidate objects die while its output is still swallowed
    _restore_io()
    chan.add('{"end": ' + name_json + "}\n")
    chan.flush()


def _read_file(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as exc:
        raise _JobError("cannot read %s: %s" % (path, exc)) from None


def main(argv):
    """Run the job; return the exit status."""
    try:
        fd = _open_channel()
    except OSError as exc:
        os.write(2, ("verdict_harness: fd 3 (result channel): %s\n" % exc).encode())
        return 2
    chan = _Channel(fd)
    try:
        try:
            if _len(argv) != 3:
                raise _JobError("usage: verdict_harness.py CANDIDATE.py JOB.jsonl")
            source = _read_file(argv[1])
            job = _parse_job(_read_file(argv[2]))
            _signal(_SIGPROF, _on_timer)
            for section in job.sections:
                _run_section(job, source, section, chan)
        except _JobError as exc:
            _restore_io()
            chan.add('{"job_error": ' + _esc(_exc_msg(exc)) + "}\n")
            chan.flush()
            return 2
        chan.flush()
        return 0
    except _OSError:
        return 3  # the result channel broke (the engine is gone)
    except _BaseException:
        _setitimer(_ITIMER_PROF, 0.0, 0.0)
        _restore_io()
        try:
            report = "verdict_harness: internal error\n" + _format_exc()
            _os_write(2, report.encode("utf-8", "replace"))
        except _BaseException:
            pass
        return 1


# ---------------------------------------------------------------------------
# The zygote (docs/harness.md, "The zygote"): started once per sandbox slot by
# the keeper, as root with only CAP_SETUID and CAP_SETGID, under no_new_privs
# and the seccomp filter. It imports what runs need, then forks one child per
# run; the child takes the run's descriptors, limits and the slot's uid, and
# runs this harness's main() or a whole Python program as __main__. Nothing
# of a run reaches the zygote: the child is a copy, and after it dropped to
# another uid it can neither signal, trace nor re-limit the zygote.
# ---------------------------------------------------------------------------

_CTL_FD = 3  # the control socket to the keeper (SOCK_SEQPACKET)
_PROGRAM_FD = 4  # this file, as the keeper passed it
_ZMSG_READY, _ZMSG_FORK, _ZMSG_STARTED, _ZMSG_EXITED = 1, 2, 3, 4
_ZMSG_FORK_FD3 = 1
_ZFORK = "=6I6Q"  # struct vd_zmsg_fork (src/lib/sandbox_proto.h)
_ZEXITED = "=IIiIQQQQ200s"  # struct vd_zmsg_exited
_HIGH_FD = 64  # received descriptors are moved up here before placing them

# Modules that generated programs commonly import (HumanEval's prompts import
# typing, MBPP's solutions collections, heapq, bisect, ...), loaded once here so
# that a run does not pay for them; a fresh interpreter would import them on
# demand. Heavier, rarer ones (statistics, dataclasses, decimal, random) are
# left out: every page of the zygote makes each fork dearer (about 0.1 ms per
# MiB here).
_PRELOAD = ("typing", "re", "collections", "heapq", "bisect", "functools", "string", "copy",
            "operator", "array")


def _exit_code(exc):
    """The status the interpreter exits with for SystemExit(exc.code)."""
    code = exc.code
    if code is None:
        return 0
    if _isinstance(code, int):
        return code & 0xFF
    try:
        _sys.stderr.write(_str(code) + "\n")
    except _BaseException:
        pass
    return 1


def _read_bytes(path):
    """A file's bytes, with as little Python machinery as possible (in a
    forked child every object touched costs a copied page)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        parts = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
    finally:
        os.close(fd)


def _run_script(path, args):
    """Runs a program as `python3 -s PATH ARGS...` would, in this process;
    returns the exit status."""
    import atexit
    import builtins
    import types

    _sys.argv = [path] + args
    _sys.path[0] = os.path.dirname(path)
    main_module = types.ModuleType("__main__")
    main_module.__file__ = path
    main_module.__builtins__ = builtins
    main_module.__cached__ = None
    _modules["__main__"] = main_module
    status = 0
    try:
        code = compile(_read_bytes(path), path, "exec")
        exec(code, main_module.__dict__)
    except SystemExit as exc:
        status = _exit_code(exc)
    except _BaseException as exc:
        # The interpreter's report, without this function's frame.
        tb = exc.__traceback__.tb_next if exc.__traceback__ else None
        try:
            traceback.print_exception(_type(exc), exc, tb)
        except _BaseException:
            pass
        status = 1
    # What the interpreter does on the way out.
    threading = _modules.get("threading")
    try:
        if threading is not None:
            threading._shutdown()
        atexit._run_exitfuncs()
    except SystemExit as exc:
        status = _exit_code(exc)
    except _BaseException:
        pass
    for stream in (_sys.stdout, _sys.stderr):
        try:
            stream.flush()
        except _BaseException:
            status = 120
    return status


def _zygote_child(header, argv, fds, report_fd):
    """In the forked child: become the run's process, run it, exit."""
    import fcntl
    import resource

    stage = "setsid"
    try:
        os.setsid()
        stage = "descriptors"
        n = _len(fds)
        if _min(fds) < n or report_fd < n:
            # A descriptor sits where another goes: move them all up first.
            fds = [fcntl.fcntl(fd, fcntl.F_DUPFD, _HIGH_FD) for fd in fds]
            report_fd = fcntl.fcntl(report_fd, fcntl.F_DUPFD, _HIGH_FD)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        os.closerange(n, report_fd)
        os.closerange(report_fd + 1, 1 << 20)
        stage = "chdir /tmp"
        os.chdir("/tmp")
        stage = "rlimits"
        fd = os.open("/proc/self/oom_score_adj", os.O_WRONLY | os.O_CLOEXEC)
        os.write(fd, b"1000")
        os.close(fd)
        limits = zip((resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_NOFILE,
                      resource.RLIMIT_NPROC, resource.RLIMIT_STACK, resource.RLIMIT_DATA),
                     header[6:12])
        for which, value in limits:
            if not value:
                continue
            soft, hard = value, value + 1 if which == resource.RLIMIT_CPU else value
            cur_hard = resource.getrlimit(which)[1]
            if cur_hard != resource.RLIM_INFINITY:
                hard = min(hard, cur_hard)
            resource.setrlimit(which, (min(soft, hard), hard))
        stage = "credentials"
        uid, gid = header[2], header[3]
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
        # setuid left the process non-dumpable, which would hide it and its
        # children from their own /proc; a program started by exec is
        # dumpable.
        _prctl(_PR_SET_DUMPABLE, 1, 0, 0, 0)
        stage = "state"
        global _HARNESS_PID
        _HARNESS_PID = os.getpid()
        random = _modules.get("random")
        if random is not None:
            random.seed()  # as a fresh interpreter would: from os.urandom
    except _BaseException as exc:
        try:
            os.write(report_fd, ("%s: %s" % (stage, exc)).encode("utf-8", "replace")[:190])
        finally:
            _os_exit(127)
    os.close(report_fd)
    try:
        if argv[0] == "harness":
            _sys.argv = ["/tmp/harness.py"] + argv[1:]
            _sys.path[0] = "/tmp"
            status = main(_sys.argv)
        elif argv[0] == "script" and _len(argv) >= 2:
            status = _run_script(argv[1], argv[2:])
        else:
            os.write(2, b"verdict zygote: unknown job\n")
            status = 2
    except _BaseException:
        status = 1
    _os_exit(status)


def _zygote_serve():
    """The zygote's loop; never returns."""
    import atexit  # noqa: F401 (loaded for the children)
    import builtins  # noqa: F401
    import ctypes
    import fcntl  # noqa: F401
    import gc
    import resource  # noqa: F401
    import socket
    import struct
    import types  # noqa: F401

    global _prctl
    _prctl = ctypes.CDLL(None, use_errno=True).prctl
    _prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0)  # the first foreign call is dear
    for name in _PRELOAD:
        try:
            __import__(name)
        except ImportError:
            pass
    # The first compile() of a process builds the AST types (about 1.5 ms):
    # do it once here rather than in every child.
    exec(compile(b"pass\n", "<zygote>", "exec"), {})
    ctl = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET, 0, _CTL_FD)
    os.close(_PROGRAM_FD)
    fork_size = struct.calcsize(_ZFORK)
    gc.collect()
    gc.freeze()  # the children share these objects' pages untouched
    ctl.send(struct.pack("=II", _ZMSG_READY, os.getpid()))
    ancillary = socket.CMSG_SPACE(4 * struct.calcsize("i"))
    while True:
        data, anc, _flags, _addr = ctl.recvmsg(fork_size + 65536, ancillary)
        if not data:
            _os_exit(0)  # the keeper closed the socket
        fds = []
        for level, kind, blob in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                n = _len(blob) // 4
                fds.extend(struct.unpack("%di" % n, blob[: 4 * n]))
        header = struct.unpack_from(_ZFORK, data)
        want = 4 if header[1] & _ZMSG_FORK_FD3 else 3
        if header[0] != _ZMSG_FORK or _len(fds) != want:
            _os_exit(3)  # protocol error: the keeper restarts us
        argv = [a.decode("utf-8", "surrogateescape")
                for a in data[fork_size:].split(b"\0")[: header[4]]]
        report_r, report_w = os.pipe()
        start = _monotonic_ns()
        pid = os.fork()
        if pid == 0:
            os.close(report_r)
            ctl.detach()
            _zygote_child(header, argv, fds, report_w)
        os.close(report_w)
        for fd in fds:
            os.close(fd)
        ctl.send(struct.pack("=Ii", _ZMSG_STARTED, pid))
        _pid, status, usage = os.wait4(pid, 0)
        wall = _monotonic_ns() - start
        report = os.read(report_r, 200)
        os.close(report_r)
        ctl.send(struct.pack(_ZEXITED, _ZMSG_EXITED, 1 if report else 0, status, 0, wall,
                             int(round(usage.ru_utime * 1e6)),
                             int(round(usage.ru_stime * 1e6)),
                             usage.ru_maxrss, report))


_monotonic_ns = time.monotonic_ns
_prctl = None
_PR_GET_DUMPABLE, _PR_SET_DUMPABLE = 3, 4


if __name__ == "__main__":
    if sys.argv[1:] == ["--zygote"]:
        try:
            _zygote_serve()
        except _BaseException:
            traceback.print_exc()
            _os_exit(1)
    # os._exit: no atexit handlers or non-daemon threads of the candidate can
    # hold the process after the protocol is complete.
    _os_exit(main(sys.argv))
