#!/usr/bin/env python3
"""mprogsim's exhaustive mode against SPIN on the same scenarios, measured in one run.

usage: python3 scripts/spin-side-by-side.py [--anchor ../shared/anchors/spin] [--runs 3]
                                            [--explorer NAME] [--threads 1,2] [--json FILE] [--jar JAR]

For each anchor scenario (R1, R2, R2-NR3-P2, R2-NR3-P3 and the no_sync_after_swap mutants of R1 and R2):
  SPIN:     `spin -a` and `gcc -O2` once (timed: a SPIN user pays them too), then `./pan -m10000 -wW` RUNS times;
  mprogsim: `java -jar scenarios/target/mprogsim.jar check --no-progress --threads N FILE` RUNS times per N,
            JVM start included.
Each process runs under /usr/bin/time: wall time, CPU time (user + system) and peak RSS. The median run by wall
time is reported. Prints a Markdown table (the README's) and writes every run to --json.
SPIN is installed with apt-get when it is missing (root); this is a benchmark, never part of .ci/run.
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# scenario file -> (pml model, spin -D flags, pan -w)
SCENARIOS = [
    ("R1", "r1", [], 20),
    ("R2", "r2", [], 20),
    ("R2-NR3-P2", "r2", ["-DNR=3", "-DPASSES=2"], 24),
    ("R2-NR3-P3", "r2", ["-DNR=3", "-DPASSES=3"], 24),
    ("R1-no_sync_after_swap", "r1_no_sync", [], 20),
    ("R2-no_sync_after_swap", "r2_no_sync", [], 20),
]
MODELS = ["mprog.pml", "r1.pml", "r2.pml", "r1_no_sync.pml", "r2_no_sync.pml"]


def timed(cmd, cwd):
    """(completed process, wall s, cpu s, peak RSS MB) of one command."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name] + cmd, cwd=cwd,
                           capture_output=True, text=True)
        wall = time.perf_counter() - t0
        user, system, rss_kb = open(tf.name).read().split()[-3:]
    return p, wall, float(user) + float(system), int(rss_kb) / 1024.0


def median_run(runs):
    return sorted(runs, key=lambda r: r["wall_s"])[len(runs) // 2]


def ensure_tools():
    if shutil.which("spin") is None:
        print("installing spin with apt-get", file=sys.stderr)
        subprocess.run(["apt-get", "install", "-y", "-qq", "spin"], check=False)
        if shutil.which("spin") is None:
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "spin"], check=True)
    if not os.path.exists("/usr/bin/time"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "time"], check=True)


def spin_row(anchor, build, name, model, dflags, w, runs):
    d = os.path.join(build, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for f in MODELS:
        shutil.copy(os.path.join(anchor, f), d)
    t0 = time.perf_counter()
    subprocess.run(["spin"] + dflags + ["-a", f"{model}.pml"], cwd=d, check=True, capture_output=True)
    spin_a = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run(["gcc", "-O2", "-w", "-o", "pan", "pan.c"], cwd=d, check=True, capture_output=True)
    gcc = time.perf_counter() - t0
    all_runs = []
    for _ in range(runs):
        for trail in (f"{model}.pml.trail",):
            if os.path.exists(os.path.join(d, trail)):
                os.remove(os.path.join(d, trail))
        p, wall, cpu, rss = timed(["./pan", "-m10000", f"-w{w}"], d)
        m = re.search(r"(\d+) states, stored", p.stdout)
        e = re.search(r"errors: (\d+)", p.stdout)
        all_runs.append(dict(wall_s=wall, cpu_s=cpu, rss_mb=rss, states=int(m.group(1)) if m else None,
                             errors=int(e.group(1)) if e else None))
    row = dict(median_run(all_runs))
    row.update(tool="spin", scenario=name, spin_a_s=spin_a, gcc_s=gcc, build_s=spin_a + gcc, runs=all_runs,
               verdict="FAIL" if row["errors"] else "PASS")
    return row


LINE = re.compile(r"^(PASS|FAIL|ERROR|STOPPED|UNKNOWN)\s+(\S+)\s+\((.*)\)\s*$")


def mprogsim_row(jar, path, name, threads, explorer, runs, java):
    all_runs = []
    for _ in range(runs):
        cmd = [java, "-jar", jar, "check", "--no-progress", "--threads", str(threads)]
        if explorer:
            cmd += ["--explorer", explorer]
        p, wall, cpu, rss = timed(cmd + [path], ROOT)
        verdict_line = next((l for l in p.stdout.splitlines() if LINE.match(l)), p.stdout.strip()[-200:])
        all_runs.append(dict(wall_s=wall, cpu_s=cpu, rss_mb=rss, exit=p.returncode, line=verdict_line))
    row = dict(median_run(all_runs))
    row.update(tool="mprogsim", scenario=name, threads=threads, explorer=explorer or "default", runs=all_runs)
    return row


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--anchor", default=os.path.join(ROOT, "..", "shared", "anchors", "spin"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--explorer", default=None, help="mprogsim --explorer (default: the default exhaustive one)")
    ap.add_argument("--threads", default="1,2", help="comma-separated mprogsim --threads values")
    ap.add_argument("--only", default=None, help="comma-separated scenario names")
    ap.add_argument("--build", default=os.path.join(tempfile.gettempdir(), "mprogsim-spin-build"))
    ap.add_argument("--json", default=None)
    ap.add_argument("--java", default="java")
    ap.add_argument("--jar", default=os.path.join(ROOT, "scenarios", "target", "mprogsim.jar"),
                    help="the mprogsim jar (default: the build's)")
    a = ap.parse_args()
    anchor = os.path.abspath(a.anchor)
    if not os.path.isdir(os.path.join(anchor, "scenarios")):
        sys.exit(f"no SPIN anchor at {anchor} (expected mprog.pml and scenarios/ there): pass --anchor DIR")
    jar = os.path.abspath(a.jar)
    if not os.path.exists(jar):
        sys.exit(f"{jar} is missing: build it first (mvn -B -q -DskipTests package)")
    ensure_tools()
    only = set(a.only.split(",")) if a.only else None
    threads = [int(t) for t in a.threads.split(",")]
    rows = []
    for name, model, dflags, w in SCENARIOS:
        if only and name not in only:
            continue
        s = spin_row(anchor, a.build, name, model, dflags, w, a.runs)
        rows.append(s)
        print(json.dumps({k: s[k] for k in ("tool", "scenario", "wall_s", "cpu_s", "rss_mb", "states", "verdict")}),
              file=sys.stderr, flush=True)
        for t in threads:
            m = mprogsim_row(jar, os.path.join(anchor, "scenarios", name + ".json"), name, t, a.explorer, a.runs,
                             a.java)
            rows.append(m)
            print(json.dumps({k: m[k] for k in ("tool", "scenario", "threads", "wall_s", "cpu_s", "rss_mb", "line")}),
                  file=sys.stderr, flush=True)
    if a.json:
        json.dump(rows, open(a.json, "w"), indent=1)

    print(f"| scenario | SPIN pan: states, wall, CPU, peak RSS | spin -a + gcc | mprogsim (threads): result, wall, CPU, peak RSS | wall: mprogsim / pan | mprogsim wall / (spin -a + gcc + pan) |")
    print("| --- | --- | ---: | --- | ---: | ---: |")
    for s in (r for r in rows if r["tool"] == "spin"):
        for m in (r for r in rows if r["tool"] == "mprogsim" and r["scenario"] == s["scenario"]):
            mm = LINE.match(m["line"])
            result = f"{mm.group(1)} ({mm.group(3)})" if mm else m["line"]
            print(f"| {s['scenario']} | {s['verdict']}, {s['states']:,} states, {s['wall_s']:.3f} s, {s['cpu_s']:.2f} s, "
                  f"{s['rss_mb']:.0f} MB | {s['build_s']:.2f} s | ({m['threads']}) {result}, {m['wall_s']:.3f} s, "
                  f"{m['cpu_s']:.2f} s, {m['rss_mb']:.0f} MB | {m['wall_s'] / s['wall_s']:.2f}x | "
                  f"{m['wall_s'] / (s['wall_s'] + s['build_s']):.2f}x |")


if __name__ == "__main__":
    main()
