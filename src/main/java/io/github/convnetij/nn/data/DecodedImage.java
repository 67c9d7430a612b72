package io.github.convnetij.nn.data;

/**
 * One decoded image as an {@link ImageDecoder} gives it: its size, its number of channels (1 gray,
 * 3 RGB), its bit depth and its samples, channel after channel (planar), each plane row by row
 * with X fastest. The sample array type follows the bit depth: {@code byte[]} for 8 bits
 * (unsigned, {@code b & 0xFF}), {@code short[]} for 16 bits (unsigned, {@code s & 0xFFFF}),
 * {@code float[]} for 32 bits.
 * <pre>{@code
 * DecodedImage img = ImageDecoder.standard().decode(Path.of("cat/001.png"));
 * // img.channels() = 3, img.bitDepth() = 8, ((byte[]) img.pixels()).length = 3 * w * h
 * }</pre>
 *
 * @param width in pixels, &gt;= 1
 * @param height in pixels, &gt;= 1
 * @param channels 1 (gray) or 3 (RGB, in that order)
 * @param bitDepth 8, 16 or 32
 * @param pixels {@code channels * height * width} samples, not copied
 */
public record DecodedImage(int width, int height, int channels, int bitDepth, Object pixels) {

	/**
	 * @throws IllegalArgumentException for sizes below 1, a channel count other than 1 or 3, a bit
	 *           depth other than 8, 16, 32, or a sample array of the wrong type or length
	 */
	public DecodedImage {
		if (width < 1 || height < 1) throw new IllegalArgumentException("image size " + width + "x" +
			height + " is not allowed: width and height must be >= 1");
		if (channels != 1 && channels != 3) throw new IllegalArgumentException(channels +
			" channels are not supported: expected 1 (gray) or 3 (RGB)");
		final long n = (long) width * height * channels;
		final int length = switch (bitDepth) {
			case 8 -> pixels instanceof byte[] b ? b.length : -1;
			case 16 -> pixels instanceof short[] s ? s.length : -1;
			case 32 -> pixels instanceof float[] f ? f.length : -1;
			default -> throw new IllegalArgumentException("bit depth " + bitDepth +
				" is not supported: expected 8, 16 or 32");
		};
		if (length < 0) throw new IllegalArgumentException("a " + bitDepth + "-bit image needs " +
			(bitDepth == 8 ? "byte[]" : bitDepth == 16 ? "short[]" : "float[]") + " samples, not " +
			(pixels == null ? "null" : pixels.getClass().getSimpleName()));
		if (length != n) throw new IllegalArgumentException("a " + width + "x" + height + "x" +
			channels + " image needs " + n + " samples, not " + length);
	}

	/** The header facts of the image. */
	public Info info() {
		return new Info(width, height, channels, bitDepth);
	}

	/** The sample at channel {@code c}, row {@code y}, column {@code x}, as stored (unscaled). */
	public float sample(final int c, final int y, final int x) {
		final int i = (c * height + y) * width + x;
		return switch (bitDepth) {
			case 8 -> ((byte[]) pixels)[i] & 0xFF;
			case 16 -> ((short[]) pixels)[i] & 0xFFFF;
			default -> ((float[]) pixels)[i];
		};
	}

	/**
	 * What an image's header says, as {@link ImageDecoder#probe} reads it without decoding the
	 * pixels.
	 *
	 * @param width in pixels
	 * @param height in pixels
	 * @param channels 1 or 3
	 * @param bitDepth 8, 16 or 32
	 */
	public record Info(int width, int height, int channels, int bitDepth) {

		/** {@code WxH, 8-bit gray} and the like. */
		public String describe() {
			return width + "x" + height + ", " + bitDepth + "-bit " + (channels == 1 ? "gray" : "RGB");
		}
	}
}
