package io.github.convnetij.nn.predict;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * A readable description of a model file: its input and preprocessing, its classes, each layer
 * with its output shape and parameter count, the augmentation it was trained with and its
 * training history per epoch. What "CNN Model Info..." and the CLI's {@code info --model} print.
 * <pre>{@code
 * System.out.print(ModelInfo.describe(ModelFile.load(Path.of("fashion.onnx"))));
 * }</pre>
 */
public final class ModelInfo {

	/** The metadata key of the augmentation settings a model was trained with. */
	public static final String AUGMENTATION = "convnet.augmentation";

	private ModelInfo() {}

	/** The description, several lines, each ending with a line break. */
	public static String describe(final ModelFile m) {
		final StringBuilder sb = new StringBuilder();
		final Network net = m.network();
		final InputSpec in = m.input();
		sb.append("input: ").append(in.channels()).append(" x ").append(in.height()).append(" x ").append(
			in.width()).append(" (channels x height x width), scale ").append(number(in.scale())).append(
				", mean ").append(Arrays.toString(in.mean())).append(", std ").append(Arrays.toString(in
					.std())).append(", resize ").append(in.resize()).append('\n');
		final String pre = m.metadata().get(Classifier.PREPROCESSING);
		sb.append("preprocessing: ").append(pre == null ? "(not recorded: 8-bit /255, 16-bit /65535, " +
			"32-bit as stored, then the input's scale, mean and std)" : pre).append('\n');
		final List<String> classes = m.classes();
		sb.append("classes (").append(classes.size()).append("): ").append(String.join(", ", classes))
			.append('\n');
		sb.append("architecture: ").append(net.architecture()).append('\n');
		sb.append("parameters: ").append(net.numParameters()).append('\n');
		sb.append("layers:\n");
		int wName = 4, wType = 4;
		for (final Network.Node n : net.nodes()) {
			wName = Math.max(wName, n.name().length());
			wType = Math.max(wType, n.layer().type().length());
		}
		sb.append(String.format(Locale.ROOT, "  %-" + wName + "s  %-" + wType + "s  %-18s  %s%n", "name",
			"type", "output shape", "parameters"));
		sb.append(String.format(Locale.ROOT, "  %-" + wName + "s  %-" + wType + "s  %-18s  %s%n",
			"input", "", Arrays.toString(net.inputShape()), ""));
		for (final Network.Node n : net.nodes()) {
			long p = 0;
			for (final Parameter q : n.layer().parameters())
				p += q.value().numel();
			sb.append(String.format(Locale.ROOT, "  %-" + wName + "s  %-" + wType + "s  %-18s  %d%n", n
				.name(), n.layer().type(), Arrays.toString(n.outputShape()), p));
		}
		final String aug = m.metadata().get(AUGMENTATION);
		sb.append("augmentation: ").append(aug == null ? "none recorded" : aug).append('\n');
		final List<Map<String, Object>> h = m.history();
		if (h.isEmpty()) sb.append("training history: none recorded\n");
		else {
			sb.append("training history (").append(h.size()).append(" epochs):\n");
			for (final Map<String, Object> e : h) {
				sb.append(' ');
				for (final Map.Entry<String, Object> kv : e.entrySet())
					sb.append(' ').append(kv.getKey()).append('=').append(kv.getValue() instanceof Number x
						? number(x.doubleValue()) : kv.getValue());
				sb.append('\n');
			}
		}
		for (final Map.Entry<String, String> e : m.metadata().entrySet())
			if (!e.getKey().equals(Classifier.PREPROCESSING) && !e.getKey().equals(AUGMENTATION)) sb
				.append("metadata ").append(e.getKey()).append(": ").append(e.getValue().length() > 200 ? e
					.getValue().substring(0, 200) + "..." : e.getValue()).append('\n');
		return sb.toString();
	}

	private static String number(final double v) {
		if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
		return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
	}
}
