#!/usr/bin/env bash
# Mutation testing with PIT (pitest-maven, profile -Pmutation in the root pom): mutates the production classes of
# model and scheduler with PIT's DEFAULTS mutators and runs each module's own unit tests against every mutant.
# Not part of .ci/run: a full run takes tens of minutes on two cores. docs/mutation.md says which tests are left
# out and which surviving mutants were judged equivalent.
#
#   scripts/mutation-score.sh [MODULE...]     MODULE: model, scheduler (default: both)
#
# Environment: PIT_THREADS (default 2), MVN_FLAGS (extra maven flags, e.g. -o once pitest is in ~/.m2).
# Reports: MODULE/target/pit-reports/index.html (HTML) and mutations.xml (XML); maven's log: target/mutation-score.log.
# Prints one line per module, then, as its last line, the score over all modules run:
#   mutation score: N% (K of M killed)
# "Killed" is what PIT calls detected: a test failed, or the mutant timed out or crashed its JVM. Mutants no test
# covers count as survivors.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

modules=("$@")
if [ ${#modules[@]} -eq 0 ]; then
    modules=(model scheduler)
fi
skip_model=true
skip_scheduler=true
for m in "${modules[@]}"; do
    case "$m" in
        model) skip_model=false ;;
        scheduler) skip_scheduler=false ;;
        *) echo "mutation-score: unknown module '$m' (model, scheduler)" >&2; exit 2 ;;
    esac
done

for m in "${modules[@]}"; do
    rm -rf "$m/target/pit-reports"
done

mkdir -p target
log=target/mutation-score.log
# model needs scheduler in the reactor either way; the skip switches say which of them PIT mutates.
# shellcheck disable=SC2086
if ! mvn -B ${MVN_FLAGS:-} -Pmutation -pl scheduler,model -Djcstress.skip=true \
        -Dpit.threads="${PIT_THREADS:-2}" -Dpit.skip.model="$skip_model" -Dpit.skip.scheduler="$skip_scheduler" \
        test-compile org.pitest:pitest-maven:mutationCoverage >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "mutation-score: the PIT run failed (log above)" >&2
    exit 1
fi

total_killed=0
total_mutants=0
for m in "${modules[@]}"; do
    xml="$m/target/pit-reports/mutations.xml"
    if [ ! -s "$xml" ]; then
        echo "mutation-score: no report at $xml" >&2
        exit 1
    fi
    # one <mutation ...> element per mutant; detected='true' for killed, timed out, memory or run error
    mutants=$(grep -o "<mutation " "$xml" | wc -l)
    killed=$(grep -o "<mutation detected='true'" "$xml" | wc -l)
    survived=$(grep -o "status='SURVIVED'" "$xml" | wc -l)
    uncovered=$(grep -o "status='NO_COVERAGE'" "$xml" | wc -l)
    echo "$m: $((mutants == 0 ? 0 : 100 * killed / mutants))% ($killed of $mutants killed; $survived survived," \
        "$uncovered not covered) report: $xml"
    total_killed=$((total_killed + killed))
    total_mutants=$((total_mutants + mutants))
done
echo "mutation score: $((total_mutants == 0 ? 0 : 100 * total_killed / total_mutants))% ($total_killed of $total_mutants killed)"
