using System.Globalization;
using System.IO.Compression;
using System.Text;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// Input that must be refused in every format: compressed, binary and oddly encoded files, bad tickers, counts,
/// ratios, names, periods, timestamps and dates. Each is rejected with a message that says what is wrong (and
/// where, when there is a where), and the database is exactly as it was. Then the skip-invalid mode.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class BadInputTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string LongHeader = "Ticker,Date,Open,High,Low,Close,Adj Close,Volume";

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

    public static TheoryData<string, string, int, string?, string?, string> BadRows { get; } = new()
    {
        // case, file content (line 2 is good and would change the database; the bad row is on the line given),
        // expected line, column, value, and what the message says
        { "ticker with a '<'", $"{LongHeader}\nNVDA,2025-01-30,123.1,125,118.1,124.65,124.62,392925500\nNV<DA,2025-01-31,123.78,127.85,119.19,120.07,120.04,390372900\n",
            3, "Ticker", "NV<DA", "not a valid ticker" },
        { "ticker of 17 characters", $"{LongHeader}\nNVDA,2025-01-30,123.1,125,118.1,124.65,124.62,392925500\nTOOLONGTICKER1234,2025-01-31,123.78,127.85,119.19,120.07,120.04,390372900\n",
            3, "Ticker", "TOOLONGTICKER1234", "not a valid ticker" },
        { "zero shares", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\nNVDA,2024-11-15,0\n", 3, "Shares", "0", "whole number greater than zero" },
        { "negative shares", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\nNVDA,2024-11-15,-24490000000\n", 3, "Shares", "-24490000000", "whole number greater than zero" },
        { "fractional shares", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\nNVDA,2024-11-15,24490000000.5\n", 3, "Shares", "24490000000.5", "whole number greater than zero" },
        { "split ratio zero", "Ticker,Date,Ratio\nAVGO,2024-07-15,10\nNVDA,2024-06-10,0\n", 3, "Ratio", "0", "greater than zero" },
        { "split ratio 1:0", "Ticker,Date,Ratio\nAVGO,2024-07-15,10\nNVDA,2024-06-10,1:0\n", 3, "Ratio", "1:0", "greater than zero" },
        { "split ratio not a ratio", "Ticker,Date,Ratio\nAVGO,2024-07-15,10\nNVDA,2024-06-10,abc\n", 3, "Ratio", "abc", "not a split ratio" },
        { "company without a name", "Ticker,Name,Sector,Industry,Exchange\nAMD,\"Advanced Micro Devices, Inc.\",Technology,Semiconductors,NASDAQ\nNVDA,,Technology,Semiconductors,NASDAQ\n",
            3, "Name", "", "name is required" },
        { "company listed twice", "Ticker,Name,Sector,Industry,Exchange\nNVDA,NVIDIA Corporation,Technology,Semiconductors,NASDAQ\nAMD,\"Advanced Micro Devices, Inc.\",Technology,Semiconductors,NASDAQ\nNVDA,Nvidia,Technology,Semiconductors,NASDAQ\n",
            4, "Ticker", "NVDA", "already appears on line 2" },
        { "Stooq bulk weekly bar", "<TICKER>,<PER>,<DATE>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>,<OPENINT>\nNVDA.US,D,20250130,000000,123.1,125,118.1,124.65,392925500,0\nNVDA.US,W,20250131,000000,123.1,127.85,118.1,120.07,783298400,0\n",
            3, "PER", "W", "not daily" },
        { "timestamp not at midnight", $"{ImportHelpers.Header}\n2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n2025-01-27 05:00:00+00:00,124.8,128.4,116.7,118.42,118.4,818830900\n",
            3, "Date", "2025-01-27 05:00:00+00:00", "midnight" },
        { "day-first timestamp", $"{ImportHelpers.Header}\n2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n03/02/2025 00:00:00,114.75,118.57,113.01,116.66,116.63,371235700\n",
            3, "Date", "03/02/2025 00:00:00", "yyyy-MM-dd" },
        { "impossible US date", "Date,Close/Last,Volume,Open,High,Low\n01/30/2025,$124.65,392925500,$123.10,$125.00,$118.10\n02/30/2025,$120.07,390372900,$123.78,$127.85,$119.19\n",
            3, "Date", "02/30/2025", "no such calendar date" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_row_rejects_the_file_naming_line_column_and_value(string rule, string content, int line, string? column, string? value, string says)
    {
        var path = _files.Write("NVDA.csv", content);

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected, $"{rule}: expected Rejected, was {log.Status}: {string.Join("; ", log.Errors)}");
        var error = log.Errors[0];
        Assert.Equal((line, column, value), (error.Line, error.Column, error.Value));
        Assert.Contains(says, error.Message, StringComparison.OrdinalIgnoreCase);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_gzip_file_is_rejected_asking_to_decompress_it()
    {
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await using (var file = File.Create(path))
        await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await gzip.WriteAsync(await File.ReadAllBytesAsync(Files.Fixture("yahoo", "NVDA.csv")));

        var log = await app.ImportAsync(path);

        AssertRejected(log, "gzip-compressed");
        Assert.Contains("decompress", log.Errors[0].Message, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_zip_archive_is_rejected_asking_to_extract_the_csv()
    {
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await using (var file = File.Create(path))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            await using var entry = zip.CreateEntry("NVDA.csv").Open();
            await entry.WriteAsync(await File.ReadAllBytesAsync(Files.Fixture("yahoo", "NVDA.csv")));
        }

        var log = await app.ImportAsync(path);

        AssertRejected(log, "zip archive");
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task NUL_bytes_are_rejected_as_binary_data_naming_their_line()
    {
        var lines = File.ReadAllLines(Files.Fixture("yahoo", "NVDA.csv"));
        lines[2] = lines[2].Replace(",147.07,", ",147\0.07,", StringComparison.Ordinal);
        var path = _files.Write("NVDA.csv", string.Join('\n', lines) + "\n");

        var log = await app.ImportAsync(path);

        AssertRejected(log, "NUL bytes");
        Assert.Equal(3, log.Errors[0].Line);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_rejected_as_not_UTF8_text()
    {
        // A companies file saved as Windows-1252: "Société Générale" with é as the single byte 0xE9.
        var path = Path.Combine(_files.Folder, "companies.csv");
        await File.WriteAllBytesAsync(path, [
            .. "Ticker,Name,Sector,Industry,Exchange\nAMD,Advanced Micro Devices,Technology,Semiconductors,NASDAQ\nGLE.PA,Soci"u8,
            0xE9, .. "t"u8, 0xE9, .. " G"u8, 0xE9, .. "n"u8, 0xE9, .. "rale,Financial Services,Banks,EURONEXT\n"u8]);

        var log = await app.ImportAsync(path);

        AssertRejected(log, "not UTF-8");
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_far_into_a_long_file_are_rejected_naming_their_line()
    {
        // The sniffer only looks at the first 64 KB; a bad byte on line 2500 (of about 170 KB) is found while reading,
        // and the error must still name line 2500 and import nothing.
        var rows = Series(new DateOnly(2010, 1, 4), 3000, 40m);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(ImportHelpers.Header + "\n"));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = Encoding.UTF8.GetBytes(rows[i] + "\n");
            if (i + 2 == 2500)
                row[^2] = 0xFF; // the last digit of the volume
            bytes.AddRange(row);
        }
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await File.WriteAllBytesAsync(path, [.. bytes]);
        Assert.True(bytes.Count > 128 * 1024);

        var log = await app.ImportAsync(path);

        AssertRejected(log, "not UTF-8");
        Assert.Equal(2500, log.Errors[0].Line);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_far_into_a_file_with_a_byte_order_mark_are_rejected_too()
    {
        // A UTF-8 byte-order mark, 2000 good companies (about 110 KB), then one name in Windows-1252 on line 1802.
        // Decoding it leniently would store "Soci\uFFFDt\uFFFD G\uFFFDn\uFFFDrale" as the company's name.
        var bytes = new List<byte>([0xEF, 0xBB, 0xBF, .. "Ticker,Name,Sector,Industry,Exchange\n"u8]);
        for (var i = 1; i <= 2000; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"TK{i:0000},Company number {i:0000} Inc.,Technology,Software,NASDAQ\n")));
            if (i == 1800)
                bytes.AddRange([.. "GLE.PA,Soci"u8, 0xE9, .. "t"u8, 0xE9, .. " G"u8, 0xE9, .. "n"u8, 0xE9, .. "rale,Financial Services,Banks,EURONEXT\n"u8]);
        }
        var path = Path.Combine(_files.Folder, "companies.csv");
        await File.WriteAllBytesAsync(path, [.. bytes]);
        Assert.True(bytes.Count > 100 * 1024);

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected,
            $"expected Rejected, was {log.Status}; stored name: {await app.ScalarAsync<string?>("SELECT name FROM companies WHERE ticker = 'GLE.PA'")}");
        AssertRejected(log, "not UTF-8");
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_file_of_one_2MB_line_without_a_newline_is_rejected_as_not_csv()
    {
        var path = _files.Write("NVDA.csv", string.Concat(Enumerable.Repeat("118.42,", 300_000)));
        Assert.True(new FileInfo(path).Length > 2_000_000);

        var log = await app.ImportAsync(path);

        AssertRejected(log, "longer than");
        Assert.Contains("not a CSV file", log.Errors[0].Message, StringComparison.Ordinal);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_2MB_line_after_good_rows_is_rejected_naming_its_line()
    {
        var path = _files.Write("NVDA.csv",
            $"{ImportHelpers.Header}\n2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n2025-01-31,{new string('9', 2 * 1024 * 1024)}");

        var log = await app.ImportAsync(path);

        AssertRejected(log, "longer than");
        Assert.Equal(3, log.Errors[0].Line);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_binary_file_of_random_bytes_is_rejected_as_not_text()
    {
        var bytes = new byte[8192];
        new Random(20250127).NextBytes(bytes);
        bytes[0] = (byte)'D'; // not a gzip or zip signature by chance
        bytes[100] = bytes[2000] = bytes[5000] = 0;
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await File.WriteAllBytesAsync(path, bytes);

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Matches("not UTF-8 text|NUL bytes", error.Message);
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task A_lower_case_ticker_in_a_ticker_column_is_accepted_and_stored_in_upper_case()
    {
        var path = _files.Write("prices.csv", $"""
            {LongHeader}
            nvda,2025-01-30,123.1,125,118.1,124.65,124.62,392925500
            Amd,2025-01-30,118.53,120.44,117.09,118.86,,29788400
            """);

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal(["AMD", "NVDA"], log.Tickers);
        Assert.Equal(124.65m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 30)));
        Assert.Equal(118.86m, await app.CloseAsync("AMD", new DateOnly(2025, 1, 30)));
        Assert.Equal("AMD NVDA", await app.ScalarAsync<string>("SELECT string_agg(ticker, ' ' ORDER BY ticker) FROM companies"));
    }

    [Fact]
    public async Task Skipping_invalid_rows_imports_the_good_rows_and_names_each_skipped_line()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-30,123.1,125,118.1,124.65,124.62,392925500
            2025-01-31,123.78,127.85,119.19,abc,120.04,390372900
            2025-02-03,114.75,118.57,113.01,116.66,116.63,371235700
            2025-02-04,116.96,121.2,116.7,118.65,118.62,-1
            2025-02-05,121.76,125,120.76,124.83,124.8,262230800
            """);

        var log = await app.ImportAsync(path, new ImportRequest("tests", SkipInvalid: true));

        ImportHelpers.AssertImported(log);
        Assert.Equal((5, 3, 0, 0, 2), (log.RowsRead, log.RowsInserted, log.RowsUpdated, log.RowsUnchanged, log.RowsSkipped));
        Assert.Equal([(3, "Close", "abc"), (5, "Volume", "-1")], log.Errors.Select(e => (e.Line, e.Column, e.Value)));
        Assert.All(log.Errors, e => Assert.EndsWith("(row skipped)", e.Message, StringComparison.Ordinal));
        Assert.Equal(7 + 3, await app.PriceRowsAsync("NVDA"));
        Assert.Null(await app.CloseAsync("NVDA", new DateOnly(2025, 1, 31)));
        Assert.Null(await app.CloseAsync("NVDA", new DateOnly(2025, 2, 4)));
        Assert.Equal(124.83m, await app.CloseAsync("NVDA", new DateOnly(2025, 2, 5)));
        Assert.Equal("Imported 2 2", await app.ScalarAsync<string>(
            "SELECT concat_ws(' ', status, rows_skipped, jsonb_array_length(errors)) FROM import_logs ORDER BY id DESC LIMIT 1"));
    }

    [Fact]
    public async Task Skipping_invalid_rows_keeps_the_first_of_two_rows_for_the_same_day()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-30,123.1,125,118.1,124.65,124.62,392925500
            2025-01-31,123.78,127.85,119.19,120.07,120.04,390372900
            2025-01-30,123.1,125,118.1,124.66,124.63,392925500
            """);

        var log = await app.ImportAsync(path, new ImportRequest("tests", SkipInvalid: true));

        ImportHelpers.AssertImported(log);
        Assert.Equal((3, 2, 1), (log.RowsRead, log.RowsInserted, log.RowsSkipped));
        var error = Assert.Single(log.Errors);
        Assert.Equal((4, "Date", "2025-01-30"), (error.Line, error.Column, error.Value));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(row skipped)", error.Message, StringComparison.Ordinal);
        Assert.Equal(124.65m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 30)));
    }

    [Fact]
    public async Task Skipping_invalid_rows_does_not_skip_a_file_that_cannot_be_read()
    {
        var path = Path.Combine(_files.Folder, "NVDA.csv");
        await File.WriteAllBytesAsync(path, [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]);

        var log = await app.ImportAsync(path, new ImportRequest("tests", SkipInvalid: true));

        AssertRejected(log, "gzip");
        await AssertNothingChangedAsync();
    }

    [Fact]
    public async Task The_skip_invalid_option_of_the_command_imports_the_good_rows_and_lists_the_skipped_ones()
    {
        var path = _files.Write("NVDA.csv", $"""
            {ImportHelpers.Header}
            2025-01-30,123.1,125,118.1,124.65,124.62,392925500
            2025-01-31,123.78,127.85,119.19,abc,120.04,390372900
            2025-02-03,114.75,118.57,113.01,116.66,116.63,371235700
            2025-02-04,116.96,121.2,116.7,118.65,118.62,-1
            2025-02-05,121.76,125,120.76,124.83,124.8,262230800
            """);

        var result = await app.RunAsync(["import", path, "--skip-invalid"]);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("read 5, inserted 3, updated 0, unchanged 0, skipped 2", result.Output, StringComparison.Ordinal);
        Assert.Contains($"{path}: line 3, column Close ('abc'): not a finite number (row skipped)", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{path}: line 5, column Volume ('-1'):", result.Error, StringComparison.Ordinal);
        Assert.Equal(10, await app.PriceRowsAsync("NVDA"));
    }

    /// <summary>Rows of a calm synthetic daily series on weekdays (Yahoo layout, no header), ascending.</summary>
    internal static List<string> Series(DateOnly start, int days, decimal firstClose, decimal step = 0.01m)
    {
        var rows = new List<string>(days);
        var date = start;
        for (var i = 0; i < days; i++)
        {
            while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                date = date.AddDays(1);
            var close = firstClose + i * step;
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"{date:yyyy-MM-dd},{close - 0.1m},{close + 0.5m},{close - 0.5m},{close},{close},{10_000_000 + i}"));
            date = date.AddDays(1);
        }
        return rows;
    }

    private static void AssertRejected(ImportLog log, string says)
    {
        Assert.True(log.Status == ImportStatus.Rejected, $"expected Rejected, was {log.Status}: {string.Join("; ", log.Errors)}");
        Assert.True(log.Errors[0].Message.Contains(says, StringComparison.Ordinal), $"expected '{says}' in: {log.Errors[0]}");
    }

    private async Task AssertNothingChangedAsync() => Assert.Equal(_before, await app.FingerprintAsync());
}
