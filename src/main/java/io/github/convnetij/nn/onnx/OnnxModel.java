package io.github.convnetij.nn.onnx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX {@code ModelProto}: the IR version, the operator sets used, producer information, the
 * graph, and {@code metadata_props} (string key-value pairs, in order).
 * <pre>{@code
 * OnnxModel m = new OnnxModel(7, List.of(new OnnxModel.OpsetId("", 13)), "ConvNet-IJ", "0.1.0", "",
 *     0, "", graph, Map.of("convnet.classes", "[\"0\",\"1\"]"));
 * Onnx.write(m, Path.of("model.onnx"));
 * }</pre>
 *
 * @param irVersion the IR version (7 for ONNX 1.8 and later, what this project writes)
 * @param opsetImports the operator sets, e.g. the default domain {@code ""} at version 13
 * @param producerName the tool that wrote the model
 * @param producerVersion its version
 * @param domain the model's domain (reverse DNS), may be empty
 * @param modelVersion the model's version number
 * @param docString documentation, may be empty
 * @param graph the graph
 * @param metadata {@code metadata_props}, in order (copied to an unmodifiable map)
 */
public record OnnxModel(long irVersion, List<OpsetId> opsetImports, String producerName,
	String producerVersion, String domain, long modelVersion, String docString, OnnxGraph graph,
	Map<String, String> metadata)
{

	/**
	 * An {@code OperatorSetIdProto}.
	 *
	 * @param domain empty for the default ONNX operators
	 * @param version the operator set version, e.g. 13
	 */
	public record OpsetId(String domain, long version) {

		public OpsetId {
			domain = domain == null ? "" : domain;
		}
	}

	/** Copies the lists and the map; null strings become empty ones. */
	public OnnxModel {
		opsetImports = List.copyOf(opsetImports);
		producerName = producerName == null ? "" : producerName;
		producerVersion = producerVersion == null ? "" : producerVersion;
		domain = domain == null ? "" : domain;
		docString = docString == null ? "" : docString;
		if (graph == null) throw new IllegalArgumentException("a model needs a graph");
		metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
	}

	/** The version of the default ONNX operator set ({@code ""} or {@code ai.onnx}), or -1. */
	public long opsetVersion() {
		for (final OpsetId o : opsetImports)
			if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) return o.version();
		return -1;
	}
}
