/** DrawingML chart and drawing parts (ECMA-376 part 1, §21.2 and §20.5), written as text. */

export type ChartType = 'bar' | 'column' | 'line' | 'pie' | 'scatter' | 'area';

export interface ChartSeries {
  /** Header cell reference (Sheet!$B$1) and its text. */
  nameRef: string;
  name: string;
  /** Value cells (Sheet!$B$2:$B$9) and their numbers (null: empty or not a number). */
  valuesRef: string;
  values: (number | null)[];
}

export interface ChartSpec {
  type: ChartType;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  legend: boolean;
  /** Category cells (Sheet!$A$2:$A$9) and their texts, or numbers for scatter. */
  categoriesRef: string;
  categories: (string | number | null)[];
  series: ChartSeries[];
}

const NS =
  'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47', '264478', '9E480E', '636363', '997300'];

// A constant, so no formatter can move the pattern away from its eslint comment.
// eslint-disable-next-line no-control-regex -- control characters are not allowed in XML 1.0
const XML_FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export function xmlEscape(text: string): string {
  return text.replace(XML_FORBIDDEN_CONTROLS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function rich(text: string, size = 1400): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr><a:r><a:rPr lang="en-US" sz="${size}" b="1"/><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx>`;
}

function title(text: string | undefined, size?: number): string {
  return text ? `<c:title>${rich(text, size)}<c:overlay val="0"/></c:title>` : '';
}

function strRef(ref: string, values: (string | number | null)[]): string {
  const pts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${xmlEscape(String(v))}</c:v></c:pt>`)).join('');
  return `<c:strRef><c:f>${xmlEscape(ref)}</c:f><c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache></c:strRef>`;
}

function numRef(ref: string, values: (number | null)[]): string {
  const pts = values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numRef><c:f>${xmlEscape(ref)}</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache></c:numRef>`;
}

function fill(type: ChartType, i: number): string {
  const colour = PALETTE[i % PALETTE.length];
  // Scatter shows markers only (no joining line), coloured like the series.
  if (type === 'scatter') return `<c:spPr><a:ln w="19050"><a:noFill/></a:ln></c:spPr>`;
  if (type === 'line') return `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></a:ln></c:spPr>`;
  return `<c:spPr><a:solidFill><a:srgbClr val="${colour}"/></a:solidFill></c:spPr>`;
}

function series(spec: ChartSpec): string {
  return spec.series
    .map((s, i) => {
      const head = `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx>${strRef(s.nameRef, [s.name])}</c:tx>${spec.type === 'pie' ? '' : fill(spec.type, i)}`;
      if (spec.type === 'scatter') {
        const xs = spec.categories.map((v) => (typeof v === 'number' ? v : null));
        return `${head}<c:marker><c:symbol val="circle"/><c:size val="7"/><c:spPr><a:solidFill><a:srgbClr val="${PALETTE[i % PALETTE.length]}"/></a:solidFill></c:spPr></c:marker><c:xVal>${numRef(spec.categoriesRef, xs)}</c:xVal><c:yVal>${numRef(s.valuesRef, s.values)}</c:yVal><c:smooth val="0"/></c:ser>`;
      }
      const pieColours =
        spec.type === 'pie' ? spec.categories.map((_, p) => `<c:dPt><c:idx val="${p}"/><c:bubble3D val="0"/>${fill('pie', p)}</c:dPt>`).join('') : '';
      const marker = spec.type === 'line' ? '<c:marker><c:symbol val="circle"/><c:size val="5"/></c:marker>' : '';
      const cat = spec.categories.every((v) => typeof v === 'number')
        ? numRef(spec.categoriesRef, spec.categories as number[])
        : strRef(spec.categoriesRef, spec.categories);
      const tail = spec.type === 'line' ? '<c:smooth val="0"/>' : '';
      return `${head}${marker}${pieColours}<c:cat>${cat}</c:cat><c:val>${numRef(s.valuesRef, s.values)}</c:val>${tail}</c:ser>`;
    })
    .join('');
}

function axis(kind: 'cat' | 'val', id: number, cross: number, position: 'b' | 'l', name: string | undefined, gridlines: boolean): string {
  const tag = kind === 'cat' ? 'c:catAx' : 'c:valAx';
  const extra =
    kind === 'cat' ? '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>' : '<c:crossBetween val="between"/>';
  return `<${tag}><c:axId val="${id}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${position}"/>${gridlines ? '<c:majorGridlines/>' : ''}${title(name, 1000)}<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="${cross}"/><c:crosses val="autoZero"/>${extra}</${tag}>`;
}

function plot(spec: ChartSpec): string {
  const ids = '<c:axId val="500000001"/><c:axId val="500000002"/>';
  const horizontal = spec.type === 'bar';
  // A bar chart's categories run up the left side and its values along the bottom.
  const catPos = horizontal ? 'l' : 'b';
  const valPos = horizontal ? 'b' : 'l';
  const catTitle = spec.xTitle;
  const valTitle = spec.yTitle;
  switch (spec.type) {
    case 'pie':
      return `<c:pieChart><c:varyColors val="1"/>${series(spec)}<c:firstSliceAng val="0"/></c:pieChart>`;
    case 'scatter':
      return `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series(spec)}${ids}</c:scatterChart>${axis('val', 500000001, 500000002, 'b', catTitle, false)}${axis('val', 500000002, 500000001, 'l', valTitle, true)}`;
    case 'line':
      return `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series(spec)}<c:marker val="1"/>${ids}</c:lineChart>${axis('cat', 500000001, 500000002, 'b', catTitle, false)}${axis('val', 500000002, 500000001, 'l', valTitle, true)}`;
    case 'area':
      return `<c:areaChart><c:grouping val="standard"/><c:varyColors val="0"/>${series(spec)}${ids}</c:areaChart>${axis('cat', 500000001, 500000002, 'b', catTitle, false)}${axis('val', 500000002, 500000001, 'l', valTitle, true)}`;
    default:
      return `<c:barChart><c:barDir val="${horizontal ? 'bar' : 'col'}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series(spec)}<c:gapWidth val="150"/>${ids}</c:barChart>${axis('cat', 500000001, 500000002, catPos, catTitle, false)}${axis('val', 500000002, 500000001, valPos, valTitle, true)}`;
  }
}

/** The chart part (xl/charts/chartN.xml). */
export function chartXml(spec: ChartSpec): string {
  const legend = spec.legend ? '<c:legend><c:legendPos val="r"/><c:overlay val="0"/></c:legend>' : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace ${NS}><c:roundedCorners val="0"/><c:chart>${title(spec.title)}<c:autoTitleDeleted val="${spec.title ? 0 : 1}"/><c:plotArea><c:layout/>${plot(spec)}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`;
}

export interface Anchor {
  /** Zero-based top-left column and row, and the cells the chart spans. */
  col: number;
  row: number;
  cols: number;
  rows: number;
}

/** One chart's anchor inside a drawing part. */
export function chartAnchor(anchor: Anchor, relId: string, shapeId: number, name: string): string {
  return `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${anchor.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${anchor.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>${anchor.col + anchor.cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${anchor.row + anchor.rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="${xmlEscape(name)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${relId}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`;
}

/** A new drawing part holding one anchor. */
export function drawingXml(anchorXml: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">${anchorXml}</xdr:wsDr>`;
}

export const REL = {
  drawing: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
};
export const CONTENT_TYPE = {
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
};
