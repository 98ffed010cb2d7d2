using MarketShock.Data;
using MarketShock.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MarketShock.Pages.Companies;

/// <summary>/companies/{ticker}: a company's price and market-cap history, its extreme days, distribution and drawdowns.</summary>
internal sealed class CompanyModel(MarketShockDbContext db, IOptions<ShockOptions> shocks) : PageModel
{
    /// <summary>The most points the history chart draws besides the shock days.</summary>
    public const int ChartPoints = 1000;
    public const int DrawdownPoints = 500;
    public const int ListedDays = 10;

    /// <param name="Key">The value of ?range=.</param>
    /// <param name="From">The first day of the range, given the latest day of the data; null for all of it.</param>
    public sealed record ChartRange(string Key, string Label, string Description, Func<DateOnly, DateOnly?> From);

    public static readonly IReadOnlyList<ChartRange> Ranges =
    [
        new("1m", "1M", "the last month", last => last.AddMonths(-1).AddDays(1)),
        new("6m", "6M", "the last six months", last => last.AddMonths(-6).AddDays(1)),
        new("ytd", "YTD", "the year to date", last => new DateOnly(last.Year, 1, 1)),
        new("1y", "1Y", "the last year", last => last.AddYears(-1).AddDays(1)),
        new("5y", "5Y", "the last five years", last => last.AddYears(-5).AddDays(1)),
        new("max", "Max", "all of the data", _ => null),
    ];

    public static ChartRange DefaultRange => Ranges[^1];

    /// <summary>A table of days (_DaysTable), each linked to its permalink.</summary>
    public sealed record DaysTable(string Id, string Title, string Ticker, IReadOnlyList<CompanyHistory.Point> Days);

    /// <summary>A histogram of daily changes (_Histogram): the bar chart and the table of its bins.</summary>
    /// <param name="Marked">The bin to highlight (a day's own change), if any.</param>
    public sealed record HistogramView(string Id, string Title, IReadOnlyList<CompanyHistory.Bin> Bins, int Days, int? Marked = null);

    /// <summary>Null when the ticker is unknown: the page is then a 404 with <see cref="Suggestions"/>.</summary>
    public Company? Company { get; private set; }

    public string Asked { get; private set; } = "";
    public IReadOnlyList<CompanyLookup.Suggestion> Suggestions { get; private set; } = [];
    public ChartRange Range { get; private set; } = DefaultRange;

    /// <summary>Every day of the company, oldest first.</summary>
    public IReadOnlyList<CompanyHistory.Point> Days { get; private set; } = [];

    /// <summary>The days of <see cref="Range"/> that the chart draws (thinned for long ranges, the labelled days and the shocks kept, the worst when they are many).</summary>
    public IReadOnlyList<CompanyHistory.Point> Chart { get; private set; } = [];

    public int RangeDays { get; private set; }

    /// <summary>How many of the range's days are shocks (the chart keeps the worst when they are many).</summary>
    public int RangeShocks { get; private set; }

    /// <summary>The company's first share count: market caps before it are approximate. Null without share counts.</summary>
    public DateOnly? FirstShareCount { get; private set; }

    public IReadOnlyList<CompanyHistory.Point> Worst { get; private set; } = [];
    public IReadOnlyList<CompanyHistory.Point> Best { get; private set; } = [];
    public IReadOnlyList<CompanyHistory.Bin> Bins { get; private set; } = [];
    public IReadOnlyList<CompanyHistory.DrawdownPoint> Drawdown { get; private set; } = [];
    public IReadOnlyList<CompanyHistory.Drawdown> Drawdowns { get; private set; } = [];

    /// <summary>The company's labelled days, newest first.</summary>
    public IReadOnlyList<CompanyHistory.Point> Labelled { get; private set; } = [];

    public CompanyHistory.Point Latest => Days[^1];
    public bool HasMarketCap => Latest.MarketCap is not null;
    public int ShockCount => Days.Count(d => d.IsShock);
    public int RankedCount => Days.Count(d => d.IsRanked);
    public string Metric => HasMarketCap ? "market cap" : "close";

    public async Task<IActionResult> OnGetAsync(string ticker, string? range, CancellationToken ct)
    {
        var found = await CompanyLookup.FindAsync(db, ticker, ct);
        if (found.Company is not { } company)
        {
            (Asked, Suggestions) = (ticker, found.Suggestions);
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!found.IsCanonical)
            return LocalRedirectPermanent(Url.Page(Links.CompanyPage, new { ticker = company.Ticker }) + Request.QueryString);

        Company = company;
        Range = Ranges.FirstOrDefault(r => r.Key.Equals(range, StringComparison.OrdinalIgnoreCase)) ?? DefaultRange;
        Days = await CompanyHistory.WithLabelsAsync(db, company.Id, await CompanyHistory.LoadAsync(db, company.Id, null, null, shocks.Value, ct), ct);
        FirstShareCount = await db.SharesOutstanding.Where(s => s.CompanyId == company.Id).MinAsync(s => (DateOnly?)s.Date, ct);

        var from = Range.From(Latest.Date);
        var inRange = Days.Where(d => from is null || d.Date >= from).ToList();
        RangeDays = inRange.Count;
        RangeShocks = inRange.Count(d => d.IsShock);
        Chart = CompanyHistory.Downsample(inRange, ChartPoints);

        // Ranked as rankInCompany is: by ΔM, or by % change for a company without share counts.
        var ranked = Days.Where(d => d.IsRanked).ToList();
        Func<CompanyHistory.Point, double> move = HasMarketCap ? d => (double)(d.MarketCapChange ?? 0) : d => d.ChangePct!.Value;
        Worst = [.. ranked.OrderBy(move).ThenBy(d => d.Date).Take(ListedDays)];
        Best = [.. ranked.OrderByDescending(move).ThenBy(d => d.Date).Take(ListedDays)];
        Bins = CompanyHistory.Histogram(ranked.Select(d => d.ChangePct!.Value));
        Drawdown = CompanyHistory.Downsample(CompanyHistory.DrawdownSeries(Days), DrawdownPoints);
        Drawdowns = CompanyHistory.WorstDrawdowns(Days, ListedDays);
        Labelled = [.. Days.Where(d => d.Label is not null).Reverse()];
        return Page();
    }

    public bool IsApproximate(DateOnly date) => HasMarketCap && FirstShareCount is { } first && date < first;

    public string DayUrl(DateOnly date) => Url.Page(Links.CompanyDayPage, new { ticker = Company!.Ticker, date = Display.Iso(date) })!;

    public string ChartJson() => CompanyCharts.History(this);

    public string DrawdownJson() => CompanyCharts.Drawdown(Drawdown);
}
