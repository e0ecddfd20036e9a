import { CT, type Deck, type SlideRef } from './deck';
import { type OoxmlPackage, REL, dirOf, relativeTarget, relsPartOf } from './package';
import { NS, child } from './xml';

/** Relationship types that point "up" (to shared masters and layouts) or back to the slide: never copied. */
const UP = new Set<string>([REL.slideLayout, REL.slideMaster, REL.notesMaster, REL.theme, REL.slide]);

interface CopyContext {
  src: OoxmlPackage;
  dst: Deck;
  /** Target in the destination for an "up" relationship, by type. */
  up: Map<string, string>;
  copied: Map<string, string>;
}

/**
 * Copies a slide with the parts it owns (notes, charts and their workbooks, media) from `src` into `dst`
 * and adds it to the show at `index`. Within one package media are shared; charts and notes are copied
 * because PowerPoint expects each to belong to one slide.
 */
export async function graftSlide(src: OoxmlPackage, srcSlide: string, dst: Deck, options: { layoutPart: string; index?: number }): Promise<SlideRef> {
  const newSlide = dst.pkg.freeName('ppt/slides', 'slide', 'xml');
  const up = new Map<string, string>([
    [REL.slideLayout, options.layoutPart],
    [REL.slide, newSlide],
  ]);
  const notesMaster = await ensureNotesMaster(src, dst);
  if (notesMaster) up.set(REL.notesMaster, notesMaster);
  const ctx: CopyContext = { src, dst, up, copied: new Map([[srcSlide, newSlide]]) };
  await copyPart(ctx, srcSlide, newSlide);
  return dst.addSlideToList(newSlide, options.index);
}

async function copyPart(ctx: CopyContext, part: string, name: string): Promise<void> {
  const { src, dst } = ctx;
  dst.pkg.writeBytes(name, await src.bytes(part));
  const type = src.contentType(part);
  const ext = name.slice(name.lastIndexOf('.') + 1);
  if (type && dst.pkg.contentType(name) !== type) {
    if (/\.(xml)$/i.test(name)) dst.pkg.setOverride(name, type);
    else dst.pkg.ensureDefault(ext, type);
    if (dst.pkg.contentType(name) !== type) dst.pkg.setOverride(name, type);
  }
  const rels = await src.rels(part);
  if (rels.length === 0) return;
  const lines: string[] = [];
  for (const rel of rels) {
    let target: string | undefined;
    if (rel.external) {
      lines.push(relLine(rel.id, rel.type, rel.target, true));
      continue;
    }
    if (rel.type === REL.slide && !name.startsWith('ppt/notesSlides/')) {
      // A link from the slide to another slide (a hyperlink action): keep it within one deck, drop it across decks.
      target = src === dst.pkg && src.has(rel.target) ? rel.target : undefined;
    } else if (UP.has(rel.type)) target = ctx.up.get(rel.type);
    else if (rel.type === REL.image && src === dst.pkg) target = rel.target;
    else if (src.has(rel.target)) target = await copyOwned(ctx, rel.target);
    if (target) lines.push(relLine(rel.id, rel.type, relativeTarget(name, target), false));
  }
  dst.pkg.writeText(
    relsPartOf(name),
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">${lines.join('')}</Relationships>`,
  );
}

async function copyOwned(ctx: CopyContext, part: string): Promise<string> {
  const done = ctx.copied.get(part);
  if (done) return done;
  const base = part.slice(part.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/\d+$/, '') || 'part';
  const ext = dot > 0 ? base.slice(dot + 1) : 'bin';
  const name = ctx.dst.pkg.freeName(dirOf(part) || 'ppt', stem, ext);
  ctx.copied.set(part, name);
  await copyPart(ctx, part, name);
  return name;
}

/** The destination's notes master, copied over from `src` (with its theme) when the destination has none. */
async function ensureNotesMaster(src: OoxmlPackage, dst: Deck): Promise<string | undefined> {
  const existing = (await dst.pkg.rels(dst.presentationPart)).find((r) => r.type === REL.notesMaster);
  if (existing) return existing.target;
  if (src === dst.pkg) return undefined;
  return graftNotesMaster(src, dst);
}

/** Copies `src`'s notes master (with its theme) into `dst`, which has none, and registers it. */
export async function graftNotesMaster(src: OoxmlPackage, dst: Deck): Promise<string | undefined> {
  const srcPres = (await src.rels('')).find((r) => r.type.endsWith('/officeDocument'))?.target;
  const srcMaster = srcPres ? (await src.rels(srcPres)).find((r) => r.type === REL.notesMaster)?.target : undefined;
  if (!srcMaster || !src.has(srcMaster)) return undefined;
  const name = dst.pkg.freeName('ppt/notesMasters', 'notesMaster', 'xml');
  const theme = (await src.rels(srcMaster)).find((r) => r.type === REL.theme)?.target;
  const up = new Map<string, string>();
  if (theme) {
    const themeName = dst.pkg.freeName('ppt/theme', 'theme', 'xml');
    dst.pkg.writeBytes(themeName, await src.bytes(theme));
    dst.pkg.setOverride(themeName, CT.theme);
    up.set(REL.theme, themeName);
  }
  await copyPart({ src, dst, up, copied: new Map() }, srcMaster, name);
  dst.pkg.setOverride(name, CT.notesMaster);
  const rid = await dst.pkg.addRel(dst.presentationPart, REL.notesMaster, name);
  const pres = await dst.presentation();
  const doc = pres.ownerDocument!;
  const list = doc.createElementNS(NS.p, 'p:notesMasterIdLst');
  const id = doc.createElementNS(NS.p, 'p:notesMasterId');
  id.setAttributeNS(NS.r, 'r:id', rid);
  list.appendChild(id);
  const after = child(pres, 'sldMasterIdLst');
  pres.insertBefore(list, after ? after.nextSibling : pres.firstChild);
  dst.pkg.markDirty(dst.presentationPart);
  return name;
}

function relLine(id: string, type: string, target: string, external: boolean): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<Relationship Id="${esc(id)}" Type="${esc(type)}" Target="${esc(target)}"${external ? ' TargetMode="External"' : ''}/>`;
}
