import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, SandboxHost } from './sandbox-host';
import { intlHost, MAX_INTL_REQUEST } from './sandbox-intl.mjs';

const host = new SandboxHost();
afterAll(() => host.dispose());

async function run(code: string) {
  return host.run({
    code,
    modules: {},
    attachments: [],
    limits: { ...DEFAULT_LIMITS, wallMs: 5000 },
    onLog: () => undefined,
    onCall: async () => ({ ok: true, value: null }),
  });
}

describe('Intl in action programs (QuickJS has none; the host answers with its ICU)', () => {
  it('formats numbers, currency, percentages, dates and lists as Node does', async () => {
    const date = Date.UTC(2024, 2, 5, 14, 7);
    const outcome = await run(`
      const d = new Date(${date});
      return {
        grouped: (1234567.891).toLocaleString('en-US'),
        german: (1234567.891).toLocaleString('de-DE', { maximumFractionDigits: 1 }),
        usd: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(4439044),
        pct: new Intl.NumberFormat('en-US', { style: 'percent', minimumFractionDigits: 1 }).format(0.1234),
        parts: new Intl.NumberFormat('en-US').formatToParts(1234.5).map((p) => p.type),
        big: (12345678901234567890n).toLocaleString('en-US'),
        long: d.toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }),
        dtf: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d),
        time: d.toLocaleTimeString('en-US', { timeZone: 'UTC' }),
        list: new Intl.ListFormat('en', { type: 'conjunction' }).format(['Ann', 'Bob', 'Carol']),
        plural: new Intl.PluralRules('en-US').select(1),
        relative: new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(-1, 'day'),
        sorted: ['b', 'a', 'B', 'ä'].sort(new Intl.Collator('de').compare),
        cmp: 'a'.localeCompare('B'),
        resolved: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).resolvedOptions().currency,
        invalid: new Date(NaN).toLocaleString('en-US'),
      };`);
    const d = new Date(date);
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.ok && outcome.value).toEqual({
      grouped: (1234567.891).toLocaleString('en-US'),
      german: (1234567.891).toLocaleString('de-DE', { maximumFractionDigits: 1 }),
      usd: '$4,439,044.00',
      pct: '12.3%',
      parts: ['integer', 'group', 'integer', 'decimal', 'fraction'],
      big: '12,345,678,901,234,567,890',
      long: 'Tuesday, March 5, 2024',
      dtf: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d),
      time: '2:07:00 PM',
      list: 'Ann, Bob, and Carol',
      plural: 'one',
      relative: 'yesterday',
      sorted: ['a', 'ä', 'b', 'B'],
      cmp: -1,
      resolved: 'EUR',
      invalid: 'Invalid Date',
    });
  });

  it('throws the errors Intl throws, catchable by the program, and reaches nothing of the host', async () => {
    const outcome = await run(`
      const errors = [];
      for (const f of [
        () => new Intl.NumberFormat('en-US', { style: 'currency' }),
        () => new Intl.NumberFormat('not a locale!!'),
        () => new Intl.DateTimeFormat('en-US').format(new Date(NaN)),
        () => new Intl.Segmenter('en'),
      ]) { try { f(); errors.push('none'); } catch (e) { errors.push(e.name); } }
      return { errors, keys: Object.keys(Intl).sort(), hostGone: typeof __sb_intl };`);
    expect(outcome).toEqual({
      ok: true,
      calls: 0,
      value: {
        errors: ['TypeError', 'RangeError', 'RangeError', 'TypeError'],
        keys: ['Collator', 'DateTimeFormat', 'ListFormat', 'NumberFormat', 'PluralRules', 'RelativeTimeFormat'],
        hostGone: 'undefined',
      },
    });
  });

  it('the host side refuses what is not a plain Intl request', () => {
    expect(JSON.parse(intlHost(JSON.stringify({ op: 'method', on: 'string', m: 'constructor', v: 'x' })))).toMatchObject({ ok: false, name: 'TypeError' });
    expect(JSON.parse(intlHost(JSON.stringify({ op: 'format', kind: 'Segmenter' })))).toMatchObject({ ok: false, message: 'Intl.Segmenter is not supported' });
    expect(JSON.parse(intlHost(JSON.stringify({ op: 'format', kind: 'NumberFormat', o: 'x' })))).toMatchObject({
      ok: false,
      message: 'Intl options must be an object',
    });
    expect(JSON.parse(intlHost(JSON.stringify({ op: 'resolvedOptions', kind: 'NumberFormat', a: [] })))).toMatchObject({ ok: false });
    expect(JSON.parse(intlHost('x'.repeat(MAX_INTL_REQUEST + 1)))).toMatchObject({ ok: false, name: 'RangeError' });
    expect(JSON.parse(intlHost('{not json'))).toMatchObject({ ok: false });
  });
});
