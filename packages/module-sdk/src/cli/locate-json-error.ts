/** Where JSON.parse stopped, 1-based, when its message says (Node 20: "at position N"). */
export function locateJsonError(
  text: string,
  error: unknown,
): { line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  const offset = position
    ? Number(position[1])
    : /end of JSON input/.test(message)
      ? text.length
      : undefined;
  if (offset === undefined) return undefined;
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
