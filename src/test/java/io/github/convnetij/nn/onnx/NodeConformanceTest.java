package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LayerKinds;
import io.github.convnetij.nn.Network;

import org.junit.jupiter.api.Test;

/**
 * ONNX's backend tests ({@code libonnx-testdata}'s {@code data/node/*}, {@code pytorch-operator/*},
 * {@code pytorch-converted/*}): every case whose
 * operators some layer kind reads is imported (inputs after the first become initializers) and its
 * first data set compared with the stored output, {@code |a - e| <= 1e-5 + 1e-3 |e|} (ONNX's
 * backend-test tolerance). Prints (and writes to {@code target/onnx-conformance.txt}) the counts per
 * folder, per operator the cases passed and those refused at import with the reason, and each
 * skipped pytorch-* case with the operators no layer kind reads.
 */
class NodeConformanceTest {

	/** Cases of the operators added as one-file kinds, which must pass. */
	static final Set<String> MUST_PASS = Set.of("test_sigmoid", "test_tanh", "test_clip",
		"test_clip_default_min", "test_clip_default_max", "test_hardsigmoid",
		"test_hardsigmoid_default", "test_hardswish", "test_matmul_2d", "test_relu", "test_leakyrelu",
		"test_leakyrelu_default", "test_reshape_reordered_last_dims", "test_reshape_negative_dim",
		"test_reshape_zero_dim", "test_reshape_extended_dims", "test_reshape_zero_and_negative_dim",
		"test_Sigmoid", "test_Tanh", "test_add_bcast", "test_sub_bcast", "test_mul_bcast",
		"test_div_bcast", "test_globalmaxpool", "test_globalmaxpool_precomputed",
		// Resize: every mode and coordinate mode but tf_crop_and_resize
		"test_resize_downsample_scales_cubic", "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
		"test_resize_downsample_scales_cubic_align_corners", "test_resize_downsample_scales_linear",
		"test_resize_downsample_scales_linear_align_corners", "test_resize_downsample_scales_nearest",
		"test_resize_downsample_sizes_cubic", "test_resize_downsample_sizes_linear_pytorch_half_pixel",
		"test_resize_downsample_sizes_nearest", "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn",
		"test_resize_upsample_scales_cubic", "test_resize_upsample_scales_cubic_A_n0p5_exclude_outside",
		"test_resize_upsample_scales_cubic_align_corners", "test_resize_upsample_scales_cubic_asymmetric",
		"test_resize_upsample_scales_linear", "test_resize_upsample_scales_linear_align_corners",
		"test_resize_upsample_scales_nearest", "test_resize_upsample_sizes_cubic",
		"test_resize_upsample_sizes_nearest", "test_resize_upsample_sizes_nearest_ceil_half_pixel",
		"test_resize_upsample_sizes_nearest_floor_align_corners",
		"test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric", "test_upsample_nearest",
		// Pad: constant, reflect, edge
		"test_constant_pad", "test_reflect_pad", "test_edge_pad");

	/**
	 * Operators that only move values: their cases with an integer input (INT32, INT64) whose values
	 * are all exact in float32 run as float and must give the stored integers exactly.
	 */
	static final Set<String> MOVES_VALUES = Set.of("Pad", "Transpose", "Reshape", "Flatten", "Squeeze",
		"Unsqueeze");

	/** Null when it matches, else why not; throws IllegalArgumentException when not importable. */
	static String run(final OnnxTestData.Case c) {
		return run(c, null);
	}

	/** {@link #run(OnnxTestData.Case)} of a case whose first operator is {@code op}. */
	static String run(final OnnxTestData.Case c, final String op) {
		final Network net = OnnxNetworks.toNetwork(ConformanceTest.constantInputs(c), null);
		final OnnxTensor in = c.inputs().get(0);
		final boolean integers = (in.dataType() == OnnxTensor.INT32 || in.dataType() ==
			OnnxTensor.INT64) && MOVES_VALUES.contains(op) && exactInFloat(in) && exactInFloat(c.outputs()
				.get(0));
		if (in.dataType() != OnnxTensor.FLOAT && !integers) throw new IllegalArgumentException(
			"input type " + OnnxTensor.typeName(in.dataType()) + " is not supported");
		final Tensor y = net.predict(Tensor.of(in.toFloats(), in.shape()));
		final OnnxTensor expected = c.outputs().get(0);
		if (!Arrays.equals(y.shape(), expected.shape())) return "shape " + Arrays.toString(y.shape()) +
			", expected " + Arrays.toString(expected.shape());
		final float[] e = expected.toFloats(), a = y.data();
		for (int i = 0; i < e.length; i++)
			if (!(Math.abs(a[i] - e[i]) <= 1e-5 + 1e-3 * Math.abs(e[i]))) return "element " + i + ": " +
				a[i] + ", expected " + e[i];
		return null;
	}

	/** Whether an integer tensor's values are all exact as float32 (|v| <= 2^24). */
	private static boolean exactInFloat(final OnnxTensor t) {
		if (t.dataType() != OnnxTensor.INT32 && t.dataType() != OnnxTensor.INT64) return false;
		for (final long v : t.toLongs())
			if (Math.abs(v) > 1 << 24) return false;
		return true;
	}

	/**
	 * Cases that passed per folder when the README's table was written (libonnx-testdata of Debian's
	 * onnx 1.12): fewer is a regression.
	 */
	static final Map<String, Integer> MIN_PASSED = Map.of("node", 125, "pytorch-operator", 7,
		"pytorch-converted", 64);

	/** The folders of libonnx-testdata's data/ that are run. */
	static final List<String> SOURCES = List.of("node", "pytorch-operator", "pytorch-converted");

	@Test
	void everyCaseOfASupportedOperatorMatches() throws IOException {
		assumeTrue(Files.isDirectory(OnnxTestData.INSTALLED.resolve("node")),
			"libonnx-testdata not installed");
		final Set<String> ops = new TreeSet<>(LayerKinds.onnxOps());
		ops.addAll(ConstantFolding.OPS); // counted too: refused where an input is computed
		final Map<String, List<String>> passed = new TreeMap<>(), refused = new TreeMap<>();
		final List<String> failures = new ArrayList<>();
		final StringBuilder skippedText = new StringBuilder();
		final StringBuilder sources = new StringBuilder();
		for (final String sub : SOURCES) {
			int total = 0, pass = 0, refuse = 0, skip = 0;
			final Map<String, Integer> skippedOps = new TreeMap<>();
			for (final Path d : OnnxTestData.dirs(OnnxTestData.INSTALLED.resolve(sub))) {
				total++;
				final String name = d.getFileName().toString();
				final OnnxModel m = Onnx.read(d.resolve("model.onnx"));
				String op = null;
				final Set<String> unsupported = new TreeSet<>();
				for (final OnnxNode n : m.graph().nodes()) {
					if (n.opType().equals("Constant") || n.opType().equals("Identity")) continue;
					if (!ops.contains(n.opType()) || !n.domain().isEmpty()) unsupported.add((n.domain()
						.isEmpty() ? "" : n.domain() + ":") + n.opType());
					if (op == null) op = n.opType();
				}
				if (op == null) unsupported.add("(no operator but Constant/Identity)");
				if (!unsupported.isEmpty()) {
					skip++;
					for (final String u : unsupported)
						skippedOps.merge(u, 1, Integer::sum);
					if (!sub.equals("node")) skippedText.append("      skipped: ").append(sub).append('/')
						.append(name).append(" (no layer kind reads ").append(String.join(", ", unsupported))
						.append(")\n");
					continue;
				}
				try {
					final OnnxTestData.Case c = OnnxTestData.load(d); // may hold types we do not read
					final String diff = run(c, op);
					if (diff == null) {
						passed.computeIfAbsent(op, k -> new ArrayList<>()).add(c.name());
						pass++;
					}
					else failures.add(c.name() + ": " + diff);
				}
				catch (final IllegalArgumentException e) {
					refused.computeIfAbsent(op, k -> new ArrayList<>()).add(sub + "/" + name + " (" + e
						.getMessage() + ")");
					refuse++;
				}
			}
			final int floor = MIN_PASSED.get(sub);
			if (pass < floor) failures.add("data/" + sub + ": " + pass + " cases passed, at least " +
				floor + " did before");
			sources.append(String.format("  data/%-18s %4d cases: %3d passed, %3d refused, %4d skipped " +
				"(an operator no layer kind reads)%n", sub, total, pass, refuse, skip));
			if (sub.equals("node")) {
				sources.append("      operators of the skipped node cases (cases):");
				int col = 0;
				for (final Map.Entry<String, Integer> e : skippedOps.entrySet()) {
					sources.append(col++ % 6 == 0 ? "\n        " : " ").append(e.getKey()).append(' ').append(e
						.getValue()).append(',');
				}
				sources.append('\n');
			}
		}
		final StringBuilder report = new StringBuilder(
			"ONNX conformance (libonnx-testdata data/node, pytorch-operator, pytorch-converted):\n");
		report.append(sources);
		report.append("Per operator (a case counts under its first operator):\n");
		final Set<String> seen = new TreeSet<>(passed.keySet());
		seen.addAll(refused.keySet());
		for (final String op : seen) {
			final List<String> p = passed.getOrDefault(op, List.of()), r = refused.getOrDefault(op, List
				.of());
			report.append(String.format("  %-20s %3d passed, %3d refused%n", op, p.size(), r.size()));
			for (final String why : r)
				report.append("      refused: ").append(why).append('\n');
		}
		report.append("Skipped cases of data/pytorch-operator and data/pytorch-converted:\n").append(
			skippedText);
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/onnx-conformance.txt"), report);
		System.out.print(report);
		if (!failures.isEmpty()) fail(failures.size() + " mismatches: " + failures);
		final Set<String> all = new TreeSet<>();
		for (final List<String> p : passed.values())
			all.addAll(p);
		final Set<String> missing = new TreeSet<>(MUST_PASS);
		missing.removeAll(all);
		assertEquals(Set.of(), missing, "did not pass; report:\n" + report);
	}
}
