import cliProgress from "cli-progress";

/** Where an import stands, for the person watching it. */
export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface ProgressView {
  update(progress: ImportProgress): void;
  stop(progress: ImportProgress): void;
}

const rate = (rows: number, startedAt: number) =>
  Math.round(rows / Math.max((Date.now() - startedAt) / 1000, 0.001));

/**
 * A bar with rows/s and ETA on a terminal; on a pipe or a log file, one plain line every two
 * seconds (a bar's carriage returns would fill a log with noise).
 */
export const progressView = (stream: NodeJS.WriteStream, quiet: boolean): ProgressView => {
  const startedAt = Date.now();
  if (quiet) return { update: () => undefined, stop: () => undefined };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          "importing [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}",
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = { rows: p.rows, rate: rate(p.rows, startedAt) };
        if (!started) bar.start(p.totalBytes, p.bytes, payload);
        started = true;
        bar.update(p.bytes, payload);
      },
      stop(p) {
        if (started) {
          bar.update(p.totalBytes, { rows: p.rows, rate: rate(p.rows, startedAt) });
          bar.stop();
        }
      },
    };
  }
  let lastAt = Date.now();
  return {
    update(p) {
      if (Date.now() - lastAt < 2000) return;
      lastAt = Date.now();
      const percent = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
      stream.write(`imported ${p.rows} rows (${percent}%, ${rate(p.rows, startedAt)} rows/s)\n`);
    },
    stop: () => undefined,
  };
};
