#!/usr/bin/env bash
# Every check and test, as CI runs them after `npm ci`; ends with the line
# "N passed, N failed" (static checks count as one test each).
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0
failed=0
check() {
  local name="$1"
  shift
  echo "== $name: $*"
  if "$@"; then
    passed=$((passed + 1))
    echo "== $name: ok"
  else
    failed=$((failed + 1))
    echo "== $name: FAILED"
  fi
}

check build npm run --silent build
check typecheck npm run --silent typecheck
check lint npm run --silent lint
check format npm run --silent format:check

# The machine-readable reports go to a temp folder (absolute paths), not the work tree.
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
results="$reports/vitest.json"
echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$results"
if [ -f "$results" ]; then
  read -r vp vf vs < <(node -e '
    const r = require(process.argv[1]);
    console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0), r.numPendingTests + r.numTodoTests);
  ' "$results")
else
  vp=0 vf=1 vs=0
  echo "vitest wrote no results"
fi
passed=$((passed + vp))
failed=$((failed + vf))
skipped=$vs

# Playwright suites, counted from their JSON reports: a skipped test is not
# a pass, and an error outside any test is a failure.
playwright_suite() {
  local name="$1" results="$2"
  shift 2
  echo "== $name (playwright)"
  # Absolute: Playwright resolves a relative name against the config's folder.
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results" npx playwright test "$@" --reporter=list,json
  local p f s
  if [ -f "$results" ]; then
    read -r p f s < <(node -e '
      const { stats, errors = [] } = require(process.argv[1]);
      const failed = stats.unexpected + stats.flaky + (errors.length > 0 && stats.unexpected === 0 ? 1 : 0);
      console.log(stats.expected, failed, stats.skipped);
    ' "$results")
  else
    p=0 f=1 s=0
    echo "playwright wrote no results for $name"
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  skipped=$((skipped + s))
}

# The built renderer in Chromium against a real `credvault ui` (the build above made both).
playwright_suite "end-to-end tests" "$reports/e2e.json"
# The desktop app under Playwright's _electron: runs where an Electron binary
# exists; elsewhere every test reports a skip with its reason (never a pass).
playwright_suite "desktop app tests" "$reports/electron.json" -c e2e/electron/playwright.config.ts

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
