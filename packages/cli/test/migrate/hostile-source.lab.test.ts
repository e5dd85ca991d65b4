// A hostile source migrates next to a normal one, through the BUILT binary on the lab's real hosts: its database,
// wp-config.php, wp-content and authorized_keys are crafted input. Each payload must be refused with a clear error
// or carried as inert data; the target's live tables and the operator's key line stay byte for byte as they were.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RunEvent } from '@wpfleet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxServerBlock, readLabState, writeLabFleet, type LabState } from '@wpfleet/lab';
import { dbSocket, sql, tableDigests } from './lab-snapshot.js';
import { runCli } from '../run-cli/run-cli.js';
import { undoLastDemoRun } from './undo-last-demo-run.js';

const NAME = 'hostile';
const DOMAIN = 'hostile.lab.test';
const URL_ = `http://${DOMAIN}`;
const SOURCE_DB = 'wp_hostile';
const TARGET_DB = 'hostile_live';
// Another install's tables in the source database (`wp2_`): enough of them that the export names the site's tables
// (--tables) rather than the others, and its users table is what `wp_x,wp2_users` names once WP-CLI splits that list
// on commas.
const OTHER_USERS = 'wp2_users';
const OTHER_TABLES = [OTHER_USERS, ...Array.from({ length: 16 }, (_, i) => `wp2_another_install_table_${i}`)];
// Dumped last (tables go in name order), so the payloads before it reach the import before it fails.
const COMMENT_TABLE = 'wp_zz_hostile_a';

let lab: LabState;
let work: string;

beforeAll(async () => {
  await undoLastDemoRun();
  lab = readLabState();
  work = mkdtempSync(join(tmpdir(), 'wpfleet-hostile-'));
});

afterAll(() => {
  if (process.env['WPFLEET_TEST_KEEP'] !== '1') rmSync(work, { recursive: true, force: true });
});

const hostOf = (name: string) => lab.hosts.find((h) => h.name === name)!;
const homeOf = (user: string) =>
  execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).split(':')[5]!;
const phpString = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A copy of a lab database's WordPress tables (those under `prefix`) into a new database with its own user. */
function copyDatabase(
  host: string,
  from: string,
  prefix: string,
  to: string,
  user: string,
  password: string,
): void {
  const tables = sql(lab, host, `SHOW TABLES FROM \`${from}\` LIKE '${prefix.replace(/_/g, '\\_')}%'`)
    .split('\n')
    .filter(Boolean);
  const dump = execFileSync(
    'mariadb-dump',
    [
      '--no-defaults',
      `--socket=${dbSocket(lab, host)}`,
      '-uroot',
      '--single-transaction',
      '--skip-triggers',
      from,
      ...tables,
    ],
    { maxBuffer: 1 << 30 },
  );
  sql(
    lab,
    host,
    `CREATE DATABASE \`${to}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'; GRANT ALL PRIVILEGES ON \`${to}\`.* TO '${user}'@'%';`,
  );
  execFileSync('mariadb', ['--no-defaults', `--socket=${dbSocket(lab, host)}`, '-uroot', to], {
    input: dump,
  });
  sql(
    lab,
    host,
    `UPDATE \`${to}\`.\`${prefix}options\` SET option_value = '${URL_}' WHERE option_name IN ('home', 'siteurl')`,
  );
}

/** wp-config.php of `fromPath`, pointed at another database and user. */
function configFor(fromPath: string, db: string, user: string, password: string, extra = ''): string {
  return readFileSync(join(fromPath, 'wp-config.php'), 'utf8')
    .replace(/define\('DB_NAME', '[^']*'\);/, `define('DB_NAME', ${phpString(db)});`)
    .replace(/define\('DB_USER', '[^']*'\);/, `define('DB_USER', ${phpString(user)});`)
    .replace(/define\('DB_PASSWORD', '[^']*'\);/, `define('DB_PASSWORD', ${phpString(password)});`)
    .replace(
      "require_once ABSPATH . 'wp-settings.php';",
      `${extra}require_once ABSPATH . 'wp-settings.php';`,
    );
}

/** Every trigger of a database, with the table it fires on. */
function triggers(host: string, db: string): string[] {
  return sql(
    lab,
    host,
    `SELECT CONCAT(TRIGGER_NAME, ' ON ', EVENT_OBJECT_TABLE) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${db}' ORDER BY 1`,
  )
    .split('\n')
    .filter(Boolean);
}

function tableNames(host: string, db: string): string[] {
  return sql(lab, host, `SHOW TABLES FROM \`${db}\``).split('\n').filter(Boolean).sort();
}

/** The live tables of the target database: everything but wpfleet's staging (wpfs_) and backup (wpfb_) copies. */
const isLive = (table: string) => !/^wpf[sb]\d*_/.test(table);

/** The lab's nginx serves the hostile site's source and target too (one server block each), reloaded. */
function serveInNginx(blocks: string): () => void {
  const dir = join(lab.dir, 'web');
  const conf = join(dir, 'nginx.conf');
  const original = readFileSync(conf);
  const reload = () =>
    execFileSync('/usr/sbin/nginx', [
      '-e',
      join(dir, 'nginx-error.log'),
      '-c',
      conf,
      '-p',
      dir,
      '-s',
      'reload',
    ]);
  writeFileSync(conf, original.toString('utf8').replace(/\}\s*$/, `${blocks}\n}\n`));
  reload();
  return () => {
    writeFileSync(conf, original);
    reload();
  };
}

describe('a hostile source site', () => {
  it('is refused with a clear error or carried as inert data, leaves the target live tables and the operator key line as they were, and the other site still migrates', async () => {
    const blog = lab.sites.find((s) => s.name === 'blog')!;
    const blogTarget = lab.targets.find((t) => t.site === 'blog')!;
    const [src, tgt] = [hostOf(blog.host), hostOf(blogTarget.host)];
    const sourcePath = join(dirname(blog.path), NAME);
    // tgt-1 keeps its docroots one level down (var/www/{site}/public): the site directory holds wpfleet's work area.
    const targetSiteDir = join(dirname(dirname(blogTarget.path)), NAME);
    const targetPath = join(targetSiteDir, 'public');
    const [sourcePassword, targetPassword] = [
      randomBytes(12).toString('hex'),
      randomBytes(12).toString('hex'),
    ];
    const [sourceUser, targetUser] = ['hostile_src', 'hostile_tgt'];
    const runDir = join(work, 'run');
    const undo: Array<() => void> = [];
    const problems: unknown[] = [];

    // The operator's own key line in the source user's authorized_keys, without a final newline.
    const sshDir = join(homeOf(src.user), '.ssh');
    const keysFile = join(sshDir, 'authorized_keys');
    const keysBefore = existsSync(keysFile)
      ? { bytes: readFileSync(keysFile), mode: statSync(keysFile).mode & 0o777 }
      : undefined;
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'operator@laptop',
      '-f',
      join(work, 'operator'),
    ]);
    const operatorLine = readFileSync(join(work, 'operator.pub'), 'utf8').trim();

    try {
      // ---- the hostile source: blog's files and tables, under a name and database of its own
      undo.push(() => rmSync(sourcePath, { recursive: true, force: true }));
      execFileSync('cp', ['-a', blog.path, sourcePath]);
      undo.push(() =>
        sql(
          lab,
          src.name,
          `DROP DATABASE IF EXISTS \`${SOURCE_DB}\`; DROP USER IF EXISTS '${sourceUser}'@'%';`,
        ),
      );
      copyDatabase(src.name, blog.db.name, blog.prefix, SOURCE_DB, sourceUser, sourcePassword);
      // (d) wp-config.php prints SQL on stdout around the dump: before it (at load) and after it (at shutdown).
      const printsSql = [
        `if (in_array('export', $GLOBALS['argv'] ?? [], true)) {`,
        '    echo "CREATE TABLE hostile_d_before (x INT);\\n";',
        '    register_shutdown_function(function () { echo "\\nCREATE TABLE hostile_d_after (x INT);\\n"; });',
        '}',
        '',
      ].join('\n');
      writeFileSync(
        join(sourcePath, 'wp-config.php'),
        configFor(blog.path, SOURCE_DB, sourceUser, sourcePassword, printsSql),
      );
      const sdb = `\`${SOURCE_DB}\``;
      sql(
        lab,
        src.name,
        [
          `USE ${sdb};`,
          // (a) The old DEFINER rewrite took `DEFINER=',\n  `q'@h` for a clause and cut it out, which ended the comment
          // early and left `DROP TABLE wp_users` outside any quotes.
          `CREATE TABLE \`${COMMENT_TABLE}\` (\`id\` INT COMMENT 'x DEFINER=', \`q'@h\` INT, \`z\` INT COMMENT '); DROP TABLE wp_users; -- ') ENGINE=InnoDB;`,
          // (b) A trigger whose name reads like the end of its own header.
          'CREATE TRIGGER `x FOR EACH ROW` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.post_title = NEW.post_title;',
          // (c) A table whose name is a table list, and the other install's table it names.
          'CREATE TABLE `wp_x,wp2_users` (id INT) ENGINE=InnoDB;',
          'CREATE TABLE `wp_x` (id INT) ENGINE=InnoDB;',
          ...OTHER_TABLES.map(
            (t) =>
              `CREATE TABLE \`${t}\` LIKE \`wp_users\`; INSERT INTO \`${t}\` SELECT * FROM \`wp_users\`;`,
          ),
        ].join('\n'),
      );
      // wp-content/__proto__/ with a file in it: a path that is also the name of every object's prototype. One at the
      // top of wp-content (counted by the file manifest, not a directory wpfleet manages) and one in uploads (copied).
      for (const dir of ['__proto__', join('uploads', '__proto__')]) {
        mkdirSync(join(sourcePath, 'wp-content', dir));
        writeFileSync(join(sourcePath, 'wp-content', dir, 'polluted.txt'), 'isAdmin: true\n');
      }
      execFileSync('chown', [
        '-R',
        `${src.user}:`,
        join(sourcePath, 'wp-content', '__proto__'),
        join(sourcePath, 'wp-content', 'uploads', '__proto__'),
        join(sourcePath, 'wp-config.php'),
      ]);
      undo.push(() => {
        if (keysBefore) {
          writeFileSync(keysFile, keysBefore.bytes, { mode: keysBefore.mode });
          execFileSync('chown', [`${src.user}:`, keysFile]);
        } else rmSync(keysFile, { force: true });
      });
      if (!existsSync(sshDir)) {
        mkdirSync(sshDir, { mode: 0o700 });
        chownSync(sshDir, statSync(homeOf(src.user)).uid, statSync(homeOf(src.user)).gid);
        undo.push(() => rmSync(sshDir, { recursive: true, force: true }));
      }
      writeFileSync(keysFile, operatorLine, { mode: 0o600 });
      execFileSync('chown', [`${src.user}:`, keysFile]);

      // ---- its target: a copy of blog's waiting install on the same target host
      undo.push(() =>
        sql(
          lab,
          tgt.name,
          `DROP DATABASE IF EXISTS \`${TARGET_DB}\`; DROP USER IF EXISTS '${targetUser}'@'%';`,
        ),
      );
      undo.push(() => rmSync(targetSiteDir, { recursive: true, force: true }));
      mkdirSync(targetSiteDir);
      execFileSync('cp', ['-a', blogTarget.path, targetPath]);
      execFileSync('chown', [`${tgt.user}:`, targetSiteDir]);
      copyDatabase(tgt.name, blogTarget.db.name, blogTarget.prefix, TARGET_DB, targetUser, targetPassword);
      writeFileSync(
        join(targetPath, 'wp-config.php'),
        configFor(blogTarget.path, TARGET_DB, targetUser, targetPassword),
      );
      execFileSync('chown', [`${tgt.user}:`, join(targetPath, 'wp-config.php')]);

      const port = /listen [\d.]+:(\d+);/.exec(readFileSync(join(lab.dir, 'web', 'nginx.conf'), 'utf8'))![1]!;
      const socket = (host: string) => join(lab.dir, 'web', `${host}.sock`);
      undo.push(
        serveInNginx(
          [
            { host: src, root: sourcePath },
            { host: tgt, root: targetPath },
          ]
            .map(({ host, root }) =>
              nginxServerBlock({
                address: host.address,
                port,
                domain: DOMAIN,
                root,
                socket: socket(host.name),
                multisite: false,
              }),
            )
            .join(''),
        ),
      );

      const file = writeLabFleet(join(work, 'fleet.yml'), lab, {
        only: ['blog'],
        defaults: {
          concurrency: { global: 4, perHost: 2 },
          retries: { attempts: 1, baseDelayMs: 300, maxDelayMs: 1000 },
          waves: { maxSize: 10, stopOnWaveFailure: false, maxFailedFraction: 1 },
        },
        extraSites: {
          [NAME]: {
            source: { host: src.name, path: sourcePath, url: URL_ },
            target: {
              host: tgt.name,
              path: targetPath,
              url: URL_,
              db: {
                name: TARGET_DB,
                user: targetUser,
                host: blogTarget.db.host,
                port: blogTarget.db.port,
                passwordFrom: 'wp-config',
              },
            },
            tags: ['lab', 'hostile'],
          },
        },
      });
      const args = ['--fleet', file, '--ssh-config', lab.sshConfig];
      const liveBefore = tableDigests(lab, tgt.name, TARGET_DB);
      const triggersBefore = triggers(tgt.name, TARGET_DB);
      expect(triggersBefore).toEqual([]);

      // ---- the runs. A refused payload must be refused with its own clear error, before anything of it is live;
      // the operator then takes that payload away on the source and resumes, until what is left migrates as data.
      const payloads = {
        'comma table': {
          code: /^WPF_TABLE_NAME_UNLISTABLE$/,
          message: /wp_x,wp2_users/,
          remove: () => sql(lab, src.name, `DROP TABLE ${sdb}.\`wp_x,wp2_users\``),
        },
        'wp-config output': {
          code: /^WPF_SQL_/,
          message: /byte 0\b|dump header|not .*dump/i,
          remove: () =>
            writeFileSync(
              join(sourcePath, 'wp-config.php'),
              configFor(blog.path, SOURCE_DB, sourceUser, sourcePassword),
            ),
        },
        'trigger name': {
          code: /^WPF_SQL_/,
          message: /x FOR EACH ROW|trigger/i,
          remove: () => sql(lab, src.name, `DROP TRIGGER ${sdb}.\`x FOR EACH ROW\``),
        },
        'comment table': {
          code: /^WPF_SQL_/,
          message: new RegExp(COMMENT_TABLE),
          remove: () => sql(lab, src.name, `DROP TABLE ${sdb}.\`${COMMENT_TABLE}\``),
        },
      } satisfies Record<string, { code: RegExp; message: RegExp; remove: () => void }>;
      type Payload = keyof typeof payloads;
      const refused: Payload[] = [];
      let hostile: { status: string; error?: { code: string; message: string } } | undefined;
      let tablesNow: string[] = [];
      const plan = await runCli(['plan', ...args, '--run-dir', runDir], { built: true });
      expect(plan.code, plan.stderr).toBe(0);
      for (let attempt = 0; attempt <= Object.keys(payloads).length; attempt++) {
        const run = await runCli(
          attempt === 0
            ? ['migrate', ...args, '--run-dir', runDir, '--yes', '--json']
            : ['resume', '--run-dir', runDir, '--json'],
          { built: true },
        );
        const failed = run.events.filter(
          (e): e is Extract<RunEvent, { type: 'step-failed' }> => e.type === 'step-failed',
        );
        const detail = `${run.stderr}\n${failed.map((e) => JSON.stringify(e)).join('\n')}`;
        const summary = run.events.find(
          (e): e is Extract<RunEvent, { type: 'run-finished' }> => e.type === 'run-finished',
        )?.summary;
        expect.soft([0, 1], `exit code ${run.code}: ${detail}`).toContain(run.code);
        if (attempt === 0)
          expect.soft(summary?.sites['blog']?.status, `the normal site: ${detail}`).toBe('succeeded');
        hostile = summary?.sites[NAME];
        tablesNow = tableNames(tgt.name, TARGET_DB);
        // The stream never created what wp-config.php printed or the split list named, anywhere in the target database.
        expect
          .soft(
            tablesNow.filter(
              (t) => t.startsWith('hostile_d_') || t.startsWith('wp2_') || t.startsWith('wpfs_another'),
            ),
            'tables made of wp-config.php output or the split list',
          )
          .toEqual([]);
        if (hostile?.status !== 'failed') break;
        // Refused: nothing of it is live, no trigger at all on a live table, no live table changed.
        expect
          .soft(
            triggers(tgt.name, TARGET_DB).filter((t) => isLive(t.split(' ON ').pop()!)),
            'triggers on live tables',
          )
          .toEqual([]);
        expect
          .soft(
            Object.fromEntries(
              Object.entries(tableDigests(lab, tgt.name, TARGET_DB)).filter(([t]) => isLive(t)),
            ),
            'live tables of the target, byte for byte',
          )
          .toEqual(liveBefore);
        const which = (Object.keys(payloads) as Payload[]).find(
          (name) =>
            !refused.includes(name) &&
            payloads[name].code.test(hostile?.error?.code ?? '') &&
            payloads[name].message.test(hostile?.error?.message ?? ''),
        );
        expect(which, `a refusal that names its payload: ${detail}`).toBeDefined();
        refused.push(which!);
        payloads[which!].remove();
      }
      // What was not refused is carried over as data in the migrated site, and none of it ran.
      expect.soft(hostile?.status, `the hostile site after refusing ${refused.join(', ')}`).toBe('succeeded');
      expect
        .soft(refused, 'the comma table cannot be listed and the wp-config.php output is not a dump')
        .toEqual(expect.arrayContaining(['comma table', 'wp-config output']));
      if (!refused.includes('comment table')) {
        const comments = sql(
          lab,
          tgt.name,
          `SELECT COLUMN_NAME, COLUMN_COMMENT FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '${TARGET_DB}' AND TABLE_NAME = '${COMMENT_TABLE}' ORDER BY ORDINAL_POSITION`,
        );
        expect.soft(comments).toBe("id\tx DEFINER=\nq'@h\t\nz\t); DROP TABLE wp_users; -- \n");
      }
      if (!refused.includes('trigger name')) {
        expect
          .soft(triggers(tgt.name, TARGET_DB), 'the trigger, carried with its table')
          .toEqual(['x FOR EACH ROW ON wp_posts']);
      }
      expect.soft(tablesNow).toContain('wp_users');
      // Files named __proto__ are files: the one in uploads arrives, the one outside the managed directories stays.
      expect
        .soft(existsSync(join(targetPath, 'wp-content', 'uploads', '__proto__', 'polluted.txt')))
        .toBe(true);
      expect.soft(existsSync(join(targetPath, 'wp-content', '__proto__'))).toBe(false);

      // The operator's key line is there, byte for byte, and no temporary key is left.
      const keysAfter = readFileSync(keysFile, 'utf8');
      expect.soft(keysAfter.split('\n')[0], 'the operator key line').toBe(operatorLine);
      expect
        .soft(
          keysAfter.split('\n').filter((line) => line !== '' && line !== operatorLine),
          'other key lines left',
        )
        .toEqual([]);

      // Undone and cleaned up, the target's database is exactly what it was: every table, and no trigger.
      for (const site of ['blog', NAME]) await runCli(['undo', site, '--run-dir', runDir], { built: true });
      await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
      expect.soft(triggers(tgt.name, TARGET_DB), 'triggers after undo').toEqual([]);
      expect(tableDigests(lab, tgt.name, TARGET_DB)).toEqual(liveBefore);
    } finally {
      if (existsSync(join(runDir, 'journal.jsonl'))) {
        for (const site of ['blog', NAME]) await runCli(['undo', site, '--run-dir', runDir], { built: true });
        await runCli(['cleanup', '--run-dir', runDir, '--yes', '--include-unswapped'], { built: true });
      }
      // Every undo runs even when one fails; the first failure is reported.
      for (const step of undo.reverse()) {
        try {
          step();
        } catch (error) {
          problems.push(error);
        }
      }
    }
    if (problems.length > 0) throw problems[0];
    expect(existsSync(sourcePath) || existsSync(targetSiteDir)).toBe(false);
    if (keysBefore) expect(readFileSync(keysFile)).toEqualBytes(keysBefore.bytes);
  });
});
