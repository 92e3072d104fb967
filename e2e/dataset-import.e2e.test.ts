import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseInFileDialog, currentDocument } from './editor-helpers';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';

/**
 * Issue 6 in the page: import a CSV through the host's file dialog, read its preview, map its
 * columns (ignore an id, drop the row with a gap, standardize), use it on a new project — the
 * Input takes the feature count and a softmax output the class count — and train one epoch.
 */
const SPECIES = ['bream', 'perch', 'pike'] as const;

function fishCsv(): string {
  const rows = ['id,length,weight,colour,species'];
  for (let i = 0; i < 90; i++) {
    const species = SPECIES[i % 3]!;
    const k = SPECIES.indexOf(species);
    const length = 20 + 10 * k + (i % 7);
    const weight = i === 10 ? '' : String(200 + 150 * k + ((i * 13) % 40));
    const colour = ['silver', 'green', 'olive'][(i + k) % 3];
    rows.push(`fish-${i},${length},${weight},${colour},${species}`);
  }
  return rows.join('\n') + '\n';
}

/** A grey square PNG whose pixels are `level(x)`. */
function png(size: number, level: (x: number) => number): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = level(i % size);
    image.data[i * 4 + 3] = 255;
  }
  return PNG.sync.write(image);
}

/** Text in the dialog that is cut or reaches past the window's right edge (UI.md: no cut text, no sideways scroll). */
function misfitsIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll(${JSON.stringify(selector + ' *')})].flatMap((el) => {
    const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim();
    if (!own) return [];
    const style = getComputedStyle(el);
    const clips = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
    const out = [];
    if (clips && el.scrollWidth > el.clientWidth + 1) out.push('cut: ' + own.slice(0, 40));
    if (el.getBoundingClientRect().right > window.innerWidth + 1) out.push('past the edge: ' + own.slice(0, 40));
    return out;
  }).concat(document.scrollingElement.scrollWidth > window.innerWidth ? ['the page scrolls sideways'] : [])`);
}

describe('dataset import in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder('nnd-e2e-dataset-');
    await writeFile(path.join(folder.dir, 'fish.csv'), fishCsv());
    // A row short of a value, and a file with a Latin-1 byte: one problem the preview names, one that stops the reading.
    await writeFile(path.join(folder.dir, 'short-row.csv'), 'length,weight,species\n20,200,bream\n21,bream\n22,230,perch\n23,240,pike\n');
    await mkdir(path.join(folder.dir, 'images'));
    await mkdir(path.join(folder.dir, 'masks'));
    for (let i = 0; i < 3; i++) {
      await writeFile(path.join(folder.dir, 'images', `s${i}.png`), png(16, (x) => (x < 4 + i ? 230 : 20)));
      await writeFile(path.join(folder.dir, 'masks', `s${i}.png`), png(16, (x) => (x < 4 + i ? 255 : 0)));
    }
    await writeFile(path.join(folder.dir, 'latin1.csv'), Buffer.concat([Buffer.from('name,value\nok,1\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',2\n')]));
    editor = await startEditor();
    editor.page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('imports a CSV, maps its columns, uses it on an MLP and trains one epoch', async () => {
    const { page } = editor;
    await page.click('[data-testid="new-blank-project"]');
    await page.locator('.react-flow__pane').waitFor();
    await page.click('[data-testid="toggle-training"]');
    await page.click('[data-testid="dataset-import-open"]');
    const dialog = page.locator('[data-testid="dataset-import"]');
    await dialog.waitFor();

    await dialog.locator('[data-testid="dataset-choose-file"]').click();
    await chooseInFileDialog(page, folder.dir, 'fish.csv');
    const columns = dialog.locator('[data-testid="dataset-columns"]');
    await columns.waitFor();
    // The preview: every column with its type and statistics, the gap counted, the problem named with its place.
    const weight = dialog.locator('[data-testid="dataset-column-weight"]');
    await expect(weight.textContent()).resolves.toMatch(/number/);
    await expect(weight.locator('td').nth(6).textContent()).resolves.toBe('1');
    await expect(dialog.locator('[data-testid="dataset-column-species"] select').inputValue()).resolves.toBe('label');
    await expect(dialog.locator('[data-testid="dataset-problem"]').textContent()).resolves.toContain(`${path.join(folder.dir, 'fish.csv')}:12:3: missing value in column "weight"`);
    await expect(dialog.locator('[data-testid="dataset-problem-kind"]').textContent()).resolves.toBe('Missing values');

    // The mapping: drop the row with the gap, ignore the id, standardize.
    await dialog.locator('[data-testid="dataset-fix-drop"]').click();
    await dialog.locator('[data-testid="dataset-role-id"]').selectOption('ignore');
    await dialog.locator('[data-testid="dataset-normalize"]').selectOption('standardize');
    const result = dialog.locator('[data-testid="dataset-result"]');
    await expect.poll(() => result.textContent(), { timeout: 15_000 }).toMatch(/\[5\].*classification/);
    await expect(dialog.locator('[data-testid="dataset-class-balance"] .class-row').count()).resolves.toBe(3);
    await expect(dialog.locator('[data-testid="dataset-suggestion"]').textContent()).resolves.toBe('Input [5] · last layer Dense 3 softmax · loss categorical crossentropy');
    await saveScreenshot(page, 'dataset-import');
    // The same dialog in Chinese, switched without a reload.
    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(dialog.locator('[data-testid="dataset-use"]').textContent()).resolves.toMatch(/\p{Script=Han}/u);
    await saveScreenshot(page, 'dataset-import-zh');
    await page.selectOption('[data-testid="language"]', 'en');

    await dialog.locator('[data-testid="dataset-use"]').click();
    await dialog.waitFor({ state: 'detached' });
    const doc = await currentDocument(page);
    expect(doc.dataset).toMatchObject({ kind: 'csv', path: path.join(folder.dir, 'fish.csv'), label: 'species', missing: 'drop', normalize: 'standardize', columns: { id: 'ignore' } });
    expect(doc.nodes.map((n) => n.type)).toEqual(['Input', 'Dense', 'Dense']);
    expect(doc.nodes[0]!.params.shape).toEqual([5]);
    expect(doc.nodes[2]!.params).toMatchObject({ units: 3, activation: 'softmax' });
    expect(doc.training.loss).toBe('categoricalCrossentropy');

    // One epoch, in the worker, on the mapped data.
    const epochs = page.locator('[data-testid="train-field-epochs"]');
    await epochs.fill('1');
    await epochs.press('Enter');
    await page.click('[data-testid="train-button"]');
    await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 60_000 }).toBe('completed');
    const [run] = await editor.host.listRuns();
    expect(run).toMatchObject({ status: 'completed', epochs: 1 });
    const record = await editor.host.getRun({ runId: run!.id });
    // 89 complete rows; 20 % validate.
    expect(record.plan).toMatchObject({ trainSamples: 71, validationSamples: 18, epochs: 1 });
    expect(editor.pageErrors).toEqual([]);
  });

  it('says a malformed CSV’s problem in Chinese, its place and values included', async () => {
    const context = await editor.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(editor.url);
      await page.click('[data-testid="new-blank-project"]');
      await page.locator('.react-flow__pane').waitFor();
      await page.click('[data-testid="toggle-training"]');
      await page.click('[data-testid="dataset-import-open"]');
      const dialog = page.locator('[data-testid="dataset-import"]');
      await dialog.waitFor();

      await dialog.locator('[data-testid="dataset-choose-file"]').click();
      await chooseInFileDialog(page, folder.dir, 'short-row.csv');
      const detail = dialog.locator('[data-testid="dataset-problem-detail"]');
      await detail.waitFor();
      await expect(dialog.locator('[data-testid="dataset-problem-kind"]').textContent()).resolves.toBe('各行的列数不一致');
      await expect(detail.textContent()).resolves.toBe(`${path.join(folder.dir, 'short-row.csv')}:3：这一行有 2 个值，但表头有 3 列——每一行的值的个数都要与列数相同；请修正或删除这一行`);
      await saveScreenshot(page, 'i18n-zh-dataset-problem');

      // A file the host cannot read at all: its refusal crosses as an id and values too.
      await dialog.locator('[data-testid="dataset-choose-file"]').click();
      await chooseInFileDialog(page, folder.dir, 'latin1.csv');
      const error = dialog.locator('[data-testid="dataset-error"]');
      await error.waitFor();
      await expect(error.textContent()).resolves.toMatch(/latin1\.csv:3：文件不是 UTF-8 文本（第 3 行有一个不合法的 UTF-8 字节/);
      await expect(error.textContent()).resolves.not.toMatch(/the file|save it/);
    } finally {
      await context.close();
    }
    expect(editor.pageErrors).toEqual([]);
  });

  it('offers generated scenes, sequence tasks, image + mask folders, several label columns and a text’s target at every position without editing JSON, in English and Chinese', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const context = await editor.browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(editor.url);
        // The start page lists the generated sets beside the built-in ones.
        const shapesStart = page.locator('[data-testid="start-dataset-shapes"]');
        await shapesStart.waitFor();
        await expect(page.locator('[data-testid="start-dataset-sequence"]').isVisible()).resolves.toBe(true);
        await expect(misfitsIn(page, '[data-testid="builtin-datasets"]')).resolves.toEqual([]);
        await page.locator('[data-testid="start-dataset-sequence"]').scrollIntoViewIfNeeded();
        await saveScreenshot(page, locale === 'en' ? 'dataset-start-generated' : 'dataset-start-generated-zh');

        // Shapes scenes: a new project on them, 64 × 64, fewer samples.
        await shapesStart.click();
        const dialog = page.locator('[data-testid="dataset-import"]');
        await dialog.locator('[data-testid="dataset-options-shapes"]').waitFor();
        await dialog.locator('[data-testid="dataset-shapes-size"]').selectOption('64');
        await dialog.locator('[data-testid="dataset-samples"]').fill('300');
        await dialog.locator('[data-testid="dataset-use"]').click();
        await dialog.waitFor({ state: 'detached' });
        expect((await currentDocument(page)).dataset).toEqual({ kind: 'shapes', size: 64, samples: 300, seed: 1, maxShapes: 3 });

        // A sequence task from the dialog's chips: add two 3-digit numbers.
        await page.click('[data-testid="toggle-training"]');
        await page.click('[data-testid="dataset-import-open"]');
        await dialog.locator('[data-testid="dataset-generated-sequence"]').click();
        await dialog.locator('[data-testid="dataset-sequence-task"]').selectOption('add');
        await dialog.locator('[data-testid="dataset-sequence-digits"]').fill('3');
        await expect(misfitsIn(page, '[data-testid="dataset-import"]')).resolves.toEqual([]);
        await saveScreenshot(page, locale === 'en' ? 'dataset-sequence-task' : 'dataset-sequence-task-zh');
        await dialog.locator('[data-testid="dataset-use"]').click();
        await dialog.waitFor({ state: 'detached' });
        expect((await currentDocument(page)).dataset).toEqual({ kind: 'sequence-task', task: 'add', length: 3, samples: 2000, seed: 1 });

        // A folder of images and a folder of masks saved as 0 / 255: the grey levels listed.
        await page.click('[data-testid="dataset-import-open"]');
        await dialog.locator('[data-testid="dataset-choose-image-masks"]').click();
        await chooseInFileDialog(page, folder.dir, 'images');
        await dialog.locator('[data-testid="dataset-options-image-masks"]').waitFor();
        await expect(dialog.locator('[data-testid="dataset-use"]').isDisabled()).resolves.toBe(true);
        await dialog.locator('[data-testid="dataset-maskPath-choose"]').click();
        await chooseInFileDialog(page, folder.dir, 'masks');
        await expect(dialog.locator('[data-testid="dataset-maskPath"]').textContent()).resolves.toBe(path.join(folder.dir, 'masks'));
        await dialog.locator('[data-testid="dataset-masks-size"]').fill('16');
        await dialog.locator('[data-testid="dataset-mask-classes"]').fill('0, 255');
        await dialog.locator('[data-testid="dataset-mask-classes"]').blur();
        await expect(misfitsIn(page, '[data-testid="dataset-import"]')).resolves.toEqual([]);
        await saveScreenshot(page, locale === 'en' ? 'dataset-image-masks' : 'dataset-image-masks-zh');
        await dialog.locator('[data-testid="dataset-use"]').click();
        await dialog.waitFor({ state: 'detached' });
        expect((await currentDocument(page)).dataset).toEqual({ kind: 'image-masks', path: path.join(folder.dir, 'images'), maskPath: path.join(folder.dir, 'masks'), width: 16, height: 16, color: 'rgb', classes: [0, 255] });

        // A table with two label columns: species (classes) and weight (a number, standardized).
        await page.click('[data-testid="dataset-import-open"]');
        await dialog.locator('[data-testid="dataset-choose-file"]').click();
        await chooseInFileDialog(page, folder.dir, 'fish.csv');
        await dialog.locator('[data-testid="dataset-columns"]').waitFor();
        await dialog.locator('[data-testid="dataset-fix-drop"]').click();
        await dialog.locator('[data-testid="dataset-role-id"]').selectOption('ignore');
        await dialog.locator('[data-testid="dataset-role-weight"]').selectOption('extra-label');
        await expect.poll(() => dialog.locator('[data-testid="dataset-role-weight"]').inputValue()).toBe('extra-label');
        await dialog.locator('[data-testid="dataset-label-normalize"]').selectOption('standardize');
        await expect.poll(() => dialog.locator('[data-testid="dataset-result"]').textContent(), { timeout: 15_000 }).toMatch(/\[4\]/);
        await expect(misfitsIn(page, '[data-testid="dataset-import"]')).resolves.toEqual([]);
        await saveScreenshot(page, locale === 'en' ? 'dataset-two-labels' : 'dataset-two-labels-zh');
        await dialog.locator('[data-testid="dataset-use"]').click();
        await dialog.waitFor({ state: 'detached' });
        expect((await currentDocument(page)).dataset).toMatchObject({ kind: 'csv', label: 'species', labels: ['species', 'weight'], labelNormalize: 'standardize', columns: { id: 'ignore' } });

        // A text read for the next token: the target at every position instead of after the text.
        await page.click('[data-testid="topbar-home"]');
        page.once('dialog', (d) => void d.accept());
        await page.locator('[data-testid="template-card"][data-template="char-decoder.nnd.json"]').click();
        await page.locator('[data-testid="layer-node"]').first().waitFor();
        if (!(await page.locator('[data-testid="dataset-import-open"]').count())) await page.click('[data-testid="toggle-training"]');
        await page.click('[data-testid="dataset-import-open"]');
        const targetAt = dialog.locator('[data-testid="dataset-target-at"]');
        await expect(targetAt.inputValue()).resolves.toBe('end');
        await targetAt.selectOption('every-position');
        await expect(misfitsIn(page, '[data-testid="dataset-import"]')).resolves.toEqual([]);
        await dialog.locator('[data-testid="dataset-use"]').click();
        await dialog.waitFor({ state: 'detached' });
        expect((await currentDocument(page)).dataset).toMatchObject({ kind: 'text', task: 'next-token', targetAt: 'every-position' });
      } finally {
        await context.close();
      }
    }
    expect(editor.pageErrors).toEqual([]);
  });
});
