using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>
/// Event labels (Ticker,Date,Label,Url): detected from the header, a label per company-day or (empty ticker)
/// per market day, every rule checked with its line, column and value, and a rejected file changes nothing.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class EventImportTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Header = "Ticker,Date,Label,Url";
    private const string GoodRow = "NVDA,2025-01-27,DeepSeek's R1 model: AI-chip selloff,https://example.com/deepseek";

    private readonly Files _files = new();
    private string _before = "";

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("companies", "companies.csv")));
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("labels.csv", $"{Header}\nAMD,2024-10-30,Guidance short of hopes,\n")));
        _before = await app.FingerprintAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    private Task<string?> LabelAsync(string? ticker, string date) =>
        app.ScalarAsync<string?>(
            """
            SELECT e.label || coalesce(' <' || e.url || '>', '') FROM event_labels e LEFT JOIN companies c ON c.id = e.company_id
            WHERE c.ticker IS NOT DISTINCT FROM $1 AND e.date = $2::date
            """,
            (object?)ticker ?? DBNull.Value, date);

    [Fact]
    public async Task A_file_of_labels_is_recognised_and_stores_company_and_market_day_labels()
    {
        var path = _files.Write("events.csv", $"{Header}\n{GoodRow}\n,2025-01-27,\"DeepSeek wipes $1 trillion off US tech\",\n");

        var log = await app.ImportAsync(path);

        ImportHelpers.AssertImported(log);
        Assert.Equal(("events", "events", 2, 0), (log.Format, log.Kind, log.RowsInserted, log.RowsUpdated));
        Assert.Equal(["NVDA"], log.Tickers);
        Assert.Equal("DeepSeek's R1 model: AI-chip selloff <https://example.com/deepseek>", await LabelAsync("NVDA", "2025-01-27"));
        Assert.Equal("DeepSeek wipes $1 trillion off US tech", await LabelAsync(null, "2025-01-27"));
    }

    public static TheoryData<string, string, string, string?, string> BadRows { get; } = new()
    {
        // case, the bad row (line 3), expected column, expected value, what the message says
        { "ftp link", "NVDA,2025-01-28,Rebound,ftp://example.com/x", "Url", "ftp://example.com/x", "http:// or https://" },
        { "script link", "NVDA,2025-01-28,Rebound,javascript:alert(1)", "Url", "javascript:alert(1)", "http:// or https://" },
        { "relative link", "NVDA,2025-01-28,Rebound,/news/1", "Url", "/news/1", "absolute" },
        { "empty label", "NVDA,2025-01-28,,https://example.com", "Label", "", "label is required" },
        { "label too long", $"NVDA,2025-01-28,{new string('x', 141)},", "Label", null, "longer than 140 characters" },
        { "US date", "NVDA,01/28/2025,Rebound,", "Date", "01/28/2025", "yyyy-MM-dd" },
        { "impossible date", "NVDA,2025-02-30,Rebound,", "Date", "2025-02-30", "no such calendar date" },
        { "invalid ticker", "NV DA,2025-01-28,Rebound,", "Ticker", "NV DA", "not a valid ticker" },
        { "ticker of no company", "AAPL,2025-01-28,Rebound,", "Ticker", "AAPL", "no company has this ticker" },
        { "same company and day twice", "nvda,2025-01-27,Again,", "Date", "2025-01-27", "NVDA already has a row for this date on line 2" },
    };

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_bad_label_row_rejects_the_file_naming_line_column_and_value_and_changes_nothing(
        string rule, string badRow, string column, string? value, string says)
    {
        var path = _files.Write("events.csv", $"{Header}\n{GoodRow}\n{badRow}\n");

        var log = await app.ImportAsync(path);

        Assert.True(log.Status == ImportStatus.Rejected, $"{rule}: expected Rejected, was {log.Status}");
        var error = log.Errors[0];
        Assert.Equal((3, column, value ?? error.Value), (error.Line, error.Column, error.Value));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Equal(_before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_market_day_labelled_twice_in_one_file_is_rejected_naming_the_first_line()
    {
        var path = _files.Write("events.csv", $"{Header}\n,2025-01-27,Selloff,\n{GoodRow}\n,2025-01-27,Selloff again,\n");

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        Assert.Equal((4, "Date", "The market day already has a row for this date on line 2"),
            (log.Errors[0].Line, log.Errors[0].Column, log.Errors[0].Message));
        Assert.Equal(_before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task Importing_the_same_labels_twice_changes_nothing_the_second_time()
    {
        var path = _files.Write("events.csv", $"{Header}\n{GoodRow}\n,2025-01-27,Selloff,\n");
        ImportHelpers.AssertImported(await app.ImportAsync(path));
        var once = await app.FingerprintAsync();

        var again = await app.ImportAsync(path);

        ImportHelpers.AssertImported(again);
        Assert.Equal((0, 0, 2), (again.RowsInserted, again.RowsUpdated, again.RowsUnchanged));
        Assert.Equal(once, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_later_file_updates_the_label_and_link_of_a_day_and_leaves_the_others()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(_files.Write("first.csv", $"{Header}\n{GoodRow}\n,2025-01-27,Selloff,\n")));

        var log = await app.ImportAsync(_files.Write("second.csv", $"{Header}\nNVDA,2025-01-27,DeepSeek selloff,\n,2025-01-27,Selloff,\n"));

        ImportHelpers.AssertImported(log);
        Assert.Equal((0, 1, 1), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
        Assert.Equal("DeepSeek selloff", await LabelAsync("NVDA", "2025-01-27"));
        Assert.Equal("Selloff", await LabelAsync(null, "2025-01-27"));
        Assert.Equal("Guidance short of hopes", await LabelAsync("AMD", "2024-10-30"));
    }

    [Fact]
    public async Task Invalid_label_rows_can_be_skipped_importing_the_rest()
    {
        var path = _files.Write("events.csv", $"{Header}\n{GoodRow}\nAAPL,2025-01-28,Rebound,\nNVDA,2025-01-28,Rebound,mailto:x@example.com\n");

        var log = await app.ImportAsync(path, new ImportRequest("tests", SkipInvalid: true));

        ImportHelpers.AssertImported(log);
        Assert.Equal((1, 2), (log.RowsInserted, log.RowsSkipped));
        Assert.Equal("DeepSeek's R1 model: AI-chip selloff <https://example.com/deepseek>", await LabelAsync("NVDA", "2025-01-27"));
        Assert.Null(await LabelAsync("NVDA", "2025-01-28"));
    }

    [SampleDataFact]
    public async Task The_real_events_file_imports_every_label_and_a_second_import_changes_nothing()
    {
        await app.ResetAsync();
        ImportHelpers.AssertImported(await app.ImportAsync(SampleData.Path("companies.csv")));
        var rows = File.ReadLines(SampleData.Path("events.csv")).Skip(1).Count(l => l.Length > 0);

        var first = await app.ImportAsync(SampleData.Path("events.csv"));
        var once = await app.FingerprintAsync();
        var second = await app.ImportAsync(SampleData.Path("events.csv"));

        ImportHelpers.AssertImported(first);
        Assert.Empty(first.Errors);
        Assert.Equal(rows, first.RowsInserted);
        Assert.Equal((0, 0), (second.RowsInserted, second.RowsUpdated));
        Assert.Equal(once, await app.FingerprintAsync());
        Assert.Equal("DeepSeek's R1 model wipes about $1 trillion off US tech", await LabelAsync(null, "2025-01-27"));
    }
}
