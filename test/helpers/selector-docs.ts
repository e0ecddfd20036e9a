import type { SelectorDoc } from '../../electron/core/selector/documents';

/** A selector document as the registry would render it, for tests over a handful of APIs. */
export const selectorDoc = (name: string, text: string): SelectorDoc => {
  const module = name.split('.')[0]!;
  return { name, module, pack: `${module}-pack`, effects: 'read', text: `${name}\n${text}`, tokens: 40 };
};

/** Eight APIs over six modules whose words overlap a little (slides and charts, sheets and rows). */
export const SAMPLE_DOCS: SelectorDoc[] = [
  selectorDoc('slides.addSlide', 'Adds a new slide to the presentation deck.'),
  selectorDoc('slides.setTitle', 'Sets the title of a slide.'),
  selectorDoc('slides.deleteSlide', 'Removes a slide from the deck.'),
  selectorDoc('charts.addChart', 'Inserts a chart (graph) built from table rows.'),
  selectorDoc('sheets.addRows', 'Appends rows to a spreadsheet table.'),
  selectorDoc('mail.sendEmail', 'Sends an email message with an optional attachment.'),
  selectorDoc('weather.forecast', 'Gets the weather forecast and temperature for a city.'),
  selectorDoc('billing.createInvoice', 'Creates an invoice (bill) for a customer payment.'),
];
