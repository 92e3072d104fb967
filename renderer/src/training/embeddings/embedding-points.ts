import type { NodeEmbeddings } from '../../../../shared/data/graph-embeddings';

export interface ClassPoints {
  label: number;
  className: string;
  points: NodeEmbeddings['points'];
}

/** Points grouped by class, one scatter series each (the legend names the class), in class order. */
export function pointsByClass(embeddings: NodeEmbeddings): ClassPoints[] {
  const groups = embeddings.classNames.map((className, label) => ({ label, className, points: [] as NodeEmbeddings['points'] }));
  for (const point of embeddings.points) groups[point.label]?.points.push(point);
  return groups.filter((group) => group.points.length > 0);
}
