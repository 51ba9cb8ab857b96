import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertKeepsAnAdmin } from './commands';

const family = [
  { userId: 'a', role: 'admin' as const },
  { userId: 'b', role: 'caregiver' as const },
];

test('the only admin can be neither demoted nor removed', () => {
  assert.throws(() => assertKeepsAnAdmin(family, 'a', 'viewer'), /at least one admin/);
  assert.throws(() => assertKeepsAnAdmin(family, 'a', null), /at least one admin/);
});

test('with a second admin, either may step down', () => {
  const two = [...family, { userId: 'c', role: 'admin' as const }];
  assert.doesNotThrow(() => assertKeepsAnAdmin(two, 'a', null));
  assert.doesNotThrow(() => assertKeepsAnAdmin(two, 'c', 'viewer'));
});

test('other members can always change or leave; an unknown member is not found', () => {
  assert.doesNotThrow(() => assertKeepsAnAdmin(family, 'b', null));
  assert.throws(() => assertKeepsAnAdmin(family, 'zzz', 'viewer'), /not found/);
});
