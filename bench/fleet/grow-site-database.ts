// Grows a lab Site's source database to a given size for the fleet bench, and shrinks it back afterwards. The rows
// are WordPress-shaped: posts of HTML with links to the site's own URL, multibyte text, quotes and Gutenberg JSON
// (`https:\/\/...`), each with a PHP-serialized postmeta value that holds the URL too, so the stream replaces in
// plain, JSON-escaped and serialized values. They use their own post type, so the site's pages, REST counts and
// HTTP checks are those of the seeded site. Written straight into the source's MariaDB as root over its socket.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabState } from '../../lab/src/index.js';

const POST_TYPE = 'wpfleet_bench';
const BATCH = 5_000;

function mariadb(socket: string, database: string, sql: string): string {
  return execFileSync(
    'mariadb',
    [
      '--no-defaults',
      `--socket=${socket}`,
      '--default-character-set=utf8mb4',
      '-uroot',
      '-N',
      '-B',
      database,
    ],
    {
      input: sql,
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
}

function siteDb(lab: LabState, siteName: string) {
  const site = lab.sites.find((s) => s.name === siteName);
  if (!site) throw new Error(`no lab site ${siteName}`);
  if (site.multisite) throw new Error(`${siteName} is a multisite; grow a single site`);
  const root = lab.hosts.find((h) => h.name === site.host)!.root;
  const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  return {
    site,
    socket: join(root, 'run', 'mysqld', 'mysqld.sock'),
    posts: q(`${site.prefix}posts`),
    postmeta: q(`${site.prefix}postmeta`),
  };
}

/** Adds bench posts (and their postmeta) worth about `megabytes` of dump. */
export function growSiteDatabase(lab: LabState, siteName: string, megabytes: number): number {
  const { site, socket, posts, postmeta } = siteDb(lab, siteName);
  const url = site.url.replace(/\/+$/, '');
  const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const unit = `<p>Harbour lantern 東京 数据 🚀 it's "copper" <a href="${url}/bulk-`;
  const jsonUrl = url.replace(/\//g, '\\/');
  // Dump bytes per bench post, its postmeta row included (content, escapes, other columns): measured ~3.3 KB.
  const rowBytes = Math.round(1.23 * (24 * (Buffer.byteLength(unit) + 20) + 60 + jsonUrl.length));
  const rows = Math.ceil((megabytes * 1024 * 1024) / rowBytes);
  for (let from = 1; from <= rows; from += BATCH) {
    const to = Math.min(rows, from + BATCH - 1);
    mariadb(
      socket,
      site.db.name,
      `INSERT INTO ${posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status,
         comment_status, ping_status, post_name, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid,
         post_type, to_ping, pinged)
       SELECT 1, '2024-02-02 10:00:00', '2024-02-02 10:00:00',
         CONCAT(REPEAT(CONCAT(${sqlString(unit)}, seq, '/">meadow</a>\\n</p>'), 24),
           '<!-- wp:image {"url":"', ${sqlString(jsonUrl)}, '\\\\/wp-content\\\\/uploads\\\\/b-', seq, '.png"} /-->'),
         CONCAT('Bench bulk ', seq), '', 'publish', 'closed', 'closed', CONCAT('wpfleet-bench-', seq),
         '2024-02-02 10:00:00', '2024-02-02 10:00:00', '', 0, CONCAT(${sqlString(url)}, '/?post_type=${POST_TYPE}&p=', seq),
         '${POST_TYPE}', '', ''
       FROM seq_${from}_to_${to};`,
    );
  }
  mariadb(
    socket,
    site.db.name,
    `INSERT INTO ${postmeta} (post_id, meta_key, meta_value)
     SELECT ID, '_wpfleet_bench', CONCAT('a:2:{s:3:"url";s:', LENGTH(u), ':"', u, '";s:4:"size";i:', ID, ';}')
     FROM (SELECT ID, CONCAT(${sqlString(url)}, '/bulk-', ID, '/') AS u FROM ${posts} WHERE post_type = '${POST_TYPE}') AS bulk;`,
  );
  return rows;
}

/** Removes what growSiteDatabase added. */
export function shrinkSiteDatabase(lab: LabState, siteName: string): void {
  const { site, socket, posts, postmeta } = siteDb(lab, siteName);
  mariadb(
    socket,
    site.db.name,
    `DELETE m FROM ${postmeta} AS m JOIN ${posts} AS p ON p.ID = m.post_id WHERE p.post_type = '${POST_TYPE}';
     DELETE FROM ${posts} WHERE post_type = '${POST_TYPE}';`,
  );
}
