/** Path helpers for host paths, whose separator the host reports (`/` or `\`). */

export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function dirName(path: string, separator: string): string {
  const index = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (index <= 0) return separator;
  return path.slice(0, index);
}

export function joinPath(folder: string, name: string, separator: string): string {
  return folder.endsWith(separator) ? `${folder}${name}` : `${folder}${separator}${name}`;
}

/** A file name for a project name: safe on every platform, with the project suffix. */
export function projectFileName(name: string): string {
  const printable = [...name.trim()].filter((c) => c.charCodeAt(0) >= 32).join('');
  const stem = printable.replace(/[<>:"/\\|?*]+/g, '-').replace(/\s+/g, '-') || 'untitled';
  return stem.endsWith('.nnd.json') ? stem : `${stem}.nnd.json`;
}
