import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../electron/main/csp';
import { currentDocument } from './editor-helpers';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH, startEditor, startServer, temporaryFolder, VIEWPORT, type EditorSession } from './harness';

/**
 * The desktop window's page, checked where Chromium runs but Electron cannot: the built
 * renderer under the desktop app's Content-Security-Policy, and crash recovery (the same
 * host code, RecoveryStore, backs both modes).
 */
describe('the page under the desktop app’s rules', () => {
  const sessions: EditorSession[] = [];
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const session of sessions) await session.stop();
    for (const stop of stops) await stop();
  });

  it('runs under the strict CSP without a single violation: opens a template, edits it, trains', { timeout: 120_000 }, async () => {
    const server = await startServer();
    // A page whose responses are rewritten counts as a public site to Chromium, which then
    // refuses its WebSocket to 127.0.0.1 (local network access checks); the desktop app's
    // page is local, so this browser is told the same.
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessChecks'],
    });
    stops.push(async () => {
      await browser.close();
      await server.stop();
    });
    const page = await (await browser.newContext({ viewport: VIEWPORT, locale: 'en' })).newPage();
    const violations: string[] = [];
    const errors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      else if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    // Every response of the page carries the policy, as nnd://app/ responses do in the desktop app.
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CONTENT_SECURITY_POLICY } });
    });
    await page.goto(server.url);
    await page.click('[data-testid="template-card"][data-template="mlp-xor.nnd.json"]');
    await page.waitForSelector('[data-testid="layer-node"]');
    // A dialog the template may open (a dataset to confirm) is not what this test is about.
    await page.waitForTimeout(500);
    if (await page.isVisible('.modal-backdrop')) await page.locator('.modal-backdrop').click({ position: { x: 4, y: 4 } });
    await page.click('.react-flow__pane');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+d');
    await page.keyboard.press('Control+t');
    await page.click('[data-testid="train-button"]');
    await page.waitForSelector('[data-testid="chart-loss"]');
    await page.waitForTimeout(1500);
    const csp = await page.evaluate(async (url) => (await fetch(url)).headers.get('content-security-policy'), server.url);
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    // The policy is enforced, and a violation would be seen: an injected inline script is refused.
    await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.append(s); })()`);
    await page.waitForTimeout(300);
    expect(await page.evaluate('typeof window.__injected')).toBe('undefined');
    expect(violations).toEqual([expect.stringMatching(/inline script/)]);
  });

  it('offers unsaved work back after the host was killed mid-edit, within the autosave interval', { timeout: 150_000 }, async () => {
    const config = await temporaryFolder('nnd-e2e-recovery-');
    const first = await startEditor({ configDir: config.dir });
    sessions.push(first);
    await first.page.click('[data-testid="template-card"][data-template="mlp-xor.nnd.json"]');
    await first.page.waitForSelector('[data-testid="layer-node"]');
    await first.page.fill('[data-testid="project-name"]', 'unsaved sketch');
    await first.page.keyboard.press('Enter');
    await first.page.waitForSelector('[data-testid="dirty-marker"]');
    const edited = await currentDocument(first.page);
    // The autosave runs every 5 s while there are unsaved changes.
    const recoveryDir = path.join(config.dir, 'recovery');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(existsSync(recoveryDir) && (await readdir(recoveryDir)).length > 0)) await new Promise((r) => setTimeout(r, 250));
    expect((await readdir(recoveryDir)).length).toBe(1);

    // A power cut: the host dies without any chance to clean up.
    process.kill(first.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));

    const second = await startEditor({ configDir: config.dir });
    sessions.push(second);
    await second.page.waitForSelector('[data-testid="recovery-offer"]');
    expect(await second.page.textContent('[data-testid="recovery-offer"]')).toContain('unsaved sketch');
    await second.page.click('[data-testid="recovery-recover"]');
    await second.page.waitForSelector('[data-testid="layer-node"]');
    const recovered = await currentDocument(second.page);
    expect(recovered.name).toBe('unsaved sketch');
    expect(recovered.nodes).toEqual(edited.nodes);
    expect(await second.page.isVisible('[data-testid="dirty-marker"]')).toBe(true);
    // Taken: nothing left to offer next time.
    expect(await readdir(recoveryDir)).toEqual([]);
    await config.remove();
  });
});
