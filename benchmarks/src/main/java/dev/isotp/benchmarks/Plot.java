package dev.isotp.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as one SVG, written by hand: throughput and latency per peer (bars), throughput against PDU size and
 * against concurrent channel pairs (lines), with date, machine and kernel underneath.
 */
final class Plot {
    private static final String[] COLORS = {"#444444", "#999999", "#1f77b4", "#6baed6", "#17becf", "#ff7f0e", "#2ca02c", "#9467bd"};
    private static final int WIDTH = 1040;
    private static final int PANEL_W = 500;
    private static final int PANEL_H = 300;

    private final Results results;
    private final Map<String, String> env;
    private final List<String> peers;
    private final StringBuilder svg = new StringBuilder();

    Plot(Results results, Map<String, String> env) {
        this.results = results;
        this.env = env;
        this.peers = results.peers();
    }

    String svg() {
        int height = 2 * PANEL_H + 200;
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", WIDTH, height));
        text(WIDTH / 2.0, 24, "isotp-channels: ISO-TP over vcan0, side by side with C, Python and JavaCAN", "middle", 16, "bold");
        legend(40);
        String tput = "tput:" + Results.HEADLINE_SIZE;
        bars(20, 70, "Throughput, 7-byte PDUs (PDU/s; ratio to C)", p -> results.throughput(p, Results.HEADLINE_SIZE),
                null, p -> results.ratioToC(p, tput, Results.RATE));
        bars(520, 70, "Round trip 8 B -> 64 B (µs): median, p99 light", results::latencyMedian, results::latencyP99,
                p -> results.ratioToC(p, BenchMain.LATENCY, Results.LAT_MEDIAN));
        lines(20, 70 + PANEL_H + 20, "Throughput against PDU size (payload MB/s, log-log)", true);
        lines(520, 70 + PANEL_H + 20, "Concurrent channel pairs (total PDU/s)", false);
        double y = 2 * PANEL_H + 115;
        for (String key : new String[] {"date", "host", "VM", "kernel", "Java"}) {
            if (env.containsKey(key)) {
                text(20, y, key + ": " + env.get(key), "start", 11, "normal");
                y += 15;
            }
        }
        text(20, y + 4, "Emulation (QEMU TCG) slows all absolute numbers many times; compare the ratios between peers of one run.",
                "start", 11, "bold");
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void legend(double y) {
        double x = 20;
        for (int i = 0; i < peers.size(); i++) {
            String peer = peers.get(i);
            rect(x, y - 10, 12, 12, color(peer), 1);
            text(x + 16, y, peer, "start", 12, "normal");
            x += 24 + peer.length() * 7.2;
        }
    }

    private void bars(double x0, double y0, String title, java.util.function.ToDoubleFunction<String> value,
            java.util.function.ToDoubleFunction<String> second, java.util.function.ToDoubleFunction<String> ratioToC) {
        text(x0 + PANEL_W / 2.0, y0 + 12, title, "middle", 13, "bold");
        double left = x0 + 60;
        double top = y0 + 30;
        double h = PANEL_H - 80;
        double w = PANEL_W - 80;
        double max = 0;
        for (String p : peers) {
            max = Math.max(max, finite(value.applyAsDouble(p)));
            if (second != null) {
                max = Math.max(max, finite(second.applyAsDouble(p)));
            }
        }
        if (max <= 0) {
            return;
        }
        double scale = niceCeiling(max);
        axisY(left, top, h, w, 0, scale, false);
        double slot = w / Math.max(1, peers.size());
        for (int i = 0; i < peers.size(); i++) {
            String p = peers.get(i);
            double bx = left + i * slot + slot * 0.15;
            double bw = slot * 0.7;
            if (second != null) {
                double s = finite(second.applyAsDouble(p));
                rect(bx, top + h - h * s / scale, bw, h * s / scale, color(p), 0.35);
            }
            double v = finite(value.applyAsDouble(p));
            rect(bx, top + h - h * v / scale, bw, h * v / scale, color(p), 1);
            String label = Results.number(value.applyAsDouble(p));
            double r = ratioToC.applyAsDouble(p);
            if (!Double.isNaN(r)) {
                label += " (" + Results.ratio(r) + ")";
            }
            text(bx + bw / 2, top + h - h * v / scale - 4, label, "middle", 10, "normal");
            text(bx + bw / 2, top + h + 14, shortName(p), "middle", 10, "normal");
        }
        text(x0 + PANEL_W / 2.0, top + h + 30, "(ratio to C in brackets: median of the ratios paired in time)", "middle", 10, "normal");
    }

    private void lines(double x0, double y0, String title, boolean bySize) {
        text(x0 + PANEL_W / 2.0, y0 + 12, title, "middle", 13, "bold");
        double left = x0 + 60;
        double top = y0 + 30;
        double h = PANEL_H - 80;
        double w = PANEL_W - 80;
        List<double[]> xs = new ArrayList<>();
        if (bySize) {
            for (int s : results.sizes()) {
                xs.add(new double[] {s});
            }
        } else {
            for (int n : BenchMain.PAIRS) {
                xs.add(new double[] {n});
            }
        }
        double max = 0;
        double min = Double.MAX_VALUE;
        for (String p : peers) {
            for (double[] x : xs) {
                double v = y(p, x[0], bySize);
                if (v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max <= 0) {
            return;
        }
        double lo;
        double hi;
        if (bySize) {
            lo = Math.pow(10, Math.floor(Math.log10(min)));
            hi = Math.pow(10, Math.ceil(Math.log10(max)));
            axisY(left, top, h, w, lo, hi, true);
        } else {
            lo = 0;
            hi = niceCeiling(max);
            axisY(left, top, h, w, lo, hi, false);
        }
        double xmin = Math.log(xs.get(0)[0]);
        double xmax = Math.log(xs.get(xs.size() - 1)[0]);
        for (double[] x : xs) {
            double px = left + w * (Math.log(x[0]) - xmin) / (xmax - xmin);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    px, top, px, top + h));
            text(px, top + h + 14, bySize ? sizeLabel((int) x[0]) : Integer.toString((int) x[0]), "middle", 10, "normal");
        }
        text(left + w / 2, top + h + 30, bySize ? "PDU size (bytes)" : "pairs (threads), " + results.pairsSize() + "-byte PDUs", "middle", 10, "normal");
        for (String p : peers) {
            StringBuilder path = new StringBuilder();
            for (double[] x : xs) {
                double v = y(p, x[0], bySize);
                if (!(v > 0)) {
                    continue;
                }
                double px = left + w * (Math.log(x[0]) - xmin) / (xmax - xmin);
                double py = bySize ? top + h - h * (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
                        : top + h - h * (v - lo) / (hi - lo);
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", px, py));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n", px, py, color(p)));
            }
            if (path.length() > 0) {
                svg.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color(p))
                        .append("\" stroke-width=\"1.5\"/>\n");
            }
        }
    }

    private double y(String peer, double x, boolean bySize) {
        return bySize ? results.throughput(peer, (int) x) * x / 1e6 : results.pairs(peer, (int) x);
    }

    private void axisY(double left, double top, double h, double w, double lo, double hi, boolean log) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
                left, top, left, top + h));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>\n",
                left, top + h, left + w, top + h));
        List<Double> ticks = new ArrayList<>();
        if (log) {
            for (double t = lo; t <= hi * 1.0001; t *= 10) {
                ticks.add(t);
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                ticks.add(lo + (hi - lo) * i / 4);
            }
        }
        for (double t : ticks) {
            double py = log ? top + h - h * (Math.log(t) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))
                    : top + h - h * (t - lo) / (hi - lo);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                    left, py, left + w, py));
            text(left - 4, py + 4, tick(t), "end", 10, "normal");
        }
    }

    private static String tick(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.3gk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String sizeLabel(int size) {
        return size >= 1024 && size % 1024 == 0 ? size / 1024 + "K" : Integer.toString(size);
    }

    private static double niceCeiling(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? 0 : v;
    }

    private String color(String peer) {
        int i = Results.PEERS.indexOf(peer);
        return COLORS[(i < 0 ? peers.indexOf(peer) : i) % COLORS.length];
    }

    private static String shortName(String peer) {
        return peer.replace("IsoTpSocket ", "");
    }

    private void rect(double x, double y, double w, double h, String fill, double opacity) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
                + "fill-opacity=\"%.2f\"/>\n", x, y, Math.max(0, w), Math.max(0, h), fill, opacity));
    }

    private void text(double x, double y, String s, String anchor, int size, String weight) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "font-weight=\"%s\">", x, y, anchor, size, weight)).append(escape(s)).append("</text>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
