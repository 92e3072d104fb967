import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ganTestGraph } from '../shared/export/test-graphs';
import { serializeDocument } from '../shared/graph/document';
import { saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { downloadOf } from './editor-helpers';

/**
 * Issue 18's export from the Export dialog: a GAN downloads with each network on its own
 * (tfjs), or as code with both networks and the adversarial train.py (PyTorch), and the dialog
 * says where they are.
 */
describe('exporting a GAN from the Export dialog, in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };

  beforeAll(async () => {
    folder = await temporaryFolder();
    const file = path.join(folder.dir, 'gan-points.nnd.json');
    const doc = { ...ganTestGraph('points'), dataset: { kind: 'generated' as const, name: 'ring' as const, samples: 200, noise: 0.05, classes: 2, seed: 1, labels: 'onehot' as const } };
    await writeFile(file, serializeDocument(doc));
    editor = await startEditor({ project: file });
    await editor.page.locator('.react-flow__pane').waitFor();
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('downloads generator/ and discriminator/ as TensorFlow.js models, and PyTorch code that trains them against each other', async () => {
    const { page } = editor;
    await page.click('[data-testid="menu-export"]');
    await page.locator('[data-testid="export-dialog"]').waitFor();
    await page.check('[data-testid="export-format-tfjs"]');
    const tfjsZip = path.join(folder.dir, 'gan-tfjs.zip');
    await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), tfjsZip);
    await expect(page.locator('[data-testid="export-gan-networks"]').textContent()).resolves.toMatch(/generator\/ and discriminator\//);
    await saveScreenshot(page, 'export-dialog-gan-tfjs');
    expect(Object.keys(unzipSync(await readFile(tfjsZip))).sort()).toEqual(
      ['discriminator/model.json', 'discriminator/weights.bin', 'generator/model.json', 'generator/weights.bin', 'model.json', 'weights.bin'],
    );

    await page.check('[data-testid="export-format-pytorch"]');
    const pytorchZip = path.join(folder.dir, 'gan-pytorch.zip');
    await downloadOf(page, () => page.click('[data-testid="export-confirm"]'), pytorchZip);
    await expect(page.locator('[data-testid="export-gan-networks"]').textContent()).resolves.toMatch(/Generator and Discriminator/);
    await expect(page.locator('[data-testid="export-no-train-script"]').count()).resolves.toBe(0);
    const archive = unzipSync(await readFile(pytorchZip));
    for (const file of ['model.py', 'weights.bin', 'weights.json', 'train.py', 'train_config.json', 'data/x.bin']) expect(Object.keys(archive)).toContain(file);
    expect(new TextDecoder().decode(archive['model.py'])).toContain('class Generator(nn.Module):');
    expect(JSON.parse(new TextDecoder().decode(archive['train_config.json']))).toMatchObject({ gan: { noiseShape: [3], sampleShape: [2] } });

    await page.selectOption('[data-testid="language"]', 'zh-CN');
    await expect(page.locator('[data-testid="export-gan-networks"]').textContent()).resolves.toMatch(/\p{Script=Han}/u);
    await page.selectOption('[data-testid="language"]', 'en');
    expect(editor.pageErrors).toEqual([]);
  }, 120_000);
});
