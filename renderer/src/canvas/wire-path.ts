type Point = { x: number; y: number };

const CORNER = 8;
/** The shortest straight stretch a wire leaves a port with before it turns. */
const MIN_STUB = 8;
/** How far a port may have moved past the route's first or last turn for the route to be kept. */
const PORT_SLACK = 24;

/** Moves the vertical stretch through `points[i]` (and its other end) to column `x`. */
function nudgeColumn(points: Point[], i: number, x: number): void {
  const at = points[i];
  if (!at || i <= 0 || i >= points.length - 1 || at.x === x) return;
  const partner = [points[i - 1], points[i + 1]].find((p) => p && p !== points[0] && p !== points[points.length - 1] && p.x === at.x && p.y !== at.y);
  if (!partner) return;
  points[i] = { x, y: at.y };
  const j = points.indexOf(partner);
  points[j] = { x, y: partner.y };
}

/**
 * The points of a routed wire between its two ports on the page. The layout's bends start
 * on the source port's row and end on the target port's row; the page drew the ports where
 * it did (a measured node may differ a little from the layout's estimate), so the bends on
 * those two rows move with their port and the wire stays orthogonal.
 */
export function routedPoints(source: Point, target: Point, route: readonly (readonly [number, number])[]): Point[] {
  const bends = route.map(([x, y]) => ({ x, y }));
  if (bends.length === 0) return [source, target];
  const sourceRow = bends[0]!.y;
  const targetRow = bends[bends.length - 1]!.y;
  let lead = 0;
  while (lead < bends.length && bends[lead]!.y === sourceRow) lead++;
  let tail = bends.length;
  while (tail > lead && bends[tail - 1]!.y === targetRow) tail--;
  const points: Point[] = [source];
  bends.forEach((b, i) => points.push({ x: b.x, y: i < lead ? source.y : i >= tail ? target.y : b.y }));
  // Every bend on the source's row: one more corner reaches the target's row.
  if (tail === bends.length && lead === bends.length && source.y !== target.y) points.push({ x: bends[bends.length - 1]!.x, y: target.y });
  // The bend that leaves the source's row and the one that joins the target's row keep their column.
  const out: Point[] = [];
  for (const p of [...points, target]) {
    const prev = out[out.length - 1];
    if (prev && prev.x !== p.x && prev.y !== p.y) out.push({ x: prev.x, y: p.y });
    if (!prev || prev.x !== p.x || prev.y !== p.y) out.push(p);
  }
  // A node drawn a little wider than the layout planned: its wire's first and last turns
  // keep a short straight stretch beside the port instead of doubling back.
  nudgeColumn(out, 1, Math.max(out[1]!.x, source.x + MIN_STUB));
  nudgeColumn(out, out.length - 2, Math.min(out[out.length - 2]!.x, target.x - MIN_STUB));
  // Drop points in the middle of a straight stretch.
  return out.filter((p, i) => {
    const a = out[i - 1];
    const c = out[i + 1];
    return !a || !c || !((a.x === p.x && p.x === c.x) || (a.y === p.y && p.y === c.y));
  });
}

/**
 * Whether a route still leaves its source rightwards and enters its target from the left: a
 * node that grew (a longer name, a new parameter) can push its port past the route's first
 * bend, and the wire would then double back.
 */
export function routeFits(sourceX: number, targetX: number, route: readonly (readonly [number, number])[]): boolean {
  if (route.length === 0) return false;
  return sourceX <= route[0]![0] + PORT_SLACK && targetX >= route[route.length - 1]![0] - PORT_SLACK;
}

/** An SVG path through orthogonal points with rounded corners. */
export function orthogonalPath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  let path = `M ${points[0]!.x} ${points[0]!.y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!;
    const at = points[i]!;
    const next = points[i + 1]!;
    const radius = Math.min(CORNER, Math.hypot(at.x - prev.x, at.y - prev.y) / 2, Math.hypot(next.x - at.x, next.y - at.y) / 2);
    const toward = (from: Point, to: Point, d: number) => {
      const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      return { x: from.x + ((to.x - from.x) / length) * d, y: from.y + ((to.y - from.y) / length) * d };
    };
    const before = toward(at, prev, radius);
    const after = toward(at, next, radius);
    path += ` L ${before.x} ${before.y} Q ${at.x} ${at.y} ${after.x} ${after.y}`;
  }
  const last = points[points.length - 1]!;
  return `${path} L ${last.x} ${last.y}`;
}

/** Where a wire's shape label goes: the middle of its longest horizontal stretch (a skip wire's lane), else its middle. */
export function labelPoint(points: readonly Point[]): Point {
  let best: { from: Point; to: Point } | null = null;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1]!;
    const to = points[i]!;
    if (from.y !== to.y) continue;
    if (!best || Math.abs(to.x - from.x) > Math.abs(best.to.x - best.from.x)) best = { from, to };
  }
  if (best) return { x: (best.from.x + best.to.x) / 2, y: best.from.y };
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return { x: (first.x + last.x) / 2, y: (first.y + last.y) / 2 };
}
