/**
 * Draws the app icon (build/icon.png, 1024×1024) with pngjs: the brand mark of the page's
 * favicon — a blue rounded square with a small network of white nodes and links. No
 * downloads, no image tools; electron-builder derives the .ico and .icns from this PNG.
 * Run: npx tsx scripts/make-icon.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 1024;
/** The favicon's 32-unit drawing, scaled. */
const unit = SIZE / 32;
const BLUE = [0x3d, 0x6d, 0xf2] as const;
const WHITE = [0xff, 0xff, 0xff] as const;
const nodes = [
  { x: 8, y: 10, r: 2.6 },
  { x: 8, y: 22, r: 2.6 },
  { x: 16, y: 16, r: 2.4 },
  { x: 24, y: 16, r: 2.8 },
];
const links = [
  [0, 2],
  [1, 2],
  [2, 3],
] as const;

/** Coverage of a pixel by a shape, from 4×4 samples: smooth edges without a drawing library. */
function coverage(px: number, py: number, inside: (x: number, y: number) => boolean): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside((px + (i + 0.5) / 4) / unit, (py + (j + 0.5) / 4) / unit)) hits++;
  return hits / 16;
}

function inRoundedSquare(x: number, y: number): boolean {
  const radius = 8;
  const cx = Math.min(Math.max(x, radius), 32 - radius);
  const cy = Math.min(Math.max(y, radius), 32 - radius);
  return x >= 0 && y >= 0 && x <= 32 && y <= 32 && (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function onLink(x: number, y: number): boolean {
  return links.some(([a, b]) => {
    const p = nodes[a]!;
    const q = nodes[b]!;
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const t = Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / (dx * dx + dy * dy)));
    return (x - p.x - t * dx) ** 2 + (y - p.y - t * dy) ** 2 <= 0.55 ** 2;
  });
}

const inNode = (x: number, y: number) => nodes.some((n) => (x - n.x) ** 2 + (y - n.y) ** 2 <= n.r ** 2);

export function drawIcon(): Buffer {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const background = coverage(x, y, inRoundedSquare);
      const mark = background > 0 ? coverage(x, y, (u, v) => inNode(u, v) || onLink(u, v)) : 0;
      const offset = (y * SIZE + x) * 4;
      for (let c = 0; c < 3; c++) png.data[offset + c] = Math.round(BLUE[c]! * (1 - mark) + WHITE[c]! * mark);
      png.data[offset + 3] = Math.round(255 * background);
    }
  return PNG.sync.write(png);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = fileURLToPath(new URL('../build/icon.png', import.meta.url));
  writeFileSync(file, drawIcon());
  console.log(`wrote ${file} (${SIZE}×${SIZE})`);
}
