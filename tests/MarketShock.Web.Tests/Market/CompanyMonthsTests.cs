using System.Globalization;
using MarketShock.Data;
using MarketShock.Market;
using MarketShock.Pages.Companies;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketShock.Tests.Market;

/// <summary>
/// The months of company_months, against what the company's whole series gives in C#; a new day rewrites only its own
/// month; and the permalink of a series too long to thin from every day shows what the whole series gives.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class CompanyMonthsTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const int LongSeries = DayContext.ThinnedFromEveryDayUpTo + 500;

    private static readonly DateOnly Start = new(2012, 1, 2);

    // The walk's days of +3%, −7%, −10%, −30% and +150% (see Walk).
    private static readonly int[] EdgeDays = [7, 8, 9, 11, 12];

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    /// <summary>
    /// A walk with fat tails and, on fixed days, moves on the bins' edges and beyond them: exactly +3%, −7% (−7.000000000000001
    /// in float8 × 100, which only the rounding to 9 decimals puts in its bin) and −10%, −30% and +150% (outside ±15%), a
    /// 2-for-1-sized fall (a suspected split, unranked) and an equal close (a tie for the extremes).
    /// </summary>
    private static (string Date, decimal Close)[] Walk(int seed, int days)
    {
        var random = new Random(seed);
        var closes = new decimal[days];
        closes[0] = 100m;
        for (var i = 1; i < days; i++)
        {
            var previous = closes[i - 1];
            // The edge moves start from a whole close, so that each is exact at the stored 6 decimals.
            closes[i] = (i % 400) switch
            {
                6 or 10 => Math.Round(previous, 0),
                7 => previous * 1.03m,
                8 => previous * 0.93m,
                9 => previous * 0.9m,
                11 => previous * 0.7m,
                12 => previous * 2.5m,
                13 => previous * 0.5m,
                14 => previous,
                _ => Math.Round(previous * (decimal)(1 + (random.NextDouble() - 0.5) * (random.Next(20) == 0 ? 0.3 : 0.04)), 4),
            };
            closes[i] = Math.Round(closes[i], 6);
        }
        return PriceFiles.Weekdays(Start, closes);
    }

    /// <summary>Share counts, then one file of the three series: a first load, whose months the importer sums as it reads
    /// the file (FirstLoad), the way write_months.sql sums them for every other import.</summary>
    private async Task ImportLongMarketAsync()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv",
            $"Ticker,Date,Shares\nAAA,{Start.AddYears(3):yyyy-MM-dd},2500000000\nAAA,{Start.AddYears(7):yyyy-MM-dd},2400000000\nBBB,{Start:yyyy-MM-dd},900000000\n")));
        // A gap of a fortnight in BBB (a move after it is not ranked); CCC has no share count (its value is the close).
        var bbb = Walk(2, 900);
        var csv = new System.Text.StringBuilder("Ticker,Date,Close\n");
        foreach (var (ticker, days) in new[] { ("AAA", Walk(1, LongSeries)), ("BBB", [.. bbb[..300], .. bbb[310..]]), ("CCC", Walk(3, 700)) })
            foreach (var (date, close) in days)
                csv.Append(CultureInfo.InvariantCulture, $"{ticker},{date},{close}\n");
        var log = await app.ImportAsync(_files.Write("market.csv", csv.ToString()));
        ImportHelpers.AssertImported(log);
    }

    [Fact]
    public async Task Each_month_holds_its_days_first_and_last_lowest_and_highest_day_and_its_ranked_changes_per_bin()
    {
        await ImportLongMarketAsync();

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        foreach (var company in await db.Companies.AsNoTracking().ToListAsync())
        {
            var points = await CompanyHistory.LoadAsync(db, company.Id, null, null, new ShockOptions(), CancellationToken.None);
            var expected = points.GroupBy(p => new DateOnly(p.Date.Year, p.Date.Month, 1)).Select(g => new
            {
                Month = g.Key,
                Days = g.Count(),
                First = g.First().Date,
                Last = g.Last().Date,
                // The earliest of equal values: the first met in date order.
                Low = g.Aggregate((a, b) => b.Value < a.Value ? b : a).Date,
                High = g.Aggregate((a, b) => b.Value > a.Value ? b : a).Date,
                Bins = string.Join(",", g.Where(p => p.IsRanked).Select(p => CompanyHistory.BinIndex(p.ChangePct!.Value)).Order()),
            }).ToList();
            var stored = (await db.CompanyMonths.AsNoTracking().Where(m => m.CompanyId == company.Id).OrderBy(m => m.Month).ToListAsync())
                .Select(m => new { m.Month, m.Days, First = m.FirstDate, Last = m.LastDate, Low = m.LowDate, High = m.HighDate, Bins = string.Join(",", m.Bins) })
                .ToList();

            Assert.Equal(expected, stored);
        }
        // The first load's months, summed in C#, are those write_months.sql sums from the stored rows.
        var loaded = await app.DerivedFingerprintAsync();
        await ShockAnalytics.RecomputeAllAsync(db, CancellationToken.None);
        Assert.Equal(loaded, await app.DerivedFingerprintAsync());
        // The walk's edge moves are there to be binned: +3% in the bin from 3%, −7% in the one from −7% and −10% in the one from
        // −10%, −30% and +150% in the outer bins.
        var aaa = await CompanyHistory.LoadAsync(db, (await db.Companies.SingleAsync(c => c.Ticker == "AAA")).Id, null, null, new ShockOptions(), CancellationToken.None);
        Assert.Equal([18, 8, 5, 0, 29], EdgeDays.Select(i => CompanyHistory.BinIndex(aaa[i].ChangePct!.Value)));
        Assert.False(aaa[13].IsRanked);
    }

    [Fact]
    public async Task A_new_day_rewrites_the_months_row_of_its_own_company_and_month_and_no_other()
    {
        await ImportLongMarketAsync();
        const string Versions = "SELECT company_id || ' ' || month || ' ' || xmin::text FROM company_months ORDER BY company_id, month";
        var before = await app.ScalarAsync<string[]>($"SELECT array_agg(v) FROM ({Versions}) x(v)");
        var last = DateOnly.Parse(Walk(3, 700)[^1].Date, CultureInfo.InvariantCulture);
        var next = last.AddDays(last.DayOfWeek == DayOfWeek.Friday ? 3 : 1);

        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("CCC-next.csv", $"Ticker,Date,Close\nCCC,{next:yyyy-MM-dd},1\n")));

        var after = await app.ScalarAsync<string[]>($"SELECT array_agg(v) FROM ({Versions}) x(v)");
        var changed = after.Except(before).Select(v => string.Join(' ', v.Split(' ')[..2])).ToList();
        var ccc = await app.ScalarAsync<int>("SELECT id FROM companies WHERE ticker = 'CCC'");
        Assert.Equal([$"{ccc} {new DateOnly(next.Year, next.Month, 1):yyyy-MM-dd}"], changed);
        Assert.Equal(before.Length + (next.Month == last.Month ? 0 : 1), after.Length);
        var incremental = await app.DerivedFingerprintAsync();
        await using (var scope = app.Factory.Services.CreateAsyncScope())
            await ShockAnalytics.RecomputeAllAsync(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), CancellationToken.None);
        Assert.Equal(await app.DerivedFingerprintAsync(), incremental);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_permalink_of_a_long_series_shows_what_its_whole_series_gives(bool upDay)
    {
        await ImportLongMarketAsync();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        var options = new ShockOptions();
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Ticker == "AAA");
        var all = await CompanyHistory.LoadAsync(db, company.Id, null, null, options, CancellationToken.None);
        Assert.True(all.Count > DayContext.ThinnedFromEveryDayUpTo);
        // A day in the middle: the worst shock, or the best up day after it.
        var shocks = all.Where(p => p.IsShock).ToList();
        var worstShock = shocks.OrderBy(p => p.MarketCapChange is null).ThenBy(p => p.MarketCapChange).ThenBy(p => p.Change).ThenBy(p => p.Date).First();
        var day = upDay ? all.Where(p => p.IsRanked && p.Change > 0 && p.Date > worstShock.Date).MaxBy(p => p.Change)! : worstShock;
        var figures = await CompanyDays.LoadAsync(db, new CompanyDays.Query(company, day.Date), 10, CancellationToken.None);

        var view = await DayContext.LoadAsync(db, figures!, options, new ReaderOptions(), CancellationToken.None);

        var at = all.FindIndex(p => p.Date == day.Date);
        Assert.Equal(all.GetRange(Math.Max(0, at - DayContext.DaysBefore), Math.Min(all.Count - 1, at + DayContext.DaysAfter) - Math.Max(0, at - DayContext.DaysBefore) + 1), view.Window);
        Assert.Equal((all.Count, shocks.Count, all[^1].Date), (view.HistoryDays, view.HistoryShocks, view.LastDate));
        Assert.Equal(CompanyHistory.Histogram(all.Where(p => p.IsRanked).Select(p => p.ChangePct!.Value)), view.Bins);
        Assert.Equal(upDay ? 1 + all.Count(p => p.IsRanked && p.Change > day.Change) : null, view.BestRank);
        Assert.Equal(shocks.LastOrDefault(p => p.Date < day.Date)?.Date, view.PreviousShock?.Date);
        Assert.Equal(shocks.FirstOrDefault(p => p.Date > day.Date)?.Date, view.NextShock?.Date);
        Assert.Equal(shocks.Where(p => p.Date != day.Date).OrderBy(p => p.MarketCapChange is null).ThenBy(p => p.MarketCapChange).ThenBy(p => p.Change).ThenBy(p => p.Date)
            .Take(DayContext.CompareEvents).Select(p => (p.Date, p.ChangePct!.Value, p.MarketCapChange)), view.CompanyWorst.Select(e => (e.Date, e.ChangePct, e.MarketCapChange)));

        // The history: real days with their own figures, at most the points drawn plus the kept shocks and the day, with the
        // first and last day, the day itself and the worst shocks by change; and every month's lowest and highest day that
        // the thinning kept is there because the months were read, not the days.
        var byDate = all.ToDictionary(p => p.Date);
        Assert.All(view.History, p => Assert.Equal(byDate[p.Date], p));
        Assert.InRange(view.History.Count, DayContext.HistoryPoints / 2, DayContext.HistoryPoints + DayContext.HistoryPoints / CompanyHistory.KeptDaysShare + 1);
        Assert.Equal((all[0].Date, all[^1].Date), (view.History[0].Date, view.History[^1].Date));
        Assert.Contains(view.History, p => p.Date == day.Date);
        var keptShocks = shocks.OrderBy(p => p.Change).ThenBy(p => p.Date).Take(DayContext.HistoryPoints / CompanyHistory.KeptDaysShare).Select(p => p.Date);
        Assert.Empty(keptShocks.Except(view.History.Select(p => p.Date)));
        Assert.Equal(all.MinBy(p => p.Value)!.Date, view.History.MinBy(p => p.Value)!.Date);
        Assert.Equal(all.MaxBy(p => p.Value)!.Date, view.History.MaxBy(p => p.Value)!.Date);
    }
}
