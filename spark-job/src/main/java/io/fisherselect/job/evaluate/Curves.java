package io.fisherselect.job.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning curves of an {@code evaluate} run and their statistics over seeds: per method and
 * round the mean and a 95% t-interval (mean ± t₀.₉₇₅,S−1 · s/√S; none with one seed), and per
 * method the normalised area under each seed's curve (trapezoid over the number of labels,
 * divided by the labels' range: the curve's mean height over the labeling budget).
 */
public final class Curves {
    /** One measurement: test accuracy and mean log-loss of the last layer fitted on {@code labels} items. */
    public record Point(String method, long seed, int round, long labels, double accuracy, double logLoss) {
    }

    /** Mean and 95% band over seeds; lo = hi = mean with one seed. */
    public record Band(double mean, double lo, double hi, int n) {
    }

    /** One method's summary at one round. */
    public record RoundSummary(String method, int round, long labels, Band accuracy, Band logLoss) {
    }

    /** One method's summary over the run: final values and areas under the curves. */
    public record MethodSummary(String method, Band finalAccuracy, Band finalLogLoss, Band accuracyArea,
                                Band logLossArea) {
    }

    private final List<Point> points = new ArrayList<>();

    public void add(Point p) {
        points.add(p);
    }

    public List<Point> points() {
        return List.copyOf(points);
    }

    /** The points of one method and seed, by round. */
    public List<Point> curve(String method, long seed) {
        return points.stream().filter(p -> p.method().equals(method) && p.seed() == seed)
                .sorted((a, b) -> Integer.compare(a.round(), b.round())).toList();
    }

    /** Per round summaries of {@code method} (rounds where every seed has a point). */
    public List<RoundSummary> rounds(String method) {
        Map<Integer, List<Point>> byRound = new LinkedHashMap<>();
        points.stream().filter(p -> p.method().equals(method)).sorted((a, b) -> Integer.compare(a.round(), b.round()))
                .forEach(p -> byRound.computeIfAbsent(p.round(), r -> new ArrayList<>()).add(p));
        List<RoundSummary> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Point>> e : byRound.entrySet()) {
            List<Point> ps = e.getValue();
            out.add(new RoundSummary(method, e.getKey(), ps.get(0).labels(),
                    band(ps.stream().mapToDouble(Point::accuracy).toArray()),
                    band(ps.stream().mapToDouble(Point::logLoss).toArray())));
        }
        return out;
    }

    /** Final values and areas of {@code method} over {@code seeds}. */
    public MethodSummary summary(String method, List<Long> seeds) {
        double[] finalAcc = new double[seeds.size()];
        double[] finalLoss = new double[seeds.size()];
        double[] accArea = new double[seeds.size()];
        double[] lossArea = new double[seeds.size()];
        for (int i = 0; i < seeds.size(); i++) {
            List<Point> c = curve(method, seeds.get(i));
            double[] x = c.stream().mapToDouble(Point::labels).toArray();
            finalAcc[i] = c.get(c.size() - 1).accuracy();
            finalLoss[i] = c.get(c.size() - 1).logLoss();
            accArea[i] = area(x, c.stream().mapToDouble(Point::accuracy).toArray());
            lossArea[i] = area(x, c.stream().mapToDouble(Point::logLoss).toArray());
        }
        return new MethodSummary(method, band(finalAcc), band(finalLoss), band(accArea), band(lossArea));
    }

    /** Trapezoid area under y(x) divided by x's range (the mean height); y₀ for a single point. */
    public static double area(double[] x, double[] y) {
        if (x.length == 1) {
            return y[0];
        }
        double a = 0;
        for (int i = 1; i < x.length; i++) {
            a += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }
        return a / (x[x.length - 1] - x[0]);
    }

    /** Mean and 95% t-interval of {@code v}. */
    public static Band band(double[] v) {
        int n = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x / n;
        }
        if (n < 2) {
            return new Band(mean, mean, mean, n);
        }
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double half = t975(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new Band(mean, mean - half, mean + half, n);
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (table to 30, then Cornish–Fisher). */
    public static double t975(int df) {
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
    }
}
