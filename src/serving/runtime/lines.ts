/**
 * Replica output as lines: a splitter that turns stdout/stderr chunks into whole UTF-8 lines (holding
 * back a partial last line, cutting runaway lines), and a ring that keeps a replica's last lines for
 * `TerminationInfo.lastOutput`.
 */
import { StringDecoder } from 'node:string_decoder';

/** Longer lines are cut into pieces of this many characters. */
export const MAX_LINE_CHARS = 16 * 1024;

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  /** The complete lines in `chunk` plus what was held back before it. */
  push(chunk: Buffer | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const lines = parts.map(trimCr);
    while (this.partial.length > MAX_LINE_CHARS) {
      lines.push(this.partial.slice(0, MAX_LINE_CHARS));
      this.partial = this.partial.slice(MAX_LINE_CHARS);
    }
    return lines.flatMap(cut);
  }

  /** The held-back partial line, if any (the stream ended without a final newline). */
  flush(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest === '' ? [] : cut(trimCr(rest));
  }
}

const trimCr = (line: string) => (line.endsWith('\r') ? line.slice(0, -1) : line);

function cut(line: string): string[] {
  if (line.length <= MAX_LINE_CHARS) return [line];
  const pieces: string[] = [];
  for (let i = 0; i < line.length; i += MAX_LINE_CHARS) pieces.push(line.slice(i, i + MAX_LINE_CHARS));
  return pieces;
}

/** The last `capacity` lines pushed. */
export class LineRing {
  private readonly lines: string[] = [];
  constructor(readonly capacity: number) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
  }

  /** The last `n` lines (all kept lines by default), joined with newlines. */
  last(n = this.capacity): string {
    return this.lines.slice(-n).join('\n');
  }
}
