import { describe, expect, it } from 'vitest';
import { FeedbackMemory } from './feedback-memory';

describe('FeedbackMemory', () => {
  it('keeps the usage prior in 0..1: it saturates with use, never goes negative, and is forgotten with the API', () => {
    const memory = new FeedbackMemory();
    expect(memory.prior('never.used')).toBe(0);
    for (let i = 0; i < 5; i++) memory.add(`make invoice number ${i}`, undefined, ['billing.createInvoice'], 'applied');
    expect(memory.prior('billing.createInvoice')).toBeCloseTo(0.5);
    for (let i = 0; i < 2000; i++) memory.add(`bill the customer, case ${i}`, undefined, ['billing.createInvoice'], 'applied');
    expect(memory.prior('billing.createInvoice')).toBeGreaterThan(0.99);
    expect(memory.prior('billing.createInvoice')).toBeLessThan(1);
    for (let i = 0; i < 50; i++) memory.add(`send the report ${i}`, undefined, ['mail.sendEmail'], 'discarded');
    expect(memory.prior('mail.sendEmail')).toBe(0);
    memory.forgetApis(new Set(['billing.createInvoice']));
    expect(memory.prior('billing.createInvoice')).toBe(0);
  });

  it('counts a request once in the prior, however many outcomes it records', () => {
    const memory = new FeedbackMemory();
    memory.add('bill the customer', undefined, ['billing.createInvoice'], 'applied');
    memory.add('bill the customer', undefined, ['billing.createInvoice'], 'up');
    expect(memory.prior('billing.createInvoice')).toBeCloseTo(1 / 6);
    memory.add('bill the customer', undefined, ['billing.createInvoice'], 'discarded');
    memory.add('bill the customer', undefined, ['billing.createInvoice'], 'down');
    expect(memory.prior('billing.createInvoice')).toBe(0);
  });

  it('scores votes as probabilities (noisy-or) and leaves a request out when asked', () => {
    const memory = new FeedbackMemory();
    memory.add('bill the customer for the repair', undefined, ['billing.createInvoice'], 'applied');
    memory.add('bill the customer for the paint job', undefined, ['billing.createInvoice'], 'applied');
    memory.add('bill the customer for the paint job', undefined, ['mail.sendEmail'], 'discarded');
    const scores = memory.score('bill the customer for the roof', undefined, { confidence: () => 0.5 });
    expect(scores.positive[0]).toEqual({ name: 'billing.createInvoice', score: 0.75 });
    expect(scores.negative.get('mail.sendEmail')).toBeCloseTo(0.5);
    const alone = memory.score('bill the customer for the paint job', undefined, { confidence: () => 0.5, exclude: 'bill the customer for the paint job' });
    expect(alone.neighbours).toBe(1);
    expect(alone.negative.size).toBe(0);
  });
});
