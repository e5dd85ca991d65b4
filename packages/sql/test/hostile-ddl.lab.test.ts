// The audit's payloads from issue 13 through the SqlStream into real MariaDB: a column comment ending in DEFINER=
// must not turn the next comment into a DROP TABLE, and a trigger named `x FOR EACH ROW` must land on the staged
// table, not on the live one beside it.
import { readLabState } from '@wpfleet/lab';
import { SqlTransformer } from '@wpfleet/sql';
import { describe, expect, inject, it } from 'vitest';
import { mariadb } from './lab-mariadb.js';

const DUMP =
  'CREATE TABLE `lrw_posts` (\n' +
  "  `a` int COMMENT 'x DEFINER=',\n" +
  "  `q'@h` int COMMENT '); DROP TABLE lrw_users; -- '\n" +
  ') ENGINE=InnoDB;\n' +
  'DELIMITER ;;\n' +
  'CREATE DEFINER=`root`@`localhost` TRIGGER `x FOR EACH ROW` BEFORE INSERT ON `lrw_posts` FOR EACH ROW SET NEW.a = 1;;\n' +
  'DELIMITER ;\n';

describe('hostile DDL imported into real MariaDB (issue 13)', () => {
  it('keeps the live tables and puts the trigger on the staged table', async () => {
    const lab = readLabState(inject('wpfleetLabDir'));
    const db = lab.targets[0]!.db;
    const cleanup = 'DROP TABLE IF EXISTS `lrw_posts`, `lrw_users`, `lrwst_posts`;';
    try {
      await mariadb(db, `${cleanup}\nCREATE TABLE lrw_users (id int);\nCREATE TABLE lrw_posts (a int);\n`);
      const t = new SqlTransformer({
        prefix: { from: 'lrw_', to: 'lrw_', staging: 'lrwst_' },
        fixes: { target: { flavour: 'mariadb' } },
      });
      const out = Buffer.concat([t.push(Buffer.from(DUMP)), t.end()]);
      await mariadb(db, out);
      expect((await mariadb(db, "SHOW TABLES LIKE 'lrw%'")).split('\n').sort()).toEqual([
        'lrw_posts',
        'lrw_users',
        'lrwst_posts',
      ]);
      const triggers = await mariadb(
        db,
        'SELECT EVENT_OBJECT_TABLE FROM information_schema.TRIGGERS ' +
          "WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'x FOR EACH ROW'",
      );
      expect(triggers).toBe('lrwst_posts');
      const comments = await mariadb(
        db,
        'SELECT COLUMN_COMMENT FROM information_schema.COLUMNS ' +
          "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'lrwst_posts' ORDER BY ORDINAL_POSITION",
      );
      expect(comments.split('\n')).toEqual(['x DEFINER=', '); DROP TABLE lrw_users; -- ']);
    } finally {
      await mariadb(db, cleanup);
    }
  }, 60_000);
});
