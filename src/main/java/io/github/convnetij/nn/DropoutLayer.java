package io.github.convnetij.nn;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Inverted dropout with a counter-based mask: element {@code i} at training step {@code t} is
 * kept iff {@code hash(seed, node name, t, i) >= rate}, so masks repeat exactly for a seed and
 * step and need no generator state in checkpoints.
 */
final class DropoutLayer extends Layer {

	private final float rate;
	private long seed, step;
	private float[] lastMask;

	DropoutLayer(final float rate) {
		if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(
			"dropout rate must be in [0, 1), got " + rate);
		this.rate = rate;
	}

	@Override
	public String type() {
		return "dropout";
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("rate", rate);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		return inputShapes[0];
	}

	@Override
	void setStep(final long seed, final long step) {
		this.seed = seed;
		this.step = step;
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		if (!training || rate == 0) {
			lastMask = training ? new float[0] : null;
			return x.copy();
		}
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		final float[] mask = kept(KEPT, x.shape()).data();
		final float scale = 1 / (1 - rate);
		final long key = mix(mix(seed ^ 0x5DEECE66DL) + name().hashCode()) + step * 0x9E3779B97F4A7C15L;
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				final float u = (mix(key + i * 0xBF58476D1CE4E5B9L) >>> 40) * 0x1.0p-24f;
				mask[i] = u >= rate ? scale : 0f;
				yd[i] = xd[i] * mask[i];
			}
		});
		lastMask = mask;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final float[] mask = requireForward(lastMask);
		if (!inputGradients) return new Tensor[] { null };
		if (mask.length == 0) return new Tensor[] { gradOutput.copy() };
		final Tensor dx = gradient(gradOutput.shape());
		final float[] g = gradOutput.data(), d = dx.data();
		Parallel.elements(d.length, (from, to) -> {
			for (int i = from; i < to; i++)
				d[i] = g[i] * mask[i];
		});
		return new Tensor[] { dx };
	}

	/** SplitMix64's finaliser. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
