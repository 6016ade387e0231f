import { createHash } from 'node:crypto';
import { AuditFields, canonicalJson, ChainedEntry, entryHash, GENESIS_HASH, verifyChain } from './chain';

function aChain(n: number): ChainedEntry[] {
  const out: ChainedEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields: AuditFields = { seq: i, actor: 'alice', action: 'test.step', entityType: 'thing', entityId: String(i), payload: { i, nested: { b: 2, a: 1 } }, createdAt: `2026-01-0${i}T00:00:00.000Z` };
    const hash = entryHash(prev, fields);
    out.push({ ...fields, prevHash: prev, hash });
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
