import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startEditor, saveScreenshot, type EditorSession } from './harness';
import { openTemplate } from './editor-helpers';

async function train(page: Page, epochs: number): Promise<void> {
  if (!(await page.locator('[data-testid="training-panel"]').count())) await page.click('[data-testid="toggle-training"]');
  await page.fill('[data-testid="train-field-epochs"]', String(epochs));
  await page.press('[data-testid="train-field-epochs"]', 'Enter');
  await page.click('[data-testid="topbar-train"]');
  await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 180_000 }).toBe('completed');
}

describe('sequence templates in the training view', () => {
  let editor: EditorSession;

  beforeAll(async () => {
    editor = await startEditor();
    await editor.page.locator('[data-testid="template-card"]').first().waitFor();
  });

  afterAll(async () => {
    await editor?.stop();
  });

  it('seq2seq-reverse: writes typed digits backwards, and its cross-attention peaks on the anti-diagonal', { timeout: 240_000 }, async () => {
    const { page } = editor;
    await openTemplate(page, 'seq2seq-reverse.nnd.json');
    await train(page, 2);
    const text = page.locator('[data-testid="attention-text"]');
    await text.scrollIntoViewIfNeeded();
    await text.fill('1234567');
    expect(await page.locator('[data-testid="attention-show"]').isDisabled()).toBe(true);
    await text.fill('12345678');
    await page.click('[data-testid="attention-show"]');
    await expect.poll(() => page.locator('[data-testid="attention-answer"]').textContent(), { timeout: 20_000 }).toBe('The model writes: 8 7 6 5 4 3 2 1');
    // The layer whose columns are the source: the cross-attention, a row per decoder step.
    const layers = await page.locator('.attention-layer select option').allTextContents();
    let crossFound = false;
    for (let i = 0; i < layers.length && !crossFound; i++) {
      await page.selectOption('.attention-layer select', { index: i });
      const keys = await page.locator('[data-testid="attention-head"]').first().locator('.attention-key').allTextContents();
      const queries = await page.locator('[data-testid="attention-head"]').first().locator('.attention-query').allTextContents();
      if (keys.join('') !== '12345678' || queries[0] !== '<start>') continue;
      crossFound = true;
      expect(queries).toEqual(['<start>', '8', '7', '6', '5', '4', '3', '2', '1']);
      // Each step that writes a digit is darkest on the digit it copies: the anti-diagonal.
      const opacities = await page
        .locator('[data-testid="attention-head"]')
        .first()
        .locator('.attention-cell')
        .evaluateAll((cells) => cells.map((c) => Number((c as unknown as { style: { opacity: string } }).style.opacity)));
      for (let q = 0; q < 8; q++) {
        const row = opacities.slice(q * 8, q * 8 + 8);
        expect([q, row.indexOf(Math.max(...row))]).toEqual([q, 7 - q]);
      }
      await page.locator('[data-testid="attention-head"]').first().scrollIntoViewIfNeeded();
      await saveScreenshot(page, 'seq2seq-reverse-attention');
    }
    expect(crossFound).toBe(true);
    expect(editor.pageErrors).toEqual([]);
  });

  it('tiny-gpt: writes text after a prompt once trained at every position', { timeout: 240_000 }, async () => {
    const { page } = editor;
    await openTemplate(page, 'tiny-gpt.nnd.json');
    await train(page, 1);
    const prompt = page.locator('[data-testid="generate-prompt"]');
    await prompt.scrollIntoViewIfNeeded();
    await prompt.fill('Re: ');
    await page.click('[data-testid="generate-run"]');
    const written = page.locator('[data-testid="generated-text"]');
    await expect.poll(() => written.textContent(), { timeout: 30_000 }).toMatch(/^Re: .{20,}/s);
    expect(editor.pageErrors).toEqual([]);
  });
});
