#!/usr/bin/env bash
# Renders sample HTML reports (a check report, a trace with memory state and variant marks, charts of timed runs)
# and opens each in headless Chromium: saves a screenshot, and fails when the browser logs a console error or the
# rendered page lacks what it should show. Needs chromium (apt-get install -y chromium); not part of .ci/run.
#
#   scripts/check-html-report.sh [OUT_DIR]      default OUT_DIR: target/html-check
#   scripts/check-html-report.sh --self-test    shows that a console error is caught (a page that logs one)
#
# Exit 0 when every page passed, 1 when one did not, 3 when no Chromium is installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
    echo "check-html-report: no chromium found (apt-get install -y chromium)" >&2
    exit 3
fi

self_test=false
if [ "${1:-}" = "--self-test" ]; then
    self_test=true
    shift
fi
out=${1:-$root/target/html-check}
mkdir -p "$out"
out=$(cd "$out" && pwd)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

browser() {
    # --no-sandbox: containers and CI runners often run as root, where the sandbox refuses to start.
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

failures=0

# check_page NAME FILE NEEDLE...: screenshot, console errors, and each NEEDLE (a fixed string) in the rendered DOM.
check_page() {
    local name=$1 page=$2
    shift 2
    local log=$out/$name.log
    browser --window-size=1400,1000 --screenshot="$out/$name.png" "file://$page" >/dev/null 2>"$log" || true
    browser --dump-dom "file://$page" >"$out/$name.dom" 2>>"$log" || true
    local problems=()
    # Chromium logs every console message of a page, errors and failed loads included, as CONSOLE lines; the
    # reports have no scripts, so any such line is a problem.
    if grep -E 'CONSOLE[(:]|Uncaught' "$log" >"$out/$name.console"; then
        problems+=("console: $(head -c 400 "$out/$name.console")")
    fi
    [ -s "$out/$name.png" ] || problems+=("no screenshot")
    grep -q '</body>' "$out/$name.dom" || problems+=("no rendered DOM")
    local needle
    for needle in "$@"; do
        grep -qF -- "$needle" "$out/$name.dom" || problems+=("missing in the rendered page: $needle")
    done
    if [ ${#problems[@]} -eq 0 ]; then
        echo "ok   $name: $out/$name.png"
    else
        failures=$((failures + 1))
        echo "FAIL $name ($page):"
        printf '       %s\n' "${problems[@]}"
    fi
}

if $self_test; then
    page=$out/console-error.html
    printf '<!DOCTYPE html><html><body><p>x</p><script>console.error("deliberate error")</script></body></html>\n' \
        >"$page"
    check_page console-error "$page" '<p>x</p>'
    if [ "$failures" -eq 1 ]; then
        echo "self-test: the console error was caught"
        exit 0
    fi
    echo "self-test: a page that logs a console error passed" >&2
    exit 1
fi

jar=$root/scenarios/target/mprogsim.jar
if [ ! -f "$jar" ] || [ -n "$(find "$root"/*/src "$root"/pom.xml "$root"/*/pom.xml -newer "$jar" -type f | head -1)" ]; then
    echo "building $jar"
    (cd "$root" && mvn -B -q -o -DskipTests -Djcstress.skip=true package)
fi

catalog=$root/scenarios/catalog
java -jar "$jar" check --no-time --html "$out/check.html" "$catalog/variants/commit-before-sync.json" \
    "$catalog/variants/no-writer-lock.json" "$catalog/variants/no-sync-after-swap.json" \
    "$catalog/protocol/two-writers.json" >"$out/check.txt"
java -cp "$jar" mprogsim.reports.RenderHtml report \
    "$root/reports/src/test/resources/mprogsim/reports/report-with-memory.json" "$out/memory.html"
java -jar "$jar" simulate --no-time -o "$out/simulate.json" "$catalog/timed/grace-period-vs-pass-time.json" \
    "$catalog/timed/steady-reader-stream.json"
java -cp "$jar" mprogsim.reports.RenderHtml timed "$out/simulate.json" "$out/charts.html"

check_page check "$out/check.html" 'class="swimlane"' 'class="trace-scroll"' 'never stepped'
check_page memory "$out/memory.html" 'memory after the step' 'class="state"' 'class="variant"'
check_page charts "$out/charts.html" '<svg' 'class="bar"' 'grace periods (synchronize_rcu) by prog_run' \
    'class="warning saturated"'

if [ "$failures" -ne 0 ]; then
    echo "$failures page(s) failed"
    exit 1
fi
echo "all pages rendered without console errors; screenshots in $out"
