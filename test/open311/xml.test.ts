import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { XmlDocument } from 'xmldoc';
import { errorsDocument, serialise } from '../../functions/domain/open311/documents.ts';
import { escapeXmlText, xmlDocument } from '../../functions/domain/open311/xml.ts';

// XML 1.0's Char production: anything outside it makes a document unreadable, even as a reference.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const xmlUsable = (text: string) => text.replace(new RegExp(NOT_XML_CHAR.source, 'gu'), '');

describe('the XML writer', () => {
  it('keeps markup in text as text', () => {
    const hostile = '</description><service_request_id>1</service_request_id><![CDATA[x]]>&amp;"\'';
    const document = new XmlDocument(
      xmlDocument({ name: 'request', children: [{ name: 'description', text: hostile }] }),
    );
    expect(document.children.filter((child) => child.type === 'element')).toHaveLength(1);
    expect(document.childNamed('description')?.children.map((child) => child.type)).toEqual(['text']);
    expect(document.childNamed('description')?.val).toBe(hostile);
  });

  it('escapes the five markup characters and keeps a carriage return as a reference', () => {
    expect(escapeXmlText(`<a href="x">&'\r\n</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#13;\n&lt;/a&gt;',
    );
  });

  it('drops characters XML 1.0 cannot carry: controls, unpaired surrogates, U+FFFE and U+FFFF', () => {
    expect(escapeXmlText('a\u0000b\u0008c\u001Fd\uD800e\uDFFFf\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(escapeXmlText('tab\tline\nemoji 🔊 Tŷ')).toBe('tab\tline\nemoji 🔊 Tŷ');
  });

  it('writes the declaration the spec asks for and empty elements for missing values', () => {
    expect(
      xmlDocument({
        name: 'request',
        children: [
          { name: 'service_notice', text: null },
          { name: 'order', text: 1 },
          { name: 'required', text: false },
        ],
      }),
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<request><service_notice/><order>1</order><required>false</required></request>\n',
    );
  });

  it('never takes an element name from text: a bad name is refused, not escaped', () => {
    expect(() => xmlDocument({ name: 'a><b', text: 'x' })).toThrow(/not an XML element name/);
  });

  it('any text a client or resident could send reads back the same, less what XML cannot carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const written = serialise(errorsDocument([{ code: 400, description: text }]), 'xml');
        expect(NOT_XML_CHAR.test(written)).toBe(false);
        const document = new XmlDocument(written);
        const errors = document.childrenNamed('error');
        expect(errors).toHaveLength(1);
        expect(errors[0]?.valueWithPath('description') ?? '').toBe(xmlUsable(text));
      }),
      { numRuns: 500 },
    );
  });

  it('any text written as JSON parses back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const written = serialise(errorsDocument([{ code: 400, description: text }]), 'json');
        expect(JSON.parse(written)).toEqual([{ code: 400, description: text }]);
      }),
    );
  });
});
