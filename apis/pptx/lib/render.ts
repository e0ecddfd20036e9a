import type PptxGenJSTypes from 'pptxgenjs';
import type { ChartSpec, SlideSpec } from './spec';
import {
  renderBulletsSlide,
  renderImageSlide,
  renderQuoteSlide,
  renderSectionSlide,
  renderTableSlide,
  renderTitleSlide,
  renderTwoColumnSlide,
  slideFrame,
} from './slide-layouts';
import { lazyModule } from '../../sdk/lazy-module';

// pptxgenjs: loaded when an API first uses it, not when the pack is listed.
const PptxGenJS = lazyModule<typeof PptxGenJSTypes>('pptxgenjs');
type PptxGenJS = PptxGenJSTypes;

/** An image already read and checked, ready for pptxgenjs. */
export interface LoadedImage {
  dataUri: string;
  width: number;
  height: number;
}

export interface RenderOptions {
  slides: readonly SlideSpec[];
  /** Slide size in inches. */
  width: number;
  height: number;
  fonts: { heading: string; body: string };
  /** Accent colours (hex) for charts and table headers. */
  accents: readonly string[];
  images: ReadonlyMap<string, LoadedImage>;
}

type Slide = PptxGenJSTypes.Slide;

/** Writes the slides with pptxgenjs; text colours and fonts refer to the theme so setTheme restyles them. */
export async function renderSlides(options: RenderOptions): Promise<Uint8Array> {
  const pptx = new PptxGenJS();
  pptx.defineLayout({ name: 'DECK', width: options.width, height: options.height });
  pptx.layout = 'DECK';
  pptx.theme = { headFontFace: options.fonts.heading, bodyFontFace: options.fonts.body };
  for (const spec of options.slides) renderSlide(pptx, pptx.addSlide(), spec, options);
  const out = await pptx.write({ outputType: 'uint8array', compression: true });
  return out as Uint8Array;
}

function renderSlide(pptx: PptxGenJS, slide: Slide, spec: SlideSpec, o: RenderOptions): void {
  if (spec.background) slide.background = { color: spec.background };
  const frame = slideFrame(pptx, slide, o);
  switch (spec.layout) {
    case 'title':
      renderTitleSlide(frame, spec);
      break;
    case 'section':
      renderSectionSlide(frame, spec);
      break;
    case 'bullets':
      renderBulletsSlide(frame, spec);
      break;
    case 'twoColumn':
      renderTwoColumnSlide(frame, spec);
      break;
    case 'image':
      renderImageSlide(frame, spec);
      break;
    case 'chart':
      frame.title(spec.title);
      addChart(pptx, slide, spec.chart, { x: 0.5, y: frame.bodyTop, w: frame.W - 1, h: frame.bodyH }, o.accents);
      break;
    case 'table':
      renderTableSlide(frame, spec);
      break;
    case 'quote':
      renderQuoteSlide(frame, spec);
      break;
    case 'blank':
      break;
  }
  if (spec.notes) slide.addNotes(spec.notes);
}

function addChart(pptx: PptxGenJS, slide: Slide, chart: ChartSpec, box: { x: number; y: number; w: number; h: number }, accents: readonly string[]): void {
  const labels = chart.categories ?? chart.series[0]!.values.map((_, i) => String(i + 1));
  const types: Record<ChartSpec['type'], PptxGenJSTypes.CHART_NAME> = {
    bar: 'bar',
    column: 'bar',
    line: 'line',
    pie: 'pie',
    doughnut: 'doughnut',
    scatter: 'scatter',
    area: 'area',
  };
  const type = types[chart.type];
  let data: PptxGenJSTypes.OptsChartData[];
  if (chart.type === 'scatter') {
    const x = chart.series.find((s) => s.x)?.x ?? chart.series[0]!.values.map((_, i) => i + 1);
    data = [{ name: 'X', values: x }, ...chart.series.map((s) => ({ name: s.name, values: s.values }))];
  } else {
    data = chart.series.map((s) => ({ name: s.name, labels, values: s.values }));
  }
  const pie = chart.type === 'pie' || chart.type === 'doughnut';
  slide.addChart(type, data, {
    ...box,
    barDir: chart.type === 'bar' ? 'bar' : 'col',
    chartColors: accents.map((c) => c.replace('#', '')),
    showLegend: chart.showLegend,
    legendPos: 'b',
    showValue: chart.showValues && !pie,
    showPercent: chart.showValues && pie,
    dataLabelFontSize: 10,
    lineDataSymbol: chart.type === 'scatter' ? 'circle' : undefined,
    lineSize: chart.type === 'scatter' ? 0 : 2,
    showCatAxisTitle: Boolean(chart.xTitle),
    catAxisTitle: chart.xTitle,
    showValAxisTitle: Boolean(chart.yTitle),
    valAxisTitle: chart.yTitle,
    objectName: 'Chart',
  });
}
