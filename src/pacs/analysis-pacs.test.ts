import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/index.js';
import { analysisPacs, type ForwardDestination } from './analysis-pacs.js';
import type { DicomWebClient } from './dicomweb.js';

/** A DICOMweb client that records what it was asked to store (or fails). */
function recorder(fail = false) {
  const stored: string[][] = [];
  const client = {
    store: async (instances: readonly Uint8Array[], study: string) => {
      if (fail) throw new AppError('pacs_unavailable', 'no answer after 4 tries', { retryable: true });
      stored.push([study, ...instances.map((b) => new TextDecoder().decode(b))]);
      return instances.map((_, i) => `2.25.${i}`);
    },
  };
  return { stored, client: client as unknown as DicomWebClient & ForwardDestination['client'] };
}

const sr = new TextEncoder().encode('sr');

describe('analysisPacs writes', () => {
  it('stores in the PACS, then forwards the same instances to every destination', async () => {
    const origin = recorder();
    const peerA = recorder();
    const peerB = recorder();
    const pacs = analysisPacs(origin.client, { shadowMode: false, writeStop: false }, undefined, [
      { name: 'peer-a', client: peerA.client },
      { name: 'peer-b', client: peerB.client },
    ]);
    expect(await pacs.store([sr], '1.2.3')).toEqual(['2.25.0']);
    expect(origin.stored).toEqual([['1.2.3', 'sr']]);
    expect(peerA.stored).toEqual([['1.2.3', 'sr']]);
    expect(peerB.stored).toEqual([['1.2.3', 'sr']]);
  });

  it('a destination that fails makes the write fail retryably, naming it', async () => {
    const origin = recorder();
    const pacs = analysisPacs(origin.client, { shadowMode: false, writeStop: false }, undefined, [
      { name: 'peer-a', client: recorder(true).client },
    ]);
    await expect(pacs.store([sr], '1.2.3')).rejects.toMatchObject({
      code: 'forward_failed',
      retryable: true,
      message: expect.stringMatching(
        /^stored in the PACS, but forwarding to peer-a failed: pacs_unavailable: /,
      ),
    });
    expect(origin.stored).toHaveLength(1);
  });

  it('shadow mode and the write stop forward nothing', async () => {
    for (const switches of [
      { shadowMode: true, writeStop: false },
      { shadowMode: false, writeStop: true },
    ]) {
      const origin = recorder();
      const peer = recorder();
      const pacs = analysisPacs(origin.client, switches, undefined, [{ name: 'peer', client: peer.client }]);
      await pacs.store([sr], '1.2.3').catch(() => []);
      expect(origin.stored).toEqual([]);
      expect(peer.stored).toEqual([]);
    }
  });
});
