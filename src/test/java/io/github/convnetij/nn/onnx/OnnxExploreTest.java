package io.github.convnetij.nn.onnx;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.github.convnetij.fuzz.Explore;
import io.github.convnetij.fuzz.FuzzTargets;
import io.github.convnetij.nn.Architectures;

@EnabledIfSystemProperty(named = "explore", matches = ".+")
class OnnxExploreTest {

	@Test
	void explore() throws Exception {
		final int n = Integer.getInteger("explore", 10000);
		final byte[] a = Onnx.toBytes(ModelFile.of(Architectures.parse(
			"conv(2,3,pad=same), relu, maxpool(2), batchnorm, dropout(0.5), flatten, dense(3), softmax",
			new int[] { 1, 6, 6 }, 3), List.of("a", "b", "c"), InputSpec.uint8(1, 6, 6)).toOnnx());
		final byte[] b = Onnx.toBytes(OnnxFormatTest.handMade());
		Explore.explore("onnx", Long.getLong("seed", 1), n, FuzzTargets::onnx, a, b);
	}
}
