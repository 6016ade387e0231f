import { entryHash, entryHmac, GENESIS_HASH } from './chain';
import { verifyExportLines } from './export-file';

const KEY = 'k'.repeat(32);

function lines(n: number, key = KEY): string[] {
  const out: string[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = { seq, actor: 'a', action: 'x', entityType: 't', entityId: null, payload: { seq }, createdAt: `2026-01-0${seq}T00:00:00.000Z` };
    const hash = entryHash(prev, fields);
    out.push(JSON.stringify({ ...fields, prevHash: prev, hash, hmac: entryHmac(key, hash) }));
    prev = hash;
  }
  return out;
}

describe('verifyExportLines', () => {
  it('accepts an untouched export from genesis, with and without the key', () => {
    expect(verifyExportLines(lines(3), KEY)).toMatchObject({ valid: true, entries: 3, firstSeq: 1, lastSeq: 3, fromGenesis: true, hmacChecked: true });
    expect(verifyExportLines(lines(3))).toMatchObject({ valid: true, hmacChecked: false });
  });

  it('accepts a range from the middle, chained from its first entry', () => {
    expect(verifyExportLines(lines(5).slice(2), KEY)).toMatchObject({ valid: true, entries: 3, firstSeq: 3, fromGenesis: false });
  });

  it('names an edited line, a dropped line and entries signed with another key', () => {
    const edited = lines(3);
    edited[1] = edited[1].replace('"actor":"a"', '"actor":"m"');
    expect(verifyExportLines(edited, KEY)).toMatchObject({ valid: false, firstBadSeq: 2 });
    const dropped = lines(4);
    dropped.splice(1, 1);
    expect(verifyExportLines(dropped, KEY)).toMatchObject({ valid: false, firstBadSeq: 3 });
    expect(verifyExportLines(lines(2, 'another key entirely, 32 chars!!'), KEY)).toMatchObject({ valid: false, firstBadSeq: 1, reason: expect.stringMatching(/HMAC/) });
  });

  it('names a line that is not JSON', () => {
    expect(verifyExportLines(['{"seq":1', ''], KEY)).toMatchObject({ valid: false, reason: 'line 1 is not JSON' });
  });
});
