/**
 * ONNX model files: our own mapping of the ONNX messages of {@code onnx.proto}
 * ({@link io.github.convnetij.nn.onnx.OnnxModel}, {@link io.github.convnetij.nn.onnx.OnnxGraph},
 * {@link io.github.convnetij.nn.onnx.OnnxNode}, {@link io.github.convnetij.nn.onnx.OnnxAttribute},
 * {@link io.github.convnetij.nn.onnx.OnnxTensor}, {@link io.github.convnetij.nn.onnx.OnnxValueInfo}),
 * read and written in the protobuf wire format with protobuf-java's {@code CodedInputStream} and
 * {@code CodedOutputStream} ({@link io.github.convnetij.nn.onnx.Onnx}); the conversion between a
 * {@code Network} and an ONNX graph ({@link io.github.convnetij.nn.onnx.OnnxNetworks}); and model
 * files with their metadata ({@link io.github.convnetij.nn.onnx.ModelFile},
 * {@link io.github.convnetij.nn.onnx.InputSpec}).
 * <p>
 * Models are written as ONNX IR version 7 with the default operator set at version 13, with
 * explicit {@code pads} on Conv and pooling nodes, and with the {@code metadata_props} keys
 * {@code convnet.classes}, {@code convnet.input}, {@code convnet.architecture} and
 * {@code convnet.history}.
 * <pre>{@code
 * ModelFile.of(net, classes, InputSpec.uint8(1, 28, 28)).save(Path.of("model.onnx"));
 * ModelFile loaded = ModelFile.load(Path.of("model.onnx"));
 * Tensor p = loaded.network().predict(x);   // bitwise the predictions of net
 * }</pre>
 * This package never imports SciJava or ImageJ.
 */
package io.github.convnetij.nn.onnx;
