#!/usr/bin/env bash
# One run, one machine: time to the first counterexample of each protocol variant, for the simulator (the catalog's
# variant scenarios, DPOR, from `mprogsim bench --json`) and for Lincheck (LincheckTimeToCounterexample: the
# variant's race scenario and generated scenarios). Prints a markdown table; writes it to target/compare.md too.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
bench=$(mktemp)
java -jar scenarios/target/mprogsim.jar bench --json --no-dfs --repeat 3 > "$bench"
mvn -B -q -pl stress-tests -am test -Dsurefire.excludedGroups=none -Dgroups=measure \
    -Dtest=LincheckTimeToCounterexample -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
mkdir -p target
python3 - "$bench" stress-tests/target/lincheck-time-to-counterexample.md <<'PY' | tee target/compare.md
import json, sys
bench = json.load(open(sys.argv[1]))
sim = {}
for m in bench["mutants"]:
    variant = m["scenario"].removeprefix("variant-").replace("-", "_")
    sim[variant] = m
rows = {}
for line in open(sys.argv[2]):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 5 and cells[0] not in ("variant", "---") and not cells[0].startswith("("):
        rows[cells[0]] = cells
print("| variant | simulator (DPOR, catalog scenario) | Lincheck, race scenario | Lincheck, generated scenarios |")
print("| --- | ---: | ---: | ---: |")
for variant, m in sim.items():
    s = "%.2f ms (%d executions)" % (m["seconds_to_first"] * 1000, m["executions_to_first"]) if m["found"] else "not found"
    l = rows.get(variant)
    race = ("%s ms" % l[2]) if l and l[1].startswith("found") else ("not found" if l else "not modelled")
    gen = ("%s ms" % l[4]) if l and l[3].startswith("found") else ("not found" if l else "not modelled")
    print("| %s | %s | %s | %s |" % (variant, s, race, gen))
PY
rm -f "$bench"
