#!/usr/bin/env bash
# Runs each JCStress suite against the protocol variants (and RCU breakages) it should catch, in the same short
# configuration as `mvn verify`, and prints one markdown row per pair: how many forks saw a FORBIDDEN outcome, out
# of how many, and the wall time. Build first: mvn -B -q -pl stress-tests -am package -DskipTests
# Usage: stress-tests/jcstress-mutants.sh [TIME_MS_PER_FORK]   (default 300, as in verify)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/target/stress-tests.jar"
time_ms=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pairs=(
  "ReaderVsAttachTest -Dmprogsim.stress.variants=in_place_update"
  "ReaderVsAttachTest -Dmprogsim.stress.variants=publish_before_fill"
  "ReaderVsAttachTest -Dmprogsim.stress.variants=reader_uses_count"
  "ReaderVsDetachTest -Dmprogsim.stress.variants=no_sync_after_swap"
  "ReaderVsDetachTest -Dmprogsim.stress.variants=commit_before_sync"
  "ReaderVsDetachTest -Dmprogsim.stress.variants=put_on_delete"
  "ReaderVsDetachTest -Dmprogsim.stress.variants=shrink_by_total"
  "ReaderVsLinkUpdateTest -Dmprogsim.stress.prog_free=immediate"
  "ReaderVsTeardownTest -Dmprogsim.stress.variants=uninstall_no_sync"
  "ReaderVsTeardownTest -Dmprogsim.stress.variants=uninstall_no_sync,bundle_free_no_rcu"
  "NetkitPeerReaderVsTeardownTest -Dmprogsim.stress.variants=uninstall_no_sync"
  "NetkitPeerReaderVsTeardownTest -Dmprogsim.stress.variants=bundle_free_no_rcu"
  "NetkitReaderVsEmptyAndRefillTest -Dmprogsim.stress.variants=no_sync_after_swap"
  "NetkitReaderVsEmptyAndRefillTest -Dmprogsim.stress.variants=commit_before_sync"
  "TwoWritersAppendTest -Dmprogsim.stress.variants=no_writer_lock"
  "TwoWritersAppendTest -Dmprogsim.stress.variants=no_revision_bump"
  "TwoWritersExpectedRevisionTest -Dmprogsim.stress.variants=no_writer_lock"
  "GracePeriodTest -Dmprogsim.stress.rcu_mutant=skip_wait"
  "GracePeriodTest -Dmprogsim.stress.rcu_mutant=no_reader_fence"
  "ReaderAnnouncementStoreBufferingTest -Dmprogsim.stress.rcu_mutant=no_reader_fence"
  "CallRcuTest -Dmprogsim.stress.rcu_mutant=skip_wait"
)
echo "| suite | switched on | forks with a FORBIDDEN outcome | wall time (s) | forbidden outcomes seen |"
echo "| --- | --- | --- | ---: | --- |"
for pair in "${pairs[@]}"; do
  suite=${pair%% *}
  prop=${pair#* }
  log="$work/$suite.log"
  start=$(date +%s)
  (cd "$work" && java -jar "$jar" -m sanity -time "$time_ms" -iters 1 -jvmArgs "-Xms128m -Xmx256m $prop" \
      -t "mprogsim.stress.jcstress.$suite\$" -r "$work/r" > "$log" 2>&1) || true
  took=$(( $(date +%s) - start ))
  summary=$(grep -E '^\(Results:' "$log" | tail -1 || true)
  planned=$(sed -E 's/.*Results: ([0-9]+) planned.*/\1/' <<< "$summary")
  failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$summary")
  # Distinct forbidden results with their sample counts, summed over forks.
  seen=$(awk '/RESULT +SAMPLES/{t=1;next} t&&/Forbidden/{n=$0; sub(/^ +/,"",n); split(n,a,/  +/); c[a[1]]+=a[2]} /^$/{t=0}
      END{for(k in c) if (c[k]>0) printf "%s`%s` x%d", (s++?"; ":""), k, c[k]}' "$log")
  echo "| $suite | ${prop#-D} | $failed / $planned | $took | ${seen:-none} |"
done
