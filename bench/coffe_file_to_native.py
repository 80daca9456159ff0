"""COFFE file level -> verdict's native stdio problems and samples (bench only).

    /usr/bin/python3 bench/coffe_file_to_native.py VERDICT DATA_DIR OUT_DIR [N]

Reads DATA_DIR/{best_solutions,stressful_testcases}.json.gz
(../shared/data/coffe/file; the first N instances if N is given) and writes
OUT_DIR/problems.jsonl (one Python stdio problem per instance: COFFE's best
solution is the reference, its stressful tests are the tests) and
OUT_DIR/best.jsonl (the best solutions as samples: the sanity check).

COFFE's file-level stressful tests are generator programs
(`def generate_input(): ...`). Each runs in verdict's sandbox (`verdict
run`), with random.seed(1024) before generate_input() as COFFE seeds it, and
what it returns is a test's stdin. The expected stdout of each test is the
best solution's, also run in the sandbox; COFFE's correctness tests are not
in the shared data, so this checks each solution against the reference on
the stressful inputs. A generator that fails, returns something other than a
string, or returns more than 16 MB, and a test on which the reference
fails, are dropped and counted; an instance with no test left is skipped.
"""
import concurrent.futures
import gzip
import json
import os
import subprocess
import sys
import tempfile

MAX_INPUT_BYTES = 16 << 20
TIME_LIMIT_S = 20

RUNNER = r'''
import random as _vd_random, sys as _vd_sys
_vd_sys.setrecursionlimit(10 ** 6)
if hasattr(_vd_sys, "set_int_max_str_digits"):
    _vd_sys.set_int_max_str_digits(10 ** 6)
_vd_random.seed(1024)
_vd_in = generate_input()
if not isinstance(_vd_in, str):
    raise TypeError("generate_input returned a %s" % type(_vd_in).__name__)
_vd_sys.stdout.write(_vd_in)
'''


def verdict_run(verdict, program, tests_dir=None):
    """Runs a Python program in the sandbox; the parsed JSON report."""
    with tempfile.NamedTemporaryFile("w", suffix=".py") as f:
        f.write(program)
        f.flush()
        cmd = [verdict, "run", "--lang", "python", f.name, "--json",
               "--time-limit", str(TIME_LIMIT_S), "--memory-limit", "4096",
               "--output-head", str(64 << 20)]
        if tests_dir:
            cmd += ["--tests", tests_dir]
        out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False)
    return json.loads(out.stdout)


def convert(verdict, n, prompt, reference, generators):
    """One instance: (problem line or None, sample line, drop counts)."""
    dropped = {"generator failed": 0, "input over 16 MB": 0,
               "reference failed": 0, "instance with no test": 0}
    inputs = []
    for gen in generators:
        rep = verdict_run(verdict, gen + "\n" + RUNNER)
        text = rep["tests"][0]["stdout_head"]
        if rep["verdict"] != "AC":
            dropped["generator failed"] += 1
        elif len(text.encode()) > MAX_INPUT_BYTES:
            dropped["input over 16 MB"] += 1
        else:
            inputs.append(text)
    tests = []
    if inputs:
        with tempfile.TemporaryDirectory() as d:
            for i, text in enumerate(inputs):
                with open(os.path.join(d, "t%02d.in" % i), "w") as f:
                    f.write(text)
            rep = verdict_run(verdict, reference, d)
        for t in rep["tests"]:
            if t["verdict"] != "AC":
                dropped["reference failed"] += 1
                continue
            tests.append({"stdin": inputs[int(t["name"][1:])],
                          "expected_stdout": t["stdout_head"]})
    if not tests:
        dropped["instance with no test"] += 1
        return None, None, dropped
    task = "coffe-file/%d" % n
    problem = json.dumps({"task_id": task, "kind": "stdio", "language": "python",
                          "reference_solution": reference, "tests": tests,
                          "time_limit_s": TIME_LIMIT_S})
    return problem, json.dumps({"task_id": task, "solution": reference}), dropped


def main():
    verdict, data, out = sys.argv[1], sys.argv[2], sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    with gzip.open(os.path.join(data, "best_solutions.json.gz"), "rt") as f:
        best = json.load(f)
    with gzip.open(os.path.join(data, "stressful_testcases.json.gz"), "rt") as f:
        stress = json.load(f)
    os.makedirs(out, exist_ok=True)
    total = {}
    written = 0
    # one instance per core at a time (each `verdict run` is one sandbox)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        jobs = [pool.submit(convert, verdict, n, prompt, best[prompt][0],
                            stress.get(prompt, []))
                for n, prompt in enumerate(list(best)[:limit])]
        with open(os.path.join(out, "problems.jsonl"), "w") as fp, \
                open(os.path.join(out, "best.jsonl"), "w") as fb:
            for job in jobs:
                problem, sample, dropped = job.result()
                for k, v in dropped.items():
                    total[k] = total.get(k, 0) + v
                if problem:
                    fp.write(problem + "\n")
                    fb.write(sample + "\n")
                    written += 1
    print("%d instances written; dropped: %s" % (
        written, ", ".join("%s %d" % kv for kv in total.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
