package io.github.convnetij.ops;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

/** Test helper: an image's values in flat order (X fastest), read pixel by pixel. */
final class FlatValues {

	private FlatValues() {}

	static <T extends RealType<T>> float[] of(final RandomAccessibleInterval<T> img) {
		final float[] v = new float[(int) Intervals.numElements(img)];
		final Cursor<T> c = Views.flatIterable(img).cursor();
		for (int i = 0; c.hasNext(); i++)
			v[i] = c.next().getRealFloat();
		return v;
	}
}
