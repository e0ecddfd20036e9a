import { definePack } from '../sdk';
import { addSlides } from './add-slides';
import { createDeck } from './create-deck';
import { deleteSlides } from './delete-slides';
import { duplicateSlide } from './duplicate-slide';
import { insertSlide } from './insert-slide';
import { outline } from './outline';
import { readDeck } from './read-deck';
import { reorderSlides } from './reorder-slides';
import { replaceText } from './replace-text';
import { setTheme } from './set-theme';

/** PowerPoint: create decks from typed slides; read and edit any .pptx through its OOXML parts. */
export const pptxPack = definePack({
  name: 'pptx',
  version: '1.0.0',
  description:
    'PowerPoint decks: create from typed slides (titles, bullets, two columns, sections, images, charts, tables, quotes, notes), read slides and notes, replace text keeping formatting, delete, duplicate, reorder and insert slides, change theme colours and fonts, export an outline.',
  apis: [createDeck, addSlides, readDeck, outline, replaceText, insertSlide, duplicateSlide, deleteSlides, reorderSlides, setTheme],
});
