import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startEditor, saveScreenshot, type EditorSession } from './harness';
import { currentDocument, goHome, openTemplate, selectNode, setParam } from './editor-helpers';

/**
 * Issue 21, training in plain sight: Train in the top bar of an open template, the
 * training view under the canvas, LeNet-5 answering a drawn digit, and nothing of the
 * editor or the training view past the window's right edge at 1280×800 in English and
 * Chinese.
 */

/**
 * Texts that end beyond the window's right edge, and the page's sideways scroll. A wide
 * table in a panel counts too (it should truncate or wrap, not hide behind a scrollbar);
 * text scrolled out of a panel vertically is not on screen; the canvas's own content pans,
 * so its nodes are the canvas tests' job.
 */
// Runs in the page, as text: this project's Node-side TypeScript has no DOM types.
const WIDTH_OVERFLOW_SCRIPT = `(() => {
  const beyond = [];
  const scrolls = (el) => /auto|scroll/.test(getComputedStyle(el).overflowX) || /auto|scroll/.test(getComputedStyle(el).overflowY);
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    if (el.closest('.react-flow__viewport, .react-flow__minimap, option')) continue;
    const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent || '').trim() !== '');
    if (!ownText) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    // Scrolled out of a panel's view above or below (a tall inspector): not on screen now.
    let hidden = false;
    for (let a = el.parentElement; a; a = a.parentElement)
      if (scrolls(a)) {
        const clip = a.getBoundingClientRect();
        if (box.bottom <= clip.top || box.top >= clip.bottom) hidden = true;
      }
    if (!hidden && box.right > window.innerWidth + 0.5)
      beyond.push(el.tagName.toLowerCase() + '.' + String(el.className || '').split(' ')[0] + ' "' + (el.textContent || '').trim().slice(0, 40) + '" ends at ' + Math.round(box.right));
  }
  return { pageScrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth, beyond };
})()`;

function widthOverflow(page: Page): Promise<{ pageScrollWidth: number; innerWidth: number; beyond: string[] }> {
  return page.evaluate<{ pageScrollWidth: number; innerWidth: number; beyond: string[] }>(WIDTH_OVERFLOW_SCRIPT);
}

async function expectWithinWidth(page: Page, where: string): Promise<void> {
  const result = await widthOverflow(page);
  expect(result.beyond, where).toEqual([]);
  expect(result.pageScrollWidth, where).toBeLessThanOrEqual(result.innerWidth);
}

describe('Train in plain sight, in Chromium at 1280×800', () => {
  let editor: EditorSession;

  beforeAll(async () => {
    editor = await startEditor();
    await editor.page.locator('[data-testid="template-card"]').first().waitFor();
  });

  afterAll(async () => {
    await editor?.stop();
  });

  it('fits the start page and the Transformer and char-decoder templates in the window, in English and Chinese', { timeout: 120_000 }, async () => {
    const { page } = editor;
    for (const language of ['en', 'zh-CN']) {
      await page.selectOption('[data-testid="language"]', language);
      await goHome(page);
      await expectWithinWidth(page, `start page (${language})`);
      for (const file of ['transformer-spam.nnd.json', 'char-decoder.nnd.json']) {
        await openTemplate(page, file);
        await expectWithinWidth(page, `${file} (${language})`);
        if (file === 'transformer-spam.nnd.json') await saveScreenshot(page, `editor-train-button-${language === 'en' ? 'en' : 'zh'}`);
        // The inspector's longest fields, with a layer selected.
        await selectNode(page, (await page.locator('[data-testid="layer-node"]').last().getAttribute('data-layer-name'))!);
        await expectWithinWidth(page, `${file} with the inspector (${language})`);
        await page.locator('[data-testid="project-name"]').focus();
        await page.keyboard.press('Tab');
        expect(await page.evaluate<number>(`document.scrollingElement.scrollLeft + document.querySelector('.app').scrollLeft`)).toBe(0);
      }
    }
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('shows the stride a pooling layer uses, refuses a bad value without the field and the model disagreeing, and calls a model too large for memory a problem', async () => {
    const { page } = editor;
    await openTemplate(page, 'lenet5-mnist.nnd.json');
    const selectRow = (id: string) => page.click(`[data-testid="summary-row"][data-node-id="${id}"]`);
    // MaxPooling without strides steps by its pool size, and says so.
    await selectRow('max_pooling2d_1');
    expect(await page.locator('[data-testid="param-strides-0"]').getAttribute('placeholder')).toBe('2');
    expect(await page.locator('[data-testid="param-strides-0"]').inputValue()).toBe('');
    await expect(page.locator('[data-testid="param-strides-default"]').textContent()).resolves.toMatch(/poolSize.*2, 2/);
    await expect(page.locator(`[data-testid="layer-node"][data-layer-name="max_pooling2d_1"]`).textContent()).resolves.toMatch(/strides\s*\[2, 2\]/);

    await selectRow('dense_1');
    const units = page.locator('[data-testid="param-units"]');
    const unitsInDocument = async () => (await currentDocument(page)).nodes.find((n) => n.id === 'dense_1')!.params.units;
    for (const bad of ['-5', 'abc']) {
      await units.fill(bad);
      await expect(page.locator('[data-testid="field-error"]').count()).resolves.toBe(1);
      await units.press('Tab');
      // Refused: the field shows what the model has, and the error says what was not applied.
      expect(await units.inputValue()).toBe('120');
      await expect(page.locator('[data-testid="field-error"]').textContent()).resolves.toContain(`“${bad}” was not applied; the model keeps 120`);
      expect(await unitsInDocument()).toBe(120);
    }
    // A billion units fit no machine's memory: a problem before training, with the figure, and Train says so.
    await units.fill('1000000000');
    await units.press('Enter');
    expect(await unitsInDocument()).toBe(1_000_000_000);
    // The problem names the layer with the most parameters, so the inspector of that layer says it, and Train's hint too.
    await expect(page.locator('[data-testid="inspector-problems"]').textContent()).resolves.toMatch(/parameters need about [\d.]+ [GT]B to train/);
    await expect(page.locator('[data-testid="train-blocked"]').getAttribute('title')).resolves.toMatch(/parameters need about [\d.]+ [GT]B to train/);
    expect(await page.locator('[data-testid="topbar-train"]').isDisabled()).toBe(true);
    await expect(page.locator('[data-testid="train-blocked"]').textContent()).resolves.toMatch(/\d+ problems?/);
    await saveScreenshot(page, 'editor-too-large');
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+z');
    expect(await unitsInDocument()).toBe(120);
    expect(editor.pageErrors).toEqual([]);
  });

  it('says on the output node a loss that cannot fit it, keeps Train disabled with it in the hint, and in Chinese too', async () => {
    const { page } = editor;
    await openTemplate(page, 'mlp-spirals.nnd.json');
    await page.click('[data-testid="summary-row"][data-node-id="dense_4"]');
    const train = page.locator('[data-testid="topbar-train"]');
    expect(await train.isEnabled()).toBe(true);
    // Crossentropy on a linear output: no probabilities to take the log of.
    await setParam(page, 'activation', 'linear');
    const output = page.locator('[data-testid="layer-node"][data-layer-name="dense_4"]');
    await expect.poll(() => output.locator('[data-testid="node-problem"]').count()).toBe(1);
    const said = /dense_4 ends with activation "linear", so its values are not probabilities, but categoricalCrossentropy needs probabilities/;
    await expect(page.locator('[data-testid="inspector-problems"]').textContent()).resolves.toMatch(said);
    expect(await train.isDisabled()).toBe(true);
    await expect(page.locator('[data-testid="train-blocked"]').getAttribute('title')).resolves.toMatch(said);
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect.poll(() => page.locator('[data-testid="inspector-problems"]').textContent()).toMatch(/dense_4 以激活函数 "linear" 结尾，其值不是概率/);
    await page.selectOption('[data-testid="language"]', 'en');
    await setParam(page, 'activation', 'softmax');
    await expect.poll(() => train.isEnabled()).toBe(true);
    expect(await output.locator('[data-testid="node-problem"]').count()).toBe(0);
    expect(editor.pageErrors).toEqual([]);
  });

  it('shows Train in the top bar of an open template; it starts a run whose progress shows under the canvas', async () => {
    const { page } = editor;
    await openTemplate(page, 'lenet5-mnist.nnd.json');
    const train = page.locator('[data-testid="topbar-train"]');
    await expect(train.textContent()).resolves.toContain('Train');
    expect(await train.isEnabled()).toBe(true);
    await saveScreenshot(page, 'editor-train-button');
    // A short run: open the view first to set one epoch.
    await page.click('[data-testid="toggle-training"]');
    await page.fill('[data-testid="train-field-epochs"]', '1');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await train.click();
    const progress = page.locator('[data-testid="progress"]');
    await progress.waitFor();
    // The canvas stays on screen beside the training view.
    expect(await page.locator('.react-flow__pane').isVisible()).toBe(true);
    await expect.poll(() => page.locator('[data-testid="run-status"]').getAttribute('data-phase'), { timeout: 60_000 }).toMatch(/running|completed/);
    await expect.poll(() => progress.getAttribute('data-phase'), { timeout: 240_000 }).toBe('completed');
    expect(await page.locator('[data-testid="topbar-train"]').isVisible()).toBe(true);
  }, 300_000);

  it('classifies a digit drawn on the trained LeNet-5’s pad, with a probability per class', async () => {
    const { page } = editor;
    const pad = page.locator('[data-testid="draw-pad"]');
    await pad.waitFor();
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const at = (row: number, column: number) => ({ x: box.x + (column / 28) * box.width, y: box.y + (row / 28) * box.height });
    // A "1": one vertical stroke down the middle.
    const from = at(5, 14);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let row = 6; row <= 23; row++) await page.mouse.move(at(row, 14).x, at(row, 14).y);
    await page.mouse.up();
    const result = page.locator('[data-testid="try-it-result"]');
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/^\d \(\d+(\.\d)?\s?%\)$/);
    expect(await page.locator('[data-testid="try-it-probabilities"] .prob-bar').count()).toBe(10);
    expect(await page.locator('[data-testid="try-it"] .field-error').count()).toBe(0);
    await expectWithinWidth(page, 'training view (en)');
    await saveScreenshot(page, 'editor-training-view-en');
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="topbar-train"]').textContent()).resolves.toContain('训练');
    await expectWithinWidth(page, 'training view (zh)');
    await saveScreenshot(page, 'editor-training-view-zh');
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  });

  it('classifies a typed text with the trained Transformer spam filter', async () => {
    const { page } = editor;
    await openTemplate(page, 'transformer-spam.nnd.json');
    if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
    await page.fill('[data-testid="train-field-epochs"]', '1');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await page.click('[data-testid="topbar-train"]');
    await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 120_000 }).toBe('completed');
    const text = page.locator('[data-testid="try-it-text"]');
    await text.scrollIntoViewIfNeeded();
    await text.fill('WIN a FREE prize now');
    await page.click('[data-testid="try-it-run"]');
    await expect.poll(() => page.locator('[data-testid="try-it-result"]').textContent(), { timeout: 20_000 }).toMatch(/^(spam|ham) \(\d+(\.\d)?\s?%\)$/);
    expect(editor.pageErrors).toEqual([]);
  }, 180_000);

  it('says on the canvas which version a run trains once the graph is edited, and keeps Train disabled while the graph has problems', async () => {
    const { page } = editor;
    await page.fill('[data-testid="train-field-epochs"]', '20');
    await page.press('[data-testid="train-field-epochs"]', 'Enter');
    await page.click('[data-testid="topbar-train"]');
    await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 60_000 }).toBe('running');
    // Delete the layers while the run trains: the run goes on with the graph it started with.
    await page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    const banner = page.locator('[data-testid="run-version"]');
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/Training the version of \d{1,2}:\d{2}/);
    expect(await page.locator('[data-testid="layer-node"]').count()).toBe(0);
    await saveScreenshot(page, 'editor-training-edited');
    await page.click('[data-testid="topbar-stop"]');
    await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 30_000 }).toBe('stopped');
    const train = page.locator('[data-testid="topbar-train"]');
    expect(await train.isDisabled()).toBe(true);
    await expect(page.locator('[data-testid="train-blocked"]').textContent()).resolves.toMatch(/\d+ problems?/);
    await expect(train.getAttribute('title')).resolves.toMatch(/has no output/);
    // Undo brings the layers back: Train is enabled, and the banner goes once the graph is the run's again.
    await page.keyboard.press('Control+z');
    await expect.poll(() => train.isEnabled()).toBe(true);
    await expect.poll(() => banner.count()).toBe(0);
    expect(editor.pageErrors).toEqual([]);
  });
});
