/**
 * The Content-Security-Policy of the desktop window, sent as a response header on every page
 * resource. The page is our own built renderer and nothing else: no remote scripts, no inline
 * scripts, no eval, no network (the host is reached through the preload's HostApi, not HTTP).
 *
 * `style-src 'unsafe-inline'` is the one allowance: React Flow positions nodes and edges with
 * inline `style` attributes on every frame. Styles cannot run code, so this keeps the
 * checklist's point (no script injection) while the canvas still draws.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/** Sources that would let a script in, load code from elsewhere, or reach the network. */
const UNSAFE_SOURCES = new Set(["'unsafe-eval'", "'wasm-unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:', 'ws:', 'wss:', 'file:', 'data:', 'blob:', 'filesystem:']);
/** Directives through which code runs: only our own files may appear there. */
const CODE_DIRECTIVES = ['script-src', 'script-src-elem', 'script-src-attr', 'worker-src', 'object-src', 'frame-src', 'child-src'];
const ALWAYS_CHECKED = new Set(['script-src', 'worker-src', 'object-src', 'frame-src']);

/** Parses `a b; c d` into directives and their sources (the last of a repeated directive is ignored, as browsers do). */
export function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

/**
 * Every way `policy` is weaker than the checklist wants, as sentences; empty when it is
 * strict. The security test runs it on CONTENT_SECURITY_POLICY and on relaxed copies.
 */
export function cspWeaknesses(policy: string): string[] {
  const directives = parseCsp(policy);
  const problems: string[] = [];
  const defaults = directives.get('default-src');
  if (!defaults || defaults.join(' ') !== "'none'") problems.push("default-src must be 'none', so anything not listed is refused");
  const effective = (name: string) => directives.get(name) ?? (name.startsWith('script-src-') ? directives.get('script-src') : undefined) ?? defaults ?? [];
  // The -elem / -attr and child-src variants only matter when written out; otherwise their parent is checked.
  for (const name of CODE_DIRECTIVES.filter((n) => ALWAYS_CHECKED.has(n) || directives.has(n))) {
    const sources = effective(name);
    for (const source of sources)
      if (source === "'unsafe-inline'" || UNSAFE_SOURCES.has(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || source.includes('*'))
        problems.push(`${name} allows ${source}`);
  }
  for (const name of ['connect-src', 'img-src', 'font-src', 'style-src'])
    for (const source of effective(name))
      if (source === '*' || /^(https?|wss?):/i.test(source) || source.includes('*')) problems.push(`${name} allows the network (${source})`);
  for (const [name, required] of [
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ] as const)
    if ((directives.get(name) ?? []).join(' ') !== required) problems.push(`${name} must be ${required}`);
  return problems;
}
