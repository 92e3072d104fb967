import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type GraphDocument } from '../shared/graph/document';
import { formatShape } from '../shared/layers/shape-utils';
import { REPO_ROOT, saveScreenshot, startEditor, temporaryFolder, type EditorSession } from './harness';
import { currentDocument, downloadOf, dropLayer, node, selectNode, setParam, shapeOf, uploadTo, wire } from './editor-helpers';

const run = promisify(execFile);

/**
 * The editor of issue 3, driven like a person drives it: one browser session builds an MLP
 * from the palette and then edits, undoes, copies, saves and reopens it, in that order.
 */
describe('the editor in Chromium', () => {
  let editor: EditorSession;
  let folder: { dir: string; remove: () => Promise<void> };
  const edgeCount = () => editor.page.locator('.react-flow__edge').count();

  beforeAll(async () => {
    folder = await temporaryFolder();
    editor = await startEditor();
    // Leaving a project with unsaved changes asks first; the tests mean to leave.
    editor.page.on('dialog', (dialog) => void dialog.accept());
  });

  afterAll(async () => {
    await editor?.stop();
    await folder?.remove();
  });

  it('shows a start page with every example as a template and a blank project', async () => {
    const { page } = editor;
    const examples = await editor.host.listExamples();
    await expect.poll(() => page.locator('[data-testid="template-card"]').count()).toBe(examples.length);
    for (const example of examples) await expect(page.locator(`[data-template="${example.file}"] svg`).count()).resolves.toBe(1);
  });

  it('builds Input → Flatten → Dense → Dense by dragging from the palette and wiring', async () => {
    const { page } = editor;
    await page.click('[data-testid="new-blank-project"]');
    await page.locator('.react-flow__pane').waitFor();

    await dropLayer(page, 'Input', 140, 110);
    await setParam(page, 'shape', '28, 28, 1');
    await dropLayer(page, 'Flatten', 440, 110);
    await dropLayer(page, 'Dense', 140, 330);
    await setParam(page, 'units', '64');
    await setParam(page, 'activation', 'relu');
    await dropLayer(page, 'Dense', 440, 330);
    await setParam(page, 'units', '10');
    await setParam(page, 'activation', 'softmax');

    await wire(page, 'input_1', 'flatten_1');
    await wire(page, 'flatten_1', 'dense_1');
    await wire(page, 'dense_1', 'dense_2');
    await expect.poll(edgeCount).toBe(3);

    expect(await shapeOf(page, 'input_1')).toBe('[batch, 28, 28, 1]');
    expect(await shapeOf(page, 'flatten_1')).toBe('[batch, 784]');
    expect(await shapeOf(page, 'dense_1')).toBe('[batch, 64]');
    expect(await shapeOf(page, 'dense_2')).toBe('[batch, 10]');
    await expect(page.locator('[data-testid="node-problem"]').count()).resolves.toBe(0);
    const labels = await page.locator('[data-testid="edge-shape"]').allTextContents();
    expect(labels.sort()).toEqual(['[batch, 28, 28, 1]', '[batch, 64]', '[batch, 784]']);
  });

  it('shows the shapes and parameter counts `nnd summary --json` computes for the saved file', async () => {
    const { page } = editor;
    // Browser mode: Save downloads the project to the person's computer.
    const file = path.join(folder.dir, 'mlp.nnd.json');
    expect(await downloadOf(page, () => page.click('[data-testid="menu-save"]'), file)).toBe('Untitled.nnd.json');
    await expect.poll(() => page.locator('[data-testid="dirty-marker"]').count()).toBe(0);

    const { stdout } = await run(process.execPath, [path.join(REPO_ROOT, 'bin', 'nnd.mjs'), 'summary', '--json', file], { cwd: REPO_ROOT });
    const summary = JSON.parse(stdout) as { params: { total: number }; layers: { name: string; outputShape: (number | null)[]; params: number }[] };
    expect(summary.layers.map((l) => l.name)).toEqual(['input_1', 'flatten_1', 'dense_1', 'dense_2']);
    for (const layer of summary.layers) {
      expect(await shapeOf(page, layer.name), layer.name).toBe(formatShape(layer.outputShape));
      const row = page.locator(`[data-testid="summary-row"][data-node-id="${layer.name}"]`);
      expect(await row.locator('[data-testid="summary-shape"]').textContent()).toBe(formatShape(layer.outputShape));
      expect(Number((await row.locator('[data-testid="summary-params"]').textContent())!.replace(/\D/g, ''))).toBe(layer.params);
    }
    expect(summary.params.total).toBe(784 * 64 + 64 + 64 * 10 + 10);
  });

  it('refuses a Dense wired straight to a 4-D Conv2D output and says why at the pointer', async () => {
    const { page } = editor;
    await dropLayer(page, 'Conv2D', 440, 470);
    await wire(page, 'input_1', 'conv2d_1');
    await expect.poll(edgeCount).toBe(4);
    expect(await shapeOf(page, 'conv2d_1')).toBe('[batch, 26, 26, 32]');
    const before = await currentDocument(page);

    let shownAtPointer = '';
    await wire(page, 'conv2d_1', 'dense_2', async () => {
      const refusal = page.locator('[data-testid="connect-refusal"]');
      await refusal.waitFor();
      shownAtPointer = (await refusal.textContent()) ?? '';
    });
    expect(shownAtPointer).toMatch(/Dense expects a 2-D input.*\[batch, 26, 26, 32\].*add a Flatten/);
    await expect(page.locator('[data-testid="notice"]').textContent()).resolves.toMatch(/add a Flatten/);
    expect(await currentDocument(page)).toEqual(before);
    expect(await edgeCount()).toBe(4);
  });

  it('undo and redo restore the exact documents, a drag being one step', async () => {
    const { page } = editor;
    const snapshots: GraphDocument[] = [await currentDocument(page)];
    await selectNode(page, 'dense_1');
    await setParam(page, 'units', '32');
    snapshots.push(await currentDocument(page));
    await selectNode(page, 'conv2d_1');
    await page.keyboard.press('Delete');
    await expect.poll(edgeCount).toBe(3);
    snapshots.push(await currentDocument(page));
    const title = await page.locator(`${node('dense_2')} .layer-node-name`).boundingBox();
    await page.mouse.move(title!.x + 10, title!.y + 5);
    await page.mouse.down();
    await page.mouse.move(title!.x + 60, title!.y + 40, { steps: 12 });
    await page.mouse.up();
    snapshots.push(await currentDocument(page));
    expect(snapshots[3]!.nodes.find((n) => n.id === 'dense_2')!.position).not.toEqual(snapshots[2]!.nodes.find((n) => n.id === 'dense_2')!.position);

    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    for (let i = snapshots.length - 2; i >= 0; i--) {
      await page.keyboard.press('Control+z');
      expect(await currentDocument(page), `undo to step ${i}`).toEqual(snapshots[i]);
    }
    for (let i = 1; i < snapshots.length; i++) {
      await page.keyboard.press(i % 2 ? 'Control+Shift+z' : 'Control+y');
      expect(await currentDocument(page), `redo to step ${i}`).toEqual(snapshots[i]);
    }
  });

  it('copies three wired nodes and pastes them with their internal wires', async () => {
    const { page } = editor;
    await selectNode(page, 'flatten_1');
    await selectNode(page, 'dense_1', { add: true });
    await selectNode(page, 'dense_2', { add: true });
    await page.keyboard.press('Control+c');
    const before = await currentDocument(page);
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(pane.x + 120, pane.y + pane.height - 90);
    await page.keyboard.press('Control+v');
    await expect.poll(async () => (await currentDocument(page)).nodes.length).toBe(before.nodes.length + 3);
    const after = await currentDocument(page);
    const pasted = after.nodes.filter((n) => !before.nodes.some((b) => b.id === n.id));
    expect(pasted.map((n) => n.type)).toEqual(['Flatten', 'Dense', 'Dense']);
    const pastedIds = new Set(pasted.map((n) => n.id));
    const internal = after.edges.filter((e) => pastedIds.has(e.source) && pastedIds.has(e.target));
    expect(internal.map((e) => [after.nodes.find((n) => n.id === e.source)!.type, after.nodes.find((n) => n.id === e.target)!.type])).toEqual([
      ['Flatten', 'Dense'],
      ['Dense', 'Dense'],
    ]);
    expect(pasted.map((n) => n.params)).toEqual(before.nodes.filter((n) => ['flatten_1', 'dense_1', 'dense_2'].includes(n.id)).map((n) => n.params));
    await page.keyboard.press('Control+z');
    expect(await currentDocument(page)).toEqual(before);
  });

  it('adds layers from the keyboard: the filtered palette with Enter, and Space on the canvas', async () => {
    const { page } = editor;
    const before = await currentDocument(page);
    const filter = page.locator('[data-testid="palette-filter"]');
    await filter.fill('drop');
    await expect.poll(() => page.locator('[data-testid="palette-item"]').first().getAttribute('data-layer-type')).toBe('Dropout');
    await filter.press('Enter');
    await page.locator(node('dropout_1')).waitFor();
    await filter.fill('');

    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    // A click on the empty canvas takes the keyboard away from the palette's filter box.
    await page.mouse.click(pane.x + 80, pane.y + pane.height - 60);
    await page.keyboard.press('Space');
    await page.locator('[data-testid="quick-add-input"]').fill('batch norm');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.locator(node('batch_normalization_1')).waitFor();

    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expect(await currentDocument(page)).toEqual(before);
  });

  it('groups layers into a named block that collapses to one box and expands back', async () => {
    const { page } = editor;
    const before = await currentDocument(page);
    await selectNode(page, 'flatten_1');
    await selectNode(page, 'dense_1', { add: true });
    await page.keyboard.press('Control+g');
    const block = page.locator('[data-testid="group-node"]');
    await block.waitFor();
    expect(await block.locator('input').inputValue()).toBe('Block 1');

    await block.locator('[data-testid="group-toggle"]').click();
    await expect.poll(() => page.locator('[data-testid="layer-node"]').count()).toBe(before.nodes.length - 2);
    // The wires into and out of the block now end at the box; the one inside it is hidden.
    await expect.poll(edgeCount).toBe(before.edges.length - 1);
    await block.locator('[data-testid="group-toggle"]').click();
    await expect.poll(() => page.locator('[data-testid="layer-node"]').count()).toBe(before.nodes.length);

    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    await expect.poll(() => block.count()).toBe(0);
    expect(await currentDocument(page)).toEqual(before);
  });

  it('looks finished in light and dark themes, with the inspector open', async () => {
    const { page } = editor;
    await page.locator('[data-testid="project-name"]').fill('mnist-mlp');
    await page.locator('[data-testid="project-name"]').press('Enter');
    await page.click('[data-testid="auto-layout"]');
    await page.waitForTimeout(500);
    await selectNode(page, 'dense_1');
    await page.locator('[data-testid="activation-plot"]').waitFor();
    await saveScreenshot(page, 'editor-light');
    await page.click('[data-testid="theme-toggle"]');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme)).toBe('dark');
    await saveScreenshot(page, 'editor-dark');
    await page.click('[data-testid="theme-toggle"]');
  });

  it('adds a layer where a wire is dropped in empty space, already connected', async () => {
    const { page } = editor;
    const before = await currentDocument(page);
    const port = (await page.locator(`${node('dense_2')} [data-testid="output-port"]`).boundingBox())!;
    await page.mouse.move(port.x + port.width / 2, port.y + port.height / 2);
    await page.mouse.down();
    // Down and back into the empty canvas below the chain: the fitted view ends near the last layer.
    await page.mouse.move(port.x - 40, port.y + 110, { steps: 8 });
    await page.mouse.up();
    await page.locator('[data-testid="quick-add-input"]').fill('activation');
    await page.keyboard.press('Enter');
    await page.locator(node('activation_1')).waitFor();
    await setParam(page, 'activation', 'gelu');
    await page.locator('[data-testid="activation-plot"]').waitFor();
    const after = await currentDocument(page);
    expect(after.edges.filter((e) => !before.edges.some((b) => b.id === e.id)).map((e) => [e.source, e.target])).toEqual([['dense_2', 'activation_1']]);
    expect(await shapeOf(page, 'activation_1')).toBe('[batch, 10]');
    await page.click('[data-testid="fit-view"]');
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'inspector');
    // Adding the layer (with its wire) and choosing gelu were two edits.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    expect(await currentDocument(page)).toEqual(before);
  });

  it('saves, reopens and gets the same document back', async () => {
    const { page } = editor;
    const file = path.join(folder.dir, 'mlp.nnd.json');
    expect(await downloadOf(page, () => page.keyboard.press('Control+s'), file)).toBe('mnist-mlp.nnd.json');
    const saved = await currentDocument(page);
    expect(parseDocument(JSON.parse(await readFile(file, 'utf8')))).toEqual(parseDocument(saved));

    await page.click('[data-testid="menu-new"]');
    await expect.poll(async () => (await currentDocument(page)).nodes.length).toBe(0);
    // Open uploads a file from the person's computer.
    await uploadTo(page, () => page.click('[data-testid="menu-open"]'), file);
    await expect.poll(async () => (await currentDocument(page)).nodes.length).toBe(saved.nodes.length);
    expect(await currentDocument(page)).toEqual(parseDocument(saved));
    expect(await shapeOf(page, 'dense_2')).toBe('[batch, 10]');
  });

  it('refuses a malformed and a newer-version file with a clear message, leaving the project as it was', async () => {
    const { page } = editor;
    await writeFile(path.join(folder.dir, 'broken.nnd.json'), '{ "format": "nn-designer.graph", "version": 1, "nodes": [ }');
    const newer = JSON.parse(await readFile(path.join(folder.dir, 'mlp.nnd.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(folder.dir, 'future.nnd.json'), JSON.stringify({ ...newer, version: 999 }));
    const before = await currentDocument(page);

    await uploadTo(page, () => page.click('[data-testid="menu-open"]'), path.join(folder.dir, 'broken.nnd.json'));
    await expect(page.locator('[data-testid="notice"]').textContent()).resolves.toMatch(/Could not open broken\.nnd\.json: .*not valid JSON.*current project is unchanged/);
    expect(await currentDocument(page)).toEqual(before);

    await uploadTo(page, () => page.click('[data-testid="menu-open"]'), path.join(folder.dir, 'future.nnd.json'));
    await expect.poll(() => page.locator('[data-testid="notice"]').textContent()).toMatch(/Could not open future\.nnd\.json: .*newer NN Designer.*update the app/);
    expect(await currentDocument(page)).toEqual(before);
  });

  it('opens every template in examples/ without problems', async () => {
    const { page } = editor;
    for (const example of await editor.host.listExamples()) {
      await page.click('[data-testid="topbar-home"]');
      await page.click(`[data-testid="template-card"][data-template="${example.file}"]`);
      // The canvas draws only the nodes in view (wide templates such as the Transformer ones run past it), so count in the document.
      await expect.poll(async () => (await currentDocument(page)).name, { message: example.file }).toBe(example.document.name);
      expect((await currentDocument(page)).nodes.length, example.file).toBe(example.document.nodes.length);
      expect((await currentDocument(page)).edges.length, example.file).toBe(example.document.edges.length);
      expect(await page.locator('[data-testid="layer-node"]').count(), example.file).toBeGreaterThan(0);
      // Laid out with room for the shapes on the wires by scripts/make-examples.ts: opened as written.
      expect((await currentDocument(page)).nodes.map((n) => n.position), example.file).toEqual(example.document.nodes.map((n) => n.position));
      expect(await page.locator('[data-testid="node-problem"]').count(), example.file).toBe(0);
      await expect(page.locator('[data-testid="summary-status"]').getAttribute('class')).resolves.toContain('ok');
    }
    // The start page again. Projects saved in browser mode went to the person's downloads, so
    // the server's recent projects (files it opened from its own disk) stay empty.
    await page.click('[data-testid="topbar-home"]');
    await page.locator('[data-testid="template-card"]').first().waitFor();
    expect(await page.locator('[data-testid="recent-project"]').count()).toBe(0);
    await page.mouse.move(640, 790);
    await saveScreenshot(page, 'start-page');
    expect(editor.pageErrors).toEqual([]);
  });
});
