import { describe, expect, it } from 'vitest';
import { chooseRanking, type RankingChoice, type ReplayCase } from './feedback-tuning';

const replay = (gold: string, rank: (c: RankingChoice) => string[]): ReplayCase => ({ gold: new Set([gold]), rank });
const content = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('chooseRanking', () => {
  it('turns feedback off when replaying past requests shows it pushes their APIs out', () => {
    // Gold is 5th by content; any feedback pushes a neighbour's API in front and the gold out of the top 5.
    const cases = [replay('e', (c) => (c.feedback > 0 ? ['x', ...content] : content))];
    expect(chooseRanking(cases).choice).toEqual({ feedback: 0, clauseLead: 'cover' });
  });

  it('picks the smallest weight that lifts past requests to their APIs', () => {
    // Gold is 7th by content; weights of 2 or more bring it into the top 5.
    const cases = [replay('g', (c) => (c.feedback >= 2 ? ['g', ...content] : content))];
    const chosen = chooseRanking(cases);
    expect(chosen.choice.feedback).toBe(2);
    expect(chosen.recall['0/cover']).toBe(0);
    expect(chosen.recall['2/cover']).toBe(1);
  });

  it('breaks Recall@5 ties by rank: the weight that puts the API first wins', () => {
    // Gold is 4th by content; 0.5 keeps it there, 2 moves it to 2nd, 3 to 1st: same Recall@5.
    const cases = [replay('d', (c) => (c.feedback >= 3 ? ['d', 'a', 'b', 'c'] : c.feedback >= 2 ? ['a', 'd', 'b', 'c'] : content))];
    expect(chooseRanking(cases).choice.feedback).toBe(3);
  });

  it('learns the clause mode a registry needs, and keeps the default on a tie', () => {
    // Multi-step requests whose second step only reaches the top 5 when clause leads come first.
    const steps = [replay('g', (c) => (c.clauseLead === 'lead' ? ['a', 'g', ...content] : content))];
    expect(chooseRanking(steps).choice).toEqual({ feedback: 0, clauseLead: 'lead' });
    // Requests the clause leads crowd: fused order wins.
    const crowded = [replay('e', (c) => (c.clauseLead === 'fused' ? content : ['x', 'y', ...content]))];
    expect(chooseRanking(crowded).choice).toEqual({ feedback: 0, clauseLead: 'fused' });
    expect(chooseRanking([replay('a', () => content)]).choice).toEqual({ feedback: 0, clauseLead: 'cover' });
  });
});
