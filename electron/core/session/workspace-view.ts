import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { CountTokens } from './prompt-fit';

/**
 * A bounded view of the granted folders for the prompts (relative paths, kinds, sizes), built without a
 * model call. Deep levels and long folders are summarised so the view stays within its token budget.
 */

export interface WorkspaceFile {
  /** The granted folder it is in. */
  root: string;
  /** Path as a program names it: relative to the first granted folder, absolute inside the others. */
  path: string;
  /** Path relative to its own granted folder, with `/` separators. */
  rel: string;
  ext: string;
  size: number;
  depth: number;
}

export interface WorkspaceScan {
  roots: readonly string[];
  files: WorkspaceFile[];
  /** Folders by their display path (`data/`), with their depth. */
  folders: { path: string; depth: number }[];
  /** The scan stopped at its entry bound. */
  truncated: boolean;
}

const MAX_ENTRIES = 4000;
const MAX_DEPTH = 8;
const SKIP = new Set(['node_modules', '.git', '__pycache__']);

/** Walks the granted folders breadth-first (hidden entries skipped), up to MAX_ENTRIES entries. */
export async function scanWorkspace(roots: readonly string[], signal?: AbortSignal): Promise<WorkspaceScan> {
  const files: WorkspaceFile[] = [];
  const folders: { path: string; depth: number }[] = [];
  let truncated = false;
  for (const [index, root] of roots.entries()) {
    // A granted folder after the first is a folder of the view, named by its absolute path.
    if (index > 0) folders.push({ path: `${root}/`, depth: 0 });
    const queue: { dir: string; depth: number }[] = [{ dir: root, depth: 0 }];
    while (queue.length > 0 && !truncated) {
      signal?.throwIfAborted();
      const { dir, depth } = queue.shift()!;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (entry.name.startsWith('.') || SKIP.has(entry.name)) continue;
        if (files.length + folders.length >= MAX_ENTRIES) {
          truncated = true;
          break;
        }
        const abs = join(dir, entry.name);
        const rel = relative(root, abs).split(sep).join('/');
        const path = index === 0 ? rel : abs;
        if (entry.isDirectory()) {
          folders.push({ path: `${path}/`, depth });
          if (depth + 1 < MAX_DEPTH) queue.push({ dir: abs, depth: depth + 1 });
        } else if (entry.isFile()) {
          const size = await stat(abs)
            .then((s) => s.size)
            .catch(() => 0);
          files.push({ root, path, rel, ext: extname(entry.name).slice(1).toLowerCase(), size, depth });
        }
      }
    }
  }
  return { roots, files, folders, truncated };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "12 files: 8 xlsx, 4 pdf". */
function tally(files: readonly WorkspaceFile[]): string {
  const byExt = new Map<string, number>();
  for (const f of files) byExt.set(f.ext || 'other', (byExt.get(f.ext || 'other') ?? 0) + 1);
  const kinds = [...byExt.entries()].sort((a, b) => b[1] - a[1]).map(([ext, n]) => `${n} ${ext}`);
  return `${files.length} file${files.length === 1 ? '' : 's'}: ${kinds.join(', ')}`;
}

function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut < 0 ? '' : path.slice(0, cut + 1);
}

/** Renders with at most `depth` folder levels in full and `perFolder` files listed per folder. */
function render(scan: WorkspaceScan, depth: number, perFolder: number): string {
  const lines: string[] = [];
  const byParent = new Map<string, WorkspaceFile[]>();
  for (const f of scan.files) byParent.set(parentOf(f.path), [...(byParent.get(parentOf(f.path)) ?? []), f]);
  const shownFolders = ['', ...scan.folders.filter((d) => d.depth < depth).map((d) => d.path)];
  for (const folder of shownFolders) {
    const own = byParent.get(folder) ?? [];
    const deeper = scan.files.filter((f) => f.path.startsWith(folder) && f.path !== folder && parentOf(f.path) !== folder);
    const summarisedDeeper = folder !== '' && scan.folders.find((d) => d.path === folder)!.depth === depth - 1 ? deeper : [];
    if (folder) lines.push(`${folder}${summarisedDeeper.length ? ` (and below it ${tally(summarisedDeeper)})` : ''}`);
    for (const f of own.slice(0, perFolder)) lines.push(`${f.path} (${f.ext || 'file'}, ${formatSize(f.size)})`);
    if (own.length > perFolder) lines.push(`${folder || './'}… ${own.length - perFolder} more (${tally(own.slice(perFolder))})`);
  }
  if (scan.truncated) lines.push(`… the folders hold more than ${MAX_ENTRIES} entries; use fs APIs to look further.`);
  return lines.join('\n');
}

/** The view within `budget` tokens: fewer levels and fewer files per folder until it fits. */
export function renderWorkspace(scan: WorkspaceScan, budget: number, count: CountTokens): string {
  if (scan.roots.length === 0)
    return 'No folder is granted: the program cannot read or write files. Ask the person to grant a folder in Settings → Permissions if the task needs files.';
  const head = [`Granted folders: ${scan.roots.map((r, i) => (i === 0 ? `${r} (paths below are relative to it)` : r)).join('; ')}.`];
  if (scan.files.length === 0 && scan.folders.length === 0) return `${head[0]}\nThey are empty.`;
  const maxDepth = Math.max(1, ...scan.folders.map((d) => d.depth + 1));
  for (const perFolder of [40, 20, 10, 5, 3]) {
    for (let depth = maxDepth; depth >= 1; depth--) {
      const text = `${head[0]}\n${render(scan, depth, perFolder)}`;
      if (count(text) <= budget) return text;
    }
  }
  return `${head[0]}\n${render(scan, 0, 0)}\n${tally(scan.files)} in all (use fs.list or fs.search to see them).`;
}

/** Words for kinds of file as people say them, and the extensions they mean. */
const KIND_WORDS: Record<string, readonly string[]> = {
  excel: ['xlsx', 'xls', 'csv'],
  spreadsheet: ['xlsx', 'xls', 'csv'],
  sheet: ['xlsx', 'xls', 'csv'],
  workbook: ['xlsx', 'xls'],
  xlsx: ['xlsx'],
  csv: ['csv'],
  word: ['docx', 'doc'],
  document: ['docx', 'doc', 'pdf', 'txt'],
  docx: ['docx'],
  doc: ['docx', 'doc'],
  letter: ['docx'],
  report: ['docx', 'pdf'],
  powerpoint: ['pptx'],
  slides: ['pptx'],
  slide: ['pptx'],
  deck: ['pptx'],
  presentation: ['pptx'],
  pptx: ['pptx'],
  pdf: ['pdf'],
  email: ['eml'],
  emails: ['eml'],
  mail: ['eml'],
  mails: ['eml'],
  inbox: ['eml'],
  message: ['eml'],
  messages: ['eml'],
  eml: ['eml'],
  calendar: ['ics'],
  event: ['ics'],
  events: ['ics'],
  meeting: ['ics'],
  meetings: ['ics'],
  schedule: ['ics'],
  ics: ['ics'],
  image: ['png', 'jpg', 'jpeg'],
  images: ['png', 'jpg', 'jpeg'],
  picture: ['png', 'jpg', 'jpeg'],
  photo: ['png', 'jpg', 'jpeg'],
  screenshot: ['png', 'jpg'],
  png: ['png'],
  jpg: ['jpg', 'jpeg'],
  text: ['txt', 'md'],
  txt: ['txt'],
  notes: ['txt', 'md'],
  markdown: ['md'],
};
const STOP = new Set(
  'the a an my our your this that these those file files folder in into from to of and or for with on at by it its please all each then put save write read make create open add new'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2);
}

/**
 * The files a text names loosely ("the score excel file", "my emails"): a file scores for each word of
 * its name the text uses and for a kind word matching its extension. Files named exactly score highest.
 */
export function looseMatches(text: string, scan: WorkspaceScan, max = 3): WorkspaceFile[] {
  const said = words(text);
  const content = new Set(said.filter((w) => !STOP.has(w) && !(w in KIND_WORDS)));
  const kinds = new Set(said.flatMap((w) => KIND_WORDS[w] ?? []));
  const lower = text.toLowerCase();
  const scored = scan.files.map((file) => {
    const nameWords = words(file.rel.replace(/\.[^.]*$/, ''));
    let score = nameWords.filter((w) => content.has(w) || content.has(`${w}s`) || (w.endsWith('s') && content.has(w.slice(0, -1)))).length * 2;
    if (kinds.has(file.ext)) score += 1;
    if (lower.includes(file.rel.toLowerCase()) || lower.includes(file.rel.split('/').pop()!.toLowerCase())) score += 4;
    return { file, score };
  });
  const named = scored.filter((s) => s.score >= 2);
  const byKindOnly = scored.filter((s) => s.score === 1);
  // A kind word alone ("my emails") names the files of that kind when nothing is named better and they are few.
  const picked = named.length > 0 ? named : byKindOnly.length <= max ? byKindOnly : [];
  return picked
    .sort((a, b) => b.score - a.score || a.file.depth - b.file.depth)
    .slice(0, max)
    .map((s) => s.file);
}
