import { describe, expect, it } from 'vitest';
import { alignApisToClauses } from './feedback-clauses';

const clause = (text: string) => ({ text, vector: undefined });
const api = (name: string, text: string) => ({ name, text: `${name}\n${text}`, vector: undefined });

describe('alignApisToClauses', () => {
  it('gives each API the step whose distinctive words its name and document share', () => {
    const steps = [
      clause('Please look up the team info for Liverpool.'),
      clause('Then get the league standings of the Premier League.'),
      clause('Finally fetch the athlete profile with ID 80.'),
    ];
    const aligned = alignApisToClauses(steps, [
      api('getAthleteProfile', 'Retrieve the profile of an athlete'),
      api('getTeamInfo', 'Retrieve information about a sports team'),
      api('getLeagueStandings', 'Current standings of a league'),
    ]);
    expect(aligned).toEqual([['getTeamInfo'], ['getLeagueStandings'], ['getAthleteProfile']]);
  });

  it('ignores words every step shares and leaves out an API no step matches', () => {
    const steps = [clause('Send the report to the team.'), clause('Then archive the report folder.')];
    const aligned = alignApisToClauses(steps, [api('files.archive', 'Moves a report folder to the archive'), api('weather.forecast', 'Gets the weather')]);
    expect(aligned).toEqual([[], ['files.archive']]);
  });

  it('uses embedding similarity when the words do not tell', () => {
    const v = (...xs: number[]) => new Float32Array(xs);
    const steps = [
      { text: 'do the first thing now', vector: v(1, 0) },
      { text: 'then the second thing', vector: v(0, 1) },
    ];
    expect(alignApisToClauses(steps, [{ name: 'x.y', text: 'unrelated words', vector: v(0, 1) }])).toEqual([[], ['x.y']]);
  });
});
