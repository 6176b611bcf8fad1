"""Runs examples/python/*.py as a user would (non-interactive matplotlib, a
scratch directory) and checks what they extract against the figures'
stored answers (tests/answers/*.txt, with their tolerances) and the QuTiP
round trip to 1e-10.  usage: test_examples.py (PYTHONPATH at the package)"""
import os
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
answers = {}
for f in ("quiroga-fig1.txt", "bellomo-fig4a.txt"):
    for line in open(os.path.join(root, "tests", "answers", f)):
        if line.startswith("#") or not line.strip():
            continue
        name, value, abs_tol, rel_tol = line.split()[:4]
        answers[name] = (float(value), float(abs_tol), float(rel_tol))
plots = {"quiroga_fig1.py": "quiroga_fig1.png", "bellomo_fig4a.py": "bellomo_fig4a.png",
         "qutip_roundtrip.py": None}
fails = checks = 0
for script, png in plots.items():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.pathsep.join(os.path.abspath(x) for x in
                               os.environ.get("PYTHONPATH", "").split(os.pathsep) if x)
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=path)
        p = subprocess.run([sys.executable, os.path.join(root, "examples", "python", script)],
                           cwd=tmp, env=env, capture_output=True, text=True, timeout=600)
        checks += 1
        if p.returncode != 0:
            fails += 1
            print(f"FAIL: {script} exits {p.returncode}: {p.stderr[-500:]}")
            continue
        got = 0
        for line in p.stdout.splitlines():
            parts = line.split()
            if parts and parts[0] == "ANSWER":
                name, value = parts[1], float(parts[2])
                want, a, r = answers[name]
                checks += 1
                got += 1
                if not abs(value - want) <= max(a, r * abs(want)):
                    fails += 1
                    print(f"FAIL: {script}: {name} = {value!r}, stored {want!r} (tolerance {a:g})")
            elif parts and parts[0] == "ROUNDTRIP":
                checks += 1
                got += 1
                if not float(parts[1]) < 1e-10:
                    fails += 1
                    print(f"FAIL: {script}: QuTiP round trip differs by {parts[1]}")
        checks += 1
        if got == 0 or (png and not os.path.getsize(os.path.join(tmp, png)) > 1000):
            fails += 1
            print(f"FAIL: {script}: no numbers ({got}) or no plot")
print(f"examples: {checks} checks, {fails} failed")
sys.exit(1 if fails else 0)
