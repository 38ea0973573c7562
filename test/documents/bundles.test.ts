/**
 * The renderer as Lambda runs it: an ESM bundle built like the stack's (no `__dirname`, no
 * node_modules). Rendering a PDF needs pdfmake and its fonts (about 2 MB), so only the functions
 * that render may carry them; and the bundled renderer must give the same bytes as the one the
 * tests use, or the hash recorded in a step would not be the hash of what the drain posts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { readCouncilConfigFile, SAMPLE_COUNCIL_CONFIG } from '../../functions/config/council.ts';
import { councilBranding, type Document } from '../../functions/domain/documents/model.ts';
import { renderPdf } from '../../functions/domain/documents/pdf.ts';
import { functions } from '../../infra/functions.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(path.join(tmpdir(), 'abate-documents-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The options infra/constructs/function-bundles.ts gives esbuild for every function. */
const lambdaBuild = {
  absWorkingDir: projectRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  mainFields: ['module', 'main'],
  banner: {
    js: "import { createRequire as __abateCreateRequire } from 'node:module'; const require = __abateCreateRequire(import.meta.url);",
  },
  tsconfig: path.join(projectRoot, 'tsconfig.json'),
  logLevel: 'silent',
} satisfies esbuild.BuildOptions;

describe('the Lambda bundles', () => {
  it('carry pdfmake only in the functions that render a document', { timeout: 120_000 }, async () => {
    const entryPoints = functions.map((spec) => ({ in: path.join(projectRoot, spec.entry), out: spec.id }));
    // Bundling all ~40 functions one by one writes ~150 MB of JavaScript. A bundle can only hold a
    // file its entry reaches through imports (tree-shaking only removes), and the import graph is
    // the same however the output is split: read it from one build with code splitting, which
    // writes each shared module once, and bundle one by one only the functions that reach pdfmake.
    const graph = await esbuild.build({
      ...lambdaBuild,
      minify: false,
      splitting: true,
      entryPoints,
      outdir: path.join(outdir, 'graph'),
      write: false,
      metafile: true,
    });
    const imports = graph.metafile.inputs;
    const reachesPdfmake = (entry: string) => {
      const seen = new Set<string>();
      const pending = [path.relative(projectRoot, entry)];
      for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        if (seen.has(file)) continue;
        if (file.includes('node_modules/pdfmake/')) return true;
        seen.add(file);
        for (const record of imports[file]?.imports ?? []) if (!record.external) pending.push(record.path);
      }
      return false;
    };
    const mayCarry = entryPoints.filter((entry) => reachesPdfmake(entry.in));
    expect(mayCarry.length, 'the import graph was read').toBeGreaterThan(0);

    const result = await esbuild.build({
      ...lambdaBuild,
      minify: false,
      entryPoints: mayCarry,
      outdir: path.join(outdir, 'all'),
      write: false,
      metafile: true,
    });
    const rendering = Object.entries(result.metafile.outputs)
      .filter(([, output]) =>
        Object.keys(output.inputs).some((input) => input.includes('node_modules/pdfmake/')),
      )
      .map(([file]) => path.basename(file, '.js'))
      .sort();
    expect(rendering).toEqual([
      'CaseStep',
      'DeliverOutbox',
      'GetNoticeDocument',
      'RecordNoiseActWarningNotice',
    ]);
  });

  it('render a notice to the same bytes as the renderer the tests run', { timeout: 60_000 }, async () => {
    const document: Document = {
      kind: 'community-protection-warning',
      language: 'en',
      title: 'Community Protection Warning',
      statutoryHeading: { act: 'Anti-social Behaviour, Crime and Policing Act 2014', section: 'section 43' },
      reference: 'NN-2026-000017',
      date: '2026-11-26',
      recipient: { name: 'Gwenllian ap Dafydd', addressLines: ['Tŷ Ŵyn', 'Heol yr Ŷd', 'NM2 4QT'] },
      sections: [{ paragraphs: ['You are warned that you must stop the noise.'] }],
      particulars: [{ label: 'Time to comply', value: 'By 3 December 2026' }],
      issuedBy: { name: 'Officer Priya Shah', role: 'Authorised officer' },
      council: councilBranding(readCouncilConfigFile(SAMPLE_COUNCIL_CONFIG)),
    };
    const bundle = path.join(outdir, 'render.mjs');
    await esbuild.build({
      ...lambdaBuild,
      stdin: {
        contents:
          "import { renderPdf } from './functions/domain/documents/pdf.ts'; renderPdf(JSON.parse(process.env.ABATE_DOCUMENT)).then((r) => process.stdout.write(r.sha256));",
        resolveDir: projectRoot,
        loader: 'ts',
      },
      outfile: bundle,
    });
    let bundled: string;
    try {
      bundled = execFileSync(process.execPath, [bundle], {
        cwd: outdir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ABATE_DOCUMENT: JSON.stringify(document) },
      });
    } catch (error) {
      // Node prints the minified line that threw: keep only the error itself.
      const stderr = String((error as { stderr?: string }).stderr ?? error);
      throw new Error(
        `the bundled renderer failed: ${stderr
          .split('\n')
          .filter((l) => /^[A-Za-z]*Error\b/.test(l))
          .join('\n')
          .slice(0, 500)}`,
      );
    }
    expect(bundled).toBe((await renderPdf(document)).sha256);
  });
});
