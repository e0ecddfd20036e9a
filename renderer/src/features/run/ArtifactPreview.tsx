import { useState } from 'react';
import type { ArtifactPreviewView, GridSheetView } from '../../../../electron/shared/preview';

/** A staged file as it will be written: slides, a document, or a sheet grid. */
export function ArtifactPreview({ name, preview }: { name: string; preview: ArtifactPreviewView }) {
  if (preview.kind === 'pptx') return <SlideStrip name={name} preview={preview} />;
  if (preview.kind === 'docx') return <DocumentView name={name} html={preview.html} />;
  return <SheetView name={name} sheets={preview.sheets} />;
}

function SlideStrip({ name, preview }: { name: string; preview: Extract<ArtifactPreviewView, { kind: 'pptx' }> }) {
  const [current, setCurrent] = useState(0);
  const slide = preview.slides[current];
  return (
    <div className="slide-preview" aria-label={`Preview of ${name}`} role="region">
      {preview.mode === 'svg' && <p className="hint">Approximate preview ({preview.reason ?? 'LibreOffice is not installed'}).</p>}
      {slide && <img className="slide-preview__large" src={slide.image} alt={`Slide ${slide.number} of ${preview.slideCount}`} />}
      <ol className="slide-strip" aria-label="Slides">
        {preview.slides.map((s, i) => (
          <li key={s.number}>
            <button type="button" className="slide-strip__thumb" aria-current={i === current ? 'true' : undefined} onClick={() => setCurrent(i)} aria-label={`Show slide ${s.number}`}>
              <img src={s.image} alt="" />
            </button>
          </li>
        ))}
      </ol>
      {preview.slides.length < preview.slideCount && <p className="hint">The first {preview.slides.length} of {preview.slideCount} slides are shown.</p>}
    </div>
  );
}

/** mammoth's HTML: semantic elements only, no scripts or styles (and the page's CSP forbids inline scripts). */
function DocumentView({ name, html }: { name: string; html: string }) {
  return <div className="document-preview" role="region" aria-label={`Preview of ${name}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

function SheetView({ name, sheets }: { name: string; sheets: GridSheetView[] }) {
  const [index, setIndex] = useState(0);
  const sheet = sheets[index];
  return (
    <div className="sheet-preview" role="region" aria-label={`Preview of ${name}`}>
      <div role="tablist" aria-label="Sheets" className="sheet-tabs">
        {sheets.map((s, i) => (
          <button key={s.name} type="button" role="tab" aria-selected={i === index} className="sheet-tab" onClick={() => setIndex(i)}>
            {s.name}
          </button>
        ))}
      </div>
      {sheet && (
        <div role="tabpanel" aria-label={sheet.name} className="sheet-grid-wrap" tabIndex={0}>
          <table className="sheet-grid">
            <tbody>
              {sheet.cells.map((row, r) => (
                <tr key={r} className={r < sheet.frozenRows ? 'sheet-grid__frozen' : undefined}>
                  <th scope="row">{r + 1}</th>
                  {row.map((cell, c) => (
                    <td key={c} style={{ fontWeight: cell?.bold ? 700 : undefined, textAlign: alignOf(cell?.align, cell?.value) }} title={cell?.formula ? `=${cell.formula}` : undefined}>
                      {cell?.text ?? ''}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {sheet.rowCount > sheet.cells.length && <p className="hint">The first {sheet.cells.length} of {sheet.rowCount} rows are shown.</p>}
        </div>
      )}
    </div>
  );
}

function alignOf(align: string | undefined, value: unknown): 'left' | 'right' | 'center' | undefined {
  if (align === 'left' || align === 'right' || align === 'center') return align;
  return typeof value === 'number' ? 'right' : undefined;
}
