using System.Text;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// One small file per recognised format (DESIGN.md, "CSV formats the importer recognises"): the detected format
/// and kind, the ticker(s), the counts and the stored values, and a second import of the same file that changes nothing.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class FormatTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private static readonly DateOnly Friday = new(2025, 1, 24);
    private static readonly DateOnly Crash = new(2025, 1, 27);

    // NVDA on the crash day as every format must store it: open high low close adj_close volume.
    private const string CrashRow = "124.800000 128.400000 116.700000 118.420000 118.400000 818830900";
    private const string CrashRowWithoutAdjClose = "124.800000 128.400000 116.700000 118.420000 818830900";

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task A_Yahoo_download_is_detected_as_yahoo_prices()
    {
        var path = Files.Fixture("yahoo", "NVDA.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 7);
        Assert.Equal((new DateOnly(2025, 1, 21), new DateOnly(2025, 1, 29)), (log.FirstDate, log.LastDate));
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        await AssertReimportChangesNothingAsync(path, rows: 7);
    }

    [Fact]
    public async Task A_yfinance_download_with_three_header_lines_takes_the_ticker_from_the_header_and_drops_float32_noise()
    {
        // Price,Close,High,Low,Open,Volume / Ticker,NVDA,... / Date,,,,, — the file name is not a ticker.
        var path = Files.Fixture("yfinance", "stock_data.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yfinance", "prices", ["NVDA"], rows: 4);
        Assert.Equal((Friday, new DateOnly(2025, 1, 29)), (log.FirstDate, log.LastDate));
        // 118.41999816894531 is the float32 118.42 printed as a double: stored as 118.42, and so for every column.
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(CrashRowWithoutAdjClose, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", Friday));
        Assert.Equal("126.500000 126.890000 120.050000 123.700000 467120600", await app.PriceRowAsync("NVDA", new DateOnly(2025, 1, 29)));
        Assert.Equal(4, await app.PriceRowsAsync("NVDA"));
        await AssertReimportChangesNothingAsync(path, rows: 4);
    }

    [Fact]
    public async Task A_yfinance_download_with_two_header_lines_imports_the_same_values()
    {
        // Date,Close,High,Low,Open,Volume / ,NVDA,NVDA,... (older yfinance versions).
        var path = Files.Fixture("yfinance-2line", "download.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yfinance", "prices", ["NVDA"], rows: 3);
        Assert.Equal(CrashRowWithoutAdjClose, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(128.99m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 28)));
        Assert.Equal(579666400L, await app.VolumeAsync("NVDA", new DateOnly(2025, 1, 28)));
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_yfinance_download_of_two_tickers_side_by_side_is_rejected_saying_so()
    {
        // yf.download(["AAPL", "NVDA"]).to_csv(): every price column twice, one per ticker.
        var path = Files.Fixture("yfinance", "two_tickers.csv");

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        // The user must learn that the file holds two tickers (not merely that a column name repeats).
        Assert.True(error.Message.Contains("several tickers", StringComparison.Ordinal),
            $"the message should say the file holds several tickers side by side, but says: {error}");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task A_Stooq_file_takes_its_ticker_from_a_file_name_like_nvda_us_txt()
    {
        var path = Files.Fixture("stooq", "nvda.us.txt");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "stooq", "prices", ["NVDA"], rows: 3);
        Assert.Equal("124.800000 128.400000 116.700000 118.420000 818830900", await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(["NVDA"], await TickersAsync());
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_Stooq_bulk_file_reads_tickers_without_the_US_suffix_and_compact_dates()
    {
        // <TICKER>,<PER>,<DATE>,<TIME>,... with NVDA.US,D,20250127,000000,...; the file name says nothing.
        var path = Files.Fixture("stooq-bulk", "nasdaq stocks.txt");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "stooq-bulk", "prices", ["AAPL", "NVDA"], rows: 4);
        Assert.Equal((Friday, Crash), (log.FirstDate, log.LastDate));
        Assert.Equal(["AAPL", "NVDA"], await TickersAsync());
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(818830900L, await app.VolumeAsync("NVDA", Crash));
        Assert.Equal(229.86m, await app.CloseAsync("AAPL", Crash));
        Assert.Equal(222.78m, await app.CloseAsync("AAPL", Friday));
        await AssertReimportChangesNothingAsync(path, rows: 4);
    }

    [Fact]
    public async Task A_Nasdaq_com_export_reads_US_dates_dollar_prices_and_rows_newest_first()
    {
        // Date,Close/Last,Volume,Open,High,Low; 01/27/2025,$118.42,...; the file name is Nasdaq's, not a ticker.
        var path = Files.Fixture("nasdaq", "HistoricalData_1738195200000.csv");
        var request = new ImportRequest("tests", Ticker: "NVDA");

        var log = await app.ImportAsync(path, request);

        AssertDetected(log, "nasdaq", "prices", ["NVDA"], rows: 4);
        Assert.Equal((Friday, new DateOnly(2025, 1, 29)), (log.FirstDate, log.LastDate));
        Assert.Equal("124.800000 128.400000 116.700000 118.420000 818830900", await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", Friday));
        Assert.Equal(123.7m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 29)));
        await AssertReimportChangesNothingAsync(path, rows: 4, request);
    }

    [Fact]
    public async Task A_long_form_file_holds_several_tickers_in_any_column_order_with_lower_case_headers()
    {
        // close,volume,ticker,date,high,low,open,adj close — three tickers, two days each.
        var path = Files.Fixture("long", "prices.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "long", "prices", ["AAPL", "MSFT", "NVDA"], rows: 6);
        Assert.Equal((Friday, Crash), (log.FirstDate, log.LastDate));
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal("224.020000 232.150000 223.980000 229.860000 94863400", await app.PriceRowAsync("AAPL", Crash));
        Assert.Equal(444.06m, await app.CloseAsync("MSFT", Friday));
        Assert.Equal((2L, 2L, 2L), (await app.PriceRowsAsync("AAPL"), await app.PriceRowsAsync("MSFT"), await app.PriceRowsAsync("NVDA")));
        await AssertReimportChangesNothingAsync(path, rows: 6);
    }

    [Fact]
    public async Task Headers_in_any_case_and_order_are_recognised()
    {
        var path = _files.Write("NVDA.csv", """
            VOLUME,Adj CLOSE,low,Close,DATE,High,oPeN
            818830900,118.4,116.7,118.42,2025-01-27,128.4,124.8
            234657600,142.59,141.88,142.62,2025-01-24,148.97,148.37
            """);

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 2);
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", Friday));
        await AssertReimportChangesNothingAsync(path, rows: 2);
    }

    [Fact]
    public async Task Yfinance_history_timestamps_at_midnight_with_a_utc_offset_are_read_as_that_trading_day()
    {
        // Ticker.history(): 2025-01-27 00:00:00-05:00 is the trading day 2025-01-27; Dividends and Stock Splits are ignored.
        var path = Files.Fixture("yfinance-history", "NVDA.csv");

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal("prices", log.Kind);
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal((Friday, new DateOnly(2025, 1, 28)), (log.FirstDate, log.LastDate));
        Assert.Equal((3, 3), (log.RowsRead, log.RowsInserted));
        Assert.Equal("124.800000 128.400000 116.700000 118.420000 818830900", await app.PriceRowAsync("NVDA", Crash));
        Assert.Null(await app.CloseAsync("NVDA", new DateOnly(2025, 1, 26)));
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_semicolon_separated_file_with_decimal_commas_is_read_as_decimal_numbers()
    {
        // Date;Open;...;Volume with 118,42 for 118.42 (a spreadsheet in a European locale).
        var path = Files.Fixture("semicolon", "NVDA.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 3);
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal("121.810000 129.000000 116.250000 128.990000 128.960000 579666400", await app.PriceRowAsync("NVDA", new DateOnly(2025, 1, 28)));
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_tab_separated_file_is_read_like_a_comma_separated_one()
    {
        var path = Files.Fixture("tab", "NVDA.txt");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 3);
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_UTF8_file_with_a_byte_order_mark_is_read_without_it()
    {
        var path = await WriteBytesAsync("NVDA.csv", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")));
        Assert.Equal("EFBBBF", Convert.ToHexString((await File.ReadAllBytesAsync(path))[..3]));

        var log = await app.ImportAsync(path);

        // The byte-order mark must not end up in the first header name ("\uFEFFDate" would not be recognised).
        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 7);
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        await AssertReimportChangesNothingAsync(path, rows: 7);
    }

    [Fact]
    public async Task A_UTF16_little_endian_file_with_a_byte_order_mark_is_read_as_text()
    {
        // What Excel's "Unicode Text" and PowerShell 5's Out-File write.
        var path = await WriteBytesAsync("NVDA.csv", Encoding.Unicode, File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")));
        Assert.Equal("FFFE4400", Convert.ToHexString((await File.ReadAllBytesAsync(path))[..4]));

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 7);
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        Assert.Equal(123.7m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 29)));
        await AssertReimportChangesNothingAsync(path, rows: 7);
    }

    [Fact]
    public async Task Windows_line_endings_are_read_like_Unix_ones()
    {
        var path = _files.Write("NVDA.csv", File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")).ReplaceLineEndings("\r\n"));
        Assert.Contains("\r\n", File.ReadAllText(path), StringComparison.Ordinal);

        var log = await app.ImportAsync(path);

        AssertDetected(log, "yahoo", "prices", ["NVDA"], rows: 7);
        // The last column of each line must not keep the carriage return.
        Assert.Equal(467120600L, await app.VolumeAsync("NVDA", new DateOnly(2025, 1, 29)));
        Assert.Equal(CrashRow, await app.PriceRowAsync("NVDA", Crash));
        await AssertReimportChangesNothingAsync(path, rows: 7);
    }

    [Fact]
    public async Task A_shares_file_stores_each_dated_count_per_ticker()
    {
        var path = Files.Fixture("shares", "shares.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "shares", "shares", ["AAPL", "NVDA"], rows: 4);
        Assert.Equal((new DateOnly(2024, 8, 23), new DateOnly(2025, 1, 17)), (log.FirstDate, log.LastDate));
        Assert.Equal(24490000000L, await SharesAsync("NVDA", new DateOnly(2024, 11, 15)));
        Assert.Equal(15115823000L, await SharesAsync("AAPL", new DateOnly(2024, 10, 18)));
        Assert.Equal(4L, await app.ScalarAsync<long>("SELECT count(*) FROM shares_outstanding"));
        await AssertReimportChangesNothingAsync(path, rows: 4);
    }

    [Fact]
    public async Task A_splits_file_reads_every_spelling_of_a_ratio()
    {
        // 10, 10:1, 10-for-1, 3:2 (1.5 new shares per old one) and 1:10 (a reverse split: 0.1).
        var path = Files.Fixture("splits", "splits.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "splits", "splits", ["AVGO", "C", "NFLX", "NVDA"], rows: 5);
        Assert.Equal(
            "AVGO 2024-07-15 10.00000000|C 2011-05-09 0.10000000|NFLX 2025-11-17 10.00000000|NVDA 2007-09-11 1.50000000|NVDA 2024-06-10 10.00000000",
            await app.ScalarAsync<string>("""
                SELECT string_agg(concat_ws(' ', c.ticker, s.date, s.ratio), '|' ORDER BY c.ticker, s.date)
                FROM splits s JOIN companies c ON c.id = s.company_id
                """));
        Assert.Empty(log.Warnings);
        await AssertReimportChangesNothingAsync(path, rows: 5);
    }

    [Fact]
    public async Task A_companies_file_stores_names_with_quoted_commas_and_every_field()
    {
        var path = Files.Fixture("companies", "companies.csv");

        var log = await app.ImportAsync(path);

        AssertDetected(log, "companies", "companies", ["AMD", "NVDA", "TSM"], rows: 3);
        Assert.Null(log.FirstDate);
        Assert.Equal("AMD|Advanced Micro Devices, Inc.|Technology|Semiconductors|NASDAQ|USD", await CompanyAsync("AMD"));
        Assert.Equal("NVDA|NVIDIA Corporation|Technology|Semiconductors|NASDAQ|USD", await CompanyAsync("NVDA"));
        Assert.Equal("TSM|Taiwan Semiconductor Manufacturing Company Limited|Technology|Semiconductors|NYSE|USD", await CompanyAsync("TSM"));
        await AssertReimportChangesNothingAsync(path, rows: 3);
    }

    [Fact]
    public async Task A_companies_file_names_the_companies_that_a_price_import_created()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
        Assert.Equal("NVDA|NVDA||||USD", await CompanyAsync("NVDA"));
        var prices = await app.PricesFingerprintAsync();

        var log = await app.ImportAsync(Files.Fixture("companies", "companies.csv"));

        ImportHelpers.AssertImported(log);
        Assert.Equal((2, 1, 0), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal("NVDA|NVIDIA Corporation|Technology|Semiconductors|NASDAQ|USD", await CompanyAsync("NVDA"));
        Assert.Equal(prices, await app.PricesFingerprintAsync());
        Assert.Equal(3L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task Reimporting_companies_with_a_changed_sector_updates_exactly_that_row()
    {
        var original = Files.Fixture("companies", "companies.csv");
        ImportHelpers.AssertImported(await app.ImportAsync(original));
        var others = await OtherCompaniesAsync("TSM");
        var changed = _files.Write("companies.csv", File.ReadAllText(original).Replace(
            "TSM,Taiwan Semiconductor Manufacturing Company Limited,Technology,",
            "TSM,Taiwan Semiconductor Manufacturing Company Limited,Semiconductors & Foundry,", StringComparison.Ordinal));

        var log = await app.ImportAsync(changed);

        ImportHelpers.AssertImported(log);
        Assert.Equal((3, 0, 1, 2), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal("TSM|Taiwan Semiconductor Manufacturing Company Limited|Semiconductors & Foundry|Semiconductors|NYSE|USD", await CompanyAsync("TSM"));
        Assert.Equal(others, await OtherCompaniesAsync("TSM"));
    }

    [Fact]
    public async Task A_companies_file_without_some_columns_leaves_those_fields_as_they_were()
    {
        // CompanyImport: "The file is authoritative for the fields it has" — a Ticker,Name file renames, it does not erase sectors.
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("companies", "companies.csv")));
        var path = _files.Write("names.csv", """
            Ticker,Name
            NVDA,NVIDIA Corp.
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal((1, 0, 1), (log.RowsRead, log.RowsInserted, log.RowsUpdated));
        Assert.Equal("NVDA|NVIDIA Corp.|Technology|Semiconductors|NASDAQ|USD", await CompanyAsync("NVDA"));
    }

    [Fact]
    public async Task A_folder_of_mixed_kinds_imports_every_file_from_the_command_line_and_again_changes_nothing()
    {
        _files.Write("prices/NVDA.csv", File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")));
        _files.Write("prices/amd.us.txt", """
            Date,Open,High,Low,Close,Volume
            2025-01-24,124.55,125.25,122.23,122.84,31570300
            2025-01-27,117.8,118.08,112.8,115.01,61067900
            """);
        _files.Write("long.csv", File.ReadAllText(Files.Fixture("long", "prices.csv")));
        _files.Write("shares.csv", File.ReadAllText(Files.Fixture("shares", "shares.csv")));
        _files.Write("splits.csv", File.ReadAllText(Files.Fixture("splits", "splits.csv")));
        _files.Write("companies.csv", File.ReadAllText(Files.Fixture("companies", "companies.csv")));

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var lines = Lines(result.Output);
        Assert.Equal(6, lines.Length);
        Assert.All(lines, line => Assert.Contains(": imported: ", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("companies.csv: imported: companies, AMD NVDA TSM", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("shares.csv: imported: shares, AAPL NVDA 2024-08-23..2025-01-17", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("splits.csv: imported: splits, AVGO C NFLX NVDA", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("long.csv: imported: long prices, AAPL MSFT NVDA", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("amd.us.txt: imported: stooq prices, AMD 2025-01-24..2025-01-27", StringComparison.Ordinal));
        Assert.Equal(115.01m, await app.CloseAsync("AMD", Crash));
        Assert.Equal(7L, await app.PriceRowsAsync("NVDA"));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", Crash));
        Assert.Equal(4L, await app.ScalarAsync<long>("SELECT count(*) FROM shares_outstanding"));
        Assert.Equal(5L, await app.ScalarAsync<long>("SELECT count(*) FROM splits"));
        Assert.Equal("NVDA|NVIDIA Corporation|Technology|Semiconductors|NASDAQ|USD", await CompanyAsync("NVDA"));
        var before = await app.FingerprintAsync();

        var again = await app.RunAsync(["import", _files.Folder]);

        Assert.True(again.ExitCode == 0, Describe(again));
        Assert.All(Lines(again.Output), line => Assert.Contains("inserted 0, updated 0,", line, StringComparison.Ordinal));
        Assert.Equal(before, await app.FingerprintAsync());
    }

    private static void AssertDetected(ImportLog log, string format, string kind, string[] tickers, int rows)
    {
        ImportHelpers.AssertImported(log);
        Assert.Equal((format, kind), (log.Format, log.Kind));
        Assert.Equal(tickers, log.Tickers);
        Assert.Equal((rows, rows, 0, 0, 0), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged, log.RowsSkipped));
        Assert.Empty(log.Errors);
        Assert.Empty(log.Warnings);
    }

    /// <summary>The same file again: every row unchanged, and not one stored value different.</summary>
    private async Task AssertReimportChangesNothingAsync(string path, int rows, ImportRequest? request = null)
    {
        var before = await app.FingerprintAsync();

        var again = await app.ImportAsync(path, request);

        ImportHelpers.AssertImported(again);
        Assert.Equal((rows, 0, 0, rows), (again.RowsRead, again.RowsInserted, again.RowsUpdated, again.RowsUnchanged));
        Assert.Empty(again.Warnings);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    private async Task<string> WriteBytesAsync(string name, Encoding encoding, string text)
    {
        var path = Path.Combine(_files.Folder, name);
        await File.WriteAllBytesAsync(path, [.. encoding.GetPreamble(), .. encoding.GetBytes(text)]);
        return path;
    }

    private async Task<string[]> TickersAsync() =>
        (await app.ScalarAsync<string[]>("SELECT coalesce(array_agg(ticker ORDER BY ticker), '{}') FROM companies"));

    private async Task<long?> SharesAsync(string ticker, DateOnly date) =>
        await app.ScalarAsync<object>(
            "SELECT s.shares FROM shares_outstanding s JOIN companies c ON c.id = s.company_id WHERE c.ticker = $1 AND s.date = $2",
            ticker, date) is long shares ? shares : null;

    private Task<string> CompanyAsync(string ticker) =>
        app.ScalarAsync<string>("SELECT concat_ws('|', ticker, name, coalesce(sector, ''), coalesce(industry, ''), coalesce(exchange, ''), currency) FROM companies WHERE ticker = $1", ticker);

    private Task<string> OtherCompaniesAsync(string ticker) =>
        app.ScalarAsync<string>("SELECT string_agg(c::text, '|' ORDER BY c.ticker) FROM companies c WHERE c.ticker <> $1", ticker);


    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Describe(CliResult result) => $"exit {result.ExitCode}\nstdout:\n{result.Output}\nstderr:\n{result.Error}";
}
