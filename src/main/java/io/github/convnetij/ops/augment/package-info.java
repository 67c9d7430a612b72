/**
 * Data augmentation with the parameters of Keras' {@code ImageDataGenerator}: seeded geometric
 * transforms (rotation, shifts, shear, independent X/Y zoom, flips) composed into one affine map
 * about the image centre and applied in one resampling pass through the compute core's
 * {@link io.github.convnetij.compute.Warps}, plus brightness and Gaussian noise.
 * <ul>
 * <li>{@link io.github.convnetij.ops.augment.Augmentation}: the ranges (the options);</li>
 * <li>{@link io.github.convnetij.ops.augment.Transform}: one sampled replicate, with its label;</li>
 * <li>{@link io.github.convnetij.ops.augment.AugmentOps}: replicates of an image of any pixel type,
 * with channels sharing a transform and stacks transformed per plane or as a whole;</li>
 * <li>{@link io.github.convnetij.ops.augment.Augmenter}: the on-the-fly augmenter of training
 * batches {@code [N, C, H, W]};</li>
 * <li>{@link io.github.convnetij.ops.augment.Seeds}: the randomness of each replicate derived from
 * the seed and the replicate's index, so results are the same for any thread count.</li>
 * </ul>
 * This package never imports ImageJ 1.x or SciJava:
 * <pre>{@code
 * Augmentation a = Augmentation.none().rotationRange(20).zoomRange(0.1).fillMode(Boundary.REFLECT);
 * AugmentedImage r = AugmentOps.augment(img, a, 16, 42L);      // X, Y, 16 replicates
 * }</pre>
 */
package io.github.convnetij.ops.augment;
