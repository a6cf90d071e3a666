// Real image bytes for upload tests, drawn as SVG and rasterized by the Images binding (Miniflare runs it through sharp),
// and a way to count or break that binding's calls the way the Worker makes them.
import { env } from "cloudflare:workers";
import { vi } from "vitest";

const svg = (width: number, height: number, color: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${color}"/><circle cx="50%" cy="50%" r="25%" fill="#fff"/></svg>`;

export const svgBytes = (width = 64, height = 48) => new TextEncoder().encode(svg(width, height, "#7c3aed"));

/** A real raster image of that size: PNG by default, or JPEG. */
export async function imageBytes(width = 64, height = 48, format: "image/png" | "image/jpeg" = "image/png", color = "#7c3aed"): Promise<Uint8Array> {
  const result = await env.IMAGES.input(new Response(svg(width, height, color)).body!).output({ format });
  return new Uint8Array(await new Response(result.image()).arrayBuffer());
}

/** What the Images binding says of some bytes (format, width, height). */
export const infoOf = (bytes: ArrayBuffer | Uint8Array) => env.IMAGES.info(new Response(bytes).body!);

/** Counts `env.IMAGES.input` calls (each transform starts with one); the next `failures` of them fail at `output`, as a broken binding would. */
export function watchTransforms(failures = 0) {
  const state = { calls: 0 };
  const input = env.IMAGES.input.bind(env.IMAGES);
  vi.spyOn(env.IMAGES, "input").mockImplementation((stream, options) => {
    state.calls++;
    if (failures-- <= 0) return input(stream, options);
    void stream.cancel();
    const broken = { output: async () => Promise.reject(new Error("injected: image transform failed")) } as unknown as ImageTransformer;
    return Object.assign(broken, { transform: () => broken, draw: () => broken });
  });
  return state;
}
