/**
 * The XML that Open311 (GeoReport v2) answers in: schemaless elements with text content, no
 * attributes, no namespaces, UTF-8 with the declaration the spec asks for. It is small enough to
 * write by hand, and writing it by hand keeps the one rule that matters in one place: text goes
 * out escaped, and characters XML 1.0 cannot carry at all are dropped (a parser would reject the
 * whole document for one of them, and a report's free text comes from the public).
 */

/** An element: a name and either text (null or undefined: an empty element) or child elements. */
export type XmlNode = { name: string; text?: string | number | boolean | null } | XmlParent;
export interface XmlParent {
  name: string;
  children: XmlNode[];
}

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. Anything
// else (C0 controls, unpaired surrogates, U+FFFE and U+FFFF) is not allowed even as a reference.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as element content: `&`, `<` and `>` escaped (`>` for `]]>`), quotes too, unusable characters dropped. */
export function escapeXmlText(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function render(node: XmlNode, out: string[]): void {
  // Names are ours, never input; a bad one is a programming error, not something to escape.
  if (!ELEMENT_NAME.test(node.name)) throw new Error(`not an XML element name: ${node.name}`);
  if ('children' in node) {
    if (node.children.length === 0) {
      out.push(`<${node.name}/>`);
      return;
    }
    out.push(`<${node.name}>`);
    for (const child of node.children) render(child, out);
    out.push(`</${node.name}>`);
    return;
  }
  if (node.text === undefined || node.text === null || node.text === '') {
    out.push(`<${node.name}/>`);
    return;
  }
  out.push(`<${node.name}>${escapeXmlText(String(node.text))}</${node.name}>`);
}

/** A whole document: the declaration, then the root element. */
export function xmlDocument(root: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  render(root, out);
  out.push('\n');
  return out.join('');
}
