using System.Globalization;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// The original files of shared/data/reference/raw-formats (SOURCES.md), each imported on top of the import-ready data
/// (prices/, splits/, shares/, companies.csv): either it stores the same closes as prices/ on the days both have, or it
/// is refused with a message that says why.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class RawFormatTests(AppFixture app) : IAsyncLifetime
{
    private const decimal Tolerance = 0.01m;

    /// <summary>Every file of raw-formats and what must happen to it: the ticker to name, and the reason it is refused (null: imported).</summary>
    private static readonly Dictionary<string, (string? Ticker, string? Refused)> Expected = new(StringComparer.Ordinal)
    {
        ["nasdaqcom_NVDA__Scorsato7-nasdaq-stocks.csv"] = ("NVDA", null),
        ["yfinance-multiheader_NVDA__stockup888888-stock.csv"] = (null, null), // the ticker is in its second header line
        ["ibkr-wap-count_NVDA__heliar-k-market-base.csv"] = ("NVDA", null),
        ["yfinance-history-tz-dividends-splits_TSLA__Alexshch09-Stocks-prices.csv"] = ("TSLA", null),
        ["TRAP_no-final-newline-presplit-basis_NVDA__dieperdev-yfinance-stock-data.csv"] = ("NVDA", null),
        ["TRAP_duplicate-columns-second-ticker_AAPL__growwanalysis-nasdaq100.csv"] = ("AAPL", "appears more than once"),
        ["TRAP_iex-only-volume-utc-timestamps_NVDA__Spooky-Labs-Course-1.csv"] = ("NVDA", "midnight"),
        ["quandl-wiki-raw-and-adjusted_NVDA__hsuhanooi-hanstox.csv"] = ("NVDA", "whole number"),
    };

    private string _beforeFile = "";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        if (SampleData.Folder is null)
            return;
        foreach (var file in Directory.GetFiles(SampleData.Path("prices"), "*.csv").Order(StringComparer.Ordinal))
            ImportHelpers.AssertImported(await app.ImportAsync(file));
        ImportHelpers.AssertImported(await app.ImportAsync(SampleData.Path("splits", "splits.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(SampleData.Path("shares", "shares.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(SampleData.Path("companies.csv")));
        _beforeFile = await app.FingerprintAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [SampleDataFact]
    public void Every_file_of_raw_formats_has_an_expected_outcome()
    {
        var files = Directory.GetFiles(SampleData.Path("reference", "raw-formats")).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), files);
    }

    [SampleDataFact]
    public async Task The_import_ready_data_imports_and_splits_after_prices_move_no_stored_price()
    {
        await app.ResetAsync();
        foreach (var file in Directory.GetFiles(SampleData.Path("prices"), "*.csv"))
            ImportHelpers.AssertImported(await app.ImportAsync(file));
        var prices = await app.PricesFingerprintAsync();

        var splits = await app.ImportAsync(SampleData.Path("splits", "splits.csv"));
        var shares = await app.ImportAsync(SampleData.Path("shares", "shares.csv"));
        var companies = await app.ImportAsync(SampleData.Path("companies.csv"));

        Assert.All([splits, shares, companies], ImportHelpers.AssertImported);
        Assert.Equal(("splits", "shares", "companies"), (splits.Kind, shares.Kind, companies.Kind));
        Assert.Equal(DataRows(SampleData.Path("splits", "splits.csv")), splits.RowsInserted);
        Assert.Equal(DataRows(SampleData.Path("shares", "shares.csv")), shares.RowsInserted);
        // The files of prices/ are adjusted for every split: recording the splits must not move one price.
        Assert.Empty(splits.Warnings);
        Assert.Equal(prices, await app.PricesFingerprintAsync());
        Assert.Equal("NVIDIA Corporation", await app.ScalarAsync<string>("SELECT name FROM companies WHERE ticker = 'NVDA'"));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 27)));
    }

    [SampleDataFact]
    public Task The_Nasdaq_com_export_stores_the_closes_of_prices() => AssertSameClosesAsync("nasdaqcom_NVDA__Scorsato7-nasdaq-stocks.csv", "nasdaq");

    [SampleDataFact]
    public Task The_yfinance_download_with_a_ticker_header_line_stores_the_closes_of_prices() => AssertSameClosesAsync("yfinance-multiheader_NVDA__stockup888888-stock.csv", "yfinance");

    [SampleDataFact]
    public Task The_lower_case_IBKR_file_with_extra_columns_and_float_volumes_stores_the_closes_of_prices() => AssertSameClosesAsync("ibkr-wap-count_NVDA__heliar-k-market-base.csv", null);

    [SampleDataFact]
    public Task The_yfinance_history_with_offset_timestamps_stores_the_closes_of_prices() => AssertSameClosesAsync("yfinance-history-tz-dividends-splits_TSLA__Alexshch09-Stocks-prices.csv", null);

    [SampleDataFact]
    public async Task The_file_on_the_basis_before_the_2024_split_is_divided_by_10_with_a_warning()
    {
        var log = await AssertSameClosesAsync("TRAP_no-final-newline-presplit-basis_NVDA__dieperdev-yfinance-stock-data.csv", "yahoo", expectWarnings: true);

        // 926.69 on 2024-03-07 in the file is 92.669 on today's basis (prices/ says 92.67), not 926.69.
        AssertNear(92.669m, await app.CloseAsync("NVDA", new DateOnly(2024, 3, 7)), 0.001m);
        Assert.Contains(log.Warnings, w => w.Contains("basis before", StringComparison.Ordinal) && w.Contains("divided by 10", StringComparison.Ordinal));
        // The last line has no final newline and is imported all the same.
        Assert.Equal(new DateOnly(2024, 3, 8), log.LastDate);
        AssertNear(87.528m, await app.CloseAsync("NVDA", new DateOnly(2024, 3, 8)), 0.001m);
        // Days before prices/ begins come from this file alone, on today's basis: the file's 0.975260 on 2000-01-03
        // (already adjusted for the splits up to 2021) / 10 = 0.097526.
        AssertNear(0.097526m, await app.CloseAsync("NVDA", new DateOnly(2000, 1, 3)), 0.000001m);
    }

    [SampleDataFact]
    public Task The_file_with_every_column_twice_is_refused_because_a_column_appears_more_than_once() =>
        AssertRefusedAsync("TRAP_duplicate-columns-second-ticker_AAPL__growwanalysis-nasdaq100.csv", line: 1, column: "Open");

    [SampleDataFact]
    public Task The_IEX_file_with_UTC_timestamps_is_refused_because_they_are_not_midnight() =>
        AssertRefusedAsync("TRAP_iex-only-volume-utc-timestamps_NVDA__Spooky-Labs-Course-1.csv", line: 2, column: "Date");

    [SampleDataFact]
    public Task The_Quandl_file_with_a_fractional_volume_is_refused_because_volumes_are_whole_numbers() =>
        AssertRefusedAsync("quandl-wiki-raw-and-adjusted_NVDA__hsuhanooi-hanstox.csv", line: 1981, column: "Volume"); // 2007-09-05: 10937866.666667

    /// <summary>Imports the file and compares every stored close in its date range with prices/ on the days both have.</summary>
    private async Task<ImportLog> AssertSameClosesAsync(string name, string? format, bool expectWarnings = false)
    {
        var (ticker, _) = Expected[name];
        var log = await app.ImportAsync(SampleData.Path("reference", "raw-formats", name), new ImportRequest("tests", Ticker: ticker));

        ImportHelpers.AssertImported(log);
        Assert.Equal("prices", log.Kind);
        if (format is not null)
            Assert.Equal(format, log.Format);
        var stock = Assert.Single(log.Tickers);
        Assert.True(log.RowsRead > 40, $"{name}: read only {log.RowsRead} rows");
        Assert.Empty(log.Errors);
        if (!expectWarnings)
            Assert.DoesNotContain(log.Warnings, w => w.Contains("split", StringComparison.OrdinalIgnoreCase) || w.Contains("basis", StringComparison.Ordinal));

        var reference = File.ReadLines(SampleData.Path("prices", $"{stock}.csv")).Skip(1).Select(line => line.Split(','))
            .ToDictionary(f => DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), f => decimal.Parse(f[4], CultureInfo.InvariantCulture));
        var stored = await StoredClosesAsync(stock, log.FirstDate!.Value, log.LastDate!.Value);
        var compared = stored.Where(s => reference.ContainsKey(s.Key)).ToList();
        var different = compared.Where(s => Math.Abs(s.Value - reference[s.Key]) > Tolerance)
            .Select(s => $"{s.Key:yyyy-MM-dd} stored {s.Value} vs prices/ {reference[s.Key]}").ToList();
        Assert.True(compared.Count >= 40, $"{name}: only {compared.Count} days in common with prices/{stock}.csv");
        Assert.True(different.Count == 0, $"{name}: {different.Count} of {compared.Count} closes differ from prices/ by more than {Tolerance}: {string.Join("; ", different.Take(5))}");
        return log;
    }

    private async Task AssertRefusedAsync(string name, int line, string column)
    {
        var (ticker, says) = Expected[name];

        var log = await app.ImportAsync(SampleData.Path("reference", "raw-formats", name), new ImportRequest("tests", Ticker: ticker));

        Assert.True(log.Status == ImportStatus.Rejected, $"{name}: expected Rejected, was {log.Status}: {string.Join("; ", log.Errors.Take(5))}");
        var error = log.Errors.FirstOrDefault(e => e.Message.Contains(says!, StringComparison.Ordinal));
        Assert.True(error is not null, $"{name}: no error says '{says}': {string.Join("; ", log.Errors.Take(5))}");
        Assert.Equal(column, error.Column);
        Assert.Equal(line, error.Line);
        Assert.Equal(_beforeFile, await app.FingerprintAsync());
    }

    private async Task<Dictionary<DateOnly, decimal>> StoredClosesAsync(string ticker, DateOnly from, DateOnly to)
    {
        var rows = await app.ScalarAsync<string>("""
            SELECT coalesce(string_agg(p.date::text || '=' || p.close::text, ';' ORDER BY p.date), '')
            FROM daily_prices p JOIN companies c ON c.id = p.company_id
            WHERE c.ticker = $1 AND p.date BETWEEN $2 AND $3
            """, ticker, from, to);
        return rows.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('='))
            .ToDictionary(r => DateOnly.ParseExact(r[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), r => decimal.Parse(r[1], CultureInfo.InvariantCulture));
    }

    private static void AssertNear(decimal expected, decimal? actual, decimal tolerance) =>
        Assert.True(actual is { } value && Math.Abs(value - expected) <= tolerance, $"expected {expected} ± {tolerance}, was {actual?.ToString(CultureInfo.InvariantCulture) ?? "no row"}");


    private static int DataRows(string path) => File.ReadLines(path).Skip(1).Count(line => !string.IsNullOrWhiteSpace(line));
}
