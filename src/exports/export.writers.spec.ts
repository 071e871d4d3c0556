import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';

const text = async (stream: NodeJS.ReadableStream) => (await buffer(stream)).toString('utf8');
import { csvField, csvTransform } from './export.writers';

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

  test('header first, one line per row of each batch, header alone when empty', async () => {
    const batches = Readable.from([
      [
        { a: 1, b: 'x' },
        { a: 2, b: null },
      ],
      [{ a: 3, b: 'y' }],
    ]);
    expect(await text(batches.pipe(csvTransform(['a', 'b'])))).toBe('\uFEFFa,b\r\n1,x\r\n2,\r\n3,y\r\n');
    expect(await text(Readable.from([]).pipe(csvTransform(['a'])))).toBe('\uFEFFa\r\n');
  });
});
