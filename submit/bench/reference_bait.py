#!/usr/bin/env python3
"""The published BAIT selection (Ash et al. 2021, "Gone Fishing: Neural Active Learning with
Fisher Embeddings", the authors' ``select`` function) transcribed to numpy, for the bench only.

It runs the published algorithm as written: a forward greedy of 2K picks, each scoring every
candidate by tr(Xᵢ M⁻¹ F M⁻¹ Xᵢᵀ (I + Xᵢ M⁻¹ Xᵢᵀ)⁻¹) with the products taken left to right on full
D×D matrices (those with a D×D matrix as one GEMM of the stacked factors, numpy's fast form),
then a rank-r Woodbury update of M⁻¹; then backward pruning to K, removing the pick
whose removal raises tr(F M⁻¹) least, with a Woodbury downdate. Normalisation as published:
F = mean Fisher over pool ∪ labeled, M₀ = λI + n_L/(n_L+K)·mean_labeled F, Xᵢ = √(K/(n_L+K))·Vᵢᵀ.

Input: a directory written by ``bench --reference-bait-numpy``: pool_phi.npy (N×d), pool_factor.npy
(N×C×r, the Fisher factor A with F_i = (A Aᵀ) ⊗ φφᵀ), optionally labeled_phi.npy and
labeled_factor.npy, and the arguments K and λ. Items are in id order, so numpy's first-index
argmax breaks ties by the smaller id, as the engine does.
Output: one JSON line: the picked row indices (forward order of the survivors), the seconds of
``select`` and of building X and F, and the seconds of each forward pick.

usage: reference_bait.py DIR K LAMBDA [CHUNK]
"""
import json
import os
import sys
import time

import numpy as np


def factors(phi, a):
    """Xᵢ = Vᵢᵀ, r×D with D = C·d: X[i, j, c·d + k] = A[i, c, j] · φ[i, k]."""
    n, c, r = a.shape
    d = phi.shape[1]
    return np.einsum('icj,ik->ijck', a, phi).reshape(n, r, c * d)


def select(x, k, fisher, iterates, lamb, n_labeled, chunk):
    """The published select(): forward 2K, backward to K. Returns (picks, seconds per forward pick)."""
    dim = x.shape[-1]
    rank = x.shape[-2]
    current_inv = np.linalg.inv(lamb * np.eye(dim) + iterates * n_labeled / (n_labeled + k))
    x = x * np.sqrt(k / (n_labeled + k))
    picks = []
    seconds = []
    eye = np.eye(rank)
    for _ in range(2 * k):
        t0 = time.perf_counter()
        trace_est = np.empty(len(x))
        # the published code scores the whole pool at once; in chunks here only to bound memory
        for s in range(0, len(x), chunk):
            xt = x[s:s + chunk]
            m = len(xt)
            # the products with D×D matrices as one GEMM of the stacked factors (m·r × D), left to
            # right as published; Xᵢ M⁻¹ is shared by the inner inverse and the trace
            xm = (xt.reshape(-1, dim) @ current_inv).reshape(m, rank, dim)
            inner_inv = np.linalg.inv(eye + xm @ xt.transpose(0, 2, 1))
            xmfm = ((xm.reshape(-1, dim) @ fisher) @ current_inv).reshape(m, rank, dim)
            trace_est[s:s + chunk] = np.diagonal(xmfm @ xt.transpose(0, 2, 1) @ inner_inv,
                                                 axis1=-2, axis2=-1).sum(-1)
        ind = int(np.argmax(trace_est))
        while ind in picks:
            trace_est[ind] = 0
            ind = int(np.argmax(trace_est))
        picks.append(ind)
        xt = x[ind][None]
        inner_inv = np.linalg.inv(eye + xt @ current_inv @ xt.transpose(0, 2, 1))
        current_inv = (current_inv - current_inv @ xt.transpose(0, 2, 1) @ inner_inv @ xt @ current_inv)[0]
        seconds.append(time.perf_counter() - t0)
    for _ in range(len(picks) - k):
        xt = x[picks]
        inner_inv = np.linalg.inv(-1 * eye + xt @ current_inv @ xt.transpose(0, 2, 1))
        trace_est = np.diagonal(xt @ current_inv @ fisher @ current_inv @ xt.transpose(0, 2, 1) @ inner_inv,
                                axis1=-2, axis2=-1).sum(-1)
        del_ind = int(np.argmin(-1 * trace_est))
        xt = x[picks[del_ind]][None]
        inner_inv = np.linalg.inv(-1 * eye + xt @ current_inv @ xt.transpose(0, 2, 1))
        current_inv = (current_inv - current_inv @ xt.transpose(0, 2, 1) @ inner_inv @ xt @ current_inv)[0]
        del picks[del_ind]
    return picks, seconds


def main():
    folder, k, lamb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    chunk = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    t0 = time.perf_counter()
    x = factors(np.load(os.path.join(folder, 'pool_phi.npy')), np.load(os.path.join(folder, 'pool_factor.npy')))
    dim = x.shape[-1]
    labeled_phi = os.path.join(folder, 'labeled_phi.npy')
    if os.path.exists(labeled_phi):
        xl = factors(np.load(labeled_phi), np.load(os.path.join(folder, 'labeled_factor.npy')))
    else:
        xl = np.zeros((0,) + x.shape[1:])
    n_labeled = len(xl)
    # Σᵢ Vᵢ Vᵢᵀ = Σᵢ Xᵢᵀ Xᵢ as one product of the stacked factors
    pool_sum = x.reshape(-1, dim).T @ x.reshape(-1, dim)
    labeled_sum = xl.reshape(-1, dim).T @ xl.reshape(-1, dim)
    fisher = (pool_sum + labeled_sum) / (len(x) + n_labeled)
    iterates = labeled_sum / n_labeled if n_labeled > 0 else np.zeros((dim, dim))
    setup = time.perf_counter() - t0
    t1 = time.perf_counter()
    picks, seconds = select(x, k, fisher, iterates, lamb, n_labeled, chunk)
    print(json.dumps({'picks': picks, 'select_seconds': time.perf_counter() - t1, 'setup_seconds': setup,
                      'forward_seconds': seconds, 'numpy': np.__version__}))


if __name__ == '__main__':
    main()
