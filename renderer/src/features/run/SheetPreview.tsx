import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { GridSheetView } from '../../../../electron/shared/preview';
import { columnLetter, gridWindow } from './grid-window';

/** Row height in pixels; the grid's CSS fixes each row to it so the window arithmetic holds. */
const ROW_HEIGHT = 26;
const VIEWPORT = 384;

/** A staged workbook: sheet tabs (arrow keys move between them) over a virtualised grid of each sheet. */
export function SheetPreview({ name, sheets }: { name: string; sheets: GridSheetView[] }) {
  const [index, setIndex] = useState(0);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const id = useId();
  const sheet = sheets[index];
  const onKey = (event: KeyboardEvent) => {
    const next =
      event.key === 'ArrowRight'
        ? index + 1
        : event.key === 'ArrowLeft'
          ? index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? sheets.length - 1
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    const wrapped = (next + sheets.length) % sheets.length;
    setIndex(wrapped);
    tabs.current[wrapped]?.focus();
  };
  return (
    <div className="sheet-preview" role="region" aria-label={`Preview of ${name}`}>
      <div role="tablist" aria-label="Sheets" className="sheet-tabs" onKeyDown={onKey}>
        {sheets.map((s, i) => (
          <button
            key={s.name}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            id={`${id}-tab-${i}`}
            type="button"
            role="tab"
            aria-selected={i === index}
            aria-controls={`${id}-panel`}
            tabIndex={i === index ? 0 : -1}
            className="sheet-tab"
            onClick={() => setIndex(i)}
          >
            {s.name}
          </button>
        ))}
      </div>
      {sheet && <SheetGrid key={sheet.name} id={`${id}-panel`} labelledBy={`${id}-tab-${index}`} sheet={sheet} />}
    </div>
  );
}

function SheetGrid({ id, labelledBy, sheet }: { id: string; labelledBy: string; sheet: GridSheetView }) {
  const [scrollTop, setScrollTop] = useState(0);
  const rows = sheet.cells.length;
  const columns = sheet.widths.length;
  const frozen = Math.min(sheet.frozenRows, rows);
  const window = gridWindow(rows - frozen, scrollTop, VIEWPORT, ROW_HEIGHT);
  const shown = [...range(0, frozen), ...range(frozen + window.first, frozen + window.end)];
  return (
    <div
      id={id}
      role="tabpanel"
      aria-labelledby={labelledBy}
      className="sheet-grid-wrap"
      tabIndex={0}
      style={{ maxHeight: VIEWPORT + ROW_HEIGHT }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <table className="sheet-grid" aria-rowcount={sheet.rowCount + 1} aria-colcount={columns + 1}>
        <colgroup>
          <col style={{ width: '3.5rem' }} />
          {sheet.widths.map((w, c) => (
            <col key={c} style={{ width: `${Math.max(4, Math.min(60, w)) * 0.6}rem` }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">
              <span className="sr-only">Row</span>
            </th>
            {sheet.widths.map((_, c) => (
              <th key={c} scope="col">
                {columnLetter(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <GridRow key={r} sheet={sheet} r={r} frozen={r < frozen} spacerBefore={i === frozen && window.padTop > 0 ? window.padTop : 0} />
          ))}
          {window.padBottom > 0 && (
            <tr aria-hidden="true" className="sheet-grid__spacer" style={{ height: window.padBottom }}>
              <td colSpan={columns + 1} />
            </tr>
          )}
        </tbody>
      </table>
      {sheet.rowCount > rows && (
        <p className="hint">
          The first {rows} of {sheet.rowCount} rows are shown.
        </p>
      )}
    </div>
  );
}

function GridRow({ sheet, r, frozen, spacerBefore }: { sheet: GridSheetView; r: number; frozen: boolean; spacerBefore: number }) {
  const row = sheet.cells[r] ?? [];
  return (
    <>
      {spacerBefore > 0 && (
        <tr aria-hidden="true" className="sheet-grid__spacer" style={{ height: spacerBefore }}>
          <td colSpan={sheet.widths.length + 1} />
        </tr>
      )}
      <tr aria-rowindex={r + 2} className={frozen ? 'sheet-grid__frozen' : undefined}>
        <th scope="row">{r + 1}</th>
        {sheet.widths.map((_, c) => {
          const cell = row[c] ?? null;
          return (
            <td
              key={c}
              style={{
                fontWeight: cell?.bold ? 700 : undefined,
                fontStyle: cell?.italic ? 'italic' : undefined,
                textAlign: alignOf(cell?.align, cell?.value),
                ...(frozen ? { position: 'sticky', top: (r + 1) * ROW_HEIGHT } : {}),
              }}
              title={cell?.formula ? `=${cell.formula}` : undefined}
            >
              {cell?.text ?? ''}
            </td>
          );
        })}
      </tr>
    </>
  );
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function alignOf(align: string | undefined, value: unknown): 'left' | 'right' | 'center' | undefined {
  if (align === 'left' || align === 'right' || align === 'center') return align;
  return typeof value === 'number' ? 'right' : undefined;
}
