package io.github.convnetij.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.convnetij.nn.Layer;
import io.github.convnetij.nn.Network;

/**
 * One layer of a network as the pictures see it: its name, a short label of what it does
 * ({@code conv 3x3, 64}, {@code maxpool 2x2}, {@code dense 100}), its per-sample output shape in
 * the project's C x H x W order and the names of the layers it reads ({@link Network#INPUT} for
 * the network input). A neutral description, so that a graph imported from elsewhere can be drawn
 * the same way as a {@link Network}.
 *
 * @param name unique within the list
 * @param label what the layer does, short
 * @param kind the layer type ({@code conv}, {@code maxpool}, {@code add}...), for colours
 * @param shape output shape without the batch axis
 * @param inputs names of earlier layers, or {@link Network#INPUT}
 */
public record LayerSummary(String name, String label, String kind, int[] shape, List<String> inputs) {

	public LayerSummary {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(label, "label");
		Objects.requireNonNull(kind, "kind");
		shape = shape.clone();
		inputs = List.copyOf(inputs);
	}

	@Override
	public int[] shape() {
		return shape.clone();
	}

	/** The layers of {@code net} in order, the network input first (named {@link Network#INPUT}). */
	public static List<LayerSummary> of(final Network net) {
		final List<LayerSummary> list = new ArrayList<>();
		list.add(new LayerSummary(Network.INPUT, "input", "input", net.inputShape(), List.of()));
		for (final Network.Node n : net.nodes())
			list.add(new LayerSummary(n.name(), label(n.layer()), n.layer().type(), n.outputShape(), n
				.inputs()));
		return list;
	}

	/** A short label of a built layer: {@code conv 3x3, 64}, {@code maxpool 2x2}, {@code dense 10}. */
	public static String label(final Layer layer) {
		final Map<String, Object> a = layer.attributes();
		final String type = layer.type();
		switch (type) {
			case "conv": {
				final int[] k = (int[]) a.get("kernel"), s = (int[]) a.get("stride");
				String l = "conv " + sizes(k) + ", " + a.get("out_channels");
				if (notOnes(s)) l += ", stride " + sizes(s);
				final int[] d = (int[]) a.get("dilation");
				if (notOnes(d)) l += ", dilation " + sizes(d);
				return l;
			}
			case "maxpool":
			case "avgpool": {
				final int[] w = (int[]) a.get("window"), s = (int[]) a.get("stride");
				String l = type + " " + sizes(w);
				if (!java.util.Arrays.equals(w, s)) l += ", stride " + sizes(s);
				return l;
			}
			case "globalavgpool":
				return "global avg pool";
			case "batchnorm":
				return "batch norm";
			case "dropout":
				return "dropout " + Draw.num(((Number) a.get("rate")).doubleValue());
			case "dense":
				return "dense " + a.get("units");
			case "leakyrelu":
				return "leaky relu " + Draw.num(((Number) a.get("alpha")).doubleValue());
			default:
				return type;
		}
	}

	/**
	 * The summary as a text table: one line per layer with its name, label, output shape
	 * (C x H x W) and, where it does not simply read the line above, its inputs.
	 */
	public static String table(final List<LayerSummary> layers) {
		int wn = 5, wl = 5, ws = 12;
		for (final LayerSummary s : layers) {
			wn = Math.max(wn, s.name.length());
			wl = Math.max(wl, s.label.length());
			ws = Math.max(ws, Draw.shape(s.shape).length());
		}
		final StringBuilder sb = new StringBuilder();
		final String fmt = "%-" + wn + "s  %-" + wl + "s  %-" + ws + "s  %s%n";
		sb.append(String.format(java.util.Locale.ROOT, fmt, "name", "layer", "output CxHxW", "inputs"));
		String prev = null;
		for (final LayerSummary s : layers) {
			final String in = s.inputs.size() == 1 && s.inputs.get(0).equals(prev) ? "" : String.join(
				", ", s.inputs);
			sb.append(String.format(java.util.Locale.ROOT, fmt, s.name, s.label, Draw.shape(s.shape), in));
			prev = s.name;
		}
		return sb.toString().replaceAll("(?m) +$", "");
	}

	private static String sizes(final int[] v) {
		final StringBuilder sb = new StringBuilder();
		final boolean same = java.util.Arrays.stream(v).allMatch(x -> x == v[0]);
		if (same && v.length <= 3) {
			for (int i = 0; i < Math.max(2, v.length); i++)
				sb.append(i == 0 ? "" : "x").append(v[0]);
			return v.length == 1 ? String.valueOf(v[0]) : sb.toString();
		}
		return Draw.shape(v);
	}

	private static boolean notOnes(final int[] v) {
		if (v == null) return false;
		for (final int x : v)
			if (x != 1) return true;
		return false;
	}
}
