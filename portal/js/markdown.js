/**
 * Announcement bodies (guide §3) as DOM nodes — never HTML. `format: "text"` is plain text (line
 * breaks kept); `format: "markdown"` is a small, safe subset:
 *
 *   - paragraphs, separated by a blank line (a single line break inside one is kept as a break)
 *   - `**bold**` and `*italic*` (they may nest, e.g. a bold word in an italic sentence)
 *   - lines starting with `- ` form a bulleted list
 *   - `[text](https://…)` links — http(s) only, opened in a new tab with rel="noopener noreferrer";
 *     anything else (`javascript:`, `data:`, relative addresses) stays literal text
 *
 * Everything else, including markup such as `<script>`, is shown literally: the renderer creates
 * text nodes and a fixed set of elements (p, br, ul, li, strong, em, a), and sets no attribute
 * from the body except a checked http(s) `href`.
 */

import { h } from './dom.js';

const LIST_ITEM = /^\s*- (.*)$/;
const LINK = /\[([^\]\n]+)\]\(\s*([^\s()]+)\s*\)/;
const BOLD = /\*\*(?=\S)([\s\S]*?\S)\*\*/;
const ITALIC = /\*(?=[^\s*])((?:[^*]|\*\*[^*]+\*\*)*?[^\s*])\*(?!\*)/;

/** The body of an announcement as an element (`div.rich-text`) of safe nodes. */
export function renderBody(body, format, attrs = {}) {
  const box = h('div', { ...attrs, class: ['rich-text', format === 'markdown' ? 'rich-text--markdown' : 'rich-text--plain', attrs.class] });
  if (format === 'markdown') box.append(...markdownBlocks(String(body ?? '')));
  else box.append(h('p', { class: 'rich-text__plain' }, String(body ?? '')));
  return box;
}

/** A checked absolute http(s) address, or null. */
export function safeHref(target) {
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

function markdownBlocks(text) {
  const blocks = [];
  const chunks = text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const chunk of chunks) {
    const lines = chunk.split('\n').filter((line) => line.trim() !== '');
    if (!lines.length) continue;
    // Consecutive list lines form a list; the other lines between them a paragraph.
    let paragraph = [];
    let list = null;
    const flushParagraph = () => {
      if (paragraph.length) blocks.push(h('p', {}, joinLines(paragraph)));
      paragraph = [];
    };
    for (const line of lines) {
      const item = LIST_ITEM.exec(line);
      if (item) {
        flushParagraph();
        if (!list) {
          list = h('ul', {});
          blocks.push(list);
        }
        list.append(h('li', {}, inline(item[1].trim())));
      } else {
        list = null;
        paragraph.push(line.trim());
      }
    }
    flushParagraph();
  }
  return blocks;
}

function joinLines(lines) {
  const nodes = [];
  lines.forEach((line, i) => {
    if (i > 0) nodes.push(h('br'));
    nodes.push(...inline(line));
  });
  return nodes;
}

/** Inline spans: the earliest of link, bold, italic wins; text around it stays text. */
function inline(text, { links = true } = {}) {
  const nodes = [];
  let rest = text;
  while (rest) {
    const candidates = [
      links ? ['link', LINK.exec(rest)] : null,
      ['bold', BOLD.exec(rest)],
      ['italic', ITALIC.exec(rest)],
    ].filter((c) => c && c[1]);
    if (!candidates.length) break;
    // Earliest match; at the same place, a link before bold before italic.
    const [kind, match] = candidates.reduce((best, c) => (c[1].index < best[1].index ? c : best));
    if (match.index > 0) nodes.push(document.createTextNode(rest.slice(0, match.index)));
    nodes.push(span(kind, match, links));
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest) nodes.push(document.createTextNode(rest));
  return nodes;
}

function span(kind, match, links) {
  if (kind === 'bold') return h('strong', {}, inline(match[1], { links }));
  if (kind === 'italic') return h('em', {}, inline(match[1], { links }));
  const href = safeHref(match[2]);
  if (!href) return document.createTextNode(match[0]); // not http(s): shown as written
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'rich-text__link' },
    inline(match[1], { links: false }),
    h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}
