using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketShock.Tests.Imports;

/// <summary>Runs the real importer in-process against the test database, the way the CLI host builds it.</summary>
internal static class ImportHelpers
{
    public const string Header = "Date,Open,High,Low,Close,Adj Close,Volume";

    public static Task<ImportLog> ImportAsync(this AppFixture app, string path, ImportRequest? request = null) =>
        app.ImportAsync(ImportSource.FromPath(path), request);

    /// <summary>Imports any source (a stream that fails on purpose, bytes in memory) with an importer of its own scope.</summary>
    public static async Task<ImportLog> ImportAsync(this AppFixture app, ImportSource source, ImportRequest? request = null)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketShockDbContext>();
        var importer = new Importer(db, TimeProvider.System, NullLogger<Importer>.Instance);
        return await importer.ImportAsync(source, request ?? new ImportRequest("tests"));
    }

    /// <summary>Every stored column of one company-day as text ("open high low close adj_close volume"), or null.</summary>
    public static Task<string?> PriceRowAsync(this AppFixture app, string ticker, DateOnly date) =>
        app.ScalarAsync<string?>(
            "SELECT concat_ws(' ', p.open, p.high, p.low, p.close, p.adjusted_close, p.volume) FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1 AND p.date = $2",
            ticker, date);

    /// <summary>The stored volume of one company-day, or null when there is no such row.</summary>
    public static async Task<long?> VolumeAsync(this AppFixture app, string ticker, DateOnly date) =>
        await app.ScalarAsync<object>(
            "SELECT p.volume FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1 AND p.date = $2",
            ticker, date) is long volume ? volume : null;

    /// <summary>The stored close of one company-day, or null when there is no such row.</summary>
    public static async Task<decimal?> CloseAsync(this AppFixture app, string ticker, DateOnly date)
    {
        var close = await app.ScalarAsync<object>(
            "SELECT p.close FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1 AND p.date = $2",
            ticker, date);
        return close is decimal value ? value : null;
    }

    public static Task<long> PriceRowsAsync(this AppFixture app, string ticker) =>
        app.ScalarAsync<long>("SELECT count(*) FROM daily_prices p JOIN companies c ON c.id = p.company_id WHERE c.ticker = $1", ticker);

    /// <summary>Fails with the import's own errors, so that a red test says why the file was refused.</summary>
    public static void AssertImported(ImportLog log) =>
        Assert.True(log.Status == ImportStatus.Imported,
            $"{log.FileName} was {log.Status}: {string.Join("; ", log.Errors)}");
}
