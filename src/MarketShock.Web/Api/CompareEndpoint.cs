using System.ComponentModel;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketShock.Api;

/// <summary>GET /api/compare?events=NVDA:2025-01-27,META:2022-02-03: shocks aligned on day 0, as on /compare.</summary>
internal static class CompareEndpoint
{
    public sealed record Comparison(IReadOnlyList<Event> Events);

    /// <param name="Days">Trading-day offsets from the event, −10 to +60 where the company's series has them.</param>
    /// <param name="CumulativePct">C_{t+k} / C_{t−1} − 1 in percent for each day: 0 on day −1, the day's change on day 0.</param>
    /// <param name="Label">What happened to the company that day (its event label), or null.</param>
    /// <param name="LabelUrl">The label's source, or null.</param>
    public sealed record Event(string Ticker, DateOnly Date, string Name, IReadOnlyList<int> Days, IReadOnlyList<double> CumulativePct,
        string? Label, string? LabelUrl);

    public static async Task<Results<Ok<Comparison>, ValidationProblem>> GetAsync(MarketShockDbContext db,
        [Description("Up to 8 events TICKER:yyyy-MM-dd, separated by commas; tickers in any case.")] string? events,
        CancellationToken ct)
    {
        var (asked, errors) = Compare.Parse(events);
        if (asked.Count == 0 && errors.Count == 0)
            errors = [$"Name 1 to {Compare.MaxEvents} events, such as events=NVDA:2025-01-27,META:2022-02-03."];
        var (lines, missing) = asked.Count <= Compare.MaxEvents ? await Compare.LoadAsync(db, asked, ct) : ([], []);
        if (errors.Count + missing.Count > 0)
            return Problem([.. errors, .. missing]);
        return TypedResults.Ok(new Comparison([.. lines.Select(l => new Event(l.Ticker, l.Date, l.Name, l.Days, l.CumulativePct, l.Label?.Label, l.Label?.Url))]));
    }

    private static ValidationProblem Problem(IReadOnlyList<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = [.. errors] },
            detail: string.Join(" ", errors), title: "The events cannot be compared.");
}
