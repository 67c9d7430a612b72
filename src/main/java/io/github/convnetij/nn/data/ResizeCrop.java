package io.github.convnetij.nn.data;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.nn.onnx.Json;

/**
 * The resize and crop of ImageNet classifiers, as torchvision's {@code Resize(resizeSize)} then
 * {@code CenterCrop((cropHeight, cropWidth))} do to a PIL image:
 * <ol>
 * <li>the shorter side becomes {@code resizeSize} and the longer one
 * {@code (int) (resizeSize * longer / shorter)} (truncated; an image already of that size is not
 * resampled), resampled by {@link PilResample} ({@code antialias}) or by plain bilinear
 * interpolation ({@link Preprocessing#resizeBilinear}, without antialiasing);</li>
 * <li>the centre {@code cropHeight x cropWidth} is cut out: top {@code round((h - cropHeight) / 2)}
 * and left {@code round((w - cropWidth) / 2)}, halves rounded to even (Python's {@code round});
 * an image smaller than the crop is first padded with zeros, {@code (cropWidth - w) / 2} columns
 * on the left (integer division) and the rest on the right, likewise rows.</li>
 * </ol>
 * Samples stay as they are (0..255 for 8-bit images): scaling and normalisation come after.
 * <pre>{@code
 * ResizeCrop rc = new ResizeCrop(256, true, 224, 224);
 * float[] x = rc.apply(rgbSamples, 3, 375, 500, true); // 3 x 224 x 224 samples 0..255
 * }</pre>
 *
 * @param resizeSize the shorter side after resizing, &gt;= 1
 * @param antialias PIL's antialiased bilinear filter, else plain bilinear interpolation
 * @param cropHeight the crop's height, &gt;= 1
 * @param cropWidth the crop's width, &gt;= 1
 */
public record ResizeCrop(int resizeSize, boolean antialias, int cropHeight, int cropWidth) {

	/** @throws IllegalArgumentException for sizes below 1 */
	public ResizeCrop {
		if (resizeSize < 1) throw new IllegalArgumentException("resize_size " + resizeSize +
			" is not allowed: expected a whole number >= 1");
		if (cropHeight < 1 || cropWidth < 1) throw new IllegalArgumentException("crop " + cropWidth +
			"x" + cropHeight + " is not allowed: expected sizes >= 1");
	}

	/**
	 * The size {@code {height, width}} of an {@code h x w} image after its shorter side is made
	 * {@code size} (torchvision's rule: the longer side {@code (int) (size * longer / shorter)}).
	 */
	public static int[] resized(final int h, final int w, final int size) {
		final int shorter = Math.min(h, w), longer = Math.max(h, w);
		final int newLonger = (int) ((double) size * longer / shorter);
		return w <= h ? new int[] { newLonger, size } : new int[] { size, newLonger };
	}

	/**
	 * The first row (or column) of a centre crop of {@code crop} from {@code size}: negative when
	 * the image is padded.
	 */
	static int cropStart(final int size, final int crop) {
		if (crop > size) return -((crop - size) / 2);
		return (int) Math.rint((size - crop) / 2.0);
	}

	/**
	 * {@code channels} planes of {@code h x w} samples resized and centre-cropped to
	 * {@code channels x cropHeight x cropWidth}.
	 *
	 * @param eightBit whether the samples are 8-bit (PIL rounds them to 8 bits after each pass)
	 */
	public float[] apply(final float[] samples, final int channels, final int h, final int w,
		final boolean eightBit)
	{
		final int[] size = resized(h, w, resizeSize);
		final int rh = size[0], rw = size[1];
		final float[] resized;
		if (rh == h && rw == w) resized = samples;
		else {
			resized = new float[channels * rh * rw];
			final PilResample.Axis xs = antialias ? PilResample.Axis.of(w, rw) : null;
			final PilResample.Axis ys = antialias ? PilResample.Axis.of(h, rh) : null;
			for (int c = 0; c < channels; c++) {
				if (antialias) PilResample.resize(samples, c * h * w, w, h, resized, c * rh * rw, rw, rh,
					eightBit, xs, ys);
				else Preprocessing.resizeBilinear(samples, c * h * w, w, h, resized, c * rh * rw, rw, rh);
			}
		}
		final int top = cropStart(rh, cropHeight), left = cropStart(rw, cropWidth);
		final float[] out = new float[channels * cropHeight * cropWidth];
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < cropHeight; y++) {
				final int sy = y + top;
				if (sy < 0 || sy >= rh) continue;
				for (int x = 0; x < cropWidth; x++) {
					final int sx = x + left;
					if (sx >= 0 && sx < rw) out[(c * cropHeight + y) * cropWidth + x] = resized[(c * rh + sy) *
						rw + sx];
				}
			}
		return out;
	}

	/**
	 * The {@code convnet.preprocessing} JSON of a classifier preprocessed this way (DESIGN.md
	 * section 3): the keys {@link Preprocessing#toJson()} writes ({@code channels}, {@code height},
	 * {@code width} = the crop, {@code channel_order}, {@code convert} auto,
	 * {@code bit_depth_scale}, {@code resize} bilinear, {@code crop} center) and {@code resize_size},
	 * {@code antialias}, {@code mean}, {@code std} (applied after the bit-depth scaling).
	 *
	 * @param channels 1 or 3
	 * @param mean per channel
	 * @param std per channel
	 */
	public String toJson(final int channels, final double[] mean, final double[] std) {
		final Map<String, Object> m = new LinkedHashMap<>(Json.object(Json.parse(new Preprocessing(
			channels, cropHeight, cropWidth, "bilinear", "auto").toJson()), "preprocessing"));
		m.put("resize_size", resizeSize);
		m.put("antialias", antialias);
		m.put("crop", "center");
		m.put("mean", mean.clone());
		m.put("std", std.clone());
		return Json.write(m);
	}
}
