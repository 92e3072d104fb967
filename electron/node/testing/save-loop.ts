/**
 * Saves one project file over and over, alternating two versions of it, until killed: the
 * other side of the kill test in save-kill.test.ts. The texts are made once so that nearly
 * all of the loop's time is spent writing, where a kill must not tear the file. Prints
 * `saved` after the first save.
 */
import { serializeDocument } from '../../../shared/graph/document';
import { writeFileAtomic } from '../project-files';
import { killTestDocument } from './kill-test-documents';

const [file] = process.argv.slice(2) as [string];
const versions = [serializeDocument(killTestDocument('A')), serializeDocument(killTestDocument('B'))];
let round = 0;
for (;;) {
  await writeFileAtomic(file, versions[round % 2]!);
  if (round === 0) process.stdout.write('saved\n');
  round++;
}
