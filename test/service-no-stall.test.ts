/**
 * One large body must not stall the service: while a large message with a wrong signature is being
 * checked, small valid samples keep being answered. Ordering, not timing, is asserted: each small
 * sample is sent after the server has read the whole large body, and answered before the large one.
 * (The server runs in this process, so a blocked event loop would also hold back the small uploads
 * until the large check is over.)
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { referenceSignJson } from './helpers/reference-signer.js';
import { message, post, signedJson, startFixture, type Fixture } from './helpers/service.js';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.stop();
  fx = undefined;
});

/** A ~12 MiB JSON message (400,000 rows of 3 axes) signed with a key the service does not have. */
function largeForgedBody(): Uint8Array {
  const rows: number[][] = [];
  for (let i = 0; i < 400_000; i++) rows.push([-9.81 + (i % 997) / 1000, 0.03 + (i % 13) / 100, 1.21 - (i % 101) / 1000]);
  return referenceSignJson(message({ values: rows }), 'not-the-key-not-the-key-not-the-');
}

/** Resolves once the server has read the whole body of the request named `fileName`. */
function bodyReceived(f: Fixture, fileName: string): Promise<void> {
  return new Promise((resolve) => {
    const onRequest = (req: IncomingMessage) => {
      if (req.headers['x-file-name'] !== fileName) return;
      f.svc.server.off('request', onRequest);
      req.once('end', () => resolve());
    };
    f.svc.server.on('request', onRequest);
  });
}

describe('no stall', () => {
  test.each(['flag', 'reject'] as const)('policy %s: small samples are answered while a large forged body is checked', async (policy) => {
    fx = await startFixture({ signaturePolicy: policy });
    const f = fx;
    const big = largeForgedBody();
    expect(big.length).toBeGreaterThan(8 * 1024 * 1024);
    const order: string[] = [];
    const received = bodyReceived(f, 'big.json');
    const large = post(f, big, { apiKey: f.apiKeys.ingestiononly, fileName: 'big.json' }).then((r) => {
      order.push('large');
      return r;
    });
    await received;
    for (let i = 0; i < 5; i++) {
      const r = await post(f, signedJson(f.hmac.key), { apiKey: f.apiKeys.ingestiononly, fileName: `small.${i}.json` });
      expect(r.status).toBe(200);
      order.push(`small ${i}`);
    }
    const l = await large;
    if (policy === 'flag') expect(l).toEqual({ status: 200, text: 'big.json' });
    else expect(l).toEqual({ status: 400, text: expect.stringMatching(/^E_SIG_MISMATCH: /) });
    if (policy === 'flag') {
      // Flagged, the large message must be parsed whole (its fields are stored): that takes long
      // enough for all five small samples to come back first.
      expect(order).toEqual(['small 0', 'small 1', 'small 2', 'small 3', 'small 4', 'large']);
    } else {
      // Refused on its MAC, it may be done sooner; still, the first small sample was never held back by it.
      expect(order.indexOf('small 0')).toBeLessThan(order.indexOf('large'));
    }
  });
});
