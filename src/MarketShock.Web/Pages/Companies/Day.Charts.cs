using System.Text.Json;
using MarketShock.Market;

namespace MarketShock.Pages.Companies;

/// <summary>
/// A histogram of daily changes with one bin highlighted, as <c>_DayHistogram</c> renders it and js/permalink.js draws it
/// (nothing in it is particular to one day: the company page could render the same partial).
/// </summary>
/// <param name="Id">The canvas id; the data block is "{Id}-data".</param>
/// <param name="Highlighted">The index of the bin to mark, or null.</param>
internal sealed record HistogramView(string Id, string Caption, IReadOnlyList<CompanyHistory.Bin> Bins, int? Highlighted, string HighlightLabel)
{
    public int Total => Bins.Sum(b => b.Count);

    /// <summary>"≤ −14%", "−3% to −2%", "≥ +14%": the outermost bins hold everything beyond them.</summary>
    public string Label(int i) => i == 0 ? $"below {Edge(Bins[i].ToPct)}"
        : i == Bins.Count - 1 ? $"{Edge(Bins[i].FromPct)} or more"
        : $"{Edge(Bins[i].FromPct)} to {Edge(Bins[i].ToPct)}";

    public string Json() => JsonSerializer.Serialize(new
    {
        bins = Bins.Select((b, i) => new { from = b.FromPct, to = b.ToPct, count = b.Count, label = Label(i) }),
        highlight = Highlighted,
        highlightLabel = HighlightLabel,
    }, DayCharts.Options);

    private static string Edge(double pct) => Display.Percent(pct, decimals: 0);
}

/// <summary>The JSON blocks of the permalink's line charts: {x: ms, y} points, the day's time, and what y measures.</summary>
internal static class DayCharts
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static long Time(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <param name="shockUrl">The permalink of a shock point, so that clicking it opens that day.</param>
    public static string Series(IEnumerable<CompanyHistory.Point> points, DateOnly day, bool money, string label, Func<DateOnly, string>? shockUrl = null) =>
        JsonSerializer.Serialize(new
        {
            day = Time(day),
            dayLabel = Display.Day(day),
            money,
            label,
            points = points.Select(p => new { x = Time(p.Date), y = p.Value }),
            shocks = shockUrl is null ? null
                : points.Where(p => p.IsShock && p.Date != day).Select(p => new { x = Time(p.Date), y = p.Value, url = shockUrl(p.Date) }),
        }, Options);
}
