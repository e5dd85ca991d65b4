// Dumps in the shapes real dumpers write (mysqldump 5.7/8.0/8.4 and their options, mariadb-dump 10.x/11.x,
// phpMyAdmin, WP Migrate DB, `wp db export`) through the SqlStream with a URL replacement, a rename into staging
// and target fixes: the output differs from the input only where a literal is replaced, a name renamed or a
// fix applies; every row is digested; the reader side digests the output to the same Digest; truncation fails
// with the byte offset. Each dump is written once as a template and filled in for the input and the output.
import { digestDump, SqlStream, type SqlStreamOptions, type TableDigestJson } from '@wpfleet/wp';
import { describe, expect, it } from 'vitest';
import { through } from './through-stream.js';
import { prng, run, runChunks, ser, splitAt, sqlEscape } from './transform-helpers.js';

const OLD = 'https://old.example.com';
const NEW = 'https://www.new-site.example';

/** What differs between the input and the expected output of a template. */
interface Side {
  /** Prefix of table names (source `wp_`, staging `wpfs_` in the output). */
  t: string;
  /** Prefix written into data (`wp_user_roles` becomes `new_user_roles`). */
  d: string;
  url: string;
  /** A DEFINER clause with its leading space (removed). */
  definer: string;
  /** A MySQL 8 collation (mapped for the MariaDB 10.11.6 target). */
  c0900: string;
  /** The MariaDB sandbox line (removed: the 10.11.6 client predates it). */
  sandbox: string;
  /** A statement the fixes drop (GTID_PURGED, SQL_LOG_BIN). */
  drop: (statement: string) => string;
}

const IN: Side = {
  t: 'wp_',
  d: 'wp_',
  url: OLD,
  definer: ' DEFINER=`root`@`localhost`',
  c0900: 'utf8mb4_0900_ai_ci',
  sandbox: '/*M!999999\\- enable the sandbox mode */ \n',
  drop: (s) => s,
};
const OUT: Side = {
  t: 'wpfs_',
  d: 'new_',
  url: NEW,
  definer: '',
  c0900: 'utf8mb4_unicode_520_ci',
  sandbox: '',
  drop: () => '',
};

const OPTIONS: SqlStreamOptions = {
  pairs: [{ from: OLD, to: NEW }],
  prefix: { from: 'wp_', to: 'new_', staging: 'wpfs_' },
  fixes: { target: { flavour: 'mariadb', version: '10.11.6' } },
};

/** The same wp_options rows every dumper below writes (so their Digests must agree), `sep` between values. */
const optionRows = (v: Side, sep: string, rowSep: string, open = '(', close = ')'): string =>
  [
    [1, `'siteurl'`, `'${v.url}'`, `'yes'`],
    [2, `'home'`, `'${v.url}/'`, `'yes'`],
    [
      3,
      `'widget_text'`,
      `'${sqlEscape(`a:2:{i:0;a:2:{s:5:"title";${ser('Zoë\'s "café"')}s:4:"text";${ser(`<a href="${v.url}/shop">shop</a>\n`)}}s:12:"_multiwidget";i:1;}`)}'`,
      `'yes'`,
    ],
    [4, `'${v.d}user_roles'`, `'a:1:{s:13:"administrator";a:0:{}}'`, `'yes'`],
    [
      5,
      `'blogdescription'`,
      `'${sqlEscape('tab\there, nul\0, ctrl-z\x1a, cr\r, lf\n, back\\slash, "dq", \'sq\'')}'`,
      `'yes'`,
    ],
    [6, `'blogname'`, `'日本語 — émoji 🎉'`, `'no'`],
  ]
    .map((r) => open + r.join(sep) + close)
    .join(rowSep);

const OPTIONS_COLUMNS = (q: string, sep: string) =>
  ['option_id', 'option_name', 'option_value', 'autoload'].map((c) => q + c + q).join(sep);

const createOptions = (
  v: Side,
  q = '`',
  collate = 'utf8mb4_unicode_520_ci',
) => `CREATE TABLE ${q}${v.t}options${q} (
  ${q}option_id${q} bigint unsigned NOT NULL AUTO_INCREMENT,
  ${q}option_name${q} varchar(191) COLLATE ${collate} NOT NULL DEFAULT '',
  ${q}option_value${q} longtext COLLATE ${collate} NOT NULL,
  ${q}autoload${q} varchar(20) COLLATE ${collate} NOT NULL DEFAULT 'yes',
  PRIMARY KEY (${q}option_id${q}),
  UNIQUE KEY ${q}option_name${q} (${q}option_name${q}),
  KEY ${q}autoload${q} (${q}autoload${q})
) ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=${collate};`;

const MYSQL_HEADER = (version: string) => `-- MySQL dump 10.13  Distrib ${version}, for Linux (x86_64)
--
-- Host: 127.0.0.1    Database: wp_acme
-- ------------------------------------------------------
-- Server version	${version}

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;
`;

const MYSQL_FOOTER = `/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2025-03-01 10:00:00
`;

const optionsSection = (v: Side, insert: string) => `
--
-- Table structure for table \`${v.t}options\`
--

DROP TABLE IF EXISTS \`${v.t}options\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
${createOptions(v)}
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`${v.t}options\`
--

LOCK TABLES \`${v.t}options\` WRITE;
/*!40000 ALTER TABLE \`${v.t}options\` DISABLE KEYS */;
${insert}
/*!40000 ALTER TABLE \`${v.t}options\` ENABLE KEYS */;
UNLOCK TABLES;
`;

interface Case {
  name: string;
  dump: (v: Side) => string;
  /** Rows per table, keyed by the live (digest) name. */
  rows: Record<string, number>;
  /** URL replacements the stream makes. */
  replacements: number;
  /** The wp_options rows are the standard ones (their Digest must equal every other dialect's). */
  standardOptions?: boolean;
}

const CASES: Case[] = [
  {
    name: 'mysqldump 8.0 with --databases --routines --triggers --events, GTIDs on, a view, utf8mb3 and generated columns',
    rows: { new_options: 6, new_legacy: 2, new_wc_totals: 2, new_log: 0 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `${MYSQL_HEADER('8.0.36')}${v.drop('SET @MYSQLDUMP_TEMP_LOG_BIN = @@SESSION.SQL_LOG_BIN;')}
${v.drop('SET @@SESSION.SQL_LOG_BIN= 0;')}

--
-- GTID state at the beginning of the backup 
--

${v.drop(`SET @@GLOBAL.GTID_PURGED=/*!80000 '+'*/ '3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n4f22ab58-82db-22f2-af44-d91bb0530673:1-77';`)}

--
-- Current Database: \`wp_acme\`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ \`wp_acme\` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE ${v.c0900} */ /*!80016 DEFAULT ENCRYPTION='N' */;

USE \`wp_acme\`;

--
-- Table structure for table \`${v.t}legacy\`
--

DROP TABLE IF EXISTS \`${v.t}legacy\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`${v.t}legacy\` (
  \`id\` int NOT NULL,
  \`note\` varchar(100) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`${v.t}legacy\`
--

LOCK TABLES \`${v.t}legacy\` WRITE;
/*!40000 ALTER TABLE \`${v.t}legacy\` DISABLE KEYS */;
INSERT INTO \`${v.t}legacy\` VALUES (1,'no primary key'),(1,'no primary key');
/*!40000 ALTER TABLE \`${v.t}legacy\` ENABLE KEYS */;
UNLOCK TABLES;
${optionsSection(v, `INSERT INTO \`${v.t}options\` VALUES ${optionRows(v, ',', ',')};`)}
--
-- Temporary view structure for view \`${v.t}post_titles\`
--

DROP TABLE IF EXISTS \`${v.t}post_titles\`;
/*!50001 DROP VIEW IF EXISTS \`${v.t}post_titles\`*/;
SET @saved_cs_client     = @@character_set_client;
/*!50503 SET character_set_client = utf8mb4 */;
/*!50001 CREATE VIEW \`${v.t}post_titles\` AS SELECT 
 1 AS \`option_id\`,
 1 AS \`option_name\`*/;
SET character_set_client = @saved_cs_client;

--
-- Table structure for table \`${v.t}wc_totals\`
--

DROP TABLE IF EXISTS \`${v.t}wc_totals\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`${v.t}wc_totals\` (
  \`order_id\` bigint unsigned NOT NULL,
  \`line\` int NOT NULL,
  \`net\` decimal(10,2) NOT NULL,
  \`gross\` decimal(10,2) GENERATED ALWAYS AS ((\`net\` * 1.2)) STORED,
  \`label\` varchar(80) GENERATED ALWAYS AS (concat(_utf8mb4'order ',\`order_id\`)) VIRTUAL,
  PRIMARY KEY (\`order_id\`,\`line\`),
  CONSTRAINT \`wp_wc_totals_chk_1\` CHECK ((\`net\` >= -(1000)))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${v.c0900};
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`${v.t}wc_totals\`
--

LOCK TABLES \`${v.t}wc_totals\` WRITE;
/*!40000 ALTER TABLE \`${v.t}wc_totals\` DISABLE KEYS */;
INSERT INTO \`${v.t}wc_totals\` (\`order_id\`, \`line\`, \`net\`) VALUES (1,1,-12.50),(1,2,1.5e-3);
/*!40000 ALTER TABLE \`${v.t}wc_totals\` ENABLE KEYS */;
UNLOCK TABLES;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET character_set_results = utf8mb4 */ ;
/*!50003 SET collation_connection  = ${v.c0900} */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017${v.definer}*/ /*!50003 TRIGGER \`wc_totals_ai\` AFTER INSERT ON \`${v.t}wc_totals\` FOR EACH ROW BEGIN
  -- log it; the message holds a ';' and a quote: it's fine
  INSERT INTO \`${v.d}log\` (\`msg\`) VALUES (CONCAT('order ;; ', NEW.order_id, " it's \\"new\\""));
END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Table structure for table \`${v.t}log\`
--

DROP TABLE IF EXISTS \`${v.t}log\`;
CREATE TABLE \`${v.t}log\` (
  \`msg\` text
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${v.c0900};

--
-- Dumping events for database 'wp_acme'
--
/*!50106 SET @save_time_zone= @@TIME_ZONE */ ;
/*!50106 DROP EVENT IF EXISTS \`wp_purge_transients\` */;
DELIMITER ;;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;;
/*!50003 SET time_zone             = 'SYSTEM' */ ;;
/*!50106 CREATE*/ /*!50117${v.definer}*/ /*!50106 EVENT \`wp_purge_transients\` ON SCHEDULE EVERY 1 DAY STARTS '2025-01-01 00:00:00' ON COMPLETION NOT PRESERVE ENABLE DO DELETE FROM \`${v.t}options\` WHERE option_name LIKE '\\_transient\\_%' */ ;;
/*!50003 SET time_zone             = @saved_time_zone */ ;;
/*!50003 SET character_set_client  = @saved_cs_client */ ;;
DELIMITER ;
/*!50106 SET TIME_ZONE= @save_time_zone */ ;

--
-- Dumping routines for database 'wp_acme'
--
/*!50003 DROP PROCEDURE IF EXISTS \`wp_cleanup\` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET sql_mode              = 'NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
CREATE${v.definer} PROCEDURE \`wp_cleanup\`(IN days INT)
BEGIN
  # keep 'drafts'; drop the rest
  DELETE FROM \`${v.t}log\` WHERE msg LIKE '%;%' /* a ;; comment */;
  SELECT "done;;" AS msg;
END ;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;

--
-- Final view structure for view \`${v.t}post_titles\`
--

/*!50001 DROP VIEW IF EXISTS \`${v.t}post_titles\`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET collation_connection      = ${v.c0900} */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013${v.definer} SQL SECURITY DEFINER */
/*!50001 VIEW \`${v.t}post_titles\` AS select \`${v.t}options\`.\`option_id\` AS \`option_id\`,\`${v.t}options\`.\`option_name\` AS \`option_name\` from (\`${v.t}options\` join \`${v.t}log\` on((\`${v.t}log\`.\`msg\` = \`${v.t}options\`.\`option_name\`))) where (\`${v.t}options\`.\`autoload\` = 'yes') */;
/*!50001 SET character_set_client      = @saved_cs_client */;
${v.drop('SET @@SESSION.SQL_LOG_BIN = @MYSQLDUMP_TEMP_LOG_BIN;')}
${MYSQL_FOOTER}`,
  },
  {
    // The view's stand-in table gets no digest: the view's definition at the end takes it back.
    name: 'mysqldump 5.7 with a view (its stand-in is a MyISAM CREATE TABLE) and a BIT column',
    rows: { new_options: 6, new_flags: 3 },
    replacements: 3,
    standardOptions: true,
    dump: (
      v,
    ) => `${MYSQL_HEADER('5.7.44').replace('/*!50503 SET NAMES utf8mb4 */', '/*!40101 SET NAMES utf8 */')}${optionsSection(v, `INSERT INTO \`${v.t}options\` VALUES ${optionRows(v, ',', ',')};`)}
--
-- Table structure for table \`${v.t}flags\`
--

DROP TABLE IF EXISTS \`${v.t}flags\`;
CREATE TABLE \`${v.t}flags\` (
  \`id\` int(11) NOT NULL,
  \`bits\` bit(4) DEFAULT NULL,
  \`note\` varchar(10) DEFAULT NULL,
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

LOCK TABLES \`${v.t}flags\` WRITE;
INSERT INTO \`${v.t}flags\` VALUES (1,_binary '\\0',NULL),(2,b'0101','NULL'),(3,_binary '\\n','');
UNLOCK TABLES;

--
-- Temporary table structure for view \`${v.t}v\`
--

DROP TABLE IF EXISTS \`${v.t}v\`;
/*!50001 DROP VIEW IF EXISTS \`${v.t}v\`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8;
/*!50001 CREATE TABLE \`${v.t}v\` (
  \`id\` tinyint NOT NULL
) ENGINE=MyISAM */;
SET character_set_client = @saved_cs_client;

--
-- Final view structure for view \`${v.t}v\`
--

/*!50001 DROP TABLE IF EXISTS \`${v.t}v\`*/;
/*!50001 DROP VIEW IF EXISTS \`${v.t}v\`*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013${v.definer} SQL SECURITY DEFINER */
/*!50001 VIEW \`${v.t}v\` AS select \`${v.t}flags\`.\`id\` AS \`id\` from \`${v.t}flags\` */;
${MYSQL_FOOTER}`,
  },
  {
    name: 'mysqldump 8.4 --skip-extended-insert --complete-insert --insert-ignore --hex-blob --skip-add-locks --skip-tz-utc',
    rows: { new_options: 6, new_blobs: 3 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `${MYSQL_HEADER('8.4.3').replace("/*!40103 SET TIME_ZONE='+00:00' */;\n", '')}
DROP TABLE IF EXISTS \`${v.t}options\`;
${createOptions(v)}
/*!40000 ALTER TABLE \`${v.t}options\` DISABLE KEYS */;
${optionRows(v, ',', '\n', `INSERT IGNORE INTO \`${v.t}options\` (${OPTIONS_COLUMNS('`', ', ')}) VALUES (`, ');')}
/*!40000 ALTER TABLE \`${v.t}options\` ENABLE KEYS */;
DROP TABLE IF EXISTS \`${v.t}blobs\`;
CREATE TABLE \`${v.t}blobs\` (\`id\` int NOT NULL, \`data\` longblob, PRIMARY KEY (\`id\`)) ENGINE=InnoDB;
INSERT IGNORE INTO \`${v.t}blobs\` (\`id\`, \`data\`) VALUES (1,0x68747470733A2F2F6F6C642E6578616D706C652E636F6D);
INSERT IGNORE INTO \`${v.t}blobs\` (\`id\`, \`data\`) VALUES (2,'');
INSERT IGNORE INTO \`${v.t}blobs\` (\`id\`, \`data\`) VALUES (3,NULL);
${MYSQL_FOOTER}`,
  },
  {
    // Without a CREATE TABLE or a column list nothing says which column is option_name: `wp_user_roles` stays.
    name: 'mysqldump --replace --compact --no-create-info',
    rows: { new_options: 7 },
    replacements: 4,
    dump: (side) => {
      const v = { ...side, d: 'wp_' };
      // --compact implies --skip-disable-keys and --skip-comments: the file is the INSERTs alone.
      return `REPLACE INTO \`${v.t}options\` VALUES ${optionRows(v, ',', ',')};\nREPLACE INTO \`${v.t}options\` VALUES (7,'x','${v.url}','no');\n`;
    },
  },
  {
    name: 'mysqldump --skip-quote-names (unquoted identifiers) with --complete-insert',
    rows: { new_options: 6, new_posts: 1 },
    replacements: 4,
    standardOptions: true,
    dump: (v) => `${MYSQL_HEADER('8.0.36')}
--
-- Table structure for table ${v.t}options
--

DROP TABLE IF EXISTS ${v.t}options;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
${createOptions(v, '')}
/*!40101 SET character_set_client = @saved_cs_client */;

LOCK TABLES ${v.t}options WRITE;
/*!40000 ALTER TABLE ${v.t}options DISABLE KEYS */;
INSERT INTO ${v.t}options VALUES ${optionRows(v, ',', ',')};
/*!40000 ALTER TABLE ${v.t}options ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS ${v.t}posts;
CREATE TABLE ${v.t}posts (
  ID bigint unsigned NOT NULL AUTO_INCREMENT,
  guid varchar(255) NOT NULL DEFAULT '',
  PRIMARY KEY (ID)
) ENGINE=InnoDB;
LOCK TABLES ${v.t}posts WRITE;
INSERT INTO ${v.t}posts (ID, guid) VALUES (1,'${v.url}/?p=1');
UNLOCK TABLES;
${MYSQL_FOOTER}`,
  },
  {
    name: 'mariadb-dump 11.4 (sandbox line, /*M! comments, one row per line, a sequence, uca1400)',
    rows: { new_options: 6, new_seq_table: 0 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `${v.sandbox}-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: wp_acme
-- ------------------------------------------------------
-- Server version	11.4.2-MariaDB-ubu2404

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;
${optionsSection(v, `INSERT INTO \`${v.t}options\` VALUES\n${optionRows(v, ',', ',\n')};`).replace(/utf8mb4_unicode_520_ci/g, 'utf8mb4_uca1400_ai_ci')}
--
-- Sequence structure for \`${v.t}seq\`
--

DROP SEQUENCE IF EXISTS \`${v.t}seq\`;
CREATE SEQUENCE \`${v.t}seq\` start with 1 minvalue 1 maxvalue 9223372036854775806 increment by 1 cache 1000 nocycle ENGINE=InnoDB;
SELECT SETVAL(\`${v.t}seq\`, 1001, 0);

DROP TABLE IF EXISTS \`${v.t}seq_table\`;
CREATE TABLE \`${v.t}seq_table\` (
  \`id\` int(11) NOT NULL DEFAULT nextval(\`${v.t}seq\`),
  PRIMARY KEY (\`id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_uca1400_ai_ci;
/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*M!100616 SET NOTE_VERBOSITY=@OLD_NOTE_VERBOSITY */;

-- Dump completed on 2025-03-01 10:00:00
`,
  },
  {
    name: 'mariadb-dump 10.6 with triggers and unquoted names in the trigger body',
    rows: { new_options: 6 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `-- MariaDB dump 10.19  Distrib 10.6.18-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: wp_acme
-- ------------------------------------------------------
-- Server version	10.6.18-MariaDB-0ubuntu0.22.04.1

/*!40101 SET NAMES utf8mb4 */;
${optionsSection(v, `INSERT INTO \`${v.t}options\` VALUES ${optionRows(v, ',', ',')};`)}
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017${v.definer}*/ /*!50003 TRIGGER opt_bi BEFORE INSERT ON ${v.t}options FOR EACH ROW SET NEW.autoload = IF(NEW.autoload = '', 'yes', NEW.autoload) */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
-- Dump completed on 2025-03-01 10:00:00
`,
  },
  {
    name: 'phpMyAdmin export (transaction, double-quoted SET values, multi-line INSERT with column list, keys added by ALTER TABLE)',
    rows: { new_options: 6 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `-- phpMyAdmin SQL Dump
-- version 5.2.1
-- https://www.phpmyadmin.net/
--
-- Host: localhost:3306
-- Generation Time: Mar 01, 2025 at 10:00 AM
-- Server version: 10.11.6-MariaDB-0+deb12u1
-- PHP Version: 8.2.7

SET SQL_MODE = "NO_AUTO_VALUE_ON_ZERO";
START TRANSACTION;
SET time_zone = "+00:00";


/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;

--
-- Database: \`wp_acme\`
--

-- --------------------------------------------------------

--
-- Table structure for table \`${v.t}options\`
--

CREATE TABLE \`${v.t}options\` (
  \`option_id\` bigint(20) UNSIGNED NOT NULL,
  \`option_name\` varchar(191) NOT NULL DEFAULT '',
  \`option_value\` longtext NOT NULL,
  \`autoload\` varchar(20) NOT NULL DEFAULT 'yes'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

--
-- Dumping data for table \`${v.t}options\`
--

INSERT INTO \`${v.t}options\` (${OPTIONS_COLUMNS('`', ', ')}) VALUES
${optionRows(v, ', ', ',\n')};

-- --------------------------------------------------------

--
-- Stand-in structure for view \`${v.t}v\`
-- (See below for the actual view)
--
CREATE TABLE \`${v.t}v\` (
\`option_id\` bigint(20) unsigned
);

-- --------------------------------------------------------

--
-- Structure for view \`${v.t}v\`
--
DROP TABLE IF EXISTS \`${v.t}v\`;

CREATE ALGORITHM=UNDEFINED${v.definer} SQL SECURITY DEFINER VIEW \`${v.t}v\`  AS SELECT \`${v.t}options\`.\`option_id\` AS \`option_id\` FROM \`${v.t}options\` ;

--
-- Indexes for dumped tables
--

--
-- Indexes for table \`${v.t}options\`
--
ALTER TABLE \`${v.t}options\`
  ADD PRIMARY KEY (\`option_id\`),
  ADD UNIQUE KEY \`option_name\` (\`option_name\`);

--
-- AUTO_INCREMENT for table \`${v.t}options\`
--
ALTER TABLE \`${v.t}options\`
  MODIFY \`option_id\` bigint(20) UNSIGNED NOT NULL AUTO_INCREMENT, AUTO_INCREMENT=7;
COMMIT;

/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
`,
  },
  {
    name: 'WP Migrate DB export (# comments, spaced column list, one row per line)',
    rows: { new_options: 6 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `# WordPress MySQL database migration
#
# Generated: Saturday 1. March 2025 10:00 UTC
# Hostname: localhost
# Database: \`wp_acme\`
# URL: //old.example.com
# URL: ${OLD}
# Table Prefix: wp_
# Post Types: revision, attachment, page, post
# Protocol: https
# Multisite: false
# Subsite Export: false
# --------------------------------------------------------

/*!40101 SET NAMES utf8mb4 */;

SET sql_mode='NO_AUTO_VALUE_ON_ZERO';



#
# Delete any existing table \`wp_options\`
#

DROP TABLE IF EXISTS \`${v.t}options\`;


#
# Table structure of table \`${v.t}options\`
#

${createOptions(v)}


#
# Data contents of table \`${v.t}options\`
#

INSERT INTO \`${v.t}options\` ( ${OPTIONS_COLUMNS('`', ', ')} ) VALUES 
${optionRows(v, ', ', ',\n')} ;

#
# End of data contents of table \`${v.t}options\`
# --------------------------------------------------------

`,
  },
  {
    name: '`wp db export` (mysqldump 8.0 with --no-tablespaces --single-transaction, GTID_PURGED commented out)',
    rows: { new_options: 6 },
    replacements: 3,
    standardOptions: true,
    dump: (v) => `${MYSQL_HEADER('8.0.36')}
--
-- GTID state at the beginning of the backup 
-- (origin: @@global.gtid_executed)
--

/* SET @@GLOBAL.GTID_PURGED='+3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5';*/
${optionsSection(v, `INSERT INTO \`${v.t}options\` VALUES ${optionRows(v, ',', ',')};`)}${MYSQL_FOOTER}`,
  },
  {
    name: 'odd names (spaces, dashes, backticks, unicode, a parenthesis in a column name) and composite keys',
    rows: { 'new_odd name-é`x': 2, new_τ: 1, other_table: 1 },
    replacements: 2,
    dump: (v) => `CREATE TABLE \`${v.t}odd name-é\`\`x\` (
  \`a b\` int NOT NULL,
  \`c-(d)\` varchar(10) NOT NULL,
  \`ü\` text,
  PRIMARY KEY (\`a b\`,\`c-(d)\`(5))
);
INSERT INTO \`${v.t}odd name-é\`\`x\` (\`a b\`, \`c-(d)\`, \`ü\`) VALUES (1,'x','${v.url}'),(2,'y',NULL);
CREATE TABLE \`${v.t}τ\` (\`κ\` text);
INSERT INTO \`${v.t}τ\` VALUES ('${v.url}');
CREATE TABLE \`other_table\` (\`x\` int);
INSERT INTO \`other_table\` VALUES (-1);
`,
  },
  {
    name: 'every escape and a few a dumper would not write, NULL against the string NULL, numbers',
    rows: { new_values: 5 },
    replacements: 1,
    dump: (v) => `CREATE TABLE \`${v.t}values\` (\`id\` int, \`v\` text, \`n\` double);
INSERT INTO \`${v.t}values\` VALUES (1,'\\0\\'\\"\\b\\n\\r\\t\\Z\\\\\\%\\_ ''doubled''',-0.5),(5,'${v.url}',0),(2,NULL,1.5e-3),(3,'NULL',-1E+10),(4,"double \\"quoted\\" 'x'",+7);
`,
  },
];

const variants: { name: string; wrap: (s: string) => Buffer }[] = [
  { name: 'LF', wrap: (s) => Buffer.from(s, 'utf8') },
  { name: 'CRLF', wrap: (s) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8') },
  { name: 'BOM', wrap: (s) => Buffer.from(`\ufeff${s}`, 'utf8') },
];

const digestsOf = (d: Map<string, { toJSON(): TableDigestJson }>) =>
  Object.fromEntries([...d].map(([k, x]) => [k, x.toJSON()]));

/** The first line where two outputs differ (readable in a failure), or null. */
function firstDifference(got: Buffer, want: Buffer): { line: number; got: string; want: string } | null {
  const a = got.toString('utf8').split('\n');
  const b = want.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i]) return { line: i + 1, got: a[i] ?? '<end>', want: b[i] ?? '<end>' };
  return null;
}

const standardDigests = new Map<string, TableDigestJson>();

describe('dumps from other dumpers and options', () => {
  for (const c of CASES) {
    for (const variant of variants) {
      it(`${c.name} [${variant.name}]: changes only replaced values, renamed names and fixes, and digests every row`, async () => {
        const input = variant.wrap(c.dump(IN));
        const expected = variant.wrap(c.dump(OUT));
        // Nothing asked, nothing changed: the very bytes come out.
        expect(run(input).out).toEqualBytes(input);
        const random = prng(input.length);
        const cuts = Array.from({ length: 12 }, () => Math.floor(random() * input.length));
        const stream = new SqlStream(OPTIONS);
        const out = await through(stream, splitAt(input, cuts));
        expect(firstDifference(out, expected)).toBeNull();
        expect(out).toEqualBytes(expected);
        const report = stream.report();
        expect(report.replacements.total).toBe(c.replacements);
        const sent = report.digests;
        // Digest keys are the tables' names as the server has them (UTF-8), as on the reader side.
        const rows = Object.entries(sent).map(([k, d]) => [k, d.rows]);
        expect(Object.fromEntries(rows)).toEqual(c.rows);
        // The reader side reads the staged output back to the same Digest.
        const read = await digestDump([out], { digestPrefix: { from: 'wpfs_', to: 'new_' } });
        expect(digestsOf(read.digests)).toEqual(sent);
        if (c.standardOptions) {
          const d = sent.new_options!;
          const first = standardDigests.get('new_options');
          if (first === undefined) standardDigests.set('new_options', d);
          else expect(d).toEqual(first);
        }
      });
    }

    it(`${c.name}: a dump cut inside a string or before a statement's end fails with the byte offset`, () => {
      const input = Buffer.from(c.dump(IN), 'utf8');
      const insert = input.indexOf(/^(?:INSERT|REPLACE)/m.exec(c.dump(IN))![0]);
      const quote = input.indexOf("'", insert);
      expect(() => runChunks([input.subarray(0, quote + 2)], OPTIONS)).toThrow(
        `SQL dump unreadable at byte ${quote}: unterminated string literal`,
      );
      const end = input.indexOf(';\n', quote);
      expect(() => runChunks([input.subarray(0, end)], OPTIONS)).toThrow(
        new RegExp(`SQL dump unreadable at byte \\d+: statement has no terminating ';'`),
      );
    });
  }

  it('skips a byte order mark before a first INSERT wherever a chunk ends', () => {
    const sql = (v: Side) => `\ufeffINSERT INTO \`${v.t}posts\` VALUES (1,'${v.url}');\n`;
    const input = Buffer.from(sql(IN));
    const want = Buffer.from(sql(OUT));
    for (let at = 0; at <= 8; at++) {
      const { out, t } = runChunks(splitAt(input, [at]), OPTIONS);
      expect(out).toEqualBytes(want);
      expect(t.report().digests.new_posts?.rows).toBe(1);
    }
    // Only at the very start; later the same bytes stay part of their statement, unchanged.
    const later = Buffer.concat([Buffer.from('SELECT 1;\n'), input]);
    expect(run(later).out).toEqualBytes(later);
  });

  it('rewrites a row of several megabytes in one INSERT and digests it', async () => {
    const big = (v: Side) =>
      `CREATE TABLE \`${v.t}posts\` (\`ID\` int, \`post_content\` longtext);\nINSERT INTO \`${v.t}posts\` VALUES (1,'${`<p>see <a href=\\"${v.url}/page\\">it</a></p>\\n`.repeat(60_000)}'),(2,'x');\n`;
    const input = Buffer.from(big(IN));
    expect(input.length).toBeGreaterThan(3_000_000);
    const random = prng(7);
    const cuts = Array.from({ length: 40 }, () => Math.floor(random() * input.length));
    const stream = new SqlStream(OPTIONS);
    const out = await through(stream, splitAt(input, cuts));
    expect(out).toEqualBytes(Buffer.from(big(OUT)));
    expect(stream.report().replacements.total).toBe(60_000);
    const read = await digestDump([out], { digestPrefix: { from: 'wpfs_', to: 'new_' } });
    expect(digestsOf(read.digests)).toEqual(stream.report().digests);
    expect(stream.report().digests.new_posts?.rows).toBe(2);
  });
});
