package io.github.convnetij.nn.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds an inference-mode BatchNormalization into the Conv before it, at load time: when a Conv's
 * only reader is a BatchNormalization with constant scale, bias, mean and variance, the Conv's
 * weight and bias become {@code w * s} and {@code (b - mean) * s + beta} per output channel with
 * {@code s = scale / sqrt(var + epsilon)} (computed in double), and the BatchNormalization becomes
 * an Identity of the Conv's output (so node positions in messages do not move). Anything else is
 * left as it is for the layer kinds to read (a BatchNormalization after a Concat stays a batchnorm
 * layer).
 */
final class ConvBatchNormFusion {

	/** The rewritten nodes and the new constants (fused weights and biases, by name). */
	record Result(List<OnnxNode> nodes, Map<String, OnnxTensor> constants, int fused) {}

	private ConvBatchNormFusion() {}

	/**
	 * @param constants the graph's constants by value name (initializers); not changed
	 * @param graphOutputs the names of the graph's outputs (a Conv output read there is kept)
	 */
	static Result fuse(final List<OnnxNode> nodes, final Map<String, OnnxTensor> constants,
		final Set<String> graphOutputs)
	{
		final Map<String, Integer> readers = new HashMap<>();
		final Map<String, Integer> producer = new HashMap<>();
		final Set<String> taken = new HashSet<>(constants.keySet());
		for (int i = 0; i < nodes.size(); i++) {
			final OnnxNode n = nodes.get(i);
			for (final String v : n.inputs())
				if (!v.isEmpty()) readers.merge(v, 1, Integer::sum);
			for (final String v : n.outputs())
				producer.put(v, i);
			taken.addAll(n.outputs());
			taken.add(n.name());
		}
		final List<OnnxNode> out = new ArrayList<>(nodes);
		final Map<String, OnnxTensor> added = new HashMap<>();
		int fused = 0;
		for (int i = 0; i < nodes.size(); i++) {
			final OnnxNode bn = nodes.get(i);
			if (!isDefault(bn) || !bn.opType().equals("BatchNormalization") || bn.inputs().size() < 5)
				continue;
			final OnnxAttribute mode = bn.attribute("training_mode");
			if (mode != null && mode.i() != 0) continue;
			final String y = bn.inputs().get(0);
			final Integer ci = producer.get(y);
			if (ci == null || readers.getOrDefault(y, 0) != 1 || graphOutputs.contains(y)) continue;
			final OnnxNode conv = out.get(ci);
			if (!isDefault(conv) || !conv.opType().equals("Conv") || conv.outputs().size() != 1 ||
				conv.inputs().size() < 2) continue;
			if (secondOutputsRead(bn, readers, graphOutputs)) continue;
			final OnnxTensor w = floats(constants, conv.inputs().get(1));
			final OnnxTensor b = conv.inputs().size() > 2 && !conv.inputs().get(2).isEmpty() ? floats(
				constants, conv.inputs().get(2)) : null;
			if (w == null || w.dims().length < 3 || conv.inputs().size() > 2 && !conv.inputs().get(2)
				.isEmpty() && b == null) continue;
			// a weight or bias shared with another node stays as it is there
			if (readers.getOrDefault(conv.inputs().get(1), 0) != 1) continue;
			if (w.dims()[0] < 1 || w.numel() == 0) continue;
			final int outCh = (int) w.dims()[0];
			final OnnxTensor[] p = new OnnxTensor[4];
			boolean ok = true;
			for (int k = 0; k < 4; k++) {
				p[k] = floats(constants, bn.inputs().get(k + 1));
				ok &= p[k] != null && p[k].numel() == outCh;
			}
			if (!ok || b != null && b.numel() != outCh) continue;
			final OnnxAttribute epsAttr = bn.attribute("epsilon");
			final double eps = epsAttr == null ? 1e-5 : epsAttr.f();
			final float[] scale = p[0].toFloats(), beta = p[1].toFloats(), mean = p[2].toFloats(),
				var = p[3].toFloats();
			final float[] wv = w.toFloats();
			final float[] bv = b == null ? new float[outCh] : b.toFloats();
			final int per = wv.length / outCh;
			final float[] nw = new float[wv.length], nb = new float[outCh];
			for (int o = 0; o < outCh; o++) {
				final double s = scale[o] / Math.sqrt(var[o] + eps);
				for (int j = 0; j < per; j++)
					nw[o * per + j] = (float) (wv[o * per + j] * s);
				nb[o] = (float) ((bv[o] - (double) mean[o]) * s + beta[o]);
			}
			final String wName = fresh(conv.inputs().get(1) + "_bn_fused", taken);
			final String bName = fresh((b != null ? conv.inputs().get(2) : wName) + "_bn_fused_bias",
				taken);
			added.put(wName, OnnxTensor.ofFloats(wName, nw, w.dims()));
			added.put(bName, OnnxTensor.ofFloats(bName, nb, (long) outCh));
			out.set(ci, new OnnxNode(conv.name(), conv.opType(), conv.domain(), List.of(conv.inputs()
				.get(0), wName, bName), conv.outputs(), conv.attributes(), conv.docString()));
			out.set(i, new OnnxNode(bn.name(), "Identity", bn.domain(), List.of(y), List.of(bn.outputs()
				.get(0)), List.of(), bn.docString()));
			fused++;
		}
		return new Result(out, added, fused);
	}

	private static boolean isDefault(final OnnxNode n) {
		return n.domain().isEmpty() || n.domain().equals("ai.onnx");
	}

	private static boolean secondOutputsRead(final OnnxNode n, final Map<String, Integer> readers,
		final Set<String> graphOutputs)
	{
		for (int k = 1; k < n.outputs().size(); k++) {
			final String v = n.outputs().get(k);
			if (!v.isEmpty() && (readers.containsKey(v) || graphOutputs.contains(v))) return true;
		}
		return false;
	}

	private static OnnxTensor floats(final Map<String, OnnxTensor> constants, final String name) {
		final OnnxTensor t = constants.get(name);
		return t != null && t.dataType() == OnnxTensor.FLOAT ? t : null;
	}

	private static String fresh(final String base, final Set<String> taken) {
		String n = base;
		for (int k = 2; taken.contains(n); k++)
			n = base + "_" + k;
		taken.add(n);
		return n;
	}
}
