using System.Text.Json;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using MarketShock.Pages.Shocks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages;

/// <summary>The overview: the largest single-day loss, the all-time leaderboard's top, the recent shocks, the worst market days and a timeline.</summary>
public sealed class IndexModel(MarketShockDbContext db, IOptions<ShockOptions> options) : PageModel
{
    public const int ListLength = 10;

    /// <summary>
    /// The timeline draws at most this many shocks, the largest: a market of thousands of tickers has far more than a chart can
    /// show. With 1,000, its data and table were 750 KB of a 778 KB page; the sample market's 335 shocks all fit.
    /// </summary>
    public const int TimelineLength = 500;

    /// <summary>Above this many company-days the page gives the planner's estimate: an exact count would read every row on every visit.</summary>
    public const long ExactCountUpTo = 250_000;

    internal ShockOptions Rule => options.Value;
    internal Figures? Facts { get; private set; }
    internal IReadOnlyList<ShockBoard.Row> Top { get; private set; } = [];

    /// <summary>The latest shocks, newest first.</summary>
    internal IReadOnlyList<ShockBoard.Row> Recent { get; private set; } = [];

    /// <summary>How many shocks there are, counted up to <see cref="ShockBoard.CountCap"/>.</summary>
    internal ShockBoard.Total ShockCount { get; private set; } = new(0, false);

    /// <summary>The timeline's shocks, the largest <see cref="TimelineLength"/> (every one in a smaller market), newest first.</summary>
    internal IReadOnlyList<ShockBoard.Row> Shocks { get; private set; } = [];

    internal IReadOnlyList<MarketDay> WorstDays { get; private set; } = [];
    internal DateTimeOffset? LastImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        LastImport = await db.ImportLogs.Where(l => l.Status == ImportStatus.Imported && !l.DryRun).MaxAsync(l => (DateTimeOffset?)l.StartedAt, ct);
        Facts = await FiguresAsync(ct);
        if (Facts is null)
            return;
        Top = await ShockBoard.Query(db, new ShockBoard.Filter(), Rule).Take(ListLength).ToListAsync(ct);
        var shocks = new ShockBoard.Filter(ShocksOnly: true);
        Recent = await ShockBoard.Query(db, shocks with { Order = ShockBoard.Sort.Recent }, Rule).Take(ListLength).ToListAsync(ct);
        ShockCount = await ShockBoard.CountAsync(db, shocks, Rule, ct);
        var largest = await ShockBoard.Query(db, shocks, Rule, withRank: false).Take(TimelineLength).ToListAsync(ct);
        Shocks = [.. largest.OrderByDescending(s => s.Date).ThenBy(s => s.MarketCapChange)];
        WorstDays = await db.MarketDays.AsNoTracking().Where(d => d.Sector == MarketDay.AllSectors && d.MarketCapChange < 0)
            .OrderBy(d => d.MarketCapChange).ThenBy(d => d.Date).Take(ListLength).ToListAsync(ct);
    }

    internal ShockBoard.Row? Worst => Top.Count > 0 ? Top[0] : null;

    internal ShockTable TopTable => new("top", "The largest single-day losses", Top, MarkShocks: Rule);

    internal ShockTable RecentTable => new("recent", "The latest shocks, newest first", Recent);

    /// <summary>The timeline leaves shocks out: there are more than it draws.</summary>
    internal bool TimelineIsPartial => ShockCount.AtLeast || ShockCount.Count > Shocks.Count;

    /// <summary>The shocks the timeline can place: those with a dollar figure, oldest first.</summary>
    internal IReadOnlyList<ShockBoard.Row> Placed => [.. Shocks.Where(s => s.MarketCapChange is not null).OrderBy(s => s.Date)];

    /// <summary>
    /// The timeline's points for wwwroot/js/home.js: date, loss in dollars (positive), % change, the permalink and the
    /// day's event label (null without one). The default encoder writes &lt; &gt; &amp; as \u escapes, so a label cannot end the script block.
    /// </summary>
    internal string TimelineJson() => JsonSerializer.Serialize(Placed.Select(s => new
    {
        date = Display.Iso(s.Date), loss = -(double)s.MarketCapChange!.Value, changePct = Math.Round(s.ChangePct, 2),
        ticker = s.Ticker, name = Display.ShortName(s.Name), approximate = s.MarketCapApproximate,
        url = Url.Page(Links.CompanyDayPage, new { ticker = s.Ticker, date = Display.Iso(s.Date) }),
        label = s.Label,
    }));

    /// <summary>The data's extent, each figure from an index or the statistics rather than a pass over every row.</summary>
    private async Task<Figures?> FiguresAsync(CancellationToken ct)
    {
        if (await db.DailyMoves.MinAsync(m => (DateOnly?)m.Date, ct) is not { } first)
            return null;
        var last = await db.DailyMoves.MaxAsync(m => m.Date, ct);
        var companies = await db.Companies.CountAsync(c => db.DailyMoves.Any(m => m.CompanyId == c.Id), ct);
        var estimate = await db.Database.SqlQuery<long>($"SELECT greatest(reltuples, 0)::bigint AS \"Value\" FROM pg_class WHERE oid = 'daily_prices'::regclass")
            .SingleAsync(ct);
        // Every day but the first of each series has a move.
        var days = estimate > ExactCountUpTo ? estimate - companies : await db.DailyMoves.LongCountAsync(m => m.Change != null, ct);
        return new Figures(companies, days, estimate > ExactCountUpTo, first, last);
    }

    /// <param name="Companies">Companies with prices.</param>
    /// <param name="CompanyDays">Company-days with a one-day move (every day but the first of each series), as DESIGN.md counts them.</param>
    /// <param name="Estimated">CompanyDays is the planner's estimate (above <see cref="ExactCountUpTo"/>).</param>
    internal sealed record Figures(int Companies, long CompanyDays, bool Estimated, DateOnly First, DateOnly Last)
    {
        public string CompanyDaysText => (Estimated, CompanyDays) switch
        {
            (false, var exact) => Display.Count(exact),
            (true, < 1_000_000) => "about " + Display.Count((long)Math.Round(CompanyDays / 1e3) * 1_000),
            _ => $"about {(CompanyDays / 1e6).ToString(CompanyDays >= 10_000_000 ? "0" : "0.0", System.Globalization.CultureInfo.InvariantCulture)} million",
        };
    }
}
