import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../shared/graph/document';
import { ganDocument } from '../shared/graph/gan-document.fixture';
import { openTrainingView } from './editor-helpers';
import { EXAMPLES_DIR, saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';

/**
 * Stepping a paused run in Chromium (browser mode): Step trains exactly one batch and the run
 * stays paused; a GAN offers one D step, one G step and one of each (issue 18, GAN Lab's
 * step buttons), and F10 steps too.
 */

/** Screenshots go where the project keeps them and, for the report, to /tmp. */
async function shot(page: Page, name: string): Promise<void> {
  const file = await saveScreenshot(page, name);
  await copyFile(file, path.join('/tmp', `${name}.png`)).catch(() => {});
}

const progress = (page: Page) => page.locator('[data-testid="progress"]');
const phaseOf = (page: Page) => progress(page).getAttribute('data-phase');
/** Batches the run has reported, over all its epochs. */
const stepsOf = async (page: Page) => Number(await progress(page).getAttribute('data-step'));

/** Train, let a few batches arrive, pause; the steps done when it halted. */
async function trainAndPause(page: Page): Promise<number> {
  await page.click('[data-testid="train-button"]');
  await expect.poll(() => stepsOf(page), { timeout: 60_000 }).toBeGreaterThan(3);
  await page.click('[data-testid="pause-button"]');
  await expect.poll(() => phaseOf(page), { timeout: 5_000 }).toBe('paused');
  return stepsOf(page);
}

/** Presses (or types) a step and expects exactly one batch more, still paused. */
async function expectOneStep(page: Page, press: () => Promise<void>): Promise<void> {
  const before = await stepsOf(page);
  await press();
  await expect.poll(() => stepsOf(page), { timeout: 10_000 }).toBe(before + 1);
  // Nothing more arrives: the run halted again.
  await page.waitForTimeout(600);
  expect(await stepsOf(page)).toBe(before + 1);
  expect(await phaseOf(page)).toBe('paused');
}

describe('stepping a paused run in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    await copyFile(path.join(EXAMPLES_DIR, 'mlp-xor.nnd.json'), path.join(folder.dir, 'xor.nnd.json'));
    await copyFile(path.join(EXAMPLES_DIR, 'xor.csv'), path.join(folder.dir, 'xor.csv'));
    editor = await startEditor({ project: path.join(folder.dir, 'xor.nnd.json') });
    await openTrainingView(editor.page);
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('Step trains one batch and the run stays paused; Resume carries on', async () => {
    const { page } = editor;
    await page.fill('[data-testid="train-field-epochs"]', '5000');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    expect(await page.locator('[data-testid="step-button"]').count()).toBe(0);
    await trainAndPause(page);
    const step = page.locator('[data-testid="step-button"]');
    await expect.poll(() => step.textContent()).toBe('Step');
    expect(await step.getAttribute('title')).toBe('Train one batch, then pause again (F10)');
    expect(await page.locator('[data-testid="step-discriminator-button"]').count()).toBe(0);
    await expectOneStep(page, () => step.click());
    await expectOneStep(page, () => page.keyboard.press('F10'));
    await page.click('[data-testid="resume-button"]');
    await expect.poll(() => phaseOf(page), { timeout: 5_000 }).toBe('running');
    expect(await step.count()).toBe(0);
    await page.click('[data-testid="stop-button"]');
    await expect.poll(() => phaseOf(page), { timeout: 10_000 }).toBe('stopped');
    expect(editor.pageErrors).toEqual([]);
  });
});

describe('stepping a paused GAN in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    const file = path.join(folder.dir, 'ring-gan.nnd.json');
    const doc = ganDocument({ training: { epochs: 5000 } });
    // The generator on one row, the discriminator on the next, so the canvas reads behind the toolbar.
    const nodes = doc.nodes.map((n, i) => ({ ...n, position: { x: (i % 3) * 280, y: Math.floor(i / 3) * 300 } }));
    await writeFile(file, serializeDocument({ ...doc, nodes }));
    editor = await startEditor({ project: file });
    await openTrainingView(editor.page);
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('offers D step, G step and D + G step, each one batch, in English and Chinese', async () => {
    const { page } = editor;
    await trainAndPause(page);
    const buttons = page.locator('.step-buttons button');
    await expect.poll(() => buttons.allTextContents()).toEqual(['D step', 'G step', 'D + G step']);
    await shot(page, 'gan-step-en');
    await expectOneStep(page, () => page.click('[data-testid="step-discriminator-button"]'));
    await expectOneStep(page, () => page.click('[data-testid="step-generator-button"]'));
    await expectOneStep(page, () => page.click('[data-testid="step-button"]'));
    await expectOneStep(page, () => page.keyboard.press('F10'));

    await page.locator('[data-testid="language"]').selectOption('zh-CN');
    await expect.poll(() => buttons.allTextContents()).toEqual(['D 单步', 'G 单步', 'D + G 单步']);
    // The toolbar holds its buttons uncut at 1280 px in both languages.
    const cut = await page.evaluate<number>(
      `Array.from(document.querySelectorAll('.training-header button')).filter((b) => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > window.innerWidth).length`,
    );
    expect(cut).toBe(0);
    await shot(page, 'gan-step-zh');
    await page.click('[data-testid="stop-button"]');
    await expect.poll(() => phaseOf(page), { timeout: 10_000 }).toBe('stopped');
    expect(editor.pageErrors).toEqual([]);
  });
});
