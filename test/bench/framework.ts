/**
 * The benchmark frame. Each `*.bench.ts` under test/bench exports `run(bench: Bench)`; every figure
 * is printed as one JSON line {"name","value","unit","baseline","ratio"}, where `baseline` is a
 * reference measured in the same run on the same machine (e.g. jsonc-parser alone, bare nats.js,
 * a bare node:crypto sign) and `ratio` = value / baseline.
 */

export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

export interface Bench {
  /** Prints one figure. `baseline` null when a figure has no meaningful reference. */
  report(name: string, value: number, unit: string, baseline: number | null): Figure;
}

export interface Timing {
  /** Median of the samples, in milliseconds. */
  median: number;
  mean: number;
  min: number;
  samples: number;
}

/**
 * A full garbage collection, when the bench runs with `--expose-gc` (`npm run bench` does): each
 * measurement then starts from a clean heap instead of paying for the garbage of the one before
 * (e.g. each baseline parseTree of the 2.8 MB stream file allocates about 50 MB).
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Runs `fn` `warmup` times, then `samples` times, and returns the timings in milliseconds. The
 * heap is collected once before the warm-up (never between samples: their own garbage counts).
 */
export async function time(fn: () => unknown, samples = 20, warmup = 3): Promise<Timing> {
  collectGarbage();
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { median, mean: times.reduce((a, b) => a + b, 0) / times.length, min: times[0], samples: times.length };
}

function round(n: number): number {
  return Number(n.toPrecision(4));
}

export function createBench(write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Bench {
  return {
    report(name, value, unit, baseline) {
      const figure: Figure = {
        name,
        value: round(value),
        unit,
        baseline: baseline === null ? null : round(baseline),
        ratio: baseline ? round(value / baseline) : null,
      };
      write(JSON.stringify(figure));
      return figure;
    },
  };
}
