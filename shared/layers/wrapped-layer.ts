import { z } from 'zod';
import { firstIssue } from '../zod-issue';
import { shapeError, type ShapeError } from './shape-errors';
import type { AnyLayerSpec } from './types';

/** The wrapped layer's params as stored: checked against its own kind's schema when used. */
export const innerParams = z.record(z.string(), z.unknown()).default({});

/** A wrapped layer's params with its kind's defaults filled in, or what is wrong with them. */
export function resolveInner(
  owner: string,
  kind: Pick<AnyLayerSpec, 'type' | 'params'>,
  params: Record<string, unknown>,
): { ok: true; params: Record<string, unknown> } | { ok: false; error: ShapeError } {
  const parsed = firstIssue(kind.params, params);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  const { issue } = parsed;
  const where = issue.path.length ? issue.path.join('.') : 'params';
  return { ok: false, error: shapeError('innerParam', { owner, inner: kind.type, param: where }, { issue }) };
}
