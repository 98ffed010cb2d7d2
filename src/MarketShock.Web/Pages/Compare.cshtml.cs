using System.Text.Json;
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
public sealed class CompareModel(MarketShockDbContext db, IOptions<ShockOptions> options) : PageModel
{
    /// <summary>The offsets the table shows.</summary>
    public static readonly int[] TableDays = [0, 5, 20, 60];

    public const int Proposed = 8;

    [BindProperty(SupportsGet = true)]
    public string? Events { get; set; }

    public IReadOnlyList<Compare.Line> Lines { get; private set; } = [];

    public IReadOnlyList<string> Errors { get; private set; } = [];

    /// <summary>The worst shocks, to start a comparison or add to one.</summary>
    public IReadOnlyList<Shock> Worst { get; private set; } = [];

    public sealed record Shock(string Ticker, string Name, DateOnly Date, double ChangePct, decimal? MarketCapChange)
    {
        public Compare.Event Event => new(Ticker, Date);
    }

    public sealed record ChartLine(string Label, IEnumerable<ChartPoint> Points);

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
        var rows = await ShockBoard.Query(db, new ShockBoard.Filter(ShocksOnly: true), options.Value).Take(Proposed).ToListAsync(ct);
        Worst = [.. rows.Select(r => new Shock(r.Ticker, r.Name, r.Date, r.ChangePct, r.MarketCapChange))];
    }

    /// <summary>The text of the form's field: the events drawn, or what was typed when some of it was wrong.</summary>
    public string FieldText => Errors.Count > 0 ? Events ?? "" : Compare.Event.Join(Lines.Select(l => l.Event));

    public static string Label(Compare.Line line) => $"{line.Ticker} {Display.ShortDay(line.Date)}";

    /// <summary>The comparison without one of its events, or with one more.</summary>
    public string Without(Compare.Line line) => Compare.Event.Join(Lines.Where(l => l != line).Select(l => l.Event));

    public string With(Compare.Event e) => Compare.Event.Join(Lines.Select(l => l.Event).Append(e));

    public string ChartJson() => JsonSerializer.Serialize(
        Lines.Select(l => new ChartLine(Label(l), l.Days.Zip(l.CumulativePct, (x, y) => new ChartPoint(x, y)))), JsonSerializerOptions.Web);
}
