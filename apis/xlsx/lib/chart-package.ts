import { posix } from 'node:path';
import type JSZip from 'jszip';
import { ApiError } from '../../sdk';
import { chartAnchor, CONTENT_TYPE, drawingXml, REL, type Anchor } from './chart-xml';

/** Editing an xlsx package (a JSZip) in place to add chart parts, leaving every other part as it was. */

/** Writes a chart's anchor for a relationship id and a shape id. */
export type AnchorXml = (relId: string, shapeId: number) => string;

interface Relationship {
  id: string;
  type: string;
  target: string;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
const attr = (attrs: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];

async function text(zip: JSZip, part: string): Promise<string | undefined> {
  return zip.file(part)?.async('string');
}

function relsPath(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

function parseRels(xml: string | undefined): Relationship[] {
  if (!xml) return [];
  return [...xml.matchAll(/<(?:\w+:)?Relationship\s([^>]*?)\/?>/g)].map((m) => ({
    id: attr(m[1]!, 'Id') ?? '',
    type: attr(m[1]!, 'Type') ?? '',
    target: decode(attr(m[1]!, 'Target') ?? ''),
  }));
}

/** The part a relationship of `source` points at, as a zip path. */
function resolveTarget(source: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(posix.dirname(source), target));
}

function nextRelId(rels: Relationship[]): string {
  let n = rels.length + 1;
  while (rels.some((r) => r.id === `rId${n}`)) n++;
  return `rId${n}`;
}

/** Adds a relationship to `part`'s rels (creating them), returning its id. */
async function addRel(zip: JSZip, part: string, type: string, target: string): Promise<string> {
  const path = relsPath(part);
  const xml =
    (await text(zip, path)) ??
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const id = nextRelId(parseRels(xml));
  const rel = `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
  zip.file(
    path,
    xml.includes('</Relationships>')
      ? xml.replace('</Relationships>', `${rel}</Relationships>`)
      : xml.replace(/<Relationships([^>]*)\/>/, `<Relationships$1>${rel}</Relationships>`),
  );
  return id;
}

/** The worksheet part of the sheet named `name` (xl/worksheets/sheetN.xml). */
export async function sheetPart(zip: JSZip, name: string): Promise<string> {
  const workbook = (await text(zip, 'xl/workbook.xml')) ?? '';
  const rels = parseRels(await text(zip, 'xl/_rels/workbook.xml.rels'));
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    if (decode(attr(m[1]!, 'name') ?? '') !== name) continue;
    const relId = /\s\w+:id="([^"]*)"/.exec(` ${m[1]!}`)?.[1];
    const rel = rels.find((r) => r.id === relId);
    if (rel) return resolveTarget('xl/workbook.xml', rel.target);
  }
  throw new ApiError('INVALID_FILE', `the workbook's parts do not name a worksheet for sheet ${name}`);
}

function freeNumber(zip: JSZip, pattern: (n: number) => string): number {
  let n = 1;
  while (zip.file(pattern(n))) n++;
  return n;
}

async function addOverride(zip: JSZip, part: string, contentType: string): Promise<void> {
  const xml = (await text(zip, '[Content_Types].xml')) ?? '';
  if (xml.includes(`PartName="/${part}"`)) return;
  zip.file('[Content_Types].xml', xml.replace('</Types>', `<Override PartName="/${part}" ContentType="${contentType}"/></Types>`));
}

/** Declares `prefix` on the root element of `xml` when it is missing. */
function ensureNamespace(xml: string, root: RegExp, prefix: string, uri: string): string {
  const m = root.exec(xml);
  if (!m || m[0].includes(`xmlns:${prefix}=`)) return xml;
  return xml.replace(m[0], m[0].replace(/(\/?>)$/, ` xmlns:${prefix}="${uri}"$1`));
}

// Elements that follow <drawing> in CT_Worksheet's sequence.
const AFTER_DRAWING = ['legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/**
 * Adds a chart part anchored on the sheet whose part is `sheet`: into the sheet's drawing when it has one
 * (images or charts already there are kept), else into a new drawing the sheet now refers to.
 */
export async function addChartPart(zip: JSZip, sheet: string, chart: string, anchor: Anchor | AnchorXml, chartName: string): Promise<string> {
  const anchorXml: AnchorXml = typeof anchor === 'function' ? anchor : (relId, shapeId) => chartAnchor(anchor, relId, shapeId, chartName);
  const chartNo = freeNumber(zip, (n) => `xl/charts/chart${n}.xml`);
  const chartPath = `xl/charts/chart${chartNo}.xml`;
  zip.file(chartPath, chart);
  await addOverride(zip, chartPath, CONTENT_TYPE.chart);

  let sheetXml = (await text(zip, sheet)) ?? '';
  const existing = /<(?:\w+:)?drawing\s[^>]*?\w+:id="([^"]+)"/.exec(sheetXml)?.[1];
  const drawingRel = parseRels(await text(zip, relsPath(sheet))).find((r) => r.id === existing && r.type === REL.drawing);
  if (existing && !drawingRel) throw new ApiError('INVALID_FILE', `${sheet} refers to a drawing the workbook does not contain`);
  if (drawingRel) {
    const drawing = resolveTarget(sheet, drawingRel.target);
    let xml = (await text(zip, drawing)) ?? '';
    const relId = await addRel(zip, drawing, REL.chart, posix.relative(posix.dirname(drawing), chartPath));
    const ids = [...xml.matchAll(/cNvPr\s[^>]*?id="(\d+)"/g)].map((m) => Number(m[1]));
    const shapeId = Math.max(1, ...ids) + 1;
    const root = /<(\w+:)?wsDr\b[^>]*>/;
    xml = ensureNamespace(xml, root, 'xdr', 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing');
    xml = ensureNamespace(xml, root, 'a', 'http://schemas.openxmlformats.org/drawingml/2006/main');
    const close = /<\/(\w+:)?wsDr>\s*$/.exec(xml);
    if (!close) throw new ApiError('INVALID_FILE', `${drawing} in the workbook is not a drawing part`);
    zip.file(drawing, xml.slice(0, close.index) + anchorXml(relId, shapeId) + xml.slice(close.index));
    return chartPath;
  }

  const drawingNo = freeNumber(zip, (n) => `xl/drawings/drawing${n}.xml`);
  const drawing = `xl/drawings/drawing${drawingNo}.xml`;
  zip.file(drawing, drawingXml(anchorXml('rId1', 2)));
  zip.file(
    relsPath(drawing),
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL.chart}" Target="../charts/chart${chartNo}.xml"/></Relationships>`,
  );
  await addOverride(zip, drawing, CONTENT_TYPE.drawing);
  const sheetRel = await addRel(zip, sheet, REL.drawing, posix.relative(posix.dirname(sheet), drawing));
  const root = /<(\w+:)?worksheet\b[^>]*>/;
  const prefix = root.exec(sheetXml)?.[1] ?? '';
  sheetXml = ensureNamespace(sheetXml, root, 'r', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships');
  const element = `<${prefix}drawing r:id="${sheetRel}"/>`;
  const follower = new RegExp(`<${prefix}(?:${AFTER_DRAWING.join('|')})\\b`).exec(sheetXml);
  const at = follower?.index ?? sheetXml.lastIndexOf(`</${prefix}worksheet>`);
  if (at < 0) throw new ApiError('INVALID_FILE', `${sheet} in the workbook is not a worksheet part`);
  zip.file(sheet, sheetXml.slice(0, at) + element + sheetXml.slice(at));
  return chartPath;
}

/** Each sheet's chart anchors (as xdr XML) and chart parts, read from a package, for carrying over. */
export async function readCharts(zip: JSZip): Promise<{ sheet: string; anchor: string; chart: string }[]> {
  const out: { sheet: string; anchor: string; chart: string }[] = [];
  const workbook = (await text(zip, 'xl/workbook.xml')) ?? '';
  for (const m of workbook.matchAll(/<(?:\w+:)?sheet\s([^>]*?)\/?>/g)) {
    const name = decode(attr(m[1]!, 'name') ?? '');
    const part = await sheetPart(zip, name).catch(() => undefined);
    if (!part) continue;
    const sheetXml = (await text(zip, part)) ?? '';
    const drawingId = /<(?:\w+:)?drawing\s[^>]*?\w+:id="([^"]+)"/.exec(sheetXml)?.[1];
    const rel = parseRels(await text(zip, relsPath(part))).find((r) => r.id === drawingId && r.type === REL.drawing);
    if (!rel) continue;
    const drawing = resolveTarget(part, rel.target);
    const drawingRels = parseRels(await text(zip, relsPath(drawing)));
    for (const a of ((await text(zip, drawing)) ?? '').matchAll(/<xdr:(twoCellAnchor|oneCellAnchor|absoluteAnchor)\b[\s\S]*?<\/xdr:\1>/g)) {
      const chartId = /<c:chart\b[^>]*?\sr:id="([^"]+)"/.exec(a[0])?.[1];
      const chartRel = drawingRels.find((r) => r.id === chartId && r.type === REL.chart);
      const chart = chartRel && (await text(zip, resolveTarget(drawing, chartRel.target)));
      // The chart's own relationships (styles, colours, embedded data) are not carried: drop what points at them.
      if (chart) out.push({ sheet: name, anchor: a[0], chart: chart.replace(/<c:(externalData|userShapes)\b[^>]*?(\/>|>[\s\S]*?<\/c:\1>)/g, '') });
    }
  }
  return out;
}

/** Re-adds the charts of `original` to `rewritten` (a package exceljs wrote, which drops charts), on sheets of the same name. */
export async function carryCharts(original: JSZip, rewritten: JSZip): Promise<number> {
  let carried = 0;
  for (const c of await readCharts(original)) {
    const part = await sheetPart(rewritten, c.sheet).catch(() => undefined);
    if (!part) continue;
    const anchor: AnchorXml = (relId, shapeId) =>
      c.anchor.replace(/(<c:chart\b[^>]*?\sr:id=")[^"]+"/, `$1${relId}"`).replace(/(cNvPr\s[^>]*?id=")\d+"/, `$1${shapeId}"`);
    await addChartPart(rewritten, part, c.chart, anchor, 'Chart');
    carried++;
  }
  return carried;
}
