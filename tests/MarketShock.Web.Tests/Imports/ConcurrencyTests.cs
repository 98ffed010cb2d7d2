using System.Globalization;
using MarketShock.Data;
using MarketShock.Imports;
using MarketShock.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MarketShock.Tests.Imports;

/// <summary>
/// Imports running at the same time, as two admins uploading, or an upload next to a CLI run: each file is applied
/// whole, one after the other, never interleaved; and a file that fails part-way leaves nothing behind.
/// </summary>
[Collection(AppCollectionDefinition.Name)]
public sealed class ConcurrencyTests(AppFixture app) : IAsyncLifetime, IDisposable
{
    private const int Days = 4000;
    private const int Offset = 1000; // file B starts on file A's 1001st day, so they share 3000 days

    private readonly Files _files = new();

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Two_imports_of_the_same_ticker_at_once_apply_one_whole_file_after_the_other()
    {
        // A: 4000 weekdays from 2005-01-03, closes 50.00, 50.01, ...; B: A's days 1000..4999, each close 0.50 above A's.
        var series = BadInputTests.Series(new DateOnly(2005, 1, 3), Days + Offset, 50m);
        var a = _files.Write("a/NVDA.csv", PriceFile(series.Take(Days)));
        var b = _files.Write("b/NVDA.csv", PriceFile(series.Skip(Offset).Select(Raise)));

        var logs = await Task.WhenAll(ImportWithOwnScopeAsync(a), ImportWithOwnScopeAsync(b));

        Assert.All(logs, ImportHelpers.AssertImported);
        Assert.Equal(Days + Offset, await app.PriceRowsAsync("NVDA"));
        // The 3000 shared days hold the values of one file, all of them: never some days from A and others from B.
        var fromB = await app.ScalarAsync<long>("""
            SELECT count(*) FROM daily_prices p
            WHERE p.date BETWEEN $1 AND $2 AND p.close = 50 + (p.volume - 10000000) * 0.01 + 0.5
            """, Date(series[Offset]), Date(series[Days - 1]));
        var fromA = await app.ScalarAsync<long>("""
            SELECT count(*) FROM daily_prices p
            WHERE p.date BETWEEN $1 AND $2 AND p.close = 50 + (p.volume - 10000000) * 0.01
            """, Date(series[Offset]), Date(series[Days - 1]));
        Assert.True((fromA, fromB) is (Days - Offset, 0) or (0, Days - Offset), $"shared days from A: {fromA}, from B: {fromB}");
        // The days only one file has are that file's.
        Assert.Equal(50m, await app.CloseAsync("NVDA", Date(series[0])));
        Assert.Equal(50m + (Days + Offset - 1) * 0.01m + 0.5m, await app.CloseAsync("NVDA", Date(series[^1])));
        // The file applied second found the first one's rows and updated them; between them they inserted every day once.
        var (first, second) = fromB > 0 ? (logs[0], logs[1]) : (logs[1], logs[0]);
        Assert.Equal((Days, 0), (first.RowsInserted, first.RowsUpdated));
        Assert.Equal((Offset, Days - Offset), (second.RowsInserted, second.RowsUpdated));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task Two_imports_of_the_same_tickers_in_opposite_orders_at_once_both_finish()
    {
        // Long-form files naming AAPL then NVDA, and NVDA then AAPL: taking the companies' locks in file order would deadlock.
        var series = BadInputTests.Series(new DateOnly(2005, 1, 3), 2000, 50m);
        var ab = _files.Write("ab.csv", LongFile(series, "AAPL", "NVDA", 0m));
        var ba = _files.Write("ba.csv", LongFile(series, "NVDA", "AAPL", 1m));

        var logs = await Task.WhenAll(ImportWithOwnScopeAsync(ab), ImportWithOwnScopeAsync(ba));

        Assert.All(logs, ImportHelpers.AssertImported);
        Assert.Equal((2000L, 2000L), (await app.PriceRowsAsync("AAPL"), await app.PriceRowsAsync("NVDA")));
        Assert.Equal(4000, logs.Sum(l => l.RowsInserted));
        Assert.Equal(4000, logs.Sum(l => l.RowsUpdated));
    }

    [Fact]
    public async Task An_import_waits_while_another_holds_the_company_and_then_applies_its_file()
    {
        // Holds the lock an import of NVDA takes (Importer.LockCompanies), as a long import of NVDA would.
        await using var holder = new NpgsqlConnection(app.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended('marketshock.company:NVDA', 0))", holder, transaction))
            await lockCommand.ExecuteNonQueryAsync();

        var import = ImportWithOwnScopeAsync(Files.Fixture("yahoo", "NVDA.csv"));

        await WaitUntilAsync(async () => await app.ScalarAsync<long>(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1 || import.IsCompleted);
        Assert.False(import.IsCompleted, "the import did not wait for the company's lock");
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM daily_prices"));
        await transaction.CommitAsync();
        var log = await import;

        ImportHelpers.AssertImported(log);
        Assert.Equal(7, await app.PriceRowsAsync("NVDA"));
    }

    [Fact]
    public async Task A_large_file_whose_last_row_is_bad_stores_nothing()
    {
        var series = BadInputTests.Series(new DateOnly(2005, 1, 3), 3000, 50m);
        series[^1] = series[^1].Replace(",10002999", ",many", StringComparison.Ordinal);
        var path = _files.Write("NVDA.csv", PriceFile(series));
        var before = await app.FingerprintAsync();

        var log = await app.ImportAsync(path);

        Assert.Equal(ImportStatus.Rejected, log.Status);
        var error = Assert.Single(log.Errors);
        Assert.Equal((3001, "Volume"), (error.Line, error.Column));
        Assert.Equal((3000, 0), (log.RowsRead, log.RowsInserted));
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies"));
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_to_the_end_stores_nothing_and_is_logged_as_failed()
    {
        ImportHelpers.AssertImported(await app.ImportAsync(Files.Fixture("yahoo", "AMD.csv")));
        var before = await app.FingerprintAsync();
        var bytes = System.Text.Encoding.UTF8.GetBytes(PriceFile(BadInputTests.Series(new DateOnly(2005, 1, 3), 5000, 50m)));
        var opened = 0;
        // The file's start is sniffed, then the disk (or the upload) fails half-way through the read that parses and hashes it.
        var source = new ImportSource("NVDA.csv", bytes.Length,
            () => Interlocked.Increment(ref opened) < 2 ? new MemoryStream(bytes) : new FailingStream(bytes, bytes.Length / 2));

        var log = await app.ImportAsync(source);

        Assert.Equal(ImportStatus.Failed, log.Status);
        Assert.Contains(log.Errors, e => e.Message.Contains("failed", StringComparison.Ordinal));
        Assert.Equal(before, await app.FingerprintAsync());
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM companies WHERE ticker = 'NVDA'"));
        Assert.Equal("Failed", await app.ScalarAsync<string>("SELECT status FROM import_logs WHERE file_name = 'NVDA.csv'"));
    }

    /// <summary>An importer with a DbContext of its own, as two requests or a request and the CLI would have.</summary>
    private async Task<ImportLog> ImportWithOwnScopeAsync(string path)
    {
        await Task.Yield();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var importer = new Importer(scope.ServiceProvider.GetRequiredService<MarketShockDbContext>(), TimeProvider.System, NullLogger<Importer>.Instance);
        return await importer.ImportAsync(ImportSource.FromPath(path), new ImportRequest("tests"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
            await Task.Delay(50, timeout.Token);
    }

    private static string PriceFile(IEnumerable<string> rows) => $"{ImportHelpers.Header}\n{string.Join('\n', rows)}\n";

    private static DateOnly Date(string row) => DateOnly.ParseExact(row[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The same row with its close (and adjusted close) 0.50 higher.</summary>
    private static string Raise(string row)
    {
        var fields = row.Split(',');
        var close = decimal.Parse(fields[4], CultureInfo.InvariantCulture) + 0.5m;
        fields[4] = fields[5] = close.ToString(CultureInfo.InvariantCulture);
        fields[2] = (close + 0.5m).ToString(CultureInfo.InvariantCulture); // keep High above Close
        return string.Join(',', fields);
    }

    private static string LongFile(List<string> series, string first, string second, decimal raise) =>
        $"Ticker,{ImportHelpers.Header}\n" + string.Join('\n', new[] { first, second }.SelectMany(ticker => series.Select(row =>
        {
            var fields = row.Split(',');
            fields[4] = (decimal.Parse(fields[4], CultureInfo.InvariantCulture) + raise).ToString(CultureInfo.InvariantCulture);
            fields[2] = (decimal.Parse(fields[4], CultureInfo.InvariantCulture) + 0.5m).ToString(CultureInfo.InvariantCulture);
            return $"{ticker},{string.Join(',', fields)}";
        }))) + "\n";

    /// <summary>Reads like a file until <c>failAt</c> bytes, then fails like a disk or a dropped upload.</summary>
    private sealed class FailingStream(byte[] bytes, int failAt) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => Position >= failAt
            ? throw new IOException("the connection was reset")
            : base.Read(buffer, offset, (int)Math.Min(count, failAt - Position));

        public override int Read(Span<byte> buffer) => Position >= failAt
            ? throw new IOException("the connection was reset")
            : base.Read(buffer[..(int)Math.Min(buffer.Length, failAt - Position)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));
    }
}
