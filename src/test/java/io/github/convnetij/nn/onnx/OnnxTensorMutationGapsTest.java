package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link OnnxTensor}: the conversion of every element type to floats and longs from
 * little-endian bytes written by hand (float16 and bfloat16 bit patterns worked out from their
 * definitions), and the size checks of the constructor at their exact edges.
 */
class OnnxTensorMutationGapsTest {

	static OnnxTensor t(final int type, final long[] dims, final int... bytes) {
		final byte[] b = new byte[bytes.length];
		for (int k = 0; k < b.length; k++)
			b[k] = (byte) bytes[k];
		return new OnnxTensor("t", type, dims, b);
	}

	static String refused(final int type, final long[] dims, final int rawLength) {
		return assertThrows(IllegalArgumentException.class, () -> new OnnxTensor("w", type, dims,
			new byte[rawLength])).getMessage();
	}

	static void contains(final String message, final String... parts) {
		for (final String s : parts)
			assertTrue(message.contains(s), "'" + s + "' missing in: " + message);
	}

	@Test
	void integerTypesToFloatsAndLongs() {
		final long[] two = { 2 };
		// 0xFF / 0x01 bytes: signed types read -1, unsigned ones 255, 65535, 2^32 - 1
		assertArrayEquals(new float[] { -1, 1 }, t(OnnxTensor.INT8, two, 0xFF, 1).toFloats());
		assertArrayEquals(new long[] { -1, 1 }, t(OnnxTensor.INT8, two, 0xFF, 1).toLongs());
		assertArrayEquals(new float[] { 255, 1 }, t(OnnxTensor.UINT8, two, 0xFF, 1).toFloats());
		assertArrayEquals(new long[] { 1, 0 }, t(OnnxTensor.BOOL, two, 1, 0).toLongs());
		assertArrayEquals(new long[] { -1, 258 }, t(OnnxTensor.INT16, two, 0xFF, 0xFF, 2, 1)
			.toLongs());
		assertArrayEquals(new float[] { 65535, 258 }, t(OnnxTensor.UINT16, two, 0xFF, 0xFF, 2, 1)
			.toFloats());
		assertArrayEquals(new long[] { 65535, 258 }, t(OnnxTensor.UINT16, two, 0xFF, 0xFF, 2, 1)
			.toLongs());
		assertArrayEquals(new long[] { -1, 0x04030201 }, t(OnnxTensor.INT32, two, 0xFF, 0xFF, 0xFF,
			0xFF, 1, 2, 3, 4).toLongs());
		assertArrayEquals(new float[] { -1, 0x04030201 }, t(OnnxTensor.INT32, two, 0xFF, 0xFF, 0xFF,
			0xFF, 1, 2, 3, 4).toFloats());
		assertArrayEquals(new long[] { 0xFFFFFFFFL, 7 }, t(OnnxTensor.UINT32, two, 0xFF, 0xFF, 0xFF,
			0xFF, 7, 0, 0, 0).toLongs());
		assertArrayEquals(new float[] { 0x1p32f, 7 }, t(OnnxTensor.UINT32, two, 0xFF, 0xFF, 0xFF, 0xFF,
			7, 0, 0, 0).toFloats());
		assertArrayEquals(new long[] { -2, 1L << 40 }, t(OnnxTensor.INT64, two, 0xFE, 0xFF, 0xFF, 0xFF,
			0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0).toLongs());
		assertArrayEquals(new float[] { -2, 0x1p40f }, t(OnnxTensor.INT64, two, 0xFE, 0xFF, 0xFF, 0xFF,
			0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0).toFloats());
	}

	@Test
	void uint64ToFloatsAndLongs() {
		// 2^64 - 1 (all bits set) is about 2^64 as a float; 2^63 + 2^40 is 2^63 + 2^40; 5
		final OnnxTensor u = t(OnnxTensor.UINT64, new long[] { 3 }, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
			0xFF, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0x80, 5, 0, 0, 0, 0, 0, 0, 0);
		assertArrayEquals(new float[] { 0x1p64f, 0x1p63f + 0x1p40f, 5 }, u.toFloats());
		// values that fit a long come back exactly (they read one byte each before)
		assertArrayEquals(new long[] { 5, 1L << 40 }, t(OnnxTensor.UINT64, new long[] { 2 }, 5, 0, 0,
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0).toLongs());
		assertArrayEquals(new long[] { 0 }, t(OnnxTensor.UINT64, new long[] { 1 }, 0, 0, 0, 0, 0, 0, 0,
			0).toLongs());
		contains(assertThrows(IllegalArgumentException.class, u::toLongs).getMessage(), "tensor 't'",
			"UINT64 value 18446744073709551615", "larger than the largest long");
	}

	@Test
	void largeIntegersRoundOnceToFloat() {
		// 2^54 + 2^30 + 1 is just above halfway between the floats 2^54 and 2^54 + 2^31: it rounds
		// up (torch: torch.tensor([2**54+2**30+1]).float() -> 18014400656965632 = 2^54 + 2^31);
		// rounded to a double first (2^54 + 2^30, a tie) and then to float it went down to 2^54
		final long v = (1L << 54) + (1L << 30) + 1;
		assertArrayEquals(new float[] { 0x1p54f + 0x1p31f, -(0x1p54f + 0x1p31f) }, t(OnnxTensor.INT64,
			new long[] { 2 }, bytes(v, -v)).toFloats());
		// UINT64 2^63 + 2^39 + 1: up to 2^63 + 2^40 (numpy: np.float32(np.uint64(2**63+2**39+1)))
		assertArrayEquals(new float[] { 0x1p63f + 0x1p40f }, t(OnnxTensor.UINT64, new long[] { 1 },
			bytes(Long.MIN_VALUE + (1L << 39) + 1)).toFloats());
	}

	/** Little-endian bytes of longs. */
	static int[] bytes(final long... v) {
		final int[] b = new int[8 * v.length];
		for (int k = 0; k < b.length; k++)
			b[k] = (int) (v[k / 8] >>> (8 * (k % 8))) & 0xFF;
		return b;
	}

	@Test
	void floatingTypesToFloats() {
		final long[] one = { 1 };
		// double 0.1 = 0x3FB999999999999A, rounded to the float 0.1f
		// and -2.5 = 0xC004000000000000
		assertArrayEquals(new float[] { 0.1f, -2.5f }, t(OnnxTensor.DOUBLE, new long[] { 2 }, 0x9A, 0x99,
			0x99, 0x99, 0x99, 0x99, 0xB9, 0x3F, 0, 0, 0, 0, 0, 0, 0x04, 0xC0).toFloats());
		// float16: 1 = 0x3C00, -2 = 0xC000, 65504 = 0x7BFF, 2^-24 = 0x0001 (subnormal),
		// 2^-14 = 0x0400, 0x3555 = 0.25 * (1 + 341/1024), +inf 0x7C00, -inf 0xFC00, -0 0x8000
		final OnnxTensor h = t(OnnxTensor.FLOAT16, new long[] { 9 }, 0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B,
			0x01, 0x00, 0x00, 0x04, 0x55, 0x35, 0x00, 0x7C, 0x00, 0xFC, 0x00, 0x80);
		assertArrayEquals(new float[] { 1, -2, 65504, 0x1p-24f, 0x1p-14f, 0.25f * (1 + 341f / 1024),
			Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f }, h.toFloats());
		assertTrue(Float.isNaN(t(OnnxTensor.FLOAT16, one, 0x00, 0x7E).toFloats()[0]));
		// bfloat16: the upper 16 bits of a float: 1 = 0x3F80, -3 = 0xC040
		assertArrayEquals(new float[] { 1, -3 }, t(OnnxTensor.BFLOAT16, new long[] { 2 }, 0x80, 0x3F,
			0x40, 0xC0).toFloats());
		for (final int type : new int[] { OnnxTensor.FLOAT, OnnxTensor.DOUBLE, OnnxTensor.FLOAT16,
			OnnxTensor.BFLOAT16 })
		{
			final OnnxTensor f = new OnnxTensor("f", type, new long[0], new byte[OnnxTensor.elementSize(
				type)]);
			contains(assertThrows(IllegalArgumentException.class, f::toLongs).getMessage(), "tensor 'f' holds " +
				OnnxTensor.typeName(type) + " values, not integers");
		}
	}

	@Test
	void constructorSizeChecksAtTheirEdges() {
		contains(refused(OnnxTensor.COMPLEX64, new long[] { 0 }, 0),
			"tensor 'w': element type COMPLEX64 (14) is not supported");
		contains(refused(OnnxTensor.FLOAT, new long[] { 2 }, 4),
			"tensor 'w' of shape [2] and type FLOAT (1) needs 8 bytes of data, found 4");
		contains(refused(OnnxTensor.FLOAT, new long[] { 2, -1 }, 0), "negative dimension: [2, -1]");
		// 2^31 - 9 is the largest dimension: accepted by the shape check, then short of data
		contains(refused(OnnxTensor.UINT8, new long[] { Integer.MAX_VALUE - 8, 1 }, 0),
			"needs 2147483639 bytes of data, found 0");
		contains(refused(OnnxTensor.UINT8, new long[] { Integer.MAX_VALUE - 7 }, 0),
			"has a dimension above the largest supported, 2147483639");
		contains(refused(OnnxTensor.UINT8, new long[] { 65536, 65536 }, 0),
			"has more elements than a Java array can hold");
		contains(refused(OnnxTensor.UINT8, new long[] { 46341, 46341 }, 0),
			"has more elements than a Java array can hold"); // 2147488281 elements
		assertEquals("", new OnnxTensor(null, OnnxTensor.UINT8, new long[] { 1 }, new byte[1]).name());
	}

	@Test
	void equalityAndTypeNames() {
		final OnnxTensor a = t(OnnxTensor.UINT8, new long[] { 1 }, 1);
		assertEquals(a, t(OnnxTensor.UINT8, new long[] { 1 }, 1));
		assertNotEquals(a, t(OnnxTensor.UINT8, new long[] { 1 }, 2));
		assertNotEquals(a, t(OnnxTensor.INT8, new long[] { 1 }, 1));
		assertEquals("UNDEFINED (0)", OnnxTensor.typeName(0));
		assertEquals("BFLOAT16 (16)", OnnxTensor.typeName(16));
		assertEquals("unknown (17)", OnnxTensor.typeName(17));
		assertEquals("unknown (-1)", OnnxTensor.typeName(-1));
	}
}
