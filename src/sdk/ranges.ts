/**
 * How many blocks to ask eth_getLogs for at once. Providers refuse large ranges (2,000 or 5,000
 * blocks) or large results (10,000 logs); a range sized only by blocks either crawls or asks for
 * 128 MB answers. So the span follows the results: it shrinks to bring a range near `targetLogs`,
 * halves on a refusal (or takes the range the provider suggests), and grows back while answers
 * stay small, up to just below the largest span that was refused, which it retries from time to
 * time in case the limit was a passing one. Browser-safe; the SDK and the indexer share it.
 */

export interface SpanOptions {
  /** Blocks in the first request. */
  initial?: number;
  /** The most blocks in one request. */
  max?: number;
  /** The number of logs a request should bring back, about. */
  targetLogs?: number;
}

/** Successes at the ceiling before the span tries above it again. */
const PROBE_AFTER = 32;

export class AdaptiveSpan {
  private span: number;
  private readonly max: number;
  private readonly target: number;
  /** Just below the smallest span refused lately; Infinity when none was. */
  private ceiling = Infinity;
  private atCeiling = 0;

  constructor(options: SpanOptions = {}) {
    this.max = Math.max(1, options.max ?? 100_000);
    this.span = Math.min(this.max, Math.max(1, options.initial ?? 2_000));
    this.target = Math.max(1, options.targetLogs ?? 5_000);
  }

  /** Blocks to ask for next. */
  get size(): number {
    return this.span;
  }

  /** `blocks` blocks came back with `logs` logs. */
  succeeded(blocks: number, logs: number): void {
    let next: number;
    if (logs > this.target) next = Math.floor((blocks * this.target) / logs);
    else if (logs < this.target / 2) next = logs === 0 ? blocks * 4 : Math.min(blocks * 2, Math.floor((blocks * this.target) / logs));
    else next = blocks;
    if (blocks >= this.ceiling && ++this.atCeiling >= PROBE_AFTER) {
      // A refusal may have been load or a limit since raised: try above it now and then.
      this.ceiling = Math.floor(this.ceiling * 1.5) + 1;
      this.atCeiling = 0;
    }
    this.span = Math.max(1, Math.min(this.max, this.ceiling, next));
  }

  /** A request of `blocks` blocks was refused; `suggested` is the span the provider proposed, if any. */
  refused(blocks: number, suggested?: number): void {
    const next = suggested !== undefined && suggested >= 1 && suggested < blocks ? suggested : Math.floor(blocks / 2);
    this.ceiling = Math.max(1, Math.min(this.ceiling, blocks - 1));
    this.atCeiling = 0;
    this.span = Math.max(1, Math.min(next, this.ceiling));
  }
}

const REFUSAL =
  /block range|range (is )?too (large|wide|big)|too (many|large|big)|exceed|more than \d|limit|response size|max(imum)? (block )?range|payload too large|10[,.]?000|query timeout|timed? ?out|response is too big|result window/i;

/** Whether a provider's error text refuses a getLogs request for its size. */
export function isRangeRefusal(message: string): boolean {
  return REFUSAL.test(message);
}

/** The range a refusal suggests ("…this block range should work: [0x10, 0x3e8]"), as a span of blocks. */
export function suggestedSpan(message: string): number | undefined {
  const m = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i.exec(message);
  if (m === null) return undefined;
  const span = Number(BigInt(m[2]!) - BigInt(m[1]!)) + 1;
  return span >= 1 ? span : undefined;
}
