package io.github.convnetij.nn.onnx;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model expects of an image, stored as the {@code convnet.input} metadata of a model file:
 * the number of channels and the size, and how pixel values become network inputs:
 * {@code x = (pixel * scale - mean[c]) / std[c]}. {@code resize} says what a predictor does with
 * images of another size: {@code none} (refuse them) or {@code bilinear}.
 * <pre>{@code
 * InputSpec spec = InputSpec.uint8(1, 28, 28);       // scale 1/255, mean 0, std 1, resize none
 * String json = spec.toJson();
 * // {"channels":1,"height":28,"width":28,"scale":0.00392156862745098,"mean":[0],"std":[1],"resize":"none"}
 * InputSpec back = InputSpec.fromJson(json);
 * }</pre>
 *
 * @param channels number of channels, &gt;= 1
 * @param height image height, &gt;= 1 (1 for one-dimensional inputs)
 * @param width image width, &gt;= 1
 * @param scale factor applied to pixel values first
 * @param mean per-channel value subtracted after scaling (one value per channel)
 * @param std per-channel divisor after subtracting the mean (one value per channel, each &gt; 0)
 * @param resize {@code none} or {@code bilinear}
 */
public record InputSpec(int channels, int height, int width, double scale, double[] mean,
	double[] std, String resize)
{

	/**
	 * @throws IllegalArgumentException for sizes below 1, mean or std arrays that do not have one
	 *           value per channel, a std that is not positive, or another resize mode
	 */
	public InputSpec {
		if (channels < 1 || height < 1 || width < 1) throw new IllegalArgumentException(
			"input size " + channels + " x " + height + " x " + width +
				" (channels x height x width) must have every size >= 1");
		mean = mean.clone();
		std = std.clone();
		if (mean.length != channels || std.length != channels) throw new IllegalArgumentException(
			"input mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std) + " need " +
				channels + " value(s), one per channel");
		for (final double s : std)
			if (!(s > 0)) throw new IllegalArgumentException("input std " + Arrays.toString(std) +
				" must be > 0");
		if (!"none".equals(resize) && !"bilinear".equals(resize)) throw new IllegalArgumentException(
			"input resize '" + resize + "' is not known: expected none or bilinear");
	}

	/** 8-bit images scaled to [0, 1] (scale 1/255, mean 0, std 1), not resized. */
	public static InputSpec uint8(final int channels, final int height, final int width) {
		final double[] zeros = new double[channels], ones = new double[channels];
		Arrays.fill(ones, 1);
		return new InputSpec(channels, height, width, 1 / 255.0, zeros, ones, "none");
	}

	/**
	 * The spec of a network input shape {@code [C, H, W]} ({@code [C, W]}: height 1) for 8-bit
	 * images.
	 *
	 * @throws IllegalArgumentException for other ranks
	 */
	public static InputSpec uint8(final int[] inputShape) {
		if (inputShape.length == 3) return uint8(inputShape[0], inputShape[1], inputShape[2]);
		if (inputShape.length == 2) return uint8(inputShape[0], 1, inputShape[1]);
		throw new IllegalArgumentException("an image input needs the shape [C, H, W] or [C, W], not " +
			Arrays.toString(inputShape));
	}

	@Override
	public double[] mean() {
		return mean.clone();
	}

	@Override
	public double[] std() {
		return std.clone();
	}

	/** The JSON text stored as {@code convnet.input}. */
	public String toJson() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("channels", channels);
		m.put("height", height);
		m.put("width", width);
		m.put("scale", scale);
		m.put("mean", mean);
		m.put("std", std);
		m.put("resize", resize);
		return Json.write(m);
	}

	/**
	 * Reads {@code convnet.input} JSON; {@code mean} and {@code std} may be one number for all
	 * channels; missing {@code scale}, {@code mean}, {@code std}, {@code resize} take 1/255, 0, 1,
	 * none.
	 *
	 * @throws IllegalArgumentException for invalid JSON or values, naming the key
	 */
	public static InputSpec fromJson(final String json) {
		final Object parsed;
		try {
			parsed = Json.parse(json);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("metadata convnet.input: " + e.getMessage(), e);
		}
		final Map<String, Object> m = Json.object(parsed, "convnet.input");
		final int c = Json.integer(m.get("channels"), "convnet.input channels", 1, 65536);
		final int h = Json.integer(m.get("height"), "convnet.input height", 1, Integer.MAX_VALUE);
		final int w = Json.integer(m.get("width"), "convnet.input width", 1, Integer.MAX_VALUE);
		final double scale = m.containsKey("scale") ? Json.number(m.get("scale"),
			"convnet.input scale") : 1 / 255.0;
		final double[] mean = perChannel(m.get("mean"), c, 0, "convnet.input mean");
		final double[] std = perChannel(m.get("std"), c, 1, "convnet.input std");
		final String resize = m.containsKey("resize") ? Json.string(m.get("resize"),
			"convnet.input resize") : "none";
		return new InputSpec(c, h, w, scale, mean, std, resize);
	}

	private static double[] perChannel(final Object v, final int c, final double def,
		final String what)
	{
		final double[] out = new double[c];
		if (v == null) Arrays.fill(out, def);
		else if (v instanceof Number) Arrays.fill(out, Json.number(v, what));
		else {
			final List<Object> l = Json.array(v, what);
			if (l.size() != c) throw new IllegalArgumentException(what + ": " + l.size() +
				" values for " + c + " channels");
			for (int i = 0; i < c; i++)
				out[i] = Json.number(l.get(i), what);
		}
		return out;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof InputSpec s && channels == s.channels && height == s.height &&
			width == s.width && Double.compare(scale, s.scale) == 0 && Arrays.equals(mean, s.mean) &&
			Arrays.equals(std, s.std) && resize.equals(s.resize);
	}

	@Override
	public int hashCode() {
		return ((channels * 31 + height) * 31 + width) * 31 + resize.hashCode();
	}

	@Override
	public String toString() {
		return toJson();
	}
}
