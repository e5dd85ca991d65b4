// Views are not tables, so they get no Digest. mysqldump 5.7 and phpMyAdmin first write each view as a stand-in
// table and replace it at the end; MySQL 8 and MariaDB write a stand-in view. Whatever the source's dumper wrote, the
// sender's digests must be those of a target re-dump, which sees the view as a view.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDigests, digestDump, SqlStream } from '../src/sql-stream.js';
import type { SqlStreamOptions } from '../src/sql-transformer.js';
import { SqlWorkerStream } from '../src/sql-worker-pool.js';
import { through } from './through-stream.js';
import { run, splitAt } from './transform-helpers.js';
import { tsSqlWorkerPool } from './ts-sql-worker.js';

const OPTIONS: SqlStreamOptions = {
  prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' },
  keepRowHashes: true,
};

const posts = (t: string) => `DROP TABLE IF EXISTS \`${t}posts\`;
CREATE TABLE \`${t}posts\` (
  \`ID\` bigint unsigned NOT NULL AUTO_INCREMENT,
  \`post_title\` text NOT NULL,
  PRIMARY KEY (\`ID\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
LOCK TABLES \`${t}posts\` WRITE;
INSERT INTO \`${t}posts\` VALUES (1,'Hello'),(2,'World');
UNLOCK TABLES;
`;

/** Each dumper's way to write a view `titles` over `posts`: the stand-in before the tables, the view at the end. */
const DUMPERS: { name: string; standIn: (t: string) => string; view: (t: string) => string }[] = [
  {
    name: 'mysqldump 5.7 (a MyISAM stand-in table in an executable comment)',
    standIn: (t) => `--
-- Temporary table structure for view \`${t}titles\`
--

DROP TABLE IF EXISTS \`${t}titles\`;
/*!50001 DROP VIEW IF EXISTS \`${t}titles\`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8;
/*!50001 CREATE TABLE \`${t}titles\` (
  \`ID\` tinyint NOT NULL,
  \`post_title\` tinyint NOT NULL
) ENGINE=MyISAM */;
SET character_set_client = @saved_cs_client;
`,
    view: (t) => `--
-- Final view structure for view \`${t}titles\`
--

/*!50001 DROP TABLE IF EXISTS \`${t}titles\`*/;
/*!50001 DROP VIEW IF EXISTS \`${t}titles\`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=\`root\`@\`localhost\` SQL SECURITY DEFINER */
/*!50001 VIEW \`${t}titles\` AS select \`${t}posts\`.\`ID\` AS \`ID\`,\`${t}posts\`.\`post_title\` AS \`post_title\` from \`${t}posts\` */;
/*!50001 SET character_set_client      = @saved_cs_client */;
`,
  },
  {
    name: 'mysqldump 8.0 and mariadb-dump (a stand-in view)',
    standIn: (t) => `DROP TABLE IF EXISTS \`${t}titles\`;
/*!50001 DROP VIEW IF EXISTS \`${t}titles\`*/;
/*!50001 CREATE VIEW \`${t}titles\` AS SELECT 
 1 AS \`ID\`,
 1 AS \`post_title\` */;
`,
    view: (t) => `/*!50001 DROP VIEW IF EXISTS \`${t}titles\`*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=\`root\`@\`localhost\` SQL SECURITY DEFINER */
/*!50001 VIEW \`${t}titles\` AS select \`${t}posts\`.\`ID\` AS \`ID\`,\`${t}posts\`.\`post_title\` AS \`post_title\` from \`${t}posts\` */;
`,
  },
  {
    name: 'phpMyAdmin (a plain stand-in table)',
    standIn: (t) => `--
-- Stand-in structure for view \`${t}titles\`
-- (See below for the actual view)
--
CREATE TABLE \`${t}titles\` (
\`ID\` bigint(20) unsigned
,\`post_title\` text
);
`,
    view: (t) => `--
-- Structure for view \`${t}titles\`
--
DROP TABLE IF EXISTS \`${t}titles\`;

CREATE ALGORITHM=UNDEFINED DEFINER=\`root\`@\`localhost\` SQL SECURITY DEFINER VIEW \`${t}titles\`  AS SELECT \`${t}posts\`.\`ID\` AS \`ID\`, \`${t}posts\`.\`post_title\` AS \`post_title\` FROM \`${t}posts\` ;
`,
  },
  {
    name: 'mysqldump 5.7 --skip-quote-names',
    standIn: (t) => `/*!50001 CREATE TABLE ${t}titles (
  ID tinyint NOT NULL
) ENGINE=MyISAM */;
`,
    view: (t) => `/*!50001 DROP TABLE IF EXISTS ${t}titles*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=root@localhost SQL SECURITY DEFINER */
/*!50001 VIEW ${t}titles AS select ${t}posts.ID AS ID from ${t}posts */;
`,
  },
  {
    name: 'hand-written: OR REPLACE, a quoted account, SQL SECURITY INVOKER and a column list',
    standIn: (t) => `CREATE TABLE ${t}titles (a int, b text);
`,
    view: (
      t,
    ) => `create or replace algorithm = merge definer = 'admin'@'%' sql security invoker view ${t}titles (a, b) as select ID, post_title from ${t}posts;
`,
  },
  {
    name: 'MariaDB: IF NOT EXISTS, DEFINER=CURRENT_USER',
    standIn: (t) => `CREATE TABLE \`${t}titles\` (\`a\` int);
`,
    view: (t) => `CREATE DEFINER=CURRENT_USER() VIEW IF NOT EXISTS \`${t}titles\` AS SELECT 1 AS a;
`,
  },
];

const dumpOf = (d: (typeof DUMPERS)[number], t: string) => `${d.standIn(t)}\n${posts(t)}\n${d.view(t)}`;
const digestsOf = (sql: string | Buffer, options: SqlStreamOptions = OPTIONS) =>
  run(sql, options).t.report().digests;

describe('views in a dump', () => {
  const postsOnly = digestsOf(posts('wp_'));

  for (const d of DUMPERS) {
    it(`${d.name}: gets no digest, and the tables' digests are the same as without the view`, () => {
      expect(Object.keys(postsOnly)).toEqual(['new_posts']);
      expect(digestsOf(dumpOf(d, 'wp_'))).toEqual(postsOnly);
      expect(digestsOf(dumpOf(d, 'wp_'), {})).toEqual(digestsOf(posts('wp_'), {}));
    });

    it(`${d.name}: the stand-in and the view are renamed into staging, the rest comes out as it went in`, () => {
      const input = Buffer.from(dumpOf(d, 'wp_'));
      expect(run(input).out).toEqualBytes(input);
      expect(run(input, OPTIONS).text).toBe(dumpOf(d, 'wpfs_'));
    });
  }

  it('a 5.7 source whose target re-dumps the view as MySQL 8 or MariaDB do compares equal', async () => {
    const source = new SqlStream(OPTIONS);
    await through(source, [Buffer.from(dumpOf(DUMPERS[0]!, 'wp_'))]);
    for (const target of [DUMPERS[1]!, DUMPERS[0]!]) {
      const read = await digestDump(Readable.from([dumpOf(target, 'wpfs_')]), {
        digestPrefix: { from: 'wpfs_', to: 'new_' },
      });
      expect(compareDigests(source.digests, read.digests, read.mismatches)).toEqual([]);
    }
  });

  it('an INSERT through the view or a table of its name later in the dump makes no digest for it', () => {
    const d = DUMPERS[0]!;
    const later = `${dumpOf(d, 'wp_')}INSERT INTO \`wp_titles\` VALUES (3,'x');\nCREATE TABLE \`wp_titles\` (\`a\` int);\n`;
    expect(Object.keys(digestsOf(later))).toEqual(['new_posts']);
  });

  it('a schema-qualified view takes back the stand-in of its name', () => {
    const sql =
      'CREATE TABLE `wp_titles` (`a` int);\nCREATE VIEW `acme`.`wp_titles` AS SELECT 1 AS a;\n' +
      'CREATE TABLE wp_other (`a` int);\nCREATE VIEW acme . wp_other AS SELECT 1 AS a;\n';
    expect(digestsOf(sql)).toEqual({});
  });

  it('takes no other statement for a view', () => {
    const sql =
      `${posts('wp_')}CREATE TABLE \`wp_view\` (\`a\` int);\nCREATE TABLE \`view\` (\`a\` int);\n` +
      'DELIMITER ;;\nCREATE DEFINER=`root`@`localhost` PROCEDURE `make_view`() BEGIN CREATE VIEW `wp_posts` AS SELECT 1; END ;;\nDELIMITER ;\n' +
      '/*!50003 CREATE*/ /*!50003 TRIGGER `view` BEFORE INSERT ON `wp_view` FOR EACH ROW SET NEW.a = 1 */;\n' +
      'SELECT 1 AS `CREATE VIEW wp_view`;\n';
    expect(Object.keys(digestsOf(sql))).toEqual(['new_posts', 'new_view', 'view']);
  });

  describe('on worker threads', () => {
    const pool = tsSqlWorkerPool(1);
    afterAll(() => pool.close());

    it('give the same bytes and digests as in-process', async () => {
      const input = Buffer.from(DUMPERS.map((d) => dumpOf(d, 'wp_')).join('\n'));
      const local = new SqlStream(OPTIONS);
      const want = await through(local, [input]);
      const remote = new SqlWorkerStream(pool, OPTIONS, { batchBytes: 1 });
      const got = await through(remote, splitAt(input, [300, 1200, 2500]));
      expect(got).toEqualBytes(want);
      expect(remote.report()).toEqual(local.report());
      expect(Object.keys(local.report().digests)).toEqual(['new_posts']);
    });
  });
});
