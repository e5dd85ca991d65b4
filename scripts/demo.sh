#!/usr/bin/env bash
# The wpfleet demo: installs what is missing, brings the lab up and shows the fleet it made, each Site's
# WordPress version read over real SSH through the Host's own `wp`. (The migration part comes later.)
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
