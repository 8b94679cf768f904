import { describe, expect, it } from 'vitest';
import { thrownProtocolError } from '../test-support/thrown.js';
import { parseDeleteRequest, parseListObjectsResult } from './bodies.js';
import { MAX_XML_LENGTH, XmlSyntaxError, escapeXmlText, readXmlDocument, writeXmlDocument } from './document.js';

function expectMalformed(fn: () => unknown): void {
  const thrown = thrownProtocolError(fn);
  expect(thrown.code).toBe('MalformedXML');
  expect(thrown.status).toBe(400);
  expect(thrown.message).toBe(
    'The XML you provided was not well-formed or did not validate against our published schema.',
  );
}

describe('readXmlDocument', () => {
  it('keeps every value a string, untrimmed', () => {
    const { rootName, root } = readXmlDocument('<R><A>0123</A><B>1e5</B><C>true</C><D>  x  </D><E/></R>');
    expect(rootName).toBe('R');
    expect(root).toEqual({ A: '0123', B: '1e5', C: 'true', D: '  x  ', E: '' });
  });

  it('decodes predefined entities and character references exactly once', () => {
    const { root } = readXmlDocument('<R><A>&lt;&amp;&gt;&quot;&apos;&#x4E2D;&#25991;&#13;</A><B>&amp;lt;&amp;#65;</B></R>');
    expect(root).toEqual({ A: '<&>"\'中文\r', B: '&lt;&#65;' });
  });

  it('keeps CDATA text verbatim', () => {
    expect(readXmlDocument('<R><A><![CDATA[a<b&amp;]]></A></R>').root).toEqual({ A: 'a<b&amp;' });
  });

  it('accepts a BOM, the declaration, comments and indentation', () => {
    const xml = '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<R>\n  <A>x</A>\n</R>\n';
    expect(readXmlDocument(xml)).toEqual({ rootName: 'R', root: { A: 'x' } });
  });

  it.each([
    ['empty', ''],
    ['text', 'hello'],
    ['unclosed', '<R><A>x</A>'],
    ['mismatched', '<R><A>x</B></R>'],
    ['two roots', '<R/><R/>'],
    ['bare ampersand', '<R>a & b</R>'],
    ['unknown entity', '<R>&nbsp;</R>'],
    ['invalid character reference', '<R>&#0;</R>'],
    ['surrogate character reference', '<R>&#xD800;</R>'],
  ])('rejects %s', (_name, xml) => {
    expect(() => readXmlDocument(xml)).toThrow(XmlSyntaxError);
  });

  it('rejects DTDs, so entity bombs and external entities never expand', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Delete><Object><Key>&lol3;</Key></Object></Delete>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&x;</Key></Object></Delete>`;
    expect(() => readXmlDocument(bomb)).toThrow(XmlSyntaxError);
    expectMalformed(() => parseDeleteRequest(bomb));
    expectMalformed(() => parseDeleteRequest(xxe));
  });

  it('rejects a DOCTYPE even when no entity is used', () => {
    expectMalformed(() => parseDeleteRequest('<!DOCTYPE Delete><Delete><Object><Key>k</Key></Object></Delete>'));
    expectMalformed(() =>
      parseDeleteRequest('<!DOCTYPE Delete [<!ENTITY e "x">]><Delete><Object><Key>k</Key></Object></Delete>'),
    );
  });

  it('rejects oversized and deeply nested input', () => {
    expect(() => readXmlDocument(`<R>${'a'.repeat(MAX_XML_LENGTH)}</R>`)).toThrow(/too large/);
    const deep = `${'<a>'.repeat(200)}x${'</a>'.repeat(200)}`;
    expect(() => readXmlDocument(deep)).toThrow(XmlSyntaxError);
  });

  it('rejects element names that could reach the prototype', () => {
    expect(() => readXmlDocument('<R><__proto__><polluted>yes</polluted></__proto__></R>')).toThrow(XmlSyntaxError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('writeXmlDocument', () => {
  it('writes the declaration, escapes text and leaves out undefined children', () => {
    expect(writeXmlDocument('R', { A: 'a<b>&"c"', B: undefined, C: 1, D: true, E: [{ K: 'x' }, { K: 'y' }] })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R>\n  <A>a&lt;b&gt;&amp;"c"</A>\n  <C>1</C>\n  <D>true</D>\n' +
        '  <E>\n    <K>x</K>\n  </E>\n  <E>\n    <K>y</K>\n  </E>\n</R>\n',
    );
  });

  it('writes a text-only root', () => {
    expect(writeXmlDocument('L', 'a&b')).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<L>a&amp;b</L>\n');
  });

  it('round-trips every string, replacing only what XML cannot carry', () => {
    const tricky = ' lead\ttab\r\nCRLF "q" \'a\' <&> ]]> 中文 😀 ';
    expect(readXmlDocument(writeXmlDocument('R', { A: tricky })).root).toEqual({ A: tricky });
    expect(escapeXmlText('a\u0000b\uD800c\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFD');
  });

  it('writes C0 control characters raw, as OSS does (keys survive listings), and reads them raw or as references', () => {
    expect(escapeXmlText('a\u0001b\u001Fc\u000Bd\te\rf')).toBe('a\u0001b\u001Fc\u000Bd\te&#13;f');
    const key = 'ctl\u0001\u0002\u0008\u000B\u000C\u000E\u001F/x';
    expect(readXmlDocument(writeXmlDocument('R', { Key: key })).root).toEqual({ Key: key });
    expect(readXmlDocument('<R>ctl&#x1;&#01;</R>').root).toBe('ctl\u0001\u0001');
    expect(() => readXmlDocument('<R>&#x0;</R>')).toThrow(XmlSyntaxError);
  });
});

describe('MalformedXML from body parsers', () => {
  it.each([
    ['not XML', 'garbage'],
    ['wrong root', '<ListAllMyBucketsResult/>'],
    ['missing required element', '<ListBucketResult><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'],
    ['bad integer', '<ListBucketResult><Name>b</Name><MaxKeys>1x</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'],
    ['bad boolean', '<ListBucketResult><Name>b</Name><MaxKeys>1</MaxKeys><IsTruncated>maybe</IsTruncated></ListBucketResult>'],
    ['repeated single element', '<ListBucketResult><Name>b</Name><Name>c</Name><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'],
    ['element where text is expected', '<ListBucketResult><Name><X/></Name><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>'],
    [
      'bad date',
      '<ListBucketResult><Name>b</Name><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>k</Key><LastModified>yesterday</LastModified><ETag>"E"</ETag><Size>1</Size></Contents></ListBucketResult>',
    ],
    [
      'bad URL escape',
      '<ListBucketResult><Name>b</Name><MaxKeys>1</MaxKeys><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated><Prefix>%E4%B8</Prefix></ListBucketResult>',
    ],
    ['text where elements are expected', '<ListBucketResult>oops</ListBucketResult>'],
  ])('%s', (_name, xml) => {
    expectMalformed(() => parseListObjectsResult(xml));
  });

  it('keeps the underlying reason as the cause', () => {
    try {
      parseListObjectsResult('<ListBucketResult><Name>b</Name></ListBucketResult>');
      expect.unreachable();
    } catch (err) {
      expect(String((err as Error).cause)).toMatch(/MaxKeys/);
    }
  });
});
