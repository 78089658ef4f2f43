/**
 * Multipart bodies are taken byte for byte and nothing in them goes unaccounted: parts that are
 * neither the message nor a referenced attachment, preambles and epilogues are refused, and the
 * duplicate hash covers exactly the parts stored. Bodies are built by hand (exact bytes) and by a
 * real client (undici's FormData through fetch); messages are signed by the independent reference
 * signer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { referenceAttachmentHmac, referenceSignJson } from './helpers/reference-signer.js';
import { message, multipart, post, samples, startFixture, type Fixture } from './helpers/service.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.stop();
});

const jpeg = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 9), Buffer.from([0xff, 0xd9])]));

let devices = 0;

/** A signed JSON message whose values reference `attachments` (mime, bytes) in order. */
function messageReferencing(key: string, attachments: Array<[string, Uint8Array]>): Uint8Array {
  const refs = attachments.map(([mime, bytes]) => `Ref-BINARY-${mime} (${bytes.length} bytes) ${referenceAttachmentHmac(bytes, key)}`);
  // A device name of its own: the values (references) alone would repeat from one test to the next.
  const msg = message({ sensors: [{ name: 'file', units: 'rgba' }], values: refs, deviceName: `dev-${devices++}` });
  (msg.payload as Record<string, unknown>)['interval_ms'] = 0;
  return referenceSignJson(msg, key);
}

async function count(): Promise<number> {
  return (await samples(fx, 'limit=100000')).length;
}

describe('byte-exact parts', () => {
  test('a non-file text part is verified over the bytes sent, even when its latin1 reading occurs elsewhere in the body', async () => {
    // A UTF-8 text attachment sent as a plain field. The old parser got it back as a string and
    // searched the body for its latin1 encoding: the message part's file name holds exactly those
    // bytes, so the search matched there and the attachment came back 3 bytes short.
    const text = Buffer.from('h\u00e9llo w\u00f6rld \u00e0 bient\u00f4t', 'utf8');
    const latin1 = Buffer.from(text.toString('utf8'), 'latin1');
    expect(latin1.length).toBe(text.length - 4);
    const msg = messageReferencing(fx.hmac.key, [['text/plain', text]]);
    const boundary = 'exact1234';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="message"; filename="`, 'latin1'),
      latin1,
      Buffer.from(`"\r\nContent-Type: application/json\r\n\r\n`, 'latin1'),
      msg,
      Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="note"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`, 'latin1'),
      text,
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType: `multipart/form-data; boundary=${boundary}`, fileName: 'note.txt' });
    expect(r).toEqual({ status: 200, text: 'note.txt' });
    expect((await samples(fx, 'limit=1'))[0]).toMatchObject({ signature: 'valid', bytes: body.length });
  });

  test('a part declared in another charset is not decoded either: its bytes are what the HMAC covers', async () => {
    // "ab" in UTF-16LE is 61 00 62 00; decoding and re-encoding would give "ab" (2 bytes).
    const utf16 = Buffer.from('ab', 'utf16le');
    const msg = messageReferencing(fx.hmac.key, [['text/plain', utf16]]);
    const { body, contentType } = multipart([
      { name: 'message', type: 'application/json', bytes: msg },
      { name: 'note', type: 'text/plain; charset=utf-16le', bytes: utf16 },
    ]);
    expect(await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType })).toMatchObject({ status: 200 });
  });

  test('a real client (fetch with FormData) is accepted', async () => {
    const msg = messageReferencing(fx.hmac.key, [['image/jpeg', jpeg]]);
    const form = new FormData();
    form.append('data', new Blob([Buffer.from(msg)], { type: 'application/json' }), 'sample.json');
    form.append('data', new Blob([Buffer.from(jpeg)], { type: 'image/jpeg' }), 'cat.jpg');
    const res = await fetch(`${fx.url}/api/training/data`, { method: 'POST', headers: { 'x-api-key': fx.apiKeys.ingestiononly, 'x-file-name': 'cat.jpg' }, body: form });
    expect({ status: res.status, text: await res.text() }).toEqual({ status: 200, text: 'cat.jpg' });
  });
});

describe('nothing unaccounted for', () => {
  test('a part that is neither the message nor a referenced attachment: 400 E_PART_UNEXPECTED, nothing stored', async () => {
    const msg = messageReferencing(fx.hmac.key, [['image/jpeg', jpeg]]);
    const forged = referenceSignJson(message({ deviceName: 'forged' }), 'not-the-key-not-the-key-not-the-');
    const before = await count();
    for (const parts of [
      // junk after the attachment
      [{ name: 'm', type: 'application/json', bytes: msg }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: jpeg }, { name: 'junk', filename: 'x.bin', type: 'application/octet-stream', bytes: 'junk' }],
      // a second JSON document after the real message
      [{ name: 'm', type: 'application/json', bytes: msg }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: jpeg }, { name: 'm2', type: 'text/plain', bytes: forged }],
      // a message without references, plus a file
      [{ name: 'm', type: 'application/json', bytes: referenceSignJson(message(), fx.hmac.key) }, { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: jpeg }],
    ]) {
      const { body, contentType } = multipart(parts);
      const r = await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType });
      expect(r.status).toBe(400);
      expect(r.text).toMatch(/^E_PART_UNEXPECTED: /);
    }
    // A forged message placed before the real one is taken as the message (and fails), never skipped.
    const { body, contentType } = multipart([
      { name: 'm0', type: 'application/json', bytes: forged },
      { name: 'm', type: 'application/json', bytes: msg },
      { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: jpeg },
    ]);
    expect((await post(fx, body, { apiKey: fx.apiKeys.ingestiononly, contentType })).text).toMatch(/^E_SIG_MISMATCH: /);
    expect(await count()).toBe(before);
  });

  test('content before the first boundary or after the last one, and parts the form-data rules do not name: E_MULTIPART', async () => {
    const msg = referenceSignJson(message(), fx.hmac.key);
    const ok = multipart([{ name: 'm', type: 'application/json', bytes: msg }], 'bnd');
    const okText = Buffer.from(ok.body).toString('latin1');
    const cases = [
      `forged preamble\r\n${okText}`,
      `${okText}forged epilogue`,
      okText.replace('Content-Disposition: form-data; name="m"', 'Content-Disposition: attachment; name="m"'),
      okText.replace('Content-Disposition: form-data; name="m"\r\n', ''),
      okText.replace('Content-Type: application/json', 'Content-Type: application/json\r\nContent-Transfer-Encoding: base64'),
      okText.replace('--bnd--', '--bnd'),
    ];
    const before = await count();
    for (const text of cases) {
      const r = await post(fx, Buffer.from(text, 'latin1'), { apiKey: fx.apiKeys.ingestiononly, contentType: ok.contentType });
      expect(r.status, text.slice(0, 60)).toBe(400);
      expect(r.text).toMatch(/^E_MULTIPART: /);
    }
    expect(await count()).toBe(before);
    // Whitespace around the framing is fine.
    expect((await post(fx, Buffer.from(`\r\n${okText}\r\n`, 'latin1'), { apiKey: fx.apiKeys.ingestiononly, contentType: ok.contentType })).status).toBe(200);
  });
});

describe('duplicates', () => {
  test('the duplicate hash covers the message and its attachments whatever the boundary; an extra part cannot get around it', async () => {
    const msg = messageReferencing(fx.hmac.key, [['image/jpeg', jpeg]]);
    const parts = [
      { name: 'm', type: 'application/json', bytes: msg },
      { name: 'i', filename: 'i.jpg', type: 'image/jpeg', bytes: jpeg },
    ];
    const dup = { 'x-disallow-duplicates': '1' };
    const first = multipart(parts, 'first');
    expect((await post(fx, first.body, { apiKey: fx.apiKeys.ingestiononly, contentType: first.contentType, headers: dup })).status).toBe(200);
    const again = multipart(parts, 'second');
    expect((await post(fx, again.body, { apiKey: fx.apiKeys.ingestiononly, contentType: again.contentType, headers: dup })).text).toMatch(/^E_DUPLICATE: /);
    const withJunk = multipart([...parts, { name: 'junk', filename: 'j.bin', type: 'application/octet-stream', bytes: 'x' }], 'third');
    const r = await post(fx, withJunk.body, { apiKey: fx.apiKeys.ingestiononly, contentType: withJunk.contentType, headers: dup });
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/^E_PART_UNEXPECTED: /);
  });
});
