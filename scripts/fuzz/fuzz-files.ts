/**
 * Runs the file fuzzer's cases in a child process, one after another, and turns a case that
 * outlives its limit into a hang (the child is killed and a new one goes on from the next
 * case).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FileOutcome } from './file-fuzz-child';

const CHILD = fileURLToPath(new URL('./file-fuzz-child.ts', import.meta.url));

export interface FileFuzzStats {
  files: number;
  read: number;
  refused: number;
  crashes: FileOutcome[];
  hangs: { index: number; format: string; mutation: string }[];
  /** Cases slower than the limit that still finished. */
  slow: FileOutcome[];
  /** Cases that grew the process by more than the memory bound. */
  bloated: FileOutcome[];
  slowestMs: number;
  largestRssGrowthMb: number;
}

export interface FileFuzzOptions {
  count: number;
  seed: number;
  /** A case must end (result or located error) within this. */
  limitMs?: number;
  /** A case may grow the process's resident memory by at most this. */
  memoryBoundMb?: number;
  onProgress?: (done: number) => void;
}

function startChild(seed: number, start: number, count: number): ChildProcess {
  return fork(CHILD, [String(seed), String(start), String(count)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

export async function fuzzFiles(options: FileFuzzOptions): Promise<FileFuzzStats> {
  const limitMs = options.limitMs ?? 2000;
  const memoryBoundMb = options.memoryBoundMb ?? 256;
  const stats: FileFuzzStats = { files: 0, read: 0, refused: 0, crashes: [], hangs: [], slow: [], bloated: [], slowestMs: 0, largestRssGrowthMb: 0 };
  let next = 0;
  while (next < options.count) {
    next = await new Promise<number>((resolve) => {
      const child = startChild(options.seed, next, options.count);
      let current = next;
      let watchdog: NodeJS.Timeout | undefined;
      // The first case of a child also pays for starting it (tsx, tfjs): give it longer.
      const arm = (ms: number) => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => {
          stats.hangs.push({ index: current, format: '?', mutation: `no answer within ${ms} ms` });
          stats.files++;
          options.onProgress?.(stats.files);
          child.kill('SIGKILL');
        }, ms);
      };
      let first = true;
      child.on('message', (message: { type: string; index?: number; outcome?: FileOutcome }) => {
        if (message.type === 'start') {
          current = message.index!;
          arm(first ? limitMs + 20_000 : limitMs * 5);
          first = false;
        } else if (message.type === 'done') {
          const outcome = message.outcome!;
          stats.files++;
          stats.slowestMs = Math.max(stats.slowestMs, outcome.ms);
          stats.largestRssGrowthMb = Math.max(stats.largestRssGrowthMb, outcome.rssGrowthMb);
          if (outcome.result === 'read') stats.read++;
          else if (outcome.result === 'refused') stats.refused++;
          else stats.crashes.push(outcome);
          // A child's first case also loads the readers; only later ones are held to the limit.
          if (outcome.ms > limitMs && outcome.index !== next) stats.slow.push(outcome);
          if (outcome.rssGrowthMb > memoryBoundMb) stats.bloated.push(outcome);
          options.onProgress?.(stats.files);
        }
      });
      child.on('exit', () => {
        clearTimeout(watchdog);
        resolve(stats.files >= options.count ? options.count : current + 1);
      });
    });
  }
  return stats;
}
