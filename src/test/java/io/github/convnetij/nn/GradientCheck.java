package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.ToDoubleFunction;

import io.github.convnetij.compute.Tensor;

/**
 * Finite-difference checks of analytic gradients: the scalar {@code f} is summed in double from
 * the float outputs, perturbed by central differences, and compared with the backward pass.
 */
final class GradientCheck {

	private GradientCheck() {}

	static Tensor random(final Random rnd, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		for (int i = 0; i < t.numel(); i++)
			t.data()[i] = rnd.nextFloat() * 2 - 1;
		return t;
	}

	/** Values {@code offset + k * spacing} in random order: no ties, no value near a ReLU kink. */
	static Tensor distinct(final Random rnd, final float spacing, final int... shape) {
		final Tensor t = Tensor.zeros(shape);
		final float[] d = t.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (i - d.length / 2) * spacing + spacing / 2;
		for (int i = d.length - 1; i > 0; i--) {
			final int j = rnd.nextInt(i + 1);
			final float x = d[i];
			d[i] = d[j];
			d[j] = x;
		}
		return t;
	}

	static double dot(final Tensor a, final Tensor b) {
		double s = 0;
		for (int i = 0; i < a.numel(); i++)
			s += (double) a.data()[i] * b.data()[i];
		return s;
	}

	/**
	 * Compares {@code grad} with central differences of {@code f} over {@code values} (perturbed in
	 * place and restored) at up to {@code maxChecks} positions spread over the tensor.
	 */
	static void compare(final String what, final Tensor values, final Tensor grad,
		final ToDoubleFunction<Tensor> f, final float h, final double relTol, final int maxChecks)
	{
		assertEquals(values.numel(), grad.numel(), what + ": gradient size");
		double maxGrad = 0;
		for (final float g : grad.data())
			maxGrad = Math.max(maxGrad, Math.abs(g));
		final int n = values.numel();
		final int step = Math.max(1, n / maxChecks);
		int checked = 0;
		for (int i = step / 2; i < n; i += step, checked++) {
			final float v = values.data()[i];
			values.data()[i] = v + h;
			final double up = f.applyAsDouble(values);
			values.data()[i] = v - h;
			final double down = f.applyAsDouble(values);
			values.data()[i] = v;
			final double fd = (up - down) / (2.0 * h);
			final double tol = relTol * Math.max(maxGrad, 1e-2) + 1e-5;
			assertEquals(fd, grad.data()[i], tol, what + ": element " + i + " of " + n);
		}
		assertTrue(checked > 0, what + ": nothing checked");
	}
}
