/**
 * Line numbers of resource declarations, so a finding points at the line that declares the
 * resource. Both scans are linear and read the text once.
 */

/** `resource "type" "name" {`, `data "type" "name" {` and `provider "name" {` (first block of each name) in HCL. */
export function hclDeclarationLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const declaration = /^[ \t]*(resource|data)[ \t]+"([^"]+)"[ \t]+"([^"]+)"/gm;
  for (const match of text.matchAll(declaration)) {
    const address = `${match[1] === 'data' ? 'data.' : ''}${match[2]}.${match[3]}`;
    lines.set(address, lineOf(text, match.index));
  }
  for (const match of text.matchAll(/^[ \t]*provider[ \t]+"([^"]+)"/gm)) {
    if (!lines.has(`provider.${match[1]}`)) lines.set(`provider.${match[1]}`, lineOf(text, match.index));
  }
  return lines;
}

/**
 * The keys at `resource.<type>.<name>`, `data.<type>.<name>` and `provider.<name>` in a JSON document: a small scanner
 * that tracks strings, nesting and the key path, without building the document.
 */
export function jsonDeclarationLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  // Arrays are frames too, but invisible in the key path: `"resource": [{ ... }]` reads as `"resource": { ... }`.
  const frames: { key: string | undefined; array: boolean }[] = [];
  let objectPath: (string | undefined)[] = [];
  let line = 1;
  let pendingKey: string | undefined;
  let lastString: string | undefined;
  let lastStringLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      lastString = text.slice(i + 1, end);
      lastStringLine = line;
      i = end;
    } else if (c === ':') {
      pendingKey = lastString;
      const [, block, type] = objectPath;
      if (objectPath.length === 3 && (block === 'resource' || block === 'data') && pendingKey !== undefined) {
        lines.set(`${block === 'data' ? 'data.' : ''}${type}.${pendingKey}`, lastStringLine);
      } else if (objectPath.length === 2 && block === 'provider' && pendingKey !== undefined && !lines.has(`provider.${pendingKey}`)) {
        lines.set(`provider.${pendingKey}`, lastStringLine);
      }
    } else if (c === '{' || c === '[') {
      const parent = frames[frames.length - 1];
      frames.push({ key: pendingKey ?? (parent?.array ? parent.key : undefined), array: c === '[' });
      objectPath = frames.filter((frame) => !frame.array).map((frame) => frame.key);
      pendingKey = undefined;
    } else if (c === '}' || c === ']') {
      frames.pop();
      objectPath = frames.filter((frame) => !frame.array).map((frame) => frame.key);
    } else if (c === ',') {
      pendingKey = undefined;
    }
  }
  return lines;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
