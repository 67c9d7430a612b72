package io.github.convnetij.nn.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * The protobuf wire form of the ONNX messages, written and read with protobuf-java's
 * {@link CodedOutputStream} and {@link CodedInputStream} and the field numbers of
 * {@code onnx.proto} (ONNX IR version 7 and later). Sizes of nested messages are computed before
 * they are written, so nothing is serialised twice.
 * <p>
 * Writing follows the proto2 declarations: repeated numbers of {@code TensorProto} typed data
 * fields are packed, the others ({@code dims}, attribute {@code ints}/{@code floats}) are not;
 * tensors are written with {@code raw_data}. Reading accepts packed and unpacked forms and skips
 * fields it does not know.
 */
final class OnnxWire {

	private static final int VARINT = WireFormat.WIRETYPE_VARINT;
	private static final int FIXED64 = WireFormat.WIRETYPE_FIXED64;
	private static final int LEN = WireFormat.WIRETYPE_LENGTH_DELIMITED;
	private static final int FIXED32 = WireFormat.WIRETYPE_FIXED32;

	private OnnxWire() {}

	// ---------------------------------------------------------------- sizes

	private static int stringSize(final int field, final String s) {
		return s.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, s);
	}

	private static int messageSize(final int field, final int length) {
		return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(
			length) + length;
	}

	static int size(final OnnxTensor t) {
		int n = 0;
		for (final long d : t.dims())
			n += CodedOutputStream.computeInt64Size(1, d);
		n += CodedOutputStream.computeInt32Size(2, t.dataType());
		n += stringSize(8, t.name());
		n += CodedOutputStream.computeByteArraySize(9, t.raw());
		return n;
	}

	static int size(final OnnxAttribute a) {
		int n = CodedOutputStream.computeStringSize(1, a.name());
		n += CodedOutputStream.computeInt32Size(20, a.type().number());
		switch (a.type()) {
			case FLOAT -> n += CodedOutputStream.computeFloatSize(2, a.rawF());
			case INT -> n += CodedOutputStream.computeInt64Size(3, a.rawI());
			case STRING -> n += CodedOutputStream.computeByteArraySize(4, a.rawS());
			case TENSOR -> n += messageSize(5, size(a.rawT()));
			case GRAPH -> n += messageSize(6, size(a.rawG()));
			case FLOATS -> n += a.rawFloats().length * CodedOutputStream.computeFloatSize(7, 0f);
			case INTS -> {
				for (final long v : a.rawInts())
					n += CodedOutputStream.computeInt64Size(8, v);
			}
			case STRINGS -> {
				for (final byte[] s : a.rawStrings())
					n += CodedOutputStream.computeByteArraySize(9, s);
			}
			case TENSORS -> {
				for (final OnnxTensor t : a.rawTensors())
					n += messageSize(10, size(t));
			}
			case GRAPHS -> {
				for (final OnnxGraph g : a.rawGraphs())
					n += messageSize(11, size(g));
			}
			default -> {}
		}
		return n;
	}

	static int size(final OnnxNode node) {
		int n = 0;
		for (final String s : node.inputs())
			n += CodedOutputStream.computeStringSize(1, s);
		for (final String s : node.outputs())
			n += CodedOutputStream.computeStringSize(2, s);
		n += stringSize(3, node.name());
		n += CodedOutputStream.computeStringSize(4, node.opType());
		for (final OnnxAttribute a : node.attributes())
			n += messageSize(5, size(a));
		n += stringSize(6, node.docString());
		n += stringSize(7, node.domain());
		return n;
	}

	private static int dimSize(final OnnxValueInfo.Dim d) {
		if (d.param() != null) return CodedOutputStream.computeStringSize(2, d.param());
		return d.value() >= 0 ? CodedOutputStream.computeInt64Size(1, d.value()) : 0;
	}

	/** Size of TypeProto.Tensor. */
	private static int tensorTypeSize(final OnnxValueInfo v) {
		int n = CodedOutputStream.computeInt32Size(1, v.elemType());
		if (v.shape() != null) {
			int shape = 0;
			for (final OnnxValueInfo.Dim d : v.shape())
				shape += messageSize(1, dimSize(d));
			n += messageSize(2, shape);
		}
		return n;
	}

	static int size(final OnnxValueInfo v) {
		int n = CodedOutputStream.computeStringSize(1, v.name());
		if (v.elemType() != OnnxTensor.UNDEFINED) n += messageSize(2, messageSize(1, tensorTypeSize(
			v)));
		n += stringSize(3, v.docString());
		return n;
	}

	static int size(final OnnxGraph g) {
		int n = 0;
		for (final OnnxNode node : g.nodes())
			n += messageSize(1, size(node));
		n += stringSize(2, g.name());
		for (final OnnxTensor t : g.initializers())
			n += messageSize(5, size(t));
		n += stringSize(10, g.docString());
		for (final OnnxValueInfo v : g.inputs())
			n += messageSize(11, size(v));
		for (final OnnxValueInfo v : g.outputs())
			n += messageSize(12, size(v));
		for (final OnnxValueInfo v : g.valueInfo())
			n += messageSize(13, size(v));
		return n;
	}

	private static int size(final OnnxModel.OpsetId o) {
		return stringSize(1, o.domain()) + CodedOutputStream.computeInt64Size(2, o.version());
	}

	private static int entrySize(final String key, final String value) {
		return CodedOutputStream.computeStringSize(1, key) + CodedOutputStream.computeStringSize(2,
			value);
	}

	static int size(final OnnxModel m) {
		int n = CodedOutputStream.computeInt64Size(1, m.irVersion());
		n += stringSize(2, m.producerName());
		n += stringSize(3, m.producerVersion());
		n += stringSize(4, m.domain());
		if (m.modelVersion() != 0) n += CodedOutputStream.computeInt64Size(5, m.modelVersion());
		n += stringSize(6, m.docString());
		n += messageSize(7, size(m.graph()));
		for (final OnnxModel.OpsetId o : m.opsetImports())
			n += messageSize(8, size(o));
		for (final Map.Entry<String, String> e : m.metadata().entrySet())
			n += messageSize(14, entrySize(e.getKey(), e.getValue()));
		return n;
	}

	// ---------------------------------------------------------------- writing

	private static void writeString(final CodedOutputStream out, final int field, final String s)
		throws IOException
	{
		if (!s.isEmpty()) out.writeString(field, s);
	}

	private static void startMessage(final CodedOutputStream out, final int field, final int size)
		throws IOException
	{
		out.writeTag(field, LEN);
		out.writeUInt32NoTag(size);
	}

	static void write(final CodedOutputStream out, final OnnxTensor t) throws IOException {
		for (final long d : t.dims())
			out.writeInt64(1, d);
		out.writeInt32(2, t.dataType());
		writeString(out, 8, t.name());
		out.writeByteArray(9, t.raw());
	}

	static void write(final CodedOutputStream out, final OnnxAttribute a) throws IOException {
		out.writeString(1, a.name());
		switch (a.type()) {
			case FLOAT -> out.writeFloat(2, a.rawF());
			case INT -> out.writeInt64(3, a.rawI());
			case STRING -> out.writeByteArray(4, a.rawS());
			case TENSOR -> {
				startMessage(out, 5, size(a.rawT()));
				write(out, a.rawT());
			}
			case GRAPH -> {
				startMessage(out, 6, size(a.rawG()));
				write(out, a.rawG());
			}
			case FLOATS -> {
				for (final float v : a.rawFloats())
					out.writeFloat(7, v);
			}
			case INTS -> {
				for (final long v : a.rawInts())
					out.writeInt64(8, v);
			}
			case STRINGS -> {
				for (final byte[] s : a.rawStrings())
					out.writeByteArray(9, s);
			}
			case TENSORS -> {
				for (final OnnxTensor t : a.rawTensors()) {
					startMessage(out, 10, size(t));
					write(out, t);
				}
			}
			case GRAPHS -> {
				for (final OnnxGraph g : a.rawGraphs()) {
					startMessage(out, 11, size(g));
					write(out, g);
				}
			}
			default -> {}
		}
		out.writeInt32(20, a.type().number());
	}

	static void write(final CodedOutputStream out, final OnnxNode node) throws IOException {
		for (final String s : node.inputs())
			out.writeString(1, s);
		for (final String s : node.outputs())
			out.writeString(2, s);
		writeString(out, 3, node.name());
		out.writeString(4, node.opType());
		for (final OnnxAttribute a : node.attributes()) {
			startMessage(out, 5, size(a));
			write(out, a);
		}
		writeString(out, 6, node.docString());
		writeString(out, 7, node.domain());
	}

	static void write(final CodedOutputStream out, final OnnxValueInfo v) throws IOException {
		out.writeString(1, v.name());
		if (v.elemType() != OnnxTensor.UNDEFINED) {
			final int tensorType = tensorTypeSize(v);
			startMessage(out, 2, messageSize(1, tensorType)); // TypeProto
			startMessage(out, 1, tensorType); // TypeProto.tensor_type
			out.writeInt32(1, v.elemType());
			if (v.shape() != null) {
				int shape = 0;
				for (final OnnxValueInfo.Dim d : v.shape())
					shape += messageSize(1, dimSize(d));
				startMessage(out, 2, shape); // TensorShapeProto
				for (final OnnxValueInfo.Dim d : v.shape()) {
					startMessage(out, 1, dimSize(d));
					if (d.param() != null) out.writeString(2, d.param());
					else if (d.value() >= 0) out.writeInt64(1, d.value());
				}
			}
		}
		writeString(out, 3, v.docString());
	}

	static void write(final CodedOutputStream out, final OnnxGraph g) throws IOException {
		for (final OnnxNode node : g.nodes()) {
			startMessage(out, 1, size(node));
			write(out, node);
		}
		writeString(out, 2, g.name());
		for (final OnnxTensor t : g.initializers()) {
			startMessage(out, 5, size(t));
			write(out, t);
		}
		writeString(out, 10, g.docString());
		for (final OnnxValueInfo v : g.inputs()) {
			startMessage(out, 11, size(v));
			write(out, v);
		}
		for (final OnnxValueInfo v : g.outputs()) {
			startMessage(out, 12, size(v));
			write(out, v);
		}
		for (final OnnxValueInfo v : g.valueInfo()) {
			startMessage(out, 13, size(v));
			write(out, v);
		}
	}

	static void write(final CodedOutputStream out, final OnnxModel m) throws IOException {
		out.writeInt64(1, m.irVersion());
		writeString(out, 2, m.producerName());
		writeString(out, 3, m.producerVersion());
		writeString(out, 4, m.domain());
		if (m.modelVersion() != 0) out.writeInt64(5, m.modelVersion());
		writeString(out, 6, m.docString());
		startMessage(out, 7, size(m.graph()));
		write(out, m.graph());
		for (final OnnxModel.OpsetId o : m.opsetImports()) {
			startMessage(out, 8, size(o));
			writeString(out, 1, o.domain());
			out.writeInt64(2, o.version());
		}
		for (final Map.Entry<String, String> e : m.metadata().entrySet()) {
			startMessage(out, 14, entrySize(e.getKey(), e.getValue()));
			out.writeString(1, e.getKey());
			out.writeString(2, e.getValue());
		}
	}

	// ---------------------------------------------------------------- reading

	@FunctionalInterface
	private interface Reader<T> {

		T read(CodedInputStream in) throws IOException;
	}

	/**
	 * The deepest nesting of messages read (a model, its graph, a node, an attribute, a subgraph...
	 * is 4 levels per subgraph): deeper files are refused with a clear message instead of
	 * overflowing the stack.
	 */
	static final int MAX_DEPTH = 100;

	/** Nesting depth of the message being read, per thread (reading is single-threaded). */
	private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

	private static <T> T message(final CodedInputStream in, final Reader<T> reader)
		throws IOException
	{
		final int length = in.readRawVarint32();
		if (length < 0) throw new IllegalArgumentException("negative message length " + length);
		final int[] depth = DEPTH.get();
		if (depth[0] >= MAX_DEPTH) throw new IllegalArgumentException("messages are nested more " +
			"than " + MAX_DEPTH + " levels deep (e.g. graphs inside attributes inside graphs...): " +
			"refused");
		final int old = in.pushLimit(length);
		depth[0]++;
		final T value;
		try {
			value = reader.read(in);
		}
		finally {
			depth[0]--;
		}
		if (in.getBytesUntilLimit() != 0) throw new IllegalArgumentException(
			"a nested message ends early");
		in.popLimit(old);
		return value;
	}

	/** Packed repeated values: a length, then the values until it is used up. */
	private static void packed(final CodedInputStream in, final Reader<Void> element)
		throws IOException
	{
		final int length = in.readRawVarint32();
		if (length < 0) throw new IllegalArgumentException("negative packed length " + length);
		final int old = in.pushLimit(length);
		while (in.getBytesUntilLimit() > 0)
			element.read(in);
		in.popLimit(old);
	}

	static OnnxModel readModel(final CodedInputStream in) throws IOException {
		long ir = 0, modelVersion = 0;
		String producer = "", producerVersion = "", domain = "", doc = "";
		OnnxGraph graph = null;
		final List<OnnxModel.OpsetId> opsets = new ArrayList<>();
		final Map<String, String> metadata = new LinkedHashMap<>();
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | VARINT -> ir = in.readInt64();
				case 2 << 3 | LEN -> producer = in.readString();
				case 3 << 3 | LEN -> producerVersion = in.readString();
				case 4 << 3 | LEN -> domain = in.readString();
				case 5 << 3 | VARINT -> modelVersion = in.readInt64();
				case 6 << 3 | LEN -> doc = in.readString();
				case 7 << 3 | LEN -> graph = message(in, OnnxWire::readGraph);
				case 8 << 3 | LEN -> opsets.add(message(in, OnnxWire::readOpset));
				case 14 << 3 | LEN -> {
					final String[] kv = message(in, OnnxWire::readEntry);
					metadata.put(kv[0], kv[1]);
				}
				default -> in.skipField(tag);
			}
		}
		if (graph == null) throw new IllegalArgumentException("it holds no graph: not an ONNX model");
		return new OnnxModel(ir, opsets, producer, producerVersion, domain, modelVersion, doc, graph,
			metadata);
	}

	private static OnnxModel.OpsetId readOpset(final CodedInputStream in) throws IOException {
		String domain = "";
		long version = 0;
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> domain = in.readString();
				case 2 << 3 | VARINT -> version = in.readInt64();
				default -> in.skipField(tag);
			}
		}
		return new OnnxModel.OpsetId(domain, version);
	}

	private static String[] readEntry(final CodedInputStream in) throws IOException {
		final String[] kv = { "", "" };
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> kv[0] = in.readString();
				case 2 << 3 | LEN -> kv[1] = in.readString();
				default -> in.skipField(tag);
			}
		}
		return kv;
	}

	static OnnxGraph readGraph(final CodedInputStream in) throws IOException {
		String name = "", doc = "";
		final List<OnnxNode> nodes = new ArrayList<>();
		final List<OnnxTensor> init = new ArrayList<>();
		final List<OnnxValueInfo> inputs = new ArrayList<>(), outputs = new ArrayList<>(),
			info = new ArrayList<>();
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> nodes.add(message(in, OnnxWire::readNode));
				case 2 << 3 | LEN -> name = in.readString();
				case 5 << 3 | LEN -> init.add(message(in, OnnxWire::readTensor));
				case 10 << 3 | LEN -> doc = in.readString();
				case 11 << 3 | LEN -> inputs.add(message(in, OnnxWire::readValueInfo));
				case 12 << 3 | LEN -> outputs.add(message(in, OnnxWire::readValueInfo));
				case 13 << 3 | LEN -> info.add(message(in, OnnxWire::readValueInfo));
				case 15 << 3 | LEN -> throw new IllegalArgumentException("graph '" + name +
					"' has sparse initializers, which are not supported");
				default -> in.skipField(tag);
			}
		}
		return new OnnxGraph(name, nodes, init, inputs, outputs, info, doc);
	}

	static OnnxNode readNode(final CodedInputStream in) throws IOException {
		String name = "", op = "", domain = "", doc = "";
		final List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
		final List<OnnxAttribute> attrs = new ArrayList<>();
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> inputs.add(in.readString());
				case 2 << 3 | LEN -> outputs.add(in.readString());
				case 3 << 3 | LEN -> name = in.readString();
				case 4 << 3 | LEN -> op = in.readString();
				case 5 << 3 | LEN -> attrs.add(message(in, OnnxWire::readAttribute));
				case 6 << 3 | LEN -> doc = in.readString();
				case 7 << 3 | LEN -> domain = in.readString();
				default -> in.skipField(tag);
			}
		}
		return new OnnxNode(name, op, domain, inputs, outputs, attrs, doc);
	}

	static OnnxAttribute readAttribute(final CodedInputStream in) throws IOException {
		String name = "";
		int type = -1;
		float f = 0;
		long i = 0;
		byte[] s = null;
		OnnxTensor t = null;
		OnnxGraph g = null;
		final FloatList floats = new FloatList();
		final LongList ints = new LongList();
		final List<byte[]> strings = new ArrayList<>();
		final List<OnnxTensor> tensors = new ArrayList<>();
		final List<OnnxGraph> graphs = new ArrayList<>();
		// which value field was seen, for files of IR version 1 without the type field
		OnnxAttribute.Type seen = OnnxAttribute.Type.UNDEFINED;
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> name = in.readString();
				case 20 << 3 | VARINT -> type = in.readInt32();
				case 2 << 3 | FIXED32 -> {
					f = in.readFloat();
					seen = OnnxAttribute.Type.FLOAT;
				}
				case 3 << 3 | VARINT -> {
					i = in.readInt64();
					seen = OnnxAttribute.Type.INT;
				}
				case 4 << 3 | LEN -> {
					s = in.readByteArray();
					seen = OnnxAttribute.Type.STRING;
				}
				case 5 << 3 | LEN -> {
					t = message(in, OnnxWire::readTensor);
					seen = OnnxAttribute.Type.TENSOR;
				}
				case 6 << 3 | LEN -> {
					g = message(in, OnnxWire::readGraph);
					seen = OnnxAttribute.Type.GRAPH;
				}
				case 7 << 3 | FIXED32 -> {
					floats.add(in.readFloat());
					seen = OnnxAttribute.Type.FLOATS;
				}
				case 7 << 3 | LEN -> {
					packed(in, x -> {
						floats.add(x.readFloat());
						return null;
					});
					seen = OnnxAttribute.Type.FLOATS;
				}
				case 8 << 3 | VARINT -> {
					ints.add(in.readInt64());
					seen = OnnxAttribute.Type.INTS;
				}
				case 8 << 3 | LEN -> {
					packed(in, x -> {
						ints.add(x.readInt64());
						return null;
					});
					seen = OnnxAttribute.Type.INTS;
				}
				case 9 << 3 | LEN -> {
					strings.add(in.readByteArray());
					seen = OnnxAttribute.Type.STRINGS;
				}
				case 10 << 3 | LEN -> {
					tensors.add(message(in, OnnxWire::readTensor));
					seen = OnnxAttribute.Type.TENSORS;
				}
				case 11 << 3 | LEN -> {
					graphs.add(message(in, OnnxWire::readGraph));
					seen = OnnxAttribute.Type.GRAPHS;
				}
				default -> in.skipField(tag);
			}
		}
		final OnnxAttribute.Type ty = type < 0 ? seen : OnnxAttribute.Type.of(type);
		return OnnxAttribute.read(name, ty, f, i, s, t, g, floats.toArray(), ints.toArray(), strings,
			tensors, graphs);
	}

	static OnnxValueInfo readValueInfo(final CodedInputStream in) throws IOException {
		String name = "", doc = "";
		final Object[] type = { OnnxTensor.UNDEFINED, null };
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | LEN -> name = in.readString();
				case 2 << 3 | LEN -> message(in, x -> {
					readTypeProto(x, type);
					return null;
				});
				case 3 << 3 | LEN -> doc = in.readString();
				default -> in.skipField(tag);
			}
		}
		@SuppressWarnings("unchecked")
		final List<OnnxValueInfo.Dim> shape = (List<OnnxValueInfo.Dim>) type[1];
		return new OnnxValueInfo(name, (Integer) type[0], shape, doc);
	}

	/** TypeProto: only tensor_type is kept, as {elem_type, shape or null}. */
	private static void readTypeProto(final CodedInputStream in, final Object[] type)
		throws IOException
	{
		for (int tag; (tag = in.readTag()) != 0;) {
			if (tag == (1 << 3 | LEN)) message(in, x -> {
				for (int t; (t = x.readTag()) != 0;) {
					switch (t) {
						case 1 << 3 | VARINT -> type[0] = x.readInt32();
						case 2 << 3 | LEN -> type[1] = message(x, OnnxWire::readShape);
						default -> x.skipField(t);
					}
				}
				return null;
			});
			else in.skipField(tag);
		}
	}

	private static List<OnnxValueInfo.Dim> readShape(final CodedInputStream in) throws IOException {
		final List<OnnxValueInfo.Dim> dims = new ArrayList<>();
		for (int tag; (tag = in.readTag()) != 0;) {
			if (tag == (1 << 3 | LEN)) dims.add(message(in, x -> {
				long value = -1;
				String param = null;
				for (int t; (t = x.readTag()) != 0;) {
					switch (t) {
						case 1 << 3 | VARINT -> {
							value = x.readInt64();
							param = null;
						}
						case 2 << 3 | LEN -> {
							param = x.readString();
							value = -1;
						}
						default -> x.skipField(t);
					}
				}
				return new OnnxValueInfo.Dim(value, param);
			}));
			else in.skipField(tag);
		}
		return dims;
	}

	static OnnxTensor readTensor(final CodedInputStream in) throws IOException {
		final LongList dims = new LongList();
		int dataType = OnnxTensor.UNDEFINED;
		String name = "";
		byte[] raw = null;
		final FloatList floats = new FloatList();
		final LongList ints = new LongList(); // int32_data, int64_data and uint64_data
		final DoubleList doubles = new DoubleList();
		boolean external = false, segment = false;
		final Map<String, String> externalData = new HashMap<>();
		int strings = 0;
		for (int tag; (tag = in.readTag()) != 0;) {
			switch (tag) {
				case 1 << 3 | VARINT -> dims.add(in.readInt64());
				case 1 << 3 | LEN -> packed(in, x -> {
					dims.add(x.readInt64());
					return null;
				});
				case 2 << 3 | VARINT -> dataType = in.readInt32();
				case 3 << 3 | LEN -> {
					segment = true;
					in.skipField(tag);
				}
				case 4 << 3 | LEN -> packed(in, x -> {
					floats.add(x.readFloat());
					return null;
				});
				case 4 << 3 | FIXED32 -> floats.add(in.readFloat());
				case 5 << 3 | LEN -> packed(in, x -> {
					ints.add(x.readInt32());
					return null;
				});
				case 5 << 3 | VARINT -> ints.add(in.readInt32());
				case 6 << 3 | LEN -> {
					strings++;
					in.skipField(tag);
				}
				case 7 << 3 | LEN -> packed(in, x -> {
					ints.add(x.readInt64());
					return null;
				});
				case 7 << 3 | VARINT -> ints.add(in.readInt64());
				case 8 << 3 | LEN -> name = in.readString();
				case 9 << 3 | LEN -> raw = in.readByteArray();
				case 10 << 3 | LEN -> packed(in, x -> {
					doubles.add(x.readDouble());
					return null;
				});
				case 10 << 3 | FIXED64 -> doubles.add(in.readDouble());
				case 11 << 3 | LEN -> packed(in, x -> {
					ints.add(x.readUInt64());
					return null;
				});
				case 11 << 3 | VARINT -> ints.add(in.readUInt64());
				case 13 << 3 | LEN -> {
					external = true;
					final String[] kv = message(in, OnnxWire::readEntry);
					externalData.put(kv[0], kv[1]);
				}
				case 14 << 3 | VARINT -> external |= in.readEnum() == 1;
				default -> in.skipField(tag);
			}
		}
		final String what = "tensor '" + name + "'";
		if (external) raw = ExternalData.read(what, dataType, dims.toArray(), externalData);
		if (segment) throw new IllegalArgumentException(what + " is split into segments, which is " +
			"not supported");
		if (dataType == OnnxTensor.STRING || strings > 0) throw new IllegalArgumentException(what +
			" holds strings, which are not supported");
		if (OnnxTensor.elementSize(dataType) == 0) throw new IllegalArgumentException(what +
			" has element type " + OnnxTensor.typeName(dataType) + ", which is not supported");
		final long[] d = dims.toArray();
		if (raw == null) raw = typedToRaw(dataType, floats, ints, doubles);
		return new OnnxTensor(name, dataType, d, raw);
	}

	/** The typed data fields as little-endian bytes of the element type. */
	private static byte[] typedToRaw(final int dataType, final FloatList floats, final LongList ints,
		final DoubleList doubles)
	{
		final int size = OnnxTensor.elementSize(dataType);
		switch (dataType) {
			case OnnxTensor.FLOAT: {
				final ByteBuffer b = le(4L * floats.size);
				for (int k = 0; k < floats.size; k++)
					b.putFloat(floats.values[k]);
				return b.array();
			}
			case OnnxTensor.DOUBLE: {
				final ByteBuffer b = le(8L * doubles.size);
				for (int k = 0; k < doubles.size; k++)
					b.putDouble(doubles.values[k]);
				return b.array();
			}
			default: {
				// integers, booleans, float16/bfloat16 bits (int32_data), uint32/uint64 (uint64_data)
				final ByteBuffer b = le((long) size * ints.size);
				for (int k = 0; k < ints.size; k++) {
					final long v = ints.values[k];
					switch (size) {
						case 1 -> b.put((byte) v);
						case 2 -> b.putShort((short) v);
						case 4 -> b.putInt((int) v);
						default -> b.putLong(v);
					}
				}
				return b.array();
			}
		}
	}

	private static ByteBuffer le(final long n) {
		if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("the typed data of a " +
			"tensor needs " + n + " bytes, more than a Java array can hold");
		return ByteBuffer.allocate((int) n).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static final class FloatList {

		float[] values = new float[16];
		int size;

		void add(final float v) {
			if (size == values.length) values = Arrays.copyOf(values, size * 2);
			values[size++] = v;
		}

		float[] toArray() {
			return Arrays.copyOf(values, size);
		}
	}

	private static final class LongList {

		long[] values = new long[16];
		int size;

		void add(final long v) {
			if (size == values.length) values = Arrays.copyOf(values, size * 2);
			values[size++] = v;
		}

		long[] toArray() {
			return Arrays.copyOf(values, size);
		}
	}

	private static final class DoubleList {

		double[] values = new double[16];
		int size;

		void add(final double v) {
			if (size == values.length) values = Arrays.copyOf(values, size * 2);
			values[size++] = v;
		}
	}
}
