package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hostile TIFF files for tests of other packages, made from the JDK writer's valid ones. */
public final class ImageHeadersTestFiles {

	private ImageHeadersTestFiles() {}

	/** A valid 64 x 48 8-bit TIFF with this compression. */
	public static byte[] valid(final String compression) throws IOException {
		return ImageHeadersTest.tiff(ImageHeadersTest.gray(64, 48), compression);
	}

	/** As {@link #valid}, its (only) strip's byte count halved: the data ends half way. */
	public static byte[] truncated(final String compression) throws IOException {
		final byte[] t = valid(compression);
		final int counts = ImageHeadersTest.valueField(t, 279);
		final int type = ImageHeadersTest.typeOf(t, counts);
		final ByteBuffer b = ByteBuffer.wrap(t).order(t[0] == 'I' ? ByteOrder.LITTLE_ENDIAN
			: ByteOrder.BIG_ENDIAN);
		final long count = type == 3 ? b.getShort(counts) & 0xFFFF : b.getInt(counts);
		ImageHeadersTest.put(t, counts, type, count / 2);
		return t;
	}

	/** As {@link #valid}, its header claiming {@code size} x {@code size} pixels in one strip. */
	public static byte[] huge(final String compression, final int size) throws IOException {
		final byte[] t = valid(compression);
		for (final int tag : new int[] { 256, 257, 278 }) {
			final int at = ImageHeadersTest.valueField(t, tag);
			ImageHeadersTest.put(t, at, ImageHeadersTest.typeOf(t, at), size);
		}
		return t;
	}
}
