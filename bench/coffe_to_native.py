"""COFFE function level -> verdict's native problems and samples (bench only).

    /usr/bin/python3 bench/coffe_to_native.py DATA_DIR OUT_DIR

Reads DATA_DIR/{best_solutions,testcases,stressful_testcases,solutions}.json.gz
(../shared/data/coffe/function) and writes OUT_DIR/problems.jsonl (one call
problem per COFFE instance: entry point `solution`, COFFE's best solution as
the reference, its correctness test inputs as base_input, its stressful
inputs as perf_input), OUT_DIR/best.jsonl (the best solutions as samples)
and OUT_DIR/others.jsonl (the source benchmark's own solution of each
instance: HumanEval's canonical solution, MBPP's code, from data.json; COFFE's
`solutions.json` ground truths are the best solutions again, character for
character, so they would only repeat the sanity check).

COFFE writes stressful inputs as Python expressions ("['a'*2000]"). They
are evaluated here with no builtins but a few constructors (range, list,
str, ...), which is enough for the data; an instance whose inputs do not
evaluate, or hold values JSON cannot carry (tuples, sets, bytes, floats
that are not finite), is skipped and counted: verdict's harness takes plain
JSON arguments. A single input over 16 MB is dropped (counted).
"""
import gzip
import json
import math
import os
import sys

# One stressful input of COFFE is a 1 GB list; inputs over this size are
# dropped (counted), the instance keeps its other inputs.
MAX_INPUT_BYTES = 16 << 20

SAFE = {
    "__builtins__": {},
    "range": range, "list": list, "str": str, "int": int, "float": float,
    "dict": dict, "len": len, "sum": sum, "chr": chr, "ord": ord,
    "max": max, "min": min, "abs": abs, "sorted": sorted, "reversed": reversed,
    "zip": zip, "enumerate": enumerate, "map": map, "bool": bool, "pow": pow,
    "round": round, "True": True, "False": False, "None": None,
}


def plain(v):
    """True if v is plain JSON as Python decodes it (lists, not tuples)."""
    if v is None or isinstance(v, (bool, int, str)):
        return True
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, list):
        return all(plain(x) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and plain(x) for k, x in v.items())
    return False


def load(path):
    with gzip.open(path, "rt") as f:
        return json.load(f)


def main():
    data, out = sys.argv[1], sys.argv[2]
    best = load(os.path.join(data, "best_solutions.json.gz"))
    tests = load(os.path.join(data, "testcases.json.gz"))
    stress = load(os.path.join(data, "stressful_testcases.json.gz"))
    original = {}
    for item in load(os.path.join(data, "data.json.gz")):
        if item.get("canonical_solution"):
            code = item["prompt"] + item["canonical_solution"]
        else:
            code = item.get("code", "")
        if code:
            # the harness calls `solution`, the name COFFE's solutions use
            original[item["final_prompt"]] = code + "\n\nsolution = %s\n" % item["entry_point"]
    os.makedirs(out, exist_ok=True)
    skipped = {"stressful input": 0, "test input": 0, "no solution": 0,
               "input over 16 MB": 0}
    n = 0
    with open(os.path.join(out, "problems.jsonl"), "w") as fp, \
            open(os.path.join(out, "best.jsonl"), "w") as fb, \
            open(os.path.join(out, "others.jsonl"), "w") as fo:
        for i, (prompt, (code, _)) in enumerate(best.items()):
            perf = []
            try:
                for t in stress.get(prompt, []):
                    args = eval(t["input"], dict(SAFE))  # noqa: S307
                    args = list(args) if isinstance(args, (list, tuple)) else [args]
                    if not plain(args):
                        raise ValueError("not plain JSON")
                    if len(json.dumps(args)) > MAX_INPUT_BYTES:
                        skipped["input over 16 MB"] += 1
                        continue
                    perf.append(args)
            except Exception:
                skipped["stressful input"] += 1
                continue
            base = [t["input"] for t in tests.get(prompt, [])]
            if not perf or not base or not all(plain(a) for a in base):
                skipped["test input"] += 1
                continue
            other = original.get(prompt)
            if not other:
                skipped["no solution"] += 1
                continue
            task = "COFFE/%d" % i
            fp.write(json.dumps({"task_id": task, "kind": "call",
                                 "entry_point": "solution",
                                 "reference_solution": code,
                                 "base_input": base, "perf_input": perf}) + "\n")
            fb.write(json.dumps({"task_id": task, "solution": code}) + "\n")
            fo.write(json.dumps({"task_id": task, "solution": other}) + "\n")
            n += 1
    print("coffe_to_native: %d problems written; skipped: %s" % (n, skipped))


if __name__ == "__main__":
    main()
