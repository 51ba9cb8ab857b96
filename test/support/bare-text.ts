import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@vue/compiler-sfc';

/** Static attributes whose value a person reads or hears (a screen reader reads aria-label). */
const spokenAttributes = new Set(['label', 'title', 'placeholder', 'aria-label', 'alt', 'hint', 'legend', 'heading', 'summary', 'description']);
const hasWords = (text: string) => /\p{L}{2,}/u.test(text);

interface TemplateNode {
  type: number;
  content?: string;
  loc: { start: { line: number } };
  props?: { type: number; name: string; value?: { content: string } }[];
  children?: TemplateNode[];
}

const ELEMENT = 1;
const TEXT = 2;
const ATTRIBUTE = 6;

function* bareTexts(node: TemplateNode): Generator<{ line: number; text: string }> {
  if (node.type === TEXT && node.content && hasWords(node.content)) yield { line: node.loc.start.line, text: node.content.trim() };
  if (node.type === ELEMENT) {
    for (const prop of node.props ?? []) {
      if (prop.type === ATTRIBUTE && spokenAttributes.has(prop.name) && prop.value && hasWords(prop.value.content)) {
        yield { line: node.loc.start.line, text: `${prop.name}="${prop.value.content}"` };
      }
    }
  }
  for (const child of node.children ?? []) yield* bareTexts(child);
}

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return vueFiles(path);
    return entry.name.endsWith('.vue') ? [path] : [];
  });
}

/** Words written straight into templates instead of coming from the catalogs: "file:line text". */
export function findBareTexts(root: string): string[] {
  return vueFiles(root).flatMap((file) => {
    const template = parse(readFileSync(file, 'utf8'), { filename: file }).descriptor.template;
    if (!template?.ast) return [];
    return [...bareTexts(template.ast as unknown as TemplateNode)].map(({ line, text }) => `${relative(root, file)}:${line} ${text}`);
  });
}
