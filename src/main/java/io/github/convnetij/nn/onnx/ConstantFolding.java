package io.github.convnetij.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The shape operators exporters emit ({@code x.view(x.size(0), -1)} becomes Shape, Gather,
 * Unsqueeze, Concat and Reshape), evaluated at load time. A value here is a small tensor of
 * integers or floats whose integer entries may stand for the batch size, which is symbolic (marked
 * in {@link Val#batch}). Shape of a computed value of per-sample shape {@code S} is
 * {@code [N, S...]}. A folded value that does not depend on the batch size becomes an ordinary
 * constant; one that does may only end as a Reshape target, where a leading N means ONNX's 0 (copy
 * the batch size).
 */
final class ConstantFolding {

	/** The operators folded when every input is a constant or folded value (Shape always). */
	static final Set<String> OPS = Set.of("Shape", "Gather", "Unsqueeze", "Squeeze", "Cast", "Slice",
		"ConstantOfShape", "Concat", "Reshape", "Transpose", "Identity", "Add", "Sub", "Mul", "Div",
		"Size");

	/** Largest folded tensor, in elements (folded values are shapes and small tables). */
	static final long MAX_ELEMENTS = 1 << 24;

	private ConstantFolding() {}

	/**
	 * A folded value: integers (ints != null) or floats, with dimensions; {@code batch[i]} (null when
	 * none) marks an integer that stands for the batch size N.
	 */
	record Val(long[] ints, float[] floats, long[] dims, boolean[] batch) {

		Val(final long[] ints, final float[] floats, final long[] dims) {
			this(ints, floats, dims, null);
		}

		static Val of(final OnnxTensor t) {
			final int d = t.dataType();
			final boolean fl = d == OnnxTensor.FLOAT || d == OnnxTensor.DOUBLE || d == OnnxTensor.FLOAT16 ||
				d == OnnxTensor.BFLOAT16;
			return fl ? new Val(null, t.toFloats(), t.dims()) : new Val(t.toLongs(), null, t.dims());
		}

		static Val ints(final long[] v, final long... dims) {
			return new Val(v, null, dims);
		}

		int size() {
			return ints != null ? ints.length : floats.length;
		}

		boolean isBatch(final int i) {
			return batch != null && batch[i];
		}

		boolean hasBatch() {
			if (batch == null) return false;
			for (final boolean b : batch)
				if (b) return true;
			return false;
		}

		OnnxTensor tensor(final String name) {
			return ints != null ? OnnxTensor.ofLongs(name, ints, dims) : OnnxTensor.ofFloats(name, floats,
				dims);
		}

		/** Element i as a double (the batch size refused). */
		double at(final int i) {
			if (ints == null) return floats[i];
			if (isBatch(i)) throw new IllegalArgumentException("the value " + this +
				" depends on the batch size N, which is not known at load time");
			return ints[i];
		}

		Val withDims(final long[] newDims) {
			return new Val(ints, floats, newDims, batch);
		}

		/** The elements at {@code idx}, as a value of dimensions {@code newDims}. */
		Val gather(final int[] idx, final long[] newDims) {
			if (ints != null) {
				final long[] o = new long[idx.length];
				final boolean[] b = batch == null ? null : new boolean[idx.length];
				for (int i = 0; i < idx.length; i++) {
					o[i] = ints[idx[i]];
					if (b != null) b[i] = batch[idx[i]];
				}
				return new Val(o, null, newDims, b);
			}
			final float[] o = new float[idx.length];
			for (int i = 0; i < idx.length; i++)
				o[i] = floats[idx[i]];
			return new Val(null, o, newDims);
		}

		@Override
		public String toString() {
			if (ints == null) return Arrays.toString(floats);
			final StringBuilder b = new StringBuilder("[");
			for (int i = 0; i < ints.length; i++)
				b.append(i == 0 ? "" : ", ").append(isBatch(i) ? "N" : String.valueOf(ints[i]));
			return b.append("]").toString();
		}
	}

	/** What the folding reads of one node. */
	interface Node {

		String opType();

		long opset();

		int numInputs();

		/** Folded or constant input k, or null when omitted. */
		Val input(int k);

		long intAttribute(String name, long def);

		/** Null when absent. */
		long[] intsAttribute(String name);

		/** Null when absent. */
		OnnxTensor tensorAttribute(String name);
	}

	static long count(final long[] dims) {
		long n = 1;
		for (final long d : dims) {
			if (d < 0) throw new IllegalArgumentException("dimension " + d + " is negative");
			n *= d;
			if (n > MAX_ELEMENTS) throw new IllegalArgumentException("a folded value of shape " + Arrays
				.toString(dims) + " has more than " + MAX_ELEMENTS + " elements");
		}
		return n;
	}

	private static int axis(final long a, final int rank, final String what) {
		final long r = a < 0 ? a + rank : a;
		if (r < 0 || r >= rank) throw new IllegalArgumentException(what + " " + a +
			" is out of range for rank " + rank);
		return (int) r;
	}

	private static long[] strides(final long[] dims) {
		final long[] s = new long[dims.length];
		long acc = 1;
		for (int i = dims.length - 1; i >= 0; i--) {
			s[i] = acc;
			acc *= dims[i];
		}
		return s;
	}

	private static Val need(final Node n, final int k, final String what) {
		final Val v = n.input(k);
		if (v == null) throw new IllegalArgumentException(what + " (input " + k + ") is missing");
		return v;
	}

	private static long[] ints(final Val v, final String what) {
		if (v.ints == null) throw new IllegalArgumentException(what + " must hold integers");
		if (v.hasBatch()) throw new IllegalArgumentException(what + " " + v +
			" depends on the batch size N, which is not known at load time");
		return v.ints;
	}

	/** Axes from the attribute (older opsets) or input 1 (opset 13 on), or null when absent. */
	private static long[] axes(final Node n, final int input) {
		final long[] a = n.intsAttribute("axes");
		if (a != null) return a;
		final Val v = n.numInputs() > input ? n.input(input) : null;
		return v == null ? null : ints(v, "axes");
	}

	/** The value of a node whose inputs are all known. */
	static Val fold(final Node n) {
		return switch (n.opType()) {
			case "Identity" -> need(n, 0, "the input");
			case "Size" -> {
				final Val v = need(n, 0, "the input");
				yield Val.ints(new long[] { v.size() });
			}
			case "Gather" -> gather(n);
			case "Unsqueeze" -> unsqueeze(n);
			case "Squeeze" -> squeeze(n);
			case "Cast" -> cast(n);
			case "Slice" -> slice(n);
			case "ConstantOfShape" -> constantOfShape(n);
			case "Concat" -> concat(n);
			case "Reshape" -> reshape(n);
			case "Transpose" -> transpose(n);
			case "Add", "Sub", "Mul", "Div" -> arithmetic(n);
			default -> throw new IllegalArgumentException(n.opType() + " is not folded");
		};
	}

	/**
	 * Shape of a value of dimensions {@code dims}, the first of which is the batch size N when
	 * {@code batched}; opset 15's start and end.
	 */
	static Val shape(final long[] dims, final boolean batched, final Node n) {
		final int r = dims.length;
		long start = n.intAttribute("start", 0), end = n.intAttribute("end", r);
		if (start < 0) start += r;
		if (end < 0) end += r;
		start = Math.max(0, Math.min(r, start));
		end = Math.max(start, Math.min(r, end));
		final boolean[] b = new boolean[r];
		b[0] = batched;
		final Val all = new Val(dims.clone(), null, new long[] { r }, b);
		final int[] idx = new int[(int) (end - start)];
		for (int i = 0; i < idx.length; i++)
			idx[i] = (int) start + i;
		return all.gather(idx, new long[] { idx.length });
	}

	private static Val gather(final Node n) {
		final Val data = need(n, 0, "the data");
		final Val idxV = need(n, 1, "the indices");
		final long[] idx = ints(idxV, "the indices");
		final int r = data.dims.length;
		if (r == 0) throw new IllegalArgumentException("Gather of a scalar");
		final int a = axis(n.intAttribute("axis", 0), r, "axis");
		final long[] outDims = new long[r - 1 + idxV.dims.length];
		System.arraycopy(data.dims, 0, outDims, 0, a);
		System.arraycopy(idxV.dims, 0, outDims, a, idxV.dims.length);
		System.arraycopy(data.dims, a + 1, outDims, a + idxV.dims.length, r - a - 1);
		final int total = (int) count(outDims);
		final long outer = count(Arrays.copyOfRange(data.dims, 0, a));
		final long inner = count(Arrays.copyOfRange(data.dims, a + 1, r));
		final long len = data.dims[a];
		final int[] src = new int[total];
		int p = 0;
		for (long o = 0; o < outer; o++)
			for (final long i0 : idx) {
				final long i = i0 < 0 ? i0 + len : i0;
				if (i < 0 || i >= len) throw new IllegalArgumentException("index " + i0 +
					" is out of range for length " + len);
				for (long j = 0; j < inner; j++)
					src[p++] = (int) ((o * len + i) * inner + j);
			}
		return data.gather(src, outDims);
	}

	private static Val unsqueeze(final Node n) {
		final Val v = need(n, 0, "the data");
		final long[] ax = axes(n, 1);
		if (ax == null) throw new IllegalArgumentException("Unsqueeze needs axes");
		final int r = v.dims.length + ax.length;
		final boolean[] ins = new boolean[r];
		for (final long a : ax) {
			final int k = axis(a, r, "axis");
			if (ins[k]) throw new IllegalArgumentException("axis " + a + " given twice");
			ins[k] = true;
		}
		final long[] d = new long[r];
		for (int i = 0, j = 0; i < r; i++)
			d[i] = ins[i] ? 1 : v.dims[j++];
		return v.withDims(d);
	}

	private static Val squeeze(final Node n) {
		final Val v = need(n, 0, "the data");
		final long[] ax = axes(n, 1);
		final int r = v.dims.length;
		final boolean[] drop = new boolean[r];
		if (ax == null) for (int i = 0; i < r; i++)
			drop[i] = v.dims[i] == 1;
		else for (final long a : ax) {
			final int k = axis(a, r, "axis");
			if (v.dims[k] != 1) throw new IllegalArgumentException("axis " + a + " has length " + v.dims[k] +
				", not 1");
			drop[k] = true;
		}
		final List<Long> d = new ArrayList<>();
		for (int i = 0; i < r; i++)
			if (!drop[i]) d.add(v.dims[i]);
		return v.withDims(d.stream().mapToLong(Long::longValue).toArray());
	}

	private static Val cast(final Node n) {
		final Val v = need(n, 0, "the input");
		final int to = (int) n.intAttribute("to", 0);
		switch (to) {
			case OnnxTensor.FLOAT, OnnxTensor.DOUBLE, OnnxTensor.FLOAT16, OnnxTensor.BFLOAT16: {
				if (v.floats != null) return v;
				final float[] f = new float[v.ints.length];
				for (int i = 0; i < f.length; i++)
					f[i] = (float) v.at(i);
				return new Val(null, f, v.dims);
			}
			case OnnxTensor.INT64, OnnxTensor.INT32, OnnxTensor.INT16, OnnxTensor.INT8, OnnxTensor.UINT8,
				OnnxTensor.UINT16, OnnxTensor.UINT32, OnnxTensor.UINT64, OnnxTensor.BOOL: {
				if (v.ints != null) {
					if (to != OnnxTensor.BOOL) return v;
					ints(v, "the input");
					final long[] b = new long[v.ints.length];
					for (int i = 0; i < b.length; i++)
						b[i] = v.ints[i] != 0 ? 1 : 0;
					return Val.ints(b, v.dims);
				}
				final long[] l = new long[v.floats.length];
				for (int i = 0; i < l.length; i++)
					l[i] = to == OnnxTensor.BOOL ? (v.floats[i] != 0 ? 1 : 0) : (long) v.floats[i];
				return Val.ints(l, v.dims);
			}
			default:
				throw new IllegalArgumentException("Cast to " + OnnxTensor.typeName(to) +
					" is not supported");
		}
	}

	private static Val slice(final Node n) {
		final Val v = need(n, 0, "the data");
		final int r = v.dims.length;
		final long[] starts, ends, axesIn, steps;
		if (n.opset() < 10) {
			starts = n.intsAttribute("starts");
			ends = n.intsAttribute("ends");
			axesIn = n.intsAttribute("axes");
			steps = null;
			if (starts == null || ends == null) throw new IllegalArgumentException(
				"Slice needs starts and ends");
		}
		else {
			starts = ints(need(n, 1, "starts"), "starts");
			ends = ints(need(n, 2, "ends"), "ends");
			final Val a = n.numInputs() > 3 ? n.input(3) : null;
			final Val s = n.numInputs() > 4 ? n.input(4) : null;
			axesIn = a == null ? null : ints(a, "axes");
			steps = s == null ? null : ints(s, "steps");
		}
		if (ends.length != starts.length || axesIn != null && axesIn.length != starts.length ||
			steps != null && steps.length != starts.length) throw new IllegalArgumentException(
				"starts, ends, axes and steps must have the same length");
		final long[] st = new long[r], step = new long[r], len = v.dims.clone();
		Arrays.fill(step, 1);
		for (int i = 0; i < starts.length; i++) {
			final int a = axis(axesIn == null ? i : axesIn[i], r, "axis");
			final long d = v.dims[a];
			final long given = steps == null ? 1 : steps[i];
			if (given == 0) throw new IllegalArgumentException("step 0");
			// a step longer than the axis takes one element at most: clamped, so nothing overflows
			final long sp = Math.max(-(d + 1), Math.min(d + 1, given));
			long s0 = starts[i] < 0 ? starts[i] + d : starts[i];
			long e0 = ends[i] < 0 ? ends[i] + d : ends[i];
			if (sp > 0) {
				s0 = Math.max(0, Math.min(d, s0));
				e0 = Math.max(0, Math.min(d, e0));
				len[a] = Math.max(0, (e0 - s0 + sp - 1) / sp);
			}
			else {
				s0 = Math.max(-1, Math.min(d - 1, s0));
				e0 = Math.max(-1, Math.min(d - 1, e0));
				len[a] = Math.max(0, (s0 - e0 - sp - 1) / -sp);
			}
			st[a] = s0;
			step[a] = sp;
		}
		final int total = (int) count(len);
		final long[] inS = strides(v.dims), outS = strides(len);
		final int[] src = new int[total];
		for (int o = 0; o < total; o++) {
			long rem = o, off = 0;
			for (int a = 0; a < r; a++) {
				final long c = rem / outS[a];
				rem %= outS[a];
				off += (st[a] + c * step[a]) * inS[a];
			}
			src[o] = (int) off;
		}
		return v.gather(src, len);
	}

	private static Val constantOfShape(final Node n) {
		final long[] dims = ints(need(n, 0, "the shape"), "the shape");
		final int total = (int) count(dims);
		final OnnxTensor t = n.tensorAttribute("value");
		if (t == null) return new Val(null, new float[total], dims);
		final Val v = Val.of(t);
		if (v.size() != 1) throw new IllegalArgumentException("value must hold one element");
		return v.gather(new int[total], dims);
	}

	private static Val concat(final Node n) {
		final List<Val> in = new ArrayList<>();
		for (int k = 0; k < n.numInputs(); k++) {
			final Val v = n.input(k);
			if (v != null) in.add(v);
		}
		if (in.isEmpty()) throw new IllegalArgumentException("Concat without inputs");
		final int r = in.get(0).dims.length;
		final int a = axis(n.intAttribute("axis", 0), r, "axis");
		final long[] d = in.get(0).dims.clone();
		d[a] = 0;
		final boolean ints = in.get(0).ints != null;
		for (final Val v : in) {
			if (v.dims.length != r || (v.ints != null) != ints) throw new IllegalArgumentException(
				"Concat of values of different ranks or types");
			for (int i = 0; i < r; i++)
				if (i != a && v.dims[i] != d[i]) throw new IllegalArgumentException(
					"Concat of shapes that differ off the axis");
			d[a] += v.dims[a];
		}
		final int total = (int) count(d);
		final long outer = count(Arrays.copyOfRange(d, 0, a)), inner = count(Arrays.copyOfRange(d, a + 1,
			r));
		final long[] li = ints ? new long[total] : null;
		final boolean[] lb = ints ? new boolean[total] : null;
		final float[] lf = ints ? null : new float[total];
		int p = 0;
		for (long o = 0; o < outer; o++)
			for (final Val v : in) {
				final long chunk = v.dims[a] * inner;
				for (long j = 0; j < chunk; j++, p++)
					if (ints) {
						li[p] = v.ints[(int) (o * chunk + j)];
						lb[p] = v.isBatch((int) (o * chunk + j));
					}
					else lf[p] = v.floats[(int) (o * chunk + j)];
			}
		return new Val(li, lf, d, lb);
	}

	private static Val reshape(final Node n) {
		final Val v = need(n, 0, "the data");
		final long[] t = ints(need(n, 1, "the shape"), "the shape");
		final boolean allowZero = n.intAttribute("allowzero", 0) != 0;
		final long[] d = new long[t.length];
		int infer = -1;
		long known = 1;
		for (int i = 0; i < t.length; i++) {
			long x = t[i];
			if (x == 0 && !allowZero) {
				if (i >= v.dims.length) throw new IllegalArgumentException("0 at axis " + i +
					" copies no input axis");
				x = v.dims[i];
			}
			if (x == -1) {
				if (infer >= 0) throw new IllegalArgumentException("more than one -1 in " + Arrays.toString(t));
				infer = i;
				continue;
			}
			if (x < 0) throw new IllegalArgumentException("value " + x + " in " + Arrays.toString(t));
			d[i] = x;
			known *= x;
		}
		final long size = v.size();
		if (infer >= 0) {
			if (known == 0 || size % known != 0) throw new IllegalArgumentException("cannot reshape " + size +
				" values to " + Arrays.toString(t));
			d[infer] = size / known;
		}
		else if (known != size) throw new IllegalArgumentException("cannot reshape " + size +
			" values to " + Arrays.toString(t));
		return v.withDims(d);
	}

	private static Val transpose(final Node n) {
		final Val v = need(n, 0, "the data");
		final int r = v.dims.length;
		long[] perm = n.intsAttribute("perm");
		if (perm == null) {
			perm = new long[r];
			for (int i = 0; i < r; i++)
				perm[i] = r - 1 - i;
		}
		if (perm.length != r) throw new IllegalArgumentException("perm " + Arrays.toString(perm) +
			" for rank " + r);
		final long[] d = new long[r];
		final int[] pi = new int[r];
		final boolean[] seen = new boolean[r];
		for (int i = 0; i < r; i++) {
			final int p = axis(perm[i], r, "perm value");
			if (seen[p]) throw new IllegalArgumentException("perm " + Arrays.toString(perm) +
				" repeats an axis");
			seen[p] = true;
			pi[i] = p;
			d[i] = v.dims[p];
		}
		final long[] inS = strides(v.dims), outS = strides(d);
		final int total = (int) count(d);
		final int[] src = new int[total];
		for (int o = 0; o < total; o++) {
			long rem = o, off = 0;
			for (int i = 0; i < r; i++) {
				off += rem / outS[i] * inS[pi[i]];
				rem %= outS[i];
			}
			src[o] = (int) off;
		}
		return v.gather(src, d);
	}

	/** Element-wise arithmetic with numpy broadcasting of equal-rank or scalar operands. */
	private static Val arithmetic(final Node n) {
		final Val a = need(n, 0, "A"), b = need(n, 1, "B");
		final int r = Math.max(a.dims.length, b.dims.length);
		final long[] da = pad(a.dims, r), db = pad(b.dims, r), d = new long[r];
		for (int i = 0; i < r; i++) {
			if (da[i] != db[i] && da[i] != 1 && db[i] != 1) throw new IllegalArgumentException("shapes " +
				Arrays.toString(a.dims) + " and " + Arrays.toString(b.dims) + " do not broadcast");
			d[i] = Math.max(da[i], db[i]);
		}
		final int total = (int) count(d);
		final long[] sa = strides(da), sb = strides(db), so = strides(d);
		final boolean ints = a.ints != null && b.ints != null;
		final long[] li = ints ? new long[total] : null;
		final float[] lf = ints ? null : new float[total];
		for (int o = 0; o < total; o++) {
			long rem = o;
			int ia = 0, ib = 0;
			for (int i = 0; i < r; i++) {
				final long c = rem / so[i];
				rem %= so[i];
				if (da[i] != 1) ia += (int) (c * sa[i]);
				if (db[i] != 1) ib += (int) (c * sb[i]);
			}
			if (ints) {
				a.at(ia); // refuses the batch size
				b.at(ib);
				final long x = a.ints[ia], y = b.ints[ib];
				try {
					li[o] = switch (n.opType()) {
						case "Add" -> Math.addExact(x, y);
						case "Sub" -> Math.subtractExact(x, y);
						case "Mul" -> Math.multiplyExact(x, y);
						default -> {
							if (y == 0) throw new IllegalArgumentException("integer division by 0");
							yield x / y; // ONNX: truncation, as Java
						}
					};
				}
				catch (final ArithmeticException e) {
					throw new IllegalArgumentException(n.opType() + " of " + x + " and " + y +
						" overflows 64-bit integers", e);
				}
			}
			else {
				final double x = a.at(ia), y = b.at(ib);
				lf[o] = (float) switch (n.opType()) {
					case "Add" -> x + y;
					case "Sub" -> x - y;
					case "Mul" -> x * y;
					default -> x / y;
				};
			}
		}
		return new Val(li, lf, d);
	}

	private static long[] pad(final long[] dims, final int r) {
		final long[] o = new long[r];
		Arrays.fill(o, 1);
		System.arraycopy(dims, 0, o, r - dims.length, dims.length);
		return o;
	}
}
