"""Tests of harness/verdict_harness.py (docs/harness.md, docs/typed-values.md).

Each test writes a candidate file and a job file, runs the harness as the engine
does (`python3 -s harness CANDIDATE JOB`, fd 3 a pipe to us, stdin empty) and
checks the lines it wrote to fd 3.

    /usr/bin/python3 -m pytest -q python/tests/test_harness.py

VERDICT_TEST_PYTHON selects the interpreter that runs the harness (default
/usr/bin/python3), e.g. to check it under Python 3.9 or 3.12;
VERDICT_TEST_HARNESS another copy of the harness (e.g. a deliberately broken one).
"""

import json
import os
import select
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(os.environ.get("VERDICT_TEST_HARNESS", ROOT / "harness" / "verdict_harness.py"))
PYTHON = os.environ.get("VERDICT_TEST_PYTHON", "/usr/bin/python3")

def _harness_python(code):
    """Whether the harness's interpreter runs code without error."""
    return subprocess.run([PYTHON, "-c", code], capture_output=True).returncode == 0


# The tests read back ints of more than 4300 digits.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)


# ---------------------------------------------------------------------------
# Running the harness.
# ---------------------------------------------------------------------------


def parse_int(text):
    """JSON ints as ints, except huge ones (Python reads those in quadratic
    time): those stay text, to be checked with Run.raw_value."""
    return int(text) if len(text) <= 100000 else text


class Run:
    """What one harness run produced."""

    def __init__(self, rc, raw, stdout, stderr, elapsed):
        self.rc = rc
        self.raw = raw  # the fd 3 lines, as text
        self.lines = [json.loads(line, parse_int=parse_int) for line in raw]
        self.stdout = stdout
        self.stderr = stderr
        self.elapsed = elapsed

    def results(self, section=None):
        """The per-input lines (those with "i"), of one section if named."""
        out = []
        current = None
        for line in self.lines:
            if "ready" in line or "load_error" in line:
                current = line.get("ready", line.get("load_error"))
            elif "i" in line and (section is None or current == section):
                out.append(line)
        return out

    def values(self, section=None):
        """The "v" of each per-input line (None where there is none)."""
        return [r.get("v") for r in self.results(section)]

    def raw_value(self, index):
        """The exact text of input `index`'s "v" (first section)."""
        for text in self.raw:
            if text.startswith('{"i": %d, ' % index):
                return text[text.index(', "v": ') + len(', "v": '):-1]
        raise KeyError(index)


def job_text(sections, entry="f", deserialize="none", task_id="HumanEval/0",
             fast=False, output_not_none=False, limit=4.0, as_set=None):
    """A job file: sections is [(name, [args, ...])]; args is a list, or a
    str taken as the raw input line."""
    header = {
        "v": 1, "task_id": task_id, "entry_point": entry, "deserialize": deserialize,
        "output_not_none": output_not_none, "fast": fast,
        "sections": [
            {"name": name, "n": len(inputs), "limits": [limit] * len(inputs)}
            for name, inputs in sections
        ],
    }
    if as_set is not None:
        header["as_set"] = as_set
    lines = [json.dumps(header)]
    for _, inputs in sections:
        for args in inputs:
            lines.append(args if isinstance(args, str) else json.dumps(args))
    return "\n".join(lines) + "\n"


def run_raw(tmp_path, source, job, timeout=60.0):
    """Run the harness on source (str or bytes) and job (str or bytes)."""
    cand = tmp_path / "candidate.py"
    jobf = tmp_path / "job.jsonl"
    cand.write_bytes(source if isinstance(source, bytes) else source.encode())
    jobf.write_bytes(job if isinstance(job, bytes) else job.encode())
    out_path = tmp_path / "stdout"
    err_path = tmp_path / "stderr"
    r, w = os.pipe()  # both ends close-on-exec; w is dup'ed to fd 3 below
    start = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [PYTHON, "-s", str(HARNESS), str(cand), str(jobf)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            close_fds=False, preexec_fn=lambda: os.dup2(w, 3),
        )
    os.close(w)
    chunks = []
    deadline = start + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                proc.kill()
                raise AssertionError("harness did not finish within %.0f s" % timeout)
            ready, _, _ = select.select([r], [], [], left)
            if ready:
                chunk = os.read(r, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        rc = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(r)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    elapsed = time.monotonic() - start
    text = b"".join(chunks).decode("ascii")  # the channel is ASCII only
    assert text == "" or text.endswith("\n")
    raw = text.split("\n")[:-1]
    return Run(rc, raw, out_path.read_bytes(), err_path.read_bytes(), elapsed)


def run(tmp_path, source, inputs, **kw):
    """One section "base" with the given inputs."""
    timeout = kw.pop("timeout", 60.0)
    return run_raw(tmp_path, textwrap.dedent(source), job_text([("base", inputs)], **kw), timeout)


def check_protocol(res, sections):
    """rc 0, and for each section: ready (or load_error), results numbered from
    0, end; nothing on fd 1 or 2."""
    assert res.rc == 0, (res.rc, res.stderr)
    assert res.stdout == b"" and res.stderr == b"", (res.stdout, res.stderr)
    lines = list(res.lines)
    for name in sections:
        head = lines.pop(0)
        if "ready" in head:
            assert head["ready"] == name and list(head) == ["ready", "t"]
            assert isinstance(head["t"], float) and head["t"] >= 0
        else:
            assert head["load_error"] == name and list(head) == ["load_error", "exc", "msg"]
        i = 0
        while "i" in lines[0]:
            line = lines.pop(0)
            assert list(line) in (["i", "t", "v"], ["i", "t", "exc", "msg"], ["i", "t", "timeout"])
            assert line["i"] == i and isinstance(line["t"], float)
            i += 1
        assert lines.pop(0) == {"end": name}
    assert lines == []


# ---------------------------------------------------------------------------
# Values (docs/typed-values.md).
# ---------------------------------------------------------------------------

PLAIN_VALUES = textwrap.dedent("""\
    VALUES = [
        None, True, False, 0, -5, 2**100, -(10**30), 1.0, 1e16, -0.0, 5e-324, 0.1,
        1.7976931348623157e308, "abc", "\\u00e9\\u0000\\n\\"\\\\\\U0001F600", "",
        [], [1, 2, 3], [[1], [2, [3]]], ["a", 1, None, True, 2.5], [True, False],
        [None, None], [1.5, -0.0], ["x", "\\u20ac"], [[], [[]]], [2**70, -1],
    ]
    def f(i):
        return VALUES[i]
""")


def test_plain_json_values_are_byte_identical_to_json_dumps(tmp_path):
    namespace = {}
    exec(PLAIN_VALUES, namespace)
    values = namespace["VALUES"]
    res = run(tmp_path, PLAIN_VALUES, [[i] for i in range(len(values))])
    check_protocol(res, ["base"])
    for i, value in enumerate(values):
        assert res.raw_value(i) == json.dumps(value, ensure_ascii=True, allow_nan=False)


TAGGED = textwrap.dedent("""\
    import collections, enum
    class I(int):
        def __repr__(self):
            return "bogus"
    class S(str):
        pass
    class L(list):
        pass
    class E(enum.IntEnum):
        A = 7
    class F(float):
        pass
    P = collections.namedtuple("P", "x y")
    nan = float("nan")
    inf = float("inf")
    VALUES = {
        "nan": nan, "inf": inf, "-inf": -inf,
        "nan_list": [1.0, nan, -inf],
        "surrogates": "a\\ud800b\\udfff",
        "pair": "\\ud83d\\ude00",
        "bytes": b"hello", "empty_bytes": b"", "bytearray": bytearray(b"\\x00\\xff"),
        "tuple": (1, (2, 3)), "empty_tuple": (),
        "set": {3}, "set_of_tuples": {(1, 2), (3, 4)}, "frozenset": frozenset([5]),
        "empty_set": set(),
        "dict": {"a": 1, (1, (2, 3)): [4], frozenset([1]): None},
        "empty_dict": {},
        "complex": 1 + 2j, "complex_nan": complex(nan, -inf),
        "big": 2**200, "negbig": -(3**300),
        "int_sub": I(5), "int_enum": E.A, "float_sub": F(2.5), "str_sub": S("s"),
        "list_sub": L([1, "x"]), "namedtuple": P(1, [2]),
        "ordered": collections.OrderedDict([("b", 1), ("a", 2)]),
        "defaultdict": collections.defaultdict(int, {1: 2}),
        "counter": collections.Counter("aab"),
        "bool_list": [True, 1],
        "list_of_tuples": [(1,), ("a", None)],
    }
    def f(key):
        return VALUES[key]
""")


def tagged(key):
    """The expected decoded JSON of TAGGED[key]."""
    nan = {"$float": "nan"}
    return {
        "nan": nan, "inf": {"$float": "inf"}, "-inf": {"$float": "-inf"},
        "nan_list": [1.0, nan, {"$float": "-inf"}],
        "surrogates": "a\ud800b\udfff",
        "pair": "\U0001F600",
        "bytes": {"$bytes": "68656c6c6f"}, "empty_bytes": {"$bytes": ""},
        "bytearray": {"$bytearray": "00ff"},
        "tuple": {"$tuple": [1, {"$tuple": [2, 3]}]}, "empty_tuple": {"$tuple": []},
        "set": {"$set": [3]}, "frozenset": {"$frozenset": [5]}, "empty_set": {"$set": []},
        "dict": {"$dict": [["a", 1], [{"$tuple": [1, {"$tuple": [2, 3]}]}, [4]],
                           [{"$frozenset": [1]}, None]]},
        "empty_dict": {"$dict": []},
        "complex": {"$complex": [1.0, 2.0]},
        "complex_nan": {"$complex": [nan, {"$float": "-inf"}]},
        "big": 2**200, "negbig": -(3**300),
        "int_sub": 5, "int_enum": 7, "float_sub": 2.5, "str_sub": "s",
        "list_sub": [1, "x"], "namedtuple": {"$tuple": [1, [2]]},
        "ordered": {"$dict": [["b", 1], ["a", 2]]},
        "defaultdict": {"$dict": [[1, 2]]},
        "counter": {"$dict": [["a", 2], ["b", 1]]},
        "bool_list": [True, 1],
        "list_of_tuples": [{"$tuple": [1]}, {"$tuple": ["a", None]}],
    }[key]


TAGGED_KEYS = [
    "nan", "inf", "-inf", "nan_list", "surrogates", "pair", "bytes", "empty_bytes",
    "bytearray", "tuple", "empty_tuple", "set", "frozenset", "empty_set", "dict",
    "empty_dict", "complex", "complex_nan", "big", "negbig", "int_sub", "int_enum",
    "float_sub", "str_sub", "list_sub", "namedtuple", "ordered", "defaultdict",
    "counter", "bool_list", "list_of_tuples",
]


def test_tagged_values(tmp_path):
    res = run(tmp_path, TAGGED, [[k] for k in TAGGED_KEYS + ["set_of_tuples"]])
    check_protocol(res, ["base"])
    values = res.values()
    for key, value in zip(TAGGED_KEYS, values):
        assert value == tagged(key), key
    # A set has no order: compare the elements.
    set_of_tuples = values[-1]
    assert list(set_of_tuples) == ["$set"]
    assert sorted(json.dumps(x) for x in set_of_tuples["$set"]) == [
        '{"$tuple": [1, 2]}', '{"$tuple": [3, 4]}']
    # Exact text of a few: bool is not taken for an int, -0.0 keeps its sign,
    # lone surrogates stay \\uXXXX escapes.
    assert res.raw_value(TAGGED_KEYS.index("bool_list")) == "[true, 1]"
    assert res.raw_value(TAGGED_KEYS.index("surrogates")) == '"a\\ud800b\\udfff"'
    assert res.raw_value(TAGGED_KEYS.index("complex")) == '{"$complex": [1.0, 2.0]}'


NUMBERS = textwrap.dedent("""\
    class L(list):
        pass
    class T(tuple):
        pass
    def f(key):
        if key == "floats":
            return [i / 4 for i in range(2000)]
        if key == "mixed":
            return [i if i % 3 else i + 0.5 for i in range(1500)] + [-2**53, 2**53]
        if key == "tuple":
            return tuple(float(i) for i in range(1024))
        if key == "short":
            return [0.5] * 1023
        if key == "nan":
            return [1.5] * 1500 + [float("nan")]
        if key == "inf":
            return [1.5] * 1500 + [float("inf")]
        if key == "big_int":
            return [1.5] * 1500 + [2**53 + 1]
        if key == "ints":
            return list(range(2000))
        if key == "set":
            return set(i / 2 for i in range(2000))
        if key == "subclass":
            return L([0.5] * 2000)
        if key == "tuple_subclass":
            return T([0.5] * 2000)
        if key == "bools":
            return [1.5] * 1500 + [True]
        if key == "str_limit":
            return "a" * 2**20
        if key == "long_str":
            return "b" * (2**20 + 1)
        if key == "long_str_inside":
            return ["c" * (2**20 + 1), 1]
""")
NUMBERS_KEYS = ["floats", "mixed", "tuple", "short", "nan", "inf", "big_int", "ints", "set",
                "subclass", "tuple_subclass", "bools", "str_limit", "long_str", "long_str_inside"]


def unpack_numbers(tagged):
    """The items of a {"$numbers": [container, doubles, ints]} value."""
    import array
    import base64
    container, data, ints = tagged["$numbers"]
    doubles = array.array("d", base64.b64decode(data))
    if sys.byteorder != "little":
        doubles.byteswap()
    flags = base64.b64decode(ints)
    assert not flags or len(flags) == len(doubles)
    items = [int(x) if flags and flags[k] else x for k, x in enumerate(doubles)]
    return container, items


def test_long_number_lists_go_in_binary(tmp_path):
    """A list or tuple of >= 1024 numbers with a float among them, all finite
    and every int exact as a double, is written as {"$numbers": ...}; the
    decoded items have the values and types returned. Anything else (short,
    a NaN or infinity, a bigger int, only ints, a set, a bool) keeps the
    plain encoding."""
    res = run(tmp_path, NUMBERS, [[k] for k in NUMBERS_KEYS])
    check_protocol(res, ["base"])
    got = dict(zip(NUMBERS_KEYS, res.values()))
    container, items = unpack_numbers(got["floats"])
    assert container == "list" and items == [i / 4 for i in range(2000)]
    assert all(type(x) is float for x in items)
    container, items = unpack_numbers(got["mixed"])
    want = [i if i % 3 else i + 0.5 for i in range(1500)] + [-2**53, 2**53]
    assert container == "list" and items == want
    assert [type(x) for x in items] == [type(x) for x in want]
    container, items = unpack_numbers(got["tuple"])
    assert container == "tuple" and items == [float(i) for i in range(1024)]
    raw = res.raw_value(NUMBERS_KEYS.index("tuple"))
    assert raw.startswith('{"$numbers": ["tuple", "') and raw.endswith('", ""]}')
    assert got["short"] == [0.5] * 1023
    assert got["nan"][-1] == {"$float": "nan"} and len(got["nan"]) == 1501
    assert got["inf"][-1] == {"$float": "inf"}
    assert got["big_int"][-1] == 2**53 + 1
    assert got["ints"] == list(range(2000))
    assert sorted(got["set"]["$set"]) == sorted(i / 2 for i in range(2000))
    # subclasses are encoded as their base type (_enc_subclass)
    assert unpack_numbers(got["subclass"]) == ("list", [0.5] * 2000)
    assert unpack_numbers(got["tuple_subclass"]) == ("tuple", [0.5] * 2000)
    assert got["bools"][-1] is True
    # A str of more than 2**20 characters goes as its digest, wherever it is.
    import re
    assert got["str_limit"] == "a" * 2**20
    digest, length = got["long_str"]["$digest"]
    assert re.fullmatch(r"pyhash:[0-9a-f]{16}", digest) and length == 2**20 + 1
    inside, one = got["long_str_inside"]
    assert one == 1 and inside["$digest"][1] == 2**20 + 1 and inside != got["long_str"]


OTHER = textwrap.dedent("""\
    import sys
    class Foo:
        def __repr__(self):
            return "Foo!" * 100
    class BadRepr:
        def __repr__(self):
            raise RuntimeError("no repr")
    def gen():
        yield 1
    def deep(levels, make, v=0):
        for _ in range(levels):
            v = make(v)
        return v
    def f(key):
        if key == "generator":
            return gen()
        if key == "foo":
            return Foo()
        if key == "bad_repr":
            return [1, BadRepr()]
        if key == "self_list":
            a = [1]
            a.append(a)
            return a
        if key == "self_dict":
            d = {}
            d["me"] = d
            return d
        if key == "list_255":
            return deep(255, lambda v: [v])
        if key == "list_256":
            return deep(256, lambda v: [v])
        if key == "tuple_127":
            return deep(127, lambda v: (v,))
        if key == "tuple_128":
            return deep(128, lambda v: (v,))
        if key == "nan_in_254":
            return deep(254, lambda v: [v], float("nan"))
        if key == "nan_in_255":
            return deep(255, lambda v: [v], float("nan"))
        if key == "deep_2000":
            return deep(2000, lambda v: [v])
        if key == "huge_str":
            return "x" * (64 * 1024 * 1024 + 1)
        if key == "huge_list":
            return ["y" * 400000] * 200
        if key == "huge_int":
            return 10**5000 + 1
        if key == "deep_big_int":
            return deep(254, lambda v: [v], 2**10000)
        if key == "deeper_big_int":
            return deep(255, lambda v: [v], 2**10000)
        if key == "digit_limit":
            return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else None
        if key == "type":
            return int
""")


def test_other_values_and_encode_errors(tmp_path):
    keys = ["generator", "foo", "bad_repr", "self_list", "self_dict", "list_255",
            "list_256", "tuple_127", "tuple_128", "nan_in_254", "nan_in_255", "deep_2000",
            "huge_str", "huge_list", "huge_int", "deep_big_int", "deeper_big_int",
            "digit_limit", "type"]
    res = run(tmp_path, OTHER, [[k] for k in keys])
    check_protocol(res, ["base"])
    r = dict(zip(keys, res.results()))

    name, text = r["generator"]["v"]["$other"]
    assert name == "builtins.generator" and text.startswith("<generator object gen at")
    name, text = r["foo"]["v"]["$other"]
    assert name.endswith(".Foo") and text == ("Foo!" * 50)  # repr cut to 200 characters
    assert r["type"]["v"] == {"$other": ["builtins.type", "<class 'int'>"]}

    def encode_error(key, words):
        line = r[key]
        assert line["exc"] == "VerdictEncodeError", (key, line)
        assert words in line["msg"], (key, line)

    encode_error("bad_repr", "no repr")
    encode_error("self_list", "recursive")
    encode_error("self_dict", "recursive")
    # At most 255 JSON levels in a value, tags included (a tuple is an object
    # and an array): with the line's own object, 256, what the engine reads.
    encode_error("list_256", "nesting deeper than 255")
    encode_error("tuple_128", "nesting deeper than 255")
    encode_error("nan_in_255", "nesting deeper than 255")
    encode_error("deeper_big_int", "nesting deeper than 255")
    encode_error("deep_2000", "nesting deeper than 255")
    # Past 64 MiB a value is sent as a digest: Python's hash of the value with
    # its containers tagged (it is hashable here) and the value's length.
    import re
    for key, n in (("huge_str", 64 * 1024 * 1024 + 1), ("huge_list", 200)):
        digest, length = r[key]["v"]["$digest"]
        assert re.fullmatch(r"pyhash:[0-9a-f]{16}", digest) and length == n, (key, digest)
    assert r["huge_str"]["v"] != r["huge_list"]["v"]

    def unwrap(v, levels):
        for _ in range(levels):
            v = v[0]
        return v

    assert unwrap(r["list_255"]["v"], 255) == 0
    assert unwrap(r["nan_in_254"]["v"], 254) == {"$float": "nan"}
    assert unwrap(r["deep_big_int"]["v"], 254) == {"$int": hex(2**10000)}
    v = r["tuple_127"]["v"]
    for _ in range(127):
        v = v["$tuple"][0]
    assert v == 0
    assert r["huge_int"]["v"] == {"$int": hex(10**5000 + 1)}
    # The harness lifts the int digit limit for its own conversion only.
    assert r["digit_limit"]["v"] in (None, 4300)


def test_big_int_inputs_round_trip(tmp_path):
    """Inputs are plain JSON: ints of any length (past Python's 4300-digit
    limit too), NaN and Infinity."""
    big = "-" + "9" * 5000
    res = run(tmp_path, "def f(x):\n    return x\n", ["[%s]" % big, "[NaN]", "[-Infinity]"])
    check_protocol(res, ["base"])
    assert res.values()[0] == {"$int": hex(int(big))}
    assert res.values()[1:] == [{"$float": "nan"}, {"$float": "-inf"}]


BIG_INTS = textwrap.dedent("""\
    import random, sys
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(640)  # the lowest limit Python allows
    def f(seed, bits):
        r = random.Random(seed)
        values = [r.getrandbits(bits) * r.choice((1, -1)) for _ in range(3)]
        return [values[0], values, (values[1],), 2**bits, -(10**(bits // 4))]
    def limit():
        try:
            str(10**700)
            return "no limit"
        except ValueError:
            return "limited"
""")


def int_value(n):
    """The decoded tagged JSON of int n."""
    return n if -(2**10000) < n < 2**10000 else {"$int": hex(n)}


def test_big_ints(tmp_path):
    """Decimal up to 10,000 bits, {"$int": hex} beyond, exact either way, even
    after the candidate lowered Python's int digit limit to 640."""
    import random
    cases = [(1, 100), (2, 2400), (3, 9999), (4, 10000), (5, 10001), (6, 14500),
             (7, 70001)]
    res = run(tmp_path, BIG_INTS, [list(c) for c in cases])
    check_protocol(res, ["base"])
    for i, (seed, bits) in enumerate(cases):
        r = random.Random(seed)
        values = [r.getrandbits(bits) * r.choice((1, -1)) for _ in range(3)]
        expected = [int_value(values[0]), [int_value(v) for v in values],
                    {"$tuple": [int_value(values[1])]}, int_value(2**bits),
                    int_value(-(10**(bits // 4)))]
        assert json.loads(res.raw_value(i)) == expected, (seed, bits)
    edges = [2**10000 - 1, 2**10000, -(2**10000) + 1, -(2**10000)]
    assert [int_value(n) for n in edges] == [2**10000 - 1, {"$int": hex(2**10000)},
                                             -(2**10000) + 1, {"$int": hex(-(2**10000))}]


def test_big_int_edges_and_digit_limit(tmp_path):
    source = BIG_INTS + textwrap.dedent("""\
        def g(k):
            if k == "limit":
                return limit()
            return [2**10000 - 1, 2**10000, -(2**10000) + 1, -(2**10000), 10**700][k]
    """)
    res = run(tmp_path, source, [[0], [1], [2], [3], [4], ["limit"]], entry="g")
    check_protocol(res, ["base"])
    assert res.values()[:5] == [2**10000 - 1, {"$int": hex(2**10000)}, -(2**10000) + 1,
                                {"$int": hex(-(2**10000))}, 10**700]
    # The harness lifted the limit for its own conversion only.
    has_limit = _harness_python("import sys; sys.get_int_max_str_digits")
    assert res.values()[5] == ("limited" if has_limit else "no limit")


def test_million_digit_int_is_fast(tmp_path):
    """HumanEval/83 returns 18 * 10**(n - 2) for n up to 1,000,002: CPython 3.11
    needs about 17 s to write such an int in decimal, its hex takes no time."""
    source = "def f(n):\n    return 18 * 10 ** (n - 2)\n"
    res = run(tmp_path, source, [[1000002]])
    check_protocol(res, ["base"])
    assert res.values() == [{"$int": hex(18 * 10**1000000)}]
    assert res.elapsed < 5.0


FAKE_NUMPY = textwrap.dedent("""\
    import sys, types
    numpy = types.ModuleType("numpy")
    class generic:
        def __init__(self, dtype, value):
            self.dtype = types.SimpleNamespace(name=dtype)
            self.value = value
        def item(self):
            return self.value
    class ndarray:
        def __init__(self, dtype, data):
            self.dtype = types.SimpleNamespace(name=dtype)
            self.data = data
        def tolist(self):
            return self.data
    class int64(generic):
        pass
    class float64(generic):
        pass
    for cls in (generic, ndarray, int64, float64):
        cls.__module__ = "numpy"
    numpy.generic, numpy.ndarray = generic, ndarray
    sys.modules["numpy"] = numpy
    def f(i):
        return [int64("int64", 3), float64("float64", float("nan")),
                ndarray("float64", [[1.0, 2.0], [3.0, float("inf")]]),
                int64("bool", True)][i]
""")


def test_numpy_values_without_numpy(tmp_path):
    """The NumPy path, with stand-in classes whose module is "numpy"."""
    res = run(tmp_path, FAKE_NUMPY, [[0], [1], [2], [3]])
    check_protocol(res, ["base"])
    assert res.values() == [
        {"$np": ["int64", 3]},
        {"$np": ["float64", {"$float": "nan"}]},
        {"$ndarray": ["float64", [[1.0, 2.0], [3.0, {"$float": "inf"}]]]},
        {"$np": ["bool", True]},
    ]


@pytest.mark.skipif(not _harness_python("import numpy"), reason="no NumPy for the harness")
def test_numpy_values(tmp_path):
    source = """\
        import numpy as np
        def f(i):
            return [np.int64(3), np.float64(0.5), np.bool_(True),
                    np.array([[1, 2], [3, 4]], dtype=np.int32), np.float32(float("nan"))][i]
    """
    res = run(tmp_path, source, [[i] for i in range(5)])
    check_protocol(res, ["base"])
    assert res.values() == [
        {"$np": ["int64", 3]}, {"$np": ["float64", 0.5]}, {"$np": ["bool", True]},
        {"$ndarray": ["int32", [[1, 2], [3, 4]]]}, {"$np": ["float32", {"$float": "nan"}]},
    ]


# ---------------------------------------------------------------------------
# Exceptions, timeouts, fast mode.
# ---------------------------------------------------------------------------

RAISER = textwrap.dedent("""\
    import sys
    class BadStr(Exception):
        def __str__(self):
            raise ValueError("nope")
    def f(kind):
        if kind == "zero":
            return 1 // 0
        if kind == "long":
            raise ValueError("x" * 1000)
        if kind == "bad_str":
            raise BadStr()
        if kind == "interrupt":
            raise KeyboardInterrupt
        if kind == "exit":
            sys.exit(3)
        if kind == "exit_none":
            exit()
        if kind == "recursion":
            return f(kind)
        if kind == "key":
            return {}["missing"]
        return kind
""")


def test_exceptions(tmp_path):
    kinds = ["zero", "long", "bad_str", "interrupt", "exit", "exit_none", "recursion",
             "key", "ok"]
    res = run(tmp_path, RAISER, [[k] for k in kinds])
    check_protocol(res, ["base"])
    r = dict(zip(kinds, res.results()))
    assert (r["zero"]["exc"], r["zero"]["msg"]) == ("ZeroDivisionError", "integer division or modulo by zero")
    assert r["long"]["exc"] == "ValueError" and r["long"]["msg"] == "x" * 300
    assert r["bad_str"]["exc"] == "BadStr" and "failed" in r["bad_str"]["msg"]
    assert r["interrupt"]["exc"] == "KeyboardInterrupt"
    # sys.exit() and exit() in candidate code are exceptions like any other;
    # the inputs after them still run.
    assert (r["exit"]["exc"], r["exit"]["msg"]) == ("SystemExit", "3")
    assert r["exit_none"]["exc"] == "SystemExit"
    assert r["recursion"]["exc"] == "RecursionError"
    assert (r["key"]["exc"], r["key"]["msg"]) == ("KeyError", "'missing'")
    assert r["ok"]["v"] == "ok"
    for line in res.results():
        assert isinstance(line["t"], float) and line["t"] >= 0


def test_fast_mode_stops_at_first_exception(tmp_path):
    source = "def f(x):\n    return 10 // x\n"
    inputs = [[1], [0], [2], [0]]
    fast = run(tmp_path, source, inputs, fast=True)
    check_protocol(fast, ["base"])
    assert [("v" in r, r.get("exc")) for r in fast.results()] == [
        (True, None), (False, "ZeroDivisionError")]
    slow = run(tmp_path, source, inputs, fast=False)
    check_protocol(slow, ["base"])
    assert [r.get("v", r.get("exc")) for r in slow.results()] == [
        10, "ZeroDivisionError", 5, "ZeroDivisionError"]


BUSY = textwrap.dedent("""\
    caught = []
    def f(kind):
        if kind == "busy":
            while True:
                pass
        if kind == "swallow":
            # A bare except catches the harness's timeout too; the input still
            # counts as timed out. (x = 0 first: CPython 3.11 and 3.12 let an
            # exception raised by a signal handler in a loop that starts a try
            # body escape that try.)
            try:
                x = 0
                while True:
                    x += 1
            except BaseException as exc:
                caught.append(type(exc).__name__)
                return 42
        if kind == "caught":
            return caught
        if kind == "burn":
            x = 0
            for i in range(3000000):
                x += i
            return x
        return kind
""")


def test_timeout_is_reported_promptly_and_later_inputs_run(tmp_path):
    res = run(tmp_path, BUSY, [["busy"], ["swallow"], ["caught"], ["after"]], limit=0.2)
    check_protocol(res, ["base"])
    busy, swallow, caught, after = res.results()
    assert caught["v"] == ["_Timeout"]
    # ITIMER_PROF counts CPU time sampled at scheduler ticks, while "t" is
    # time.process_time(): unloaded they agree within a few ticks, but under
    # CPU contention the timer has been seen firing at 0.146 s of a 0.2 s limit.
    assert busy["timeout"] is True and "v" not in busy
    assert 0.05 <= busy["t"] < 1.5
    assert swallow["timeout"] is True and 0.05 <= swallow["t"] < 1.5
    assert after["v"] == "after"
    assert res.elapsed < 3.0


def test_timeout_ends_section_in_fast_mode(tmp_path):
    res = run(tmp_path, BUSY, [["busy"], ["after"]], limit=0.2, fast=True)
    check_protocol(res, ["base"])
    assert [r.get("timeout") for r in res.results()] == [True]
    assert res.elapsed < 2.0


def test_cpu_time_is_measured(tmp_path):
    """A call that burns some CPU reports about that much, not 0.0."""
    res = run(tmp_path, BUSY, [["burn"], ["x"]])
    check_protocol(res, ["base"])
    burn, trivial = res.results()
    assert burn["v"] == sum(range(3000000))
    assert 0.01 < burn["t"] < 5.0
    assert 0.0 < trivial["t"] < 0.01


# ---------------------------------------------------------------------------
# Loading.
# ---------------------------------------------------------------------------


def load_errors(tmp_path, source, **kw):
    job = job_text([("base", [[1]]), ("plus", [[2]])], **kw)
    res = run_raw(tmp_path, source, job)
    check_protocol(res, ["base", "plus"])
    assert res.results() == []
    return [line for line in res.lines if "load_error" in line]


def test_syntax_error_is_a_load_error_per_section(tmp_path):
    errors = load_errors(tmp_path, "def f(x)\n    return x\n")
    assert [e["load_error"] for e in errors] == ["base", "plus"]
    assert all(e["exc"] == "SyntaxError" for e in errors)
    assert "candidate.py" in errors[0]["msg"]


def test_missing_entry_point(tmp_path):
    errors = load_errors(tmp_path, "def g(x):\n    return x\n")
    assert [(e["exc"], e["msg"]) for e in errors] == [("KeyError", "'f'")] * 2


def test_module_level_exit_and_exceptions_are_load_errors(tmp_path):
    errors = load_errors(tmp_path, "import sys\nsys.exit(0)\ndef f(x):\n    return x\n")
    assert [e["exc"] for e in errors] == ["SystemExit"] * 2
    errors = load_errors(tmp_path, "raise KeyboardInterrupt\n")
    assert [e["exc"] for e in errors] == ["KeyboardInterrupt"] * 2
    errors = load_errors(tmp_path, b"s = '\xff'\ndef f(x):\n    return x\n")
    assert [e["exc"] for e in errors] == ["UnicodeDecodeError"] * 2


def test_name_is_not_main(tmp_path):
    source = """\
        if __name__ == "__main__":
            raise SystemExit("ran as a script")
        def f():
            return __name__
    """
    res = run(tmp_path, source, [[]])
    check_protocol(res, ["base"])
    assert res.values() == ["builtins"]


def test_fresh_globals_per_section(tmp_path):
    source = textwrap.dedent("""\
        count = 0
        def f():
            global count
            count += 1
            return count
    """)
    job = job_text([("base", [[], [], []]), ("plus", [[], []])])
    res = run_raw(tmp_path, source, job)
    check_protocol(res, ["base", "plus"])
    assert res.values("base") == [1, 2, 3]
    assert res.values("plus") == [1, 2]


# ---------------------------------------------------------------------------
# Standard streams and a hostile candidate.
# ---------------------------------------------------------------------------


def test_streams_are_swallowed_again_at_each_call(tmp_path):
    """As EvalPlus's swallow_io around each call: a candidate that puts the real
    stdout back in one call still prints nowhere in the next."""
    source = """\
        import sys
        def f(kind):
            if kind == "restore":
                sys.stdout = sys.__stdout__
                sys.stderr = sys.__stderr__
                return kind
            print("leak", kind)
            print("leak", kind, file=sys.stderr)
            return kind
    """
    res = run(tmp_path, source, [["restore"], ["print"]])
    check_protocol(res, ["base"])  # asserts nothing reached fd 1 or fd 2
    assert res.values() == ["restore", "print"]


def test_output_is_swallowed_and_stdin_raises(tmp_path):
    source = """\
        import sys
        print("loading")
        sys.stderr.write("loading err\\n")
        def f(kind):
            print("calling", kind)
            print("to stderr", file=sys.stderr)
            sys.stdout.flush()
            try:
                if kind == "input":
                    input("prompt> ")
                elif kind == "read":
                    sys.stdin.read()
                elif kind == "readline":
                    sys.stdin.readline()
                elif kind == "iterate":
                    for line in sys.stdin:
                        pass
                return "no error"
            except BaseException as exc:
                return type(exc).__name__
    """
    res = run(tmp_path, source, [["input"], ["read"], ["readline"], ["iterate"]])
    check_protocol(res, ["base"])  # asserts nothing reached fd 1 or fd 2
    assert res.values() == ["OSError"] * 4


SABOTAGE = textwrap.dedent("""\
    import builtins, json, os, signal, sys, time
    sys.stdout.close()
    try:
        os.close(3)
    except OSError:
        pass
    signal.signal(signal.SIGPROF, signal.SIG_IGN)
    json.dumps = json.loads = None
    json.decoder.JSONDecoder.decode = None
    os.write = None
    time.process_time = lambda: 0.0
    signal.setitimer = None
    sys.modules["json"] = None
    def f(kind):
        sys.stdout = None
        builtins.len = builtins.repr = builtins.isinstance = builtins.type = None
        builtins.str = builtins.int = builtins.list = builtins.BaseException = None
        builtins.memoryview = builtins.getattr = builtins.id = builtins.map = None
        if kind == "busy":
            while True:
                pass
        if kind == "exit":
            raise SystemExit(1)
        return [kind, (1, 2.5), {"k": {7}}, ["x", "y"], [1.5, 2.5]]
""")


def test_sabotaging_candidate_still_gets_results_out(tmp_path):
    res = run(tmp_path, SABOTAGE, [["a"], ["busy"], ["exit"], ["b"]], limit=0.2)
    check_protocol(res, ["base"])
    a, busy, exited, b = res.results()
    assert a["v"] == ["a", {"$tuple": [1, 2.5]}, {"$dict": [["k", {"$set": [7]}]]},
                      ["x", "y"], [1.5, 2.5]]
    assert a["t"] > 0.0  # the real clock, not the candidate's
    assert busy["timeout"] is True  # our SIGPROF handler is back after loading
    assert exited["exc"] == "SystemExit"
    assert b["v"][0] == "b"


def test_forked_child_writes_no_results(tmp_path):
    source = """\
        import os
        def f(x):
            pid = os.fork()
            if pid == 0:
                return "child"
            os.waitpid(pid, 0)
            return "parent"
    """
    res = run(tmp_path, source, [[1], [2]])
    check_protocol(res, ["base"])
    assert res.values() == ["parent", "parent"]


def test_output_not_none(tmp_path):
    source = "def f(x):\n    return x\n"
    res = run(tmp_path, source, [[None], [0], ["x"], [False]], output_not_none=True)
    check_protocol(res, ["base"])
    assert res.values() == [False, True, True, True]
    assert res.raw_value(0) == "false"


def test_as_set_lists_iterables(tmp_path):
    """Set-equality tasks: what set(out) would iterate is listed; values set()
    takes as they are stay typed; an iterator that raises fails the input."""
    source = textwrap.dedent("""\
        def f(kind):
            if kind == "gen":
                return (x for x in (3, 1, 3))
            if kind == "map":
                return map(abs, [-1, 2])
            if kind == "tuple":
                return (1, 2)
            if kind == "bad":
                def g():
                    yield 1
                    raise KeyError("k")
                return g()
            return "ab"
    """)
    inputs = [["gen"], ["map"], ["tuple"], ["str"], ["bad"]]
    res = run(tmp_path, source, inputs, as_set=True)
    check_protocol(res, ["base"])
    lines = res.results()
    assert [l.get("v") for l in lines[:4]] == [[3, 1, 3], [1, 2], {"$tuple": [1, 2]}, "ab"]
    assert lines[4]["exc"] == "KeyError"
    plain = run(tmp_path, source, [["gen"]], as_set=False)
    assert "$other" in plain.results()[0]["v"]


# ---------------------------------------------------------------------------
# MBPP+ argument typing (docs/formats.md §1.3).
# ---------------------------------------------------------------------------

DESCRIBE = textwrap.dedent("""\
    def describe(v):
        t = type(v).__name__
        if isinstance(v, (list, tuple)):
            return [t, [describe(x) for x in v]]
        if isinstance(v, (set, frozenset)):
            return [t, sorted(describe(x) for x in v)]
        if isinstance(v, dict):
            return [t, [[describe(k), describe(x)] for k, x in v.items()]]
        return t
    def f(*args):
        return describe(list(args))
""")

T2 = ["tuple", ["int", "int"]]
MBPP_CASES = [
    # (task, arguments as stored, what the candidate receives)
    (2, [[3, 4], [5, 6]], [T2, T2]),
    (63, [[[1, 2], [3, 4]]], [["list", [T2, T2]]]),
    (259, [[[1, 2]], [[3, 4], [5, 6]]], [["tuple", [T2]], ["tuple", [T2, T2]]]),
    (75, [[[1, 2], [3, 4]], 2, "dropped"], [["list", [T2, T2]], "int"]),
    (250, [[1, 2], 2, "dropped"], [T2, "int"]),
    (106, [[1, 2], [3, 4]], [["list", ["int", "int"]], T2]),
    (307, [[1, 2], 1, 5, "dropped"], [T2, "int", "int"]),
    (278, [[1, [2, 3], 4], "dropped"], [["tuple", ["int", T2, "int"]]]),
    (722, [{"a": [1, 2]}, 5, 6], [["dict", [["str", T2]]], "int", "int"]),
    (115, [[[1, 2], [], [3]], "dropped"],
     [["list", [["set", ["int", "int"]], ["dict", []], ["set", ["int"]]]]]),
    (124, ["1.5", "(1+2j)", "dropped"], ["float", "complex"]),
    (252, ["(1+2j)", "dropped"], ["complex"]),
    (580, [[1, [2, [3]]], [4]],
     [["tuple", ["int", ["tuple", ["int", ["tuple", ["int"]]]]]], ["tuple", ["int"]]]),
    (999, [[1, 2], (3,)], [["list", ["int", "int"]], ["list", ["int"]]]),
]


@pytest.mark.parametrize("task, stored, received", MBPP_CASES, ids=[str(c[0]) for c in MBPP_CASES])
def test_mbpp_deserialization(tmp_path, task, stored, received):
    res = run(tmp_path, DESCRIBE, [stored], deserialize="mbpp", task_id="Mbpp/%d" % task)
    check_protocol(res, ["base"])
    assert res.values() == [["list", received]]


def test_mbpp_values_reach_the_candidate(tmp_path):
    source = "def f(*args):\n    return args\n"
    res = run(tmp_path, source, [["1.5", "-inf"]], deserialize="mbpp", task_id="Mbpp/124")
    check_protocol(res, ["base"])
    assert res.values() == [{"$tuple": [1.5, {"$complex": [{"$float": "-inf"}, 0.0]}]}]


def test_deserialize_none_leaves_lists(tmp_path):
    res = run(tmp_path, DESCRIBE, [[[3, 4]]], deserialize="none", task_id="Mbpp/2")
    check_protocol(res, ["base"])
    assert res.values() == [["list", [["list", ["int", "int"]]]]]


def test_counting_writes_no_times(tmp_path):
    """A counted run (job field "counting") writes every time as 0.0: the
    digits of real times would move the instruction count."""
    source = "def f(n):\n    return sum(range(n))\n"
    header = json.loads(job_text([("base", [[10 ** 5]])]).split("\n")[0])
    header["counting"] = True
    text = json.dumps(header) + "\n[100000]\n"
    res = run_raw(tmp_path, source, text)
    check_protocol(res, ["base"])
    assert [l["t"] for l in res.lines if "t" in l] == [0.0, 0.0]
    assert res.values() == [4999950000]


def test_typed_arguments(tmp_path):
    """deserialize "typed" (native datasets): tagged values become Python
    values, at any depth; plain objects stay dicts."""
    stored = [
        {"$tuple": [1, [2, {"$tuple": []}]]},
        {"$set": [1, 2]},
        {"$frozenset": ["a"]},
        {"$dict": [[{"$tuple": [1, 2]}, {"$bytes": "6869"}]]},
        {"$complex": [1.0, {"$float": "-inf"}]},
        {"$int": "-0x1f"},
        {"a": {"$bytearray": "00"}, "b": 1},
        {"$float": "nan"},
    ]
    received = [
        ["tuple", ["int", ["list", ["int", ["tuple", []]]]]],
        ["set", ["int", "int"]],
        ["frozenset", ["str"]],
        ["dict", [[T2, "bytes"]]],
        "complex",
        "int",
        ["dict", [["str", "bytearray"], ["str", "int"]]],
        "float",
    ]
    res = run(tmp_path, DESCRIBE, [stored], deserialize="typed", task_id="n/1")
    check_protocol(res, ["base"])
    assert res.values() == [["list", received]]
    source = "def f(*args):\n    return args\n"
    res = run(tmp_path, source, [[{"$int": "-0x1f"}, {"$bytes": "6869"}]],
              deserialize="typed", task_id="n/1")
    assert res.values() == [{"$tuple": [-31, {"$bytes": "6869"}]}]


@pytest.mark.parametrize("bad", [{"$np": ["int64", 3]}, {"$float": "1.5"}, {"$tuple": 3}])
def test_typed_arguments_refuse_what_an_argument_cannot_be(tmp_path, bad):
    res = run(tmp_path, DESCRIBE, [[bad]], deserialize="typed", task_id="n/1")
    errors = [l for l in res.lines if "job_error" in l]
    assert errors and "input 0" in errors[0]["job_error"], res.lines


# ---------------------------------------------------------------------------
# Malformed jobs.
# ---------------------------------------------------------------------------

GOOD_HEADER = {
    "v": 1, "task_id": "Mbpp/2", "entry_point": "f", "deserialize": "none",
    "output_not_none": False, "fast": True,
    "sections": [{"name": "base", "n": 1, "limits": [1.0]}],
}


def header_with(**changes):
    header = dict(GOOD_HEADER, **changes)
    return json.dumps({k: v for k, v in header.items() if v is not ...})


MALFORMED = {
    "empty": "",
    "not_json": "{nope\n[1]\n",
    "not_object": "[1]\n[1]\n",
    "bad_version": header_with(v=2) + "\n[1]\n",
    "no_entry": header_with(entry_point=...) + "\n[1]\n",
    "bad_deserialize": header_with(deserialize="yaml") + "\n[1]\n",
    "fast_not_bool": header_with(fast=1) + "\n[1]\n",
    "too_few_lines": header_with() + "\n",
    "too_many_lines": header_with() + "\n[1]\n[2]\n",
    "limits_count": header_with(sections=[{"name": "b", "n": 1, "limits": [1, 2]}]) + "\n[1]\n",
    "limit_zero": header_with(sections=[{"name": "b", "n": 1, "limits": [0]}]) + "\n[1]\n",
    "limit_bool": header_with(sections=[{"name": "b", "n": 1, "limits": [True]}]) + "\n[1]\n",
    "mbpp_no_number": header_with(deserialize="mbpp", task_id="Mbpp/x") + "\n[1]\n",
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_job_exits_2(tmp_path, case):
    res = run_raw(tmp_path, "def f(x):\n    return x\n", MALFORMED[case])
    assert res.rc == 2
    assert len(res.lines) == 1 and list(res.lines[0]) == ["job_error"]
    assert isinstance(res.lines[0]["job_error"], str) and res.lines[0]["job_error"]


@pytest.mark.parametrize("bad_line", ["{\"a\": 1}", "[1", "[1] [2]", "\"\\ud800", "[1]\xff"])
def test_malformed_input_line_mid_section(tmp_path, bad_line):
    job = job_text([("base", [[1], bad_line, [3]])], fast=False).encode("latin-1")
    res = run_raw(tmp_path, "def f(x):\n    return x\n", job)
    assert res.rc == 2
    assert res.lines[0] == {"ready": "base", "t": res.lines[0]["t"]}
    assert res.lines[1]["i"] == 0 and res.lines[1]["v"] == 1  # flushed first
    assert list(res.lines[-1]) == ["job_error"]


def test_mbpp_conversion_failure_is_a_job_error(tmp_path):
    res = run(tmp_path, "def f(x):\n    return x\n", [[5]], deserialize="mbpp", task_id="Mbpp/2")
    assert res.rc == 2 and list(res.lines[-1]) == ["job_error"]


# ---------------------------------------------------------------------------
# Volume: buffering and throughput.
# ---------------------------------------------------------------------------


def test_ten_thousand_inputs_in_order(tmp_path):
    n = 10000
    res = run(tmp_path, "def f(x):\n    return [x, str(x)]\n", [[i] for i in range(n)])
    check_protocol(res, ["base"])
    results = res.results()
    assert len(results) == n
    assert [r["i"] for r in results] == list(range(n))
    assert [r["v"] for r in results] == [[i, str(i)] for i in range(n)]


def test_throughput_of_trivial_calls(tmp_path, capsys):
    """Measured, not asserted: calls per second for 100,000 trivial inputs."""
    n = 100000
    res = run(tmp_path, "def f(x):\n    return x + 1\n", [[i] for i in range(n)])
    check_protocol(res, ["base"])
    assert len(res.results()) == n
    cpu_in_calls = sum(r["t"] for r in res.results())
    with capsys.disabled():
        print("\nharness throughput: %d trivial calls in %.2f s wall = %.0f calls/s "
              "(CPU inside the calls, as reported: %.3f s)"
              % (n, res.elapsed, n / res.elapsed, cpu_in_calls))


BIG = textwrap.dedent("""\
    def f(kind):
        n = 3_000_000
        if kind == "tuples":
            return [("ab", i) for i in range(n)]
        if kind == "tuples_again":
            out = []
            for i in range(n):
                out.append(("a" + "b", i))
            return out
        if kind == "floats_equal":
            return [("ab", float(i)) for i in range(n)]
        if kind == "other":
            return [("ab", i + 1) for i in range(n)]
        if kind == "lists":
            return [["abcdefghijklmnop", i] for i in range(n)]
""")


def test_big_values_become_digests(tmp_path):
    """Values past 64 MiB: equal values (built differently, 1 vs 1.0 as Python
    says) give the same digest, across processes; a different value does
    not; unhashable contents fall back to SHA-256 of the repr."""
    env_seed = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"  # as in the sandbox
    try:
        res = run(tmp_path, BIG, [["tuples"], ["tuples_again"], ["floats_equal"],
                                  ["other"], ["lists"]], timeout=120)
        again = run(tmp_path, BIG, [["tuples"]], timeout=120)
    finally:
        if env_seed is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = env_seed
    d = [line["v"]["$digest"] for line in res.results()]
    assert d[0][0].startswith("pyhash:") and d[0][1] == 3_000_000
    assert d[0] == d[1] == d[2] == again.results()[0]["v"]["$digest"]
    assert d[3] != d[0]
    assert d[4][0].startswith("sha256:")
