import { z } from 'zod';

/** Contract shapes of artifact previews: computed in core from the staged bytes Apply would write. */

const gridCellSchema = z.object({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  text: z.string(),
  numFmt: z.string().optional(),
  formula: z.string().optional(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  fill: z.string().optional(),
  color: z.string().optional(),
  align: z.string().optional(),
});

export const gridSheetSchema = z.object({
  name: z.string(),
  rowCount: z.number(),
  columnCount: z.number(),
  widths: z.array(z.number()),
  frozenRows: z.number(),
  cells: z.array(z.array(gridCellSchema.nullable())),
});
export type GridSheetView = z.infer<typeof gridSheetSchema>;

export const artifactPreviewSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('docx'), html: z.string(), warnings: z.array(z.string()) }),
  z.object({ kind: z.literal('xlsx'), sheets: z.array(gridSheetSchema) }),
  z.object({
    kind: z.literal('pptx'),
    /** `png`: LibreOffice rendered the slides (exact); `svg`: the built-in renderer of the slide XML (approximate). */
    mode: z.enum(['png', 'svg']),
    reason: z.string().optional(),
    /** Slide size in EMU. */
    width: z.number(),
    height: z.number(),
    slideCount: z.number(),
    /** Each slide as a data: URL image; fewer than slideCount when the preview hit its size budget. */
    slides: z.array(z.object({ number: z.number(), image: z.string() })),
  }),
]);
export type ArtifactPreviewView = z.infer<typeof artifactPreviewSchema>;

export const previewRoutes = {
  /** The preview of one artifact a finished run staged (before Apply or Discard). */
  'run.preview': {
    input: z.object({ runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), target: z.string().min(1).max(4096) }).strict(),
    output: z.object({ target: z.string(), overwrites: z.boolean(), preview: artifactPreviewSchema }),
  },
} as const;
