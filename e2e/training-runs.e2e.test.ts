import { execFileSync } from 'node:child_process';
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, startEditor, saveScreenshot, temporaryFolder, type EditorSession } from './harness';
import { currentDocument, openTrainingView } from './editor-helpers';

/**
 * Issue 4 beyond one run: pause and resume, draw on the trained CNN's pad, keep two runs
 * of a saved project and overlay them, put a run's weights back into the project, and
 * survive a training process that dies mid-run.
 */

/** Process ids of `root`'s descendants whose command line matches `pattern` (Linux `ps`). */
function descendants(root: number, pattern: RegExp): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
  const family = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const row of rows)
      if (family.has(row.ppid) && !family.has(row.pid)) {
        family.add(row.pid);
        grew = true;
      }
  }
  return rows.filter((r) => r.pid !== root && family.has(r.pid) && pattern.test(r.args)).map((r) => r.pid);
}

describe('runs of a saved project in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };
  const phase = () => editor.page.locator('[data-testid="progress"]').getAttribute('data-phase');
  // The earlier run's curves stay until the next run's first point: they are not this run's points.
  const lossPoints = async () =>
    (await editor.page.locator('.charts').getAttribute('data-previous-run')) === 'true' ? 0 : Number(await editor.page.locator('[data-testid="chart-loss"]').getAttribute('data-points'));
  const setField = async (name: string, value: string) => {
    await editor.page.fill(`[data-testid="train-field-${name}"]`, value);
    await editor.page.press(`[data-testid="train-field-${name}"]`, 'Enter');
  };

  beforeAll(async () => {
    folder = await temporaryFolder();
    // The residual CNN on 8×8 bars, saved in a folder of its own so its runs are kept beside it.
    await copyFile(path.join(EXAMPLES_DIR, 'residual-cnn.nnd.json'), path.join(folder.dir, 'bars.nnd.json'));
    await copyFile(path.join(EXAMPLES_DIR, 'bars.csv'), path.join(folder.dir, 'bars.csv'));
    editor = await startEditor({ project: path.join(folder.dir, 'bars.nnd.json') });
    await openTrainingView(editor.page);
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('pauses a run (no new points while paused) and resumes it to the end', async () => {
    const { page } = editor;
    // 8×8 bars train at ~30 epochs a second on a quiet machine: 300 epochs keep the run
    // going well past the pause click, even as the engine gets faster.
    await setField('epochs', '300');
    await page.click('[data-testid="train-button"]');
    await expect.poll(lossPoints, { timeout: 60_000 }).toBeGreaterThan(5);
    await page.click('[data-testid="pause-button"]');
    await expect.poll(phase, { timeout: 5_000 }).toBe('paused');
    // The chart redraws once a second: let it show every point received before the pause.
    await page.waitForTimeout(1_200);
    const whilePaused = await lossPoints();
    await page.waitForTimeout(1_500);
    expect(await lossPoints()).toBe(whilePaused);
    expect(Number(await page.locator('[data-testid="progress"]').getAttribute('data-epoch'))).toBeLessThan(300);
    await page.click('[data-testid="resume-button"]');
    await expect.poll(phase, { timeout: 5_000 }).toBe('running');
    await expect.poll(phase, { timeout: 120_000 }).toBe('completed');
    expect(await lossPoints()).toBeGreaterThan(whilePaused);
    expect(editor.pageErrors).toEqual([]);
  });

  it('a page reloaded mid-run opens the panel on the run, with its points so far, and follows it to the end', async () => {
    const { page } = editor;
    // Long enough that the run is still going when the reloaded page asks for it.
    await setField('epochs', '200');
    await page.click('[data-testid="train-button"]');
    await expect.poll(lossPoints, { timeout: 60_000 }).toBeGreaterThan(5);
    const before = await lossPoints();
    await page.reload();
    await page.locator('[data-testid="training-panel"]').waitFor({ timeout: 30_000 });
    await expect.poll(phase, { timeout: 10_000 }).toMatch(/running|completed/);
    // The curve starts where it was, not empty.
    await expect.poll(lossPoints, { timeout: 10_000 }).toBeGreaterThanOrEqual(before);
    await expect.poll(phase, { timeout: 120_000 }).toBe('completed');
    expect(Number(await page.locator('[data-testid="progress"]').getAttribute('data-epoch'))).toBe(200);
    expect(editor.pageErrors).toEqual([]);
  });

  it('reads a drawn stroke: the trained CNN calls a horizontal bar horizontal and a vertical one vertical', async () => {
    const { page } = editor;
    const pad = page.locator('[data-testid="draw-pad"]');
    await pad.waitFor();
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const cell = box.width / 8;
    const drawLine = async (from: [number, number], to: [number, number]) => {
      await page.mouse.move(box.x + from[1] * cell, box.y + from[0] * cell);
      await page.mouse.down();
      for (let s = 1; s <= 10; s++)
        await page.mouse.move(box.x + (from[1] + ((to[1] - from[1]) * s) / 10) * cell, box.y + (from[0] + ((to[0] - from[0]) * s) / 10) * cell);
      await page.mouse.up();
    };
    const result = page.locator('[data-testid="try-it-result"]');
    await drawLine([3.5, 0.8], [3.5, 7.2]);
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^horizontal/);
    await saveScreenshot(page, 'training-draw-pad');
    await page.click('[data-testid="draw-clear"]');
    await drawLine([0.8, 5.5], [7.2, 5.5]);
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/^vertical/);
    expect(editor.pageErrors).toEqual([]);
  });

  it('keeps both runs beside the project, overlays their curves and restores the first run’s weights', async () => {
    const { page } = editor;
    await setField('epochs', '3');
    await setField('learningRate', '0.001');
    await page.click('[data-testid="train-button"]');
    await expect.poll(phase, { timeout: 60_000 }).toBe('completed');

    const rows = page.locator('[data-testid="run-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    // Newest first: this 3-epoch run, the 200-epoch run of the reload, the 300-epoch run paused on the way.
    const epochsOf = async (i: number) => Number(await rows.nth(i).locator('td.num').first().textContent());
    expect([await epochsOf(0), await epochsOf(1), await epochsOf(2)]).toEqual([3, 200, 300]);
    // The Result column: a classifier's accuracy, named in its tooltip.
    await expect(rows.nth(0).locator('[data-testid="run-result"]').textContent()).resolves.toMatch(/^\d+(\.\d)?%$/);
    await expect(rows.nth(0).locator('[data-testid="run-result"]').getAttribute('title')).resolves.toBe('Accuracy');
    const runDirs = (await readdir(path.join(folder.dir, 'bars.runs'))).filter((f) => !f.startsWith('.'));
    expect(runDirs.length).toBeGreaterThanOrEqual(3);

    await rows.nth(0).locator('input[type="checkbox"]').check();
    await rows.nth(2).locator('input[type="checkbox"]').check();
    const overlay = page.locator('[data-testid="chart-compare"]');
    await expect.poll(() => overlay.getAttribute('data-runs')).toBe('2');
    // Two runs × (training + validation loss).
    await expect.poll(() => overlay.locator('.recharts-line').count()).toBe(4);
    await saveScreenshot(page, 'training-runs-overlay');

    const firstRunId = (await rows.nth(2).getAttribute('data-run-id'))!;
    await rows.nth(2).locator('[data-testid="restore-weights"]').click();
    await expect.poll(async () => (await currentDocument(page)).weights?.path ?? '', { timeout: 10_000 }).toContain(firstRunId);
    expect(editor.pageErrors).toEqual([]);
  });

  it('survives a training process that dies mid-run: a clear message, the points so far, the project as it was', async () => {
    const { page } = editor;
    await setField('epochs', '3000');
    const before = await currentDocument(page);
    await page.click('[data-testid="train-button"]');
    await expect.poll(lossPoints, { timeout: 60_000 }).toBeGreaterThan(3);
    const workers = descendants(editor.pid, /worker[\\/]main/);
    expect(workers).toHaveLength(1);
    process.kill(workers[0]!, 'SIGKILL');
    await expect.poll(phase, { timeout: 10_000 }).toBe('failed');
    const message = (await page.locator('[data-testid="training-error"]').textContent()) ?? '';
    expect(message).toMatch(/the training process was killed \(SIGKILL\).*your project is unchanged; try training again/);
    expect(await lossPoints()).toBeGreaterThan(3);
    const after = await currentDocument(page);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.edges).toEqual(before.edges);
    // The app lives on: the next run starts and ends normally.
    await setField('epochs', '1');
    await page.click('[data-testid="train-button"]');
    await expect.poll(phase, { timeout: 60_000 }).toBe('completed');
    expect(editor.pageErrors).toEqual([]);
  });
});
