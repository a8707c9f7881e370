// A catalog's manifest: its name and version, and the guidance documents and sections it draws from.
import { z } from 'zod';

export const GuidanceSection = z.strictObject({
  title: z.string().min(1),
  notCheckable: z.string().min(1).optional().describe('Why no control is drawn from this section'),
});

export const GuidanceDocument = z.strictObject({
  title: z.string().min(1),
  file: z.string().min(1).describe('File name in the seeds folder'),
  date: z.string().optional(),
  sections: z.array(GuidanceSection).min(1),
});

export const CatalogManifest = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  documents: z.array(GuidanceDocument).default([]),
  aliases: z
    .record(z.string().min(1).max(100), z.string().min(1).max(100))
    .default({})
    .describe('Ids of removed or renamed controls and threats, each with the id that replaced it: a risk decision naming the old id still applies, with a warning'),
});
export type CatalogManifest = z.output<typeof CatalogManifest>;
export type GuidanceDocument = z.output<typeof GuidanceDocument>;
