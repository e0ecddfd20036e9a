import { describe, expect, it } from 'vitest';
import { callErrorCodeSchema } from '../../shared/errors';
import { PROGRAM_GLOBALS } from './globals';

describe('PROGRAM_GLOBALS', () => {
  it("declares ApiCallError's codes as exactly the shared call vocabulary", () => {
    const union = /type ApiCallErrorCode =([^;]+);/.exec(PROGRAM_GLOBALS)?.[1] ?? '';
    const declared = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(0);
    expect([...declared].sort()).toEqual([...callErrorCodeSchema.options].sort());
  });
});
