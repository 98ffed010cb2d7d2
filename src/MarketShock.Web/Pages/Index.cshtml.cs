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

    internal ShockOptions Rule => options.Value;
    internal Figures? Facts { get; private set; }
    internal IReadOnlyList<ShockBoard.Row> Top { get; private set; } = [];

    /// <summary>Every shock, newest first.</summary>
    internal IReadOnlyList<ShockBoard.Row> Shocks { get; private set; } = [];

    internal IReadOnlyList<MarketDay> WorstDays { get; private set; } = [];
    internal DateTimeOffset? LastImport { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Facts = await db.DailyMoves.GroupBy(_ => 1)
            .Select(g => new Figures(g.Select(m => m.CompanyId).Distinct().Count(), g.Count(m => m.Change != null), g.Min(m => m.Date), g.Max(m => m.Date)))
            .FirstOrDefaultAsync(ct);
        LastImport = await db.ImportLogs.Where(l => l.Status == ImportStatus.Imported && !l.DryRun).MaxAsync(l => (DateTimeOffset?)l.StartedAt, ct);
        if (Facts is null)
            return;
        Top = await ShockBoard.Query(db, new ShockBoard.Filter(), Rule).Take(ListLength).ToListAsync(ct);
        Shocks = await ShockBoard.Query(db, new ShockBoard.Filter(ShocksOnly: true, Order: ShockBoard.Sort.Recent), Rule).ToListAsync(ct);
        WorstDays = await db.MarketDays.AsNoTracking().Where(d => d.Sector == MarketDay.AllSectors && d.MarketCapChange < 0)
            .OrderBy(d => d.MarketCapChange).ThenBy(d => d.Date).Take(ListLength).ToListAsync(ct);
    }

    internal ShockBoard.Row? Worst => Top.Count > 0 ? Top[0] : null;

    internal ShockTable TopTable => new("top", "The largest single-day losses", Top, MarkShocks: Rule);

    internal ShockTable RecentTable => new("recent", "The latest shocks, newest first", [.. Shocks.Take(ListLength)]);

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

    /// <param name="Companies">Companies with prices.</param>
    /// <param name="CompanyDays">Company-days with a one-day move (every day but the first of each series), as DESIGN.md counts them.</param>
    internal sealed record Figures(int Companies, int CompanyDays, DateOnly First, DateOnly Last);
}
