import { disposeOcr } from '../ocr/engine';
import { definePack } from '../sdk';
import { annotate } from './annotate';
import { chart } from './chart';
import { convert } from './convert';
import { crop } from './crop';
import { edges } from './edges';
import { fromText } from './from-text';
import { info } from './info';
import { readText } from './read-text';
import { resize } from './resize';
import { rotate } from './rotate';
import { sketch } from './sketch';

export const imagePack = definePack({
  name: 'image',
  version: '1.0.0',
  description:
    'Images inside the granted folders: read the text in images and scanned PDFs (OCR, offline), facts about an image, convert, resize, crop, rotate, write text on an image, edge maps and pencil sketches, render text or markdown as an image (posters, notices, cards) and draw bar, line, pie and scatter charts. Every output is staged and reaches the disk at Apply; images over 50 megapixels are refused.',
  apis: [readText, info, convert, resize, crop, rotate, annotate, edges, sketch, fromText, chart],
  // The OCR worker (about 150 MB) would otherwise live on for its 30 s idle time after the host closes.
  dispose: disposeOcr,
});
