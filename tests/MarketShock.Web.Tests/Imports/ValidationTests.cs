using System.Globalization;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// Every rule of a price file: the file is rejected, the first error names the line (1 = header), the column
/// and the offending value and says what is wrong, and the database is exactly as it was before.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ValidationTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    // A row that changes a stored NVDA close and a row that adds a new day: if any part of a rejected file
    // were written, the fingerprint would change.
    private const string ChangedRow = "2025-01-24,148.37,148.97,141.88,142.00,142.59,234657600";
    private const string NewRow = "2025-01-30,123.1,125,118.1,124.65,124.62,392925500";

    private readonly Files _files = new();
    private string _before = "";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "AMD.csv")));
        _before = await app.FingerprintAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string, string?, string?, string> BadRows { get; } = new()
    {
        // case, the bad row (line 3), expected column, expected value, what the message says
        { "date with slashes", "2025/01/27,124.8,128.4,116.7,118.42,118.4,818830900", "Date", "2025/01/27", "yyyy-MM-dd" },
        { "US date", "01/27/2025,124.8,128.4,116.7,118.42,118.4,818830900", "Date", "01/27/2025", "yyyy-MM-dd" },
        { "impossible date", "2025-02-30,124.8,128.4,116.7,118.42,118.4,818830900", "Date", "2025-02-30", "no such calendar date" },
        { "date in the future", $"{Tomorrow},124.8,128.4,116.7,118.42,118.4,818830900", "Date", Tomorrow, "future" },
        { "close not a number", "2025-02-03,124.8,128.4,116.7,abc,118.4,818830900", "Close", "abc", "not a finite number" },
        { "close NaN", "2025-02-03,124.8,128.4,116.7,NaN,118.4,818830900", "Close", "NaN", "not a finite number" },
        { "high Infinity", "2025-02-03,124.8,Infinity,116.7,118.42,118.4,818830900", "High", "Infinity", "not a finite number" },
        { "close missing", "2025-02-03,124.8,128.4,116.7,,118.4,818830900", "Close", "", "required" },
        { "zero open", "2025-02-03,0,128.4,116.7,118.42,118.4,818830900", "Open", "0", "greater than zero" },
        { "negative close", "2025-02-03,124.8,128.4,116.7,-118.42,118.4,818830900", "Close", "-118.42", "greater than zero" },
        { "negative adj close", "2025-02-03,124.8,128.4,116.7,118.42,-1,818830900", "Adj Close", "-1", "greater than zero" },
        { "high below low", "2025-02-03,124.8,116.7,128.4,118.42,118.4,818830900", "High", "116.7", "below Low" },
        { "negative volume", "2025-02-03,124.8,128.4,116.7,118.42,118.4,-5", "Volume", "-5", "whole number" },
        { "fractional volume", "2025-02-03,124.8,128.4,116.7,118.42,118.4,100.5", "Volume", "100.5", "whole number" },
        { "volume not a number", "2025-02-03,124.8,128.4,116.7,118.42,118.4,many", "Volume", "many", "whole number" },
        { "close too large to store", "2025-02-03,124.8,128.4,116.7,1e20,118.4,818830900", "Close", "1e20", "large" },
        { "too few fields", "2025-02-03,124.8,128.4", null, null, "expected 7 fields, found 3" },
        { "too many fields", "2025-02-03,124.8,128.4,116.7,118.42,118.4,818830900,x", null, null, "expected 7 fields, found 8" },
        { "unterminated quote", "2025-02-03,\"124.8,128.4,116.7,118.42,118.4,818830900", "Open", null, "quote" },
    };

    private static string Tomorrow => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_rejects_the_file_naming_line_column_and_value(string rule, string badRow, string? column, string? value, string says)
    {
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{ChangedRow}\n{badRow}\n{NewRow}\n");

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected, $"{rule}: expected Rejected, was {log.Status}: {string.Join("; ", log.Errors)}");
        var error = log.Errors[0];
        Assert.Equal((3, column, value ?? error.Value), (error.Line, error.Column, error.Value));
        Assert.Contains(says, error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_date_repeated_in_the_file_is_reported_on_the_later_line_naming_the_first()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-30,123.1,125,118.1,124.65,124.62,392925500
            2025-01-31,123.78,127.85,119.19,120.07,120.04,390372900
            2025-01-30,123.1,125,118.1,124.66,124.62,392925500
            """);

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Equal((4, "Date", "2025-01-30"), (error.Line, error.Column, error.Value));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    public static TheoryData<string, string, int, string?, string?, string> BadFiles { get; } = new()
    {
        // case, file content, expected line, column, value, what the message says
        { "empty file", "", 1, null, null, "empty" },
        { "header only", ImportHelpers.Header + "\n", 1, null, null, "row" },
        { "unrecognised header", "Datum,Eröffnung,Hoch,Tief,Schluss,Volumen\n2025-01-27,124.8,128.4,116.7,118.42,818830900\n", 1, null, "Datum,Eröffnung,Hoch,Tief,Schluss,Volumen", "not a recognised file" },
        { "header without Close", "Date,Open,High,Low,Adj Close,Volume\n2025-01-27,124.8,128.4,116.7,118.4,818830900\n", 1, null, "Date,Open,High,Low,Adj Close,Volume", "lacks Close" },
        { "duplicate column", "Date,Close,Close,Open,High,Low,Adj Close,Volume\n2025-01-27,118.42,118.42,124.8,128.4,116.7,118.4,818830900\n", 1, "Close", null, "more than once" },
        { "unterminated quote in the header", "Date,\"Open,High,Low,Close,Adj Close,Volume\n2025-01-27,124.8,128.4,116.7,118.42,118.4,818830900\n", 1, null, null, "quote" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_file_that_is_not_a_price_file_is_rejected(string rule, string content, int line, string? column, string? value, string says)
    {
        var path = _files.Write("NVDA.csv", content);

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected, $"{rule}: expected Rejected, was {log.Status}: {string.Join("; ", log.Errors)}");
        var error = log.Errors[0];
        Assert.Equal((line, column, value ?? error.Value), (error.Line, error.Column, error.Value));
        Assert.Contains(says, error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_file_name_that_is_not_a_ticker_is_rejected_asking_for_the_ticker()
    {
        var path = _files.Write("bad<ticker>.csv", $"{ImportHelpers.Header}\n{NewRow}\n");

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Equal("bad<ticker>.csv", error.Value);
        Assert.Contains("ticker", error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_file_name_that_gives_no_ticker_is_named_as_written_in_the_message()
    {
        var path = _files.Write("my prices (1).csv", $"{ImportHelpers.Header}\n{NewRow}\n");

        var log = await app.ImportAsync(path, new ImportRequest("tests"));

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Equal("my prices (1).csv", error.Value);
        Assert.Equal("'my prices (1).csv': the file name does not give a valid ticker (1–15 letters, digits, '.', '-', '^' or '='); "
            + "name the ticker explicitly", error.ToString());
        await AssertNothingChangedAsync();
    }

    [Theory]
    [InlineData("NV DA")]
    [InlineData("<script>")]
    [InlineData("ABCDEFGHIJKLMNOP")]
    public async Task A_ticker_given_with_the_import_that_is_not_valid_is_rejected(string ticker)
    {
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{NewRow}\n");

        var log = await app.ImportAsync(path, new ImportRequest("tests", Ticker: ticker));

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Equal(ticker.ToUpperInvariant(), error.Value);
        Assert.Contains("not a valid ticker", error.Message, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Errors_in_several_rows_are_all_reported_and_nothing_is_imported()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            {ChangedRow}
            2025-01-30,123.1,125,118.1,n/a,124.62,392925500
            2025-01-31,123.78,127.85,119.19,120.07,120.04,390372900
            2025-02-03,114.75,118.57,113.01,116.66,116.63,-1
            2025-02-04,116.96,121.2,116.7,118.65,118.62,256550000,9
            2025-02-05,121.76,125,120.76,124.83,124.8,262230800
            2025-02-31,129.1,130.37,125,128.68,128.65,228186300
            """);

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        Assert.Equal([3, 5, 6, 8], log.Errors.Select(e => e.Line));
        Assert.Equal(["Close", "Volume", null, "Date"], log.Errors.Select(e => e.Column));
        Assert.Equal(7, log.RowsRead);
        Assert.Equal((0, 0), (log.RowsInserted, log.RowsUpdated));
        await AssertNothingChangedAsync();
        Assert.Null(await app.CloseAsync("NVDA", new DateOnly(2025, 1, 31)));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 24)));
    }

    [Fact]
    public async Task A_rejected_file_is_recorded_in_the_import_history_with_its_errors()
    {
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{ChangedRow}\n2025-02-03,124.8,128.4,116.7,abc,118.4,818830900\n");

        var log = await app.ImportAsync(path, new ImportRequest("admin@example.com"));

        Assert.Equal(ImportStatus.Rejected, log.Status);
        Assert.Equal("Rejected admin@example.com NVDA.csv 0 0 false 1", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', status, imported_by, file_name, rows_inserted, rows_updated, dry_run::text, jsonb_array_length(errors)) FROM import_logs WHERE status <> 'Imported'"));
        Assert.Equal("3|Close|abc", await app.ScalarAsync<string>(
            "SELECT concat_ws('|', errors->0->>'line', errors->0->>'column', errors->0->>'value') FROM import_logs WHERE status <> 'Imported'"));
        Assert.Contains("not a finite number", await app.ScalarAsync<string>(
            "SELECT errors->0->>'message' FROM import_logs WHERE status <> 'Imported'"), StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_rejected_dry_run_is_rejected_the_same_way()
    {
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{ChangedRow}\n2025-02-03,124.8,128.4,116.7,abc,118.4,818830900\n");

        var log = await app.ImportAsync(path, new ImportRequest("tests", DryRun: true));

        Assert.Equal(ImportStatus.Rejected, log.Status);
        Assert.Equal((3, "Close"), (log.Errors[0].Line, log.Errors[0].Column));
        Assert.Equal("Rejected true", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', status, dry_run::text) FROM import_logs WHERE status <> 'Imported'"));
        await AssertNothingChangedAsync();
    }

    private async Task AssertNothingChangedAsync() => Assert.Equal(_before, await app.FingerprintAsync());
}
