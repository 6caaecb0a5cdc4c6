/**
 * Where a `JSON.parse` error is, as line and column (1-based): engines say
 * "at position 123" or "(line 5 column 3)"; without either, the end of the text.
 */
export function parseProblem(text: string, err: Error): { line: number; column: number; message: string } {
  const message = err.message.replace(/\s*\(line \d+ column \d+\)\s*$/, '').replace(/\s*at position \d+.*$/, '');
  const lc = /line (\d+) column (\d+)/.exec(err.message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]), message };
  const pos = /position (\d+)/.exec(err.message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1, message };
}
