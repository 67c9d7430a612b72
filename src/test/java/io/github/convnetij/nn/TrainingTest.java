package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.imglib2.parallel.Parallelization;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * A tiny network learns a synthetic problem (which of four line orientations is drawn in a noisy
 * 10x10 image) to high accuracy in about a second, and training is bitwise reproducible across
 * runs and thread counts.
 */
class TrainingTest {

	static final int SIZE = 10, CLASSES = 4;

	/** {@code n} noisy images of a line: horizontal, vertical, diagonal or anti-diagonal. */
	static Tensor images(final Random rnd, final int[] labels) {
		final int n = labels.length;
		final Tensor x = Tensor.zeros(n, 1, SIZE, SIZE);
		final float[] d = x.data();
		for (int s = 0; s < n; s++) {
			final int c = rnd.nextInt(CLASSES);
			labels[s] = c;
			final int o = s * SIZE * SIZE;
			for (int i = 0; i < SIZE * SIZE; i++)
				d[o + i] = rnd.nextFloat() * 0.4f;
			final int at = 2 + rnd.nextInt(SIZE - 4);
			for (int i = 0; i < SIZE; i++) {
				final int y, xx;
				switch (c) {
					case 0: y = at; xx = i; break;
					case 1: y = i; xx = at; break;
					case 2: y = i; xx = i; break;
					default: y = i; xx = SIZE - 1 - i;
				}
				d[o + y * SIZE + xx] += 0.8f;
			}
		}
		return x;
	}

	static Tensor slice(final Tensor x, final int from, final int to) {
		final int per = x.numel() / x.size(0);
		final int[] s = x.shape();
		s[0] = to - from;
		final float[] d = new float[(to - from) * per];
		System.arraycopy(x.data(), from * per, d, 0, d.length);
		return Tensor.of(d, s);
	}

	static double accuracy(final Network net, final Tensor x, final int[] labels) {
		final Tensor p = net.forward(x, false);
		int correct = 0;
		for (int s = 0; s < labels.length; s++) {
			int best = 0;
			for (int c = 1; c < CLASSES; c++)
				if (p.data()[s * CLASSES + c] > p.data()[s * CLASSES + best]) best = c;
			if (best == labels[s]) correct++;
		}
		return correct / (double) labels.length;
	}

	/** Trains from seed {@code seed} and returns all parameters and buffers, flattened. */
	static List<float[]> train(final String arch, final long seed, final int epochs,
		final double[] testAccuracy)
	{
		final Random rnd = new Random(99);
		final int[] labels = new int[400], testLabels = new int[200];
		final Tensor x = images(rnd, labels), test = images(rnd, testLabels);
		final Network net = Architectures.parse(arch, new int[] { 1, SIZE, SIZE }, CLASSES);
		net.initialize(seed);
		final Optimizer opt = Optimizers.adam(1e-2).build(net.parameters());
		final LearningRateSchedule sched = LearningRates.cosine(epochs, 0.1);
		final int batch = 25;
		final Random order = new Random(seed);
		for (int e = 0; e < epochs; e++) {
			final int[] perm = new int[labels.length];
			for (int i = 0; i < perm.length; i++)
				perm[i] = i;
			for (int i = perm.length - 1; i > 0; i--) {
				final int j = order.nextInt(i + 1), t = perm[i];
				perm[i] = perm[j];
				perm[j] = t;
			}
			for (int b = 0; b < labels.length / batch; b++) {
				final Tensor xb = Tensor.zeros(batch, 1, SIZE, SIZE);
				final int[] lb = new int[batch];
				for (int i = 0; i < batch; i++) {
					final int src = perm[b * batch + i];
					System.arraycopy(x.data(), src * SIZE * SIZE, xb.data(), i * SIZE * SIZE, SIZE * SIZE);
					lb[i] = labels[src];
				}
				opt.setLearningRate(sched.rate(1e-2, e + b / (double) (labels.length / batch)));
				net.computeGradients(xb, lb);
				opt.step();
			}
		}
		if (testAccuracy != null) testAccuracy[0] = accuracy(net, test, testLabels);
		final List<float[]> state = new ArrayList<>();
		for (final Parameter p : net.parameters())
			state.add(p.value().data().clone());
		for (final Parameter p : net.buffers())
			state.add(p.value().data().clone());
		return state;
	}

	static final String ARCH =
		"conv(8,3,pad=same), batchnorm, relu, maxpool(2), conv(8,3,pad=same), relu, dropout(0.1), flatten, dense(16), relu, dense(classes), softmax";

	@Test
	void learnsASyntheticProblemQuickly() {
		final long start = System.nanoTime();
		final double[] acc = new double[1];
		train(ARCH, 1, 6, acc);
		final double seconds = (System.nanoTime() - start) / 1e9;
		assertTrue(acc[0] >= 0.95, "test accuracy " + acc[0]);
		assertTrue(seconds < 20, "took " + seconds + " s");
	}

	@Test
	void bitwiseReproducibleAcrossRunsAndThreadCounts() {
		final List<float[]> a = Parallelization.runWithNumThreads(1, () -> train(ARCH, 5, 1, null));
		final List<float[]> b = Parallelization.runWithNumThreads(1, () -> train(ARCH, 5, 1, null));
		final List<float[]> c = Parallelization.runWithNumThreads(3, () -> train(ARCH, 5, 1, null));
		assertEquals(a.size(), c.size());
		for (int i = 0; i < a.size(); i++) {
			assertArrayEquals(a.get(i), b.get(i), "run 2, tensor " + i);
			assertArrayEquals(a.get(i), c.get(i), "3 threads, tensor " + i);
		}
		final List<float[]> d = train(ARCH, 6, 1, null);
		boolean differs = false;
		for (int i = 0; i < a.size(); i++)
			differs |= !java.util.Arrays.equals(a.get(i), d.get(i));
		assertTrue(differs, "another seed gives other weights");
	}
}
