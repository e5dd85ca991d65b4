// Escaping for the HTML and JUnit reports. Site names, messages and findings come from fleet files and remote
// hosts, so every piece of text goes through here; characters XML 1.0 forbids (most control characters, lone
// surrogates) are replaced, since one of them makes a whole JUnit file unreadable to CI.

const FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element text and in single- or double-quoted attribute values, in both HTML and XML. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(FORBIDDEN, '\ufffd')
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}
