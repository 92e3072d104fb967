import { z } from 'zod';
import { SHAPE_HINT_CODES, type ShapeError } from '../layers/shape-errors';
import { PortableIssueSchema } from '../zod-issue';
import type { Problem, ProblemCode } from './analyze';

const Values = z.record(z.string(), z.union([z.string(), z.number()]));

export const ShapeErrorSchema: z.ZodType<ShapeError> = z.lazy(() =>
  z.object({
    // shared/layers' own codes or a kind's (defined in its folder, so not all known to every process).
    code: z.string().min(1),
    params: Values,
    hint: z.object({ code: z.enum(SHAPE_HINT_CODES as [string, ...string[]]), params: Values }).optional(),
    cause: ShapeErrorSchema.optional(),
    issue: PortableIssueSchema.optional(),
    detail: z.string().optional(),
  }),
) as z.ZodType<ShapeError>;

const PROBLEM_CODES = [
  'unknown-type',
  'invalid-param',
  'duplicate-name',
  'cycle',
  'unconnected-input',
  'too-many-inputs',
  'bad-edge',
  'shape-mismatch',
  'shared-weights',
  'no-input',
  'no-output',
  'too-large',
  'dtype-mismatch',
  'objective-missing',
  'input-unbound',
  'target-missing',
  'target-shape',
  'loss-misfit',
  'gan-role',
  'gan-shape',
  'gan-discriminator-output',
] as const satisfies readonly ProblemCode[];

/**
 * A validation problem as it crosses to the page (a graph the worker would not compile):
 * its code and values, so the page says it in the interface language, and its English message.
 */
export const ProblemSchema: z.ZodType<Problem> = z.object({
  nodeId: z.string(),
  port: z.string().optional(),
  severity: z.enum(['error', 'warning']),
  code: z.enum(PROBLEM_CODES),
  params: Values,
  shapeError: ShapeErrorSchema.optional(),
  issue: PortableIssueSchema.optional(),
  message: z.string(),
}) as z.ZodType<Problem>;
