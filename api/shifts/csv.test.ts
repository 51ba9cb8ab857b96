import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, toCsv } from './csv';

describe('hours CSV', { timeout: 5_000 }, () => {
  test('commas, quotes and line breaks are quoted, quotes doubled', () => {
    assert.equal(csvCell('Smith, Ana'), '"Smith, Ana"');
    assert.equal(csvCell('Ana "Nan" Smith'), '"Ana ""Nan"" Smith"');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell('plain'), 'plain');
  });

  test('a name a spreadsheet would run as a formula stays text', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+1+2', '-2+3', '@SUM(A1)', '\tTab', '\r=1']) {
      const cell = csvCell(evil);
      assert.ok(!/^"?[=+\-@\t\r]/.test(cell), `${JSON.stringify(evil)} → ${JSON.stringify(cell)}`);
    }
    assert.equal(csvCell('=1+2'), "'=1+2");
    assert.equal(csvCell('=A1,B1'), `"'=A1,B1"`);
  });

  test('numbers stay numbers; rows end with CRLF', () => {
    assert.equal(toCsv(['a', 'b'], [['x', 7.5]]), 'a,b\r\nx,7.5\r\n');
  });
});
