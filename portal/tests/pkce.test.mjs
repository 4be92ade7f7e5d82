// The portal's PKCE (RFC 7636) in Node, without a browser: the S256 challenge of the
// RFC's own example verifier (Appendix B), and verifiers of the grammar's length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { challengeOf, randomVerifier } from '../src/auth.js';

test('S256 challenge of the RFC 7636 Appendix B verifier', async () => {
  assert.equal(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('verifiers are 43-128 unreserved characters and differ', () => {
  const a = randomVerifier();
  const b = randomVerifier();
  assert.match(a, /^[A-Za-z0-9\-._~]{43,128}$/);
  assert.notEqual(a, b);
});
