import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT, saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { openTemplate } from './editor-helpers';

/**
 * Issue 18, watching a GAN train in the browser: the fixed-noise sample grid fills and moves
 * on epoch by epoch (and scrubs back), and a 2-D GAN's plane draws D's heat map under the
 * real and generated points. Screenshots of both in English and Chinese.
 */

const FIXTURES = path.join(REPO_ROOT, 'e2e', 'fixtures');

/** An editor on a copy of a fixture in a folder of its own (a saved project keeps its runs beside it). */
async function editorOn(fixture: string): Promise<{ editor: EditorSession; stop: () => Promise<void> }> {
  const folder = await temporaryFolder();
  const project = path.join(folder.dir, fixture);
  await copyFile(path.join(FIXTURES, fixture), project);
  const editor = await startEditor({ project });
  await editor.page.locator('[data-testid="layer-node"]').first().waitFor();
  return {
    editor,
    stop: async () => {
      await editor.stop();
      await folder.remove();
    },
  };
}

/** Runs in the page, as text: this project's Node-side TypeScript has no DOM types. */
const HEAT_COLOURS_SCRIPT = `(() => {
  const canvas = document.querySelector('[data-testid="gan-heatmap"]');
  if (!canvas) return 0;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = new Set();
  for (let i = 0; i < data.length; i += 4) colours.add(data[i] + ',' + data[i + 1] + ',' + data[i + 2]);
  return colours.size;
})()`;

/** The first sample picture of the grid as a data URL (what it shows, to compare across epochs). */
const FIRST_SAMPLE_SCRIPT = `document.querySelector('[data-testid="gan-sample-grid"] canvas[data-testid="gan-sample"]')?.toDataURL() ?? null`;

/** Texts of the GAN views cut short, and anything of the page beyond the window's right edge. */
const CUT_SCRIPT = `(() => {
  const cut = [];
  for (const el of Array.from(document.querySelectorAll('.gan-views *, .gan-charts figcaption *'))) {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim() !== '');
    if (!own || el.getBoundingClientRect().width === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') cut.push((el.textContent || '').trim().slice(0, 40));
    if (el.getBoundingClientRect().right > window.innerWidth + 0.5) cut.push('beyond the window: ' + (el.textContent || '').trim().slice(0, 40));
  }
  return { cut, pageScrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth };
})()`;

async function expectNothingCut(page: Page, where: string): Promise<void> {
  const result = await page.evaluate<{ cut: string[]; pageScrollWidth: number; innerWidth: number }>(CUT_SCRIPT);
  expect(result.cut, where).toEqual([]);
  expect(result.pageScrollWidth, where).toBeLessThanOrEqual(result.innerWidth);
}

const phase = (page: Page) => page.locator('[data-testid="progress"]').getAttribute('data-phase');
const gridEpoch = async (page: Page) => Number((await page.locator('[data-testid="gan-sample-grid"]').getAttribute('data-epoch')) ?? -1);

async function train(page: Page, epochs?: number): Promise<void> {
  if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
  await page.locator('[data-testid="training-panel"]').waitFor();
  if (epochs !== undefined) {
    await page.fill('[data-testid="train-field-epochs"]', String(epochs));
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
  }
  await page.click('[data-testid="train-button"]');
}

/** Screenshots of the GAN views in both languages: in e2e/screenshots and, for a look outside the tests, /tmp. */
async function screenshots(page: Page, name: string): Promise<void> {
  // The training view taller, as a person watching the run would make it.
  await page.focus('[data-testid="training-splitter"]');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  for (const language of ['en', 'zh-CN'] as const) {
    await page.selectOption('[data-testid="language"]', language);
    await page.locator('[data-testid="gan-views"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    const short = language === 'en' ? 'en' : 'zh';
    await expectNothingCut(page, `${name} (${language})`);
    await saveScreenshot(page, `gan-views-${name}-${short}`);
    await page.screenshot({ path: `/tmp/gan-views-${name}-${short}.png` });
    await page.locator('[data-testid="gan-charts"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(300);
    await saveScreenshot(page, `gan-views-${name}-charts-${short}`);
    await page.screenshot({ path: `/tmp/gan-views-${name}-charts-${short}.png` });
  }
  await page.selectOption('[data-testid="language"]', 'en');
}

describe('watching a GAN train, in Chromium at 1280×800', () => {
  let editor: EditorSession;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    editor = await startEditor();
    stop = () => editor.stop();
    await openTemplate(editor.page, 'gan-ring.nnd.json');
  });

  afterAll(async () => {
    await stop?.();
  });

  it('draws a 2-D GAN’s plane while it trains: D’s heat map, real and generated points, the manifold; the curves are D’s and G’s', { timeout: 180_000 }, async () => {
    const { page } = editor;
    // The template's own run (GAN Lab's ring, about ten seconds on a quiet machine).
    await train(page);
    await page.locator('[data-testid="gan-plane"]').waitFor({ timeout: 60_000 });
    // The heat map is drawn, and not as one colour: D tells regions of the plane apart.
    await expect.poll(() => page.evaluate<number>(HEAT_COLOURS_SCRIPT), { timeout: 60_000 }).toBeGreaterThan(20);
    expect(await phase(page)).toBe('running');
    expect(await page.locator('[data-testid="gan-real-points"] circle').count()).toBeGreaterThan(100);
    expect(await page.locator('[data-testid="gan-fake-points"] circle').count()).toBeGreaterThan(100);
    expect((await page.locator('[data-testid="gan-manifold"]').getAttribute('d'))?.length).toBeGreaterThan(100);
    // The fixed-noise samples of a 2-D GAN are points; the grid moves on with the epochs.
    const first = await gridEpoch(page);
    await expect.poll(() => gridEpoch(page), { timeout: 60_000 }).toBeGreaterThan(first);
    expect(await page.locator('[data-testid="gan-sample-grid"]').getAttribute('data-layout')).toBe('points');
    expect(await page.locator('[data-testid="gan-sample-grid"] [data-testid="gan-sample"]').count()).toBe(16);
    // A layer turned off leaves the view.
    await page.click('[data-testid="gan-layer-heat"]');
    expect(await page.locator('[data-testid="gan-heatmap"]').count()).toBe(0);
    await page.click('[data-testid="gan-layer-heat"]');
    await page.locator('[data-testid="gan-heatmap"]').waitFor();
    // The curves are the two players' and the divergence; no loss/accuracy chart of a classifier.
    await expect.poll(async () => Number(await page.locator('[data-testid="chart-gan-loss"]').getAttribute('data-points')), { timeout: 30_000 }).toBeGreaterThan(3);
    await page.locator('[data-testid="chart-gan-divergence"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="chart-loss"], [data-testid="chart-metric-accuracy"]').count()).toBe(0);
    await expect.poll(() => phase(page), { timeout: 150_000 }).toBe('completed');
    await screenshots(page, 'ring');
    expect(editor.pageErrors).toEqual([]);
  });
});

describe('watching an image GAN train, in Chromium at 1280×800', () => {
  let editor: EditorSession;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ editor, stop } = await editorOn('small-digit-gan.nnd.json'));
  });

  afterAll(async () => {
    await stop?.();
  });

  it('fills the sample grid with pictures that change epoch by epoch, and scrubs back to an earlier epoch', { timeout: 240_000 }, async () => {
    const { page } = editor;
    await train(page, 4);
    const grid = page.locator('[data-testid="gan-sample-grid"]');
    await grid.waitFor({ timeout: 90_000 });
    await expect.poll(() => grid.locator('canvas[data-testid="gan-sample"]').count(), { timeout: 30_000 }).toBe(16);
    expect(await grid.getAttribute('data-layout')).toBe('images');
    const before = await page.evaluate<string | null>(FIRST_SAMPLE_SCRIPT);
    const epochBefore = await gridEpoch(page);
    await expect.poll(() => gridEpoch(page), { timeout: 120_000 }).toBeGreaterThan(epochBefore);
    expect(await phase(page)).toBe('running');
    // The same noise, a generator trained further: another picture.
    await expect.poll(() => page.evaluate<string | null>(FIRST_SAMPLE_SCRIPT)).not.toBe(before);
    await expect.poll(() => phase(page), { timeout: 180_000 }).toBe('completed');
    expect(await gridEpoch(page)).toBe(4);
    // Back to the initial generator with the scrubber, then follow the latest again.
    const latest = await page.evaluate<string | null>(FIRST_SAMPLE_SCRIPT);
    await page.locator('[data-testid="gan-sample-slider"]').fill('0');
    await expect.poll(() => gridEpoch(page)).toBe(0);
    expect(await grid.getAttribute('data-follow')).toBe('false');
    expect(await page.evaluate<string | null>(FIRST_SAMPLE_SCRIPT)).not.toBe(latest);
    await page.click('[data-testid="gan-sample-follow"]');
    await expect.poll(() => gridEpoch(page)).toBe(4);
    // 64 samples in the fixed batch: an 8 × 8 grid on request.
    await page.selectOption('[data-testid="gan-sample-count"]', '64');
    expect(await grid.locator('canvas[data-testid="gan-sample"]').count()).toBe(64);
    await page.selectOption('[data-testid="gan-sample-count"]', '16');
    // One sample followed over the epochs: the first, or the one clicked in the grid.
    const history = page.locator('[data-testid="gan-sample-history"]');
    expect(await history.getAttribute('data-count')).toBe('5');
    await grid.locator('canvas[data-testid="gan-sample"]').nth(2).click();
    await expect.poll(() => history.getAttribute('data-sample')).toBe('3');
    await screenshots(page, 'digits');
    expect(editor.pageErrors).toEqual([]);
  });

  it('shows the DCGAN template’s samples from its fixed noise before its first step, as 28 × 28 pictures', { timeout: 180_000 }, async () => {
    const { page } = editor;
    await openTemplate(page, 'dcgan-mnist.nnd.json');
    if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
    // A GAN document shows the GAN curves before it trains, not a classifier's loss and accuracy.
    await page.locator('[data-testid="chart-gan-loss"]').waitFor();
    expect(await page.locator('[data-testid="chart-loss"]').count()).toBe(0);
    await page.click('[data-testid="train-button"]');
    const grid = page.locator('[data-testid="gan-sample-grid"]');
    // The last run's grid stays until this run reports: its epoch 0.
    await expect.poll(() => page.locator('.gan-charts').getAttribute('data-previous-run'), { timeout: 120_000 }).toBe('false');
    await expect.poll(() => gridEpoch(page), { timeout: 120_000 }).toBe(0);
    await expect.poll(() => grid.locator('canvas[data-testid="gan-sample"]').count()).toBe(16);
    expect(await grid.locator('canvas[data-testid="gan-sample"]').first().evaluate((c) => [(c as unknown as { width: number }).width, (c as unknown as { height: number }).height])).toEqual([28, 28]);
    await page.click('[data-testid="stop-button"]');
    await expect.poll(() => phase(page), { timeout: 60_000 }).toBe('stopped');
    expect(editor.pageErrors).toEqual([]);
  });
});
