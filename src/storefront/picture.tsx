// An uploaded image as a responsive <picture>: AVIF and WebP copies at the widths the image has (never upscaled),
// chosen by the browser from `sizes`; width and height reserve its box before it loads (no layout shift).
import { IMAGE_WIDTHS, resizedUrl, type ImageFormat, type StoredImage } from "../shared/media";

/**
 * The widths worth offering: every listed width below the smaller of the image's own and the slot's largest (`max`, its
 * widest rendering at 2× density), then the first at or above it. Fewer candidates, shorter pages.
 */
function widthsOf(image: StoredImage, max: number) {
  const cut = IMAGE_WIDTHS.findIndex((w) => w >= Math.min(image.width ?? Infinity, max));
  return cut === -1 ? IMAGE_WIDTHS : IMAGE_WIDTHS.slice(0, cut + 1);
}

const srcset = (image: StoredImage, widths: readonly number[], format: ImageFormat) =>
  widths.map((w) => `${resizedUrl(image.key, w as (typeof IMAGE_WIDTHS)[number], format)} ${Math.min(w, image.width ?? w)}w`).join(", ");

export function Picture(props: { image: StoredImage; sizes: string; max: number; alt?: string; class?: string; eager?: boolean }) {
  const { image } = props;
  const widths = widthsOf(image, props.max);
  // For the rare browser without srcset: a middling copy.
  const fallback = widths[widths.length >> 1]!;
  return (
    <picture class={props.class}>
      <source type="image/avif" srcset={srcset(image, widths, "avif")} sizes={props.sizes} />
      <img
        src={resizedUrl(image.key, fallback, "webp")}
        srcset={srcset(image, widths, "webp")}
        sizes={props.sizes}
        alt={props.alt ?? image.alt}
        width={image.width ?? 1200}
        height={image.height ?? 1200}
        loading={props.eager ? undefined : "lazy"}
        fetchpriority={props.eager ? "high" : undefined}
        decoding="async"
      />
    </picture>
  );
}
