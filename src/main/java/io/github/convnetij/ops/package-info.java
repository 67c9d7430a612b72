/**
 * Image-level operations on ImgLib2 images of any real pixel type: convolution and correlation with
 * named or custom kernels ({@link io.github.convnetij.ops.ConvolutionOps},
 * {@link io.github.convnetij.ops.Kernels}), and max/average pooling
 * ({@link io.github.convnetij.ops.PoolingOps}). Each operation converts its input into the compute
 * core's tensors, runs the core's kernel (the same one the CNN layers use) and returns a 32-bit
 * float image. This package never imports ImageJ 1.x or SciJava; scripts can call it directly:
 * <pre>{@code
 * Img<FloatType> out = ConvolutionOps.convolve(img, Kernels.get("gaussian(2)"), Boundary.REFLECT, 0,
 *     OutputSize.SAME, false);
 * }</pre>
 */
package io.github.convnetij.ops;
