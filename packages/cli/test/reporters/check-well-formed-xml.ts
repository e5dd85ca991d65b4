// A small, strict XML well-formedness checker for the JUnit tests (no XML parser is a dependency of the CLI):
// balanced tags, one root, quoted attributes, only known entities, no forbidden characters. Returns every element
// with its decoded attributes and text, so tests can check that escaped values round-trip.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  parent?: XmlElement;
}

const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*/;

function decode(raw: string, where: string): string {
  let out = '';
  for (let i = 0; i < raw.length;) {
    const ch = raw[i] as string;
    if (ch === '<') throw new Error(`raw '<' in ${where}`);
    if (ch === '&') {
      const m = ENTITY.exec(raw.slice(i));
      if (!m) throw new Error(`bare '&' in ${where}: ${raw.slice(i, i + 12)}`);
      const e = m[1] as string;
      out +=
        e === 'amp'
          ? '&'
          : e === 'lt'
            ? '<'
            : e === 'gt'
              ? '>'
              : e === 'quot'
                ? '"'
                : e === 'apos'
                  ? "'"
                  : String.fromCodePoint(
                      e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
                    );
      i += m[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

export function checkWellFormedXml(xml: string): XmlElement[] {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(xml)) throw new Error('forbidden control character');
  const elements: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let roots = 0;
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    const top = stack[stack.length - 1];
    if (text.trim()) {
      if (!top) throw new Error(`text outside the root: ${text.slice(0, 20)}`);
      top.text += decode(text, `text of <${top.name}>`);
    }
    if (lt === -1) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) throw new Error('unclosed comment');
      i = end + 3;
      continue;
    }
    if (xml[lt + 1] === '/') {
      const m = NAME.exec(xml.slice(lt + 2));
      const open = stack.pop();
      if (!m || !open || open.name !== m[0])
        throw new Error(`mismatched close tag </${m?.[0]}> for <${open?.name}>`);
      const gt = lt + 2 + m[0].length;
      if (xml[gt] !== '>') throw new Error(`junk in close tag </${m[0]}>`);
      i = gt + 1;
      continue;
    }
    const m = NAME.exec(xml.slice(lt + 1));
    if (!m) throw new Error(`bad tag at ${lt}: ${xml.slice(lt, lt + 20)}`);
    const element: XmlElement = { name: m[0], attributes: {}, text: '', ...(top ? { parent: top } : {}) };
    if (!top) roots += 1;
    let j = lt + 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(xml.slice(j))?.[0].length ?? 0;
      j += ws;
      if (xml.startsWith('/>', j)) {
        j += 2;
        break;
      }
      if (xml[j] === '>') {
        j += 1;
        stack.push(element);
        break;
      }
      if (ws === 0) throw new Error(`missing space before attribute in <${m[0]}>`);
      const a = NAME.exec(xml.slice(j));
      if (!a) throw new Error(`bad attribute in <${m[0]}>: ${xml.slice(j, j + 20)}`);
      j += a[0].length;
      if (xml[j] !== '=') throw new Error(`attribute ${a[0]} without value`);
      const quote = xml[j + 1];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute ${a[0]}`);
      const close = xml.indexOf(quote, j + 2);
      if (close === -1) throw new Error(`unterminated attribute ${a[0]}`);
      if (a[0] in element.attributes) throw new Error(`duplicate attribute ${a[0]}`);
      element.attributes[a[0]] = decode(xml.slice(j + 2, close), `attribute ${a[0]}`);
      j = close + 1;
    }
    elements.push(element);
    i = j;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return elements;
}
