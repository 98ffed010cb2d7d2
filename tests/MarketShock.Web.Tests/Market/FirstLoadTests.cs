using System.Globalization;
using System.Text;
using MarketShock.Data;
using MarketShock.Market;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketShock.Tests.Market;

/// <summary>
/// The first price file of a database is loaded straight into daily_prices with figures computed in C# as it is read
/// (FirstLoad); every later import and a full recomputation compute them in SQL. Both must give the same rows, digit for
/// digit, on every kind of day: gaps, suspected and recorded splits, approximate share counts, extreme moves and prices.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class FirstLoadTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private readonly Files _files = new();

    // The import's log in readable text, where it says how it read the file.
    private static readonly Dictionary<string, string> ReadableLog = new() { ["DOTNET_ENVIRONMENT"] = "Development" };

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    private sealed record Day(string Ticker, DateOnly Date, decimal Close, bool WithRange = true);

    /// <summary>
    /// AAA: 400 sessions with a 12-day gap, a halving and a doubling of the close on days without a split. BBB: a recorded
    /// 2-for-1 split its prices are already adjusted for, then a fall of 99.997% (a quotient at more than 20 decimals) and a
    /// recovery. CCC, not in the company file: 40 sessions at trillions of dollars a share. DDD: one row.
    /// </summary>
    private static List<Day> Market()
    {
        var random = new Random(3);
        var days = new List<Day>();
        var date = new DateOnly(2022, 1, 3);
        var close = 100m;
        for (var i = 0; i < 400; i++)
        {
            date = NextWeekday(date.AddDays(i == 200 ? 12 : 0));
            close = i switch { 300 => Math.Round(close / 2, 4), 320 => close * 2, _ => Math.Round(close * (decimal)(1 + (random.NextDouble() - 0.5) * 0.06), 4) };
            days.Add(new Day("AAA", date, close, WithRange: i % 7 != 0));
        }
        (date, close) = (new DateOnly(2022, 6, 1), 40m);
        for (var i = 0; i < 300; i++)
        {
            date = NextWeekday(date);
            close = i switch { 250 => 0.0012m, 251 => 0.0013m, 252 => 41.5m, _ => Math.Round(close * (decimal)(1 + (random.NextDouble() - 0.5) * 0.04), 6) };
            days.Add(new Day("BBB", date, close));
        }
        (date, close) = (new DateOnly(2023, 1, 2), 3_000_000_000_000.123456m); // at most 1.03^40 × this, under the 10 trillion cap
        for (var i = 0; i < 40; i++)
        {
            date = NextWeekday(date);
            close = Math.Round(close * (decimal)(1 + (random.NextDouble() - 0.5) * 0.06), 6);
            days.Add(new Day("CCC", date, close));
        }
        days.Add(new Day("DDD", new DateOnly(2024, 3, 1), 12.5m));
        return days;
    }

    private static DateOnly NextWeekday(DateOnly date)
    {
        do
            date = date.AddDays(1);
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        return date;
    }

    private static string PriceFile(IEnumerable<Day> days)
    {
        var csv = new StringBuilder("Ticker,Date,Open,High,Low,Close,Adj Close,Volume\n");
        foreach (var d in days)
        {
            var range = d.WithRange ? string.Create(CultureInfo.InvariantCulture, $"{d.Close},{d.Close * 1.01m},{d.Close * 0.99m}") : ",,";
            csv.Append(CultureInfo.InvariantCulture, $"{d.Ticker},{d.Date:yyyy-MM-dd},{range},{d.Close},,{d.Date.DayNumber % 5000}\n");
        }
        return csv.ToString();
    }

    /// <summary>Companies, share counts (AAA's first after its first day: the days before are approximate) and BBB's split.</summary>
    private async Task ImportCompaniesSharesAndSplitsAsync(List<Day> market)
    {
        DateOnly On(string ticker, int session) => market.Where(d => d.Ticker == ticker).ElementAt(session).Date;
        var files = new[]
        {
            _files.Write("companies.csv", "Ticker,Name,Sector\nAAA,A Inc.,Technology\nBBB,B Corp.,Energy\nDDD,D Ltd.,Technology\n"),
            _files.Write("shares.csv", $"Ticker,Date,Shares\nAAA,{On("AAA", 50):yyyy-MM-dd},1000000\nAAA,{On("AAA", 250):yyyy-MM-dd},1100000\nBBB,{On("BBB", 10):yyyy-MM-dd},250000000\n"),
            _files.Write("splits.csv", $"Ticker,Date,Ratio\nBBB,{On("BBB", 100):yyyy-MM-dd},2\n"),
        };
        var result = await app.RunAsync(["import", .. files]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    private async Task RecomputeAllAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await ShockAnalytics.RecomputeAllAsync(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), CancellationToken.None);
    }

    [Fact]
    public async Task A_first_load_read_straight_into_the_prices_has_the_figures_a_recomputation_in_SQL_gives()
    {
        var market = Market();
        await ImportCompaniesSharesAndSplitsAsync(market);
        var prices = _files.Write("prices.csv", PriceFile(market));

        var result = await app.RunAsync(["import", prices], ReadableLog);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Loaded prices.csv directly, 4 companies with their figures", result.Error, StringComparison.Ordinal);
        Assert.Contains("read 741, inserted 741, updated 0, unchanged 0", result.Output, StringComparison.Ordinal);
        var loaded = await app.DerivedFingerprintAsync();
        // What a reader sees of those days: the unrecorded halving and doubling flagged and left out of the rankings, the
        // recorded split not; the fall of BBB ranked, measured against σ; the company the prices named created.
        Assert.Equal(["AAA", "AAA"], await app.ScalarAsync<string[]>(
            "SELECT array_agg(c.ticker ORDER BY m.date) FROM daily_moves m JOIN companies c ON c.id = m.company_id WHERE m.suspected_split"));
        Assert.Equal(1L, await app.ScalarAsync<long>(
            "SELECT count(*) FROM daily_moves m JOIN companies c ON c.id = m.company_id WHERE c.ticker = 'AAA' AND m.after_gap AND NOT m.ranked"));
        Assert.True(await app.ScalarAsync<double>(
            "SELECT m.z_score FROM daily_moves m JOIN companies c ON c.id = m.company_id WHERE c.ticker = 'BBB' AND m.close = 0.0012") < -10);
        Assert.Equal("CCC", await app.ScalarAsync<string>("SELECT name FROM companies WHERE ticker = 'CCC'"));
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM market_days WHERE sector = 'Energy'") > 200);

        await RecomputeAllAsync();

        Assert.Equal(loaded, await app.DerivedFingerprintAsync());
    }

    [Fact]
    public async Task A_first_load_whose_companies_are_not_each_together_is_staged_instead_and_stores_each_row_once()
    {
        var market = Market();
        await ImportCompaniesSharesAndSplitsAsync(market);
        // In date order, as a market-wide export would be: AAA's rows are interleaved with BBB's.
        var prices = _files.Write("prices.csv", PriceFile(market.OrderBy(d => d.Date).ThenBy(d => d.Ticker, StringComparer.Ordinal)));

        var result = await app.RunAsync(["import", prices], ReadableLog);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains("Staging prices.csv rather than loading it directly: AAA's rows are not together", result.Error, StringComparison.Ordinal);
        Assert.Contains("read 741, inserted 741, updated 0, unchanged 0", result.Output, StringComparison.Ordinal);
        Assert.Equal(741L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Equal(4L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
        var staged = await app.DerivedFingerprintAsync();

        await RecomputeAllAsync();

        Assert.Equal(staged, await app.DerivedFingerprintAsync());
    }

    [Fact]
    public async Task Raw_prices_across_recorded_splits_are_divided_as_the_staged_path_divides_them()
    {
        // 400 sessions of raw prices (4 decimals, so that the quotients do not end): a 3-for-1 split at session 150 and a
        // 2-for-1 at 300, the prices before each not adjusted for it.
        var random = new Random(5);
        var (dates, close) = (PriceFiles.Weekdays(new DateOnly(2021, 1, 4), 400), 600m);
        var csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
        for (var i = 0; i < 400; i++)
        {
            close = Math.Round(close * (decimal)(1 + (random.NextDouble() - 0.5) * 0.04), 4) / (i is 150 ? 3 : i is 300 ? 2 : 1);
            close = Math.Round(close, 4);
            csv.Append(CultureInfo.InvariantCulture, $"{dates[i]},{close + 0.0001m},{close * 1.0103m:0.0000},{close * 0.9897m:0.0000},{close},,{1000 + 7 * i}\n");
        }
        var splits = _files.Write("splits.csv", $"Ticker,Date,Ratio\nRAW,{dates[150]},3\nRAW,{dates[300]},2\n");
        var raw = _files.Write("RAW.csv", csv.ToString());
        const string Stored = """
            SELECT string_agg(concat_ws(',', p.date, p.open, p.high, p.low, p.close, p.volume, p.change, p.ranked, p.suspected_split, p.volatility,
                                        p.z_score, p.running_sum, p.running_sum_of_squares), '|' ORDER BY p.date)
            FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = 'RAW'
            """;
        Assert.Equal(0, (await app.RunAsync(["import", splits])).ExitCode);

        var loaded = await app.RunAsync(["import", raw], ReadableLog);

        Assert.True(loaded.ExitCode == 0, loaded.Output + loaded.Error);
        Assert.Contains("Loaded RAW.csv directly", loaded.Error, StringComparison.Ordinal);
        foreach (var (date, ratio) in new[] { (dates[150], "3-for-1"), (dates[300], "2-for-1") })
            Assert.True((loaded.Output + loaded.Error).Contains($"RAW: the file's prices before {date} are not adjusted for the {ratio} split of that day", StringComparison.Ordinal), loaded.Output + loaded.Error);
        var direct = await app.ScalarAsync<string>(Stored);

        // The same file through the staging table: a price is stored already, so it is not a first load.
        await app.ResetAsync();
        Assert.Equal(0, (await app.RunAsync(["import", splits, _files.Write("OTHER.csv", "Date,Close\n2021-01-04,10\n")])).ExitCode);
        var staged = await app.RunAsync(["import", raw], ReadableLog);

        Assert.True(staged.ExitCode == 0, staged.Output + staged.Error);
        Assert.DoesNotContain("directly", staged.Error, StringComparison.Ordinal);
        Assert.Equal(direct, await app.ScalarAsync<string>(Stored));
        Assert.Equal(400, direct.Split('|').Length);
    }
}
