import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { cellXml, columnLetters, xlsxSheet, xmlText } from './xlsx.writer';

describe('XLSX sheet XML', () => {
  test('text is escaped and characters XML 1.0 forbids are dropped', () => {
    expect(xmlText('plain')).toBe('plain');
    expect(xmlText('a & b <c> "d"')).toBe('a &amp; b &lt;c&gt; &quot;d&quot;');
    expect(xmlText('bell\u0007 nul\u0000 tab\t lf\n')).toBe('bell nul tab\t lf\n');
    expect(xmlText('lone \uD800 pair \uD83D\uDE00 \uFFFE')).toBe('lone  pair \uD83D\uDE00 ');
  });

  test('column letters', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  test('numbers as number cells, booleans as t="b", the rest as inline strings, null as no cell', () => {
    expect(cellXml('A1', 26)).toBe('<c r="A1"><v>26</v></c>');
    expect(cellXml('B1', true)).toBe('<c r="B1" t="b"><v>1</v></c>');
    expect(cellXml('C1', '=1+1')).toBe('<c r="C1" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>');
    expect(cellXml('D1', Number.NaN)).toContain('t="inlineStr"');
    expect(cellXml('E1', null)).toBe('');
  });

  test('exceljs reads the workbook back: sheet name, header, values', async () => {
    const out = new PassThrough();
    const bytes = buffer(out);
    const sheet = xlsxSheet(out, 'PLACEMENTS', ['code', 'n', 'ok', 'note']);
    sheet.write([
      ['PL-1', 3, true, 'a & <b> "c"\u0001'],
      ['=HYPERLINK("x")', null, false, 'Қазақ тілі 😀'],
    ]);
    await sheet.end();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await bytes) as never);
    const read = workbook.worksheets[0]!;
    expect(read.name).toBe('PLACEMENTS');
    expect(
      read
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1)),
    ).toEqual([
      ['code', 'n', 'ok', 'note'],
      ['PL-1', 3, true, 'a & <b> "c"'],
      ['=HYPERLINK("x")', undefined, false, 'Қазақ тілі 😀'],
    ]);
  });
});
