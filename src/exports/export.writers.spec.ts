import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { crlfLines, csvCopyStatement, csvField, csvHeader, sqlLiteral } from './export.writers';

const text = async (stream: NodeJS.ReadableStream) => (await buffer(stream)).toString('utf8');

describe('CSV', () => {
  test('quotes what needs quoting and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
    expect(csvField(null)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  test('the header: BOM, the columns, CRLF', () => {
    expect(csvHeader(['a', 'b'])).toBe('\uFEFFa,b\r\n');
  });

  test('CRLF after each line, not inside a quoted field, whatever the chunks', async () => {
    const copy = 'a,"x\ny"\n"say ""hi""\n",b\nlast,\n';
    const chunks = [copy.slice(0, 4), copy.slice(4, 9), copy.slice(9, 18), copy.slice(18)].map((c) => Buffer.from(c));
    expect(await text(Readable.from(chunks).pipe(crlfLines()))).toBe('a,"x\ny"\r\n"say ""hi""\n",b\r\nlast,\r\n');
    expect(await text(Readable.from([Buffer.from('no line end')]).pipe(crlfLines()))).toBe('no line end');
  });

  test('bound values become quoted literals, never raw text', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(sqlLiteral('a\\b')).toBe(" E'a\\\\b'");
    expect(sqlLiteral(null)).toBe('null');
    expect(sqlLiteral(2027)).toBe("'2027'");
    expect(sqlLiteral(['a"b', 'c'])).toBe(String.raw` E'{"a\\"b","c"}'`);
    expect(() => sqlLiteral({})).toThrow();
    const copy = csvCopyStatement('select $1::text as x where $2::int > 0', ["'; drop table placement; --", 5], [{ name: 'x', dataTypeID: 25 }]);
    expect(copy).toContain("from (select '''; drop table placement; --'::text as x where '5'::int > 0) e");
    expect(copy.startsWith('copy (select nullif(')).toBe(true);
  });
});
