import { createHash, createHmac } from 'node:crypto';
import { anchorProblem, anchorSignature, anchorStart, AuditFields, canonicalJson, ChainedEntry, entryHash, entryHmac, GENESIS_HASH, verifyChain } from './chain';

const KEY = 'audit-key';

function aChain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: AuditFields = { seq: i, actor: 'alice', action: 'test.step', entityType: 'thing', entityId: String(i), payload: { i, nested: { b: 2, a: 1 } }, createdAt: `2026-01-0${i}T00:00:00.000Z` };
    const hash = entryHash(prev, fields);
    out.push({ ...fields, prevHash: prev, hash, hmac: entryHmac(KEY, hash) });
    prev = hash;
  }
  return out;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":0,"z":1}]},"b":1}');
  });

  it('drops undefined fields and writes non-finite numbers as null', () => {
    expect(canonicalJson({ a: undefined, b: NaN })).toBe('{"b":null}');
  });
});

describe('entryHash', () => {
  it('is SHA-256 over the previous hash, a newline and the canonical entry', () => {
    const fields: AuditFields = { seq: 1, actor: 'a', action: 'x', entityType: 't', entityId: null, payload: {}, createdAt: '2026-01-01T00:00:00.000Z' };
    const expected = createHash('sha256')
      .update(GENESIS_HASH + '\n' + '{"action":"x","actor":"a","createdAt":"2026-01-01T00:00:00.000Z","entityId":null,"entityType":"t","payload":{},"seq":1}')
      .digest('hex');
    expect(entryHash(GENESIS_HASH, fields)).toBe(expected);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    const verdict = verifyChain(aChain(5));
    expect(verdict).toEqual({ valid: true, entries: 5, lastHash: aChain(5)[4].hash });
  });

  it('names the entry whose field was changed', () => {
    const chain = aChain(5);
    chain[2] = { ...chain[2], actor: 'mallory' };
    expect(verifyChain(chain)).toMatchObject({ valid: false, firstBadSeq: 3, entries: 2 });
  });

  it('detects a payload change deep inside', () => {
    const chain = aChain(3);
    chain[1] = { ...chain[1], payload: { i: 2, nested: { b: 3, a: 1 } } };
    expect(verifyChain(chain)).toMatchObject({ valid: false, firstBadSeq: 2 });
  });

  it('detects a removed entry at the one after it', () => {
    const chain = aChain(4);
    chain.splice(1, 1);
    expect(verifyChain(chain)).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  it('detects a recomputed hash because the next entry no longer links to it', () => {
    const chain = aChain(3);
    const forged = { ...chain[0], actor: 'mallory' };
    forged.hash = entryHash(GENESIS_HASH, forged);
    chain[0] = forged;
    expect(verifyChain(chain)).toMatchObject({ valid: false, firstBadSeq: 2 });
  });

  it('continues from a verified prefix', () => {
    const chain = aChain(4);
    expect(verifyChain(chain.slice(2), { prevHash: chain[1].hash, count: 2 })).toMatchObject({ valid: true, entries: 4 });
  });
});

describe('entryHmac', () => {
  it('is HMAC-SHA256 under the key over "entry", a newline and the hash', () => {
    const hash = 'ab'.repeat(32);
    expect(entryHmac(KEY, hash)).toBe(createHmac('sha256', KEY).update('entry\n' + hash).digest('hex'));
  });
});

describe('verifyChain with the HMAC key', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(aChain(3), undefined, { hmacKey: KEY })).toMatchObject({ valid: true, entries: 3 });
  });

  it('refuses a chain recomputed after an edit without the key', () => {
    // The attacker of issue 8: rewrite entry 2 and recompute every hash after it with chain.js.
    const chain = aChain(3);
    let prev = chain[0].hash;
    for (let i = 1; i < 3; i++) {
      const fields = i === 1 ? { ...chain[i], actor: 'mallory' } : chain[i];
      const hash = entryHash(prev, fields);
      chain[i] = { ...fields, prevHash: prev, hash, hmac: entryHmac('a guessed key', hash) };
      prev = hash;
    }
    expect(verifyChain(chain)).toMatchObject({ valid: true }); // the hashes alone no longer tell
    expect(verifyChain(chain, undefined, { hmacKey: KEY })).toMatchObject({ valid: false, firstBadSeq: 2, reason: expect.stringMatching(/HMAC/) });
  });

  it('refuses an entry without an HMAC', () => {
    const chain = aChain(2);
    chain[1] = { ...chain[1], hmac: null };
    expect(verifyChain(chain, undefined, { hmacKey: KEY })).toMatchObject({ valid: false, firstBadSeq: 2, reason: 'entry has no HMAC' });
  });
});

describe('anchorProblem', () => {
  const chain = aChain(5);
  const fields = { seq: 4, hash: chain[3].hash, entries: 4, createdAt: '2026-01-05T00:00:00.000Z' };
  const anchor = { ...fields, signature: anchorSignature(KEY, fields) };

  it('signs seq, hash, entries and time, one per line after "anchor"', () => {
    expect(anchor.signature).toBe(createHmac('sha256', KEY).update(`anchor\n4\n${chain[3].hash}\n4\n2026-01-05T00:00:00.000Z`).digest('hex'));
  });

  it('accepts a chain that still holds the anchored entry, with more after it', () => {
    expect(anchorProblem(KEY, anchor, { entries: 5, hashAtSeq: chain[3].hash })).toBeUndefined();
  });

  it('detects entries cut off the end', () => {
    expect(anchorProblem(KEY, anchor, { entries: 3, hashAtSeq: undefined })).toMatch(/entry 4, anchored .* is missing/);
  });

  it('detects a rewritten anchored entry, a shorter chain and a forged anchor', () => {
    expect(anchorProblem(KEY, anchor, { entries: 5, hashAtSeq: chain[2].hash })).toMatch(/no longer has the anchored hash/);
    expect(anchorProblem(KEY, anchor, { entries: 3, hashAtSeq: chain[3].hash })).toMatch(/fewer than the 4/);
    expect(anchorProblem(KEY, { ...anchor, seq: 2 }, { entries: 5, hashAtSeq: chain[1].hash })).toMatch(/bad signature/);
  });
});

describe('anchorStart (the incremental check)', () => {
  const chain = aChain(5);
  const fields = { seq: 3, hash: chain[2].hash, entries: 3, createdAt: '2026-01-04T00:00:00.000Z' };
  const anchor = { ...fields, signature: anchorSignature(KEY, fields) };

  it('continues from the anchored hash and count, and the rest of the chain verifies from there', () => {
    const start = anchorStart(KEY, anchor, chain[2]);
    expect(start).toEqual({ prevHash: chain[2].hash, count: 3 });
    expect(verifyChain(chain.slice(3), start as { prevHash: string; count: number }, { hmacKey: KEY })).toEqual({ valid: true, entries: 5, lastHash: chain[4].hash });
  });

  it('does not look before the anchor: an edit to entry 1 goes unseen here, the full walk names it', () => {
    const edited = [{ ...chain[0], actor: 'mallory' }, ...chain.slice(1)];
    expect(anchorStart(KEY, anchor, edited[2])).toEqual({ prevHash: chain[2].hash, count: 3 });
    expect(verifyChain(edited, undefined, { hmacKey: KEY })).toMatchObject({ valid: false, firstBadSeq: 1 });
  });

  it('an edit after the anchor is caught by the walk from it', () => {
    const edited = chain.map((e) => (e.seq === 4 ? { ...e, payload: { forged: true } } : e));
    expect(verifyChain(edited.slice(3), { prevHash: chain[2].hash, count: 3 }, { hmacKey: KEY })).toMatchObject({ valid: false, firstBadSeq: 4 });
  });

  it('refuses a forged anchor, a missing or rewritten anchored entry, a changed field and a bad HMAC', () => {
    expect(anchorStart(KEY, { ...anchor, entries: 2 }, chain[2])).toEqual({ problem: 'anchor at entry 3 has a bad signature' });
    expect(anchorStart(KEY, anchor, undefined)).toEqual({ problem: expect.stringMatching(/entry 3, anchored .* is missing/) });
    expect(anchorStart(KEY, anchor, chain[1])).toEqual({ problem: 'entry 3 no longer has the anchored hash' });
    expect(anchorStart(KEY, anchor, { ...chain[2], actor: 'mallory' })).toEqual({ problem: expect.stringMatching(/hash does not match/) });
    expect(anchorStart(KEY, anchor, { ...chain[2], hmac: entryHmac('another key', chain[2].hash) })).toEqual({ problem: expect.stringMatching(/HMAC does not match/) });
  });
});
