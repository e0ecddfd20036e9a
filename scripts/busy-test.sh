#!/usr/bin/env bash
# Runs the test suite N times beside a CPU hog (one node busy-loop per core, started here and stopped at exit)
# and prints pass/fail and the duration of each run: issue 18 asks that `npm test` pass 10 times in a row on a
# busy machine and stay under 15 minutes.
#   scripts/busy-test.sh N            `npm test` N times (typecheck, lint, unit + integration, e2e)
#   scripts/busy-test.sh N --unit     `npm run test:unit` N times (vitest only: no build, no browser)
#   scripts/busy-test.sh N --unit PATH...   only those vitest files (a quick check of the script itself)
#   HOGS=k                            k busy loops instead of one per core
# Exit status: 0 when every run passed. Each run's output is kept in $BUSY_LOGS (default a temp folder).
set -u
N="${1:-}"
if ! [[ "$N" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/busy-test.sh N [--unit]  (N: how many runs, at least 1)" >&2
  exit 2
fi
MODE="${2:-full}"
case "$MODE" in
  full) CMD=(npm test) ;;
  --unit) CMD=(npm run -s test:unit -- "${@:3}") ;;
  *) echo "unknown option $MODE (only --unit)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.." || exit 2
HOGS="${HOGS:-$(node -p 'require("node:os").availableParallelism()')}"
LOGS="${BUSY_LOGS:-$(mktemp -d -t busy-test-XXXXXX)}"
mkdir -p "$LOGS"

pids=()
stop_hogs() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  pids=()
}
trap stop_hogs EXIT
trap 'stop_hogs; exit 130' INT TERM
for _ in $(seq "$HOGS"); do
  # A busy loop that also churns a little memory, so the collector runs too.
  node -e 'let a = []; for (;;) { a.push({ n: Math.random() }); if (a.length > 1e5) a = []; }' &
  pids+=("$!")
done
echo "busy-test: ${N} run(s) of '${CMD[*]}' beside ${HOGS} busy loop(s) (pids ${pids[*]}); logs in ${LOGS}"

failed=0
for i in $(seq "$N"); do
  start=$(date +%s)
  "${CMD[@]}" >"$LOGS/run-$i.log" 2>&1
  status=$?
  secs=$(( $(date +%s) - start ))
  if [ "$status" -eq 0 ]; then verdict=pass; else verdict="FAIL (exit $status)"; failed=$((failed + 1)); fi
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$LOGS/run-$i.log" | grep -aE '^ *Tests ' | tail -1 | sed 's/^ *//')
  printf 'run %d/%d: %s in %dm%02ds  %s\n' "$i" "$N" "$verdict" $((secs / 60)) $((secs % 60)) "$summary"
  if [ "$status" -ne 0 ]; then grep -aE 'FAIL|✗|×' "$LOGS/run-$i.log" | sed 's/\x1b\[[0-9;]*m//g' | head -10 | sed 's/^/    /'; fi
done
echo "busy-test: $((N - failed))/${N} passed"
[ "$failed" -eq 0 ]
