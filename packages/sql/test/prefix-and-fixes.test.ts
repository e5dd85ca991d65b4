import { builtinCollation } from '@wpfleet/sql';
import { lexStatement } from '../src/statement-tokens.js';
import { describe, expect, it } from 'vitest';
import { MINI_DUMP, run, runChunks, splitAt } from './transform-helpers.js';

describe('table prefix rewrite', () => {
  const opts = { prefix: { from: 'wp_', to: 'new_' } };

  it('renames the table in CREATE TABLE, DROP TABLE, LOCK TABLES, ALTER TABLE and INSERT INTO', () => {
    const { text } = run(MINI_DUMP, opts);
    expect(text).toContain('DROP TABLE IF EXISTS `new_options`;');
    expect(text).toContain('CREATE TABLE `new_options` (');
    expect(text).toContain('LOCK TABLES `new_options` WRITE;');
    expect(text).toContain('/*!40000 ALTER TABLE `new_options` DISABLE KEYS */;');
    expect(text).toContain('INSERT INTO `new_options` VALUES (1,');
    expect(text).not.toMatch(/`wp_options`/);
  });

  it('renames the table in the "Table structure for table" comments', () => {
    const { text } = run(MINI_DUMP, opts);
    expect(text).toContain('-- Table structure for table `new_options`');
    expect(text).toContain('-- Dumping data for table `new_options`');
  });

  it('keeps the comments unchanged when asked to', () => {
    const { text } = run(MINI_DUMP, { prefix: { from: 'wp_', to: 'new_', rewriteComments: false } });
    expect(text).toContain('-- Table structure for table `wp_options`');
    expect(text).toContain('CREATE TABLE `new_options` (');
  });

  it('renames the table a trigger is defined on', () => {
    expect(run(MINI_DUMP, opts).text).toContain('BEFORE INSERT ON `new_options` FOR EACH ROW');
  });

  it('does not rename tables of another install that shares the database', () => {
    const sql =
      'DROP TABLE IF EXISTS `shop_posts`;\nCREATE TABLE `shop_posts` (\n  `id` int\n);\nINSERT INTO `shop_posts` VALUES (1);\n';
    expect(run(sql, opts).text).toBe(sql);
  });

  it('renames every table of a multi-table DROP and LOCK', () => {
    const sql = 'DROP TABLE IF EXISTS `wp_a`,`wp_b`;\nLOCK TABLES `wp_a` WRITE, `wp_b` READ;\n';
    expect(run(sql, opts).text).toBe(
      'DROP TABLE IF EXISTS `new_a`,`new_b`;\nLOCK TABLES `new_a` WRITE, `new_b` READ;\n',
    );
  });

  it('renames foreign key references to other prefixed tables', () => {
    const sql =
      'CREATE TABLE `wp_x` (\n  `id` int,\n  CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `wp_y` (`id`)\n);\n';
    expect(run(sql, opts).text).toContain('REFERENCES `new_y` (`id`)');
  });

  it('rewrites the wp_user_roles option name to the new prefix', () => {
    const { text } = run(MINI_DUMP, opts);
    expect(text).toContain("(3,'new_user_roles','a:0:{}','yes')");
  });

  it('rewrites per-blog user_roles option names in multisite options tables', () => {
    const sql =
      'CREATE TABLE `wp_2_options` (\n  `option_id` int,\n  `option_name` varchar(191),\n  `option_value` longtext\n);\n' +
      "INSERT INTO `wp_2_options` VALUES (1,'wp_2_user_roles','a:0:{}'),(2,'wp_user_roles_backup','x');\n";
    const { text } = run(sql, opts);
    expect(text).toContain(
      "INSERT INTO `new_2_options` VALUES (1,'new_2_user_roles','a:0:{}'),(2,'wp_user_roles_backup','x');",
    );
  });

  it('rewrites capabilities and user_level meta keys to the new prefix', () => {
    const sql =
      'CREATE TABLE `wp_usermeta` (\n  `umeta_id` int,\n  `user_id` int,\n  `meta_key` varchar(255),\n  `meta_value` longtext\n);\n' +
      "INSERT INTO `wp_usermeta` VALUES (1,1,'wp_capabilities','a:1:{s:13:\"administrator\";b:1;}'),(2,1,'wp_user_level','10'),(3,1,'wp_2_capabilities','a:0:{}'),(4,1,'nickname','wp_user');\n";
    const { text } = run(sql, opts);
    expect(text).toContain("(1,1,'new_capabilities',");
    expect(text).toContain("(2,1,'new_user_level','10')");
    expect(text).toContain("(3,1,'new_2_capabilities','a:0:{}')");
    expect(text).toContain("(4,1,'nickname','wp_user')");
  });

  it('leaves prefix-bearing values alone when data rewriting is switched off', () => {
    const { text } = run(MINI_DUMP, { prefix: { from: 'wp_', to: 'new_', rewriteData: false } });
    expect(text).toContain("(3,'wp_user_roles','a:0:{}','yes')");
  });

  it('loads into staging tables but writes the live prefix into the data and keys digests by the live name', () => {
    const { text, t } = run(MINI_DUMP, { prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' } });
    expect(text).toContain('CREATE TABLE `wpfs_options` (');
    expect(text).toContain("(3,'new_user_roles','a:0:{}','yes')");
    expect(Object.keys(t.report().digests)).toEqual(['new_options']);
  });
});

describe('dump fixes for the target', () => {
  it('removes the MariaDB sandbox line for a MySQL target and reports it', () => {
    const { text, t } = run(MINI_DUMP, { fixes: { target: { flavour: 'mysql', version: '8.0.36' } } });
    expect(text).not.toContain('sandbox');
    expect(text.startsWith('-- MariaDB dump')).toBe(true);
    expect(t.report().findings.map((f) => f.code)).toContain('sandbox-line-removed');
  });

  it('keeps the sandbox line for a MariaDB target whose client understands it', () => {
    const { text } = run(MINI_DUMP, { fixes: { target: { flavour: 'mariadb', version: '10.11.8' } } });
    expect(text).toContain('/*M!999999\\- enable the sandbox mode */');
  });

  it('removes the sandbox line for an older MariaDB target (10.11.6)', () => {
    const { text } = run(MINI_DUMP, { fixes: { target: { flavour: 'mariadb', version: '10.11.6' } } });
    expect(text).not.toContain('sandbox');
  });

  it('removes the sandbox line with its line end wherever a chunk ends', () => {
    const options = { fixes: { target: { flavour: 'mariadb' as const, version: '10.11.6' } } };
    const input = Buffer.from(MINI_DUMP);
    const whole = run(input, options).out;
    expect(whole.toString().startsWith('-- MariaDB dump')).toBe(true);
    for (let at = 0; at < 80; at++) expect(runChunks(splitAt(input, [at]), options).out).toEqualBytes(whole);
  });

  it("drops mysqldump's GTID_PURGED and SQL_LOG_BIN statements, which MariaDB and unprivileged MySQL users reject", () => {
    const head =
      'SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;\nSET @@SESSION.SQL_LOG_BIN= 0;\n\n--\n-- GTID state at the beginning of the backup \n--\n\n' +
      "SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4f22ab58-82db-22f2-af44-d91bb0530673:1-77';\n";
    const tail = 'SET @@SESSION.SQL_LOG_BIN = @MYSQLDUMP_TEMP_LOG_BIN;\n';
    for (const target of [
      { flavour: 'mariadb' as const, version: '10.11.8' },
      { flavour: 'mysql' as const, version: '8.0.36' },
    ]) {
      const { text, t } = run(head + MINI_DUMP + tail, { fixes: { target } });
      expect(text).not.toMatch(/GTID_PURGED|SQL_LOG_BIN|MYSQLDUMP_TEMP_LOG_BIN/);
      expect(text).toContain('INSERT INTO `wp_options` VALUES (1,');
      const found = t.report().findings.find((f) => f.code === 'replication-statement-removed');
      expect(found?.details?.count).toBe(4);
    }
    // A value that merely mentions the variables is data and stays.
    const row = "INSERT INTO `wp_options` VALUES (9,'note','SET @@GLOBAL.GTID_PURGED=1;','no');\n";
    expect(run(row, { fixes: { target: { flavour: 'mariadb', version: '10.11.8' } } }).text).toBe(row);
  });

  it('leaves out constraint names the target database already uses, so the staged table loads (errno 121 otherwise)', () => {
    const sql =
      'CREATE TABLE `wp_wc_download_log` (\n  `download_log_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n  `permission_id` bigint(20) unsigned NOT NULL,\n' +
      '  PRIMARY KEY (`download_log_id`),\n  CONSTRAINT `fk_wp_wc_download_log_permission_id` FOREIGN KEY (`permission_id`) REFERENCES `wp_woocommerce_downloadable_product_permissions` (`permission_id`) ON DELETE CASCADE,\n' +
      '  CONSTRAINT `wp_wc_download_log_chk_1` CHECK (`permission_id` > 0),\n  CONSTRAINT `fk_other` FOREIGN KEY (`download_log_id`) REFERENCES `wp_x` (`id`)\n) ENGINE=InnoDB;\n' +
      'ALTER TABLE `wp_y` ADD CONSTRAINT fk_wp_wc_download_log_permission_id FOREIGN KEY (`a`) REFERENCES `wp_z` (`a`);\n';
    const { text, t } = run(sql, {
      prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
      fixes: {
        target: { flavour: 'mariadb', version: '10.11.8' },
        takenConstraintNames: ['FK_WP_WC_DOWNLOAD_LOG_PERMISSION_ID', 'wp_wc_download_log_chk_1'],
      },
    });
    expect(text).toContain(
      '  FOREIGN KEY (`permission_id`) REFERENCES `wpfs_woocommerce_downloadable_product_permissions` (`permission_id`) ON DELETE CASCADE,',
    );
    expect(text).toContain('  CHECK (`permission_id` > 0),');
    expect(text).toContain('CONSTRAINT `fk_other` FOREIGN KEY');
    expect(text).toContain('ADD FOREIGN KEY (`a`)');
    expect(text).not.toContain('fk_wp_wc_download_log_permission_id');
    const found = t.report().findings.filter((f) => f.code === 'constraint-name-generated');
    expect(found.map((f) => [f.severity, f.details?.from, f.details?.count])).toEqual([
      ['warning', 'fk_wp_wc_download_log_permission_id', 2],
      ['warning', 'wp_wc_download_log_chk_1', 1],
    ]);
    // Without taken names nothing changes.
    expect(run(sql, { fixes: { target: { flavour: 'mariadb', version: '10.11.8' } } }).text).toBe(sql);
  });

  it('creates a trigger on the staging table with a body that names the live tables, renamed when its name is taken', () => {
    const sql =
      'DELIMITER ;;\n/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `log_update` AFTER UPDATE ON `wp_posts` FOR EACH ROW ' +
      'INSERT INTO `wp_wpfleet_log` (`post_id`) SELECT NEW.ID FROM `wp_options` WHERE `wp_options`.`option_id` = 1 */;;\nDELIMITER ;\n' +
      'DROP TRIGGER IF EXISTS `log_update`;\n';
    const options = { prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' } };
    const plain = run(sql, {
      ...options,
      fixes: { target: { flavour: 'mariadb' as const, version: '10.11.8' } },
    }).text;
    // On the staging table (it moves with it at the swap); the body runs against the live tables after the swap.
    expect(plain).toContain(
      'TRIGGER `log_update` AFTER UPDATE ON `wpfs_posts` FOR EACH ROW INSERT INTO `new_wpfleet_log` (`post_id`) SELECT NEW.ID FROM `new_options` WHERE `new_options`.`option_id` = 1',
    );
    const { text, t } = run(sql, {
      ...options,
      fixes: {
        target: { flavour: 'mariadb', version: '10.11.8' },
        takenTriggerNames: ['LOG_UPDATE'],
        renamedTriggerPrefix: 'wpfs_',
      },
    });
    expect(text).toContain('TRIGGER `wpfs_log_update` AFTER UPDATE ON `wpfs_posts`');
    // The DROP names the staged trigger too: never the live one.
    expect(text).toContain('DROP TRIGGER IF EXISTS `wpfs_log_update`;');
    const found = t.report().findings.find((f) => f.code === 'trigger-renamed');
    expect([found?.severity, found?.details?.from, found?.details?.to, found?.details?.count]).toEqual([
      'warning',
      'log_update',
      'wpfs_log_update',
      2,
    ]);
  });

  it('removes DEFINER clauses from triggers, views and routines and reports them', () => {
    const sql =
      'CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW `v` AS select 1 AS `a`;\n' +
      "CREATE DEFINER='admin'@'%' PROCEDURE `p`() SELECT 1;\n";
    const { text, t } = run(MINI_DUMP + sql, {
      fixes: { target: { flavour: 'mariadb', version: '10.11.8' } },
    });
    expect(text).not.toMatch(/DEFINER=/);
    expect(text).toContain('/*!50003 CREATE*/ /*!50017*/ /*!50003 TRIGGER');
    expect(text).toContain('CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v`');
    expect(text).toContain('CREATE PROCEDURE `p`() SELECT 1;');
    const f = t.report().findings.filter((x) => x.code === 'definer-removed');
    expect(f.reduce((n, x) => n + (x.details?.count ?? 0), 0)).toBe(3);
  });

  it('maps MySQL 8 collations to ones MariaDB 10.11 knows', () => {
    const { text, t } = run(MINI_DUMP, { fixes: { target: { flavour: 'mariadb', version: '10.11.6' } } });
    expect(text).toContain('COLLATE=utf8mb4_unicode_520_ci;');
    expect(t.report().findings).toContainEqual(
      expect.objectContaining({
        code: 'collation-mapped',
        details: expect.objectContaining({ from: 'utf8mb4_0900_ai_ci' }),
      }),
    );
  });

  it('maps MariaDB uca1400 and nopad collations for a MySQL target', () => {
    const sql =
      'CREATE TABLE `t` (\n  `a` text COLLATE utf8mb4_uca1400_ai_ci,\n  `b` text COLLATE utf8mb4_unicode_nopad_ci\n);\n';
    const { text } = run(sql, { fixes: { target: { flavour: 'mysql', version: '8.0.36' } } });
    expect(text).toContain('COLLATE utf8mb4_0900_ai_ci,');
    expect(text).toContain('COLLATE utf8mb4_unicode_ci\n');
  });

  it('applies a user collation map before the built-in one', () => {
    const { text } = run(MINI_DUMP, {
      fixes: {
        target: { flavour: 'mariadb', version: '10.6.5' },
        collationMap: { utf8mb4_0900_ai_ci: 'utf8mb4_general_ci' },
      },
    });
    expect(text).toContain('COLLATE=utf8mb4_general_ci;');
  });

  it('never rewrites a collation name that appears inside row data', () => {
    const sql = "INSERT INTO `t` VALUES ('utf8mb4_0900_ai_ci');\n";
    expect(run(sql, { fixes: { target: { flavour: 'mariadb', version: '10.6.5' } } }).text).toBe(sql);
  });

  it('rewrites the table engine when asked to', () => {
    const sql = 'CREATE TABLE `t` (\n  `a` int\n) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4;\n';
    const { text, t } = run(sql, { fixes: { engine: 'InnoDB' } });
    expect(text).toContain(') ENGINE=InnoDB DEFAULT');
    expect(t.report().findings[0]?.code).toBe('engine-rewritten');
  });

  it('knows that MariaDB 11.4.5 accepts MySQL 8 collation names', () => {
    expect(builtinCollation('utf8mb4_0900_ai_ci', { flavour: 'mariadb', version: '11.4.5' })).toBeUndefined();
    expect(builtinCollation('utf8mb4_0900_bin', { flavour: 'mariadb', version: '10.11.6' })).toBe(
      'utf8mb4_bin',
    );
  });
});

describe('hostile names and comments in DDL (issue 13)', () => {
  const options = {
    prefix: { from: 'wp_', to: 'wp_', staging: 'wpfs_' },
    fixes: { target: { flavour: 'mariadb' as const, version: '10.6.5' } },
  };
  const literals = (text: string) =>
    lexStatement(text)
      .filter((t) => t.kind === 'string' || t.kind === 'comment')
      .map((t) => [t.kind, t.value]);

  it('keeps a column comment that ends in DEFINER= inside its literal, so the next comment never becomes SQL', () => {
    const sql =
      'CREATE TABLE `wp_posts` (\n' +
      "  `a` int COMMENT 'x DEFINER=',\n" +
      "  `q'@h` int COMMENT '; DROP TABLE wp_users; -- '\n" +
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n';
    const input = Buffer.from(sql);
    const { text } = run(input, options);
    expect(literals(text)).toEqual(literals(sql));
    expect(text).toBe(sql.replace('`wp_posts`', '`wpfs_posts`'));
    for (let at = 1; at < input.length; at++)
      expect(runChunks(splitAt(input, [at]), options).out.toString()).toBe(text);
  });

  it('creates a trigger whose name says FOR EACH ROW on the staging table, not on the live one', () => {
    const sql =
      'DELIMITER ;;\n' +
      "CREATE DEFINER=`root`@`localhost` TRIGGER `x FOR EACH ROW` BEFORE INSERT ON `wp_posts` FOR EACH ROW SET NEW.post_title = 'ON wp_posts FOR EACH ROW';;\n" +
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER `y ON wp_users FOR EACH ROW` AFTER UPDATE ON wp_posts FOR EACH ROW INSERT INTO wp_log SELECT '*/ FOR EACH ROW' FROM `wp_users` */;;\n" +
      'DELIMITER ;\n';
    const { text } = run(sql, options);
    expect(text).toContain(
      "CREATE TRIGGER `x FOR EACH ROW` BEFORE INSERT ON `wpfs_posts` FOR EACH ROW SET NEW.post_title = 'ON wp_posts FOR EACH ROW';;",
    );
    expect(text).toContain(
      "/*!50003 TRIGGER `y ON wp_users FOR EACH ROW` AFTER UPDATE ON wpfs_posts FOR EACH ROW INSERT INTO wp_log SELECT '*/ FOR EACH ROW' FROM `wp_users` */;;",
    );
    expect(literals(text)).toEqual(literals(sql));
  });

  it('leaves text that looks like a clause alone inside strings, comments and quoted names', () => {
    const sql =
      "CREATE TABLE `wp_x` (\n  `ENGINE=MyISAM COLLATE utf8mb4_0900_ai_ci` int COMMENT 'ENGINE=MyISAM COLLATE utf8mb4_0900_ai_ci REFERENCES wp_y' /* FROM wp_z DEFINER=`a`@`b` */\n" +
      ') ENGINE=MyISAM COLLATE=utf8mb4_0900_ai_ci;\n';
    const { text } = run(sql, { ...options, fixes: { ...options.fixes, engine: 'InnoDB' } });
    expect(text).toBe(
      sql
        .replace('`wp_x`', '`wpfs_x`')
        .replace(
          ') ENGINE=MyISAM COLLATE=utf8mb4_0900_ai_ci;',
          ') ENGINE=InnoDB COLLATE=utf8mb4_unicode_520_ci;',
        ),
    );
  });

  it('does not rename the database in CREATE DATABASE, whatever its prefix', () => {
    const sql = 'CREATE DATABASE /*!32312 IF NOT EXISTS*/ `wp_site`;\nDROP DATABASE IF EXISTS `wp_site`;\n';
    expect(run(sql, options).text).toBe(sql);
  });

  it('renames every bare table of a DROP TABLE list written with --skip-quote-names', () => {
    expect(run('DROP TABLE IF EXISTS wp_a, wp_b;\n', options).text).toBe(
      'DROP TABLE IF EXISTS wpfs_a, wpfs_b;\n',
    );
  });
});

describe('engine and collation names from the options', () => {
  it('refuses an engine or collation name that is not a plain name, before any SQL is written', () => {
    for (const fixes of [
      { engine: 'InnoDB; DROP TABLE wp_users' },
      { collationMap: { utf8mb4_0900_ai_ci: "utf8mb4_bin' -- " } },
    ]) {
      expect(() => run('CREATE TABLE `t` (`a` int) ENGINE=MyISAM;\n', { fixes })).toThrow(
        expect.objectContaining({ code: 'WPF_USAGE' }),
      );
    }
  });
});
