import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES } from '../../apis/sdk';
import {
  callErrorCodeSchema,
  errorMessage,
  modelErrorCodeSchema,
  modelFileErrorCodeSchema,
  packErrorCodeSchema,
  routeErrorCodeSchema,
  runErrorCodeSchema,
} from './errors';
import { ERROR_CODES, resultErrorSchema } from './result';

describe('errorMessage', () => {
  it("gives an Error's message and any other thrown value as a string", () => {
    expect(errorMessage(new TypeError('bad type'))).toBe('bad type');
    expect(errorMessage(new AggregateError([], 'several'))).toBe('several');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage({ message: 'not an Error' })).toBe('[object Object]');
  });
});

describe('the error vocabulary', () => {
  const vocabularies = {
    route: routeErrorCodeSchema,
    call: callErrorCodeSchema,
    run: runErrorCodeSchema,
    model: modelErrorCodeSchema,
    modelFile: modelFileErrorCodeSchema,
    pack: packErrorCodeSchema,
  };

  it.each(Object.entries(vocabularies))('%s codes are SCREAMING_SNAKE and unique', (_name, schema) => {
    const codes: readonly string[] = schema.options;
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('call codes hold every code a pack may raise; run codes hold every call code (an uncaught ApiCallError ends the run)', () => {
    expect(callErrorCodeSchema.options).toEqual(expect.arrayContaining([...API_ERROR_CODES]));
    // A pack says a tool it needs is not installed with its own code, not a prefix in an API_ERROR message.
    expect(API_ERROR_CODES).toContain('UNAVAILABLE');
    expect(runErrorCodeSchema.options).toEqual(expect.arrayContaining(callErrorCodeSchema.options));
  });

  it('the route codes are the ones a failed Result carries on the wire, and nothing else parses', () => {
    expect(ERROR_CODES).toEqual(routeErrorCodeSchema.options);
    expect(resultErrorSchema.safeParse({ code: 'NOT_FOUND', message: 'x' }).success).toBe(true);
    expect(resultErrorSchema.safeParse({ code: 'API_ERROR', message: 'x' }).success).toBe(false);
  });
});
