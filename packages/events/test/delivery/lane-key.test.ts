import { describe, expect, it } from 'vitest';
import { laneKey, parseLaneKey } from '../../src/delivery/lane-key';

const ID = '0b7f3c1e-3f1a-4a8e-9a55-1c2d3e4f5a6b';

describe('lane keys', () => {
  it('round-trip, a stream may hold slashes', () => {
    for (const stream of ['default', 'modules/notes', 'a/b/c']) {
      expect(parseLaneKey(laneKey({ installationId: ID, stream }))).toEqual({
        installationId: ID,
        stream,
      });
    }
  });
  it('refuse what is not a lane', () => {
    for (const key of ['', ID, `${ID}/`, 'not-a-uuid/default', `/default`]) {
      expect(parseLaneKey(key)).toBeNull();
    }
  });
});
