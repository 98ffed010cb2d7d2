using System.Text.Json;
using MarketShock.Cards;
using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages;

/// <summary>
/// /compare?events=NVDA:2025-01-27,META:2022-02-03: shocks overlaid on day 0. A bad list answers 400 with a message
/// naming each bad event (the good ones are still drawn); no list proposes the worst shocks.
/// </summary>
public sealed class CompareModel(MarketShockDbContext db, LinkGenerator links, IOptions<ShockOptions> options) : PageModel
{
    /// <summary>The offsets the table shows.</summary>
    public static readonly int[] TableDays = [0, 5, 20, 60];

    public const int Proposed = 8;

    [BindProperty(SupportsGet = true)]
    public string? Events { get; set; }

    public IReadOnlyList<Compare.Line> Lines { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The comparison's canonical address and its card's, set when every event is good (only then does the page unfurl).</summary>
    public string? Canonical { get; private set; }

    public string? CardUrl { get; private set; }

    /// <summary>The worst shocks, to start a comparison or add to one.</summary>
    public IReadOnlyList<Shock> Worst { get; private set; } = [];

    public sealed record Shock(string Ticker, string Name, DateOnly Date, double ChangePct, decimal? MarketCapChange)
    {
        public Compare.Event Event => new(Ticker, Date);
    }

    /// <param name="Event">What happened that day (the event label), for the legend and the tooltip.</param>
    public sealed record ChartLine(string Label, string? Event, IEnumerable<ChartPoint> Points);

    public sealed record ChartPoint(int X, double Y);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (events, errors) = Compare.Parse(Events);
        if (events.Count is > 0 and <= Compare.MaxEvents)
        {
            var (lines, missing) = await Compare.LoadAsync(db, events, ct);
            Lines = lines;
            errors = [.. errors, .. missing];
        }
        Errors = errors;
        if (Errors.Count > 0)
            Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (Lines.Count > 0)
        {
            var canonical = Compare.Event.Join(Lines.Select(l => l.Event));
            Canonical = links.GetUriByPage(HttpContext, "/Compare", handler: null, values: new { events = canonical });
            CardUrl = links.CompareCardUrl(HttpContext, Lines.Select(l => l.Event), CompareCard.From(Lines).Version);
        }
        var rows = await ShockBoard.Query(db, new ShockBoard.Filter(ShocksOnly: true), options.Value, withRank: false).Take(Proposed).ToListAsync(ct);
        Worst = [.. rows.Select(r => new Shock(r.Ticker, r.Name, r.Date, r.ChangePct, r.MarketCapChange))];
    }

    /// <summary>The text of the form's field: the events drawn, or what was typed when some of it was wrong.</summary>
    public string FieldText => Errors.Count > 0 ? Events ?? "" : Compare.Event.Join(Lines.Select(l => l.Event));

    public static string Label(Compare.Line line) => $"{line.Ticker} {Display.ShortDay(line.Date)}";

    /// <summary>og:title: "Compare NVDA 27 Jan 2025, AVGO 27 Jan 2025 and META 3 Feb 2022".</summary>
    public string ShareTitle => "Compare " + (Lines.Count == 1 ? Label(Lines[0])
        : string.Join(", ", Lines.SkipLast(1).Select(Label)) + " and " + Label(Lines[^1]));

    /// <summary>og:description: each event's day-0 change and its change by the last day drawn, with what happened.</summary>
    public string ShareDescription => Display.Sentences([.. Lines.Select(l =>
        $"{Label(l)}{(l.Label is { } label ? $" ({label.Label})" : "")}: {Display.Percent(l.At(0))} on day 0, "
        + $"{Display.Percent(l.CumulativePct[^1])} by day {(l.Days[^1] > 0 ? "+" : "")}{l.Days[^1]}")]);

    /// <summary>The event with the largest day-0 fall, for twitter:data.</summary>
    public Compare.Line WorstDayZero => Lines.MinBy(l => l.At(0) ?? 0)!;

    /// <summary>The comparison without one of its events, or with one more.</summary>
    public string Without(Compare.Line line) => Compare.Event.Join(Lines.Where(l => l != line).Select(l => l.Event));

    public string With(Compare.Event e) => Compare.Event.Join(Lines.Select(l => l.Event).Append(e));

    public string ChartJson() => JsonSerializer.Serialize(
        Lines.Select(l => new ChartLine(Label(l), l.Label?.Label, l.Days.Zip(l.CumulativePct, (x, y) => new ChartPoint(x, y)))), JsonSerializerOptions.Web);
}
