#!/usr/bin/env bash
# The wpfleet demo, the README's main job: installs what is missing, brings the lab up and shows the fleet it
# made (each Site's WordPress version read over real SSH through the Host's own `wp`), then migrates that fleet —
# 6 sites from 2 source hosts to 2 target hosts, one of them multisite — in parallel with `wpfleet plan` and
# `wpfleet migrate`, and prints where the HTML report is. Re-running it first undoes the previous demo run.
set -euo pipefail
cd "$(dirname "$0")/.."
export COREPACK_INTEGRITY_KEYS="${COREPACK_INTEGRITY_KEYS:-0}"

bash scripts/bootstrap.sh
pnpm -s lab up

LAB_JSON="${WPFLEET_LAB_DIR:-/tmp/wpfleet-lab}/lab.json"
echo
echo "== Hosts"
node -e 'const l=require(process.argv[1]); for (const h of l.hosts) console.log(`${h.name.padEnd(6)} ${h.role.padEnd(6)} ${h.user}@${h.address}:${h.sshPort}  MariaDB :${h.dbPort}  HTTP :${h.httpPort}  ${h.hostKeyFingerprint}`)' "$LAB_JSON"
echo
echo "== Sites (WordPress version over SSH)"
node -e 'const l=require(process.argv[1]); for (const s of l.sites) console.log([s.host, s.name, s.path, s.url, s.prefix, s.multisite ? "multisite:" + s.subsites.join(",") : "single"].join("\t"))' "$LAB_JSON" |
  while IFS=$'\t' read -r host name path url prefix kind; do
    ssh_config="$(dirname "$LAB_JSON")/ssh_config"
    if ssh -n -F "$ssh_config" "$host" -- command -v wp >/dev/null 2>&1; then
      version="$(ssh -n -F "$ssh_config" "$host" -- wp --path="$path" core version)"
    else
      version="$(ssh -n -F "$ssh_config" "$host" -- php -r "include '$path/wp-includes/version.php'; echo \$wp_version;")"
    fi
    printf '%-8s on %-6s WordPress %-6s %-28s prefix %-6s %s\n' "$name" "$host" "$version" "$url" "$prefix" "$kind"
  done
echo
echo "== Target installs waiting for a migration"
node -e 'const l=require(process.argv[1]); for (const t of l.targets) console.log(`${t.site.padEnd(8)} on ${t.host.padEnd(6)} ${t.url.padEnd(28)} ${t.path}  db ${t.db.user}@${t.db.host}/${t.db.name}`)' "$LAB_JSON"

# ---- The main job: plan and migrate the lab fleet in parallel -------------------------------------------------
LAB_DIR="$(dirname "$LAB_JSON")"
DEMO_DIR="$PWD/.wpfleet/demo"
mkdir -p "$DEMO_DIR"
wpfleet() { node packages/cli/dist/bin.js "$@"; }

# The lab's fleet file, generated from lab.json (hosts by their ssh-config alias; DB passwords stay in wp-config.php).
WPFLEET_LAB_DIR="$LAB_DIR" pnpm -s lab fleet "$DEMO_DIR/fleet.yml" --global 6 --per-host 3
COMMON=(--fleet "$DEMO_DIR/fleet.yml" --ssh-config "$LAB_DIR/ssh_config")

# A previous demo made the targets live; put them back so this run starts from the same state.
if [ -f "$DEMO_DIR/last-run" ] && [ -d "$(cat "$DEMO_DIR/last-run")" ]; then
  previous="$(cat "$DEMO_DIR/last-run")"
  echo
  echo "== Undoing the previous demo run ($previous)"
  for site in $(wpfleet status --run-dir "$previous" --json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{for(const x of JSON.parse(s).sites)if(x.steps.swap==="succeeded"||x.steps.swap==="skipped")console.log(x.name)}catch{}})'); do
    wpfleet undo "$site" --run-dir "$previous" || true
  done
fi

RUN_DIR="$DEMO_DIR/runs/$(date -u +%Y%m%dT%H%M%SZ)"
echo "$RUN_DIR" > "$DEMO_DIR/last-run"
echo
echo "== Plan"
wpfleet plan "${COMMON[@]}" --run-dir "$RUN_DIR"
echo
echo "== Migrate (every site in parallel, bounded per host)"
status=0
wpfleet migrate "${COMMON[@]}" --run-dir "$RUN_DIR" --yes || status=$?
echo
wpfleet status --run-dir "$RUN_DIR" || true
echo
echo "HTML report: $RUN_DIR/report.html"
echo "Journal:     $RUN_DIR/journal.jsonl  (wpfleet resume --run-dir $RUN_DIR continues an interrupted run)"
exit "$status"
