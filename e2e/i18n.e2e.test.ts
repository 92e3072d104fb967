import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveScreenshot, startEditor, type EditorSession } from './harness';
import { dropLayer, setParam } from './editor-helpers';

/**
 * Issue 11 in Chromium: the editor follows the system language, switches to 中文 without a
 * reload, explains layers with typeset formulas, and every text fits at 1280×800.
 */

interface Misfit {
  text: string;
  why: string;
}

/**
 * Text that does not fit inside `roots`: an element whose own text is cut by overflow
 * hidden/clip or an ellipsis, or that reaches past the window's right edge. KaTeX's inner
 * boxes clip on purpose (the tails of a square root), so they are left out; a formula that
 * is too wide shows as its container scrolling, which `formulasThatScroll` reports.
 * Runs in the page; a string because this file is type-checked without the DOM library.
 */
const MISFITS_IN_PAGE = `(selectors) => {
  const out = [];
  const width = window.innerWidth;
  for (const root of selectors.flatMap((s) => [...document.querySelectorAll(s)])) {
    for (const el of [root, ...root.querySelectorAll('*')]) {
      if (el.closest('.katex') || el.closest('svg')) continue;
      const ownText = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!ownText) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) out.push({ text: ownText.slice(0, 60), why: 'clipped: ' + el.scrollWidth + ' > ' + el.clientWidth });
      if (rect.right > width + 1) out.push({ text: ownText.slice(0, 60), why: 'past the right edge: ' + Math.round(rect.right) + ' > ' + width });
    }
  }
  return out;
}`;

function misfits(page: Page, roots: string[]): Promise<Misfit[]> {
  return page.evaluate<Misfit[]>(`(${MISFITS_IN_PAGE})(${JSON.stringify(roots)})`);
}

function formulasThatScroll(page: Page, root: string): Promise<number> {
  return page.evaluate<number>(
    `[...document.querySelectorAll(${JSON.stringify(`${root} .layer-doc-formula`)})].filter((el) => el.scrollWidth > el.clientWidth + 1).length`,
  );
}

describe('English and Simplified Chinese', () => {
  let editor: EditorSession;

  beforeAll(async () => {
    editor = await startEditor({ locale: 'en-US' });
    editor.page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await editor?.stop();
  });

  it('opens in Chinese where the system language is any zh-*', async () => {
    const context = await editor.browser.newContext({ locale: 'zh-TW', viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(editor.url);
      await expect.poll(() => page.locator('[data-testid="language"]').inputValue()).toBe('zh-CN');
      await expect(page.locator('[data-template="perceptron-xor.nnd.json"] .card-title').textContent()).resolves.toBe('感知机与 XOR');
    } finally {
      await context.close();
    }
  });

  it('switches the start page to 中文 without a reload, with template titles and descriptions in Chinese', async () => {
    const { page } = editor;
    await expect.poll(() => page.locator('[data-template="perceptron-xor.nnd.json"] .card-title').textContent()).toBe('Perceptron vs XOR');
    await page.evaluate('window.i18nProbe = 1');
    await page.locator('[data-testid="language"]').selectOption('zh-CN');
    await expect.poll(() => page.locator('[data-template="perceptron-xor.nnd.json"] .card-title').textContent()).toBe('感知机与 XOR');
    await expect(page.locator('[data-template="lenet5-mnist.nnd.json"] .card-desc').textContent()).resolves.toMatch(/卷积/);
    // The same page, not a reload: what the page kept in memory is still there.
    await expect(page.evaluate('window.i18nProbe')).resolves.toBe(1);
    await expect(page.evaluate('document.documentElement.lang')).resolves.toBe('zh-CN');

    await saveScreenshot(page, 'i18n-zh-start');
    expect(await misfits(page, ['.topbar', '[data-testid="start-page"]'])).toEqual([]);

    // The check itself sees a clipped text and one past the window's edge.
    await page.evaluate(`(() => {
      const clipped = Object.assign(document.createElement('div'), { id: 'probe-clipped', textContent: '一段放不下的很长很长很长的文字'.repeat(8) });
      clipped.style.cssText = 'width: 80px; overflow: hidden; white-space: nowrap';
      const outside = Object.assign(document.createElement('div'), { id: 'probe-outside', textContent: '窗口之外' });
      outside.style.cssText = 'position: fixed; left: 1270px; top: 300px; white-space: nowrap';
      document.querySelector('[data-testid="start-page"]').append(clipped, outside);
    })()`);
    expect((await misfits(page, ['[data-testid="start-page"]'])).map((m) => m.why.split(':')[0])).toEqual(['clipped', 'past the right edge']);
    await page.evaluate(`document.querySelectorAll('#probe-clipped, #probe-outside').forEach((el) => el.remove())`);
  });

  it('explains a Conv2D in the inspector with its formula typeset, and in the palette tooltip', async () => {
    const { page } = editor;
    await page.click('[data-template="lenet5-mnist.nnd.json"]');
    await page.locator('.react-flow__pane').waitFor();
    // The summary row selects the layer wherever the canvas has it (LeNet-5 is wider than the view).
    await page.click('[data-testid="summary-row"][data-node-id="conv2d_1"]');
    const doc = page.locator('[data-testid="inspector"] [data-testid="layer-doc"]');
    await doc.waitFor();
    await expect(doc.locator('summary').textContent()).resolves.toBe('关于这一层');
    await expect(doc.textContent()).resolves.toMatch(/卷积核/);
    // KaTeX loads with the first formula shown.
    await doc.locator('[data-testid="layer-doc-formula"] .katex-display').waitFor();
    await expect(doc.locator('[data-testid="layer-doc-formula"] .katex-display').count()).resolves.toBe(1);
    await doc.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'i18n-zh-inspector-conv2d');

    expect(await misfits(page, ['.topbar', '[data-testid="inspector"]', '.palette'])).toEqual([]);
    expect(await formulasThatScroll(page, '[data-testid="inspector"]')).toBe(0);

    await page.locator('[data-testid="palette-item"][data-layer-type="Conv2D"]').hover();
    const tooltip = page.locator('[data-testid="layer-tooltip"][data-layer-type="Conv2D"]');
    await tooltip.waitFor();
    await tooltip.locator('.katex').first().waitFor();
    const box = (await tooltip.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    expect(await misfits(page, ['[data-testid="layer-tooltip"]'])).toEqual([]);
    await saveScreenshot(page, 'i18n-zh-palette-tooltip');
    await page.mouse.move(640, 400);
    await tooltip.waitFor({ state: 'detached' });

    // From the keyboard: the chosen entry's doc shows, and leaves with the focus.
    await page.locator('.palette-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="layer-tooltip"][data-layer-type="Input"]').waitFor();
    await page.locator('[data-testid="palette-filter"]').focus();
    await page.locator('[data-testid="layer-tooltip"]').waitFor({ state: 'detached' });
  });

  it('shows a GELU activation node its formula, range and trade-offs', async () => {
    const { page } = editor;
    await dropLayer(page, 'Activation', 320, 120);
    await setParam(page, 'activation', 'gelu');
    const activation = page.locator('[data-testid="inspector"] [data-testid="activation-doc"][data-activation="gelu"]');
    await activation.waitFor();
    await expect(activation.textContent()).resolves.toMatch(/激活函数：GELU/);
    await expect(activation.textContent()).resolves.toMatch(/Transformer/);
    await activation.locator('.katex').nth(1).waitFor();
    // The validation problem of the unconnected node, in Chinese too.
    await expect(page.locator('[data-testid="inspector-problems"]').textContent()).resolves.toMatch(/没有连接/);
    await activation.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'i18n-zh-inspector-gelu');

    expect(await misfits(page, ['.topbar', '[data-testid="inspector"]', '.palette'])).toEqual([]);
    expect(await formulasThatScroll(page, '[data-testid="inspector"]')).toBe(0);
  });

  it('says a layer’s own shape error in Chinese, values and hint included', async () => {
    const { page } = editor;
    await page.click('[data-testid="summary-row"][data-node-id="conv2d_1"]');
    await setParam(page, 'padding', 'valid');
    await setParam(page, 'kernelSize-0', '40');
    await setParam(page, 'kernelSize-1', '40');
    const problems = page.locator('[data-testid="inspector-problems"]');
    await expect.poll(() => problems.textContent()).toMatch(/40×40 卷积核/);
    const text = (await problems.textContent()) ?? '';
    expect(text).toMatch(/形状不匹配：Conv2D 的 40×40 卷积核在 padding 为 "valid" 时放不进 \[batch, 28, 28, 1\]——改用 padding "same"/);
    expect(text).not.toMatch(/does not fit|use padding/);
    await problems.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'i18n-zh-shape-error');
    expect(await misfits(page, ['.topbar', '[data-testid="inspector"]'])).toEqual([]);
  });

  it('points at the place a JSON parameter stops being JSON, in Chinese rather than the JS engine’s English', async () => {
    const { page } = editor;
    await dropLayer(page, 'Bidirectional', 420, 120);
    const field = page.locator('[data-testid="param-layer"]');
    await field.fill('{"type": "LSTM",\n "params": {units: 4}}');
    await field.blur();
    const error = page.locator('[data-testid="param-layer-error"]');
    await expect.poll(() => error.textContent()).toBe('第 2 行第 13 列处不是有效的 JSON——请检查那里的括号、逗号和引号');
    await field.fill('{"type": "LSTM", "params": {"units": 4}');
    await field.blur();
    await expect.poll(() => error.textContent()).toBe('不是有效的 JSON：文本提前结束了——请闭合每一个括号和引号');
    await error.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'i18n-zh-json-param');
    // Valid JSON is taken, and the message goes.
    await field.fill('{"type": "GRU", "params": {"units": 4}}');
    await field.blur();
    await error.waitFor({ state: 'detached' });
  });

  it('shows the training panel in Chinese after a run, every text in view', async () => {
    // A page of its own (Chinese system language), so the project edited above is not in the way.
    const context = await editor.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(editor.url);
      await page.click('[data-template="mlp-spirals.nnd.json"]');
      await page.locator('.react-flow__pane').waitFor();
      await page.click('[data-testid="toggle-training"]');
      const panel = page.locator('[data-testid="training-panel"]');
      await panel.waitFor();
      await page.click('[data-testid="train-button"]');
      // Curves with a few epochs on them are enough to show every label of the panel.
      await expect
        .poll(async () => Number(await page.locator('[data-testid="chart-loss"]').getAttribute('data-points')), { timeout: 60_000 })
        .toBeGreaterThan(30);
      await expect(panel.textContent()).resolves.toMatch(/\p{Script=Han}/u);
      await saveScreenshot(page, 'i18n-zh-training');

      expect(await misfits(page, ['.topbar', '[data-testid="training-panel"]'])).toEqual([]);
      // The next test's page would otherwise open on this run, still training.
      if ((await page.locator('[data-testid="progress"]').getAttribute('data-phase')) === 'running') {
        await page.click('[data-testid="stop-button"]');
        await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 30_000 }).not.toMatch(/running|stopping/);
      }
    } finally {
      await context.close();
    }
    expect(editor.pageErrors).toEqual([]);
  });

  it('says why a run failed in Chinese: the worker sends the divergence advice as an id and values', async () => {
    const context = await editor.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    try {
      const page = await context.newPage();
      await page.goto(editor.url);
      await page.click('[data-template="mlp-spirals.nnd.json"]');
      await page.locator('.react-flow__pane').waitFor();
      await page.click('[data-testid="toggle-training"]');
      // A learning rate no network survives: the loss blows up or sticks far above where it began.
      for (const [name, value] of [['learningRate', '1000000'], ['epochs', '30']] as const) {
        const field = page.locator(`[data-testid="train-field-${name}"]`);
        await field.fill(value);
        await field.press('Enter');
      }
      await page.click('[data-testid="train-button"]');
      await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 60_000 }).toBe('failed');
      const detail = page.locator('[data-testid="training-error-detail"]');
      await expect(detail.textContent()).resolves.toMatch(/——训练发散了；请降低学习率（当前为 1000000）或对特征做归一化$/);
      await expect(detail.textContent()).resolves.not.toMatch(/the loss|diverged|learning rate/);
      await saveScreenshot(page, 'i18n-zh-training-error');
    } finally {
      await context.close();
    }
  });
});
