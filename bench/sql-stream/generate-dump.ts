// Writes a realistic, deterministic WordPress dump of a given size: mariadb-dump layout, ~1 MB extended
// INSERTs, posts with HTML and Gutenberg JSON, serialized options and attachment metadata, multibyte text.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { prng } from '../../lab/src/seed/seed-plan.js';

const OLD = 'https://old-agency-site.example.com';
const WORDS = [
  'lorem',
  'ipsum',
  'dolor',
  'sit',
  'amet',
  'café',
  'naïve',
  'Zoë',
  '日本語',
  'данные',
  'emoji 🚀',
  "it's",
  'a "quote"',
  'back\\slash',
  'über',
  'consectetur',
  'adipiscing',
  'elit',
];

const esc = (s: string) =>
  s.replace(
    /[\0\n\r\\'"]/g,
    (c) => ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"' })[c]!,
  );
const ser = (s: string) => `s:${Buffer.byteLength(s)}:"${s}";`;

function text(rnd: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += WORDS[Math.floor(rnd() * WORDS.length)] + ' ';
  return s;
}

function post(rnd: () => number, id: number): string {
  const img = `${OLD}/wp-content/uploads/2024/${String((id % 12) + 1).padStart(2, '0')}/img-${id}.jpg`;
  const json = JSON.stringify({ id, url: img, sizeSlug: 'large' }).replace(/\//g, '\\/');
  const body =
    `<!-- wp:paragraph -->\n<p>${text(rnd, 40)} <a href="${OLD}/page-${id}/">link</a></p>\n<!-- /wp:paragraph -->\n` +
    `<!-- wp:image ${json} -->\n<figure><img src="${img}" alt="${text(rnd, 3)}"/></figure>\n<!-- /wp:image -->\n` +
    `<p>${text(rnd, 60 + Math.floor(rnd() * 200))}</p>\n`;
  return `(${id},1,'2024-01-01 10:00:00','2024-01-01 10:00:00','${esc(body)}','Post ${id} ${esc(text(rnd, 4))}','','publish','open','open','','post-${id}','','','2024-01-02 10:00:00','2024-01-02 10:00:00','',0,'${OLD}/?p=${id}',0,'post','',0)`;
}

function postmeta(rnd: () => number, id: number): string {
  const file = `2024/05/img-${id}.jpg`;
  const meta = `a:4:{s:5:"width";i:1920;s:6:"height";i:1080;s:4:"file";${ser(file)}s:5:"sizes";a:1:{s:9:"thumbnail";a:3:{s:4:"file";${ser(`img-${id}-150x150.jpg`)}s:3:"url";${ser(`${OLD}/wp-content/uploads/${file}`)}s:7:"caption";${ser(text(rnd, 5))}}}}`;
  return `(${id},${id},'_wp_attachment_metadata','${esc(meta)}')`;
}

function option(rnd: () => number, id: number): string {
  const widget = `a:2:{i:${id};a:3:{s:5:"title";${ser(text(rnd, 3))}s:4:"text";${ser(`<a href="${OLD}/x">${text(rnd, 8)}</a>`)}s:6:"filter";b:0;}s:12:"_multiwidget";i:1;}`;
  return `(${id},'widget_${id}','${esc(widget)}','yes')`;
}

const TABLES: Record<
  string,
  { create: string; row: (rnd: () => number, id: number) => string; weight: number }
> = {
  wp_posts: {
    weight: 6,
    row: post,
    create:
      'CREATE TABLE `wp_posts` (\n  `ID` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `post_author` bigint(20) unsigned NOT NULL DEFAULT 0,\n  `post_date` datetime NOT NULL,\n  `post_date_gmt` datetime NOT NULL,\n  `post_content` longtext NOT NULL,\n  `post_title` text NOT NULL,\n  `post_excerpt` text NOT NULL,\n  `post_status` varchar(20) NOT NULL,\n  `comment_status` varchar(20) NOT NULL,\n  `ping_status` varchar(20) NOT NULL,\n  `post_password` varchar(255) NOT NULL,\n  `post_name` varchar(200) NOT NULL,\n  `to_ping` text NOT NULL,\n  `pinged` text NOT NULL,\n  `post_modified` datetime NOT NULL,\n  `post_modified_gmt` datetime NOT NULL,\n  `post_content_filtered` longtext NOT NULL,\n  `post_parent` bigint(20) unsigned NOT NULL,\n  `guid` varchar(255) NOT NULL,\n  `menu_order` int(11) NOT NULL,\n  `post_type` varchar(20) NOT NULL,\n  `post_mime_type` varchar(100) NOT NULL,\n  `comment_count` bigint(20) NOT NULL,\n  PRIMARY KEY (`ID`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;\n',
  },
  wp_postmeta: {
    weight: 3,
    row: postmeta,
    create:
      'CREATE TABLE `wp_postmeta` (\n  `meta_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `post_id` bigint(20) unsigned NOT NULL DEFAULT 0,\n  `meta_key` varchar(255) DEFAULT NULL,\n  `meta_value` longtext DEFAULT NULL,\n  PRIMARY KEY (`meta_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;\n',
  },
  wp_options: {
    weight: 1,
    row: option,
    create:
      'CREATE TABLE `wp_options` (\n  `option_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `option_name` varchar(191) NOT NULL,\n  `option_value` longtext NOT NULL,\n  `autoload` varchar(20) NOT NULL,\n  PRIMARY KEY (`option_id`)\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;\n',
  },
};

export const OLD_URL = OLD;

/** Writes about `bytes` bytes of dump to `path`. */
export async function generateDump(path: string, bytes: number, seed = 42): Promise<number> {
  const rnd = prng(seed);
  const out = createWriteStream(path);
  let written = 0;
  const write = async (s: string) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(
    '/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n/*!40101 SET NAMES utf8mb4 */;\n',
  );
  const totalWeight = Object.values(TABLES).reduce((n, t) => n + t.weight, 0);
  for (const [name, t] of Object.entries(TABLES)) {
    const budget = (bytes * t.weight) / totalWeight;
    await write(
      `\n--\n-- Table structure for table \`${name}\`\n--\n\nDROP TABLE IF EXISTS \`${name}\`;\n${t.create}\nLOCK TABLES \`${name}\` WRITE;\n`,
    );
    const start = written;
    let id = 1;
    while (written - start < budget) {
      let stmt = `INSERT INTO \`${name}\` VALUES `;
      let first = true;
      while (stmt.length < 1_000_000 && written - start + stmt.length < budget) {
        stmt += (first ? '' : ',') + t.row(rnd, id++);
        first = false;
      }
      if (first) stmt += t.row(rnd, id++);
      await write(stmt + ';\n');
    }
    await write('UNLOCK TABLES;\n');
  }
  await write('-- Dump completed\n');
  out.end();
  await once(out, 'finish');
  return written;
}
