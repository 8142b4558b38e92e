#!/usr/bin/env python3
"""Turns actmath_bench's Google Benchmark JSON into docs/performance.md and SVG plots.

    python3 scripts/perf_report.py RESULT.json [--out docs/performance.md] [--img-dir docs/img]
                                   [--command "bash scripts/bench.sh"]

Benchmarks are named <function>/<op>/<type>/<contender>/<n> (see bench/common.hpp).  With
repetitions, each benchmark's best (lowest) CPU time is kept: on a shared machine the minimum
is the run least disturbed by other processes, and CPU time leaves out the time the thread was
descheduled.  ns/element = CPU time of one call / n.

Targets (issue 4, single thread, float): at 4096 and 65536 elements actmath takes at most 0.9x
the ns/element of the fastest peer, or is within 10% of the bandwidth ceiling; at 16M elements
within 10% of the ceiling.  The ceiling of a 2-stream op (forward, derivative) is the y = 2x
loop, of a 3-stream op (backward, backward_from_output) the z = x y loop.

Only the Python standard library is used; the SVG is written by hand.
"""
import argparse
import json
import math
import os
import sys
from collections import defaultdict

OPS = ["forward", "derivative", "backward", "backward_from_output"]
PEERS = ["onednn", "xnnpack", "eigen", "xsimd", "std"]
CONTENDERS = ["actmath"] + PEERS
PEER_NAMES = {"onednn": "oneDNN", "xnnpack": "XNNPACK", "eigen": "Eigen", "xsimd": "xsimd loop",
              "std": "std loop", "actmath": "actmath"}
CEILING_OF = {"forward": "scale", "derivative": "scale", "backward": "mul", "backward_from_output": "mul"}
CEILING_OP = {"scale": "forward", "memcpy": "forward", "mul": "backward"}
MAIN_SIZES = [4096, 65536, 1 << 24]
SIZE_NAMES = {4096: "4096 (L1)", 65536: "65536 (L2)", 1 << 24: "16M (DRAM)"}
TARGET_RATIO = 0.9
CEILING_SLACK = 1.10
# The core building blocks, the catalogue (issue 2), then the row-wise and gated families.
ORDER = ["exp", "expm1", "log1p", "sigmoid", "log_sigmoid", "tanh", "hardtanh", "relu", "relu6", "leaky_relu", "prelu", "rrelu",
         "threshold", "elu", "selu", "celu", "softplus", "softsign", "silu", "swish", "hardswish",
         "hardsigmoid", "mish", "gelu", "gelu_tanh", "quick_gelu", "tanhshrink", "softshrink", "hardshrink",
         "softmax", "log_softmax", "softmin", "glu", "reglu", "swiglu", "geglu", "geglu_tanh"]


def load(paths):
    """{(fn, op, type, contender, n): ns per element}, labels, context."""
    best, labels, context = {}, {}, {}
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        context = context or data.get("context", {})
        for b in data.get("benchmarks", []):
            if b.get("run_type") == "aggregate" or b.get("error_occurred"):
                continue
            parts = b.get("run_name", b["name"]).split("/")
            if len(parts) != 5:
                continue
            fn, op, ty, who, n = parts
            n = int(n)
            scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
            ns = b["cpu_time"] * scale / n
            key = (fn, op, ty, who, n)
            if key not in best or ns < best[key]:
                best[key] = ns
            if b.get("bytes_per_second") and b.get("items_per_second"):
                size = 4 if ty == "f32" else 8
                STREAMS[(fn, op, ty)] = round(b["bytes_per_second"] / b["items_per_second"] / size)
            if b.get("label"):
                labels[(fn, op, ty, who)] = b["label"]
    return best, labels, context


def order_key(fn):
    return (ORDER.index(fn), fn) if fn in ORDER else (len(ORDER), fn)


def fmt(v, digits=3):
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.{digits}f}" if v < 1 else f"{v:.2f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def fastest_peer(best, fn, op, ty, n):
    cands = [(best[(fn, op, ty, p, n)], p) for p in PEERS if (fn, op, ty, p, n) in best]
    return min(cands) if cands else (None, None)


STREAMS = {}  # (fn, op, type) -> arrays of n elements one call reads or writes


def ceiling(best, op, ty, n, fn=None):
    """ns/element of the loop that moves the same bytes: y = 2x for 2 streams, z = x y (scaled by
    streams / 3) for more, e.g. the 5 streams of a gated unit's backward."""
    streams = STREAMS.get((fn, op, ty)) or (2 if CEILING_OF[op] == "scale" else 3)
    if streams <= 2:
        return best.get(("ceiling", "forward", ty, "scale", n))
    mul = best.get(("ceiling", "backward", ty, "mul", n))
    return None if mul is None else mul * streams / 3


def verdict(r_peer, r_ceil, n):
    """Issue 4's target for one row; None when there is nothing to compare."""
    near_ceiling = r_ceil is not None and r_ceil <= CEILING_SLACK
    if n >= (1 << 24):
        return None if r_ceil is None else near_ceiling
    if r_peer is None:
        return None
    return r_peer <= TARGET_RATIO or near_ceiling


def mark(v):
    return "" if v is None else ("yes" if v else "**no**")


def targets_table(best, lines):
    """float rows that have a peer: actmath against the fastest peer and the ceiling."""
    fns = sorted({k[0] for k in best if k[3] == "actmath" and k[2] == "f32"}, key=order_key)
    lines += ["| function | op | n | actmath ns/el | fastest peer | peer ns/el | actmath/peer | actmath/ceiling | target met |",
              "|---|---|---:|---:|---|---:|---:|---:|:---:|"]
    met = total = 0
    for fn in fns:
        for op in OPS:
            if not any((fn, op, "f32", p, n) in best for p in PEERS for n in MAIN_SIZES):
                continue
            for n in MAIN_SIZES:
                a = best.get((fn, op, "f32", "actmath", n))
                if a is None:
                    continue
                pv, pn = fastest_peer(best, fn, op, "f32", n)
                rp, rc = ratio(a, pv), ratio(a, ceiling(best, op, "f32", n, fn))
                v = verdict(rp, rc, n)
                if v is not None:
                    total += 1
                    met += bool(v)
                lines.append(f"| {fn} | {op} | {SIZE_NAMES[n]} | {fmt(a)} | {PEER_NAMES.get(pn, '-')} | {fmt(pv)} | "
                             f"{fmt(rp, 2)} | {fmt(rc, 2)} | {mark(v)} |")
    lines += ["", f"Target met on {met} of {total} rows.", ""]
    return met, total


def full_tables(best, labels, ty, lines):
    fns = sorted({k[0] for k in best if k[2] == ty and k[0] != "ceiling"}, key=order_key)
    for n in MAIN_SIZES:
        c2, c3 = ceiling(best, "forward", ty, n), ceiling(best, "backward", ty, n)
        lines += [f"### {ty}, n = {SIZE_NAMES[n]}", "",
                  f"Ceiling: y = 2x {fmt(c2)} ns/el, z = x y {fmt(c3)} ns/el.", "",
                  "| function | op | " + " | ".join(PEER_NAMES[c] for c in CONTENDERS) +
                  " | actmath/fastest peer | actmath/ceiling |",
                  "|---|---|" + "---:|" * (len(CONTENDERS) + 2)]
        for fn in fns:
            for op in OPS:
                row = [best.get((fn, op, ty, c, n)) for c in CONTENDERS]
                if all(v is None for v in row):
                    continue
                pv, _ = fastest_peer(best, fn, op, ty, n)
                cells = []
                for c, v in zip(CONTENDERS, row):
                    s = fmt(v)
                    if v is not None and c != "actmath" and v == pv:
                        s = f"*{s}*"
                    cells.append(s)
                if row[0] is not None:
                    cells[0] = f"**{cells[0]}**"
                lines.append(f"| {fn} | {op} | " + " | ".join(cells) +
                             f" | {fmt(ratio(row[0], pv), 2)} | {fmt(ratio(row[0], ceiling(best, op, ty, n, fn)), 2)} |")
        lines.append("")


GLANCE = ["sigmoid", "tanh", "relu", "elu", "softplus", "silu", "mish", "gelu", "gelu_tanh", "softmax"]


def glance_table(best, lines, n=65536):
    """The README's table: main functions, float, n elements, forward and backward."""
    lines += [f"| float, {n} elements, ns/element | actmath forward | fastest peer | actmath backward | fastest peer |",
              "|---|---:|---:|---:|---:|"]
    for fn in GLANCE:
        cells = []
        for op in ("forward", "backward"):
            a = best.get((fn, op, "f32", "actmath", n))
            o = op
            if a is None and op == "backward":
                o = "backward_from_output"
                a = best.get((fn, o, "f32", "actmath", n))
            pv, pn = fastest_peer(best, fn, o, "f32", n)
            suffix = " (from y)" if o == "backward_from_output" and a is not None else ""
            cells += [fmt(a) + suffix, "-" if pv is None else f"{fmt(pv)} {PEER_NAMES[pn]}"]
        if any(c != "-" for c in cells):
            lines.append(f"| {fn} | " + " | ".join(cells) + " |")
    lines.append("")


def proposals_table(best, lines):
    """Rows of bench/proposals.hpp (same bits as the library, checked by tools/perf_proposals)."""
    keys = sorted({k for k in best if k[3] == "proposal"}, key=lambda k: (order_key(k[0]), OPS.index(k[1]), k[2], k[4]))
    if not keys:
        return
    lines += ["## Proposals (not in the library yet)", "",
              "Changes proposed for core/math.hpp and core/value.hpp, measured in the same run as the benchmark's",
              "own functors (bench/proposals.hpp); `tools/perf_proposals` checks that they give the library's",
              "bits. A speed-up > 1 means the proposal is faster.", "",
              "| function | op | type | n | actmath ns/el | proposal ns/el | speed-up | fastest peer ns/el |",
              "|---|---|---|---:|---:|---:|---:|---:|"]
    for fn, op, ty, _, n in keys:
        a, p = best.get((fn, op, ty, "actmath", n)), best[(fn, op, ty, "proposal", n)]
        pv, pn = fastest_peer(best, fn, op, ty, n)
        peer = "-" if pv is None else f"{fmt(pv)} ({PEER_NAMES[pn]})"
        lines.append(f"| {fn} | {op} | {ty} | {SIZE_NAMES.get(n, n)} | {fmt(a)} | {fmt(p)} | {fmt(ratio(a, p), 2)} | {peer} |")
    lines.append("")


def ceiling_table(best, lines):
    lines += ["| type | n | memcpy ns/el | y = 2x ns/el | z = x y ns/el | y = 2x GB/s |",
              "|---|---:|---:|---:|---:|---:|"]
    for ty in ["f32", "f64"]:
        size = 4 if ty == "f32" else 8
        for n in MAIN_SIZES:
            m = best.get(("ceiling", "forward", ty, "memcpy", n))
            s = best.get(("ceiling", "forward", ty, "scale", n))
            z = best.get(("ceiling", "backward", ty, "mul", n))
            gbs = None if s is None else 2 * size / s
            lines.append(f"| {ty} | {SIZE_NAMES[n]} | {fmt(m)} | {fmt(s)} | {fmt(z)} | {fmt(gbs)} |")
    lines.append("")


# ---- SVG -------------------------------------------------------------------------------------
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f"]


def svg_plot(path, title, series, dashed=()):
    """series: [(name, [(n, Gelem/s)])]; log2 x axis, log10 y axis (the ceiling is 10-50x faster in cache)."""
    series = [(name, sorted(pts)) for name, pts in series if len(pts) >= 2]
    if not series:
        return False
    W, H, L, R, T, B = 760, 440, 70, 170, 40, 55
    xs = [n for _, pts in series for n, _ in pts]
    ys = [v for _, pts in series for _, v in pts if v > 0]
    x0, x1 = math.log2(min(xs)), math.log2(max(xs))
    y0 = math.floor(math.log10(min(ys)))
    y1 = math.ceil(math.log10(max(ys)))
    y1 = max(y1, y0 + 1)

    def px(n):
        return L + (math.log2(n) - x0) / max(x1 - x0, 1e-9) * (W - L - R)

    def py(v):
        return T + (1 - (math.log10(v) - y0) / (y1 - y0)) * (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
           'font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2 - R / 2 + L / 2}" y="22" text-anchor="middle" font-size="15">{title}</text>']
    for e in range(y0, y1 + 1):
        for m in (1, 2, 5):
            y = m * 10.0 ** e
            if y > 10.0 ** y1 * 1.0001:
                break
            major = m == 1
            out.append(f'<line x1="{L}" y1="{py(y):.1f}" x2="{W - R}" y2="{py(y):.1f}" '
                       f'stroke="{"#ccc" if major else "#eee"}"/>')
            out.append(f'<text x="{L - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    for e in range(int(math.ceil(x0)), int(math.floor(x1)) + 1, 2):
        n = 2 ** e
        lab = f"{n >> 20}M" if n >= 1 << 20 else (f"{n >> 10}K" if n >= 1 << 10 else str(n))
        out.append(f'<line x1="{px(n):.1f}" y1="{T}" x2="{px(n):.1f}" y2="{H - B}" stroke="#eee"/>')
        out.append(f'<text x="{px(n):.1f}" y="{H - B + 16}" text-anchor="middle">{lab}</text>')
    out.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}" fill="none" stroke="#444"/>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">elements per call (log scale)</text>')
    out.append(f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {(T + H - B) / 2})">G elements / s, log scale (higher is faster)</text>')
    for i, (name, pts) in enumerate(series):
        col = COLORS[i % len(COLORS)]
        d = " ".join(f"{'M' if j == 0 else 'L'}{px(n):.1f},{py(v):.1f}" for j, (n, v) in enumerate(pts))
        dash = ' stroke-dasharray="6,4"' if name in dashed else ""
        width = 3 if name == "actmath" else 2
        out.append(f'<path d="{d}" fill="none" stroke="{col}" stroke-width="{width}"{dash}/>')
        for n, v in pts:
            out.append(f'<circle cx="{px(n):.1f}" cy="{py(v):.1f}" r="2.5" fill="{col}"/>')
        ly = T + 14 + 18 * i
        out.append(f'<line x1="{W - R + 12}" y1="{ly - 4}" x2="{W - R + 36}" y2="{ly - 4}" stroke="{col}" '
                   f'stroke-width="2"{dash}/>')
        out.append(f'<text x="{W - R + 42}" y="{ly}">{name}</text>')
    out.append("</svg>")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return True


def curve(best, fn, op, ty, who):
    return [(k[4], 1.0 / v) for k, v in best.items() if k[:4] == (fn, op, ty, who)]


def plots(best, img_dir, prefix, md_dir, lines):
    made = []
    fns = [fn for fn in ORDER if len(curve(best, fn, "forward", "f32", "actmath")) > 3]
    series = [(fn, curve(best, fn, "forward", "f32", "actmath")) for fn in fns]
    series.append(("y = 2x ceiling", curve(best, "ceiling", "forward", "f32", "scale")))
    p = os.path.join(img_dir, f"{prefix}.svg")
    if svg_plot(p, "actmath forward, float, one thread", series, dashed={"y = 2x ceiling"}):
        made.append(("actmath forward throughput against size", p))
    for fn in ["sigmoid", "gelu", "tanh"]:
        s = [(PEER_NAMES[c], curve(best, fn, "forward", "f32", c)) for c in CONTENDERS]
        s.append(("y = 2x ceiling", curve(best, "ceiling", "forward", "f32", "scale")))
        if sum(len(pts) > 3 for _, pts in s) >= 3:
            p = os.path.join(img_dir, f"{prefix}_{fn}.svg")
            if svg_plot(p, f"{fn} forward, float: every contender", s, dashed={"y = 2x ceiling"}):
                made.append((f"{fn} forward, every contender", p))
    for title, p in made:
        lines.append(f"![{title}]({os.path.relpath(p, md_dir)})")
        lines.append("")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+")
    ap.add_argument("--out", default="docs/performance.md")
    ap.add_argument("--img-dir", default="docs/img")
    ap.add_argument("--img-prefix", default="performance", help="file names of the plots: PREFIX.svg, PREFIX_<fn>.svg")
    ap.add_argument("--command", default="bash scripts/bench.sh")
    ap.add_argument("--load", default="", help="machine load while measuring (e.g. uptime's output)")
    args = ap.parse_args()

    best, labels, ctx = load(args.json)
    if not best:
        sys.exit("perf_report: no benchmark results in " + ", ".join(args.json))
    md_dir = os.path.dirname(os.path.abspath(args.out))
    reps = ctx.get("repetitions") or "1"
    caches = ", ".join(f"L{c['level']}{c['type'][0].lower() if c['type'] != 'Unified' else ''} "
                       f"{c['size'] // 1024} KiB" for c in ctx.get("caches", []))
    load_avg = ", ".join(f"{x:.2f}" for x in ctx.get("load_avg", []))
    simd = ctx.get("actmath_simd", "?")
    lines = [
        "# Performance",
        "",
        "<!-- Generated by scripts/perf_report.py from a run of bench/actmath_bench; do not edit by hand. -->",
        "",
        "Which function, which library, how fast on this machine: actmath's array API against the peers in",
        "the same binary, on the same inputs (x uniform in [-10, 10], dy uniform in [-1, 1], fixed seeds),",
        "one thread. Numbers are **ns per element** (lower is faster), the best CPU time of the repetitions",
        "divided by n. `actmath/fastest peer` < 1 means actmath is faster; `actmath/ceiling` is against a",
        "loop that only moves the same bytes (y = 2x for one input, z = x y for two, scaled for more).",
        "",
        "## How this was measured",
        "",
        f"- Command: `{args.command}`",
        f"- CPU: {ctx.get('actmath_cpu', '?')}, {ctx.get('num_cpus', '?')} cores at {ctx.get('mhz_per_cpu', '?')} MHz; caches: {caches}",
        f"- Compiler: {ctx.get('actmath_compiler', '?')}; flags: `{ctx.get('actmath_flags', '?')}`; SIMD: {simd}",
        f"- Contenders: actmath, {ctx.get('actmath_peers', '?')}",
        f"- Date: {ctx.get('date', '?')}; load average at start: {load_avg or '?'}",
    ]
    if args.load:
        lines.append(f"- Machine load: {args.load}")
    lines += [
        "- oneDNN is pinned to one thread, XNNPACK runs without a thread pool; oneDNN computes only f32.",
        "",
        "## At a glance",
        "",
    ]
    glance_table(best, lines)
    lines += [
        "## Targets (float, issue 4)",
        "",
        "Rows where a peer has the same operation. Target: at 4096 and 65536 elements actmath/fastest peer",
        f"<= {TARGET_RATIO} or actmath/ceiling <= {CEILING_SLACK:.2f}; at 16M, actmath/ceiling <= {CEILING_SLACK:.2f}.",
        "",
    ]
    met, total = targets_table(best, lines)
    proposals_table(best, lines)
    lines += ["## Bandwidth ceiling", ""]
    ceiling_table(best, lines)
    lines += ["## Throughput against size", ""]
    plots(best, args.img_dir, args.img_prefix, md_dir, lines)
    lines += ["## Every row", "",
              "Bold: actmath; italic: the fastest peer. oneDNN and XNNPACK have no f64; XNNPACK has no backward.",
              ""]
    for ty in ["f32", "f64"]:
        full_tables(best, labels, ty, lines)
    lines += ["## The contenders", "",
              "- **actmath**: `actmath::forward/derivative/backward/backward_from_output(f, ...)` over the whole array.",
              "- **oneDNN**: eltwise (`eltwise_logistic`, `eltwise_gelu_erf`, ...) and softmax_v2 primitives, created",
              "  outside the timed loop; backward from x (`eltwise_*`) and from y (`*_use_dst_for_bwd`).",
              "- **XNNPACK**: `xnn_create_*_nc_f32` operators, set up outside the loop, `xnn_run_operator` timed.",
              "- **Eigen**: one array expression per function (`x.logistic()`, `0.5*x*(1+(x*sqrt1_2).erf())`, ...).",
              "- **xsimd loop**: the textbook formula over `xsimd::batch` with `xsimd::exp/tanh/erf/log1p`.",
              "- **std loop**: the textbook formula over `std::exp/tanh/erf/log1p`, one element at a time.",
              "", "The sources are in `bench/`; every name is `<function>/<op>/<type>/<contender>/<n>`.", ""]
    text = "\n".join(lines)
    os.makedirs(md_dir, exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    # Print the summary, not the whole document.
    end = text.index("## Proposals") if "## Proposals" in text else text.index("## Bandwidth ceiling")
    print(text[text.index("## At a glance"):end])
    print(f"perf_report: wrote {args.out} ({met} of {total} target rows met)")


if __name__ == "__main__":
    main()
