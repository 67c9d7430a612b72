#!/usr/bin/python3
"""PyTorch reference fixtures for the nn layers (src/test/resources/torch/*.tensors).

Run with Debian's python3-torch 1.13:  /usr/bin/python3 src/test/python/make_torch_fixtures.py
(from the project root; rewrites the files, bitwise reproducible for a given torch build).

small_cnn.tensors: a small network covering conv (padding 1, no bias before batch norm, whose
gradient would be zero up to rounding; an even kernel padded SAME_UPPER,
i.e. one extra zero at the end; stride 2 with dilation 2), batch norm in training mode, ReLU
(whose zeros give max-pool ties: PyTorch routes the gradient to the first maximum), max and
average pooling (ceil mode, partial windows), flatten, dense and the softmax cross-entropy:
  conv(6,3,pad=1,bias=false), batchnorm, relu, maxpool(2), conv(8,2,pad=same), relu,
  conv(8,3,stride=2,dilation=2,pad=2), relu, avgpool(2,ceil=true), flatten, dense(16), relu,
  dense(5), softmax
Tensors: input, labels (as floats), every parameter before training (our names: conv1.weight ...),
logits, loss, the gradient of every parameter and of the input, the running statistics after that
forward pass, eval_logits (inference mode afterwards), then two SGD steps (lr 0.1, Nesterov
momentum 0.9, weight decay 1e-3) on the same batch: after2.<param> and after2.<running stats>.

adam.tensors: one parameter vector, three gradients, and the vector after three steps of Adam
(lr 1e-2, weight decay 0.1, L2) and of AdamW (lr 1e-2, decoupled weight decay 0.1).

File format (little-endian): b"TNSR", int32 count, then per tensor: int32 name length, UTF-8
name, int32 rank, int32 dims..., float32 data (row-major).
"""
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "torch")


def write(path, tensors):
    with open(path, "wb") as f:
        f.write(b"TNSR")
        f.write(struct.pack("<i", len(tensors)))
        for name, t in tensors:
            a = np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))
            nb = name.encode("utf-8")
            f.write(struct.pack("<i", len(nb)))
            f.write(nb)
            f.write(struct.pack("<i", a.ndim))
            f.write(struct.pack("<%di" % a.ndim, *a.shape))
            f.write(a.tobytes())
    print(path, os.path.getsize(path), "bytes,", len(tensors), "tensors")


def small_cnn():
    torch.manual_seed(0)
    p = {
        "conv1.weight": torch.randn(6, 2, 3, 3) * 0.4,
        "batchnorm1.weight": 1 + 0.2 * torch.randn(6), "batchnorm1.bias": 0.1 * torch.randn(6),
        "conv2.weight": torch.randn(8, 6, 2, 2) * 0.3, "conv2.bias": torch.randn(8) * 0.1,
        "conv3.weight": torch.randn(8, 8, 3, 3) * 0.2, "conv3.bias": torch.randn(8) * 0.1,
        "dense1.weight": torch.randn(16, 32) * 0.3, "dense1.bias": torch.randn(16) * 0.1,
        "dense2.weight": torch.randn(5, 16) * 0.3, "dense2.bias": torch.randn(5) * 0.1,
    }
    params = {k: v.clone().requires_grad_(True) for k, v in p.items()}
    stats = {"batchnorm1.running_mean": torch.zeros(6), "batchnorm1.running_var": torch.ones(6)}
    x = torch.rand(4, 2, 12, 12)
    # a few exact zeros and repeated values in the input as well
    x[0, 0, :3, :3] = 0.5
    labels = torch.tensor([0, 3, 1, 4])

    def forward(inp, training):
        h = F.conv2d(inp, params["conv1.weight"], None, padding=1)
        h = F.batch_norm(h, stats["batchnorm1.running_mean"], stats["batchnorm1.running_var"],
                         params["batchnorm1.weight"], params["batchnorm1.bias"], training=training,
                         momentum=0.1, eps=1e-5)
        h = F.max_pool2d(F.relu(h), 2)
        h = F.conv2d(F.pad(h, (0, 1, 0, 1)), params["conv2.weight"], params["conv2.bias"])  # SAME_UPPER
        h = F.relu(h)
        h = F.relu(F.conv2d(h, params["conv3.weight"], params["conv3.bias"], stride=2, padding=2,
                            dilation=2))
        h = F.avg_pool2d(h, 2, ceil_mode=True, count_include_pad=False)
        h = F.relu(F.linear(h.flatten(1), params["dense1.weight"], params["dense1.bias"]))
        return F.linear(h, params["dense2.weight"], params["dense2.bias"])

    tensors = [("input", x), ("labels", labels.float())]
    tensors += [(k, v) for k, v in p.items()]
    xg = x.clone().requires_grad_(True)
    logits = forward(xg, True)
    loss = F.cross_entropy(logits, labels)
    loss.backward()
    tensors += [("logits", logits), ("loss", loss.reshape(1)), ("grad.input", xg.grad)]
    tensors += [("grad." + k, v.grad) for k, v in params.items()]
    tensors += [(k, v.clone()) for k, v in stats.items()]
    with torch.no_grad():
        tensors.append(("eval_logits", forward(x, False)))
    # two SGD steps (Nesterov) on the same batch, from the initial parameters and statistics
    for k in params:
        params[k] = p[k].clone().requires_grad_(True)
    stats["batchnorm1.running_mean"] = torch.zeros(6)
    stats["batchnorm1.running_var"] = torch.ones(6)
    opt = torch.optim.SGD(list(params.values()), lr=0.1, momentum=0.9, nesterov=True,
                          weight_decay=1e-3)
    for _ in range(2):
        opt.zero_grad()
        F.cross_entropy(forward(x, True), labels).backward()
        opt.step()
    tensors += [("after2." + k, v) for k, v in params.items()]
    tensors += [("after2." + k, v.clone()) for k, v in stats.items()]
    write(os.path.join(OUT, "small_cnn.tensors"), tensors)


def adam():
    torch.manual_seed(1)
    p0 = torch.randn(40)
    grads = [torch.randn(40) * s for s in (1.0, 0.1, 3.0)]
    tensors = [("param", p0)] + [("grad%d" % i, g) for i, g in enumerate(grads)]
    for name, cls in (("adam", torch.optim.Adam), ("adamw", torch.optim.AdamW)):
        w = p0.clone().requires_grad_(True)
        opt = cls([w], lr=1e-2, weight_decay=0.1)
        for g in grads:
            w.grad = g.clone()
            opt.step()
        tensors.append((name, w))
    write(os.path.join(OUT, "adam.tensors"), tensors)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print("torch", torch.__version__)
    small_cnn()
    adam()
