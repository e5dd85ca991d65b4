// Test helpers: run the SqlTransformer over an input split into given chunks, and a small realistic dump.
import { SqlTransformer, type SqlStreamOptions } from '@wpfleet/sql';

export function runChunks(
  chunks: Buffer[],
  options: SqlStreamOptions = {},
): { out: Buffer; t: SqlTransformer } {
  const t = new SqlTransformer(options);
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(t.push(c));
  parts.push(t.end());
  return { out: Buffer.concat(parts), t };
}

export function run(
  input: string | Buffer,
  options: SqlStreamOptions = {},
): { out: Buffer; text: string; t: SqlTransformer } {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const { out, t } = runChunks([buf], options);
  return { out, text: out.toString('utf8'), t };
}

/** Splits `buf` at the given offsets. */
export function splitAt(buf: Buffer, offsets: number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const o of [...offsets].sort((a, b) => a - b)) {
    out.push(buf.subarray(prev, o));
    prev = o;
  }
  out.push(buf.subarray(prev));
  return out;
}

/** Deterministic PRNG (mulberry32), the one the lab seeds with. */
export { prng } from '@wpfleet/lab';

export const ser = (s: string): string => `s:${Buffer.byteLength(s)}:"${s}";`;
export const sqlEscape = (s: string): string =>
  s.replace(
    // eslint-disable-next-line no-control-regex -- \x1a (Ctrl-Z) is one of the bytes mysqldump escapes.
    /[\0\n\r\\'"\x1a]/g,
    (c) =>
      ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' })[c]!,
  );

export const MINI_DUMP = `/*M!999999\\- enable the sandbox mode */ 
-- MariaDB dump 10.19-11.4.2-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.1.1    Database: wp_acme
-- ------------------------------------------------------
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;

--
-- Table structure for table \`wp_options\`
--

DROP TABLE IF EXISTS \`wp_options\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE \`wp_options\` (
  \`option_id\` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  \`option_name\` varchar(191) NOT NULL DEFAULT '',
  \`option_value\` longtext NOT NULL,
  \`autoload\` varchar(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (\`option_id\`),
  UNIQUE KEY \`option_name\` (\`option_name\`)
) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`wp_options\`
--

LOCK TABLES \`wp_options\` WRITE;
/*!40000 ALTER TABLE \`wp_options\` DISABLE KEYS */;
INSERT INTO \`wp_options\` VALUES (1,'siteurl','https://old.example.com','yes'),(2,'widget','${sqlEscape('a:2:{s:3:"url";' + ser('https://old.example.com/x') + 's:4:"name";' + ser('Zoë\'s "café"\n\\') + '}')}','yes'),(3,'wp_user_roles','a:0:{}','yes'),(4,'blob',_binary 'https://old.example.com\\0\\Z',NULL),(5,'hex',0x68747470733A2F2F6F6C64,-1.5e3);
/*!40000 ALTER TABLE \`wp_options\` ENABLE KEYS */;
UNLOCK TABLES;
# a hash comment
/* a plain comment with 'quote' */
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=\`root\`@\`localhost\`*/ /*!50003 TRIGGER t1 BEFORE INSERT ON \`wp_options\` FOR EACH ROW SET NEW.autoload = 'yes'; */;;
DELIMITER ;
-- Dump completed on 2026-11-24 15:00:00
`;

/** A SQL string literal's body (latin1, one char per byte) as the value MySQL stores: every escape undone. */
export function sqlUnescape(s: string): string {
  return s.replace(/\\(.)|''/gs, (m, c: string | undefined) => {
    if (c === undefined) return "'";
    return ({ '0': '\0', n: '\n', r: '\r', Z: '\x1a', t: '\t', b: '\b' } as Record<string, string>)[c] ?? c;
  });
}

/** A literal's body as found in UTF-8 output text, back to the stored UTF-8 value. */
export function storedValue(body: string): string {
  return Buffer.from(sqlUnescape(Buffer.from(body, 'utf8').toString('latin1')), 'latin1').toString('utf8');
}

/** A random value of 1 to `most` pieces drawn from `pieces`, each upper-cased with probability `upper`. */
export function randomJoin(rnd: () => number, pieces: readonly string[], most: number, upper = 0): string {
  let v = '';
  const len = 1 + Math.floor(rnd() * most);
  for (let i = 0; i < len; i++) {
    const p = pieces[Math.floor(rnd() * pieces.length)]!;
    v += upper > 0 && rnd() < upper ? p.toUpperCase() : p;
  }
  return v;
}
