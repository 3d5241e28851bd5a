#!/usr/bin/env python3
"""The peer a researcher would write: the exact engine's Gaussian-conditioning sampler for one
input, vectorized over networks in NumPy (float64, PCG64).

Given the previous layer, a hidden layer's preactivations are i.i.d. N(0, G_l) across units,
so per layer:  z = sqrt(G)[:, None] * N(0, 1)^(M x n);  y = sigma(z);
G <- C_b + C_W * mean(y^2 over units).  Output z_L = sqrt(G_L) * N(0, 1).

Prints one JSON object on stdout: timing, and the output's variance with its standard error so
the caller can check that this peer samples the same distribution as the engine.
Usage: numpy_peer.py --width 1024 --depth 10 --networks 20000 --cw 1 --cb 0 [--batch 2000]
"""
import argparse
import json
import platform
import sys
import time

import numpy as np

ACTIVATIONS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0.0)}


def sample(rng, act, width, depth, networks, cw, cb, q0, batch):
    out = np.empty(networks)
    for start in range(0, networks, batch):
        m = min(batch, networks - start)
        g = np.full(m, cb + cw * q0)
        for _ in range(depth - 1):
            z = np.sqrt(g)[:, None] * rng.standard_normal((m, width))
            y = act(z)
            g = cb + cw * np.mean(y * y, axis=1)
        out[start : start + m] = np.sqrt(g) * rng.standard_normal(m)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--activation", default="tanh", choices=sorted(ACTIVATIONS))
    p.add_argument("--width", type=int, default=1024)
    p.add_argument("--depth", type=int, default=10)
    p.add_argument("--networks", type=int, default=20000)
    p.add_argument("--cw", type=float, default=1.0)
    p.add_argument("--cb", type=float, default=0.0)
    p.add_argument("--q0", type=float, default=1.0)
    p.add_argument("--batch", type=int, default=2000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()

    act = ACTIVATIONS[a.activation]
    rng = np.random.default_rng(a.seed)
    # Warm-up on a few networks so the timed run measures steady-state throughput.
    sample(rng, act, a.width, a.depth, min(a.batch, 50), a.cw, a.cb, a.q0, a.batch)

    t0 = time.perf_counter()
    out = sample(rng, act, a.width, a.depth, a.networks, a.cw, a.cb, a.q0, a.batch)
    seconds = time.perf_counter() - t0

    x2 = out * out
    json.dump(
        {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "dtype": "float64",
            "generator": "PCG64 (default_rng), standard_normal",
            "config": vars(a),
            "seconds": seconds,
            "networksPerSecond": a.networks / seconds,
            "normalsPerSecond": a.networks * ((a.depth - 1) * a.width + 1) / seconds,
            "outputVariance": float(x2.mean()),
            "outputVarianceSE": float(x2.std(ddof=1) / np.sqrt(a.networks)),
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
