import { describe, expect, it } from 'vitest';
import { withoutRowData } from '../../src/db/without-row-data.js';

describe('row data quoted by the mysql client is withheld from messages', () => {
  it('withholds a duplicate key value and keeps the error number, line and key', () => {
    const text =
      "ERROR 1062 (23000) at line 57: Duplicate entry 'ceo@client-shop.example' for key 'user_email'";
    const out = withoutRowData(text);
    expect(out).not.toContain('ceo@client-shop.example');
    expect(out).toBe(
      "ERROR 1062 (23000) at line 57: Duplicate entry [row data withheld] for key 'user_email'",
    );
  });

  it('withholds the statement text near a syntax error, quotes inside it included', () => {
    const text =
      "ERROR 1064 (42000) at line 12: You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ''$P$Bsecrethash','ceo@client.example'),(2,'bob' at line 1";
    const out = withoutRowData(text);
    expect(out).not.toMatch(/secrethash|ceo@client|bob/);
    expect(out).toMatch(/^ERROR 1064 \(42000\) at line 12: .* near \[row data withheld\] at line 1$/);
  });

  it('withholds a value the server refused for a column, on every line of a multi-line stderr', () => {
    const text = [
      "ERROR 1366 (22007) at line 88: Incorrect integer value: 'sk_live_token' for column `db`.`wp_posts`.`ID` at row 1",
      "Warning: Truncated incorrect DOUBLE value: 'api-key-123'",
    ].join('\n');
    const out = withoutRowData(text);
    expect(out).not.toMatch(/sk_live_token|api-key-123/);
    expect(out.split('\n')).toEqual([
      'ERROR 1366 (22007) at line 88: Incorrect integer value: [row data withheld] for column `db`.`wp_posts`.`ID` at row 1',
      'Warning: Truncated incorrect DOUBLE value: [row data withheld]',
    ]);
  });

  it("withholds the failed statement MariaDB's client echoes between fences, and keeps its error line", () => {
    const text = [
      '--------------',
      "INSERT INTO `wpfs_users` VALUES (1,'admin','$P$Bsecrethash'),",
      "(2,'bob','$P$Bother')",
      '--------------',
      '',
      "ERROR 1062 (23000) at line 57: Duplicate entry '2' for key 'PRIMARY'",
    ].join('\n');
    const out = withoutRowData(text);
    expect(out).not.toMatch(/secrethash|other|bob/);
    expect(out.split('\n')).toEqual([
      '[failed statement withheld]',
      '',
      "ERROR 1062 (23000) at line 57: Duplicate entry [row data withheld] for key 'PRIMARY'",
    ]);
  });

  it('withholds the rest of an echoed statement when the text starts inside it (a cut tail)', () => {
    const text = [
      "…,'$P$Bsecrethash'),(2,'bob')",
      '--------------',
      '',
      'ERROR 1064 (42000) at line 3: syntax error',
    ].join('\n');
    expect(withoutRowData(text).split('\n')).toEqual([
      '[failed statement withheld]',
      '',
      'ERROR 1064 (42000) at line 3: syntax error',
    ]);
  });

  it('leaves messages without quoted row data as they are', () => {
    const text =
      "ERROR 1273 (HY000) at line 25: Unknown collation: 'utf8mb4_0900_ai_ci'\nERROR 2013 (HY000): Lost connection to server during query";
    expect(withoutRowData(text)).toBe(text);
  });
});
