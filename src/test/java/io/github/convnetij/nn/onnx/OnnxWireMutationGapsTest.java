package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.CodedInputStream;

/**
 * The wire reader ({@link OnnxWire}) on protobuf bytes written by hand in the test: every field
 * form (packed and unpacked) of the typed tensor data, attributes of IR version 1 (no type field),
 * the nesting limit at its exact edge and the refusals of broken lengths. The expected values are
 * the numbers written and their little-endian bytes worked out here, not the reader's output.
 */
class OnnxWireMutationGapsTest {

	// ---------------------------------------------------------------- protobuf bytes by hand

	/** A protobuf message written field by field (wire types: 0 varint, 1 fixed64, 2 length, 5 fixed32). */
	static final class Pb {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private void raw(final long v) {
			long x = v;
			while ((x & ~0x7FL) != 0) {
				out.write((int) (x & 0x7F) | 0x80);
				x >>>= 7;
			}
			out.write((int) x);
		}

		Pb varint(final int field, final long v) {
			raw((long) field << 3);
			raw(v);
			return this;
		}

		Pb fixed32(final int field, final int bits) {
			raw((long) field << 3 | 5);
			for (int k = 0; k < 4; k++)
				out.write(bits >>> (8 * k) & 0xFF);
			return this;
		}

		Pb fixed64(final int field, final long bits) {
			raw((long) field << 3 | 1);
			for (int k = 0; k < 8; k++)
				out.write((int) (bits >>> (8 * k)) & 0xFF);
			return this;
		}

		Pb len(final int field, final byte[] b) {
			raw((long) field << 3 | 2);
			raw(b.length);
			out.write(b, 0, b.length);
			return this;
		}

		Pb len(final int field, final Pb m) {
			return len(field, m.bytes());
		}

		Pb str(final int field, final String s) {
			return len(field, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		/** A length-delimited field whose length varint is {@code length} (possibly a lie). */
		Pb header(final int field, final long length) {
			raw((long) field << 3 | 2);
			raw(length);
			return this;
		}

		/** Bare varints (a packed body). */
		Pb values(final long... v) {
			for (final long x : v)
				raw(x);
			return this;
		}

		byte[] bytes() {
			return out.toByteArray();
		}
	}

	static CodedInputStream in(final Pb p) {
		return CodedInputStream.newInstance(p.bytes());
	}

	static OnnxTensor tensor(final Pb p) {
		return Onnx.parseTensor(p.bytes(), "'t.pb'");
	}

	static String refusedTensor(final Pb p) {
		return assertThrows(IllegalArgumentException.class, () -> tensor(p)).getMessage();
	}

	static void contains(final String message, final String... parts) {
		for (final String s : parts)
			assertTrue(message.contains(s), "'" + s + "' missing in: " + message);
	}

	/** Little-endian bytes, written out by hand. */
	static byte[] le(final int bytesEach, final long... v) {
		final byte[] b = new byte[bytesEach * v.length];
		for (int k = 0; k < v.length; k++)
			for (int j = 0; j < bytesEach; j++)
				b[k * bytesEach + j] = (byte) (v[k] >>> (8 * j));
		return b;
	}

	// ---------------------------------------------------------------- typed tensor data

	@Test
	void floatTypedDataBecomesItsLittleEndianBytes() {
		// dims [3] unpacked, FLOAT, float_data 1.5 unpacked then packed [-2, 0.25]
		final Pb p = new Pb().varint(1, 3).varint(2, OnnxTensor.FLOAT).fixed32(4, Float.floatToIntBits(
			1.5f)).len(4, le(4, Float.floatToIntBits(-2f), Float.floatToIntBits(0.25f)));
		final OnnxTensor t = tensor(p);
		// 1.5f = 0x3FC00000, -2f = 0xC0000000, 0.25f = 0x3E800000
		assertArrayEquals(le(4, 0x3FC00000L, 0xC0000000L, 0x3E800000L), t.rawData());
		assertArrayEquals(new float[] { 1.5f, -2f, 0.25f }, t.toFloats());
	}

	@Test
	void packedDimsAreRead() {
		// dims packed [2, 3] as one length-delimited field 1; six floats 0..5 unpacked
		final Pb p = new Pb().len(1, new Pb().values(2, 3)).varint(2, OnnxTensor.FLOAT);
		for (int k = 0; k < 6; k++)
			p.fixed32(4, Float.floatToIntBits(k));
		final OnnxTensor t = tensor(p);
		assertArrayEquals(new long[] { 2, 3 }, t.dims());
		assertArrayEquals(new float[] { 0, 1, 2, 3, 4, 5 }, t.toFloats());
	}

	@Test
	void emptyPackedFieldIsNoValues() {
		// an empty packed dims field (length 0) next to one unpacked dim 2: dims [2]
		final Pb p = new Pb().header(1, 0).varint(1, 2).varint(2, OnnxTensor.INT32).len(5, new Pb()
			.values(7, 9));
		final OnnxTensor t = tensor(p);
		assertArrayEquals(new long[] { 2 }, t.dims());
		assertArrayEquals(le(4, 7, 9), t.rawData());
	}

	@Test
	void int32DataPackedAndUnpacked() {
		// int32_data (field 5): unpacked 7, packed [-1, 300]; INT32 elements of 4 bytes
		final Pb p = new Pb().varint(1, 3).varint(2, OnnxTensor.INT32).varint(5, 7).len(5, new Pb()
			.values(-1L, 300));
		final OnnxTensor t = tensor(p);
		assertArrayEquals(le(4, 7, 0xFFFFFFFFL, 300), t.rawData());
		assertArrayEquals(new long[] { 7, -1, 300 }, t.toLongs());
	}

	@Test
	void int32DataOfSmallTypesKeepsTheirWidth() {
		// UINT8 [200, 1], INT16 [-3, 1000], BOOL [1, 0], FLOAT16 bits [0x3C00 (1.0)] from int32_data
		assertArrayEquals(new byte[] { (byte) 200, 1 }, tensor(new Pb().varint(1, 2).varint(2,
			OnnxTensor.UINT8).len(5, new Pb().values(200, 1))).rawData());
		assertArrayEquals(le(2, -3, 1000), tensor(new Pb().varint(1, 2).varint(2, OnnxTensor.INT16)
			.len(5, new Pb().values(-3L, 1000))).rawData());
		assertArrayEquals(new byte[] { 1, 0 }, tensor(new Pb().varint(1, 2).varint(2, OnnxTensor.BOOL)
			.varint(5, 1).varint(5, 0)).rawData());
		assertArrayEquals(new float[] { 1f }, tensor(new Pb().varint(1, 1).varint(2,
			OnnxTensor.FLOAT16).varint(5, 0x3C00)).toFloats());
	}

	@Test
	void int64DataPackedAndUnpacked() {
		// int64_data (field 7): unpacked -5, packed [2^40, 1]
		final Pb p = new Pb().varint(1, 3).varint(2, OnnxTensor.INT64).varint(7, -5).len(7, new Pb()
			.values(1L << 40, 1));
		assertArrayEquals(new long[] { -5, 1L << 40, 1 }, tensor(p).toLongs());
		assertArrayEquals(le(8, -5, 1L << 40, 1), tensor(p).rawData());
	}

	@Test
	void uint64DataPackedAndUnpacked() {
		// uint64_data (field 11): unpacked 2^63 + 1 (as its 64 bits), packed [3, 4]
		final Pb p = new Pb().varint(1, 3).varint(2, OnnxTensor.UINT64).varint(11, Long.MIN_VALUE + 1)
			.len(11, new Pb().values(3, 4));
		assertArrayEquals(le(8, Long.MIN_VALUE + 1, 3, 4), tensor(p).rawData());
		// 2^63 + 1 as a float is 2^63 (9.223372E18)
		assertArrayEquals(new float[] { 0x1p63f, 3, 4 }, tensor(p).toFloats());
	}

	@Test
	void doubleDataPackedAndUnpackedAndMoreThanSixteen() {
		// double_data (field 10): unpacked 0.5, packed [1, 2, ..., 19]: 20 values (the list grows past 16)
		final long[] expected = new long[20];
		expected[0] = Double.doubleToLongBits(0.5);
		final ByteArrayOutputStream packed = new ByteArrayOutputStream();
		for (int k = 1; k < 20; k++) {
			final long bits = Double.doubleToLongBits(k);
			expected[k] = bits;
			for (int j = 0; j < 8; j++)
				packed.write((int) (bits >>> (8 * j)) & 0xFF);
		}
		final Pb p = new Pb().varint(1, 4).varint(1, 5).varint(2, OnnxTensor.DOUBLE).fixed64(10, Double
			.doubleToLongBits(0.5)).len(10, packed.toByteArray());
		final OnnxTensor t = tensor(p);
		assertArrayEquals(le(8, expected), t.rawData());
		final float[] f = t.toFloats();
		assertEquals(0.5f, f[0]);
		assertEquals(19f, f[19]);
	}

	// ---------------------------------------------------------------- tensor refusals

	@Test
	void stringDataIsRefusedWhateverTheDeclaredType() {
		// declared FLOAT with one float, but a string_data entry (field 6) too
		final Pb p = new Pb().varint(1, 1).varint(2, OnnxTensor.FLOAT).fixed32(4, Float.floatToIntBits(
			1f)).str(8, "s").str(6, "text");
		contains(refusedTensor(p), "'t.pb'", "tensor 's'", "holds strings, which are not supported");
	}

	@Test
	void segmentsAreRefused() {
		// a segment (field 3, message {begin 1: 0, end 2: 1}) on a valid float tensor
		final Pb p = new Pb().varint(1, 1).varint(2, OnnxTensor.FLOAT).fixed32(4, Float.floatToIntBits(
			1f)).str(8, "seg").len(3, new Pb().varint(1, 0).varint(2, 1));
		contains(refusedTensor(p), "tensor 'seg'", "split into segments, which is not supported");
	}

	@Test
	void unsupportedElementTypeWithTypedDataIsRefusedClearly() {
		// COMPLEX64 (14) with an int32_data value: refused by name, not a buffer overflow
		final Pb p = new Pb().varint(1, 1).varint(2, OnnxTensor.COMPLEX64).varint(5, 1).str(8, "c");
		contains(refusedTensor(p), "tensor 'c'", "element type COMPLEX64 (14), which is not supported");
	}

	@Test
	void dataLocationExternalAloneAsksForTheExternalData() {
		// data_location (field 14) = EXTERNAL (1) without external_data entries: the float_data is
		// not used; the tensor names no location
		final Pb p = new Pb().varint(1, 1).varint(2, OnnxTensor.FLOAT).fixed32(4, Float.floatToIntBits(
			1f)).str(8, "x").varint(14, 1);
		contains(refusedTensor(p), "tensor 'x'", "names no location");
		// DEFAULT (0) is the tensor's own data
		final Pb q = new Pb().varint(1, 1).varint(2, OnnxTensor.FLOAT).fixed32(4, Float.floatToIntBits(
			1f)).str(8, "x").varint(14, 0);
		assertArrayEquals(new float[] { 1f }, tensor(q).toFloats());
	}

	@Test
	void negativeLengthsAreRefusedByName() {
		// a length varint of 2^32 - 1 read as int32: -1
		final Pb packed = new Pb().header(1, 0xFFFFFFFFL);
		contains(refusedTensor(packed), "negative packed length -1");
		final Pb model = new Pb().varint(1, 8).header(7, 0xFFFFFFFFL);
		contains(assertThrows(IllegalArgumentException.class, () -> Onnx.parse(model.bytes(), "'m'"))
			.getMessage(), "'m'", "negative message length -1");
	}

	// ---------------------------------------------------------------- attributes

	@Test
	void attributesWithoutTypeTakeTheTypeOfTheirValue() throws IOException {
		// IR version 1 files have no type field (20): the value field decides
		final OnnxAttribute i = OnnxWire.readAttribute(in(new Pb().str(1, "k").varint(3, 5)));
		assertEquals(OnnxAttribute.Type.INT, i.type());
		assertEquals(5, i.i());
		final OnnxAttribute f = OnnxWire.readAttribute(in(new Pb().str(1, "a").fixed32(2, Float
			.floatToIntBits(0.5f))));
		assertEquals(0.5f, f.f());
		// an explicit type is kept, even UNDEFINED (0)
		final OnnxAttribute u = OnnxWire.readAttribute(in(new Pb().str(1, "k").varint(20, 0).varint(3,
			5)));
		assertEquals(OnnxAttribute.Type.UNDEFINED, u.type());
	}

	@Test
	void packedAttributeListsAreRead() throws IOException {
		// floats (field 7) packed [1.5, -2], ints (field 8) packed [3, -4, 2^40], and an empty packed list
		final OnnxAttribute f = OnnxWire.readAttribute(in(new Pb().str(1, "scales").varint(20, 6).len(7,
			le(4, Float.floatToIntBits(1.5f), Float.floatToIntBits(-2f)))));
		assertArrayEquals(new float[] { 1.5f, -2f }, f.floats());
		final OnnxAttribute i = OnnxWire.readAttribute(in(new Pb().str(1, "pads").varint(20, 7).len(8,
			new Pb().values(3, -4L, 1L << 40))));
		assertArrayEquals(new long[] { 3, -4, 1L << 40 }, i.ints());
		final OnnxAttribute e = OnnxWire.readAttribute(in(new Pb().str(1, "axes").varint(20, 7).header(
			8, 0)));
		assertArrayEquals(new long[0], e.ints());
	}

	// ---------------------------------------------------------------- nesting limit

	/**
	 * A model whose messages nest exactly {@code levels} deep: graph (1), node (2), attribute (3),
	 * graph (4), ... and at the bottom a graph, a node, or an attribute as {@code levels} asks.
	 */
	static Pb nested(final int levels) {
		// level k: k % 3 == 1 graph, 2 node, 0 attribute; build from the innermost out
		Pb inner = null;
		for (int k = levels; k >= 1; k--) {
			final Pb m = new Pb();
			switch (k % 3) {
				case 1 -> { // graph: node (field 1)
					m.str(2, "g" + k);
					if (inner != null) m.len(1, inner);
				}
				case 2 -> { // node: attribute (field 5)
					m.str(4, "If").str(2, "y" + k);
					if (inner != null) m.len(5, inner);
				}
				default -> { // attribute: graph (field 6)
					m.str(1, "then_branch").varint(20, 5);
					if (inner != null) m.len(6, inner);
				}
			}
			inner = m;
		}
		return new Pb().varint(1, 8).len(7, inner);
	}

	@Test
	void nestingIsAllowedExactlyToTheLimit() throws IOException {
		assertEquals(100, OnnxWire.MAX_DEPTH);
		final OnnxModel m = OnnxWire.readModel(in(nested(100)));
		// walk down: 100 levels = 34 graphs (levels 1, 4, ..., 100)
		OnnxGraph g = m.graph();
		int graphs = 1;
		while (!g.nodes().isEmpty()) {
			g = g.nodes().get(0).attributes().get(0).g();
			graphs++;
		}
		assertEquals(34, graphs);
		assertEquals("g100", g.name());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxWire
			.readModel(in(nested(101))));
		contains(e.getMessage(), "nested more than 100 levels deep");
	}

	// ---------------------------------------------------------------- writer

	@Test
	void valueInfoDocStringsAreWrittenAndReadBack() {
		final OnnxModel s = OnnxHostileTest.small();
		final OnnxValueInfo in = s.graph().inputs().get(0);
		final OnnxModel m = OnnxHostileTest.withGraph(s, g -> new OnnxGraph(g.name(), g.nodes(), g
			.initializers(), List.of(new OnnxValueInfo(in.name(), in.elemType(), in.shape(),
				"the image, 0..255")), g.outputs(), g.valueInfo(), g.docString()));
		final OnnxModel back = Onnx.parse(Onnx.toBytes(m), "'m'");
		assertEquals("the image, 0..255", back.graph().inputs().get(0).docString());
		assertEquals(in.shape(), back.graph().inputs().get(0).shape());
		assertEquals(s.graph().outputs(), back.graph().outputs());
	}
}
