package io.github.convnetij.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;

/**
 * What the "Show ..." commands of a model need, without ImageJ: a layer chosen by name or
 * position, its activations for one image, its filters as a montage, the architecture picture —
 * with the errors a user should see (a layer name that does not exist lists the names; a non-conv
 * layer for filters lists the conv layers; an image the model cannot take names both shapes).
 * <pre>{@code
 * Tensor act = NetworkViews.activation(net, image, "conv2");     // image [C, H, W] as the model takes it
 * Figure maps = NetworkViews.featureMaps(net, image, 0, 1, "conv2", 32);
 * Figure filters = NetworkViews.filters(net, "conv1", FilterMontage.Mode.AUTO, FilterMontage.Scale.SHARED).figure();
 * }</pre>
 * Activations are computed by running the layers of the graph one after the other in inference
 * mode, each on its inputs' outputs, up to the chosen node (a stand-in for the graph executor that
 * hands back any node's output).
 */
public final class NetworkViews {

	private NetworkViews() {}

	/**
	 * The node named {@code layer}, or at position {@code layer} (0 = the first layer) when it is a
	 * number and no node has that name.
	 *
	 * @throws IllegalArgumentException naming the layers there are
	 */
	public static Network.Node node(final Network net, final String layer) {
		if (layer != null) {
			final Network.Node n = net.node(layer.trim());
			if (n != null) return n;
			try {
				final int i = Integer.parseInt(layer.trim());
				if (i >= 0 && i < net.nodes().size()) return net.nodes().get(i);
			}
			catch (final NumberFormatException e) {
				// not a position
			}
		}
		throw new IllegalArgumentException("the model has no layer '" + layer + "'; its layers are " +
			names(net.nodes()) + " (or a position 0.." + (net.nodes().size() - 1) + ")");
	}

	/**
	 * The output of {@code layer} for one image {@code [C, H, W]} (the model's input shape, values
	 * as the model takes them), without the batch axis; a new tensor.
	 *
	 * @throws IllegalArgumentException for an unknown layer or an image of another shape
	 */
	public static Tensor activation(final Network net, final Tensor image, final String layer) {
		final Network.Node target = node(net, layer);
		final int[] in = net.inputShape(), got = image.shape();
		if (!Arrays.equals(in, got)) throw new IllegalArgumentException("the image is " + Draw.shape(
			got) + " (C x H x W) but the model takes " + Draw.shape(in));
		final int[] batched = new int[in.length + 1];
		batched[0] = 1;
		System.arraycopy(in, 0, batched, 1, in.length);
		final Map<String, Tensor> outputs = new HashMap<>();
		outputs.put(Network.INPUT, Tensor.of(image.data().clone(), batched));
		for (final Network.Node n : net.nodes()) {
			final Tensor[] inputs = new Tensor[n.inputs().size()];
			for (int i = 0; i < inputs.length; i++)
				inputs[i] = outputs.get(n.inputs().get(i));
			// layers may reuse their output tensor: keep a copy
			outputs.put(n.name(), n.layer().forward(inputs, false).copy());
			if (n == target) break;
		}
		final Tensor out = outputs.get(target.name());
		final int[] s = out.shape();
		return Tensor.of(out.data(), Arrays.copyOfRange(s, 1, s.length));
	}

	/**
	 * The input image beside the channels of {@code layer}'s output ({@link FeatureMaps}); an
	 * output of features {@code [F]} is shown as one map of rows of 32 values (zeros after the last).
	 */
	public static Figure featureMaps(final Network net, final Tensor image, final double lo,
		final double hi, final String layer, final int maxChannels)
	{
		final Network.Node n = node(net, layer);
		Tensor act = activation(net, image, n.name());
		final int[] s = act.shape();
		if (s.length == 1) {
			final int cols = Math.min(32, s[0]), rows = (s[0] + cols - 1) / cols;
			act = Tensor.of(Arrays.copyOf(act.data(), rows * cols), 1, rows, cols);
		}
		else if (s.length != 3) throw new IllegalArgumentException("layer '" + n.name() +
			"' has output " + Draw.shape(s) + ": feature maps are drawn for C x H x W or features only");
		final int[] is = image.shape();
		final Tensor shown = is.length == 3 ? image : Tensor.of(image.data(), 1, 1, is[is.length - 1]);
		return FeatureMaps.draw(n.name(), shown, lo, hi, act, maxChannels);
	}

	/**
	 * The filters of a 2D convolution layer as a montage.
	 *
	 * @throws IllegalArgumentException for an unknown layer or one that is not a 2D convolution
	 *           (listing the conv layers)
	 */
	public static FilterMontage.Result filters(final Network net, final String layer,
		final FilterMontage.Mode mode, final FilterMontage.Scale scale)
	{
		final Network.Node n = node(net, layer);
		final List<Network.Node> convs = new ArrayList<>();
		for (final Network.Node c : net.nodes())
			if (c.layer().type().equals("conv")) convs.add(c);
		final Parameter w = n.layer().type().equals("conv") ? n.layer().parameter("weight") : null;
		if (w == null) throw new IllegalArgumentException("layer '" + n.name() + "' is " + n.layer()
			.type() + ", not a convolution: filters are shown for " + (convs.isEmpty() ?
				"conv layers, and this model has none" : "the conv layers " + names(convs)));
		if (w.value().rank() != 4) throw new IllegalArgumentException("layer '" + n.name() +
			"' is a " + (w.value().rank() - 2) + "D convolution: filter montages are drawn for 2D ones");
		return FilterMontage.draw(n.name(), w.value(), mode, scale);
	}

	/** The architecture picture of {@code net}; its text holds the layer table. */
	public static Figure architecture(final Network net, final String title) {
		return ArchitecturePicture.draw(LayerSummary.of(net), title);
	}

	private static String names(final List<Network.Node> nodes) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < nodes.size(); i++) {
			if (i > 0) sb.append(", ");
			if (i == 12 && nodes.size() > 14) {
				sb.append("... ").append(nodes.size() - 13).append(" more ..., ").append(nodes.get(nodes
					.size() - 1).name());
				break;
			}
			sb.append(nodes.get(i).name());
		}
		return sb.toString();
	}
}
