import { Resvg } from '@resvg/resvg-js';

/** Rasterises SVG text to PNG bytes at `scale` × its size, with the system fonts (resvg, no browser). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
