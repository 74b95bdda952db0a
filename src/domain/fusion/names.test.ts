import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nameKey, nameKeys, sharedNames } from './names.ts';

describe('name keys', () => {
  test('case, diacritics, punctuation, spacing and a leading article do not count', () => {
    assert.equal(nameKey("Hay'at Tahrir al-Sham"), nameKey('Hayat Tahrir al Sham'));
    assert.equal(nameKey('IS-K'), nameKey('ISK'));
    assert.equal(nameKey('Bābil'), nameKey('babil'));
    assert.equal(nameKey('Jama’at Nusrat al-Islam'), nameKey("Jama'at Nusrat al Islam"));
    assert.equal(nameKey('The Islamic State'), nameKey('Islamic State'));
    assert.equal(nameKey('  Daesh  '), 'daesh');
  });
  test('different names stay different; transliterations are not guessed', () => {
    assert.notEqual(nameKey('ISIS'), nameKey('ISIL'));
    assert.notEqual(nameKey('Zaynab'), nameKey('Zainab'));
  });
  test('non-Latin scripts keep their letters', () => {
    assert.equal(nameKey('داعش'), 'داعش');
    assert.equal(nameKey('!!!'), '');
  });
  test('shared names between an alias list and a key set', () => {
    const keys = nameKeys(['Islamic State of Iraq and Syria', 'ISIS', 'Daesh']);
    assert.deepEqual(sharedNames(['DAESH', 'IS'], keys), ['DAESH']);
  });
});
