import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
  it('collects unreachable objects at once', async () => {
    let collected = false;
    const registry = new FinalizationRegistry(() => (collected = true));
    (() => registry.register({ big: new Array(100_000).fill(1) }, 'x'))();
    expect(collectGarbage()).toBe(true);
    // Finalizers run on a later task once the object is gone.
    for (let i = 0; i < 20 && !collected; i++) {
      await new Promise((r) => setTimeout(r, 10));
      if (!collected) collectGarbage();
    }
    expect(collected).toBe(true);
  });
});
