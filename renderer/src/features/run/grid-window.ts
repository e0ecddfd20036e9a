/** Which rows of a long grid to render for a scroll position: the visible ones plus an overscan each side. */
export interface GridWindow {
  first: number;
  /** One past the last row rendered. */
  end: number;
  /** Heights of the spacers standing in for the rows above and below. */
  padTop: number;
  padBottom: number;
}

export function gridWindow(rowCount: number, scrollTop: number, viewport: number, rowHeight: number, overscan = 10): GridWindow {
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const first = Math.min(top, rowCount - 1);
  const end = Math.min(rowCount, Math.ceil((scrollTop + Math.max(viewport, rowHeight)) / rowHeight) + overscan);
  return { first, end: Math.max(end, first + 1), padTop: first * rowHeight, padBottom: (rowCount - Math.max(end, first + 1)) * rowHeight };
}

/** A1-style column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
