#!/usr/bin/env bash
# One run, one machine: time to the first counterexample of each protocol variant, for the simulator (the catalog's
# variant scenarios, DPOR, from `mprogsim bench --json`) and for Lincheck (LincheckTimeToCounterexample: the
# variant's race scenario and generated scenarios). Prints the bench figures and that table as markdown
# (scripts/bench-tables.py), writes them to target/figures.md, and keeps the bench result in target/bench.json. Arguments go to `mprogsim bench` (default: --no-dfs).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package
mkdir -p target
bench=target/bench.json
[ $# -gt 0 ] || set -- --no-dfs
java -jar scenarios/target/mprogsim.jar bench --json "$@" > "$bench"
mvn -B -q -pl stress-tests -am test -Dsurefire.excludedGroups=none -Dgroups=measure \
    -Dtest=LincheckTimeToCounterexample -Dsurefire.failIfNoSpecifiedTests=false >/dev/null
python3 scripts/bench-tables.py "$bench" stress-tests/target/lincheck-time-to-counterexample.md | tee target/figures.md
