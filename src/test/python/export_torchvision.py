#!/usr/bin/python3
"""Exports torchvision classifiers with random weights through PyTorch's ONNX exporter, with
PyTorch's own output for a fixed seeded input, for the import tests (TorchvisionImportTest).

Usage: /usr/bin/python3 src/test/python/export_torchvision.py OUT_DIR MODEL[:SIZE[:OPSET]] ...
  MODEL: resnet18, resnet50, squeezenet1_1, mobilenet_v2, conv_bn_relu (a small model exported
  with training=PRESERVE and do_constant_folding=False so that BatchNormalization nodes remain) or
  shape_ops (a small model whose export has the shape operators: see ShapeOps) or conv_transpose
  (a strided conv down, a ConvTranspose2d and a nearest upsampling up: see ConvTransposeNet).
Writes, per model, OUT_DIR/MODEL.onnx (opset 13, or MODEL_opsetN.onnx and so on for another
opset; batch axis symbolic), OUT_DIR/MODEL.input.f32
(the input, float32 little-endian, shape 2x3xSIZExSIZE) and OUT_DIR/MODEL.output.f32 (PyTorch's
output, float32 little-endian, shape 2xCLASSES), and prints one line 'MODEL ok N,C,H,W CLASSES OPS'.
Model files are generated, never committed. Exit 3 when torch or torchvision is missing."""
import os
import sys

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torchvision
except ImportError as e:  # the Java test skips with this note
    print("NO-TORCH " + str(e))
    sys.exit(3)


class ConvBnRelu(nn.Module):
    """Conv + BatchNorm + ReLU twice, max pooling, global average pooling, a linear layer."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(16)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.c1(x)))
        x = nn.functional.max_pool2d(x, 2)
        x = torch.relu(self.bn2(self.c2(x)))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc(x)


class ShapeOps(nn.Module):
    """What exporters emit around shapes: F.pad (ConstantOfShape, Concat, Reshape, Slice, Transpose,
    Cast folded into Pad's pads), x.view(x.size(0), C, -1) (Shape, Gather, Unsqueeze, Concat,
    Reshape), transpose of computed values, unsqueeze/squeeze, log_softmax over the last axis."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 6 * 6, 10)

    def forward(self, x):
        x = torch.relu(self.c(x))
        x = nn.functional.pad(x, (2, 0, 1, 1), value=0.25)
        x = nn.functional.max_pool2d(x, 2)
        n = x.size(0)
        y = x.view(n, x.size(1), -1).transpose(1, 2)
        y = y.reshape(n, -1).unsqueeze(1).squeeze(1)
        return torch.log_softmax(self.fc(y), dim=-1)


class ConvTransposeNet(nn.Module):
    """Encoder-decoder steps as in a U-Net: a strided conv down, a ConvTranspose2d up (stride 2,
    padding 1, output_padding 1), nearest upsampling by 2 (Resize), a linear layer on top."""

    def __init__(self):
        super().__init__()
        self.down = nn.Conv2d(3, 6, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1)
        self.fc = nn.Linear(4 * 12 * 12, 10)

    def forward(self, x):
        x = torch.relu(self.up(torch.relu(self.down(x))))
        x = nn.functional.interpolate(x, scale_factor=2, mode="nearest")
        x = nn.functional.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)
        return self.fc(torch.flatten(x, 1))


class ConvTransposeGroups(nn.Module):
    """ConvTranspose2d with groups: 2 groups with dilation 2 and output_padding, then a depthwise
    one (groups = channels); image to image (output 2x4x(4 SIZE + 4)x(4 SIZE + 4))."""

    def __init__(self):
        super().__init__()
        self.c = nn.Conv2d(3, 6, 1)
        self.g = nn.ConvTranspose2d(6, 4, 3, stride=2, padding=1, output_padding=1, groups=2,
                                    dilation=2)
        self.dw = nn.ConvTranspose2d(4, 4, 2, stride=2, groups=4, bias=False)

    def forward(self, x):
        return self.dw(torch.relu(self.g(self.c(x))))


def block(cin, cout):
    """Two 3x3 convs with batch norm and ReLU, as in U-Net."""
    return nn.Sequential(nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True), nn.Conv2d(cout, cout, 3, padding=1),
                         nn.ReLU(inplace=True))


class UNet(nn.Module):
    """A small U-Net (image to image): conv blocks, max pooling down, one ConvTranspose2d up and
    one bilinear nn.Upsample up (align_corners False, or True for unet_ac; unet_size resizes
    with F.interpolate(size=...) instead, whose export computes the sizes from the input's shape),
    skip connections by torch.cat, a 1x1 head."""

    def __init__(self, variant="unet"):
        super().__init__()
        self.variant = variant
        self.e1 = block(3, 8)
        self.e2 = block(8, 16)
        self.mid = block(16, 32)
        self.up2 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.d2 = block(32, 16)
        self.up1 = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=(variant == "unet_ac"))
        self.red1 = nn.Conv2d(16, 8, 1)
        self.d1 = block(16, 8)
        self.head = nn.Conv2d(8, 2, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(nn.functional.max_pool2d(e1, 2))
        m = self.mid(nn.functional.max_pool2d(e2, 2))
        d2 = self.d2(torch.cat([self.up2(m), e2], 1))
        if self.variant == "unet_size":
            u = nn.functional.interpolate(d2, size=(e1.shape[2], e1.shape[3]), mode="bilinear",
                                          align_corners=False)
        else:
            u = self.up1(d2)
        d1 = self.d1(torch.cat([self.red1(u), e1], 1))
        return self.head(d1)


def build(name):
    if name == "conv_transpose_groups":
        return ConvTransposeGroups()
    if name.startswith("unet"):
        return UNet(name)
    if name == "conv_transpose":
        return ConvTransposeNet()
    if name == "conv_bn_relu":
        return ConvBnRelu()
    if name == "shape_ops":
        return ShapeOps()
    return getattr(torchvision.models, name)(weights=None)


def randomize_batchnorm(net, gen):
    """Random statistics so that a wrong BatchNorm is visible (fresh ones are the identity)."""
    for m in net.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                n = m.num_features
                m.running_mean.copy_(torch.rand(n, generator=gen) * 0.4 - 0.2)
                m.running_var.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
                m.weight.copy_(torch.rand(n, generator=gen) * 0.5 + 0.75)
                m.bias.copy_(torch.rand(n, generator=gen) * 0.2 - 0.1)


def export(out, name, size, opset=13):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    net = build(name)
    randomize_batchnorm(net, gen)
    net.eval()
    x = torch.rand(2, 3, size, size, generator=gen)
    with torch.no_grad():
        y = net(x)
    stem = name if opset == 13 else "%s_opset%d" % (name, opset)
    path = os.path.join(out, stem + ".onnx")
    torch.onnx.export(net, x, path, opset_version=opset, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=(name not in ("conv_bn_relu", "shape_ops")),
                      training=(torch.onnx.TrainingMode.PRESERVE if name == "conv_bn_relu"
                                else torch.onnx.TrainingMode.EVAL))
    x.numpy().astype("<f4").tofile(os.path.join(out, stem + ".input.f32"))
    y.numpy().astype("<f4").tofile(os.path.join(out, stem + ".output.f32"))
    ops = ""
    try:
        import onnx
        ops = ",".join(sorted({n.op_type for n in onnx.load(path).graph.node}))
    except ImportError:
        pass
    print("%s ok %d,%d,%d,%d %s %s" % (stem, 2, 3, size, size, ",".join(str(d) for d in y.shape[1:]),
                                       ops))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    for arg in sys.argv[2:]:
        parts = arg.split(":")
        export(out, parts[0], int(parts[1]) if len(parts) > 1 else 64,
               int(parts[2]) if len(parts) > 2 else 13)


if __name__ == "__main__":
    main()
