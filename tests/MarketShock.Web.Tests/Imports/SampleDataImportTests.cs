using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;

namespace MarketShock.Tests.Imports;

/// <summary>The real Yahoo downloads of shared/data/prices: every row arrives, the reference facts hold, a repeat changes nothing.</summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class SampleDataImportTests(AppFixture app) : IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [SampleDataFact]
    public async Task Every_price_file_imports_every_row_and_a_second_import_changes_nothing()
    {
        var files = Directory.GetFiles(SampleData.Path("prices"), "*.csv").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        var expected = files.ToDictionary(f => Path.GetFileNameWithoutExtension(f).ToUpperInvariant(), DataRows);

        var first = new List<ImportLog>();
        foreach (var file in files)
            first.Add(await app.ImportAsync(file));

        Assert.All(first, ImportHelpers.AssertImported);
        Assert.All(first, log => Assert.Empty(log.Errors));
        foreach (var log in first)
        {
            var ticker = Assert.Single(log.Tickers);
            Assert.Equal((expected[ticker], 0, 0), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged));
            Assert.Equal(expected[ticker], await app.PriceRowsAsync(ticker));
        }
        Assert.Equal(expected.Values.Sum(), await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        Assert.Equal(files.Length, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
        Assert.Equal(118.42m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 27)));
        Assert.Equal(142.62m, await app.CloseAsync("NVDA", new DateOnly(2025, 1, 24)));
        var before = await app.FingerprintAsync();

        var second = new List<ImportLog>();
        foreach (var file in files)
            second.Add(await app.ImportAsync(file));

        Assert.All(second, ImportHelpers.AssertImported);
        Assert.All(second, log => Assert.Equal(
            (0, 0, expected[log.Tickers.Single()]), (log.RowsInserted, log.RowsUpdated, log.RowsUnchanged)));
        Assert.Equal(before, await app.FingerprintAsync());
    }

    /// <summary>Lines after the header that hold a price: not blank, and not one of Yahoo's all-null rows.</summary>
    private static int DataRows(string path) => File.ReadLines(path).Skip(1)
        .Where(line => !string.IsNullOrWhiteSpace(line))
        .Count(line => !line.Split(',').Skip(1).All(field => field.Trim() is "" or "null"));
}
