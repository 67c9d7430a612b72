#!/usr/bin/python3
"""Writes src/test/resources/onnx/torch/: a small CNN exported by PyTorch's ONNX exporter (opset 13,
eval mode, dynamic batch) with random weights and batch-norm statistics, one input batch and
PyTorch's output, as TensorProto files. Run from the repository root with Debian's python3-torch and
python3-onnx: /usr/bin/python3 src/test/python/make_onnx_torch_fixture.py"""
import os
import numpy as np
import onnx
import onnx.numpy_helper as nh
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = "src/test/resources/onnx/torch"
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(8)
        self.c2 = nn.Conv2d(8, 8, 3, padding=1)
        self.c3 = nn.Conv2d(8, 6, 2, stride=2, dilation=1)
        self.drop = nn.Dropout(0.3)
        self.fc1 = nn.Linear(6, 12)
        self.fc2 = nn.Linear(12, 5)

    def forward(self, x):
        y = F.relu(self.bn1(self.c1(x)))
        z = F.leaky_relu(self.c2(y), 0.1) + y
        z = F.max_pool2d(z, 3, stride=2, padding=1)
        z = F.avg_pool2d(self.c3(z), 2, ceil_mode=True, count_include_pad=False)
        z = torch.flatten(F.adaptive_avg_pool2d(z, 1), 1)
        return F.softmax(self.fc2(F.relu(self.fc1(self.drop(z)))), dim=1)


net = Net()
with torch.no_grad():
    net.bn1.running_mean.uniform_(-0.5, 0.5)
    net.bn1.running_var.uniform_(0.5, 2.0)
    net.bn1.weight.uniform_(0.5, 1.5)
    net.bn1.bias.uniform_(-0.2, 0.2)
net.eval()
x = torch.rand(3, 1, 15, 13)
with torch.no_grad():
    y = net(x)
path = OUT + "/small_cnn.onnx"
torch.onnx.export(net, x, path, opset_version=13, input_names=["image"], output_names=["probs"],
                  dynamic_axes={"image": {0: "batch"}, "probs": {0: "batch"}})
m = onnx.load(path)
onnx.checker.check_model(m)
print([n.op_type for n in m.graph.node])
open(OUT + "/input_0.pb", "wb").write(nh.from_array(x.numpy(), "image").SerializeToString())
open(OUT + "/output_0.pb", "wb").write(nh.from_array(y.numpy(), "probs").SerializeToString())
