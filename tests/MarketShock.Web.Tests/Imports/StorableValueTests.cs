using System.Text;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// Values that pass the checks of their kind but would not be stored as written: beyond their column's range or scale,
/// written in digits of another script, dated at the ends of the calendar, whole numbers with a decimal part, a NUL byte
/// far into the file, a misspelt ticker header. Each is rejected naming line, column and value, leaving the database as it
/// was, or stored exactly.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class StorableValueTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Good = "2025-01-30,123.1,125,118.1,124.65,124.62,392925500";

    private readonly Files _files = new();
    private string _before = "";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "NVDA.csv")));
        _before = await app.FingerprintAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    public static TheoryData<string, string, string> Rejected { get; } = new()
    {
        // case, file content, the first error as the importer prints it
        { "open rounding to zero", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,0.0000004,127.85,119.19,120.07,120.04,390372900\n",
            "line 3, column Open ('0.0000004'): too small to store: it rounds to zero at 6 decimals (the smallest is 0.000001)" },
        { "close rounding past the column", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,123.78,127.85,119.19,9999999999999.9999996,120.04,390372900\n",
            "line 3, column Close ('9999999999999.9999996'): too large to store: must be below 10,000,000,000,000" },
        { "close beyond decimal's range", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,123.78,127.85,119.19,1e40,120.04,390372900\n",
            "line 3, column Close ('1e40'): too large to store: must be below 10,000,000,000,000" },
        { "split ratio too large", "Ticker,Date,Ratio\nNVDA,2024-06-10,10\nAVGO,2024-07-15,10000000000\n",
            "line 3, column Ratio ('10000000000'): too large to store: must be below 10,000,000,000" },
        { "split ratio of 40 digits", "Ticker,Date,Ratio\nNVDA,2024-06-10,10\nAVGO,2024-07-15,1000000000000000000000000000000000000000:1\n",
            "line 3, column Ratio ('1000000000000000000000000000000000000000:1'): too large to store: must be below 10,000,000,000" },
        { "split ratio rounding to zero", "Ticker,Date,Ratio\nNVDA,2024-06-10,10\nAVGO,2024-07-15,1:1000000000\n",
            "line 3, column Ratio ('1:1000000000'): too small to store: it rounds to zero at 8 decimals (the smallest is 0.00000001)" },
        { "share count beyond 64 bits", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\nNVDA,2024-11-15,9223372036854775808\n",
            "line 3, column Shares ('9223372036854775808'): too large to store: must be at most 9,223,372,036,854,775,807" },
        { "full-width digits in a price", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,123.78,127.85,119.19,１２０.07,120.04,390372900\n",
            "line 3, column Close ('１２０.07'): not a number: only the ASCII digits 0–9 are accepted" },
        { "Arabic-Indic digits in a volume", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,123.78,127.85,119.19,120.07,120.04,٣٩٠٣٧٢٩٠٠\n",
            "line 3, column Volume ('٣٩٠٣٧٢٩٠٠'): not a whole number: only the ASCII digits 0–9 are accepted" },
        { "Devanagari digits in a date", $"{ImportHelpers.Header}\n{Good}\n२०२५-०१-३१,123.78,127.85,119.19,120.07,120.04,390372900\n",
            "line 3, column Date ('२०२५-०१-३१'): not a date: only the ASCII digits 0–9 are accepted" },
        { "Arabic-Indic digits in a split ratio", "Ticker,Date,Ratio\nNVDA,2024-06-10,10\nAVGO,2024-07-15,١٠:١\n",
            "line 3, column Ratio ('١٠:١'): not a split ratio: only the ASCII digits 0–9 are accepted" },
        { "the first day of the calendar", $"{ImportHelpers.Header}\n{Good}\n0001-01-01,123.78,127.85,119.19,120.07,120.04,390372900\n",
            "line 3, column Date ('0001-01-01'): outside the supported dates, 1900-01-01 to 2100-12-31" },
        { "the last day of the calendar", "Ticker,Date,Label,Url\nNVDA,2025-01-27,DeepSeek R1,\nNVDA,9999-12-31,The end,\n",
            "line 3, column Date ('9999-12-31'): outside the supported dates, 1900-01-01 to 2100-12-31" },
        { "a fractional share count", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\nNVDA,2024-11-15,274877906944.5\n",
            "line 3, column Shares ('274877906944.5'): must be a whole number greater than zero" },
        { "a misspelt ticker header", "Tikcer,Date,Open,High,Low,Close,Adj Close,Volume\nNVDA,2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n",
            "line 1 ('Tikcer'): the column header 'Tikcer' is not recognised: if it is meant as Ticker, spell it Ticker or Symbol (a file without a ticker column takes its ticker from the file name)" },
        { "a doubled byte-order mark", "\uFEFF\uFEFFTicker,Date,Open,High,Low,Close,Adj Close,Volume\nNVDA,2025-01-30,123.1,125,118.1,124.65,124.62,392925500\n",
            "line 1 ('\uFEFFTicker'): the column header 'Ticker' is not recognised: it holds a byte-order mark (U+FEFF), as a file saved with one twice does; save it as UTF-8 with one mark or none" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_value_that_would_not_be_stored_as_written_rejects_the_file_naming_line_column_and_value(string rule, string content, string error)
    {
        var path = _files.Write("NVDA.csv", content);

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected, $"{rule}: expected Rejected, was {log.Status}: {string.Join("; ", log.Errors)}");
        Assert.Equal(error, log.Errors[0].ToString());
        Assert.Equal(_before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_close_whose_market_cap_would_not_fit_its_column_rejects_the_file_and_changes_nothing()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("shares.csv", "Ticker,Date,Shares\nNVDA,2024-08-23,24530000000\n")));
        var before = await app.FingerprintAsync();
        // 9,999,999,999,999.99 fits numeric(19,6), but times 24.53 B shares it is 2.45 × 10²³, past the market cap's numeric(28,6).
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{Good}\n2025-01-31,123.78,9999999999999.99,119.19,9999999999999.99,120.04,390372900\n");

        var result = await app.RunAsync(["import", path]);

        Assert.True(result.ExitCode == 1, $"{result.ExitCode}: {result.Output} {result.Error}");
        Assert.Contains($"{path}: the market cap computed from these values (close × shares outstanding) is too large to store: " +
            "it must be below 10,000,000,000,000,000,000,000; check the prices and share counts", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Whole_numbers_written_with_a_zero_decimal_part_are_stored_with_every_digit()
    {
        var prices = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n2025-01-30,123.1,125,118.1,124.65,124.62,274877906944.0\n");
        var shares = _files.Write("shares.csv", "Ticker,Date,Shares\nNVDA,2024-11-15,274877906944.00\n");

        ImportHelpers.AssertImported(await app.ImportAsync(prices));
        ImportHelpers.AssertImported(await app.ImportAsync(shares));

        Assert.Equal(274877906944L, await app.VolumeAsync("NVDA", new DateOnly(2025, 1, 30)));
        Assert.Equal(274877906944L, await app.ScalarAsync<long>("SELECT shares FROM shares_outstanding WHERE date = '2024-11-15'"));
    }

    [Fact]
    public async Task A_price_written_as_a_whole_float_keeps_its_digits()
    {
        var path = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n2025-01-30,274877906944.0,274877906944.0,274877906944.0,274877906944.0,,1\n");

        ImportHelpers.AssertImported(await app.ImportAsync(path));

        Assert.Equal(274877906944m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 30)));
    }

    [Fact]
    public async Task A_NUL_byte_past_the_first_64_KB_rejects_the_file_naming_its_line_and_the_next_file_is_imported()
    {
        var rows = new StringBuilder($"{ImportHelpers.Header}\n");
        var day = new DateOnly(1990, 1, 1);
        for (var i = 0; rows.Length < 70_000; i++)
            rows.Append(day.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(",1,2,1,1.5,1.5,100\n");
        var line = rows.ToString().Count(c => c == '\n') + 1;
        rows.Append("2024-01-02,1,2,1,1\01.5,1.5,100\n");
        var bad = _files.Write("AMD.csv", rows.ToString());
        var good = _files.Write("NVDA.csv", $"{ImportHelpers.Header}\n{Good}\n");

        var result = await app.RunAsync(["import", bad, good]);

        Assert.True(result.ExitCode == 1, $"{result.ExitCode}: {result.Output} {result.Error}");
        Assert.Contains($"{bad}: line {line}, column Close: the file contains NUL bytes: it is binary data, not CSV text", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains($"{good}: imported", result.Output, StringComparison.Ordinal);
        Assert.Equal(124.65m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 30)));
        Assert.Equal(0L, await app.PriceRowsAsync("AMD"));
        Assert.Equal($"{line}|Close", await app.ScalarAsync<string>(
            "SELECT concat_ws('|', errors->0->>'line', errors->0->>'column') FROM import_logs WHERE file_name = 'AMD.csv'"));
    }

    [Fact]
    public void An_error_stored_in_the_import_log_never_holds_a_NUL()
    {
        var problems = new ImportProblems();

        problems.Error(3, "Name", "Nvi\0dia", "bad \0 text");

        Assert.Equal("line 3, column Name ('Nvi\u2400dia'): bad \u2400 text", problems.Errors[0].ToString());
    }
}
