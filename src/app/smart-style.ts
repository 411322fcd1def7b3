/**
 * Honour the EHR's `smart_style_url` (SMART App Launch: context-passthrough-style): fetch its
 * JSON and map the few values we recognise onto CSS custom properties. Anything unrecognised or
 * malformed is ignored: styling must never stop the app.
 */
import { z } from '../zod-jitless';

const cssColour = z.string().check(z.regex(/^(#[0-9a-fA-F]{3,8}|rgba?\([\d\s.,%]+\)|[a-zA-Z]+)$/));
const cssLength = z.string().check(z.regex(/^\d+(\.\d+)?(px|rem|em)$/));
const fontFamily = z.string().check(z.regex(/^[\w\s,'"-]+$/)).check(z.maxLength(200));

const styleSchema = z.object({
  color_background: z.optional(cssColour),
  color_text: z.optional(cssColour),
  color_highlight: z.optional(cssColour),
  color_error: z.optional(cssColour),
  dim_border_radius: z.optional(cssLength),
  dim_font_size: z.optional(cssLength),
  font_family_body: z.optional(fontFamily),
  font_family_heading: z.optional(fontFamily),
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

/** WCAG relative luminance of a #rgb/#rrggbb colour; undefined for other notations. */
function luminance(colour: string): number | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour)?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number | undefined {
  const la = luminance(a);
  const lb = luminance(b);
  if (la === undefined || lb === undefined) return undefined;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The EHR's look is welcome; unreadable text is not. Colours used for text must keep WCAG AA
 * contrast (4.5:1) against white and the background, and text never shrinks below 14px.
 */
export function safeStyleValues(style: z.infer<typeof styleSchema>): Partial<Record<keyof typeof mapping, string>> {
  const out: Partial<Record<keyof typeof mapping, string>> = {};
  const background = style.color_background ?? '#ffffff';
  const readable = (colour: string) => (contrastRatio(colour, '#ffffff') ?? 0) >= 4.5 && (contrastRatio(colour, background) ?? 0) >= 4.5;
  if (style.color_background && (contrastRatio(style.color_background, style.color_text ?? '#1b1f24') ?? 0) >= 4.5) out.color_background = style.color_background;
  if (style.color_text && readable(style.color_text)) out.color_text = style.color_text;
  if (style.color_highlight && readable(style.color_highlight)) out.color_highlight = style.color_highlight;
  if (style.color_error && readable(style.color_error)) out.color_error = style.color_error;
  if (style.dim_border_radius) out.dim_border_radius = style.dim_border_radius;
  const px = style.dim_font_size?.endsWith('px') ? Number.parseFloat(style.dim_font_size) : undefined;
  if (px !== undefined && px >= 14 && px <= 20) out.dim_font_size = style.dim_font_size;
  if (style.font_family_body) out.font_family_body = style.font_family_body;
  if (style.font_family_heading) out.font_family_heading = style.font_family_heading;
  return out;
}

/**
 * True when the style URL is on one of the EHR's own origins: the launch context is the EHR's
 * word, but a style sheet from anywhere else is a third-party request (and outside the CSP).
 */
export function isEhrStyleUrl(url: string, ehrOrigins: readonly string[]): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && ehrOrigins.some((o) => new URL(o).origin === u.origin);
  } catch {
    return false;
  }
}

export async function applySmartStyle(url: string, ehrOrigins: readonly string[], target: HTMLElement = document.documentElement): Promise<boolean> {
  if (!isEhrStyleUrl(url, ehrOrigins)) return false;
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) return false;
    const parsed = styleSchema.safeParse(await response.json());
    if (!parsed.success) return false;
    for (const [key, value] of Object.entries(safeStyleValues(parsed.data))) {
      if (typeof value === 'string') target.style.setProperty(mapping[key as keyof typeof mapping], value);
    }
    target.dataset.ehrStyle = 'applied';
    return true;
  } catch {
    return false;
  }
}
