import { describe, expect, it } from 'vitest';
import { splitClauses } from './clauses';

describe('splitClauses', () => {
  it('splits sentences and then-chains, and keeps short requests whole', () => {
    expect(splitClauses('Create a pivot table in a new sheet. Then plot a bar chart of it and then set the chart title')).toEqual([
      'Create a pivot table in a new sheet.',
      'plot a bar chart of it',
      'set the chart title',
    ]);
    expect(splitClauses('add a slide')).toEqual(['add a slide']);
    expect(splitClauses('Hi. Add a title slide')).toEqual(['Hi. Add a title slide']);
  });
});
