// The pptx pack's public edge: the pack (what composition roots list) and its APIs by verb.
export { pptxPack } from './pack';
export { addSlides } from './add-slides';
export { createDeck } from './create-deck';
export { deleteSlides } from './delete-slides';
export { duplicateSlide } from './duplicate-slide';
export { insertSlide } from './insert-slide';
export { outline } from './outline';
export { readDeck } from './read-deck';
export { reorderSlides } from './reorder-slides';
export { replaceText } from './replace-text';
export { setTheme } from './set-theme';
