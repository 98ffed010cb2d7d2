using System.Globalization;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Market;
using MarketShock.Tests.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MarketShock.Tests.Market;

/// <summary>
/// An import recomputes only the series it changed, from the first changed date; whatever the order of the imports,
/// the figures must equal those of a recomputation from scratch. Imports and their figures commit together.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class IncrementalRecomputeTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly string[] Tickers = ["AAA", "BBB", "CCC"];

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    /// <summary>A deterministic random walk of weekday closes, with a few large falls, long enough for σ's 250-day window.</summary>
    private static (string Date, decimal Close)[] Walk(int seed, int days)
    {
        var random = new Random(seed);
        var close = 100.0;
        var closes = Enumerable.Range(0, days).Select(i =>
        {
            close *= i % 97 == 50 ? 0.85 : 1 + (random.NextDouble() - 0.5) * 0.05;
            return Math.Round((decimal)close, 4);
        });
        return PriceFiles.Weekdays(new DateOnly(2022, 1, 3), closes);
    }

    private Task<ImportLog> ImportAsync(string name, string content) => app.ImportAsync(_files.Write($"{Guid.NewGuid():N}/{name}", content));

    private async Task RecomputeAllAsync()
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        await ShockAnalytics.RecomputeAllAsync(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), CancellationToken.None);
    }

    [Fact]
    public async Task Figures_built_up_import_by_import_equal_a_recomputation_from_scratch()
    {
        var (aaa, bbb) = (Walk(1, 420), Walk(2, 400));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(aaa[..300])));
        ImportHelpers.AssertImported(await ImportAsync("BBB.csv", PriceFiles.Prices(bbb[100..])));
        ImportHelpers.AssertImported(await ImportAsync("shares.csv", $"Ticker,Date,Shares\nAAA,{aaa[200].Date},1000000\nBBB,{bbb[300].Date},500000\n"));
        // New days, older days (a backfill), a corrected close in the middle, another share count and a sector.
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(aaa[300..])));
        ImportHelpers.AssertImported(await ImportAsync("BBB.csv", PriceFiles.Prices(bbb[..100])));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices((aaa[150].Date, aaa[150].Close * 0.8m))));
        ImportHelpers.AssertImported(await ImportAsync("shares.csv", $"Ticker,Date,Shares\nAAA,{aaa[350].Date},1200000\nBBB,{bbb[50].Date},400000\n"));
        ImportHelpers.AssertImported(await ImportAsync("companies.csv", "Ticker,Name,Sector\nAAA,A Inc.,Technology\nBBB,B Inc.,Energy\n"));
        var incremental = await app.DerivedFingerprintAsync();

        await RecomputeAllAsync();

        Assert.Equal(await app.DerivedFingerprintAsync(), incremental);
        Assert.Equal(820L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves"));
        Assert.True(await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves m JOIN daily_move_history h USING (company_id, date) WHERE h.recovery_date IS NOT NULL AND m.volatility IS NOT NULL AND h.rank_by_loss IS NOT NULL") > 100);
    }

    [Fact]
    public async Task A_first_import_of_a_large_market_builds_the_indexes_after_the_rows_and_gives_the_same_figures()
    {
        const string Indexes = """
            SELECT string_agg(indexname || ' ' || indexdef, E'\n' ORDER BY indexname) || ' / ' || string_agg((indexname::regclass)::oid::text, ' ' ORDER BY indexname)
            FROM pg_indexes WHERE tablename = 'daily_prices' AND indexname <> 'pk_daily_prices'
            """;
        var before = (await app.ScalarAsync<string>(Indexes)).Split(" / ");
        // 100,000 rows, the size from which a first import drops and rebuilds the secondary indexes.
        var csv = new System.Text.StringBuilder("Ticker,Date,Open,High,Low,Close,Adj Close,Volume\n");
        foreach (var ticker in Enumerable.Range(0, 100))
            foreach (var (date, close) in Walk(ticker, 1_000))
                csv.Append(CultureInfo.InvariantCulture, $"T{ticker:D3},{date},{close},{close},{close},{close},,1000\n");
        ImportHelpers.AssertImported(await ImportAsync("market.csv", csv.ToString()));
        var imported = await app.DerivedFingerprintAsync();
        var after = (await app.ScalarAsync<string>(Indexes)).Split(" / ");

        Assert.Equal(before[0], after[0]); // the same eight indexes, defined as the migrations define them
        Assert.Equal(8, before[0].Split('\n').Length);
        Assert.NotEqual(before[1], after[1]); // built again: new indexes
        await RecomputeAllAsync(); // into a new table, swapped in with its indexes built after its rows
        Assert.Equal(imported, await app.DerivedFingerprintAsync());
        Assert.Equal(100_000L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves"));
        var recomputed = (await app.ScalarAsync<string>(Indexes)).Split(" / ");
        Assert.Equal(before[0], recomputed[0]);
        Assert.NotEqual(after[1], recomputed[1]);
    }

    [Fact]
    public async Task During_a_full_recomputation_readers_see_the_old_figures_without_waiting_and_then_the_new_ones()
    {
        var days = Walk(3, 300);
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days)));
        var last = DateOnly.Parse(days[^1].Date, CultureInfo.InvariantCulture);
        const string Change = "SELECT change FROM daily_moves WHERE date = $1";
        var computed = await app.ScalarAsync<double>(Change, last);
        // A stored figure that the recomputation will put right, so that old and new can be told apart.
        await app.ExecuteAsync($"UPDATE daily_moves SET change = 0.5 WHERE date = '{last:yyyy-MM-dd}'");

        // The market days' lock held elsewhere stops the recomputation after its new table is built, before the swap.
        await using var holder = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('marketshock.market_days', 0))", holder, hold).ExecuteNonQueryAsync();
        var recomputation = RecomputeAllAsync();
        await WaitForAsync(AWaitingAdvisoryLockAsync);

        // A reader that waited for the swap would fail here rather than hang.
        await using (var reader = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(app.ConnectionString) { Options = "-c statement_timeout=5000" }.ConnectionString))
        {
            await reader.OpenAsync();
            await using var read = new Npgsql.NpgsqlCommand(Change, reader) { Parameters = { new() { Value = last } } };
            Assert.Equal(0.5, (double)(await read.ExecuteScalarAsync())!);
        }
        Assert.False(recomputation.IsCompleted);
        await hold.RollbackAsync();
        await recomputation;

        Assert.Equal(computed, await app.ScalarAsync<double>(Change, last));
        Assert.Equal(300L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_move_history"));
    }

    [Fact]
    public async Task An_import_waits_for_a_full_recomputation_and_its_moves_are_not_lost_with_the_old_table()
    {
        var days = Walk(4, 301);
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days[..300])));

        // A full recomputation in progress holds this lock alone.
        await using var holder = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('marketshock.recomputation', 0))", holder, hold).ExecuteNonQueryAsync();
        var import = ImportAsync("AAA.csv", PriceFiles.Prices(days[300..]));
        await WaitForAsync(AWaitingAdvisoryLockAsync);

        Assert.False(import.IsCompleted);
        Assert.Equal(300L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        await hold.RollbackAsync();
        ImportHelpers.AssertImported(await import);
        Assert.Equal(301L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves"));
    }

    private Task<bool> AWaitingAdvisoryLockAsync() => app.ScalarAsync<bool>("""
        SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                       WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database())
        """);

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
            await Task.Delay(50);
        Assert.True(await condition(), "waited 10 s");
    }

    [Fact]
    public async Task A_new_day_writes_its_own_row_and_rewrites_no_stored_one()
    {
        // 400 days with falls that are still open (no recovery yet), then one day that recovers some of them and becomes
        // the company's worst: every figure of the stored days that looks forward changes, and none of their rows may.
        var days = Walk(5, 401);
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days[..400])));
        const string Versions = "SELECT string_agg(date || ':' || xmin, ',' ORDER BY date) FROM daily_prices";
        var before = await app.ScalarAsync<string>(Versions);
        var rankedBefore = await app.ScalarAsync<int>("SELECT rank_by_change FROM daily_move_history WHERE date = $1", DateOnly.Parse(days[399].Date, CultureInfo.InvariantCulture));

        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices((days[400].Date, days[399].Close * 0.6m))));

        var after = await app.ScalarAsync<string>(Versions);
        Assert.Equal(before, after[..before.Length]);
        Assert.Equal(1, after[before.Length..].Count(c => c == ':'));
        // The stored days' ranks moved by the new worst day, computed on read.
        Assert.Equal(rankedBefore + 1, await app.ScalarAsync<int>("SELECT rank_by_change FROM daily_move_history WHERE date = $1", DateOnly.Parse(days[399].Date, CultureInfo.InvariantCulture)));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT rank_by_change FROM daily_move_history WHERE date = $1", DateOnly.Parse(days[400].Date, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_correction_rewrites_only_the_rows_whose_figures_change()
    {
        var days = Walk(4, 300);
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days)));
        const string Versions = "SELECT string_agg(xmin::text, ',' ORDER BY date) FROM daily_prices";
        var before = (await app.ScalarAsync<string>(Versions)).Split(',');

        // The last ten days again, the last close corrected: the series is redone from the first of them, and only the
        // last day's figures differ.
        var corrected = days[290..];
        corrected[^1] = (corrected[^1].Date, Math.Round(corrected[^1].Close * 0.9m, 4));
        var log = await ImportAsync("AAA.csv", PriceFiles.Prices(corrected));

        ImportHelpers.AssertImported(log);
        Assert.Equal((0, 1, 9), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        var after = (await app.ScalarAsync<string>(Versions)).Split(',');
        Assert.Equal(before[..^1], after[..^1]);
        Assert.NotEqual(before[^1], after[^1]);
        var incremental = await app.DerivedFingerprintAsync();
        await RecomputeAllAsync();
        Assert.Equal(await app.DerivedFingerprintAsync(), incremental);
    }

    [Fact]
    public async Task A_new_day_can_be_the_worst_since_a_day_before_the_rows_read_again_for_sigma()
    {
        // 400 days with a −25% day on day 10; then day 400 falls 20%. Its recomputation reads from day 149 (251 rows
        // back), so the day it is the worst since, day 10, is found among the stored rows.
        var days = Walk(3, 401);
        days[10] = (days[10].Date, Math.Round(days[9].Close * 0.75m, 4));
        days[400] = (days[400].Date, Math.Round(days[399].Close * 0.8m, 4));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days[..400])));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(days[400..])));
        var incremental = await app.DerivedFingerprintAsync();

        Assert.Equal(days[10].Date, (await app.MoveAsync("AAA", days[400].Date)).WorstSince?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await RecomputeAllAsync();
        Assert.Equal(await app.DerivedFingerprintAsync(), incremental);
    }

    [Fact]
    public async Task Imports_of_different_companies_at_the_same_time_leave_market_days_that_count_both()
    {
        ImportHelpers.AssertImported(await ImportAsync("shares.csv", "Ticker,Date,Shares\nAAA,2022-01-03,1000\nBBB,2022-01-03,2000\nCCC,2022-01-03,3000\n"));
        for (var round = 0; round < 4; round++)
        {
            // Both files change the same dates' market days; the one committing last must not overwrite the other's totals.
            var days = Walk(round, 60);
            var imports = Tickers.Select(t => ImportAsync($"{t}.csv", PriceFiles.Prices(days[(round * 10)..])));
            Assert.All(await Task.WhenAll(imports), ImportHelpers.AssertImported);
        }
        var concurrent = await app.DerivedFingerprintAsync();

        await RecomputeAllAsync();

        Assert.Equal(await app.DerivedFingerprintAsync(), concurrent);
        Assert.Equal(3, await app.ScalarAsync<int>("SELECT companies FROM market_days WHERE sector = '' ORDER BY date DESC LIMIT 1"));
    }

    [Fact]
    public async Task Every_stored_price_has_its_move_after_each_import()
    {
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(Walk(1, 30)[..20])));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(Walk(1, 30)[15..])));

        Assert.Equal(30L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves WHERE running_count IS NOT NULL"));
        Assert.Equal(29L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves WHERE change IS NOT NULL"));
    }

    [Fact]
    public async Task Prices_whose_figures_cannot_be_computed_are_not_stored_either()
    {
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(Walk(1, 30))));
        var before = await app.FingerprintAsync();
        // Make the recomputation fail inside the import's transaction.
        await app.ScalarAsync<int>("""
            CREATE FUNCTION refuse_moves() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no moves today'; END $$;
            CREATE TRIGGER refuse_moves BEFORE INSERT OR UPDATE ON daily_prices FOR EACH ROW
                WHEN (NEW.running_count IS NOT NULL) EXECUTE FUNCTION refuse_moves();
            SELECT 1
            """);
        try
        {
            var log = await ImportAsync("AAA.csv", PriceFiles.Prices(("2022-02-14", 50m), ("2022-02-15", 40m)));

            Assert.Equal(ImportStatus.Failed, log.Status);
            Assert.Contains(log.Errors, e => e.Message.Contains("no moves today", StringComparison.Ordinal));
            Assert.Equal(before, await app.FingerprintAsync()); // neither the prices nor their figures
        }
        finally
        {
            await app.ScalarAsync<int>("DROP TRIGGER refuse_moves ON daily_prices; DROP FUNCTION refuse_moves(); SELECT 1");
        }
    }

    [Fact]
    public async Task A_rejected_import_leaves_every_figure_as_it_was()
    {
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", PriceFiles.Prices(Walk(1, 30))));
        var before = await app.DerivedFingerprintAsync();

        // New closes for the last days, but one row is bad: nothing of the file may be used.
        var log = await ImportAsync("AAA.csv", PriceFiles.Prices(("2022-02-10", 50m), ("2022-02-11", 40m)) + "2022-02-14,1,1,1,-5,,1000\n");

        Assert.Equal(ImportStatus.Rejected, log.Status);
        Assert.Equal(before, await app.DerivedFingerprintAsync());
    }

    [Fact]
    public async Task A_dry_run_computes_nothing()
    {
        var log = await app.ImportAsync(_files.Write("AAA.csv", PriceFiles.Prices(Walk(1, 30))), new ImportRequest("tests", DryRun: true));

        Assert.Equal(ImportStatus.Imported, log.Status);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_moves"));
    }

    [Fact]
    public async Task The_same_file_imported_again_changes_no_figure()
    {
        var file = PriceFiles.Prices(Walk(1, 300));
        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", file));
        var before = await app.DerivedFingerprintAsync();
        var rowVersions = await app.ScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY date) FROM daily_prices");

        ImportHelpers.AssertImported(await ImportAsync("AAA.csv", file));

        Assert.Equal(before, await app.DerivedFingerprintAsync());
        Assert.Equal(rowVersions, await app.ScalarAsync<string>("SELECT string_agg(xmin::text, ',' ORDER BY date) FROM daily_prices"));
    }
}
