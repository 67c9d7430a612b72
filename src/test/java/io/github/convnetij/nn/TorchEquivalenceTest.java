package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * Numerical equivalence with PyTorch 1.13 on the fixtures of
 * {@code src/test/python/make_torch_fixtures.py}: per tensor, forward results within
 * {@code 1e-5 * max|torch|} and gradients within {@code 1e-4 * max|torch|}.
 */
class TorchEquivalenceTest {

	static final String SMALL_CNN = "conv(6,3,pad=1,bias=false), batchnorm, relu, maxpool(2), conv(8,2,pad=same)," +
		" relu, conv(8,3,stride=2,dilation=2,pad=2), relu, avgpool(2,ceil=true), flatten, dense(16)," +
		" relu, dense(5)";

	private static final double FORWARD = 1e-5, GRADIENT = 1e-4;

	private final Map<String, Tensor> t = TorchFixtures.read("small_cnn.tensors");

	private Network network(final boolean softmax) {
		final Network net = Architectures.parse(SMALL_CNN + (softmax ? ", softmax" : ""), new int[] { 2,
			12, 12 }, 5);
		for (final Parameter p : net.parameters()) {
			final Tensor v = t.get(p.name());
			assertNotNull(v, "fixture has no " + p.name());
			assertArrayEquals(v.shape(), p.value().shape(), p.name());
			System.arraycopy(v.data(), 0, p.value().data(), 0, v.numel());
		}
		return net;
	}

	private int[] labels() {
		final float[] l = t.get("labels").data();
		final int[] labels = new int[l.length];
		for (int i = 0; i < l.length; i++)
			labels[i] = (int) l[i];
		return labels;
	}

	static void assertNear(final Tensor expected, final Tensor actual, final double rel,
		final String what)
	{
		assertEquals(expected.numel(), actual.numel(), what + ": size");
		double max = 0, err = 0;
		for (int i = 0; i < expected.numel(); i++) {
			max = Math.max(max, Math.abs(expected.data()[i]));
			err = Math.max(err, Math.abs(expected.data()[i] - actual.data()[i]));
		}
		assertTrue(err <= rel * max, what + ": max |ours - torch| = " + err + " > " + rel + " x " + max);
	}

	@Test
	void forwardAndGradients() {
		final Network net = network(false);
		final Tensor x = t.get("input");
		final Tensor logits = net.forward(x, true);
		assertNear(t.get("logits"), logits, FORWARD, "logits");
		final Tensor grad = Tensor.zeros(logits.shape());
		final Losses.Result r = Losses.softmaxCrossEntropy(logits, labels(), grad);
		assertNear(t.get("loss"), Tensor.of(new float[] { (float) r.loss() }, 1), FORWARD, "loss");
		final Tensor dx = net.backward(grad, true);
		assertNear(t.get("grad.input"), dx, GRADIENT, "input gradient");
		for (final Parameter p : net.parameters())
			assertNear(t.get("grad." + p.name()), p.grad(), GRADIENT, "gradient of " + p.name());
		for (final Parameter b : net.buffers())
			assertNear(t.get(b.name()), b.value(), FORWARD, b.name());
		assertNear(t.get("eval_logits"), net.forward(x, false), FORWARD, "inference-mode logits");
	}

	@Test
	void fusedLossWithSoftmaxLayerGivesTheSameGradients() {
		final Network net = network(true);
		final Network.BatchResult r = net.computeGradients(t.get("input"), labels());
		assertNear(t.get("loss"), Tensor.of(new float[] { (float) r.loss() }, 1), FORWARD, "loss");
		for (final Parameter p : net.parameters())
			assertNear(t.get("grad." + p.name()), p.grad(), GRADIENT, "gradient of " + p.name());
		assertEquals(1, net.step());
	}

	@Test
	void twoNesterovSteps() {
		final Network net = network(true);
		final Optimizer opt = Optimizers.sgd(0.1).momentum(0.9).nesterov(true).weightDecay(1e-3).build(
			net.parameters());
		for (int i = 0; i < 2; i++) {
			net.computeGradients(t.get("input"), labels());
			opt.step();
		}
		for (final Parameter p : net.parameters())
			assertNear(t.get("after2." + p.name()), p.value(), FORWARD, p.name() + " after 2 steps");
		for (final Parameter b : net.buffers())
			assertNear(t.get("after2." + b.name()), b.value(), FORWARD, b.name() + " after 2 steps");
	}

	@Test
	void adamAndAdamW() {
		final Map<String, Tensor> a = TorchFixtures.read("adam.tensors");
		for (final String kind : new String[] { "adam", "adamw" }) {
			final Parameter p = new Parameter("w", "weight", a.get("param").copy(), true);
			final Optimizer opt = Optimizers.named(kind, 1e-2).weightDecay(0.1).build(List.of(p));
			for (int i = 0; i < 3; i++) {
				System.arraycopy(a.get("grad" + i).data(), 0, p.grad().data(), 0, p.grad().numel());
				opt.step();
			}
			assertNear(a.get(kind), p.value(), FORWARD, kind + " after 3 steps");
			assertEquals(3, opt.steps());
		}
	}
}
