#!/usr/bin/env python3
"""The figures of one `mprogsim bench --json` run as the markdown tables README.md shows.

usage: bench-tables.py BENCH.json [LINCHECK.md]

LINCHECK.md is the table LincheckTimeToCounterexample writes (stress-tests/target/lincheck-time-to-counterexample.md);
with it, a last table sets the simulator's time to the first counterexample of each variant beside Lincheck's.
"""
import json
import sys


def ms(seconds):
    return "%.2f ms" % (seconds * 1000)


def count(n):
    return "{:,}".format(int(n))


def references(bench):
    print("| reference | explorer | executions | maximal | steps | wall time | steps/s | complete |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    splits = []
    for r in bench["references"]:
        if r["strategy"] == "dpor, split":
            splits.append(r)
            continue
        done = "yes" if r["complete"] else "no (%s)" % r.get("stop_reason", "stopped")
        print("| %s | %s | %s | %s | %s | %.2f s | %s | %s |" % (
            r["reference"], r["strategy"], count(r["executions"]), count(r["maximal_executions"]), count(r["steps"]),
            r["wall_seconds"], count(r["steps_per_second"]), done))
    print()
    print("| reference | split DPOR executions | 1 thread | 2 threads | speedup | same result |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for r in splits:
        print("| %s | %s | %.2f s | %.2f s | %.2fx | %s |" % (
            r["reference"], count(r["executions"]), r["seconds_1_thread"], r["seconds_2_threads"], r["speedup"],
            "yes" if r["same_result"] else "NO"))
    print()


def wall(seconds):
    return ms(seconds) if seconds < 1 else "%.2f s" % seconds


def megabytes(n):
    return "%.1f MB" % (n / 1e6)


def stateful(bench):
    """The stateful search on each thread count, then each larger thread count's states/s over the first's."""
    print("| scenario | threads | states stored | matched | transitions | final states | wall time | states/s | "
          "states/s per thread | visited set and stacks | complete |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for row in bench["stateful"]:
        for r in row["runs"]:
            done = "yes" if r["complete"] else "no (%s)" % r.get("stop_reason", "stopped")
            print("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                row["reference"], r["threads"], count(r["states_stored"]), count(r["states_matched"]),
                count(r["transitions"]), count(r["final_states"]), wall(r["wall_ms"] / 1000),
                count(r["states_per_second"]), count(r["states_per_second_per_thread"]), megabytes(r["memory_bytes"]),
                done))
    print()
    ratios = [(row, q) for row in bench["stateful"] for q in row.get("ratios", [])]
    if ratios:
        print("| scenario | threads | over threads | wall speed-up | states/s | over | states/s ratio "
              "| same final states and verdict |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for row, q in ratios:
            rate = {r["threads"]: r["states_per_second"] for r in row["runs"]}
            same = q.get("same_final_states_and_verdict", q.get("same_states_and_verdict"))
            print("| %s | %d | %d | %s | %s | %s | %.2fx | %s |" % (
                row["reference"], q["threads"], q["over_threads"],
                "%.2fx" % q["wall_speedup"] if "wall_speedup" in q else "", count(rate[q["threads"]]),
                count(rate[q["over_threads"]]), q["states_per_second"], "yes" if same else "NO"))
        print()
    print("Final states and the verdict do not depend on the number of threads. With several threads the states "
          "stored depend on timing (the workers share sleep sets, which with persistent sets prune states too), "
          "and so do matched states and transitions. Wall time is the search alone, in a warm JVM, the fastest of "
          "the runs.")
    print()


def randomized(m):
    if not m["found"]:
        return "0/%d" % m["seeds"], "-", "-"
    return ("%d/%d" % (m["found"], m["seeds"]), "%s, %s" % (count(round(m["median_executions_to_first"])),
                                                            ms(m["median_seconds_to_first"])),
            "%s -> %s" % (count(round(m["median_raw_schedule_steps"])),
                          count(round(m["median_shrunk_schedule_steps"]))))


def mutants(bench):
    budget = bench["mutants"][0]["pct"]["budget"] if bench["mutants"] else 0
    print("| variant scenario | invariant | DPOR: executions, time | random: seeds | random: median | "
          "pct: seeds | pct: median | steps raw -> shrunk (random; pct) |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for m in bench["mutants"]:
        d = m["dpor"]
        dpor = "%s, %s" % (count(d["executions_to_first"]), ms(d["seconds_to_first"])) if d["found"] else "not found"
        rf, rm, rs = randomized(m["random"])
        pf, pm, ps = randomized(m["pct"])
        print("| %s | %s | %s | %s | %s | %s | %s | %s; %s |" % (m["scenario"], m["invariant"], dpor, rf, rm, pf, pm,
                                                                 rs, ps))
    print()
    print("Random and PCT: seeds (of %d) that found the violation within %s executions; median executions and time "
          "to the first counterexample over the seeds that found it; median schedule length before and after "
          "shrinking." % (bench["mutants"][0]["pct"]["seeds"] if bench["mutants"] else 0, count(budget)))
    print()


def protocol(bench):
    p = bench["protocol_randomized"]
    print("Random and PCT on the %d protocol scenarios: %s executions in %.1f s, %d runs reported a violation." % (
        len(p["scenarios"]) // 2, count(p["executions"]), p["wall_seconds"], p["runs_with_a_violation"]))
    print()


def lincheck(bench, path):
    rows = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("variant", "---") and not cells[0].startswith("("):
            rows[cells[0]] = cells
    print("| variant | simulator, DPOR (catalog scenario) | simulator, PCT (median of seeds) | Lincheck, race scenario "
          "| Lincheck, generated scenarios |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for m in bench["mutants"]:
        if not m["scenario"].startswith("variant-"):
            continue
        variant = m["scenario"][len("variant-"):].replace("-", "_")
        d = m["dpor"]
        n = d["executions_to_first"]
        sim = "%s (%s execution%s)" % (ms(d["seconds_to_first"]), count(n), "" if n == 1 else "s") \
            if d["found"] else "not found"
        p = m["pct"]
        pct = "%s (%d/%d seeds)" % (ms(p["median_seconds_to_first"]), p["found"], p["seeds"]) \
            if p["found"] else "not found"
        row = rows.get(variant)
        race = ("%s ms" % row[2]) if row and row[1].startswith("found") else ("not found" if row else "not modelled")
        gen = ("%s ms" % row[4]) if row and row[3].startswith("found") else ("not found" if row else "not modelled")
        print("| %s | %s | %s | %s | %s |" % (variant, sim, pct, race, gen))
    print()


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip())
    bench = json.load(open(sys.argv[1]))
    print("Measured in one run on %d cores, %s." % (bench["cores"], bench.get("java", "Java ?")))
    print()
    if "references" in bench:
        references(bench)
    if "mutants" in bench:
        mutants(bench)
    if "protocol_randomized" in bench:
        protocol(bench)
    if "stateful" in bench:
        stateful(bench)
    if len(sys.argv) == 3 and "mutants" in bench:
        lincheck(bench, sys.argv[2])


if __name__ == "__main__":
    main()
