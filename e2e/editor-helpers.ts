import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { GraphDocument } from '../shared/graph/document';
import { saveScreenshot } from './harness';

/** Page-side helpers of the editor tests: they act the way a person does (drag, click, type). */

export const node = (name: string) => `[data-testid="layer-node"][data-layer-name="${name}"]`;

/** The document the editor holds right now, through the page's read-only `nndEditor` hook. */
export function currentDocument(page: Page): Promise<GraphDocument> {
  return page.evaluate(() => (globalThis as unknown as { nndEditor: { document(): GraphDocument } }).nndEditor.document());
}

/** Waits for the canvas of a project the editor opened, then opens the training view under it. */
export async function openTrainingView(page: Page): Promise<void> {
  await page.locator('.react-flow__pane').waitFor();
  await page.click('[data-testid="toggle-training"]');
  await page.locator('[data-testid="training-panel"]').waitFor();
}

/** Drags a palette item onto the canvas so the new node is centred near (x, y) of the pane. */
export async function dropLayer(page: Page, type: string, x: number, y: number): Promise<void> {
  const before = await page.locator(`[data-testid="layer-node"]`).count();
  await page.locator(`[data-testid="palette-item"][data-layer-type="${type}"]`).dragTo(page.locator('.react-flow__pane'), { targetPosition: { x, y } });
  await expect.poll(() => page.locator(`[data-testid="layer-node"]`).count()).toBe(before + 1);
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Drags a wire from `from`'s output port to `to`'s input port with the mouse. `whileOver`
 * runs with the pointer held over the target port, before the button is released.
 */
export async function wire(page: Page, from: string, to: string, whileOver?: () => Promise<void>): Promise<void> {
  const start = await centre(page, `${node(from)} [data-testid="output-port"]`);
  const end = await centre(page, `${node(to)} [data-testid="input-port"]`);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2 + 20, { steps: 6 });
  await page.mouse.move(end.x, end.y, { steps: 6 });
  if (whileOver) await whileOver();
  await page.mouse.up();
}

/** Selects a node the way a person does: a click on its title. */
export async function selectNode(page: Page, name: string, options: { add?: boolean } = {}): Promise<void> {
  await page.locator(`${node(name)} .layer-node-name`).click(options.add ? { modifiers: ['Control'] } : {});
}

/** Types into an inspector field and commits it with Enter. */
export async function setParam(page: Page, name: string, value: string): Promise<void> {
  const field = page.locator(`[data-testid="param-${name}"]`);
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') {
    await field.selectOption(value);
    return;
  }
  await field.fill(value);
  await field.press('Enter');
}

export async function shapeOf(page: Page, name: string): Promise<string> {
  return (await page.locator(`${node(name)} [data-testid="node-shape"]`).textContent()) ?? '';
}

/** Picks a file in the page's own file dialog (browser mode), in `folder`. */
export async function chooseInFileDialog(page: Page, folder: string, fileName: string): Promise<void> {
  const dialog = page.locator('[data-testid="file-dialog"]');
  await dialog.waitFor();
  await dialog.locator('[data-testid="file-dialog-folder"]').fill(folder);
  await dialog.locator('[data-testid="file-dialog-folder"]').press('Enter');
  await expect.poll(() => dialog.locator('[data-testid="file-dialog-folder"]').inputValue()).toBe(folder);
  await dialog.locator('[data-testid="file-dialog-name"]').fill(fileName);
  await dialog.locator('[data-testid="file-dialog-confirm"]').click();
  await dialog.waitFor({ state: 'detached' });
}

/**
 * Follows a run from the page until it leaves running: the loss chart's point counts seen
 * while it was still running (proof the chart fills live), and a screenshot `shotName` once
 * it holds more than 30 points.
 */
export async function watchRunFill(page: Page, shotName: string, timeoutMs: number, pollMs: number): Promise<{ whileRunning: number[]; shot: boolean }> {
  const whileRunning: number[] = [];
  let shot = false;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [state, points] = await page.evaluate<[string | null, number]>(
      `[document.querySelector('[data-testid="progress"]')?.getAttribute('data-phase') ?? null, Number(document.querySelector('[data-testid="chart-loss"]')?.getAttribute('data-points'))]`,
    );
    if (state !== 'running' && state !== 'starting') break;
    if (state === 'running' && Number(points) > 0) whileRunning.push(Number(points));
    if (!shot && Number(points) > 30) {
      await saveScreenshot(page, shotName);
      shot = true;
    }
    await page.waitForTimeout(pollMs);
  }
  return { whileRunning, shot };
}

/**
 * Runs `action` (a click or a key that saves) and keeps the file the page downloads at `to`;
 * resolves with the name the page suggested. Browser mode saves to the person's computer.
 */
export async function downloadOf(page: Page, action: () => Promise<unknown>, to: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  await download.saveAs(to);
  return download.suggestedFilename();
}

/** Runs `action` (Open…) and gives the page's file chooser `file`, as a person picking it on their computer. */
export async function uploadTo(page: Page, action: () => Promise<unknown>, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), action()]);
  await chooser.setFiles(file);
}

/** Back to the start page (from a project, or already there). */
export async function goHome(page: Page): Promise<void> {
  if (await page.locator('[data-testid="topbar-home"]').count()) await page.click('[data-testid="topbar-home"]');
  await page.locator('[data-testid="start-page"]').waitFor();
}

/** Opens a template from the start page; a project edited before (epochs set for a short run) is left without saving. */
export async function openTemplate(page: Page, file: string): Promise<void> {
  await goHome(page);
  const discard = (dialog: { accept(): Promise<void> }) => void dialog.accept();
  page.once('dialog', discard);
  await page.locator(`[data-testid="template-card"][data-template="${file}"]`).click();
  page.off('dialog', discard);
  await page.locator('[data-testid="layer-node"]').first().waitFor();
}
