import { constants, inflateRawSync } from 'node:zlib';
import type JSZip from 'jszip';
import { ApiError, errorMessage } from '../../sdk';
import { mb, OOXML_LIMITS, openOfficePackage, readOfficePart } from '../../sdk/ooxml-package';
import { NS, children, parseXml, serializeXml, type Document } from './xml';

export const REL = {
  officeDocument: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument',
  slide: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide',
  slideLayout: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout',
  slideMaster: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster',
  notesSlide: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide',
  notesMaster: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesMaster',
  theme: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme',
  image: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image',
  chart: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
} as const;

const inflatePrefix = (data: Uint8Array, maxOutput?: number): Uint8Array =>
  inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, ...(maxOutput ? { maxOutputLength: maxOutput } : {}) });

const PRESENTATION_TYPES = [
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
  'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml',
  'application/vnd.openxmlformats-officedocument.presentationml.template.main+xml',
];

export interface Relationship {
  id: string;
  type: string;
  /** Absolute part name without the leading slash (`ppt/slides/slide1.xml`), or the raw target when external. */
  target: string;
  external: boolean;
}

/** The folder of a part (`ppt/slides` for `ppt/slides/slide1.xml`). */
export function dirOf(part: string): string {
  const i = part.lastIndexOf('/');
  return i < 0 ? '' : part.slice(0, i);
}

/** The rels part of `part` (`ppt/slides/_rels/slide1.xml.rels`). */
export function relsPartOf(part: string): string {
  const dir = dirOf(part);
  const name = part.slice(dir.length ? dir.length + 1 : 0);
  return `${dir ? `${dir}/` : ''}_rels/${name}.rels`;
}

/** Resolves a relationship target against the folder of its source part. */
export function resolveTarget(sourcePart: string, target: string): string {
  const segments = target.startsWith('/') ? [] : dirOf(sourcePart).split('/').filter(Boolean);
  for (const seg of target.replace(/^\//, '').split('/')) {
    if (seg === '..') segments.pop();
    else if (seg !== '.' && seg !== '') segments.push(seg);
  }
  return segments.join('/');
}

/** A relative target from `sourcePart` to `targetPart`. */
export function relativeTarget(sourcePart: string, targetPart: string): string {
  const from = dirOf(sourcePart).split('/').filter(Boolean);
  const to = targetPart.split('/');
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...from.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

/**
 * An OOXML package held in memory: parts are decompressed lazily and only after their declared size
 * passed the limits; XML parts are parsed once and serialized back only when marked dirty.
 */
export class OoxmlPackage {
  private readonly xml = new Map<string, Document>();
  private readonly dirty = new Set<string>();

  private constructor(private readonly zip: JSZip) {}

  /** Opens a .pptx from its bytes through the sdk's Office reader; every refusal is an ApiError with a reason a person can act on. */
  static async open(bytes: Uint8Array, name: string): Promise<OoxmlPackage> {
    const zip = await openOfficePackage(bytes, 'pptx', name, inflatePrefix);
    const pkg = new OoxmlPackage(zip);
    if (!pkg.has('[Content_Types].xml')) throw new ApiError('INVALID_FILE', `${name} has no [Content_Types].xml: it is not an Office package`);
    await pkg.init(name);
    const main = pkg.mainPart();
    if (!main) throw new ApiError('INVALID_FILE', `${name} has no main document relationship: it is not an Office package`);
    const type = pkg.contentType(main);
    if (!type || !PRESENTATION_TYPES.includes(type)) {
      throw new ApiError(
        'INVALID_FILE',
        `${name} is not a PowerPoint presentation (its main part is ${type ?? 'untyped'}${/word|spreadsheet/.test(type ?? '') ? `: a ${type!.includes('word') ? 'Word document' : 'workbook'}, use the docx or xlsx APIs` : ''})`,
      );
    }
    return pkg;
  }

  has(part: string): boolean {
    const f = this.zip.file(part);
    return f !== null && !f.dir;
  }

  parts(): string[] {
    return Object.values(this.zip.files)
      .filter((f) => !f.dir)
      .map((f) => f.name);
  }

  /** Uncompressed bytes of a part, with its real size capped while it inflates (declared sizes can lie). */
  async bytes(part: string, limit: number = OOXML_LIMITS.maxEntryBytes): Promise<Uint8Array> {
    return readOfficePart(this.zip, part, 'the package', limit);
  }

  async text(part: string): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.bytes(part, OOXML_LIMITS.xmlPartBytes));
  }

  /** The parsed XML of a part (cached; edits to it are kept once {@link markDirty} is called). */
  async doc(part: string): Promise<Document> {
    const cached = this.xml.get(part);
    if (cached) return cached;
    const doc = parseXml(await this.text(part), part);
    this.xml.set(part, doc);
    return doc;
  }

  setDoc(part: string, doc: Document): void {
    this.xml.set(part, doc);
    this.dirty.add(part);
  }

  /** Drops a part's parsed DOM (serializing it first when changed), so big decks are walked in bounded memory. */
  release(part: string): void {
    const doc = this.xml.get(part);
    if (!doc) return;
    if (this.dirty.has(part)) {
      this.zip.file(part, serializeXml(doc));
      this.dirty.delete(part);
    }
    this.xml.delete(part);
  }

  markDirty(part: string): void {
    this.dirty.add(part);
  }

  writeBytes(part: string, bytes: Uint8Array): void {
    this.xml.delete(part);
    this.dirty.delete(part);
    this.zip.file(part, bytes);
  }

  writeText(part: string, text: string): void {
    this.xml.delete(part);
    this.dirty.delete(part);
    this.zip.file(part, text);
  }

  remove(part: string): void {
    this.xml.delete(part);
    this.dirty.delete(part);
    this.zip.remove(part);
  }

  /** The relationships of a part (empty when it has none). */
  async rels(part: string): Promise<Relationship[]> {
    const relsPart = relsPartOf(part);
    if (!this.has(relsPart)) return [];
    const doc = await this.doc(relsPart);
    return children(doc.documentElement!, 'Relationship').map((r) => {
      const external = r.getAttribute('TargetMode') === 'External';
      const raw = r.getAttribute('Target') ?? '';
      return { id: r.getAttribute('Id') ?? '', type: r.getAttribute('Type') ?? '', target: external ? raw : resolveTarget(part, raw), external };
    });
  }

  async relsDoc(part: string): Promise<Document> {
    const relsPart = relsPartOf(part);
    if (!this.has(relsPart) && !this.xml.has(relsPart)) {
      this.setDoc(relsPart, parseXml(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}"/>`, relsPart));
    }
    return this.doc(relsPart);
  }

  /** Adds a relationship from `part` to `targetPart` and returns its id. */
  async addRel(part: string, type: string, targetPart: string): Promise<string> {
    const doc = await this.relsDoc(part);
    const root = doc.documentElement!;
    const ids = new Set(children(root, 'Relationship').map((r) => r.getAttribute('Id')));
    let n = ids.size + 1;
    while (ids.has(`rId${n}`)) n++;
    const rel = doc.createElementNS(NS.rel, 'Relationship');
    rel.setAttribute('Id', `rId${n}`);
    rel.setAttribute('Type', type);
    rel.setAttribute('Target', relativeTarget(part, targetPart));
    root.appendChild(rel);
    this.markDirty(relsPartOf(part));
    return `rId${n}`;
  }

  async removeRel(part: string, id: string): Promise<void> {
    const doc = await this.relsDoc(part);
    for (const r of children(doc.documentElement!, 'Relationship')) if (r.getAttribute('Id') === id) r.parentNode!.removeChild(r);
    this.markDirty(relsPartOf(part));
  }

  /** The main document part named by the package relationships. */
  mainPart(): string | undefined {
    return this.mainPartName;
  }

  private mainPartName?: string;
  private types?: Document;

  /** Loads the package-level parts every operation needs. */
  async init(name: string): Promise<void> {
    try {
      this.types = await this.doc('[Content_Types].xml');
      const main = (await this.rels('')).find((r) => r.type === REL.officeDocument || r.type.endsWith('/officeDocument'));
      this.mainPartName = main?.target;
    } catch (error) {
      if (error instanceof ApiError) throw new ApiError(error.code, `${name}: ${error.message}`);
      throw error;
    }
  }

  contentType(part: string): string | undefined {
    const root = this.types?.documentElement;
    if (!root) return undefined;
    for (const o of children(root, 'Override')) if (o.getAttribute('PartName')?.replace(/^\//, '') === part) return o.getAttribute('ContentType') ?? undefined;
    const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
    for (const d of children(root, 'Default')) if (d.getAttribute('Extension')?.toLowerCase() === ext) return d.getAttribute('ContentType') ?? undefined;
    return undefined;
  }

  setOverride(part: string, contentType: string): void {
    const doc = this.types!;
    const root = doc.documentElement!;
    for (const o of children(root, 'Override')) if (o.getAttribute('PartName')?.replace(/^\//, '') === part) root.removeChild(o);
    const el = doc.createElementNS(NS.ct, 'Override');
    el.setAttribute('PartName', `/${part}`);
    el.setAttribute('ContentType', contentType);
    root.appendChild(el);
    this.markDirty('[Content_Types].xml');
  }

  removeOverride(part: string): void {
    const root = this.types!.documentElement!;
    for (const o of children(root, 'Override')) if (o.getAttribute('PartName')?.replace(/^\//, '') === part) root.removeChild(o);
    this.markDirty('[Content_Types].xml');
  }

  ensureDefault(extension: string, contentType: string): void {
    const doc = this.types!;
    const root = doc.documentElement!;
    if (children(root, 'Default').some((d) => d.getAttribute('Extension')?.toLowerCase() === extension.toLowerCase())) return;
    const el = doc.createElementNS(NS.ct, 'Default');
    el.setAttribute('Extension', extension);
    el.setAttribute('ContentType', contentType);
    root.insertBefore(el, root.firstChild);
    this.markDirty('[Content_Types].xml');
  }

  /** A part name not yet used: `ppt/slides/slide{n}.xml` with the smallest free n above the existing ones. */
  freeName(dir: string, stem: string, ext: string): string {
    const used = new Set(this.parts().map((p) => p.toLowerCase()));
    for (const p of this.xml.keys()) used.add(p.toLowerCase());
    let n = 1;
    while (used.has(`${dir}/${stem}${n}.${ext}`.toLowerCase())) n++;
    return `${dir}/${stem}${n}.${ext}`;
  }

  /** Serializes dirty parts and zips the package. */
  async toBytes(): Promise<Uint8Array> {
    // Overrides for parts that do not exist (some writers leave them) would make strict readers complain.
    const root = this.types?.documentElement;
    if (root) {
      for (const o of children(root, 'Override')) {
        const part = o.getAttribute('PartName')?.replace(/^\//, '') ?? '';
        if (!this.has(part) && !this.xml.has(part)) {
          root.removeChild(o);
          this.markDirty('[Content_Types].xml');
        }
      }
    }
    for (const part of this.dirty) this.zip.file(part, serializeXml(this.xml.get(part)!));
    this.dirty.clear();
    return this.zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  }
}

export { mb };

export function message(error: unknown): string {
  return errorMessage(error).split('\n')[0]!.slice(0, 200);
}
