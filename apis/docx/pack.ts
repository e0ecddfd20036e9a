import { definePack } from '../sdk';
import { appendSections } from './append-sections';
import { createDocument } from './create-document';
import { fillTemplate } from './fill-template';
import { insertTableAfterHeading } from './insert-table-after-heading';
import { readDocument } from './read-document';
import { replaceText } from './replace-text';

export const docxPack = definePack({
  name: 'docx',
  version: '1.0.0',
  description:
    'Word documents (.docx): create from blocks (headings, formatted paragraphs, nested bulleted and numbered lists, tables, images, page breaks, table of contents, headers, footers, page numbers, styles); fill {{placeholder}} templates; read headings, paragraphs and tables; replace text keeping formatting; append sections; insert a table after a heading. Writes are staged and reach the disk at Apply.',
  apis: [createDocument, readDocument, fillTemplate, replaceText, appendSections, insertTableAfterHeading],
});
