/**
 * The kinds of file Abate can recognise from their first bytes (their "magic bytes"), never from
 * their name or the type a browser declares. Policy chooses which of these a council accepts; a
 * file whose content matches none of them is refused whatever it claims to be.
 */

export type FileKind = 'recording' | 'photo' | 'document';

export interface FileType {
  /** The canonical MIME type, as policy lists it and as the file is kept. */
  mime: string;
  kind: FileKind;
  /** How a person names it: "MP3". */
  label: string;
  /** Types browsers and recorders declare for files of this kind. */
  aliases: readonly string[];
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, index) => head[offset + index] === byte);
}

function text(head: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...head.subarray(from, Math.min(to, head.length)));
}

const type = (mime: string, kind: FileKind, label: string, aliases: string[] = []): FileType => ({
  mime,
  kind,
  label,
  aliases: [mime, ...aliases],
});

export const fileTypes = {
  mp3: type('audio/mpeg', 'recording', 'MP3', ['audio/mp3', 'audio/mpeg3', 'audio/x-mpeg-3', 'audio/x-mp3']),
  aac: type('audio/aac', 'recording', 'AAC', ['audio/x-aac', 'audio/aacp']),
  m4a: type('audio/mp4', 'recording', 'M4A', ['audio/x-m4a', 'audio/m4a', 'audio/aac']),
  wav: type('audio/wav', 'recording', 'WAV', ['audio/x-wav', 'audio/wave', 'audio/vnd.wave']),
  ogg: type('audio/ogg', 'recording', 'OGG', ['audio/opus', 'application/ogg', 'video/ogg']),
  flac: type('audio/flac', 'recording', 'FLAC', ['audio/x-flac']),
  amr: type('audio/amr', 'recording', 'AMR', ['audio/x-amr']),
  webm: type('audio/webm', 'recording', 'WEBM', ['video/webm']),
  mp4: type('video/mp4', 'recording', 'MP4', ['audio/mp4', 'audio/x-m4a', 'audio/m4a', 'video/x-m4v']),
  mov: type('video/quicktime', 'recording', 'MOV'),
  threeGp: type('video/3gpp', 'recording', '3GP', ['audio/3gpp', 'video/3gpp2', 'audio/3gpp2']),
  jpeg: type('image/jpeg', 'photo', 'JPG', ['image/jpg', 'image/pjpeg']),
  png: type('image/png', 'photo', 'PNG'),
  heic: type('image/heic', 'photo', 'HEIC', ['image/heif', 'image/heic-sequence', 'image/heif-sequence']),
  webp: type('image/webp', 'photo', 'WEBP'),
  pdf: type('application/pdf', 'document', 'PDF', ['application/x-pdf']),
} as const;

/** Bytes a recogniser needs to see: enough for an MP4 brand and a WebM document type. */
export const HEAD_BYTES = 64;

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The ISO media file (MP4 family): what its major brand says it is. */
function isoMedia(head: Uint8Array): FileType | undefined {
  if (!startsWith(head, ascii('ftyp'), 4)) return undefined;
  const brand = text(head, 8, 12);
  if (brand.length < 4) return undefined;
  if (HEIF_BRANDS.has(brand)) return fileTypes.heic;
  if (brand === 'qt  ') return fileTypes.mov;
  if (brand.startsWith('3g')) return fileTypes.threeGp;
  if (brand === 'M4A ' || brand === 'M4B ') return fileTypes.m4a;
  if (/^[A-Za-z0-9 ]{4}$/.test(brand)) return fileTypes.mp4;
  return undefined;
}

/** The file type its first bytes show, or undefined for anything Abate does not recognise. */
export function detectFileType(head: Uint8Array): FileType | undefined {
  if (startsWith(head, ascii('ID3'))) return fileTypes.mp3;
  if (head.length >= 2 && head[0] === 0xff) {
    const second = head[1] ?? 0;
    // ADTS (AAC) and MPEG audio frames share the 12-bit sync; the layer bits tell them apart.
    if ((second & 0xf6) === 0xf0) return fileTypes.aac;
    if ((second & 0xe0) === 0xe0 && (second & 0x06) !== 0 && (second & 0x18) !== 0x08) return fileTypes.mp3;
  }
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WAVE'), 8)) return fileTypes.wav;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return fileTypes.webp;
  if (startsWith(head, ascii('OggS'))) return fileTypes.ogg;
  if (startsWith(head, ascii('fLaC'))) return fileTypes.flac;
  if (startsWith(head, ascii('#!AMR'))) return fileTypes.amr;
  // WebM is Matroska (EBML) whose document type says "webm".
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3]) && text(head, 4, HEAD_BYTES).includes('webm'))
    return fileTypes.webm;
  const iso = isoMedia(head);
  if (iso) return iso;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return fileTypes.jpeg;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return fileTypes.png;
  if (startsWith(head, ascii('%PDF-'))) return fileTypes.pdf;
  return undefined;
}

const known: FileType[] = Object.values(fileTypes);

/** The recognisable type a declared MIME type names (its first match), if any. */
export function typeDeclaredAs(declared: string): FileType | undefined {
  const mime = normalisedMime(declared);
  return known.find((candidate) => candidate.mime === mime) ?? known.find((t) => t.aliases.includes(mime));
}

/** `Audio/MPEG; charset=x` → `audio/mpeg`. */
export function normalisedMime(declared: string): string {
  return (declared.split(';')[0] ?? '').trim().toLowerCase();
}

/** Browsers declare these when they do not know: the content decides. */
export function declaresNothing(declared: string): boolean {
  const mime = normalisedMime(declared);
  return mime === '' || mime === 'application/octet-stream';
}

/** The recognisable types a policy's list allows, in its order. */
export function allowedTypes(mimes: readonly string[]): FileType[] {
  return mimes
    .map((mime) => known.find((candidate) => candidate.mime === mime))
    .filter((found): found is FileType => found !== undefined);
}

/** "an MP3, M4A or PDF", the way GOV.UK's file upload messages list types. */
export function listOfLabels(types: readonly FileType[]): string {
  const labels = [...new Set(types.map((t) => t.label))];
  // Said aloud: "an MP3", "an OGG", but "a FLAC", "a HEIC".
  const article = /^(MP|M4|A|E|I|O)/.test(labels[0] ?? '') ? 'an' : 'a';
  if (labels.length <= 1) return `${article} ${labels[0] ?? 'file'}`;
  return `${article} ${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
}
