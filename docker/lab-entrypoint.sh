#!/usr/bin/env bash
# Container entry: bring the lab up, run the given command (or wait), and bring the lab down on stop.
set -euo pipefail
cd /wpfleet
pnpm -s lab up
trap 'pnpm -s lab down; exit 0' TERM INT
if [ "$#" -gt 0 ]; then
  status=0
  "$@" || status=$?
  pnpm -s lab down
  exit "$status"
fi
echo "lab: up; try 'docker compose exec lab pnpm test:lab' or 'docker compose exec lab bash scripts/demo.sh'"
sleep infinity &
wait $!
