using System.Text.Json;
using MarketShock.Market;

namespace MarketShock.Pages.Companies;

/// <summary>The JSON blocks of the permalink's line charts: {x: ms, y} points, the day's time, and what y measures.</summary>
internal static class DayCharts
{
    /// <param name="shockUrl">The permalink of a shock point, so that clicking it opens that day.</param>
    public static string Series(IEnumerable<CompanyHistory.Point> points, DateOnly day, bool money, string label, Func<DateOnly, string>? shockUrl = null) =>
        JsonSerializer.Serialize(new
        {
            day = ChartData.Time(day),
            dayLabel = Display.Day(day),
            money,
            label,
            points = points.Select(p => new { x = ChartData.Time(p.Date), y = p.Value }),
            shocks = shockUrl is null ? null
                : points.Where(p => p.IsShock && p.Date != day).Select(p => new { x = ChartData.Time(p.Date), y = p.Value, url = shockUrl(p.Date) }),
        }, ChartData.Json);
}
