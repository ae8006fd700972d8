/** Offsets to 0-based line/character positions (characters are UTF-16 code units, as in VS Code). */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

/** A span of text: `offset` and `length` in UTF-16 code units, with its 0-based start and end. */
export interface Range {
  offset: number;
  length: number;
  start: Position;
  end: Position;
}

/** A bare span, before it is turned into a `Range`. */
export interface Span {
  offset: number;
  length: number;
}

/** A copy of `a` with twice the room (a function, not a closure made per index). */
function doubled(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(a.length * 2);
  grown.set(a);
  return grown;
}

export class LineIndex {
  /** Offsets at which each line starts; line breaks are \n, \r\n and \r. */
  private readonly starts: Int32Array;

  constructor(readonly text: string) {
    // About one line per 16 characters in pretty-printed JSON; grown by doubling when short.
    let starts = new Int32Array(Math.max(16, text.length >> 4));
    let count = 1;
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        if (count === starts.length) starts = doubled(starts);
        starts[count++] = i + 1;
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        if (c === 13 || c === 10) {
          if (count === starts.length) starts = doubled(starts);
          starts[count++] = i + 1;
        }
      }
    }
    this.starts = starts.subarray(0, count);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  /** The offset of a 0-based position (clamped to the line and the text). */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  range(span: Span): Range {
    const offset = Math.max(0, Math.min(span.offset, this.text.length));
    const length = Math.max(0, Math.min(span.length, this.text.length - offset));
    return { offset, length, start: this.positionAt(offset), end: this.positionAt(offset + length) };
  }
}
