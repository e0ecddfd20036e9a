import { describe, expect, it } from 'vitest';
import { calibrate } from './feedback-calibration';
import { FeedbackMemory } from './feedback-memory';

const topics = ['invoice billing', 'forecast weather', 'spreadsheet rows', 'presentation slides', 'calendar meeting', 'translation language'];
const objects = ['garden', 'roof', 'kitchen', 'office', 'school', 'harbour', 'museum'];

describe('calibrate', () => {
  it('learns to trust similar past requests where they share APIs, and not where they do not', () => {
    const consistent = new FeedbackMemory();
    const random = new FeedbackMemory();
    let i = 0;
    for (const topic of topics) {
      for (const object of objects) {
        const request = `${topic} for the ${object}`;
        consistent.add(request, undefined, [`api.${topic.split(' ')[0]}`], 'applied');
        // Same requests, but the API has nothing to do with the words.
        random.add(request, undefined, [`api.${i++ % 13}`], 'applied');
      }
    }
    const trusted = calibrate(consistent)!;
    const distrusted = calibrate(random)!;
    expect(trusted.requests).toBeGreaterThanOrEqual(30);
    // Requests with the same topic words are the closest (cosine about 0.7) and share the API.
    expect(trusted.confidence(0.7)).toBeGreaterThan(0.8);
    expect(distrusted.confidence(0.7)).toBeLessThan(0.3);
    // Monotone in similarity.
    for (let s = 0; s < 1; s += 0.05) expect(trusted.confidence(s + 0.05)).toBeGreaterThanOrEqual(trusted.confidence(s) - 1e-12);
  });

  it('does not calibrate on too little feedback', () => {
    const memory = new FeedbackMemory();
    for (const topic of topics) memory.add(`${topic} please`, undefined, [`api.${topic.split(' ')[0]}`], 'applied');
    expect(calibrate(memory)).toBeUndefined();
  });
});
