import { describe, expect, it } from 'vitest';
import { firstDifference } from './equal-bytes.js';

describe('toEqualBytes', () => {
  it('names the first differing offset and shows the bytes around it when two dumps differ', () => {
    const want = Buffer.from("INSERT INTO `wp_options` VALUES (1,'home','https://new.example');\n");
    const got = Buffer.from(want);
    got[45] = 0x58;
    expect(() => expect(got).toEqualBytes(want)).toThrow(
      /bytes differ first at offset 45 \(received 66 bytes, expected 66\)/,
    );
    expect(() => expect(got).toEqualBytes(want)).toThrow(/received from 21: …".*X.*"\n/);
  });

  it('says where the shorter input ends when one is a prefix of the other', () => {
    expect(firstDifference(Buffer.from('abc'), Buffer.from('abcd'))).toBe(3);
    expect(() => expect(Buffer.from('abc')).toEqualBytes(Buffer.from('abcd'))).toThrow(
      /offset 3 \(received 3 bytes, expected 4\)/,
    );
  });

  it('passes equal bytes and fails .not with the length', () => {
    expect(Buffer.from('same')).toEqualBytes(new Uint8Array(Buffer.from('same')));
    expect(() => expect(Buffer.from('same')).not.toEqualBytes(Buffer.from('same'))).toThrow(
      /all 4 are equal/,
    );
  });
});
