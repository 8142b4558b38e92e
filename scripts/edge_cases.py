#!/usr/bin/env python3
"""Writes docs/edge-cases.md from tools/edge_cases --tsv (on stdin or a file) and PyTorch.

For every function and edge input, our f and f' (float) and PyTorch's (float32 tensors on the
CPU, the derivative by autograd), the exact value (long double reference, rounded to float),
and, where PyTorch differs from us, a one-line reason.

    tools/edge_cases --tsv | python3 scripts/edge_cases.py [-o docs/edge-cases.md]

Needs python3-torch (Debian: apt-get install python3-torch); run with /usr/bin/python3 if
another python3 shadows it.  Without torch, the PyTorch column says "n/a".
"""
import argparse
import datetime
import math
import struct
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the table is still written, without PyTorch's column
    torch = None


def parse(s):
    if s == "nan":
        return math.nan
    if s == "inf":
        return math.inf
    if s == "-inf":
        return -math.inf
    return float.fromhex(s)


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def same(a, b):
    if math.isnan(a) and math.isnan(b):
        return True
    return bits(a) == bits(b)


def ulps(a, b):
    """Distance in float steps between two finite floats of the same sign convention."""
    def key(x):
        i = bits(x)
        return i if i < 0x80000000 else 0x80000000 - i
    return abs(key(a) - key(b))


def show(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "-0" if math.copysign(1, x) < 0 else "0"
    return "%.9g" % x


# PyTorch's function for each catalogue name, with PyTorch's defaults (the catalogue's
# defaults are PyTorch's; threshold has none in PyTorch: ours are threshold = 0, value = 0).
def torch_functions():
    if torch is None:
        return {}
    return {
        "sigmoid": torch.sigmoid,
        "log_sigmoid": F.logsigmoid,
        "tanh": torch.tanh,
        "hardtanh": F.hardtanh,
        "relu": F.relu,
        "relu6": F.relu6,
        "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
        "prelu": lambda x: F.prelu(x, torch.tensor([0.25], dtype=x.dtype)),
        "rrelu": lambda x: F.rrelu(x, training=False),
        "threshold": lambda x: F.threshold(x, 0.0, 0.0),
        "elu": F.elu,
        "selu": F.selu,
        "celu": F.celu,
        "softplus": F.softplus,
        "softsign": F.softsign,
        "silu": F.silu,
        # the catalogue's swish entry uses beta = 1.6875 (tests/reference/swish.hpp)
        "swish": lambda x: x * torch.sigmoid(1.6875 * x),
        "hardswish": F.hardswish,
        "hardsigmoid": F.hardsigmoid,
        "mish": F.mish,
        "gelu": F.gelu,
        "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"),
        "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x),  # no PyTorch op: the formula
        "tanhshrink": F.tanhshrink,
        "softshrink": F.softshrink,
        "hardshrink": F.hardshrink,
    }


def torch_eval(fn, x):
    t = torch.tensor([x], dtype=torch.float32, requires_grad=True)
    y = fn(t)
    (g,) = torch.autograd.grad(y.sum(), t, allow_unused=True)
    return float(y.detach()[0]), (float(g[0]) if g is not None else 0.0)


BOUND = 4  # the float contract (ulp)


def reason(x, label, ours, theirs, exact, what):
    """One line: why PyTorch's value differs from ours (ours is judged against exact)."""
    if math.isnan(x) and not math.isnan(theirs):
        return "PyTorch loses the NaN (NaN in must give NaN out)"
    if math.isnan(theirs) and not math.isnan(ours):
        return "PyTorch computes NaN (inf - inf, 0 * inf or inf / inf in its formula); the limit is %s" % show(exact)
    if math.isinf(theirs) and not math.isinf(ours):
        return "PyTorch overflows in an intermediate; the exact value is finite"
    if theirs == 0 and ours != 0 and not math.isinf(ours):
        return "PyTorch gives 0 (cancellation such as 1 - y^2, or an early underflow); exact %s" % show(exact)
    if ours == theirs and math.copysign(1, ours) != math.copysign(1, theirs):
        return "sign of zero: ours %s, PyTorch %s, reference %s" % (show(ours), show(theirs), show(exact))
    if label.startswith("kink") and "ulp" not in label and abs(ours - theirs) > 1e-3 * (1 + abs(ours)):
        return "at the kink or cut-off itself: a one-sided choice, ours %s (the reference's side), PyTorch %s" % (
            show(ours), show(theirs))
    if math.isfinite(ours) and math.isfinite(theirs) and math.isfinite(exact):
        eo, et = ulps(ours, exact), ulps(theirs, exact)
        if eo < et:
            return "PyTorch is %d ulp from exact, ours %d" % (et, eo)
        if eo <= BOUND:
            return "both near exact: ours %d ulp, PyTorch %d" % (eo, et)
        if label.startswith("kink") and "ulp" not in label:
            return "at a kink or cut-off: the sides differ (ours %d ulp from the reference): CHECK" % eo
        return "ours is %d ulp from exact, PyTorch %d: CHECK" % (eo, et)
    if same(ours, exact):
        return "ours is the exact value"
    return "differs: CHECK"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input", nargs="?", help="tools/edge_cases --tsv output (default: stdin)")
    ap.add_argument("-o", "--output", default="docs/edge-cases.md")
    args = ap.parse_args()
    lines = (open(args.input) if args.input else sys.stdin).read().splitlines()
    fns = torch_functions()
    rows = {}
    order = []
    for line in lines:
        if not line.strip():
            continue
        name, label, x, f, d, ef, ed = line.split("\t")
        if name not in rows:
            rows[name] = []
            order.append(name)
        rows[name].append((label, parse(x), parse(f), parse(d), parse(ef), parse(ed)))

    out = []
    out.append("# actmath edge cases\n")
    out.append("Generated by `scripts/edge_cases.sh` (tools/edge_cases + scripts/edge_cases.py); do not edit by hand.\n")
    out.append("- date: %s" % datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"))
    out.append("- PyTorch: %s (float32 tensors, CPU; derivative by autograd)" % (torch.__version__ if torch else "not installed"))
    out.append("- ours: float, scalar call (the kernels give the same bits: tools/accuracy checks it)\n")
    out.append("Inputs: NaN, +-inf, +-0, +-the smallest subnormal (1.4e-45), +-FLT_MIN (1.18e-38), +-FLT_MAX (3.4e38),")
    out.append("and each kink or cut-off with its float neighbours.  `f` and `f'` are ours; the PyTorch columns show")
    out.append("PyTorch's value only where it differs from ours (bit for bit, the sign of zero included), with the")
    out.append("reason.  quick_gelu has no PyTorch op: its column is the formula x * sigmoid(1.702 x) in torch.")
    out.append("`exact` is the long double reference rounded to float.\n")
    summary = []
    for name in order:
        fn = fns.get(name)
        if fn is not None:
            # the PyTorch call must be the same function: agree on the ordinary inputs
            for (label, x, f, d, ef, ed) in rows[name]:
                if label == "ordinary":
                    tf, td = torch_eval(fn, x)
                    if not (abs(tf - f) <= 1e-5 * (1 + abs(f)) and abs(td - d) <= 1e-5 * (1 + abs(d))):
                        print("edge_cases.py: %s: PyTorch's call is not the catalogued function "
                              "(at %g: %g vs %g); column left out" % (name, x, tf, f), file=sys.stderr)
                        fn = None
                        break
        out.append("## %s\n" % name)
        out.append("| input | x | f | f' | exact f, f' | PyTorch f | PyTorch f' | why PyTorch differs |")
        out.append("|---|---|---|---|---|---|---|---|")
        ndiff = 0
        for (label, x, f, d, ef, ed) in rows[name]:
            tf = td = None
            why = []
            if fn is not None:
                try:
                    tf, td = torch_eval(fn, x)
                except Exception as e:  # a PyTorch error is a difference too
                    tf = td = math.nan
                    why.append("PyTorch raises %s" % type(e).__name__)
            cf = cd = ""
            if tf is not None and not same(tf, f):
                cf = show(tf)
                why.append("f: " + reason(x, label, f, f32(tf), ef, "f"))
            if td is not None and not same(td, d):
                cd = show(td)
                why.append("f': " + reason(x, label, d, f32(td), ed, "f'"))
            if fn is None:
                cf = cd = "n/a"
                why = []
            if why:
                ndiff += 1
            out.append("| %s | %s | %s | %s | %s, %s | %s | %s | %s |" % (
                label, show(x), show(f), show(d), show(ef), show(ed), cf, cd, "; ".join(why)))
        out.append("")
        summary.append((name, ndiff, len(rows[name])))
    out.append("## Summary\n")
    out.append("| function | inputs where PyTorch differs | inputs |")
    out.append("|---|---|---|")
    for name, nd, n in summary:
        out.append("| %s | %d | %d |" % (name, nd, n))
    open(args.output, "w").write("\n".join(out) + "\n")
    print("edge_cases.py: wrote %s (%d functions)" % (args.output, len(order)), file=sys.stderr)


if __name__ == "__main__":
    main()
