import { disposeOcr } from '../ocr/engine';
import { definePack } from '../sdk';
import { copy } from './copy';
import { del } from './delete';
import { list } from './list';
import { makeFolder } from './make-folder';
import { move } from './move';
import { readPdfText } from './read-pdf-text';
import { readText } from './read-text';
import { rename } from './rename';
import { search } from './search';
import { stat } from './stat';
import { unzip } from './unzip';
import { writeText } from './write-text';
import { zip } from './zip';

export const fsPack = definePack({
  name: 'fs',
  version: '1.0.0',
  description:
    'Files inside the folders the person granted: list and search (name, glob, content), read text (also the text of PDFs) and metadata, write text, copy, move, rename, make folders, zip and unzip. Writes are staged and reach the disk at Apply; delete is destructive and asks first. Nothing outside the granted folders is reachable.',
  apis: [list, search, readText, readPdfText, stat, writeText, copy, move, rename, del, makeFolder, zip, unzip],
  // The OCR worker (about 150 MB) would otherwise live on for its 30 s idle time after the host closes.
  dispose: disposeOcr,
});
