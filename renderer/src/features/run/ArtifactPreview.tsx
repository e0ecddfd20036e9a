import { useState } from 'react';
import type { ArtifactPreviewView } from '../../../../electron/shared/preview';
import { SheetPreview } from './SheetPreview';

/** A staged file as it will be written: slides, a document, or a sheet grid. */
export function ArtifactPreview({ name, preview }: { name: string; preview: ArtifactPreviewView }) {
  if (preview.kind === 'pptx') return <SlideStrip name={name} preview={preview} />;
  if (preview.kind === 'docx') return <DocumentView name={name} html={preview.html} />;
  return <SheetPreview name={name} sheets={preview.sheets} />;
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
            <button
              type="button"
              className="slide-strip__thumb"
              aria-current={i === current ? 'true' : undefined}
              onClick={() => setCurrent(i)}
              aria-label={`Show slide ${s.number}`}
            >
              <img src={s.image} alt="" />
            </button>
          </li>
        ))}
      </ol>
      {preview.slides.length < preview.slideCount && (
        <p className="hint">
          The first {preview.slides.length} of {preview.slideCount} slides are shown.
        </p>
      )}
    </div>
  );
}

/** mammoth's HTML: semantic elements only, no scripts or styles (and the page's CSP forbids inline scripts). */
function DocumentView({ name, html }: { name: string; html: string }) {
  return <div className="document-preview" role="region" aria-label={`Preview of ${name}`} dangerouslySetInnerHTML={{ __html: html }} />;
}
