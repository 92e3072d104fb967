import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, startEditor, type EditorSession } from './harness';
import { currentDocument } from './editor-helpers';

/** `nnd serve --project file` opens that project instead of the start page, in the system's language. */
describe('the editor started on a project, in Chinese', () => {
  let editor: EditorSession;
  const file = path.join(EXAMPLES_DIR, 'mlp-xor.nnd.json');

  beforeAll(async () => {
    editor = await startEditor({ project: file, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await editor?.stop();
  });

  it('opens the project named on the command line', async () => {
    const { page } = editor;
    await expect.poll(() => page.locator('[data-testid="layer-node"]').count()).toBe(3);
    const expected = (await editor.host.openProject({ path: file })).document;
    expect(await currentDocument(page)).toEqual(expected);
    expect(await page.locator('[data-testid="project-name"]').inputValue()).toBe('mlp-xor');
  });

  it('follows the browser language, and switches without a reload', async () => {
    const { page } = editor;
    await expect(page.locator('[data-testid="summary"] .panel-title').textContent()).resolves.toBe('模型摘要');
    await page.locator('[data-testid="language"]').selectOption('en');
    await expect(page.locator('[data-testid="summary"] .panel-title').textContent()).resolves.toBe('Model summary');
    expect(await page.locator('[data-testid="layer-node"]').count()).toBe(3);
    expect(editor.pageErrors).toEqual([]);
  });
});
