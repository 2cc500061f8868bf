package network.pot.cli.experiment;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts for the experiments' reports, drawn headless with JFreeChart. */
final class Charts {
  static final int WIDTH = 900;
  static final int HEIGHT = 560;

  /** A series of a line chart: its name, x values and y values (read only, never compared). */
  @SuppressWarnings("ArrayRecordComponent")
  record Line(String name, double[] x, double[] y, boolean dashed) {}

  /** Distinct colours that stay readable on white. */
  private static final Color[] PALETTE = {
    new Color(31, 119, 180),
    new Color(255, 127, 14),
    new Color(44, 160, 44),
    new Color(214, 39, 40),
    new Color(148, 103, 189),
    new Color(140, 86, 75)
  };

  private Charts() {}

  /** Draws lines into {@code file}; the y axis starts where the data do. */
  static void lines(Path file, String title, String xLabel, String yLabel, List<Line> lines)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Line l : lines) {
      XYSeries s = new XYSeries(l.name(), false, true);
      for (int i = 0; i < l.x().length; i++) {
        s.add(l.x()[i], l.y()[i]);
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(
          i,
          lines.get(i).dashed()
              ? new BasicStroke(
                  2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {6f, 4f}, 0f)
              : new BasicStroke(2f));
    }
    plot.setRenderer(r);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    plot.getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /**
   * Draws grouped bars into {@code file}: for each category (outer key, in order) one bar per
   * series (inner key, in order), on a logarithmic axis.
   */
  static void logBars(
      Path file,
      String title,
      String categoryLabel,
      String valueLabel,
      Map<String, Map<String, Double>> values)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach(
        (category, bars) -> bars.forEach((series, v) -> data.addValue(v, series, category)));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, categoryLabel, valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    LogAxis axis = new LogAxis(valueLabel);
    axis.setBase(10);
    axis.setSmallestValue(1);
    plot.setRangeAxis(axis);
    for (int i = 0; i < data.getRowCount(); i++) {
      plot.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
