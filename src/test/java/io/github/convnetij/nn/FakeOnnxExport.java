package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recording {@link LayerKind.OnnxExport}: what a kind writes for one node, in order. */
final class FakeOnnxExport implements LayerKind.OnnxExport {

	final Map<String, Object> attrs = new LinkedHashMap<>();
	final List<String> inputs = new ArrayList<>(List.of("x"));
	String opType;

	/** Exports built layer {@code l} through its kind. */
	static FakeOnnxExport of(final Layer l) {
		final FakeOnnxExport out = new FakeOnnxExport();
		l.kind().export(l, out);
		return out;
	}

	@Override
	public String name() {
		return "n";
	}

	@Override
	public void opType(final String op) {
		opType = op;
	}

	@Override
	public String dataInput(final int k) {
		return "x" + (k == 0 ? "" : String.valueOf(k));
	}

	@Override
	public void replaceInputs(final List<String> values) {
		inputs.clear();
		inputs.addAll(values);
	}

	@Override
	public void input(final String value) {
		inputs.add(value);
	}

	@Override
	public void constant(final String name, final float[] values, final int... shape) {
		inputs.add(name);
		attrs.put("constant " + name, values.clone());
	}

	@Override
	public void constantLongs(final String name, final long[] values, final int... shape) {
		inputs.add(name);
		attrs.put("constant " + name, values.clone());
	}

	@Override
	public void attribute(final String name, final long value) {
		attrs.put(name, value);
	}

	@Override
	public void attribute(final String name, final float value) {
		attrs.put(name, value);
	}

	@Override
	public void attribute(final String name, final int[] values) {
		attrs.put(name, values.clone());
	}

	@Override
	public void attribute(final String name, final String value) {
		attrs.put(name, value);
	}
}
