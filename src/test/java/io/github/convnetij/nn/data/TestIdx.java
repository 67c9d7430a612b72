package io.github.convnetij.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A tiny generated MNIST-style data set for tests: {@code n} images of {@code h x w} pixels in
 * {@code classes} classes, image {@code i} of class {@code i % classes}, with a bright square
 * whose position depends on the class and random noise elsewhere, so a small network separates
 * the classes quickly.
 */
public final class TestIdx {

	private TestIdx() {}

	/** Images {@code [n, h, w]} and labels {@code [n]}. */
	public static IdxArray[] make(final int n, final int h, final int w, final int classes,
		final long seed)
	{
		final Random rnd = new Random(seed);
		final byte[] px = new byte[n * h * w];
		final byte[] lb = new byte[n];
		for (int i = 0; i < n; i++) {
			final int c = i % classes;
			lb[i] = (byte) c;
			for (int k = 0; k < h * w; k++)
				px[i * h * w + k] = (byte) rnd.nextInt(60);
			// a 3x3 bright square at a position given by the class, jittered by one pixel
			final int cy = 1 + (c * 5 / 3) % Math.max(1, h - 4) + rnd.nextInt(2);
			final int cx = 1 + (c * 7 / 2) % Math.max(1, w - 4) + rnd.nextInt(2);
			for (int y = cy; y < Math.min(h, cy + 3); y++)
				for (int x = cx; x < Math.min(w, cx + 3); x++)
					px[i * h * w + y * w + x] = (byte) (200 + rnd.nextInt(56));
		}
		return new IdxArray[] { new IdxArray(new int[] { n, h, w }, px), new IdxArray(new int[] { n },
			lb) };
	}

	/** Writes {@code prefix-images-idx3-ubyte[.gz]} and {@code prefix-labels-idx1-ubyte[.gz]}. */
	public static Path[] write(final Path dir, final String prefix, final int n, final int h,
		final int w, final int classes, final long seed, final boolean gzip) throws IOException
	{
		final IdxArray[] a = make(n, h, w, classes, seed);
		final String gz = gzip ? ".gz" : "";
		final Path im = dir.resolve(prefix + "-images-idx3-ubyte" + gz);
		final Path lb = dir.resolve(prefix + "-labels-idx1-ubyte" + gz);
		Idx.write(im, a[0], gzip);
		Idx.write(lb, a[1], gzip);
		return new Path[] { im, lb };
	}
}
