// plots: draws every catalogued activation f and its derivative f', computed by actmath's own
// array kernels (double), as SVG text: one file per function and an overview grid.
//
//   plots [output directory, default docs/img] [x range, default 5 (plots [-5, 5])]
//   plots --kinks     prints the markdown table of docs/kinks.md: at every point of the
//                     catalogue's kink lists where f' jumps, f and f' there and f' one ulp
//                     either side (double), as the library computes them
//   plots --links     prints the image lines for docs/functions/<family>.md
//
// Writes <dir>/<function>.svg and <dir>/overview.svg.  The catalogue comes from
// tests/reference/all.hpp, so a family appears as soon as it lands.  A derivative's jump at a
// kink is drawn as a break in the curve with a dot at the value actmath returns there (the
// convention of docs/kinks.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reference/all.hpp"

namespace {

using actmath_test::entry;

// A file name from a function's name: "elu(0.5)" -> "elu_0.5".
std::string file_name(std::string const& name) {
    std::string f;
    for (char c : name) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (keep) f += c;
        else if (!f.empty() && f.back() != '_') f += '_';
    }
    while (!f.empty() && f.back() == '_') f.pop_back();
    return f;
}

// Whether f' jumps at k (the catalogue's kink lists also hold cut-offs and evaluation switches,
// where f' is continuous): f' one ulp either side of k, in double.
bool jumps(entry const& e, double k) {
    double xs[2] = {std::nextafter(k, -INFINITY), std::nextafter(k, INFINITY)}, d[2];
    e.f64.derivative_n(xs, d, 2);
    double scale = 1 + std::fmax(std::fabs(d[0]), std::fabs(d[1]));
    return std::isfinite(d[0]) && std::isfinite(d[1]) && std::fabs(d[1] - d[0]) > 1e-9 * scale;
}

struct curve {
    std::vector<double> x, f, d;
};

curve sample(entry const& e, double range, int n) {
    curve c;
    c.x.resize(n);
    c.f.resize(n);
    c.d.resize(n);
    for (int i = 0; i < n; ++i) c.x[i] = -range + 2 * range * i / (n - 1);
    e.f64.forward_n(c.x.data(), c.f.data(), c.x.size());
    e.f64.derivative_n(c.x.data(), c.d.data(), c.x.size());
    return c;
}

// A "nice" tick step (1, 2 or 5 times a power of ten) for a span.
double nice_step(double span, int ticks) {
    double raw = span / ticks;
    double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return m * p;
    return 10 * p;
}

std::string num(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f", v);
    return b;
}

std::string label(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", std::fabs(v) < 1e-12 ? 0.0 : v);
    return b;
}

// One plot of f and f' in the box (ox, oy, w, h) of an SVG: axes, grid, ticks, curves, title.
void plot(std::ostream& o, entry const& e, curve const& c, double ox, double oy, double w, double h, bool small) {
    const double range = c.x.back();
    double lo = 0, hi = 1;
    for (std::size_t i = 0; i < c.x.size(); ++i)
        for (double v : {c.f[i], c.d[i]})
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
    lo = std::max(lo, -2 * range);
    hi = std::min(hi, 2 * range);
    const double step = nice_step(hi - lo, small ? 4 : 6);
    lo = std::floor(lo / step - 0.25) * step;
    hi = std::ceil(hi / step + 0.25) * step;
    const double ml = small ? 26 : 40, mr = small ? 10 : 16, mt = small ? 22 : 30, mb = small ? 18 : 28;
    const double pw = w - ml - mr, ph = h - mt - mb;
    auto X = [&](double x) { return ox + ml + (x + range) / (2 * range) * pw; };
    auto Y = [&](double y) { return oy + mt + (hi - y) / (hi - lo) * ph; };
    const int fs = small ? 9 : 12;
    std::vector<double> kinks;
    for (actmath_test::ld k : e.s.kinks)
        if (jumps(e, double(k))) kinks.push_back(double(k));

    o << "<g font-family=\"sans-serif\" font-size=\"" << fs << "\">\n";
    o << "<rect x=\"" << num(ox + ml) << "\" y=\"" << num(oy + mt) << "\" width=\"" << num(pw) << "\" height=\""
      << num(ph) << "\" fill=\"#fbfbfb\" stroke=\"#bbb\"/>\n";
    // grid and ticks
    const double xstep = nice_step(2 * range, small ? 4 : 10);
    for (double t = std::ceil(-range / xstep) * xstep; t <= range + 1e-9; t += xstep) {
        o << "<line x1=\"" << num(X(t)) << "\" y1=\"" << num(Y(lo)) << "\" x2=\"" << num(X(t)) << "\" y2=\""
          << num(Y(hi)) << "\" stroke=\"" << (std::fabs(t) < 1e-9 ? "#888" : "#e4e4e4") << "\"/>\n";
        o << "<text x=\"" << num(X(t)) << "\" y=\"" << num(Y(lo) + fs + 2) << "\" text-anchor=\"middle\" fill=\"#555\">"
          << label(t) << "</text>\n";
    }
    for (double t = lo; t <= hi + 1e-9; t += step) {
        o << "<line x1=\"" << num(X(-range)) << "\" y1=\"" << num(Y(t)) << "\" x2=\"" << num(X(range)) << "\" y2=\""
          << num(Y(t)) << "\" stroke=\"" << (std::fabs(t) < 1e-9 ? "#888" : "#e4e4e4") << "\"/>\n";
        o << "<text x=\"" << num(X(-range) - 4) << "\" y=\"" << num(Y(t) + fs / 3.0)
          << "\" text-anchor=\"end\" fill=\"#555\">" << label(t) << "</text>\n";
    }
    // curves, broken where they jump: f' at every kink, f where f itself jumps (hardshrink);
    // a sample that falls on a kink is left to the dot
    auto f_jumps = [&](double k) {
        double xs[2] = {std::nextafter(k, -INFINITY), std::nextafter(k, INFINITY)}, f[2];
        e.f64.forward_n(xs, f, 2);
        return std::fabs(f[1] - f[0]) > 1e-9 * (1 + std::fabs(f[0]));
    };
    auto path = [&](std::vector<double> const& y, bool derivative, const char* colour, const char* dash) {
        std::vector<double> breaks;
        for (double k : kinks)
            if (derivative || f_jumps(k)) breaks.push_back(k);
        o << "<path fill=\"none\" stroke=\"" << colour << "\" stroke-width=\"" << (small ? 1.5 : 2.2) << "\""
          << dash << " d=\"";
        // segments of points in pixels; a point on the straight line between its kept
        // neighbours (within 0.05 px) is dropped, so lines cost two points
        std::vector<std::vector<std::pair<double, double>>> segs;
        bool pen = false;
        for (std::size_t i = 0; i < c.x.size(); ++i) {
            bool inside = std::isfinite(y[i]) && y[i] >= lo && y[i] <= hi;
            bool on_break = false, crossed = false;
            for (double k : breaks) {
                on_break |= c.x[i] == k;
                crossed |= i > 0 && k > c.x[i - 1] && k < c.x[i];
            }
            if (!inside || on_break || crossed) pen = false;
            if (!inside || on_break) continue;
            if (!pen) segs.emplace_back();
            segs.back().emplace_back(X(c.x[i]), Y(y[i]));
            pen = true;
        }
        for (auto const& seg : segs) {
            std::size_t last = 0;
            o << "M" << num(seg[0].first) << " " << num(seg[0].second) << " ";
            for (std::size_t i = 1; i < seg.size(); ++i) {
                if (i + 1 < seg.size()) {
                    auto a = seg[last], b = seg[i + 1], m = seg[i];
                    double dx = b.first - a.first, dy = b.second - a.second;
                    double dist = std::fabs(dy * (m.first - a.first) - dx * (m.second - a.second)) / std::hypot(dx, dy);
                    bool between = true;
                    for (std::size_t j = last + 1; j <= i && between; ++j) {
                        auto q = seg[j];
                        between = std::fabs(dy * (q.first - a.first) - dx * (q.second - a.second)) / std::hypot(dx, dy) < 0.05;
                    }
                    if (dist < 0.05 && between) continue;
                }
                o << "L" << num(seg[i].first) << " " << num(seg[i].second) << " ";
                last = i;
            }
        }
        o << "\"/>\n";
    };
    path(c.f, false, "#1f5fbf", "");
    path(c.d, true, "#d9661f", " stroke-dasharray=\"6 3\"");
    // the value returned at each kink, on the derivative
    for (double kx : kinks) {
        if (!(kx > -range && kx < range)) continue;
        double dk = 0;
        e.f64.derivative_n(&kx, &dk, 1);
        if (dk >= lo && dk <= hi)
            o << "<circle cx=\"" << num(X(kx)) << "\" cy=\"" << num(Y(dk)) << "\" r=\"" << (small ? 2.2 : 3.5)
              << "\" fill=\"#d9661f\"/>\n";
    }
    o << "<text x=\"" << num(ox + ml) << "\" y=\"" << num(oy + mt - (small ? 7 : 10)) << "\" font-weight=\"bold\" font-size=\""
      << (small ? 11 : 15) << "\">" << e.s.name << "</text>\n";
    if (!small) {
        double lx = ox + w - mr - 150, ly = oy + mt - 12;
        o << "<line x1=\"" << num(lx) << "\" y1=\"" << num(ly - 4) << "\" x2=\"" << num(lx + 24) << "\" y2=\"" << num(ly - 4)
          << "\" stroke=\"#1f5fbf\" stroke-width=\"2.2\"/><text x=\"" << num(lx + 28) << "\" y=\"" << num(ly) << "\">f(x)</text>\n";
        o << "<line x1=\"" << num(lx + 70) << "\" y1=\"" << num(ly - 4) << "\" x2=\"" << num(lx + 94) << "\" y2=\"" << num(ly - 4)
          << "\" stroke=\"#d9661f\" stroke-width=\"2.2\" stroke-dasharray=\"6 3\"/><text x=\"" << num(lx + 98) << "\" y=\""
          << num(ly) << "\">f'(x)</text>\n";
    }
    o << "</g>\n";
}

void svg_open(std::ostream& o, double w, double h, std::string const& title) {
    o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\" viewBox=\"0 0 " << w << " "
      << h << "\">\n<title>" << title << "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
}

} // namespace

void print_kinks(std::vector<entry> const& all) {
    std::printf("| function | x | f(x) | f'(x) | f' just below | f' just above |\n|---|---|---|---|---|---|\n");
    for (entry const& e : all)
        for (actmath_test::ld k : e.s.kinks) {
            if (!jumps(e, double(k))) continue;
            double x = double(k), lo = std::nextafter(x, -INFINITY), hi = std::nextafter(x, INFINITY);
            double xs[3] = {lo, x, hi}, f[3], d[3];
            e.f64.forward_n(xs, f, 3);
            e.f64.derivative_n(xs, d, 3);
            std::printf("| %s | %.17g | %.17g | %.17g | %.17g | %.17g |\n", e.s.name.c_str(), x, f[1], d[1], d[0], d[2]);
        }
}

void print_links(std::vector<entry> const& all) {
    std::string family;
    for (entry const& e : all) {
        if (e.family != family) {
            family = e.family;
            std::printf("\ndocs/functions/%s.md:\n", family.c_str());
        }
        std::printf("![%s and its derivative](../img/%s.svg)\n", e.s.name.c_str(), file_name(e.s.name).c_str());
    }
}

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--kinks") {
        print_kinks(actmath_test::all_entries());
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "--links") {
        print_links(actmath_test::all_entries());
        return 0;
    }
    const std::string dir = argc > 1 ? argv[1] : "docs/img";
    const double range = argc > 2 ? std::atof(argv[2]) : 5.0;
    std::vector<std::string> families;
    auto all = actmath_test::all_entries(&families);
    const int n = 801;

    for (entry const& e : all) {
        const std::string file = dir + "/" + file_name(e.s.name) + ".svg";
        std::ofstream o(file);
        if (!o) {
            std::fprintf(stderr, "plots: cannot write %s (does the directory exist?)\n", file.c_str());
            return 1;
        }
        svg_open(o, 520, 340, e.s.name + ": f and f' computed by actmath");
        plot(o, e, sample(e, range, n), 0, 0, 520, 340, false);
        o << "</svg>\n";
        std::printf("%s\n", file.c_str());
    }

    const int cols = 5, cw = 230, ch = 170;
    const int rows = int((all.size() + cols - 1) / cols);
    std::ofstream o(dir + "/overview.svg");
    svg_open(o, cols * cw, rows * ch + 30, "actmath: every activation and its derivative");
    o << "<g font-family=\"sans-serif\" font-size=\"12\"><line x1=\"10\" y1=\"15\" x2=\"34\" y2=\"15\" stroke=\"#1f5fbf\" "
         "stroke-width=\"2\"/><text x=\"38\" y=\"19\">f(x)</text><line x1=\"80\" y1=\"15\" x2=\"104\" y2=\"15\" "
         "stroke=\"#d9661f\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/><text x=\"108\" y=\"19\">f'(x), x in ["
      << label(-range) << ", " << label(range) << "]; a dot marks the value at a kink</text></g>\n";
    for (std::size_t i = 0; i < all.size(); ++i)
        plot(o, all[i], sample(all[i], range, 401), double(i % cols) * cw, 30 + double(i / cols) * ch, cw, ch, true);
    o << "</svg>\n";
    std::printf("%s/overview.svg: %zu functions from %zu families\n", dir.c_str(), all.size(), families.size());
    return 0;
}
