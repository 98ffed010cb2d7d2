using System.Globalization;
using MarketShock.Market;
using MarketShock.Pages;
using SkiaSharp;

namespace MarketShock.Cards;

/// <summary>
/// The share card of a comparison: the events' lines aligned on day 0 in the page's colours, and beside the chart each event with its
/// day-0 change, its change by the last day drawn and, when there is room, what happened.
/// </summary>
internal static class CompareCard
{
    /// <summary>Raised when the drawing changes, so that every cached card is drawn again.</summary>
    private const string DrawingVersion = "1";

    /// <summary>Events up to this many get a row tall enough for their label.</summary>
    private const int LabelledRows = 4;

    /// <summary>The compare page's line colours in the light scheme (site.css --compare-1 … --compare-8), in order.</summary>
    public static readonly SKColor[] Palette =
    [
        new(0x0B, 0x5C, 0xAD), new(0xC6, 0x28, 0x28), new(0x2E, 0x7D, 0x32), new(0x6B, 0x4F, 0xC8),
        new(0xA8, 0x54, 0x00), new(0x00, 0x73, 0x7D), new(0xAD, 0x14, 0x57), new(0x5D, 0x40, 0x37),
    ];

    /// <param name="Title">"NVDA 27 Jan 2025" (the page's label of a line).</param>
    /// <param name="Last">The last day drawn: +60, or earlier when the data ends before.</param>
    public sealed record Line(string Title, string? Label, IReadOnlyList<int> Days, IReadOnlyList<double> CumulativePct, double DayZero, int Last, double AtLast);

    public sealed record Content(IReadOnlyList<Line> Lines)
    {
        public string Version { get; } = CardCanvas.Version(DrawingVersion, Lines.Select(l => string.Join("|", l.Title, l.Label ?? "",
            string.Join(",", l.Days.Zip(l.CumulativePct, (d, v) => d + ":" + v.ToString("R", CultureInfo.InvariantCulture))))));
    }

    public static Content From(IReadOnlyList<Compare.Line> lines) => new([.. lines.Select(l =>
        new Line(CompareModel.Label(l), l.Label?.Label, l.Days, l.CumulativePct, l.At(0) ?? 0, l.Days[^1], l.CumulativePct[^1]))]);

    public static byte[] Render(Content card)
    {
        using var c = new CardCanvas();
        const float left = CardCanvas.Margin, right = CardCanvas.Width - CardCanvas.Margin;
        c.Band(Math.Sign(card.Lines.Min(l => l.DayZero)));

        var title = card.Lines.Count == 1 ? "One shock, day by day" : $"{card.Lines.Count} shocks aligned on day 0";
        c.Text(title, left, 88, 46, CardCanvas.Ink, bold: true, maxWidth: 640);
        c.Text($"{Compare.DaysBefore} trading days before to {Compare.DaysAfter} after", right, 86, 28, CardCanvas.Muted, align: SKTextAlign.Right,
            maxWidth: 400);

        const float legendLeft = 660;
        Chart(c, card.Lines, new SKRect(left + 96, 140, legendLeft - 40, 520));
        Legend(c, card.Lines, legendLeft, right, 140, 548);

        c.Line(left, 568, right, 568, CardCanvas.Rule);
        c.Text("MarketShock", left, 608, 34, CardCanvas.Accent, bold: true);
        c.Text("Change from the close before day 0", right, 606, 26, CardCanvas.Muted, align: SKTextAlign.Right, maxWidth: 700);
        return c.Png();
    }

    private static void Chart(CardCanvas c, IReadOnlyList<Line> lines, SKRect box)
    {
        var values = lines.SelectMany(l => l.CumulativePct).Append(0).ToList();
        var (min, max) = (values.Min(), values.Max());
        var span = max - min <= 0 ? 1 : max - min;
        float X(int day) => box.Left + box.Width * (day + Compare.DaysBefore) / (Compare.DaysBefore + Compare.DaysAfter);
        float Y(double v) => (float)(box.Bottom - box.Height * (v - min) / span);

        // The scale at the top, zero and the bottom, so that a fall is read against its size; day 0 marked under the axis.
        c.Line(box.Left, Y(0), box.Right, Y(0), CardCanvas.Muted);
        c.Line(X(0), box.Top, X(0), box.Bottom, CardCanvas.Rule, 3);
        foreach (var v in new[] { max, 0, min }.Distinct())
            c.Text(Display.Percent(v, 0), box.Left - 14, Y(v) + 10, 26, CardCanvas.Muted, align: SKTextAlign.Right, maxWidth: 110);
        c.Text("day 0", X(0), box.Bottom + 32, 24, CardCanvas.Muted, align: SKTextAlign.Center);
        c.Text("+" + Compare.DaysAfter, box.Right, box.Bottom + 32, 24, CardCanvas.Muted, align: SKTextAlign.Right);

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            using var builder = new SKPathBuilder();
            builder.AddPoly([.. line.Days.Zip(line.CumulativePct, (d, v) => new SKPoint(X(d), Y(v)))], close: false);
            using var path = builder.Snapshot();
            using var stroke = new SKPaint
            {
                Color = Palette[i % Palette.Length], IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 5, StrokeJoin = SKStrokeJoin.Round,
                // Every other line dashed, as on the page, so that colour is not the only way to tell them apart.
                PathEffect = i % 2 == 1 ? SKPathEffect.CreateDash([18, 9], 0) : null,
            };
            c.Canvas.DrawPath(path, stroke);
        }
    }

    /// <summary>
    /// One row per event: a swatch and its title, then "day 0 −16.97% · day +60 −27.98%" and its label when few events leave room; with
    /// more events, one line each with the day-0 change, large enough to read at a chat client's width.
    /// </summary>
    private static void Legend(CardCanvas c, IReadOnlyList<Line> lines, float left, float right, float top, float bottom)
    {
        var textLeft = left + 40;
        var width = right - textLeft;
        if (lines.Count > LabelledRows)
        {
            var rowHeight = (bottom - top) / lines.Count;
            var size = Math.Min(32, rowHeight * 0.62f);
            for (var i = 0; i < lines.Count; i++)
            {
                var (line, y) = (lines[i], top + rowHeight * i + size);
                Swatch(c, i, left, y, size);
                var change = Display.Percent(line.DayZero);
                var changeWidth = c.Text(change, right, y, size, CardCanvas.ToneColour(Math.Sign(Math.Round(line.DayZero, 2))), bold: true,
                    align: SKTextAlign.Right);
                c.Text(line.Title, textLeft, y, size, CardCanvas.Ink, bold: true, maxWidth: width - changeWidth - 16);
            }
            return;
        }
        var labelled = lines.Any(l => l.Label is not null);
        var row = Math.Min(labelled ? 118 : 96, (bottom - top) / lines.Count);
        var (titleSize, detailSize) = (Math.Min(34, row * 0.38f), Math.Min(28, row * 0.3f));
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, y) = (lines[i], top + row * i + titleSize);
            Swatch(c, i, left, y, titleSize);
            c.Text(line.Title, textLeft, y, titleSize, CardCanvas.Ink, bold: true, maxWidth: width);
            var detail = $"day 0 {Display.Percent(line.DayZero)} · day {(line.Last > 0 ? "+" : "")}{line.Last} {Display.Percent(line.AtLast)}";
            c.Text(detail, textLeft, y + detailSize * 1.2f, detailSize, CardCanvas.ToneColour(Math.Sign(Math.Round(line.DayZero, 2))), bold: true,
                maxWidth: width);
            if (line.Label is not null)
                c.Text(CardCanvas.Wrap(line.Label, detailSize * 0.85f, bold: false, width, 1)[0], textLeft, y + detailSize * 2.3f,
                    detailSize * 0.85f, CardCanvas.Muted, maxWidth: width);
        }
    }

    private static void Swatch(CardCanvas c, int line, float left, float baseline, float size)
    {
        using var swatch = new SKPaint { Color = Palette[line % Palette.Length], IsAntialias = true };
        c.Canvas.DrawRoundRect(new SKRect(left, baseline - size * 0.75f, left + 28, baseline), 4, 4, swatch);
    }
}
