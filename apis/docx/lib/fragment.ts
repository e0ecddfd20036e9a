import type * as DocxModule from 'docx';
import type { Element } from '@xmldom/xmldom';
import type JSZip from 'jszip';
import type { ApiContext } from '../../sdk';
import { buildBlocks, type Block } from './blocks';
import { body, children, descendants, parsePart, serialize, type OpenDocx } from './io';
import { lazyModule } from '../../sdk/lazy-module';

const Zip = lazyModule<typeof JSZip>('jszip');

// docx: loaded when an API first uses it, not when the pack is listed.
const Document = lazyModule<typeof DocxModule.Document>('docx', (m) => m.Document);
const Packer = lazyModule<typeof DocxModule.Packer>('docx', (m) => m.Packer);

/**
 * Body XML for blocks, to splice into an existing document: the blocks are rendered by the docx library
 * into a scratch document, and its body children (not the section properties) are returned with the
 * styles they use, which are copied into the target when it lacks them.
 */
export async function renderFragment(items: Block[], ctx: ApiContext, target: OpenDocx): Promise<Element[]> {
  const built = await buildBlocks(items, ctx, { numberedLists: false, allowImages: false });
  const scratch = await Zip.loadAsync(await Packer.toBuffer(new Document({ sections: [{ children: built }] })));
  const doc = await parsePart(scratch, 'word/document.xml', 'fragment');
  const nodes = children(body(doc), '*').filter((n) => n.localName !== 'sectPr');
  await copyStyles(scratch, target, nodes);
  return nodes.map((n) => target.doc.importNode(n, true) as Element);
}

async function copyStyles(scratch: JSZip, target: OpenDocx, nodes: Element[]): Promise<void> {
  const used = new Set<string>();
  for (const n of nodes)
    for (const s of [...descendants(n, 'pStyle'), ...descendants(n, 'rStyle'), ...descendants(n, 'tblStyle')]) used.add(s.getAttribute('w:val') ?? '');
  if (used.size === 0 || !target.zip.file('word/styles.xml')) return;
  const from = await parsePart(scratch, 'word/styles.xml', 'fragment');
  const to = await parsePart(target.zip, 'word/styles.xml', 'target');
  const have = new Set(descendants(to, 'style').map((s) => s.getAttribute('w:styleId')));
  let added = 0;
  for (const style of descendants(from, 'style')) {
    const id = style.getAttribute('w:styleId');
    if (id && used.has(id) && !have.has(id)) {
      to.documentElement!.appendChild(to.importNode(style, true));
      added++;
    }
  }
  if (added > 0) target.zip.file('word/styles.xml', serialize(to));
}

/** The w:sectPr that ends the body (new content goes before it). */
export function finalSectPr(doc: OpenDocx['doc']): Element | null {
  const last = children(body(doc), 'sectPr');
  return last[last.length - 1] ?? null;
}
