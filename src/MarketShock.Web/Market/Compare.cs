using System.Globalization;
using MarketShock.Data;
using MarketShock.Imports;
using Microsoft.EntityFrameworkCore;

namespace MarketShock.Market;

/// <summary>
/// Shocks aligned on day 0 (DESIGN.md): for a move of c on t, the value at offset k trading days is
/// C_{t+k} / C_{t−1} − 1, for k from −10 to +60. The one read behind <c>/compare</c> and <c>/api/compare</c>.
/// </summary>
public static class Compare
{
    public const int MaxEvents = 8, DaysBefore = 10, DaysAfter = 60;
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>One event as written in the URL, TICKER:yyyy-MM-dd.</summary>
    public sealed record Event(string Ticker, DateOnly Date)
    {
        public override string ToString() => $"{Ticker}:{Date.ToString(DateFormat, CultureInfo.InvariantCulture)}";

        public static string Join(IEnumerable<Event> events) => string.Join(',', events);
    }

    /// <param name="Days">The offsets the company's series has, in order (at most −10 to +60, always 0).</param>
    /// <param name="CumulativePct">C_{t+k} / C_{t−1} − 1 in percent, one per day.</param>
    /// <param name="Label">What happened to the company that day, if someone labelled it.</param>
    public sealed record Line(string Ticker, string Name, DateOnly Date, IReadOnlyList<int> Days, IReadOnlyList<double> CumulativePct,
        EventLabel? Label = null)
    {
        /// <summary>The company's id, to find the day's label.</summary>
        internal int CompanyId { get; init; }

        public Event Event => new(Ticker, Date);

        /// <summary>The value at an offset, or null when the series is shorter.</summary>
        public double? At(int day) => day - Days[0] is var i && i >= 0 && i < Days.Count ? CumulativePct[i] : null;
    }

    /// <summary>The events of a list such as "NVDA:2025-01-27,META:2022-02-03" (commas or spaces between), and a message per bad one.</summary>
    public static (IReadOnlyList<Event> Events, IReadOnlyList<string> Errors) Parse(string? text)
    {
        var events = new List<Event>();
        var errors = new List<string>();
        var entries = (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var entry in entries)
        {
            var parts = entry.Split(':');
            if (parts is [{ Length: > 0 } ticker, var date]
                && DateOnly.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                var parsed = new Event(Tickers.Normalise(ticker), day);
                if (!events.Contains(parsed))
                    events.Add(parsed);
            }
            else
            {
                errors.Add($"'{entry}' is not an event of the form TICKER:{DateFormat}, such as NVDA:2025-01-27.");
            }
        }
        if (events.Count > MaxEvents)
            errors.Add($"Up to {MaxEvents} events can be compared; {events.Count} were given.");
        return (events, errors);
    }

    /// <summary>One line per event that has data, in the order asked, and a message naming each event that has none.</summary>
    public static async Task<(IReadOnlyList<Line> Lines, IReadOnlyList<string> Errors)> LoadAsync(
        MarketShockDbContext db, IReadOnlyList<Event> events, CancellationToken ct)
    {
        var lines = new List<Line>();
        var errors = new List<string>();
        foreach (var e in events)
        {
            var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Ticker == e.Ticker, ct);
            if (company is null)
            {
                errors.Add($"{e}: no company has the ticker '{e.Ticker}'.");
                continue;
            }
            var moves = db.DailyMoves.Where(m => m.CompanyId == company.Id);
            var before = await moves.Where(m => m.Date < e.Date).OrderByDescending(m => m.Date).Take(DaysBefore).Select(m => m.Close).ToListAsync(ct);
            var from = await moves.Where(m => m.Date >= e.Date).OrderBy(m => m.Date).Take(DaysAfter + 1)
                .Select(m => new { m.Date, m.Close }).ToListAsync(ct);
            if (from is not [{ } first, ..] || first.Date != e.Date)
                errors.Add($"{e}: {company.Ticker} has no price on {e.Date.ToString(DateFormat, CultureInfo.InvariantCulture)}.");
            else if (before.Count == 0)
                errors.Add($"{e}: it is {company.Ticker}'s first day in the data, with no earlier close to compare with.");
            else
                lines.Add(Aligned(company, e.Date, before, [.. from.Select(f => f.Close)]));
        }
        return (await WithLabelsAsync(db, lines, ct), errors);
    }

    /// <summary>The lines with their days' event labels, read in one query for every event.</summary>
    private static async Task<IReadOnlyList<Line>> WithLabelsAsync(MarketShockDbContext db, List<Line> lines, CancellationToken ct)
    {
        if (lines.Count == 0)
            return lines;
        var (ids, dates) = (lines.Select(l => l.CompanyId).Distinct().ToList(), lines.Select(l => l.Date).Distinct().ToList());
        var labels = await db.EventLabels.AsNoTracking().Where(l => l.CompanyId != null && ids.Contains(l.CompanyId.Value) && dates.Contains(l.Date))
            .ToListAsync(ct);
        return [.. lines.Select(line => line with { Label = labels.FirstOrDefault(l => l.CompanyId == line.CompanyId && l.Date == line.Date) })];
    }

    /// <param name="before">The closes before t, latest first: C_{t−1}, C_{t−2}, ….</param>
    /// <param name="from">The closes from t on: C_t, C_{t+1}, ….</param>
    private static Line Aligned(Company company, DateOnly date, List<decimal> before, List<decimal> from)
    {
        var baseClose = before[0];
        var closes = Enumerable.Reverse(before).Concat(from).ToList();
        var days = Enumerable.Range(-before.Count, closes.Count).ToList();
        return new Line(company.Ticker, company.Name, date, days, [.. closes.Select(c => (double)(c / baseClose - 1) * 100)]) { CompanyId = company.Id };
    }
}
