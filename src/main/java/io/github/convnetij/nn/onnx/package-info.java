/**
 * ONNX model files: our own mapping of the ONNX messages of {@code onnx.proto}
 * ({@link io.github.convnetij.nn.onnx.OnnxModel}, {@link io.github.convnetij.nn.onnx.OnnxGraph},
 * {@link io.github.convnetij.nn.onnx.OnnxNode}, {@link io.github.convnetij.nn.onnx.OnnxAttribute},
 * {@link io.github.convnetij.nn.onnx.OnnxTensor}, {@link io.github.convnetij.nn.onnx.OnnxValueInfo}),
 * read and written in the protobuf wire format with protobuf-java's {@code CodedInputStream} and
 * {@code CodedOutputStream} ({@link io.github.convnetij.nn.onnx.Onnx}).
 * <pre>{@code
 * OnnxModel m = Onnx.read(Path.of("model.onnx"));
 * Onnx.write(m, Path.of("copy.onnx"));
 * }</pre>
 * Models are written as ONNX IR version 7 with the default operator set at version 13. This
 * package never imports SciJava or ImageJ.
 */
package io.github.convnetij.nn.onnx;
