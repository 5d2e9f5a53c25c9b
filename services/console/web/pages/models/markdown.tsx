import type { ComponentChildren, JSX } from 'preact';

/**
 * The markdown the gates write for a model card (services/gates/registry/model-card.ts): headings, paragraphs,
 * pipe tables, **bold**, _italic_ and `code`. Rendered as elements, never as HTML, so a description or tag value
 * holding markup shows as text. Headings start at `headingLevel`, below the page's own.
 */
export function Markdown({ text, headingLevel }: { text: string; headingLevel: 2 | 3 | 4 }) {
  return <>{blocks(text).map((block, index) => renderBlock(block, index, headingLevel))}</>;
}

type Block = { kind: 'heading'; depth: number; text: string } | { kind: 'table'; rows: string[][] } | { kind: 'paragraph'; text: string };

function blocks(text: string): Block[] {
  const found: Block[] = [];
  let paragraph: string[] = [];
  let table: string[][] = [];
  const flush = () => {
    if (paragraph.length > 0) found.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (table.length > 0) found.push({ kind: 'table', rows: table });
    paragraph = [];
    table = [];
  };
  for (const line of text.split(/\r?\n/)) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      found.push({ kind: 'heading', depth: heading[1]!.length, text: heading[2]! });
    } else if (/^\s*\|.*\|\s*$/.test(line)) {
      if (paragraph.length > 0) flush();
      const cells = splitRow(line);
      if (!cells.every((cell) => /^:?-{3,}:?$/.test(cell))) table.push(cells);
    } else if (line.trim() === '') {
      flush();
    } else {
      if (table.length > 0) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return found;
}

/** `| a | b \| c |` → ['a', 'b | c']: the card escapes pipes inside cells. */
function splitRow(line: string): string[] {
  const inner = line.trim().slice(1, -1);
  const cells: string[] = [];
  let current = '';
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index]!;
    if (char === '\\' && inner[index + 1] === '|') {
      current += '|';
      index++;
    } else if (char === '|') {
      cells.push(current.trim());
      current = '';
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

function renderBlock(block: Block, key: number, headingLevel: number): JSX.Element {
  if (block.kind === 'heading') {
    const Tag = `h${Math.min(6, headingLevel + block.depth - 1)}` as 'h2';
    return <Tag key={key}>{inline(block.text)}</Tag>;
  }
  if (block.kind === 'paragraph') return <p key={key}>{inline(block.text)}</p>;
  const [header = [], ...rows] = block.rows;
  return (
    <div key={key} class="table-wrap">
      <table class="data">
        <thead>
          <tr>
            {header.map((cell, index) => (
              <th key={index} scope="col">
                {inline(cell)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column}>{inline(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|(?<![\w])_[^_]+_(?![\w]))/;

function inline(text: string): ComponentChildren {
  return text.split(INLINE).map((part, index) => {
    if (index % 2 === 0) return part;
    if (part.startsWith('**')) return <strong key={index}>{part.slice(2, -2)}</strong>;
    if (part.startsWith('`')) return <code key={index}>{part.slice(1, -1)}</code>;
    return <em key={index}>{inline(part.slice(1, -1))}</em>;
  });
}
