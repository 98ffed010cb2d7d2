using System.Globalization;
using MarketShock.Market;
using MarketShock.Pages;
using SkiaSharp;

namespace MarketShock.Cards;

/// <summary>The share card of a market day: the total ΔM large, the change, decliners and advancers, and the largest moves as bars.</summary>
internal static class MarketDayCard
{
    public const int Bars = 8;

    /// <summary>Raised when the drawing changes, so that every cached card is drawn again.</summary>
    private const string DrawingVersion = "3";

    public sealed record Bar(string Ticker, double MarketCapChange);

    /// <param name="Figure">The total ΔM, or a dash when no company with a market cap moved.</param>
    /// <param name="Breadth">"12 of 16 fell · 4 rose".</param>
    /// <param name="Bars">The largest moves by size, the largest loss first.</param>
    /// <param name="Label">What happened that day to the market (its event label).</param>
    public sealed record Content(string Date, string Figure, string Detail, string Breadth, int Tone, bool Approximate, IReadOnlyList<Bar> Bars,
        string? Label = null)
    {
        public string Version { get; } = CardCanvas.Version(DrawingVersion, Date, Figure, Detail, Breadth, Tone, Approximate, Label ?? "",
            string.Join(",", Bars.Select(b => b.Ticker + ":" + b.MarketCapChange.ToString("R", CultureInfo.InvariantCulture))));
    }

    public static Content From(MarketDays.Day day)
    {
        var market = day.Market;
        // The largest moves are among the largest losses and gains the day lists.
        var bars = day.Moves.Moves.Where(m => m.InTotals).OrderByDescending(m => Math.Abs(m.MarketCapChange!.Value)).Take(Bars)
            .OrderBy(m => m.MarketCapChange).Select(m => new Bar(m.Ticker, (double)m.MarketCapChange!.Value)).ToList();
        if (market is null)
            return new Content(Display.Day(day.Date), "—", "No total", $"{Display.Count(day.Moves.Count)} companies priced", 0, false, bars, day.Label?.Label);
        var pct = Math.Round(market.ChangePct, 1);
        var arrow = pct < 0 ? "▼ " : pct > 0 ? "▲ " : "";
        return new Content(Display.Day(day.Date), Display.Money(market.MarketCapChange, withSign: true), arrow + Display.Percent(market.ChangePct, 1),
            $"{Display.Count(market.Decliners)} of {Display.Count(market.Companies)} fell · {Display.Count(market.Advancers)} rose",
            Math.Sign(market.MarketCapChange), market.Approximate, bars, day.Label?.Label);
    }

    public static byte[] Render(Content card)
    {
        using var c = new CardCanvas();
        const float left = CardCanvas.Margin, right = CardCanvas.Width - CardCanvas.Margin;
        var tone = c.Band(card.Tone);

        c.Text("The market on " + card.Date, left, 88, 46, CardCanvas.Ink, bold: true);
        var layout = CardCanvas.Layout.For(card.Label);
        c.Text(card.Figure, left, layout.FigureY, layout.FigureSize, tone, bold: true);
        var detailWidth = c.Text(card.Detail, left, layout.DetailY, layout.DetailSize, tone, bold: true);
        c.Text(card.Breadth, left + detailWidth + 36, layout.DetailY, layout.DetailSize * 0.85f, CardCanvas.Ink, maxWidth: right - left - detailWidth - 36);
        if (card.Approximate)
            c.Badge("approximate", right, layout.FigureY, 34, CardCanvas.Muted);
        c.Label(layout);

        // A gain's figure sits above its bar: the chart starts a figure's height below a label.
        Chart(c, card.Bars, new SKRect(left, layout.LabelLines.Count > 0 ? layout.ChartTop + 24 : 372, right, 520));

        c.Line(left, 568, right, 568, CardCanvas.Rule);
        c.Text("MarketShock", left, 608, 34, CardCanvas.Accent, bold: true);
        c.Text("Largest moves in market value", right, 606, 26, CardCanvas.Muted, align: SKTextAlign.Right, maxWidth: 700);
        return c.Png();
    }

    /// <summary>One column per company from a zero line placed by the largest gain and loss, the ticker under each.</summary>
    private static void Chart(CardCanvas c, IReadOnlyList<Bar> bars, SKRect box)
    {
        if (bars.Count == 0)
            return;
        var up = Math.Max(0, bars.Max(b => b.MarketCapChange));
        var down = Math.Max(0, -bars.Min(b => b.MarketCapChange));
        var scale = box.Height / (up + down == 0 ? 1 : up + down);
        var zero = (float)(box.Top + up * scale);
        var slot = box.Width / Bars;
        for (var i = 0; i < bars.Count; i++)
        {
            var (bar, x) = (bars[i], box.Left + slot * i);
            var height = (float)(Math.Abs(bar.MarketCapChange) * scale);
            var rect = bar.MarketCapChange < 0 ? new SKRect(x + 14, zero, x + slot - 14, zero + Math.Max(height, 2))
                : new SKRect(x + 14, zero - Math.Max(height, 2), x + slot - 14, zero);
            using var paint = new SKPaint { Color = CardCanvas.ToneColour(Math.Sign(bar.MarketCapChange)), IsAntialias = true };
            c.Canvas.DrawRect(rect, paint);
            // The figure beyond the bar's end, or inside it (white) where a loss reaches the tickers' row.
            var label = Display.Money(bar.MarketCapChange, withSign: true);
            var inside = bar.MarketCapChange < 0 && rect.Bottom > box.Bottom - 34;
            var y = bar.MarketCapChange < 0 ? (inside ? rect.Bottom - 10 : rect.Bottom + 28) : rect.Top - 8;
            c.Text(label, x + slot / 2, y, 24, inside ? CardCanvas.Background : CardCanvas.Muted, bold: true,
                maxWidth: inside ? rect.Width - 10 : slot - 4, align: SKTextAlign.Center);
            c.Text(bar.Ticker, x + slot / 2, box.Bottom + 36, 30, CardCanvas.Ink, bold: true, maxWidth: slot - 10, align: SKTextAlign.Center);
        }
        c.Line(box.Left, zero, box.Right, zero, CardCanvas.Muted);
    }
}
