import { validateGraph, type Problem } from '../../shared/graph/analyze';
import { catalog } from '../../shared/layers';
import { readProject } from '../node/project-files';

/** `<nodeId>: <message>`, or the bare message for a problem of the whole graph. */
export function formatProblem(problem: Problem): string {
  const prefix = problem.nodeId ? `${problem.nodeId}: ` : '';
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${severity}${problem.message}`;
}

export interface ValidateOutcome {
  lines: string[];
  exitCode: number;
}

/** Errors fail the run; warnings are printed but a graph with only warnings is valid. */
export async function validateProjectFile(file: string): Promise<ValidateOutcome> {
  const doc = await readProject(file);
  const problems = validateGraph(doc, catalog);
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (errors.length) return { lines: [...errors, ...warnings].map(formatProblem), exitCode: 1 };
  const ok = `OK: ${file} is a valid network (${plural(doc.nodes.length, 'layer')}, ${plural(doc.edges.length, 'connection')})`;
  return { lines: [...warnings.map(formatProblem), ok], exitCode: 0 };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
