/**
 * Who the council is: its name, addresses, contact details, logo, the payee for fixed penalties,
 * whether it writes in Welsh, and which GOV.UK Notify templates it uses. Nothing council-specific
 * lives in code or pages; it all comes from one JSON file (see README.md beside this file).
 */
import { readFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import * as z from 'zod';

const line = z.string().trim().min(1).max(120);
const notifyTemplateId = z.uuid({ error: 'A Notify template id is a UUID, as Notify shows it' });

export const PostalAddress = z.strictObject({
  lines: z.array(line).min(1).max(6),
  postcode: z.string().trim().min(5).max(10),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

const ChannelTemplates = z.strictObject({
  email: notifyTemplateId.optional(),
  sms: notifyTemplateId.optional(),
});

export const paymentMethods = ['online', 'phone', 'post', 'in-person'] as const;

/** The file as a council writes it. */
export const CouncilConfigFile = z.strictObject({
  name: line,
  /** Signs letters and names the service's team in page footers. */
  teamName: line,
  address: PostalAddress,
  phone: line,
  email: z.email(),
  dataProtectionEmail: z.email(),
  serviceHours: line,
  /** An out-of-hours noise line, if the council runs one. */
  outOfHours: z.strictObject({ phone: line, hours: line }).optional(),
  /** Where residents reach the pages (payment return links are built from it); `ABATE_WEB_URL` overrides it. */
  publicUrl: z.url(),
  /** An SVG or PNG file, relative to the configuration file. */
  logo: z.strictObject({ file: z.string().min(1), alt: line }).optional(),
  legalTeam: z.strictObject({ name: line, address: PostalAddress, email: z.email().optional() }),
  /** Where messages for staff teams (escalations, prosecution files) are emailed. */
  staffNotifications: z.strictObject({ managers: z.email(), legalTeam: z.email() }),
  fixedPenalties: z.strictObject({
    payeeName: line,
    payeeAddress: PostalAddress,
    paymentMethods: z
      .array(z.strictObject({ method: z.enum(paymentMethods), text: z.string().trim().min(1).max(300) }))
      .min(1),
  }),
  /** Councils in Wales write to residents in Welsh as well as English. */
  welsh: z.boolean(),
  notify: z.strictObject({
    letterPostage: z.enum(['first', 'second', 'economy']),
    templates: z.strictObject({
      /**
       * Generic templates whose subject and body are `((subject))` and `((body))`: every message
       * can go through them. Letters need none: they are sent as precompiled PDFs.
       */
      default: z.strictObject({ email: notifyTemplateId, sms: notifyTemplateId }),
      /** A template of its own for some messages (keyed by the outbox template name). */
      byTemplate: z.record(z.string(), ChannelTemplates).default({}),
    }),
  }),
});
export type CouncilConfigFile = z.infer<typeof CouncilConfigFile>;

export const CouncilLogo = z.strictObject({
  alt: line,
  mediaType: z.enum(['image/svg+xml', 'image/png']),
  /** The image file, base64. */
  base64: z.string().min(1),
});
export type CouncilLogo = z.infer<typeof CouncilLogo>;

/** The configuration with its logo read in: what code uses, and what a deployment bakes into bundles. */
export const CouncilConfig = CouncilConfigFile.omit({ logo: true }).extend({ logo: CouncilLogo.optional() });
export type CouncilConfig = z.infer<typeof CouncilConfig>;

export class CouncilConfigError extends Error {
  override name = 'CouncilConfigError';
}

const projectRoot = resolve(import.meta.dirname ?? '.', '../..');
export const SAMPLE_COUNCIL_CONFIG = resolve(projectRoot, 'config/council.sample.json');

/** Reads, checks and resolves one configuration file (its logo is read relative to it). */
export function readCouncilConfigFile(file: string): CouncilConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CouncilConfigError(`Cannot read the council configuration ${file}: ${String(error)}`);
  }
  const parsed = CouncilConfigFile.safeParse(raw);
  if (!parsed.success) throw new CouncilConfigError(`${file}: ${describeIssues(parsed.error.issues)}`);
  const { logo, ...rest } = parsed.data;
  if (!logo) return rest;
  const logoFile = isAbsolute(logo.file) ? logo.file : resolve(dirname(file), logo.file);
  const extension = extname(logoFile).toLowerCase();
  if (extension !== '.svg' && extension !== '.png')
    throw new CouncilConfigError(`${file}: the logo must be an .svg or .png file`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(logoFile);
  } catch {
    throw new CouncilConfigError(`${file}: cannot read the logo ${logoFile}`);
  }
  return {
    ...rest,
    logo: {
      alt: logo.alt,
      mediaType: extension === '.svg' ? 'image/svg+xml' : 'image/png',
      base64: bytes.toString('base64'),
    },
  };
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ');
}

// A deployment bakes the resolved configuration into each bundle under this name (esbuild `define`),
// because a Lambda has no configuration file beside it.
const bakedConfig: string | undefined = process.env.ABATE_COUNCIL_CONFIG_JSON;

const cache = new Map<string, CouncilConfig>();

/**
 * The council's configuration: the resolved JSON in `ABATE_COUNCIL_CONFIG_JSON` (deployments), else
 * the file named by `ABATE_COUNCIL_CONFIG`, else the sample council (local runs and tests).
 */
export function councilConfig(env: NodeJS.ProcessEnv = process.env): CouncilConfig {
  const inline = env.ABATE_COUNCIL_CONFIG_JSON ?? bakedConfig;
  const key = inline !== undefined ? `inline:${inline}` : `file:${env.ABATE_COUNCIL_CONFIG ?? ''}`;
  const known = cache.get(key);
  if (known) return known;
  let config: CouncilConfig;
  if (inline !== undefined) {
    const parsed = CouncilConfig.safeParse(JSON.parse(inline));
    if (!parsed.success)
      throw new CouncilConfigError(`ABATE_COUNCIL_CONFIG_JSON: ${describeIssues(parsed.error.issues)}`);
    config = parsed.data;
  } else {
    config = readCouncilConfigFile(
      env.ABATE_COUNCIL_CONFIG ? resolve(env.ABATE_COUNCIL_CONFIG) : SAMPLE_COUNCIL_CONFIG,
    );
  }
  cache.set(key, config);
  return config;
}

/** Where residents' pages live: `ABATE_WEB_URL` (the local stack's port) or the configured URL. */
export function publicWebUrl(config: CouncilConfig, env: NodeJS.ProcessEnv = process.env): string {
  return (env.ABATE_WEB_URL ?? config.publicUrl).replace(/\/+$/, '');
}

export function addressLines(address: PostalAddress): string[] {
  return [...address.lines, address.postcode];
}

/** The logo as a `data:` URL (the page policy allows images from `data:`, so no extra route is needed). */
export function logoDataUri(logo: CouncilLogo): string {
  return `data:${logo.mediaType};base64,${logo.base64}`;
}
