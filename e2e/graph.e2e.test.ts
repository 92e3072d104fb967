import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, startEditor, type EditorSession } from './harness';

/**
 * Issue 8 from the canvas: the GCN template shows its graph Inputs as such, trains in the
 * worker, and after the run the panel plots the learned node embeddings coloured by class.
 */
describe('graph neural networks in Chromium', () => {
  let editor: EditorSession;

  beforeAll(async () => {
    editor = await startEditor();
  });
  afterAll(async () => {
    await editor?.stop();
  });

  it('GCN template: graph inputs are tagged, training completes, the embeddings plot shows every node by community', async () => {
    const { page } = editor;
    await page.locator('[data-template="gcn-sbm.nnd.json"]').click();
    await page.locator('.react-flow__pane').waitFor();
    const roles = await page.locator('[data-testid="graph-role"]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-graph-role')));
    expect(roles.sort()).toEqual(['edgeIndex', 'nodeFeatures']);
    await expect(page.locator('[data-graph-role="edgeIndex"]').textContent()).resolves.toBe('edge index');

    await page.click('[data-testid="toggle-training"]');
    await page.locator('[data-testid="training-panel"]').waitFor();
    await page.click('[data-testid="train-button"]');
    await expect.poll(() => page.locator('[data-testid="progress"]').getAttribute('data-phase'), { timeout: 90_000 }).toBe('completed');

    const view = page.locator('[data-testid="embeddings-view"]');
    await view.waitFor({ timeout: 30_000 });
    await expect.poll(() => view.locator('.embeddings-plot circle').count(), { timeout: 30_000 }).toBe(600);
    // One legend entry per community, and test nodes drawn hollow.
    await expect(view.locator('.recharts-legend-item').count()).resolves.toBe(3);
    await expect(view.locator('.embeddings-plot circle[fill="none"]').count()).resolves.toBe(120);
    await expect(view.locator('[data-testid="embeddings-layer"]').inputValue()).resolves.toBe('gcn_1');
    await expect(page.locator('[data-testid="try-it-result"]').count()).resolves.toBe(0);
    await view.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'graph-embeddings');
  });
});
