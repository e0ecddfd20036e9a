import { ApiError } from '../../sdk';
import { LIMITS } from './limits';
import { OoxmlPackage, REL, relsPartOf } from './package';
import { NS, child, children, descendants, path, type Element } from './xml';

export const CT = {
  slide: 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml',
  notesSlide: 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml',
  notesMaster: 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml',
  theme: 'application/vnd.openxmlformats-officedocument.theme+xml',
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
} as const;

export interface SlideRef {
  /** The `p:sldId` id. */
  id: string;
  /** The relationship id from presentation.xml. */
  rid: string;
  /** The slide part. */
  part: string;
}

export interface Paragraph {
  text: string;
  level: number;
}

export interface SlideContent {
  title: string;
  /** Text of every shape except the title, paragraph by paragraph; table cells joined by ' | '. */
  paragraphs: Paragraph[];
  notes: string;
  layout: string;
  /** Kinds of non-text objects on the slide (`chart`, `table`, `picture`). */
  objects: string[];
}

export interface LayoutRef {
  part: string;
  name: string;
  /** The `type` of the layout (`title`, `obj`, `twoColObj`, `secHead`, `blank`, ...; `cust` when unset). */
  type: string;
}

/** A presentation package with its slide list. */
export class Deck {
  private constructor(
    readonly pkg: OoxmlPackage,
    readonly presentationPart: string,
  ) {}

  static async open(bytes: Uint8Array, name: string): Promise<Deck> {
    const pkg = await OoxmlPackage.open(bytes, name);
    const deck = new Deck(pkg, pkg.mainPart()!);
    const slides = await deck.slides().catch((error: unknown) => {
      throw error instanceof ApiError ? new ApiError(error.code, `${name}: ${error.message}`) : error;
    });
    if (slides.length > LIMITS.slides) throw new ApiError('TOO_LARGE', `${name} has ${slides.length} slides; the limit is ${LIMITS.slides}`);
    // Relationship parts are small and every edit may follow them: a damaged one is refused up front.
    for (const part of pkg.parts().filter((p) => p.endsWith('.rels'))) {
      await pkg.doc(part).catch((error: unknown) => {
        throw error instanceof ApiError ? new ApiError(error.code, `${name}: ${error.message}`) : error;
      });
      if (!part.startsWith('ppt/_rels/') && part !== '_rels/.rels') pkg.release(part);
    }
    return deck;
  }

  async presentation(): Promise<Element> {
    const root = (await this.pkg.doc(this.presentationPart)).documentElement;
    if (!root || root.localName !== 'presentation') throw new ApiError('INVALID_FILE', 'the main part is not a p:presentation');
    return root;
  }

  /** The slides in show order. */
  async slides(): Promise<SlideRef[]> {
    const rels = await this.pkg.rels(this.presentationPart);
    const list = child(await this.presentation(), 'sldIdLst');
    if (!list) return [];
    return children(list, 'sldId').map((el) => {
      const rid = el.getAttributeNS(NS.r, 'id') ?? el.getAttribute('r:id') ?? '';
      const rel = rels.find((r) => r.id === rid && r.type === REL.slide);
      if (!rel || !this.pkg.has(rel.target)) throw new ApiError('INVALID_FILE', `slide ${el.getAttribute('id')} points at a missing part`);
      return { id: el.getAttribute('id') ?? '', rid, part: rel.target };
    });
  }

  /** Rewrites the slide list in the given order (the refs must be this deck's). */
  async setOrder(order: readonly SlideRef[]): Promise<void> {
    const list = child(await this.presentation(), 'sldIdLst')!;
    const byId = new Map(children(list, 'sldId').map((el) => [el.getAttribute('id'), el]));
    for (const el of byId.values()) list.removeChild(el);
    for (const ref of order) list.appendChild(byId.get(ref.id)!);
    this.pkg.markDirty(this.presentationPart);
  }

  /** Appends a slide part to the show (at `index`, 0-based; the end by default). */
  async addSlideToList(part: string, index?: number): Promise<SlideRef> {
    const pres = await this.presentation();
    const rid = await this.pkg.addRel(this.presentationPart, REL.slide, part);
    let list = child(pres, 'sldIdLst');
    const doc = pres.ownerDocument!;
    if (!list) {
      list = doc.createElementNS(NS.p, 'p:sldIdLst');
      const after = child(pres, 'notesMasterIdLst') ?? child(pres, 'sldMasterIdLst');
      pres.insertBefore(list, after ? after.nextSibling : pres.firstChild);
    }
    const existing = children(list, 'sldId');
    const maxId = Math.max(255, ...existing.map((e) => Number(e.getAttribute('id')) || 0));
    const el = doc.createElementNS(NS.p, 'p:sldId');
    el.setAttribute('id', String(maxId + 1));
    el.setAttributeNS(NS.r, 'r:id', rid);
    const before = index === undefined ? undefined : existing[index];
    list.insertBefore(el, before ?? null);
    this.pkg.setOverride(part, CT.slide);
    this.pkg.markDirty(this.presentationPart);
    return { id: String(maxId + 1), rid, part };
  }

  /** Removes slides from the show and from the package, with the parts only they used and links to them. */
  async removeSlides(refs: readonly SlideRef[]): Promise<void> {
    for (const ref of refs) await this.removeSlide(ref);
    const gone = new Set(refs.map((r) => r.part));
    for (const other of await this.slides()) {
      const links = (await this.pkg.rels(other.part)).filter((r) => r.type === REL.slide && gone.has(r.target));
      if (links.length === 0) continue;
      const root = (await this.pkg.doc(other.part)).documentElement!;
      for (const link of links) {
        for (const el of [...descendants(root, 'hlinkClick'), ...descendants(root, 'hlinkMouseOver')])
          if (el.getAttributeNS(NS.r, 'id') === link.id) el.parentNode!.removeChild(el);
        await this.pkg.removeRel(other.part, link.id);
      }
      this.pkg.markDirty(other.part);
    }
    await this.collectGarbage();
  }

  private async removeSlide(ref: SlideRef): Promise<void> {
    const pres = await this.presentation();
    for (const el of descendants(pres, 'sldId')) {
      // The slide list and p14 sections both list the slide by id.
      if (el.getAttribute('id') === ref.id) el.parentNode!.removeChild(el);
    }
    await this.pkg.removeRel(this.presentationPart, ref.rid);
    this.pkg.markDirty(this.presentationPart);
  }

  /** Deletes slide-owned parts (slides, notes, charts, embeddings, media) no relationship reaches any more. */
  async collectGarbage(): Promise<void> {
    const reachable = new Set<string>();
    const queue = [''];
    while (queue.length > 0) {
      const part = queue.pop()!;
      for (const rel of await this.pkg.rels(part)) {
        if (rel.external || reachable.has(rel.target)) continue;
        reachable.add(rel.target);
        if (this.pkg.has(rel.target) || this.pkg.has(relsPartOf(rel.target))) queue.push(rel.target);
      }
    }
    const owned = /^ppt\/(slides|notesSlides|charts|embeddings|media|diagrams)\//;
    for (const part of this.pkg.parts()) {
      if (!owned.test(part) || part.includes('/_rels/') || reachable.has(part)) continue;
      this.pkg.remove(part);
      this.pkg.remove(relsPartOf(part));
      this.pkg.removeOverride(part);
    }
  }

  /** Slide size in EMU. */
  async size(): Promise<{ cx: number; cy: number }> {
    const sz = child(await this.presentation(), 'sldSz');
    const cx = Number(sz?.getAttribute('cx'));
    const cy = Number(sz?.getAttribute('cy'));
    return cx > 0 && cy > 0 ? { cx, cy } : { cx: 9144000, cy: 6858000 };
  }

  /** Slide layouts of every master, in master order. */
  async layouts(): Promise<LayoutRef[]> {
    const out: LayoutRef[] = [];
    for (const master of (await this.pkg.rels(this.presentationPart)).filter((r) => r.type === REL.slideMaster)) {
      for (const rel of (await this.pkg.rels(master.target)).filter((r) => r.type === REL.slideLayout)) {
        if (!this.pkg.has(rel.target)) continue;
        const root = (await this.pkg.doc(rel.target)).documentElement!;
        out.push({ part: rel.target, name: child(root, 'cSld')?.getAttribute('name') ?? '', type: root.getAttribute('type') ?? 'cust' });
      }
    }
    return out;
  }

  async layoutOf(slidePart: string): Promise<string | undefined> {
    return (await this.pkg.rels(slidePart)).find((r) => r.type === REL.slideLayout)?.target;
  }

  async notesPartOf(slidePart: string): Promise<string | undefined> {
    const rel = (await this.pkg.rels(slidePart)).find((r) => r.type === REL.notesSlide);
    return rel && this.pkg.has(rel.target) ? rel.target : undefined;
  }

  /** Title, text, notes and objects of a slide. */
  async content(slidePart: string): Promise<SlideContent> {
    const root = (await this.pkg.doc(slidePart)).documentElement!;
    const tree = path(root, 'cSld', 'spTree');
    const out: SlideContent = { title: '', paragraphs: [], notes: '', layout: '', objects: [] };
    const boxes: TextBox[] = [];
    if (tree) collectShapes(tree, out, boxes);
    if (!out.title) {
      // Decks whose titles are plain text boxes (no placeholder): the topmost one-line box near the top.
      const limit = (await this.size()).cy * 0.25;
      const top = boxes
        .filter((b) => b.y !== undefined && b.y < limit && b.count === 1 && out.paragraphs[b.start]!.text.length <= 200)
        .sort((a, b) => a.y! - b.y!)[0];
      if (top) out.title = out.paragraphs.splice(top.start, 1)[0]!.text.trim();
    }
    const layout = await this.layoutOf(slidePart);
    if (layout && this.pkg.has(layout)) out.layout = path((await this.pkg.doc(layout)).documentElement!, 'cSld')?.getAttribute('name') ?? '';
    const notes = await this.notesPartOf(slidePart);
    if (notes) out.notes = await this.notesText(notes);
    for (const part of [slidePart, relsPartOf(slidePart), ...(notes ? [notes, relsPartOf(notes)] : [])]) this.pkg.release(part);
    return out;
  }

  async notesText(notesPart: string): Promise<string> {
    const tree = path((await this.pkg.doc(notesPart)).documentElement!, 'cSld', 'spTree');
    if (!tree) return '';
    const shapes = children(tree, 'sp');
    const body = shapes.find((sp) => placeholderType(sp) === 'body');
    // Some writers put notes in plain text boxes on the notes page instead of the body placeholder.
    const sources = body ? [body] : shapes.filter((sp) => placeholderType(sp) === undefined);
    return sources
      .flatMap((sp) => paragraphsOf(sp).map((p) => p.text))
      .join('\n')
      .trim();
  }
}

/** The placeholder type of a shape (`title`, `body`, ...), `body` for typed-less placeholders, undefined otherwise. */
export function placeholderType(shape: Element): string | undefined {
  const ph = path(shape, 'nvSpPr', 'nvPr', 'ph') ?? path(shape, 'nvGraphicFramePr', 'nvPr', 'ph') ?? path(shape, 'nvPicPr', 'nvPr', 'ph');
  if (!ph) return undefined;
  return ph.getAttribute('type') || 'body';
}

export function isTitleShape(shape: Element): boolean {
  const type = placeholderType(shape);
  if (type === 'title' || type === 'ctrTitle') return true;
  const name = path(shape, 'nvSpPr', 'cNvPr')?.getAttribute('name') ?? '';
  return type === undefined && /^title\b/i.test(name);
}

/** Paragraphs of a shape's text body (runs, fields and line breaks). */
export function paragraphsOf(shape: Element): Paragraph[] {
  const body = child(shape, 'txBody');
  if (!body) return [];
  return children(body, 'p').map((p) => ({ text: paragraphText(p), level: Number(path(p, 'pPr')?.getAttribute('lvl') ?? 0) || 0 }));
}

export function paragraphText(p: Element): string {
  let text = '';
  for (const node of children(p)) {
    if (node.localName === 'r' || node.localName === 'fld') text += child(node, 't')?.textContent ?? '';
    else if (node.localName === 'br') text += '\n';
  }
  return text;
}

interface TextBox {
  start: number;
  count: number;
  y?: number;
}

function collectShapes(tree: Element, out: SlideContent, boxes: TextBox[]): void {
  for (const shape of children(tree)) {
    switch (shape.localName) {
      case 'sp': {
        const paragraphs = paragraphsOf(shape);
        if (isTitleShape(shape) && !out.title)
          out.title = paragraphs
            .map((p) => p.text)
            .join(' ')
            .trim();
        else {
          const kept = paragraphs.filter((p) => p.text.trim() !== '');
          const y = Number(path(shape, 'spPr', 'xfrm', 'off')?.getAttribute('y'));
          if (tree.localName === 'spTree' && placeholderType(shape) === undefined)
            boxes.push({ start: out.paragraphs.length, count: kept.length, y: Number.isFinite(y) ? y : undefined });
          out.paragraphs.push(...kept);
        }
        break;
      }
      case 'grpSp':
        collectShapes(shape, out, boxes);
        break;
      case 'graphicFrame': {
        const tbl = descendants(shape, 'tbl')[0];
        if (tbl) {
          out.objects.push('table');
          for (const tr of children(tbl, 'tr')) {
            const cells = children(tr, 'tc').map((tc) =>
              paragraphsOf(tc)
                .map((p) => p.text)
                .join(' ')
                .trim(),
            );
            out.paragraphs.push({ text: cells.join(' | '), level: 0 });
          }
        } else if (descendants(shape, 'chart').length > 0) out.objects.push('chart');
        else out.objects.push('object');
        break;
      }
      case 'pic':
        out.objects.push('picture');
        break;
      default:
        break;
    }
  }
}
