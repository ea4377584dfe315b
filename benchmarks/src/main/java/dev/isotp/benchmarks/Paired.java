package dev.isotp.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Ratios paired in time. On a shared, emulated host the speed of the whole machine changes from one second to the
 * next (the C peer alone was seen at 81,015, 20,323 and 24,509 PDU/s in three rounds of one run), so a peer's figure
 * is only compared with the reference's (C's) measured right beside it: the peers run in short slices, the reference
 * between every two others (C, X, C, Y, C, ...), and each slice of a peer gives one ratio, its figure over the mean of
 * the reference slices just before and just after it. The reported figure is the median of those ratios, with the
 * interquartile range and the extremes.
 *
 * <p>Every ratio counts: on a host whose speed changes within a second, the two reference slices around a slice often
 * disagree (their disagreement is counted as "wide" and reported), and the median over many ratios is what stays
 * put. A summary is marked unsteady (and not used to judge a goal) when its interquartile range spans more than
 * {@link #UNSTEADY}, or when it has fewer than {@link #MIN_RATIOS} ratios.
 */
final class Paired {
    /** Two figures that disagree by more than this factor: a wide pair of reference slices, an unsteady summary. */
    static final double UNSTEADY = 1.5;
    /** A summary of fewer ratios than this is marked unsteady. */
    static final int MIN_RATIOS = 3;

    private Paired() {
    }

    /** One slice: a peer running one task for a short window; cycle and slot give its place in time. */
    record Slice(String task, int cycle, int slot, String peer, Results.Sample sample) {
    }

    /** One slice's figure over the mean of its reference neighbours' ({@code flanks}: their larger over smaller). */
    record Ratio(String task, int cycle, int slot, String peer, double value, double flanks) {
        /** The two reference slices around it disagree by more than {@link #UNSTEADY}. */
        boolean wide() {
            return flanks > UNSTEADY;
        }
    }

    /**
     * The ratio of every slice of a peer other than {@code reference}, in the order of {@code slices} (time order): its
     * figure over the mean of the figures of the nearest reference slices of the same task before and after it within
     * the same cycle; where there is only one of them (at an end), that one, with flanks 1. A slice with no
     * reference slice in its cycle gives no ratio.
     */
    static List<Ratio> ratios(List<Slice> slices, String reference, ToDoubleFunction<Results.Sample> figure) {
        List<Ratio> ratios = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            Slice s = slices.get(i);
            if (s.peer().equals(reference)) {
                continue;
            }
            double before = neighbour(slices, i, -1, reference, figure);
            double after = neighbour(slices, i, +1, reference, figure);
            double ref;
            double flanks;
            if (!Double.isNaN(before) && !Double.isNaN(after)) {
                ref = (before + after) / 2;
                flanks = Math.max(before, after) / Math.min(before, after);
            } else if (!Double.isNaN(before) || !Double.isNaN(after)) {
                ref = Double.isNaN(before) ? after : before;
                flanks = 1;
            } else {
                continue;
            }
            ratios.add(new Ratio(s.task(), s.cycle(), s.slot(), s.peer(), figure.applyAsDouble(s.sample()) / ref, flanks));
        }
        return ratios;
    }

    private static double neighbour(List<Slice> slices, int from, int step, String reference,
            ToDoubleFunction<Results.Sample> figure) {
        Slice s = slices.get(from);
        for (int j = from + step; j >= 0 && j < slices.size(); j += step) {
            Slice n = slices.get(j);
            if (n.cycle() != s.cycle() || !n.task().equals(s.task())) {
                continue;
            }
            if (n.peer().equals(reference)) {
                return figure.applyAsDouble(n.sample());
            }
        }
        return Double.NaN;
    }

    /**
     * Per cycle, the quotient of two peers' ratios to the reference (e.g. a Java path's over JavaCAN's): both were
     * paired with the reference within the same cycle, seconds apart. Only cycles where both have a ratio count;
     * where a peer has several slices in a cycle, their mean ratio.
     */
    static List<Double> quotients(List<Ratio> ratios, String peer, String other) {
        Map<Integer, double[]> mine = perCycle(ratios, peer);
        Map<Integer, double[]> theirs = perCycle(ratios, other);
        List<Double> q = new ArrayList<>();
        for (Map.Entry<Integer, double[]> e : mine.entrySet()) {
            double[] t = theirs.get(e.getKey());
            if (t != null) {
                q.add((e.getValue()[0] / e.getValue()[1]) / (t[0] / t[1]));
            }
        }
        return q;
    }

    private static Map<Integer, double[]> perCycle(List<Ratio> ratios, String peer) {
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (Ratio r : ratios) {
            if (r.peer().equals(peer)) {
                double[] s = sums.computeIfAbsent(r.cycle(), k -> new double[2]);
                s[0] += r.value();
                s[1]++;
            }
        }
        return sums;
    }

    /** The ratios of one peer, summarized; {@code wide} counts those whose reference slices disagreed. */
    static Summary summarize(List<Ratio> ratios, String peer) {
        List<Double> values = new ArrayList<>();
        int wide = 0;
        for (Ratio r : ratios) {
            if (r.peer().equals(peer)) {
                values.add(r.value());
                wide += r.wide() ? 1 : 0;
            }
        }
        return summarize(values, wide);
    }

    /** Median, quartiles and extremes of the values (NaN left out); {@code wide}: see {@link Summary}. */
    static Summary summarize(List<Double> values, int wide) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) {
            return new Summary(0, wide, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(v.length, wide, quantile(v, 0.5), quantile(v, 0.25), quantile(v, 0.75), v[0], v[v.length - 1]);
    }

    /**
     * The p-quantile of sorted values, interpolated linearly between the two nearest order statistics (position
     * (n - 1) p, counted from 0: the default of R, NumPy and spreadsheets).
     */
    static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /**
     * Median, quartiles and extremes of {@code n} values; {@code wide}: of how many ratios the two reference slices
     * disagreed by more than {@link #UNSTEADY} (information on the host's noise; they count like the others), -1
     * where that does not apply (quotients, absolute figures, rounds).
     */
    record Summary(int n, int wide, double median, double q1, double q3, double min, double max) {
        /** Fewer than {@link #MIN_RATIOS} values, or an interquartile range wider than {@link #UNSTEADY}. */
        boolean unsteady() {
            return n < MIN_RATIOS || q3 / q1 > UNSTEADY;
        }

        /** e.g. {@code 0.71 (IQR 0.66-0.75; 0.52-0.80; n 10, 3 wide)}, with a trailing {@code ⚠} when unsteady. */
        String format() {
            if (n == 0) {
                return "-";
            }
            return String.format(Locale.ROOT, "%.2f (IQR %.2f-%.2f; %.2f-%.2f; n %d%s)%s", median, q1, q3, min, max, n,
                    wide < 0 ? "" : ", " + wide + " wide", unsteady() ? " ⚠" : "");
        }

        /** The median alone, with the mark when unsteady. */
        String brief() {
            return n == 0 ? "-" : String.format(Locale.ROOT, "%.2f%s", median, unsteady() ? " ⚠" : "");
        }
    }

    /** The values of one figure over the given samples (e.g. every slice's rate), summarized. */
    static Summary ofSamples(List<Results.Sample> samples, ToDoubleFunction<Results.Sample> figure) {
        List<Double> v = new ArrayList<>();
        samples.forEach(s -> v.add(figure.applyAsDouble(s)));
        return summarize(v, -1);
    }
}
