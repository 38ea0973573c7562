/**
 * Rendering a PDF needs pdfmake and its fonts (about 2 MB). Only the functions that render a
 * document may carry them: the outbox drain, the step that serves notices, the Noise Act record
 * and the download. Every other function reaches the document model, never the renderer.
 */
import path from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functions } from '../../infra/functions.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

describe('the Lambda bundles', () => {
  it('carry pdfmake only in the functions that render a document', { timeout: 120_000 }, async () => {
    const result = await esbuild.build({
      absWorkingDir: projectRoot,
      entryPoints: functions.map((spec) => ({ in: path.join(projectRoot, spec.entry), out: spec.id })),
      outdir: path.join(projectRoot, '.bundle-check'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      tsconfig: path.join(projectRoot, 'tsconfig.json'),
      write: false,
      metafile: true,
      logLevel: 'silent',
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
});
