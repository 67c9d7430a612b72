package io.github.convnetij.compute;

/**
 * Pads the trailing (spatial) axes of a tensor with a {@link Boundary} mode.
 * <pre>{@code
 * Tensor p = Padding.pad(t, new int[] {1, 1}, new int[] {1, 1}, Boundary.REFLECT, 0f); // [.., H+2, W+2]
 * }</pre>
 */
public final class Padding {

	private Padding() {}

	/**
	 * Pads the last {@code before.length} axes of {@code t}: {@code before[i]} and {@code after[i]}
	 * elements on axis {@code rank - before.length + i}; {@code value} is used by ZERO (as 0) and
	 * CONSTANT. Pads may exceed the axis length (the boundary pattern repeats).
	 */
	public static Tensor pad(final Tensor t, final int[] before, final int[] after,
		final Boundary mode, final float value)
	{
		throw new UnsupportedOperationException("not yet");
	}
}
