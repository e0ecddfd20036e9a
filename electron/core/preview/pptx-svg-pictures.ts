import { child, type Element } from './ooxml-reader';
import { boxOf, type SlideCtx } from './pptx-svg-common';

// Pictures: embedded images as data URLs; one missing or over the preview's image limit is a grey box.

export async function renderPicture(pic: Element, ctx: SlideCtx, out: string[]): Promise<void> {
  const box = boxOf(child(pic, 'spPr', 'xfrm'));
  const id = child(pic, 'blipFill', 'blip')?.getAttribute('r:embed');
  const target = id ? ctx.rels.get(id)?.target : undefined;
  if (!box) return;
  const bytes = target ? await ctx.reader.binary(target) : undefined;
  const ext = target?.split('.').pop()?.toLowerCase() ?? '';
  const mime = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml' }[ext];
  if (bytes && mime)
    out.push(
      `<image x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" preserveAspectRatio="none" href="data:${mime};base64,${Buffer.from(bytes).toString('base64')}"/>`,
    );
  else out.push(`<rect x="${box.x}" y="${box.y}" width="${box.w}" height="${box.h}" fill="#DDD" stroke="#999"/>`);
}
