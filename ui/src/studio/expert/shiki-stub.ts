/**
 * Stands in for shiki when bundling codemirror-json-schema (see
 * ui/vite.config.ts): the library would start a syntax highlighter for code
 * blocks in schema descriptions at load time, which needs WebAssembly and
 * pulls in a grammar engine; our schema descriptions hold no code. Markdown
 * is still rendered, without colours.
 */
export function createHighlighterCore(): Promise<never> {
  return new Promise<never>(() => undefined);
}

/** The markdown-it plugin factory of `@shikijs/markdown-it/core`: a plugin that does nothing. */
export function fromHighlighter(): () => void {
  return () => undefined;
}

export default {};
