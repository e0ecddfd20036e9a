import { calendarPack } from './calendar/pack';
import { docxPack } from './docx/pack';
import { emailPack } from './email/pack';
import { fsPack } from './fs/pack';
import { imagePack } from './image/pack';
import { pdfPack } from './pdf/pack';
import { pptxPack } from './pptx/pack';
import type { PackDefinition } from './sdk';
import { xlsxPack } from './xlsx/pack';

/** The explicit list of built-in packs (no globbing). Composition roots hand it to createCore(). */
export const builtinPacks: readonly PackDefinition[] = [pptxPack, xlsxPack, docxPack, fsPack, calendarPack, emailPack, imagePack, pdfPack];
