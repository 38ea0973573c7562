/** Where the text of a PDF's first page sits, in millimetres from the page's top-left corner, read with pdf.js. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TextBox {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const MM = 72 / 25.4;

export async function textBoxes(bytes: Uint8Array, pageNumber = 1): Promise<TextBox[]> {
  const pdf = await getDocument({
    data: new Uint8Array(bytes),
    useSystemFonts: false,
    isEvalSupported: false,
  }).promise;
  const page = await pdf.getPage(pageNumber);
  const [, , , pageHeight] = page.view as [number, number, number, number];
  const boxes: TextBox[] = [];
  for (const item of (await page.getTextContent()).items) {
    if (!('str' in item) || !item.str.trim()) continue;
    const [, , , , x, y] = item.transform as number[];
    boxes.push({
      text: item.str,
      left: (x ?? 0) / MM,
      right: ((x ?? 0) + item.width) / MM,
      // The baseline is at y; a glyph's top is about its height above it.
      top: (pageHeight - (y ?? 0) - item.height) / MM,
      bottom: (pageHeight - (y ?? 0)) / MM,
    });
  }
  await pdf.destroy();
  return joinWords(boxes);
}

/** pdf.js gives words; a line is the words on one baseline with no wide gap between them. */
function joinWords(words: TextBox[]): TextBox[] {
  const lines: TextBox[] = [];
  const sorted = [...words].sort((a, b) => a.bottom - b.bottom || a.left - b.left);
  for (const word of sorted) {
    const line = lines.find(
      (l) => Math.abs(l.bottom - word.bottom) < 0.5 && word.left - l.right < 3 && word.left >= l.left,
    );
    if (line) {
      line.text = `${line.text} ${word.text}`;
      line.right = Math.max(line.right, word.right);
      line.top = Math.min(line.top, word.top);
    } else {
      lines.push({ ...word });
    }
  }
  return lines;
}

/** Within the area, give or take a tenth of a millimetre of rounding. */
export const inside = (box: TextBox, area: { x: number; y: number; width: number; height: number }) =>
  box.left >= area.x - 0.1 &&
  box.right <= area.x + area.width + 0.1 &&
  box.top >= area.y - 0.1 &&
  box.bottom <= area.y + area.height + 0.1;

export const overlaps = (box: TextBox, area: { x: number; y: number; width: number; height: number }) =>
  box.left < area.x + area.width &&
  box.right > area.x &&
  box.top < area.y + area.height &&
  box.bottom > area.y;
