package io.github.convnetij.nn.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.nn.onnx.Json;

/**
 * How a decoded image becomes the input tensor of a network, stored as a model's
 * {@code convnet.preprocessing} metadata so that prediction does exactly what training did:
 * <ol>
 * <li>channels: an image with the model's channel count is used as it is; with
 * {@code convert=auto} a gray image given to a 3-channel model is replicated into R, G and B, and
 * an RGB image given to a 1-channel model becomes the unweighted mean {@code (R + G + B) / 3} (as
 * ImageJ's RGB to 8-bit conversion without "weighted"); with {@code convert=none} either is
 * refused;</li>
 * <li>scaling by bit depth: 8-bit samples {@code / 255}, 16-bit {@code / 65535}, 32-bit as
 * stored;</li>
 * <li>size: an image of the model's size is used as it is; another size is resized with
 * {@code resize=bilinear} (pixel centres aligned, {@code x_in = (x + 0.5) * w_in / w - 0.5},
 * edges clamped: OpenCV's {@code INTER_LINEAR}, PyTorch's {@code align_corners=False} without
 * antialiasing), refused with {@code resize=none}.</li>
 * </ol>
 * <pre>{@code
 * Preprocessing p = dataset.preprocessing();            // from training
 * model = model.withMetadata(ModelFile.PREPROCESSING, p.toJson());
 * ...
 * Preprocessing q = Preprocessing.fromJson(model.metadata().get(ModelFile.PREPROCESSING));
 * float[] x = new float[q.imageSize()];
 * q.apply(ImageDecoder.standard().decode(file), file.toString(), x, 0);
 * }</pre>
 *
 * @param channels the model's channels, 1 or 3
 * @param height the model's image height
 * @param width the model's image width
 * @param resize {@code bilinear} or {@code none}
 * @param convert {@code auto} or {@code none}
 */
public record Preprocessing(int channels, int height, int width, String resize, String convert) {

	/** Scale of 8-bit samples. */
	public static final double SCALE_8 = 1 / 255.0;
	/** Scale of 16-bit samples. */
	public static final double SCALE_16 = 1 / 65535.0;
	/** Scale of 32-bit samples. */
	public static final double SCALE_32 = 1;

	/** @throws IllegalArgumentException for sizes below 1 or unknown modes */
	public Preprocessing {
		if (channels != 1 && channels != 3) throw new IllegalArgumentException("preprocessing " +
			"channels " + channels + " is not allowed: expected 1 or 3");
		if (height < 1 || width < 1) throw new IllegalArgumentException("preprocessing size " + width +
			"x" + height + " is not allowed: expected sizes >= 1");
		resize = DatasetOptions.Resize.parse(resize).key();
		convert = DatasetOptions.Convert.parse(convert).key();
	}

	/** Values per image: {@code channels * height * width}. */
	public int imageSize() {
		return channels * height * width;
	}

	/**
	 * What samples of {@code bitDepth} bits are divided by (in float arithmetic, as
	 * {@code v / 255f}): 255, 65535, or 1.
	 */
	public static float divisor(final int bitDepth) {
		return switch (bitDepth) {
			case 8 -> 255f;
			case 16 -> 65535f;
			default -> 1f;
		};
	}

	/**
	 * Why {@code info} cannot be preprocessed, or null if it can.
	 *
	 * @param name how to name the image, e.g. its file
	 */
	public String refusal(final DecodedImage.Info info, final String name) {
		if (info.channels() != channels && !"auto".equals(convert)) return name + " is " + (info
			.channels() == 1 ? "gray" : "RGB") + " but the " + (channels == 1 ? "images are gray"
				: "images are RGB") + " (" + channels + " channel" + (channels == 1 ? "" : "s") +
			"): use convert=auto to convert it, or convert the images first";
		if ((info.width() != width || info.height() != height) && !"bilinear".equals(resize))
			return name + " is " + info.width() + "x" + info.height() + " but the images are " + width +
				"x" + height + ": use resize=bilinear (or image_size) to resize it, or resize the images " +
				"first";
		return null;
	}

	/**
	 * Writes {@code img} preprocessed to {@code dst[offset .. offset + imageSize())} in C, H, W
	 * order.
	 *
	 * @param name how to name the image in errors
	 * @throws IllegalArgumentException when the image cannot be taken (see {@link #refusal})
	 */
	public void apply(final DecodedImage img, final String name, final float[] dst,
		final int offset)
	{
		final String why = refusal(img.info(), name);
		if (why != null) throw new IllegalArgumentException(why);
		final int w = img.width(), h = img.height(), plane = w * h;
		final float s = divisor(img.bitDepth());
		final boolean same = w == width && h == height;
		final float[] src = same && img.channels() == channels ? null : new float[plane * channels];
		final float[] target = src == null ? dst : src;
		final int base = src == null ? offset : 0;
		for (int c = 0; c < channels; c++)
			for (int i = 0; i < plane; i++) {
				final float v;
				if (img.channels() == channels) v = sample(img, c * plane + i) / s;
				else if (channels == 3) v = sample(img, i) / s;
				else v = (sample(img, i) / s + sample(img, plane + i) / s + sample(img, 2 * plane + i) /
					s) / 3f;
				target[base + c * plane + i] = v;
			}
		if (src == null) return;
		if (same) System.arraycopy(src, 0, dst, offset, src.length);
		else for (int c = 0; c < channels; c++)
			resizeBilinear(src, c * plane, w, h, dst, offset + c * height * width, width, height);
	}

	private static float sample(final DecodedImage img, final int i) {
		return switch (img.bitDepth()) {
			case 8 -> ((byte[]) img.pixels())[i] & 0xFF;
			case 16 -> ((short[]) img.pixels())[i] & 0xFFFF;
			default -> ((float[]) img.pixels())[i];
		};
	}

	/**
	 * Bilinear resampling of one plane, pixel centres aligned ({@code x_in = (x + 0.5) * w_in / w
	 * - 0.5}), edges clamped: OpenCV's {@code INTER_LINEAR}, PyTorch's {@code align_corners=False}
	 * without antialiasing. Training and prediction both resize through it.
	 */
	public static void resizeBilinear(final float[] src, final int srcOffset, final int sw, final int sh,
		final float[] dst, final int dstOffset, final int dw, final int dh)
	{
		for (int y = 0; y < dh; y++) {
			final double fy = Math.min(Math.max((y + 0.5) * sh / dh - 0.5, 0), sh - 1);
			final int y0 = (int) fy, y1 = Math.min(y0 + 1, sh - 1);
			final float wy = (float) (fy - y0);
			for (int x = 0; x < dw; x++) {
				final double fx = Math.min(Math.max((x + 0.5) * sw / dw - 0.5, 0), sw - 1);
				final int x0 = (int) fx, x1 = Math.min(x0 + 1, sw - 1);
				final float wx = (float) (fx - x0);
				final float a = src[srcOffset + y0 * sw + x0], b = src[srcOffset + y0 * sw + x1];
				final float c = src[srcOffset + y1 * sw + x0], d = src[srcOffset + y1 * sw + x1];
				final float top = a + (b - a) * wx, bottom = c + (d - c) * wx;
				dst[dstOffset + y * dw + x] = top + (bottom - top) * wy;
			}
		}
	}

	/** The JSON of {@code convnet.preprocessing}. */
	public String toJson() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("channels", channels);
		m.put("height", height);
		m.put("width", width);
		m.put("channel_order", channels == 1 ? "gray" : "RGB");
		m.put("convert", convert);
		m.put("gray_to_rgb", "replicate");
		m.put("rgb_to_gray", "mean");
		final Map<String, Object> scale = new LinkedHashMap<>();
		scale.put("8", SCALE_8);
		scale.put("16", SCALE_16);
		scale.put("32", SCALE_32);
		m.put("bit_depth_scale", scale);
		m.put("resize", resize);
		m.put("crop", "none");
		return Json.write(m);
	}

	/**
	 * Reads {@link #toJson()}'s form.
	 *
	 * @throws IllegalArgumentException for invalid JSON or values
	 */
	public static Preprocessing fromJson(final String json) {
		final Map<String, Object> m = Json.object(Json.parse(json), "convnet.preprocessing");
		final Object resize = m.get("resize"), convert = m.get("convert");
		return new Preprocessing((int) Json.integer(m.get("channels"), "channels"), (int) Json.integer(m
			.get("height"), "height"), (int) Json.integer(m.get("width"), "width"), resize == null
				? "none" : Json.string(resize, "resize").toLowerCase(Locale.ROOT), convert == null ? "none"
					: Json.string(convert, "convert"));
	}
}
