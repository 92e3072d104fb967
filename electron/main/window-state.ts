import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../node/project-files';
import { DEFAULT_WINDOW_BOUNDS, MIN_WINDOW_SIZE, type WindowBounds } from './window-options';

const StoredWindowSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type StoredWindow = z.infer<typeof StoredWindowSchema>;

interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function windowStateFile(configDir: string): string {
  return path.join(configDir, 'window.json');
}

/** The size and place the window had last time; the defaults when there is none or it is damaged. */
export async function loadWindowState(configDir: string): Promise<StoredWindow> {
  try {
    const parsed = StoredWindowSchema.safeParse(JSON.parse(await readFile(windowStateFile(configDir), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // No file yet, or not JSON: a first start.
  }
  return { ...DEFAULT_WINDOW_BOUNDS, maximized: false };
}

export async function saveWindowState(configDir: string, state: StoredWindow): Promise<void> {
  await writeFileAtomic(windowStateFile(configDir), JSON.stringify(StoredWindowSchema.parse(state), null, 2) + '\n');
}

/**
 * The remembered bounds, kept only if the window would still be reachable: a screen that was
 * unplugged since (a laptop away from its monitor) would otherwise open the window off-screen.
 * At least a corner strip of the title bar must be on some display's work area.
 */
export function fitToDisplays(stored: StoredWindow, workAreas: readonly Rectangle[]): WindowBounds {
  const width = Math.max(MIN_WINDOW_SIZE.width, stored.width);
  const height = Math.max(MIN_WINDOW_SIZE.height, stored.height);
  if (stored.x === undefined || stored.y === undefined) return { width, height };
  const titleBar = { x: stored.x, y: stored.y, width, height: 40 };
  const visible = workAreas.some((area) => overlap(titleBar, area) >= 100 * 20);
  if (!visible) return { width: Math.min(width, workAreas[0]?.width ?? width), height: Math.min(height, workAreas[0]?.height ?? height) };
  return { x: stored.x, y: stored.y, width, height };
}

function overlap(a: Rectangle, b: Rectangle): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
