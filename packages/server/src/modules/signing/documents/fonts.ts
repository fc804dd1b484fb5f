import { readFile } from 'node:fs/promises';

/**
 * Liberation Serif (SIL OFL 1.1, metric-compatible with Times New Roman, which Decree 30 names), shipped in
 * packages/server/assets/fonts so rendering needs no system fonts. Read once per process.
 */
export interface SerifFontFiles { regular: Uint8Array; bold: Uint8Array; italic: Uint8Array; boldItalic: Uint8Array }

/** packages/server/assets/fonts, found from this file (src/modules/signing/documents) so cwd does not matter. */
export const fontsDirectory = new URL('../../../../assets/fonts/', import.meta.url);

const fileNames: Record<keyof SerifFontFiles, string> = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  boldItalic: 'LiberationSerif-BoldItalic.ttf',
};

let cached: Promise<SerifFontFiles> | null = null;

/** The four Liberation Serif faces as bytes (cached; a failed read is retried next time). */
export function loadSerifFonts(): Promise<SerifFontFiles> {
  cached ??= readAll().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

async function readAll(): Promise<SerifFontFiles> {
  const read = (name: string) => readFile(new URL(name, fontsDirectory)).then((b) => new Uint8Array(b));
  const [regular, bold, italic, boldItalic] = await Promise.all([
    read(fileNames.regular), read(fileNames.bold), read(fileNames.italic), read(fileNames.boldItalic),
  ]);
  return { regular, bold, italic, boldItalic };
}
