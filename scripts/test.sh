#!/usr/bin/env bash
# The test command: installs what is missing, checks formatting, lints, typechecks the tests, looks for unused code
# (knip), then runs every test (unit and lab).
# Ends with one line `N passed, N failed` counted by vitest itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
pnpm --version >/dev/null 2>&1 || export COREPACK_INTEGRITY_KEYS=0

# The house habits first, fast to slow: formatting, lint (type-aware), the tests' types, unused code and deps.
pnpm format:check
pnpm lint
pnpm typecheck:tests
pnpm knip
mkdir -p test-results
status=0
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node scripts/summarize-tests.mjs test-results/vitest.json || status=1
exit "$status"
