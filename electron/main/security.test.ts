import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, cspWeaknesses } from './csp';
import { gpuWorkerWindowOptions, mainWindowOptions, SECURE_WEB_PREFERENCES, webPreferencesWeaknesses } from './window-options';
import {
  APP_START_URL,
  decidePermission,
  decideWindowOpen,
  isAllowedNavigation,
  resolveAppAsset,
} from './web-policy';

const realOptions = mainWindowOptions({ preloadPath: '/app/out/desktop/preload.cjs', bounds: { width: 1200, height: 800 }, title: 'NN Designer' });

describe('the desktop window follows Electron’s security checklist', () => {
  it('has every safe web preference, explicitly', () => {
    expect(realOptions.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
      preload: '/app/out/desktop/preload.cjs',
    });
    expect(webPreferencesWeaknesses(realOptions)).toEqual([]);
  });

  it('fails on a relaxed copy of any option (the check above would catch the change)', () => {
    for (const [name, safe] of Object.entries(SECURE_WEB_PREFERENCES)) {
      if (name === 'devTools') continue;
      const relaxed = { ...realOptions, webPreferences: { ...realOptions.webPreferences, [name]: !safe } };
      expect(webPreferencesWeaknesses(relaxed), name).toEqual([`${name} is ${String(!safe)} (must be ${String(safe)})`]);
      const omitted = { ...realOptions, webPreferences: { ...realOptions.webPreferences, [name]: undefined } };
      expect(webPreferencesWeaknesses(omitted), `${name} left to the default`).toHaveLength(1);
    }
    expect(webPreferencesWeaknesses({ ...realOptions, webPreferences: { ...realOptions.webPreferences, preload: undefined } })).toEqual([
      'no preload: the page would have no HostApi',
    ]);
    expect(webPreferencesWeaknesses({ ...realOptions, webPreferences: { ...realOptions.webPreferences, enableBlinkFeatures: 'CSSPaintAPI' } })).toHaveLength(1);
  });

  it('locks the hidden GPU worker window down the same way, and keeps it hidden and unthrottled', () => {
    const options = gpuWorkerWindowOptions({ preloadPath: '/app/out/desktop/gpu-worker-preload.cjs' });
    expect(webPreferencesWeaknesses(options)).toEqual([]);
    expect(options).toMatchObject({ show: false, webPreferences: { backgroundThrottling: false, sandbox: true, contextIsolation: true } });
  });

  it('sends a strict Content-Security-Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(cspWeaknesses(CONTENT_SECURITY_POLICY)).toEqual([]);
  });

  it('fails on a relaxed copy of the policy', () => {
    const relax = (from: string, to: string) => {
      const relaxed = CONTENT_SECURITY_POLICY.replace(from, to);
      expect(relaxed, `${from} → ${to}`).not.toBe(CONTENT_SECURITY_POLICY);
      return cspWeaknesses(relaxed);
    };
    expect(relax("script-src 'self'", "script-src 'self' 'unsafe-inline'")).toEqual(["script-src allows 'unsafe-inline'"]);
    expect(relax("script-src 'self'", "script-src 'self' 'unsafe-eval'")).toEqual(["script-src allows 'unsafe-eval'"]);
    expect(relax("script-src 'self'", "script-src 'self' https://cdn.example.com")).toEqual(['script-src allows https://cdn.example.com']);
    expect(relax("connect-src 'self'", 'connect-src *')).toEqual(['connect-src allows the network (*)']);
    expect(relax("default-src 'none'", 'default-src *')).toContain("default-src must be 'none', so anything not listed is refused");
    expect(relax("object-src 'none'", "object-src 'self'")).toEqual(["object-src must be 'none'"]);
    expect(relax("; frame-ancestors 'none'", '')).toEqual(["frame-ancestors must be 'none'"]);
    // Without a script-src, the default applies: a permissive default lets scripts in.
    expect(cspWeaknesses("default-src * 'unsafe-inline'")).toEqual(expect.arrayContaining(["script-src allows 'unsafe-inline'", 'script-src allows *']));
  });

  it('blocks navigation away from the app, new windows and permission requests', () => {
    expect(isAllowedNavigation(APP_START_URL)).toBe(true);
    expect(isAllowedNavigation('nnd://app/index.html#/training')).toBe(true);
    for (const elsewhere of ['https://example.com/', 'file:///etc/passwd', 'nnd://evil/index.html', 'javascript:alert(1)', 'not a url'])
      expect(isAllowedNavigation(elsewhere), elsewhere).toBe(false);
    expect(decideWindowOpen('https://js.tensorflow.org/api/latest/')).toEqual({ action: 'deny', openExternally: 'https://js.tensorflow.org/api/latest/' });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen(APP_START_URL)).toEqual({ action: 'deny', openExternally: null });
    expect(decideWindowOpen('https://user:secret@example.com/')).toEqual({ action: 'deny', openExternally: null });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem'])
      expect(decidePermission(permission), permission).toBe(false);
  });

  it('serves the page from the built renderer only', () => {
    expect(resolveAppAsset('/app/renderer/dist', 'nnd://app/')).toBe('/app/renderer/dist/index.html');
    expect(resolveAppAsset('/app/renderer/dist', 'nnd://app/assets/index-abc.js')).toBe('/app/renderer/dist/assets/index-abc.js');
    expect(resolveAppAsset('C:\\app\\renderer\\dist', 'nnd://app/assets/a.css', '\\')).toBe('C:\\app\\renderer\\dist\\assets\\a.css');
    // The URL parser resolves dot segments first, so a climb stays inside the renderer.
    expect(resolveAppAsset('/app/renderer/dist', 'nnd://app/../../etc/passwd')).toBe('/app/renderer/dist/etc/passwd');
    expect(resolveAppAsset('/app/renderer/dist', 'nnd://app/assets/%2e%2e/%2e%2e/secret')).toBe('/app/renderer/dist/secret');
    for (const escape of ['nnd://app/a%2f..%2f..%2fsecret', 'nnd://app/a%5c..%5c..%5csecret', 'nnd://other/index.html', 'file:///etc/passwd', 'nnd://app/C:/x'])
      expect(resolveAppAsset('/app/renderer/dist', escape), escape).toBeNull();
  });
});
