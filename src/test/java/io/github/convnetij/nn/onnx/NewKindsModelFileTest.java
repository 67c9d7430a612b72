package io.github.convnetij.nn.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer kinds added for ONNX import save and load through model files like the others. */
class NewKindsModelFileTest {

	@TempDir
	Path dir;

	@Test
	void saveAndLoadBitwise() throws IOException {
		final String arch = "a:conv(4,3,pad=same), b:sigmoid, c:tanh, concat(a,b,c), " +
			"const(mul,12x1x1), clip(min=-0.5,max=0.75), hardswish, hardsigmoid(alpha=0.25), " +
			"reshape(12x2x18), const(rsub,18), maxpool(2), flatten, dense(3), softmax";
		final Network net = Architectures.parse(arch, new int[] { 2, 6, 6 }, 3);
		net.initialize(3);
		final Random r = new Random(4);
		for (final Parameter p : net.buffers())
			for (int i = 0; i < p.value().numel(); i++)
				p.value().data()[i] = r.nextFloat() + 0.5f;
		final Path f = dir.resolve("m.onnx");
		ModelFile.of(net, ModelFile.numberedClasses(3), InputSpec.uint8(2, 6, 6)).save(f);
		final Network back = ModelFile.load(f).network();
		assertEquals(arch, back.architecture());
		final Tensor x = OnnxNetworksTest.random(5, 2, 2, 6, 6);
		final float[] a = net.predict(x).data(), b = back.predict(x).data();
		for (int i = 0; i < a.length; i++)
			assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "element " + i);
	}

	/**
	 * resize, pad modes and grouped convtranspose keep their arguments; a resize to sizes comes
	 * back as the scales that give them (ONNX's sizes would include the free batch size).
	 */
	@Test
	void resizePadAndGroupedConvTransposeSaveAndLoadBitwise() throws IOException {
		final String arch = "conv(4,3,pad=same), resize(1.5,mode=linear,coord=pytorch_half_pixel), " +
			"pad(0x1x2x0x2x1,mode=mirror), convtranspose(6,3,stride=2,groups=2), " +
			"resize(size=50x75,mode=cubic,coord=align_corners,a=-0.5,exclude=true), " +
			"pad(0x1x0x0x0x3,mode=nearest), resize(0.5,nearest=ceil), globalavgpool, flatten, dense(3), " +
			"softmax";
		final Network net = Architectures.parse(arch, new int[] { 2, 6, 6 }, 3);
		net.initialize(5);
		final Path f = dir.resolve("r.onnx");
		ModelFile.of(net, ModelFile.numberedClasses(3), InputSpec.uint8(2, 6, 6)).save(f);
		final Network back = ModelFile.load(f).network();
		assertEquals(arch.replace("conv(4,3,pad=same)", "conv(4,3,pad=1)").replace("size=50x75", "2x3"),
			back.architecture());
		final Tensor x = OnnxNetworksTest.random(6, 2, 2, 6, 6);
		final float[] a = net.predict(x).data(), b = back.predict(x).data();
		for (int i = 0; i < a.length; i++)
			assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]), "element " + i);
	}
}
