import { ImportRejectedError } from '../../common/import-report';
import { badCharacter, decodeImportFile, findBadString, readCsvTable } from './import-cells';

describe('import cells', () => {
  it('decodes UTF-8 and names the first line that is not', () => {
    expect(decodeImportFile('f.csv', Buffer.from('\ufeffa,b\nCafé,1\n', 'utf8'))).toBe('a,b\nCafé,1\n'); // the byte-order mark goes too
    const latin1 = Buffer.concat([Buffer.from('a,b\nok,1\n'), Buffer.from('Caf\xe9,2\n', 'latin1')]);
    try {
      decodeImportFile('f.csv', latin1);
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(ImportRejectedError);
      expect((error as ImportRejectedError).report()).toMatch(/line 3: is not valid UTF-8/);
    }
  });

  it('finds characters PostgreSQL refuses, with where they are', () => {
    expect(badCharacter('fine é 😀')).toBeNull();
    expect(badCharacter('a\u0000b')).toMatch(/NUL/);
    expect(badCharacter('a\ud800')).toMatch(/surrogate/);
    expect(findBadString({ a: [1, { b: 'x\u0000' }] }, 'attributes')).toEqual({ path: 'attributes.a[1].b', what: expect.stringMatching(/NUL/) });
    expect(findBadString({ 'k\u0000': 1 }, 'attributes')).toEqual({ path: 'attributes (a key)', what: expect.stringMatching(/NUL/) });
  });

  it('reads a header strictly', () => {
    const problems: { line: number; reason: string }[] = [];
    const table = readCsvTable('f.csv', 'A, Color ,\n1,red,\n', { required: ['a'], optional: ['colour'], aliases: { color: 'colour' } }, problems);
    expect([...table.columns]).toEqual(['a', 'colour']);
    expect(table.rows).toEqual([{ line: 2, cells: { a: '1', colour: 'red' } }]);
    expect(problems).toEqual([]);
    expect(() => readCsvTable('f.csv', '', { required: ['a'], optional: [] }, problems)).toThrow(ImportRejectedError);
    expect(() => readCsvTable('f.csv', 'a\n', { required: ['a'], optional: [] }, problems)).toThrow(/rejected/);
  });
});
