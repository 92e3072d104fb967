/**
 * Where the desktop window may go and what it may ask for. The page comes from our own
 * `nnd://app/` scheme (registered as standard and secure, served from the built renderer
 * only); it never navigates anywhere else, never opens windows, and every permission request
 * (camera, notifications, geolocation, …) is denied. Pure, so the tests check it without Electron.
 */
export const APP_SCHEME = 'nnd';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** A URL of our own page (any path of the app origin). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** `will-navigate` and `will-redirect`: only within our page (a reload, a hash change). */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * `setWindowOpenHandler`: no window is ever opened. A plain web link (the documentation in
 * the Help menu, a link in a layer's doc) goes to the person's browser instead.
 */
export function decideWindowOpen(url: string): { action: 'deny'; openExternally: string | null } {
  return { action: 'deny', openExternally: isExternalWebLink(url) ? url : null };
}

export function isExternalWebLink(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Permission requests and checks: the editor needs none of them. */
export function decidePermission(_permission: string): boolean {
  return false;
}

/**
 * The file a `nnd://app/…` request maps to inside the built renderer, or null for anything
 * else (another host, a path that climbs out with `..` or encoded separators).
 */
export function resolveAppAsset(rendererDist: string, url: string, separator: '/' | '\\' = '/'): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.some((p) => p === '..' || p === '.' || p.includes('\\') || p.includes('\0') || /^[a-zA-Z]:$/.test(p))) return null;
  const root = rendererDist.replace(/[\\/]+$/, '');
  return [root, ...parts].join(separator);
}

/** The `Content-Type` of a renderer asset. */
export function contentTypeOf(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}

const MIME_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  wasm: 'application/wasm',
  ico: 'image/x-icon',
};
