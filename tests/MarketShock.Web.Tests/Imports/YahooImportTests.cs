using System.Text;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

[Collection(AppCollectionDefinition.Name)]
public sealed class YahooImportTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly Crash = new(2025, 1, 27);
    private static readonly string Nvda = Files.Fixture("yahoo", "NVDA.csv");
    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_Yahoo_download_imports_every_row_with_its_ticker_dates_and_closes()
    {
        var log = await app.ImportAsync(Nvda);

        ImportHelpers.AssertImported(log);
        Assert.Equal("yahoo", log.Format);
        Assert.Equal("prices", log.Kind);
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal(new DateOnly(2025, 1, 21), log.FirstDate);
        Assert.Equal(new DateOnly(2025, 1, 29), log.LastDate);
        Assert.Equal((7, 7, 0, 0, 0), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged, log.RowsSkipped));
        Assert.Empty(log.Errors);
        Assert.Empty(log.Warnings);
        Assert.Equal(7, await app.PriceRowsAsync("NVDA"));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 24)));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM companies WHERE ticker = 'NVDA'"));
        // Every column of the crash day is stored, not only the close.
        Assert.Equal("124.800000 128.400000 116.700000 118.420000 118.400000 818830900", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', open, high, low, close, adjusted_close, volume) FROM daily_prices WHERE date = $1", Crash));
    }

    [Fact]
    public async Task A_successful_import_is_recorded_in_the_import_history()
    {
        var log = await app.ImportAsync(Nvda, new ImportRequest("admin@example.com"));

        ImportHelpers.AssertImported(log);
        Assert.Equal("Imported admin@example.com NVDA.csv 7 7 false", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', status, imported_by, file_name, rows_read, rows_inserted, dry_run::text) FROM import_logs"));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(Nvda))),
            await app.ScalarAsync<string>("SELECT sha256 FROM import_logs"));
    }

    [Fact]
    public async Task Headers_in_another_case_and_order_import_the_same_values()
    {
        var path = _files.Write("NVDA.csv", """
            volume,adj close,CLOSE,low,HIGH,open,date
            818830900,118.4,118.42,116.7,128.4,124.8,2025-01-27
            234657600,142.59,142.62,141.88,148.97,148.37,2025-01-24
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal(2, log.RowsInserted);
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal("124.800000 128.400000 116.700000 118.420000 118.400000 818830900", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', open, high, low, close, adjusted_close, volume) FROM daily_prices WHERE date = $1", Crash));
    }

    [Fact]
    public async Task The_ticker_named_in_the_request_overrides_the_file_name()
    {
        var path = _files.Write("download (3).csv", File.ReadAllText(Nvda));

        var log = await app.ImportAsync(path, new ImportRequest("tests", Ticker: " nvda "));

        ImportHelpers.AssertImported(log);
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task The_ticker_comes_from_the_file_name_in_upper_case()
    {
        var path = _files.Write("nvda.csv", File.ReadAllText(Nvda));

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Nvda));
        var before = await app.FingerprintAsync();

        var again = await app.ImportAsync(Nvda);

        ImportHelpers.AssertImported(again);
        Assert.Equal((7, 0, 0, 7), (again.RowsRead, again.RowsInserted, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE status = 'Imported'"));
    }

    [Fact]
    public async Task A_corrected_close_on_reimport_updates_that_one_row()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Nvda));
        var corrected = _files.Write("NVDA.csv", File.ReadAllText(Nvda).Replace(",118.42,", ",118.43,", StringComparison.Ordinal));

        var log = await app.ImportAsync(corrected);

        ImportHelpers.AssertImported(log);
        Assert.Equal((0, 1, 6), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal(118.43m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 24)));
    }

    [Fact]
    public async Task Extra_rows_on_reimport_are_inserted_next_to_the_unchanged_ones()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Nvda));
        var longer = _files.Write("NVDA.csv", File.ReadAllText(Nvda) + "2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n");

        var log = await app.ImportAsync(longer);

        ImportHelpers.AssertImported(log);
        Assert.Equal((8, 1, 0, 7), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal(8, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task Yahoo_null_rows_are_skipped_with_a_warning_naming_the_line()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
            2025-01-25,null,null,null,null,null,null
            2025-01-27,124.8,128.4,116.7,118.42,118.4,818830900
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal((3, 2, 1), (log.RowsRead, log.RowsInserted, log.RowsSkipped));
        var warning = Assert.Single(log.Warnings);
        Assert.Contains("line 3", warning, StringComparison.Ordinal);
        Assert.Contains("2025-01-25", warning, StringComparison.Ordinal);
        Assert.Equal(2, await app.PriceRowsAsync("NVDA"));
        Assert.Null(await app.CloseAsync("NVDA", new DateOnly(2025, 1, 25)));
    }

    [Fact]
    public async Task Windows_line_endings_and_a_byte_order_mark_import_like_any_other_file()
    {
        var content = File.ReadAllText(Nvda).ReplaceLineEndings("\r\n");
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await File.WriteAllTextAsync(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, (await File.ReadAllBytesAsync(path))[0]);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal((7, 7), (log.RowsRead, log.RowsInserted));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(123.7m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 29)));
        Assert.Equal(467120600L, await app.ScalarAsync<long>("SELECT volume FROM daily_prices WHERE date = '2025-01-29'"));
    }

    [Fact]
    public async Task A_file_without_a_final_newline_or_with_a_blank_last_line_imports_every_row()
    {
        var withoutNewline = _files.Write("NVDA.csv", File.ReadAllText(Nvda).TrimEnd('\n'));
        var withBlankLine = _files.Write("AMD.csv", File.ReadAllText(Files.Fixture("yahoo", "AMD.csv")) + "\n");

        var first = await app.ImportAsync(withoutNewline);
        var second = await app.ImportAsync(withBlankLine);

        ImportHelpers.AssertImported(first);
        ImportHelpers.AssertImported(second);
        Assert.Equal(7, first.RowsInserted);
        Assert.Equal(7, second.RowsInserted);
        Assert.Equal(123.7m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 29)));
    }

    [Fact]
    public async Task Whole_volumes_written_with_a_decimal_point_are_accepted()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-27,124.8,128.4,116.7,118.42,118.4,818830900.0
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal(818830900L, await app.ScalarAsync<long>("SELECT volume FROM daily_prices"));
    }

    [Fact]
    public async Task A_dry_run_reports_the_counts_but_changes_nothing_and_is_logged_as_a_dry_run()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "AMD.csv")));
        var before = await app.FingerprintAsync();

        var log = await app.ImportAsync(Nvda, new ImportRequest("tests", DryRun: true));

        ImportHelpers.AssertImported(log);
        Assert.True(log.DryRun);
        Assert.Equal((7, 7, 0, 0), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies WHERE ticker = 'NVDA'"));
        Assert.Equal("Imported 7 true", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', status, rows_inserted, dry_run::text) FROM import_logs WHERE file_name = 'NVDA.csv'"));
    }

    [Fact]
    public async Task A_dry_run_of_a_changed_file_reports_the_update_it_would_make()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Nvda));
        var before = await app.FingerprintAsync();
        var corrected = _files.Write("NVDA.csv", File.ReadAllText(Nvda).Replace(",118.42,", ",118.43,", StringComparison.Ordinal));

        var log = await app.ImportAsync(corrected, new ImportRequest("tests", DryRun: true));

        ImportHelpers.AssertImported(log);
        Assert.Equal((0, 1, 6), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
    }
}
