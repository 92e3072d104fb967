/**
 * Writes examples/*.nnd.json and the data files they train on. The examples are plain
 * project files a person may edit in the app; these scripts are how they were made, so a
 * change of the document format or of a layer's params can regenerate them in one go.
 * Each family of examples has its own file in scripts/examples/; add one line here for a new one.
 * Run: npx tsx scripts/make-examples.ts
 */
import './examples/basics';
import './examples/vision';
import './examples/graphs';
import './examples/gan-ring';
import './examples/sequences';
import './examples/dcgan';
import { writeExamples } from './examples/builder';

await writeExamples();
