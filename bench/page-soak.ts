/**
 * The editor page over many runs (issue #22): the spirals template trained `--runs` times in a
 * row from the page in Chromium, charts drawing each time; the page's JavaScript heap (after a
 * forced garbage collection, read through the DevTools protocol) after the first few runs and
 * after the last. It must stay bounded: the page keeps every run's curves in the run list,
 * which grows by a few KB a run, but nothing else may pile up.
 * Run: npm run bench:page-soak [-- --runs 20]
 */
import { parseArgs } from 'node:util';
import { startEditor } from '../e2e/harness';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, epochs: { type: 'string', default: '30' } } });
const runs = Number(values.runs);

const editor = await startEditor();
try {
  const { page } = editor;
  page.on('dialog', (dialog) => void dialog.accept());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const heapMb = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 2 ** 20;
  };

  const phaseBecomes = async (phase: string, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while ((await page.locator('[data-testid="progress"]').first().getAttribute('data-phase')) !== phase) {
      if (Date.now() > until) throw new Error(`the run did not reach "${phase}" within ${timeoutMs} ms`);
      await page.waitForTimeout(100);
    }
  };

  await page.locator('[data-template="mlp-spirals.nnd.json"]').click();
  await page.locator('.react-flow__pane').waitFor();
  await page.click('[data-testid="toggle-training"]');
  await page.locator('[data-testid="training-panel"]').waitFor();
  await page.fill('[data-testid="train-field-epochs"]', values.epochs);
  await page.press('[data-testid="train-field-epochs"]', 'Enter');

  const heap: number[] = [];
  const started = performance.now();
  for (let run = 1; run <= runs; run++) {
    await page.click('[data-testid="train-button"]');
    // The previous run's phase reads `completed` until this one has started.
    await phaseBecomes('running', 60_000).catch(() => {});
    await phaseBecomes('completed', 120_000);
    heap.push(await heapMb());
    process.stderr.write(`run ${run}: heap ${heap.at(-1)!.toFixed(1)} MB\n`);
  }
  const early = heap[Math.min(2, heap.length - 1)]!;
  const late = heap.at(-1)!;
  const perRunKb = ((late - early) * 1024) / Math.max(1, heap.length - 3);
  console.log(
    `page-soak: ${runs} runs of spirals (${values.epochs} epochs) from the page; JS heap ${early.toFixed(1)} MB after run 3, ${late.toFixed(1)} MB after run ${runs} ` +
      `(${perRunKb.toFixed(0)} KB a run) in ${((performance.now() - started) / 60_000).toFixed(1)} min`,
  );
  // The run list keeps each run's curves (epochs × a few numbers): a few KB. A leak of charts or models is MBs a run.
  process.exitCode = perRunKb > 1024 ? 1 : 0;
} finally {
  await editor.stop();
}
