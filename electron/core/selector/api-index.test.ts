import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../../test/helpers/temp-home';
import { seededRandom } from '../../../test/helpers/seeded-random';
import { ApiIndex, type IndexRow } from './api-index';

const DIM = 16;

function rows(count: number): IndexRow[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, (_, i) => {
    const vector = new Float32Array(DIM).map(() => random() * 2 - 1);
    return {
      name: `m${i % 10}.api${i}`,
      module: `m${i % 10}`,
      pack: `p${i % 10}`,
      text: `api number ${i} in module m${i % 10}`,
      effects: 'read',
      prior: 0,
      vector,
    };
  });
}

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempHome('switchboard-api-index-'));
});
afterEach(async () => cleanup());

describe('ApiIndex above the flat threshold', () => {
  for (const kind of ['ivf_flat', 'ivf_pq'] as const) {
    it(`builds an ${kind} vector index whose neighbours match exact search`, async () => {
      const data = rows(2000);
      const index = await ApiIndex.open(dir, {
        dimension: DIM,
        providerKey: `test-${kind}`,
        flatThreshold: 1000,
        fresh: true,
        ann: { kind, rowsPerPartition: 250, numSubVectors: 4, nprobes: 8, refineFactor: kind === 'ivf_pq' ? 5 : 1 },
      });
      await index.replaceAll(data);
      expect(await index.buildIndices()).toEqual({ vectorIndex: kind });
      let agree = 0;
      for (const probe of data.slice(0, 20)) {
        const approx = await index.nearest(probe.vector, 10);
        const exact = await index.nearest(probe.vector, 10, { exact: true });
        expect(exact[0]!.name).toBe(probe.name);
        agree += approx.filter((h) => exact.some((e) => e.name === h.name)).length;
      }
      // Recall@10 against exact search over 20 probes (the bench measures the same at scale).
      expect(agree / 200).toBeGreaterThanOrEqual(0.9);
      expect((await index.fullText('number 42', 5)).map((h) => h.name)).toContain('m2.api42');
    });
  }

  it('keeps exact search below the threshold', async () => {
    const index = await ApiIndex.open(dir, { dimension: DIM, providerKey: 'test-flat', flatThreshold: 1000, fresh: true });
    await index.replaceAll(rows(200));
    expect(await index.buildIndices()).toEqual({ vectorIndex: 'flat' });
  });
});

describe('ApiIndex bulk load', () => {
  it('takes a rebuild as a stream of batches and indexes every row', async () => {
    const data = rows(700);
    async function* batches(): AsyncGenerator<typeof data> {
      for (let i = 0; i < data.length; i += 300) yield data.slice(i, i + 300);
    }
    const index = await ApiIndex.open(dir, { dimension: DIM, providerKey: 'test-stream', fresh: true });
    await index.replaceAll(batches());
    expect(await index.count()).toBe(700);
    expect(await index.fragments()).toBe(1);
    expect((await index.fullText('number 650', 5)).map((h) => h.name)).toContain(data[650]!.name);
  });

  it('compacts the fragments of several appends into one before indexing, keeping every row searchable', async () => {
    const data = rows(600);
    const index = await ApiIndex.open(dir, { dimension: DIM, providerKey: 'test-compact', fresh: true });
    for (let i = 0; i < data.length; i += 200) await index.appendRows(data.slice(i, i + 200));
    expect(await index.fragments()).toBe(3);
    await index.buildIndices({ unserved: true });
    expect(await index.fragments()).toBe(1);
    expect(await index.count()).toBe(600);
    expect((await index.fullText('number 599', 5)).map((h) => h.name)).toContain('m9.api599');
    expect((await index.nearest(data[321]!.vector, 1))[0]!.name).toBe('m1.api321');
  });
});
