import { describe, expect, it } from 'vitest';
import { columnLetter, gridWindow } from './grid-window';

describe('grid window', () => {
  it('renders only the visible rows plus overscan, with spacers for the rest', () => {
    expect(gridWindow(1000, 0, 260, 26, 5)).toEqual({ first: 0, end: 15, padTop: 0, padBottom: 985 * 26 });
    const middle = gridWindow(1000, 26 * 500, 260, 26, 5);
    expect(middle).toEqual({ first: 495, end: 515, padTop: 495 * 26, padBottom: 485 * 26 });
    expect(middle.padTop + (middle.end - middle.first) * 26 + middle.padBottom).toBe(1000 * 26);
  });

  it('clamps at the end and handles short or empty grids', () => {
    expect(gridWindow(1000, 26 * 2000, 260, 26, 5)).toMatchObject({ end: 1000, padBottom: 0 });
    expect(gridWindow(3, 0, 500, 26)).toEqual({ first: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(gridWindow(0, 0, 500, 26)).toEqual({ first: 0, end: 0, padTop: 0, padBottom: 0 });
  });

  it('names columns like a spreadsheet', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
