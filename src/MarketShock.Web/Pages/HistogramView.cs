using System.Globalization;
using System.Text.Json;
using MarketShock.Market;

namespace MarketShock.Pages;

/// <summary>
/// A histogram of daily changes (CompanyHistory.Histogram), as <c>Shared/_Histogram</c> renders it and js/histogram.js
/// draws it: on the company page alone, on a permalink with the day's bin highlighted.
/// </summary>
/// <param name="Id">The canvas id; the heading is "{Id}-title" and the data block "{Id}-data".</param>
/// <param name="Highlighted">The index of the bin to mark, or null.</param>
/// <param name="HighlightLabel">What the marked bin holds, e.g. "Mon 27 Jan 2025: −16.97%".</param>
internal sealed record HistogramView(string Id, string Title, string Caption, IReadOnlyList<CompanyHistory.Bin> Bins,
    int? Highlighted = null, string HighlightLabel = "")
{
    public int Total => Bins.Sum(b => b.Count);

    /// <summary>"−3% to −2%"; the outermost bins hold everything beyond them: "below −14%", "+14% or more".</summary>
    public string Label(int i) => i == 0 ? $"below {Edge(Bins[i].ToPct)}"
        : i == Bins.Count - 1 ? $"{Edge(Bins[i].FromPct)} or more"
        : $"{Edge(Bins[i].FromPct)} to {Edge(Bins[i].ToPct)}";

    /// <summary>The share of all the days in bin <paramref name="i"/>: "12.3%".</summary>
    public string Share(int i) => (Total == 0 ? 0 : 100.0 * Bins[i].Count / Total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public string Json() => JsonSerializer.Serialize(new
    {
        bins = Bins.Select((b, i) => new { from = b.FromPct, to = b.ToPct, count = b.Count, label = Label(i) }),
        highlight = Highlighted,
        highlightLabel = HighlightLabel,
    }, ChartData.Json);

    private static string Edge(double pct) => Display.Percent(pct, decimals: 0);
}

/// <summary>What the charts' JSON blocks share: web names, and Chart.js's time values.</summary>
internal static class ChartData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Milliseconds of the day at UTC midnight, a time axis's value.</summary>
    public static long Time(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds();
}
