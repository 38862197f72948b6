package dev.backplane.console.charts;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ticks of a value axis from zero: 3 to 6 steps of 1, 2, 2.5 or 5 times a power of ten, so a
 * highest value of 0.9 reads 0, 0.2 ... 1, one of 3 reads 0, 1, 2, 3 and one of 9,300 reads 0,
 * 2,000 ... 10,000: each label with as many decimals as its step needs, no two alike.
 */
record Ticks(double step, int count) {

  private static final double[] STEPS = {1, 2, 2.5, 5};

  /** Ticks from zero to at least {@code highest} (to 1 when there is nothing above zero). */
  static Ticks upTo(double highest) {
    double top = highest > 0 && Double.isFinite(highest) ? highest : 1;
    double rough = top / 5;
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (int exponent = 0; exponent < 2; exponent++) {
      for (double multiple : STEPS) {
        double step = multiple * power * Math.pow(10, exponent);
        int count = (int) Math.ceil(top / step - 1e-9);
        if (count <= 5) {
          return new Ticks(step, Math.max(count, 1));
        }
      }
    }
    return new Ticks(10 * power, (int) Math.ceil(top / (10 * power)));
  }

  /** The top of the axis. */
  double max() {
    return step * count;
  }

  List<Double> values() {
    var values = new ArrayList<Double>();
    for (int i = 0; i <= count; i++) {
      values.add(step * i);
    }
    return values;
  }

  /** A tick's label, with at most the decimals its step needs (0.25 steps: two), none trailing. */
  String label(double value) {
    int decimals = Math.max(0, BigDecimal.valueOf(step).stripTrailingZeros().scale());
    var format = formatter(decimals);
    format.setMinimumFractionDigits(0);
    return format.format(value);
  }

  /** A value as a tooltip shows it: grouped thousands, at most two decimals. */
  static String plain(double value) {
    return formatter(Math.abs(value) >= 100 || value == Math.rint(value) ? 0 : 2).format(value);
  }

  private static DecimalFormat formatter(int decimals) {
    var format = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    format.setMinimumFractionDigits(decimals);
    format.setMaximumFractionDigits(decimals);
    return format;
  }
}
