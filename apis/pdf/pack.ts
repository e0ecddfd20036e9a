import { definePack } from '../sdk';
import { extractPages } from './extract-pages';
import { fromDocument } from './from-document';
import { fromImages } from './from-images';
import { fromText } from './from-text';
import { info } from './info';
import { merge } from './merge';
import { split } from './split';
import { toImages } from './to-images';

export const pdfPack = definePack({
  name: 'pdf',
  version: '1.0.0',
  description:
    'PDF files: convert Word, Excel and PowerPoint documents to PDF (LibreOffice), write text or markdown as a PDF (no LibreOffice needed), make a PDF from images, render pages as PNG (poppler), merge, split, extract pages, and read page count, title and encryption. Password-protected PDFs are refused. Every write is staged and reaches the disk at Apply. To read the text of a PDF use fs.readPdfText.',
  apis: [fromDocument, fromText, fromImages, toImages, merge, split, extractPages, info],
});
