using System.Text.Json;
using System.Text.Json.Serialization;
using MarketShock.Market;

namespace MarketShock.Pages.Companies;

/// <summary>
/// The company page's chart data as the JSON blocks wwwroot/js/company.js reads: Chart.js's own {x: ms, y} points
/// (drawn with parsing off), with what the tooltip shows beside them.
/// </summary>
internal static class CompanyCharts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <param name="Shock">True on shock days, else left out.</param>
    /// <param name="Label">What happened that day (an event label), on labelled days only.</param>
    /// <param name="Url">The day's permalink, on shock and labelled days only (the chart marks them and links them).</param>
    public sealed record HistoryPoint(long X, double Y, double Close, double? MarketCap, double? ChangePct, bool? Shock, string? Label, string? Url);

    /// <param name="Metric">"marketCap" or "close": what y is.</param>
    /// <param name="ApproximateBefore">Market caps before this day use a later share count.</param>
    public sealed record HistoryChart(string Ticker, string Metric, long From, long To, long? ApproximateBefore, IReadOnlyList<HistoryPoint> Points);

    public sealed record Point(long X, double Y);

    public static string History(CompanyModel page)
    {
        var company = page.Company!;
        var from = page.Range.From(page.Latest.Date) is { } first && first > page.Days[0].Date ? first : page.Days[0].Date;
        var points = page.Chart.Select(d => new HistoryPoint(ChartData.Time(d.Date), d.Value, (double)d.Close, Dollars(d.MarketCap), Round(d.ChangePct),
            d.IsShock ? true : null, d.Label?.Label, d.IsShock || d.Label is not null ? page.DayUrl(d.Date) : null)).ToList();
        var approximate = page.HasMarketCap && page.FirstShareCount is { } shares ? ChartData.Time(shares) : (long?)null;
        return JsonSerializer.Serialize(new HistoryChart(company.Ticker, page.HasMarketCap ? "marketCap" : "close",
            ChartData.Time(from), ChartData.Time(page.Latest.Date), approximate, points), Json);
    }

    public static string Drawdown(IReadOnlyList<CompanyHistory.DrawdownPoint> points) =>
        JsonSerializer.Serialize(points.Select(p => new Point(ChartData.Time(p.Date), Math.Round(p.DrawdownPct, 2))), Json);

    private static double? Dollars(decimal? usd) => usd is { } value ? (double)Math.Round(value, 0) : null;

    private static double? Round(double? pct) => pct is { } value ? Math.Round(value, 4) : null;
}
