"""The zygote's script mode (verdict_harness._run_script) against a fresh
interpreter: the same stdout, stderr and exit status for the same program.

A forked zygote child runs `python3 -s /tmp/main.py` in-process; these tests
run each program both ways, outside the sandbox, and compare.

    /usr/bin/python3 -m pytest -q python/tests/test_zygote_script.py
"""

import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARNESS_DIR = ROOT / "harness"
PYTHON = os.environ.get("VERDICT_TEST_PYTHON", "/usr/bin/python3")

# What the zygote's child does after the fork, minus the sandbox.
ZYGOTE_LIKE = (
    "import os, sys; sys.path.insert(0, %r); import verdict_harness as h; "
    "os._exit(h._run_script(sys.argv[1], sys.argv[2:]))" % str(HARNESS_DIR)
)

PROGRAMS = {
    "print_and_input": ("n = int(input())\nprint(n * 2)\nprint(sum(map(int, input().split())))\n", "21\n1 2 3\n"),
    "stdin_buffer": ("import sys\ndata = sys.stdin.buffer.read()\nprint(len(data), data[:5])\n", "hello world\n"),
    "exception": ("def f(x):\n    return g(x)\n\ndef g(x):\n    raise ValueError('boom %d' % x)\n\nprint('before')\nf(3)\n", ""),
    "chained_exception": ("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    raise KeyError('k') from e\n", ""),
    "exit_int": ("import sys\nprint('out')\nsys.exit(3)\n", ""),
    "exit_big_int": ("import sys\nsys.exit(300)\n", ""),
    "exit_message": ("import sys\nsys.exit('fatal: message')\n", ""),
    "exit_none": ("raise SystemExit\n", ""),
    "builtin_exit": ("print('x')\nexit(4)\n", ""),
    "atexit": ("import atexit\natexit.register(lambda: print('bye'))\nprint('main')\n", ""),
    "atexit_raises_exit": ("import atexit, sys\natexit.register(lambda: sys.exit(5))\n", ""),
    "thread_outlives_main": (
        "import threading, time\n"
        "def work():\n    time.sleep(0.1)\n    print('thread done', flush=True)\n"
        "threading.Thread(target=work).start()\nprint('main done')\n", ""),
    "syntax_error": ("print('a'\nx = 1\n", ""),
    "name_main_file_argv": ("import sys, os\nif __name__ == '__main__':\n    print(os.path.basename(__file__), os.path.basename(sys.argv[0]), len(sys.argv))\n", ""),
    "unflushed_output": ("import sys\nsys.stdout.write('no newline')\n", ""),
    "stderr_and_stdout": ("import sys\nprint('o')\nprint('e', file=sys.stderr)\nraise RuntimeError('r')\n", ""),
    "import_local_module": ("import helper_mod\nprint(helper_mod.VALUE)\n", ""),
}


def run_both(tmp_path, source, stdin):
    prog = tmp_path / "main.py"
    prog.write_text(source)
    (tmp_path / "helper_mod.py").write_text("VALUE = 42\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", "LC_ALL": "C.UTF-8"}
    fresh = subprocess.run([PYTHON, "-s", str(prog)], input=stdin.encode(), capture_output=True,
                           cwd=tmp_path, env=env, timeout=30)
    zygote = subprocess.run([PYTHON, "-s", "-c", ZYGOTE_LIKE, str(prog)], input=stdin.encode(),
                            capture_output=True, cwd=tmp_path, env=env, timeout=30)
    return fresh, zygote


def addresses(text):
    """Object addresses in reprs differ from process to process."""
    return re.sub(rb"0x[0-9a-f]+", b"0x?", text)


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_same_as_a_fresh_interpreter(tmp_path, name):
    source, stdin = PROGRAMS[name]
    fresh, zygote = run_both(tmp_path, source, stdin)
    assert (zygote.returncode, zygote.stdout, addresses(zygote.stderr)) == (
        fresh.returncode, fresh.stdout, addresses(fresh.stderr))


def test_the_comparison_can_fail(tmp_path):
    """A program whose output depends on how it was started differs."""
    fresh, zygote = run_both(tmp_path, "import sys\nprint('verdict_harness' in sys.modules)\n", "")
    assert fresh.stdout == b"False\n" and zygote.stdout == b"True\n"


def test_recursion_error_differs_only_in_the_repeat_count(tmp_path):
    """The script runs two frames deeper than in a fresh interpreter, so the
    recursion limit strikes a few calls earlier."""
    source = textwrap.dedent("""\
        def f(n):
            return f(n + 1)
        f(0)
    """)
    fresh, zygote = run_both(tmp_path, source, "")
    norm = lambda b: re.sub(rb"repeated \d+ more times", b"repeated N more times", b)
    assert zygote.returncode == fresh.returncode == 1
    assert norm(zygote.stderr) == norm(fresh.stderr)
