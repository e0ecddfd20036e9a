/**
 * A read-only word → slot table over the cache's '\n'-joined UTF-8 word list, without a JS string or
 * Map entry per word (400k words as a Map cost ~27 MB of heap; this costs ~6 MB of typed arrays):
 * open addressing with FNV-1a over the UTF-8 bytes.
 */
export class WordTable {
  /** Start offset of word i in `bytes` (and one past the end at `size`). */
  private readonly starts: Int32Array;
  /** Slot + 1 per bucket (0 = empty). */
  private readonly buckets: Int32Array;
  private readonly mask: number;
  private readonly scratch = new Uint8Array(256);
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly bytes: Uint8Array,
    readonly size: number,
  ) {
    this.starts = new Int32Array(size + 1);
    let word = 1;
    for (let i = 0; i < bytes.length && word < size; i++) if (bytes[i] === 10) this.starts[word++] = i + 1;
    if (word !== size && size > 0) throw new Error(`word list has ${word} words, expected ${size}`);
    this.starts[size] = bytes.length + 1;
    let capacity = 1;
    while (capacity < size * 2) capacity <<= 1;
    this.buckets = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let w = 0; w < size; w++) {
      const start = this.starts[w]!;
      const end = this.starts[w + 1]! - 1;
      let b = hashBytes(bytes, start, end) & this.mask;
      while (this.buckets[b] !== 0) {
        // A duplicated word keeps its first (most frequent) slot.
        if (this.equalsAt(this.buckets[b]! - 1, bytes, start, end)) break;
        b = (b + 1) & this.mask;
      }
      if (this.buckets[b] === 0) this.buckets[b] = w + 1;
    }
  }

  /** The slot (frequency rank) of a word, or -1. */
  slot(word: string): number {
    let bytes: Uint8Array = this.scratch;
    let length = word.length;
    let ascii = length <= this.scratch.length;
    for (let i = 0; ascii && i < length; i++) {
      const c = word.charCodeAt(i);
      if (c > 127) ascii = false;
      else this.scratch[i] = c;
    }
    if (!ascii) {
      bytes = this.encoder.encode(word);
      length = bytes.length;
    }
    let b = hashBytes(bytes, 0, length) & this.mask;
    for (;;) {
      const entry = this.buckets[b]!;
      if (entry === 0) return -1;
      if (this.equalsAt(entry - 1, bytes, 0, length)) return entry - 1;
      b = (b + 1) & this.mask;
    }
  }

  has(word: string): boolean {
    return this.slot(word) >= 0;
  }

  word(slot: number): string {
    return this.decoder.decode(this.bytes.subarray(this.starts[slot]!, this.starts[slot + 1]! - 1));
  }

  /** Every word in rank order (tests and tools; allocates). */
  list(): string[] {
    return Array.from({ length: this.size }, (_, i) => this.word(i));
  }

  private equalsAt(slot: number, other: Uint8Array, start: number, end: number): boolean {
    const s = this.starts[slot]!;
    const len = this.starts[slot + 1]! - 1 - s;
    if (len !== end - start) return false;
    for (let i = 0; i < len; i++) if (this.bytes[s + i] !== other[start + i]) return false;
    return true;
  }
}

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}
