import { createHmac, randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { createPseudonymizer } from '../../src/export/index.ts';

test('pseudonyms are HMAC-SHA-256 (RFC 2104) of the case id, as createHmac computes it', () => {
  for (const keyLength of [32, 64, 100]) {
    const key = randomBytes(keyLength);
    const pseudonymOf = createPseudonymizer(key);
    for (const caseId of ['019735a2-7c1e-7000-8000-000000000001', '', 'è-ü-中', 'x'.repeat(300)]) {
      expect(pseudonymOf(caseId)).toBe(createHmac('sha256', key).update(caseId, 'utf8').digest('hex'));
    }
  }
});

test('RFC 4231 test case 2', () => {
  const pseudonymOf = createPseudonymizer(Buffer.from('Jefe'));
  expect(pseudonymOf('what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});
