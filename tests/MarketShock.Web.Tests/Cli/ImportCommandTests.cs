using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Cli;

[Collection(AppCollectionDefinition.Name)]
public sealed class ImportCommandTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const string Header = "Date,Open,High,Low,Close,Adj Close,Volume";
    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Importing_a_folder_imports_every_file_and_prints_one_summary_line_per_file()
    {
        var (amd, nvda) = CopyFixtures();

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var lines = Lines(result.Output);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{amd}: imported", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{nvda}: imported", lines[1], StringComparison.Ordinal);
        Assert.Contains("NVDA 2025-01-21..2025-01-29", lines[1], StringComparison.Ordinal);
        Assert.All(lines, line => Assert.Contains("read 7, inserted 7, updated 0, unchanged 0, skipped 0", line, StringComparison.Ordinal));
        Assert.Equal(7L, await PriceRowsAsync("AMD"));
        Assert.Equal(7L, await PriceRowsAsync("NVDA"));
        Assert.Equal(118.42m, await app.ScalarAsync<decimal>(
            "SELECT p.close FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = 'NVDA' AND p.date = '2025-01-27'"));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE status = 'Imported' AND imported_by = 'cli'"));
    }

    [Fact]
    public async Task Importing_the_same_folder_again_succeeds_and_reports_every_row_unchanged()
    {
        CopyFixtures();
        Assert.Equal(0, (await app.RunAsync(["import", _files.Folder])).ExitCode);
        var before = await app.FingerprintAsync();

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var lines = Lines(result.Output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("read 7, inserted 0, updated 0, unchanged 7", line, StringComparison.Ordinal));
        Assert.Equal(before, await app.FingerprintAsync());
    }

    [Fact]
    public async Task A_bad_file_fails_the_command_with_its_errors_while_the_good_file_is_imported()
    {
        var amd = _files.Write("AMD.csv", File.ReadAllText(Files.Fixture("yahoo", "AMD.csv")));
        var nvda = _files.Write("NVDA.csv", $"""
            {Header}
            2025-01-24,148.37,148.97,141.88,142.62,142.59,234657600
            2025-01-27,124.8,128.4,116.7,118.42,118.4,818830900
            2025-01-28,121.81,129,116.25,12x.99,128.96,579666400
            2025-01-29,126.5,126.89,120.05,123.7,123.67,467120600
            """);

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 1, Describe(result));
        var lines = Lines(result.Output);
        Assert.StartsWith($"{amd}: imported", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{nvda}: rejected", lines[1], StringComparison.Ordinal);
        Assert.True(result.Error.Contains($"{nvda}: line 4, column Close ('12x.99'): not a finite number", StringComparison.Ordinal), Describe(result));
        Assert.Equal(7L, await PriceRowsAsync("AMD"));
        Assert.Equal(0L, await PriceRowsAsync("NVDA"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies WHERE ticker = 'NVDA'"));
    }

    [Fact]
    public async Task A_file_named_on_the_command_line_is_imported()
    {
        var (_, nvda) = CopyFixtures();

        var result = await app.RunAsync(["import", nvda]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var line = Assert.Single(Lines(result.Output));
        Assert.StartsWith($"{nvda}: imported", line, StringComparison.Ordinal);
        Assert.Equal(7L, await PriceRowsAsync("NVDA"));
        Assert.Equal(0L, await PriceRowsAsync("AMD"));
    }

    [Fact]
    public async Task A_file_that_is_not_csv_is_skipped_with_a_note()
    {
        var (_, nvda) = CopyFixtures();
        var notes = _files.Write("README.md", "# Prices downloaded from Yahoo Finance\n");

        var result = await app.RunAsync(["import", _files.Folder]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var note = Assert.Single(Lines(result.Output + result.Error), line => line.StartsWith(notes, StringComparison.Ordinal));
        Assert.Contains("skipped", note, StringComparison.Ordinal);
        Assert.Contains(Lines(result.Output), line => line.StartsWith($"{nvda}: imported", StringComparison.Ordinal));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE file_name = 'README.md'"));
    }

    [Fact]
    public async Task A_path_that_does_not_exist_fails_the_command_with_a_message()
    {
        var missing = Path.Combine(_files.Folder, "no-such-folder");

        var result = await app.RunAsync(["import", missing]);

        Assert.True(result.ExitCode == 1, Describe(result));
        Assert.Contains($"{missing}: no such file or folder", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_path_next_to_a_good_file_fails_the_command_but_imports_the_good_file()
    {
        var (_, nvda) = CopyFixtures();
        var missing = Path.Combine(_files.Folder, "MSFT.csv");

        var result = await app.RunAsync(["import", nvda, missing]);

        Assert.True(result.ExitCode == 1, Describe(result));
        Assert.Contains($"{missing}: no such file or folder", result.Error, StringComparison.Ordinal);
        Assert.Equal(7L, await PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_import_and_changes_nothing()
    {
        CopyFixtures();
        var before = await app.FingerprintAsync();

        var result = await app.RunAsync(["import", _files.Folder, "--dry-run"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        var lines = Lines(result.Output);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("dry run", line, StringComparison.Ordinal));
        Assert.All(lines, line => Assert.Contains("inserted 7", line, StringComparison.Ordinal));
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM import_logs WHERE dry_run"));
    }

    [Fact]
    public async Task The_ticker_option_names_the_company_of_a_file_whose_name_is_not_a_ticker()
    {
        var download = _files.Write("chart (1).csv", File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")));

        var result = await app.RunAsync(["import", download, "--ticker", "nvda"]);

        Assert.True(result.ExitCode == 0, Describe(result));
        Assert.Contains("NVDA 2025-01-21..2025-01-29", result.Output, StringComparison.Ordinal);
        Assert.Equal(7L, await PriceRowsAsync("NVDA"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task Without_the_ticker_option_a_file_name_that_is_not_a_ticker_is_rejected()
    {
        var download = _files.Write("chart (1).csv", File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv")));

        var result = await app.RunAsync(["import", download]);

        Assert.True(result.ExitCode == 1, Describe(result));
        Assert.Contains(download, result.Error, StringComparison.Ordinal);
        Assert.Contains("ticker", result.Error, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
    }

    private (string Amd, string Nvda) CopyFixtures() => (
        _files.Write("AMD.csv", File.ReadAllText(Files.Fixture("yahoo", "AMD.csv"))),
        _files.Write("NVDA.csv", File.ReadAllText(Files.Fixture("yahoo", "NVDA.csv"))));

    private Task<long> PriceRowsAsync(string ticker) =>
        app.ScalarAsync<long>("SELECT count(*) FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1", ticker);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Describe(CliResult result) => $"exit {result.ExitCode}\nstdout:\n{result.Output}\nstderr:\n{result.Error}";
}
