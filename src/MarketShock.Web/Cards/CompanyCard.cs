using System.Globalization;
using MarketShock.Data;
using MarketShock.Market;
using MarketShock.Pages;
using MarketShock.Pages.Companies;
using Microsoft.EntityFrameworkCore;
using SkiaSharp;

namespace MarketShock.Cards;

/// <summary>The share card of a company-day: the headline figure large, the change and date, and the days around it.</summary>
internal static class CompanyCard
{
    public const int DaysBefore = DayContext.DaysBefore, DaysAfter = DayContext.DaysAfter;

    /// <summary>Raised when the drawing changes, so that every cached card is drawn again.</summary>
    private const string DrawingVersion = "3";

    /// <param name="Figure">The headline figure (ΔM, else the change, else the close).</param>
    /// <param name="Detail">"▼ −16.97%", or the close when the figure is the change.</param>
    /// <param name="Tone">The sign of the move: red down, green up.</param>
    /// <param name="Series">The market cap (or the close) from <see cref="DaysBefore"/> trading days before to <see cref="DaysAfter"/> after.</param>
    /// <param name="Day">The index of the day in <paramref name="Series"/>.</param>
    /// <param name="DetailIsMove">The detail is the change (drawn in the move's colour), not the close.</param>
    /// <param name="Label">What happened: the company's event label, else the market's (<see cref="DayText.Label(EventLabel, EventLabel)"/>).</param>
    public sealed record Content(string Name, string Ticker, string Figure, string Detail, bool DetailIsMove, string Date, int Tone, bool Approximate,
        string SeriesLabel, IReadOnlyList<double> Series, int Day, string? Label = null)
    {
        /// <summary>The card's version: a hash of everything drawn, so that a corrected import or label gives a new ETag and a new card.</summary>
        public string Version { get; } = CardCanvas.Version(DrawingVersion, Name, Ticker, Figure, Detail, DetailIsMove, Date, Tone, Approximate, SeriesLabel, Day, Label ?? "",
            string.Join(",", Series.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
    }

    /// <summary>The card's content from the permalink's query, or null when the company has no data that day.</summary>
    public static async Task<Content?> LoadAsync(MarketShockDbContext db, Company company, DateOnly date, ShockOptions options, CancellationToken ct)
    {
        // Only what the card draws: the move and the labels, not the permalink's every figure (each unfurl or 304 runs this).
        var move = await db.DailyMoves.AsNoTracking().FirstOrDefaultAsync(m => m.CompanyId == company.Id && m.Date == date, ct);
        if (move is null)
            return null;
        var (label, marketLabel) = await CompanyDays.LabelsAsync(db, company.Id, date, ct);
        // The bounds in trading days, as the permalink's window (Pages/Companies/DayContext) counts them.
        var days = db.DailyMoves.Where(m => m.CompanyId == company.Id);
        var from = await days.Where(m => m.Date < date).OrderByDescending(m => m.Date).Skip(DaysBefore - 1).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct);
        var to = await days.Where(m => m.Date > date).OrderBy(m => m.Date).Skip(DaysAfter - 1).Select(m => (DateOnly?)m.Date).FirstOrDefaultAsync(ct);
        return From(company, move, DayText.Label(label, marketLabel), window: await CompanyHistory.LoadAsync(db, company.Id, from, to, options, ct));
    }

    /// <summary>The card of a day from its move, its label and the days around it (the permalink page has all three, and needs only the version).</summary>
    public static Content From(Company company, DailyMove m, string? label, IReadOnlyList<CompanyHistory.Point> window)
    {
        var detail = m switch
        {
            { Change: null } => "First day in the data",
            { MarketCapChange: null } => "Close " + Display.Price(m.Close),
            _ => Arrow(m.Change.Value) + Display.Percent(m.Change * 100),
        };
        var tone = m.MarketCapChange is { } dm ? Math.Sign(dm) : Math.Sign(Math.Round((m.Change ?? 0) * 100, 2));
        var byClose = window.Any(p => p.MarketCap is null);
        return new Content(company.Name, company.Ticker, DayText.Figure(m), detail, m is { Change: not null, MarketCapChange: not null }, Display.Day(m.Date), tone, m.MarketCapApproximate,
            byClose ? "Close" : "Market cap", [.. window.Select(p => byClose ? (double)p.Close : p.Value)],
            window.ToList().FindIndex(p => p.Date == m.Date), label);
    }

    public static byte[] Render(Content card)
    {
        using var c = new CardCanvas();
        const float left = CardCanvas.Margin, right = CardCanvas.Width - CardCanvas.Margin;
        var tone = c.Band(card.Tone);

        // The company, then the figure as large as the width allows, then the change and the day.
        var tickerWidth = CardCanvas.Measure(card.Ticker, 40, bold: true);
        c.Text(card.Ticker, right, 88, 40, CardCanvas.Muted, bold: true, align: SKTextAlign.Right);
        c.Text(card.Name, left, 88, 46, CardCanvas.Ink, bold: true, maxWidth: right - left - tickerWidth - 40);
        // A labelled day gives up some of the figure's height to say what happened, between the change and the chart.
        var layout = CardCanvas.Layout.For(card.Label);
        c.Text(card.Figure, left, layout.FigureY, layout.FigureSize, tone, bold: true);
        var detailWidth = c.Text(card.Detail, left, layout.DetailY, layout.DetailSize, card.DetailIsMove ? tone : CardCanvas.Ink, bold: card.DetailIsMove);
        c.Text(card.Date, left + detailWidth + 36, layout.DetailY, layout.DetailSize, CardCanvas.Ink, maxWidth: right - left - detailWidth - 36);
        if (card.Approximate)
            c.Badge("approximate", right, layout.FigureY, 34, CardCanvas.Muted);
        c.Label(layout);

        Chart(c, card, new SKRect(left, layout.ChartTop, right - 150, 545), tone);

        c.Line(left, 568, right, 568, CardCanvas.Rule);
        c.Text("MarketShock", left, 608, 34, CardCanvas.Accent, bold: true);
        c.Text($"{card.SeriesLabel}, {DaysBefore} trading days before to {DaysAfter} after", right, 606, 26, CardCanvas.Muted,
            align: SKTextAlign.Right, maxWidth: 700);
        return c.Png();
    }

    private static void Chart(CardCanvas c, Content card, SKRect box, SKColor tone)
    {
        var values = card.Series;
        if (values.Count < 2)
            return;
        var (min, max) = (values.Min(), values.Max());
        var span = max - min <= 0 ? 1 : max - min;
        float X(int i) => box.Left + box.Width * i / (values.Count - 1);
        float Y(double v) => (float)(box.Bottom - box.Height * (v - min) / span);

        SKPoint[] points = [.. values.Select((v, i) => new SKPoint(X(i), Y(v)))];
        using var path = Path(points, close: false);
        using var area = Path([.. points, new SKPoint(box.Right, box.Bottom), new SKPoint(box.Left, box.Bottom)], close: true);
        // The scale, so that a fall is read against the range drawn and not against a zero that is not there.
        var money = card.SeriesLabel != "Close";
        string Label(double v) => money ? Display.Money(v) : Display.Price((decimal)v);
        c.Text(Label(max), box.Right + 150, box.Top + 22, 28, CardCanvas.Muted, align: SKTextAlign.Right, maxWidth: 135);
        c.Text(Label(min), box.Right + 150, box.Bottom, 28, CardCanvas.Muted, align: SKTextAlign.Right, maxWidth: 135);
        c.Line(box.Left, box.Top, box.Right, box.Top, CardCanvas.Rule);
        c.Line(box.Left, box.Bottom, box.Right, box.Bottom, CardCanvas.Rule);

        using (var fill = new SKPaint { Color = CardCanvas.Accent.WithAlpha(0x22), IsAntialias = true })
            c.Canvas.DrawPath(area, fill);
        using (var stroke = new SKPaint { Color = CardCanvas.Accent, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 5, StrokeJoin = SKStrokeJoin.Round })
            c.Canvas.DrawPath(path, stroke);

        // The day: its fall drawn in the move's colour, a line through the chart and a dot on the series.
        if (card.Day > 0)
        {
            using var move = new SKPaint { Color = tone, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 7, StrokeCap = SKStrokeCap.Round };
            c.Canvas.DrawLine(points[card.Day - 1], points[card.Day], move);
        }
        var (x, y) = (X(card.Day), Y(values[card.Day]));
        c.Line(x, box.Top - 6, x, box.Bottom, tone, 3);
        using var dot = new SKPaint { Color = tone, IsAntialias = true };
        using var ring = new SKPaint { Color = CardCanvas.Background, IsAntialias = true };
        c.Canvas.DrawCircle(x, y, 13, ring);
        c.Canvas.DrawCircle(x, y, 10, dot);
    }

    private static SKPath Path(SKPoint[] points, bool close)
    {
        using var builder = new SKPathBuilder();
        builder.AddPoly(points, close);
        return builder.Snapshot();
    }

    private static string Arrow(double change) => Math.Round(change * 100, 2) switch { < 0 => "▼ ", > 0 => "▲ ", _ => "" };
}
