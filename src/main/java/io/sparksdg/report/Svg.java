package io.sparksdg.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts as strings: a histogram and horizontal bars. Every chart is an {@code <svg
 * class="chart">} with one {@code <rect class="bar">} per bin or bar (a zero-height one for an
 * empty bin) carrying a {@code <title>} tooltip; colours come from the page's CSS.
 */
final class Svg {

  /** A labelled bar. */
  record Bar(String label, double value, String tooltip) {}

  private static final int HIST_WIDTH = 340;
  private static final int HIST_HEIGHT = 190;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 34;

  private static final int ROW = 22;
  private static final int LABEL = 170;
  private static final int BARS = 300;
  private static final int VALUE = 90;

  private Svg() {}

  /** A histogram on its own y scale. */
  static String histogram(Distribution d) {
    return histogram(d, 0);
  }

  /** Grid lines and labels at each tick of the y scale. */
  private static void yTicks(
      StringBuilder s, long step, long most, double plotW, double plotH, double baseline) {
    for (long t = step; step > 0 && t <= most; t += step) {
      double y = baseline - plotH * t / most;
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
              LEFT,
              y,
              LEFT + plotW,
              y));
      s.append(text(LEFT - 6, y + 4, "end", number(t)));
    }
  }

  /** A dashed line at x = 0 when the bins' range spans zero. */
  private static void zeroLine(StringBuilder s, Bins bins, double plotW, double baseline) {
    double span = bins.hi() - bins.lo();
    if (bins.lo() < 0 && bins.hi() > 0 && span > 0) {
      double x = LEFT + plotW * (0 - bins.lo()) / span;
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"zero\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"><title>0</title></line>",
              x,
              TOP,
              x,
              baseline));
    }
  }

  /**
   * A histogram of a distribution: bins on x, counts on y with a few round ticks, the range's edges
   * labelled, and a dashed line at x = 0 when the range spans zero.
   *
   * @param yMax the top of the y scale when charts share one, or 0 for the chart's own largest
   *     count
   */
  static String histogram(Distribution d, long yMax) {
    Bins bins = d.bins();
    double plotW = HIST_WIDTH - LEFT - RIGHT;
    double plotH = HIST_HEIGHT - TOP - BOTTOM;
    long largest = d.counts().stream().mapToLong(Long::longValue).max().orElse(0);
    long step = tickStep(Math.max(largest, yMax));
    // the scale's top: a whole number of ticks at or above the largest count
    long most = step == 0 ? 0 : ((Math.max(largest, yMax) + step - 1) / step) * step;
    StringBuilder s = open(HIST_WIDTH, HIST_HEIGHT, "Histogram of " + d.name());
    double baseline = TOP + plotH;
    yTicks(s, step, most, plotW, plotH, baseline);
    double bw = plotW / bins.count();
    for (int i = 0; i < bins.count(); i++) {
      long n = d.counts().get(i);
      double h = most == 0 ? 0 : plotH * n / most;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s"
                  + " %s to %s: %d</title></rect>",
              LEFT + i * bw + 0.5,
              TOP + plotH - h,
              Math.max(bw - 1, 0.5),
              h,
              Html.escape(d.name()),
              number(bins.edge(i)),
              number(bins.edge(i + 1)),
              n));
    }
    s.append(line(LEFT, baseline, LEFT + plotW, baseline));
    zeroLine(s, bins, plotW, baseline);
    s.append(line(LEFT, TOP, LEFT, baseline));
    s.append(text(LEFT, baseline + 16, "middle", number(bins.lo())));
    s.append(
        text(
            LEFT + plotW / 2,
            baseline + 16,
            "middle",
            number(bins.edge(0) + bins.count() * bins.width() / 2)));
    s.append(text(LEFT + plotW, baseline + 16, "middle", number(bins.hi())));
    s.append(text(LEFT + plotW / 2, baseline + 30, "middle", d.name()));
    s.append(text(LEFT - 6, baseline + 4, "end", "0"));
    return s.append("</svg>").toString();
  }

  /** A round step (1, 2 or 5 times a power of ten) giving at most five ticks up to {@code max}. */
  static long tickStep(long max) {
    if (max <= 0) {
      return 0;
    }
    for (long power = 1; ; power *= 10) {
      for (long m : new long[] {1, 2, 5}) {
        if (max <= 5 * m * power) {
          return m * power;
        }
      }
    }
  }

  /** Horizontal bars, one row each, scaled to the largest value, the value written after each. */
  static String bars(String title, List<Bar> bars) {
    int height = bars.size() * ROW + 8;
    int width = LABEL + BARS + VALUE;
    double most = bars.stream().mapToDouble(Bar::value).max().orElse(0);
    StringBuilder s = open(width, height, title);
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = 4 + i * ROW;
      double w = most <= 0 ? 0 : BARS * Math.max(b.value(), 0) / most;
      s.append(text(LABEL - 8, y + 15, "end", b.label()));
      s.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"bar\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"><title>%s</title></rect>",
              LABEL,
              y + 2,
              w,
              ROW - 6,
              Html.escape(b.tooltip())));
      s.append(text(LABEL + w + 6, y + 15, "start", number(b.value())));
    }
    s.append(line(LABEL, 2, LABEL, height - 2));
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(int width, int height, String title) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
            width,
            height,
            width,
            height,
            Html.escape(title),
            Html.escape(title)));
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return String.format(
        Locale.ROOT,
        "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        x1,
        y1,
        x2,
        y2);
  }

  private static String text(double x, double y, String anchor, String text) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        x,
        y,
        anchor,
        Html.escape(text));
  }

  /** A number as people read it: whole numbers without decimals, others with up to two. */
  static String number(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) x);
    }
    String s = String.format(Locale.ROOT, "%.2f", x);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
