/**
 * Honour the EHR's `smart_style_url` (SMART App Launch: context-passthrough-style): fetch its
 * JSON and map the few values we recognise onto CSS custom properties. Anything unrecognised or
 * malformed is ignored: styling must never stop the app.
 */
import { z } from 'zod';

const cssColour = z.string().regex(/^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\)|[a-zA-Z]+)$/);
const cssLength = z.string().regex(/^\d+(\.\d+)?(px|rem|em)$/);
const fontFamily = z.string().regex(/^[\w\s,'"-]+$/).max(200);

const styleSchema = z.object({
  color_background: cssColour.optional(),
  color_text: cssColour.optional(),
  color_highlight: cssColour.optional(),
  color_error: cssColour.optional(),
  dim_border_radius: cssLength.optional(),
  dim_font_size: cssLength.optional(),
  font_family_body: fontFamily.optional(),
  font_family_heading: fontFamily.optional(),
});

const mapping: Record<keyof z.infer<typeof styleSchema>, string> = {
  color_background: '--ehr-background',
  color_text: '--ehr-text',
  color_highlight: '--ehr-highlight',
  color_error: '--ehr-error',
  dim_border_radius: '--ehr-radius',
  dim_font_size: '--ehr-font-size',
  font_family_body: '--ehr-font-body',
  font_family_heading: '--ehr-font-heading',
};

export async function applySmartStyle(url: string, target: HTMLElement = document.documentElement): Promise<boolean> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) return false;
    const parsed = styleSchema.safeParse(await response.json());
    if (!parsed.success) return false;
    for (const [key, value] of Object.entries(parsed.data)) {
      if (typeof value === 'string') target.style.setProperty(mapping[key as keyof typeof mapping], value);
    }
    target.dataset.ehrStyle = 'applied';
    return true;
  } catch {
    return false;
  }
}
