/**
 * py_compile and pyflakes over Python files, in one Python process: what the tests ask of
 * every template and every export. Debian: apt install python3-pyflakes.
 */
import { execFile } from 'node:child_process';

const CHECK = String.raw`
import json, os, py_compile, sys, tempfile
from pyflakes import api, reporter as pyflakes_reporter

class Collect(pyflakes_reporter.Reporter):
    def __init__(self):
        self.messages = []
    def unexpectedError(self, filename, message):
        self.messages.append(f"{filename}: {message}")
    def syntaxError(self, filename, message, lineno, offset, text):
        self.messages.append(f"{filename}:{lineno}: {message}")
    def flake(self, message):
        self.messages.append(str(message))

problems = []
with tempfile.TemporaryDirectory() as out:
    for i, path in enumerate(sys.argv[1:]):
        try:
            py_compile.compile(path, cfile=os.path.join(out, f"{i}.pyc"), doraise=True)
        except py_compile.PyCompileError as err:
            problems.append(f"py_compile: {err.msg}")
collect = Collect()
for path in sys.argv[1:]:
    api.checkPath(path, collect)
problems += [f"pyflakes: {m}" for m in collect.messages]
print(json.dumps(problems))
`;

const CANDIDATES = [process.env.NND_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => Boolean(c));

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(python, args, { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
  );
}

/** A Python that has pyflakes, or null (and why). With CI=true a missing one is an error: CI installs python3-pyflakes. */
export async function pythonWithPyflakes(): Promise<{ python: string | null; skipReason: string | null }> {
  for (const python of CANDIDATES) {
    try {
      await run(python, ['-c', 'import pyflakes']);
      return { python, skipReason: null };
    } catch {
      /* the next one */
    }
  }
  const message = `no Python with pyflakes among ${CANDIDATES.join(', ')} (Debian: apt install python3-pyflakes)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${message}`);
  return { python: null, skipReason: message };
}

/** Every py_compile error and pyflakes warning in the files; empty when they are clean. */
export async function pythonProblems(python: string, files: string[]): Promise<string[]> {
  return JSON.parse(await run(python, ['-c', CHECK, ...files])) as string[];
}
