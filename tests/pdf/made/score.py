"""Scores qingdan on the lists of this folder: python3 score.py BINARY [FILES...]"""
import json, subprocess, sys, glob, os
binary = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
files = sys.argv[2:] or sorted(glob.glob(os.path.join(here, "*.pdf")) + glob.glob(os.path.join(here, "*.txt")))
norm = lambda s: "".join((s or "").split())
for f in files:
    stem = os.path.basename(f).split(".")[0] + "." + os.path.basename(f).split(".")[1]
    want = json.load(open(os.path.join(here, stem + ".answers.json")))
    p = subprocess.run([binary, "parse", f], capture_output=True, text=True)
    if p.returncode != 0:
        print(f"{os.path.basename(f)}: refused: {p.stderr.strip()[:200]}")
        continue
    out = json.loads(p.stdout)
    got = {}
    for s in out["services"]:
        got.setdefault(s["seq"], []).append(s)
    right = 0
    for w in want:
        g = got.get(w["seq"], [])
        if len(g) == 1 and norm(g[0]["name"]) == norm(w["name"]) and norm(g[0]["target"]["text"]) == norm(w["target"]) and [norm(d) for d in g[0]["departments"]] == w["departments"]:
            right += 1
    codes = sorted({d["code"] for d in out["diagnostics"]})
    print(f"{os.path.basename(f)}: {len(out['services'])} rows, {right}/{len(want)} right ({right/len(want):.2f}); {codes}")
