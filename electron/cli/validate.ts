import path from 'node:path';
import type { DatasetReference } from '../../shared/data/reference';
import { analyzeGraph, type Problem } from '../../shared/graph/analyze';
import type { GraphDocument } from '../../shared/graph/document';
import { trainingProblems } from '../../shared/graph/objectives';
import type { TrainingConfig } from '../../shared/graph/training-config';
import { catalog } from '../../shared/layers';
import { describeDatasetFields } from '../node/dataset-fields';
import { readProject } from '../node/project-files';

/** `<nodeId>: <message>`, or the bare message for a problem of the whole graph. */
export function formatProblem(problem: Problem): string {
  const prefix = problem.nodeId ? `${problem.nodeId}: ` : '';
  const severity = problem.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${severity}${problem.message}`;
}

export interface ProjectCheck {
  /** The graph's problems, then what keeps it from training (objectives against the dataset's fields). */
  problems: Problem[];
  /** Lines to print as warnings: what could not be checked, and why. */
  notes: string[];
}

/**
 * Everything `nnd validate` checks, which `nnd train` checks before any worker starts: the
 * graph, and each output's objective against the fields of the dataset (read as the worker
 * reads it). `dataset` and `training` default to the project's own.
 */
export async function checkProject(
  doc: GraphDocument,
  file: string,
  overrides: { dataset?: DatasetReference | null; training?: TrainingConfig } = {},
): Promise<ProjectCheck> {
  const dataset = overrides.dataset === undefined ? doc.dataset : overrides.dataset;
  const training = overrides.training ?? doc.training;
  const analysis = analyzeGraph(doc, catalog);
  const { fields, unreadable } = await describeDatasetFields(dataset, analysis, training, path.dirname(path.resolve(file)));
  const notes = unreadable ? [`warning: the dataset does not load, so no output's target was checked against it: ${unreadable}`] : [];
  return { problems: [...analysis.problems, ...trainingProblems({ ...doc, dataset }, analysis, fields, training)], notes };
}

export interface ValidateOutcome {
  lines: string[];
  exitCode: number;
}

/** Errors fail the run; warnings are printed but a graph with only warnings is valid. */
export async function validateProjectFile(file: string): Promise<ValidateOutcome> {
  const doc = await readProject(file);
  const { problems, notes } = await checkProject(doc, file);
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = [...problems.filter((p) => p.severity === 'warning').map(formatProblem), ...notes];
  if (errors.length) return { lines: [...errors.map(formatProblem), ...warnings], exitCode: 1 };
  const ok = `OK: ${file} is a valid network (${plural(doc.nodes.length, 'layer')}, ${plural(doc.edges.length, 'connection')})`;
  return { lines: [...warnings, ok], exitCode: 0 };
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
