using System.Globalization;
using System.Text;

namespace MarketShock.Tests.Infrastructure;

/// <summary>Small hand-made price series for the analytics and API tests, and the statistic they are checked with.</summary>
public static class PriceFiles
{
    /// <summary>A price file (Yahoo layout) with these closes; open, high and low equal the close.</summary>
    public static string Prices(params (string Date, decimal Close)[] days)
    {
        var csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        foreach (var (date, close) in days)
            csv.Append(CultureInfo.InvariantCulture, $"{date},{close},{close},{close},{close},,1000\n");
        return csv.ToString();
    }

    /// <summary>A price file with one close per date.</summary>
    public static string Prices(IReadOnlyList<string> dates, params decimal[] closes)
    {
        Assert.Equal(dates.Count, closes.Length);
        return Prices([.. dates.Zip(closes)]);
    }

    /// <summary>Consecutive weekdays from <paramref name="first"/>, yyyy-MM-dd.</summary>
    public static string[] Weekdays(DateOnly first, int count)
    {
        var days = new List<string>();
        for (var day = first; days.Count < count; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                days.Add(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return [.. days];
    }

    /// <summary>These closes on consecutive weekdays from <paramref name="first"/>.</summary>
    public static (string Date, decimal Close)[] Weekdays(DateOnly first, IEnumerable<decimal> closes)
    {
        var list = closes.ToList();
        return [.. Weekdays(first, list.Count).Zip(list)];
    }

    /// <summary>Plain sample standard deviation, (Σ(x − x̄)² / (n − 1))^½.</summary>
    public static double SampleStandardDeviation(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
