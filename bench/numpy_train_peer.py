#!/usr/bin/env python3
"""The ensemble trainer a researcher would write in NumPy: M ReLU networks of depth L and width
n in the NTK parameterization, weights stored as (M, n_out, n_in) arrays, full-batch gradient
descent on (1/2N) sum (f - y)^2 by batched matmuls (np.matmul over the network axis), in float32
or float64. circle6 as the data.

Prints one JSON object: network-steps per second and the mean final loss (so the caller can see
that it trained).
Usage: numpy_train_peer.py --width 256 --depth 3 --networks 32 --steps 50 --dtype float32
"""
import argparse
import json
import time

import numpy as np


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--width", type=int, default=256)
    p.add_argument("--depth", type=int, default=3)
    p.add_argument("--networks", type=int, default=32)
    p.add_argument("--steps", type=int, default=50)
    p.add_argument("--eta", type=float, default=0.5)
    p.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    a = p.parse_args()
    dt = np.dtype(a.dtype)
    phi = np.arange(6) * np.pi / 3
    x = np.stack([np.cos(phi), np.sin(phi)]).astype(dt)  # (n0, N)
    y = np.cos(2 * phi).astype(dt)
    N = x.shape[1]
    M, n, L = a.networks, a.width, a.depth
    rng = np.random.default_rng(1)
    sizes = [(n if l < L - 1 else 1, 2 if l == 0 else n) for l in range(L)]
    W = [rng.standard_normal((M, o, i)).astype(dt) for o, i in sizes]
    scale = [np.sqrt(2.0 / i).astype(dt) for _, i in sizes]
    xb = np.broadcast_to(x, (M,) + x.shape)

    def step():
        acts = [xb]
        pre = []
        h = xb
        for l in range(L):
            z = scale[l] * np.matmul(W[l], h)
            pre.append(z)
            if l < L - 1:
                h = np.maximum(z, 0)
                acts.append(h)
        r = pre[-1][:, 0, :] - y  # (M, N)
        d = (r / N)[:, None, :]
        for l in range(L - 1, -1, -1):
            grad = scale[l] * np.matmul(d, np.swapaxes(acts[l], 1, 2))
            if l > 0:
                d = scale[l] * np.matmul(np.swapaxes(W[l], 1, 2), d) * (pre[l - 1] > 0)
            W[l] -= a.eta * grad
        return 0.5 * np.mean(r * r, axis=1)

    step()  # warm-up
    t0 = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "width": n, "depth": L, "networks": M, "steps": a.steps, "dtype": a.dtype,
        "seconds": seconds, "networkStepsPerSecond": M * a.steps / seconds,
        "finalLossMean": float(np.mean(loss)), "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
