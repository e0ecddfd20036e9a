import { CT, type Deck } from './deck';
import { graftNotesMaster } from './graft';
import { OoxmlPackage, REL, relsPartOf, relativeTarget } from './package';
import { renderSlides } from './render';
import { NS, children, path } from './xml';

/** Sets (or replaces) the speaker notes of a slide, creating the notes part (and a notes master) when missing. */
export async function setNotes(deck: Deck, slidePart: string, text: string): Promise<void> {
  const existing = await deck.notesPartOf(slidePart);
  if (existing) {
    const doc = await deck.pkg.doc(existing);
    const tree = path(doc.documentElement!, 'cSld', 'spTree');
    const body = tree && children(tree, 'sp').find((sp) => path(sp, 'nvSpPr', 'nvPr', 'ph')?.getAttribute('type') === 'body');
    const txBody = body && path(body, 'txBody');
    if (txBody) {
      for (const p of children(txBody, 'p')) txBody.removeChild(p);
      for (const line of text.split('\n')) {
        const p = doc.createElementNS(NS.a, 'a:p');
        const r = doc.createElementNS(NS.a, 'a:r');
        const t = doc.createElementNS(NS.a, 'a:t');
        t.textContent = line;
        r.appendChild(t);
        p.appendChild(r);
        txBody.appendChild(p);
      }
      deck.pkg.markDirty(existing);
      return;
    }
    // Notes without a body placeholder: replace the whole notes page.
    for (const rel of (await deck.pkg.rels(slidePart)).filter((r) => r.type === REL.notesSlide)) await deck.pkg.removeRel(slidePart, rel.id);
    await deck.collectGarbage();
  }
  let master = (await deck.pkg.rels(deck.presentationPart)).find((r) => r.type === REL.notesMaster)?.target;
  if (!master) {
    const size = await deck.size();
    const donor = await OoxmlPackage.open(
      await renderSlides({
        slides: [{ layout: 'blank', notes: '.' }],
        width: size.cx / 914400,
        height: size.cy / 914400,
        fonts: { heading: 'Calibri', body: 'Calibri' },
        accents: [],
        images: new Map(),
      }),
      'notes master',
    );
    master = await graftNotesMaster(donor, deck);
    if (!master) throw new Error('no notes master could be created');
  }
  const part = deck.pkg.freeName('ppt/notesSlides', 'notesSlide', 'xml');
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const paragraphs = text
    .split('\n')
    .map((line) => `<a:p><a:r><a:rPr lang="en-US" dirty="0"/><a:t>${esc(line)}</a:t></a:r></a:p>`)
    .join('');
  deck.pkg.writeText(
    part,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:notes xmlns:a="${NS.a}" xmlns:r="${NS.r}" xmlns:p="${NS.p}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>` +
      `<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>` +
      `<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>${paragraphs}</p:txBody></p:sp>` +
      `</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>`,
  );
  deck.pkg.writeText(
    relsPartOf(part),
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}"><Relationship Id="rId1" Type="${REL.notesMaster}" Target="${relativeTarget(part, master)}"/><Relationship Id="rId2" Type="${REL.slide}" Target="${relativeTarget(part, slidePart)}"/></Relationships>`,
  );
  deck.pkg.setOverride(part, CT.notesSlide);
  await deck.pkg.addRel(slidePart, REL.notesSlide, part);
}
