import { describe, expect, it } from 'vitest';
import { chooseFeedbackWeight, type ReplayCase } from './feedback-tuning';

const replay = (gold: string, byWeight: (w: number) => string[]): ReplayCase => ({ gold: new Set([gold]), rank: byWeight });
const content = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('chooseFeedbackWeight', () => {
  it('turns feedback off when replaying past requests shows it pushes their APIs out', () => {
    // Gold is 5th by content; any feedback pushes a neighbour's API in front and the gold out of the top 5.
    const cases = [replay('e', (w) => (w > 0 ? ['x', ...content] : content))];
    expect(chooseFeedbackWeight(cases).weight).toBe(0);
  });

  it('picks the smallest weight that lifts past requests to their APIs', () => {
    // Gold is 7th by content; weights of 2 or more bring it into the top 5.
    const cases = [replay('g', (w) => (w >= 2 ? ['g', ...content] : content))];
    const chosen = chooseFeedbackWeight(cases);
    expect(chosen.weight).toBe(2);
    expect(chosen.recall['0']).toBe(0);
    expect(chosen.recall['2']).toBe(1);
  });

  it('breaks Recall@5 ties by rank: the weight that puts the API first wins', () => {
    // Gold is 4th by content; 0.5 keeps it there, 2 moves it to 2nd, 3 to 1st: same Recall@5.
    const cases = [replay('d', (w) => (w >= 3 ? ['d', 'a', 'b', 'c'] : w >= 2 ? ['a', 'd', 'b', 'c'] : content))];
    expect(chooseFeedbackWeight(cases).weight).toBe(3);
  });
});
