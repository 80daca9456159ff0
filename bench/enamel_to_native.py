"""ENAMEL -> verdict's native problems and samples (bench only).

    /usr/bin/python3 bench/enamel_to_native.py VERDICT DATA_DIR OUT_DIR [N]

Reads DATA_DIR/enamel.csv.gz and the solution sets beside it
(../shared/data/enamel) and writes, for ENAMEL's 142 evaluated problems
(the first N of them if N is given):

  OUT_DIR/problems.jsonl    one native call problem per ENAMEL problem
  OUT_DIR/references.jsonl  ENAMEL's expert references, as samples
  OUT_DIR/he-canonical.jsonl, OUT_DIR/heplus-canonical.jsonl
                            the HumanEval and HumanEval+ canonical solutions

Tests are generated as ENAMEL generates them (metrics.md 2.1): for level j
(sizes from `input_levels`, 8, 4, 4, 4 tests) and test k, the problem's
`generate_input(size, lid=j, cid=k)` after random.seed(998244353 ^ i ^
(tests in earlier levels + k)), i the problem's row in the CSV. The
generators run in verdict's sandbox (`verdict run`), one program per
problem that prints each input in verdict's typed-value JSON; the helpers
ENAMEL's generators call (rand_parens, rand_probably_prime,
rand_primality) are written below to draw the same random numbers as
ENAMEL's `enam/datautils.py`.

Each problem: level 0 is `base_input` (correctness only, as in ENAMEL,
where it has weight 0); levels 1-3 are `plus_input` (correctness) and,
by reference (`"perf_input": "plus_input"`), the perf inputs, with `perf_level` 1, 2, 3 and `perf_hardness` [3, 3, 4]. The
expected values come from ENAMEL's `reference_solution`, which is also the
reference measured for T. `strict_type` and `atol` follow the problem's
checker (metrics.md / formats.md 2.4): `type(output) == type(answer) and
output == answer` is strict_type; the float checkers are atol 1e-4; the
find_zero checker is EvalPlus's find_zero oracle with atol 1e-4.
`time_limit_s` (per input, correctness phase) is CORRECT_LIMIT_S: a
solution slower than that on a level >= 1 input is a level break, as in
ENAMEL, not a failure (`verdict perf` measures the levels before it). One
difference remains: ENAMEL stops checking answers at the first call past
T (well under CORRECT_LIMIT_S), verdict checks every answer computed
within CORRECT_LIMIT_S, so a wrong answer that ENAMEL never sees fails here.
"""
import csv
import gzip
import json
import os
import subprocess
import sys
import tempfile

SEED = 998244353
TESTS_PER_LEVEL = [8, 4, 4, 4]
HARDNESS = [3, 3, 4]  # levels 1..3; level 0 has weight 0
# ENAMEL's PROBLEMSET: the HumanEval tasks it evaluates
EXCLUDED = {2, 23, 41, 45, 53, 60, 71, 92, 97, 99, 102, 123, 124, 135, 137,
            138, 144, 148, 156, 157, 159, 160}
CORRECT_LIMIT_S = 5
DEFAULT_CHECKER = ("def __check(input, answer, output):\n"
                   "    return type(output) == type(answer) and output == answer\n")

# What the generators find in their scope besides `random`, `string` and
# `time`: draws in the same order as ENAMEL's helpers, so the same seeds
# give the same inputs.
HELPERS = r'''
import json as _vd_json, math as _vd_math, random, string, sys as _vd_sys, time


def rand_parens(size, valid=True, par='()', sep=''):
    if not valid:
        half = (size + 1) // 2 - 1
        return (rand_parens(half, True, par) + par[1] + par[0]
                + rand_parens(half, True, par))
    size += size % 2
    groups, depth = [], 0
    for i in range(size):
        # open when nothing is open, or by a coin flip while there is
        # room left to close everything (the flip is drawn only then)
        if depth == 0 or (depth < size - i and random.randint(0, 1)):
            if depth == 0:
                groups.append([])
            groups[-1].append(par[0])
            depth += 1
        else:
            groups[-1].append(par[1])
            depth -= 1
    groups = [''.join(g) for g in groups]
    return groups if sep is None else sep.join(groups)


def _vd_probably_prime(n, rounds=5):
    if n in (2, 3):
        return True
    if n == 1 or n % 2 == 0:
        return False
    r, d = 0, n - 1
    while d % 2 == 0:
        r, d = r + 1, d // 2
    for _ in range(rounds):
        x = pow(random.randint(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def rand_probably_prime(lb, ub=None):
    if ub is None:
        lb = max(lb, 3)
        lb, ub = lb // 2, lb
    else:
        lb = max(lb, 0)
        ub = max(lb * 2, ub, 3)
    while True:
        p = random.randint(lb, ub)
        if _vd_probably_prime(p):
            return p


def rand_primality(size, lid, cid):
    size = max(size, 4)
    fixed = {0: 2 * 3 * 5 * 7 * 11 * 13 + 1, 1: 561, 2: 2, 3: 125}
    if lid == 0 and cid in fixed:
        return fixed[cid]
    if cid % 3 == 0:
        return rand_probably_prime(size)
    root = int(size ** 0.5 + 1)
    if cid % 3 == 1:
        return rand_probably_prime(root) ** 2
    return rand_probably_prime(root) * rand_probably_prime(root)


def _vd_enc(v):
    t = type(v)
    if v is None or t is bool or t is str:
        return v
    if t is int:
        return v if v.bit_length() <= 10000 else {"$int": hex(v)}
    if t is float:
        if _vd_math.isfinite(v):
            return v
        return {"$float": "nan" if v != v else ("inf" if v > 0 else "-inf")}
    if t is list:
        return [_vd_enc(x) for x in v]
    if t is tuple:
        return {"$tuple": [_vd_enc(x) for x in v]}
    if t is set or t is frozenset:
        return {"$" + t.__name__: [_vd_enc(x) for x in v]}
    if t is dict:
        return {"$dict": [[_vd_enc(k), _vd_enc(x)] for k, x in v.items()]}
    if t is complex:
        return {"$complex": [_vd_enc(v.real), _vd_enc(v.imag)]}
    if t is bytes or t is bytearray:
        return {"$" + t.__name__: v.hex()}
    raise TypeError("cannot encode a %s" % t.__name__)
'''

DRIVER = r'''
_vd_offset = 0
for _vd_j, _vd_size in enumerate(%(sizes)r):
    for _vd_k in range(%(counts)r[_vd_j]):
        random.seed(%(seed)d ^ %(index)d ^ (_vd_offset + _vd_k))
        _vd_in = generate_input(size=_vd_size, lid=_vd_j, cid=_vd_k)
        _vd_sys.stdout.write(_vd_json.dumps(_vd_enc(list(_vd_in)),
                             ensure_ascii=True, allow_nan=False) + "\n")
    _vd_offset += %(counts)r[_vd_j]
'''


def generate(verdict, row, index):
    """Runs the problem's generator in the sandbox; its 20 inputs."""
    sizes = [int(x) for x in row["input_levels"].split()]
    program = "\n".join([HELPERS, row["prompt"], row["input_generator"],
                         DRIVER % {"sizes": sizes, "counts": TESTS_PER_LEVEL,
                                   "seed": SEED, "index": index}])
    with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
        f.write(program)
        f.flush()
        out = subprocess.run(
            [verdict, "run", "--lang", "python", f.name, "--json",
             "--time-limit", "120", "--memory-limit", "4096",
             "--output-head", str(64 << 20)],
            stdout=subprocess.PIPE, check=False)
    rep = json.loads(out.stdout)
    test = rep["tests"][0]
    if rep["verdict"] != "AC":
        raise RuntimeError("%s: generator %s: %s %s" % (
            row["task_id"], rep["verdict"], test["detail"],
            test["stderr_head"][-400:]))
    lines = test["stdout_head"].splitlines()
    if len(lines) != sum(TESTS_PER_LEVEL):
        raise RuntimeError("%s: generator printed %d inputs" % (
            row["task_id"], len(lines)))
    return [json.loads(x) for x in lines]


def checker_fields(checker):
    if checker == DEFAULT_CHECKER:
        return {"strict_type": True}
    if "poly(" in checker:
        return {"oracle": "humaneval", "atol": 1e-4}
    if "type(output) == tuple" in checker or "type(output) == list" in checker:
        return {"strict_type": True, "atol": 1e-4}
    if "abs(answer - output) < 1e-4" in checker:
        return {"atol": 1e-4}
    raise RuntimeError("unknown checker: %r" % checker)


def main():
    verdict, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    csv.field_size_limit(1 << 30)
    with gzip.open(os.path.join(data, "enamel.csv.gz"), "rt") as f:
        rows = list(csv.DictReader(f))
    sets = {}
    for name, file in (("references", "enamel-references.json.gz"),
                       ("he-canonical", "humaneval-canonical.json.gz"),
                       ("heplus-canonical", "humanevalplus-canonical.json.gz")):
        with gzip.open(os.path.join(data, file), "rt") as f:
            codes = json.load(f)
        sets[name] = codes if isinstance(codes, list) else [
            codes[str(i)] for i in range(len(rows))]
    chosen = [i for i in range(len(rows)) if i not in EXCLUDED][:limit]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "problems.jsonl"), "w") as fp:
        for i in chosen:
            row = rows[i]
            inputs = generate(verdict, row, i)
            timed = inputs[TESTS_PER_LEVEL[0]:]
            levels = [j + 1 for j, n in enumerate(TESTS_PER_LEVEL[1:])
                      for _ in range(n)]
            problem = {
                "task_id": row["task_id"], "kind": "call",
                "entry_point": row["entry_point"], "prompt": row["prompt"],
                "reference_solution": row["prompt"] + "\n" + row["reference_solution"],
                "base_input": inputs[:TESTS_PER_LEVEL[0]],
                "plus_input": timed, "perf_input": "plus_input",
                "perf_level": levels, "perf_hardness": HARDNESS,
                "time_limit_s": CORRECT_LIMIT_S,
            }
            problem.update(checker_fields(row["checker"]))
            fp.write(json.dumps(problem) + "\n")
            print("generated %s" % row["task_id"], file=sys.stderr, flush=True)
    for name, codes in sets.items():
        with open(os.path.join(out, name + ".jsonl"), "w") as fs:
            for i in chosen:
                for code in codes[i]:
                    fs.write(json.dumps({"task_id": rows[i]["task_id"],
                                         "solution": code}) + "\n")


if __name__ == "__main__":
    main()
